//! A centre's day view: every instrument side by side (Asia/Taipei), and,
//! for the centre's staff, the pending requests to confirm.

use commons_domain::accounts::{has_role, Role};
use commons_domain::booking::{overlaps, Booking};
use commons_domain::common::locale::{parse_rfc3339, rfc3339_utc, taipei_weekday, to_taipei};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::booking::home::center_name;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::hooks::api::{use_api, use_last_ok};
use crate::hooks::session::use_session;
use crate::hooks::submit::use_submit;
use crate::hooks::title::use_title;
use crate::i18n::use_i18n;
use crate::route::Route;

/// Props of [`CenterPage`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Centre id.
    pub id: AttrValue,
}

/// `YYYY-MM-DD` in Taipei, `offset` days from today.
fn date_from_today(offset: i64) -> String {
    let now = (js_sys::Date::now() / 1000.0) as i64 + offset * 86_400;
    to_taipei(now).map(|t| t.date().to_string()).unwrap_or_default()
}

/// The centre page.
#[component]
pub fn CenterPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let offset = use_state(|| 0i64);
    let reloads = use_state(|| 0u32);
    let is_staff = session.user.as_ref().is_some_and(|u| has_role(&u.roles, Role::FacilityStaff, Some(&props.id)));
    let date = date_from_today(*offset);
    let day = use_api((props.id.to_string(), date.clone(), *reloads), |(id, date, _)| async move {
        api::booking::center_day(&id, &date).await
    });
    // After a confirmation the day loads again; the old grid stays until then.
    let shown_day = use_last_ok(&day.state);
    // Only the centre's staff see (and load) the requests to confirm.
    let pending = use_api((props.id.to_string(), is_staff, *reloads), |(id, staff, _)| async move {
        if staff {
            api::booking::center_bookings(&id, "pending").await.map(Some)
        } else {
            Ok(None)
        }
    });
    let shown_pending = use_last_ok(&pending.state).flatten();
    let confirm = use_submit::<Booking>();
    let heading = match &shown_day {
        Some(d) => d
            .columns
            .first()
            .map(|c| center_name(&i18n, &c.instrument.center_name_zh, &c.instrument.center_name_en))
            .unwrap_or_default(),
        None => props.id.to_string(),
    };
    use_title(Some(heading.clone()));
    let shift = |d: i64| {
        let offset = offset.clone();
        Callback::from(move |_: MouseEvent| offset.set(*offset + d))
    };

    let grid = match (&*day.state, &shown_day) {
        (Some(Err(f)), _) => html! { <ErrorNotice failure={f.clone()} on_retry={day.retry.clone()} /> },
        (_, None) => html! { <Loading /> },
        (_, Some(d)) => {
            let midnight = parse_rfc3339(&d.from).unwrap_or(0);
            let open = d.columns.first().map(|c| c.instrument.rules.open_minute).unwrap_or(540);
            let close = d.columns.first().map(|c| c.instrument.rules.close_minute).unwrap_or(1020);
            let busy: Vec<Vec<(i64, i64, String, bool)>> = d
                .columns
                .iter()
                .map(|c| {
                    c.busy
                        .iter()
                        .filter_map(|b| {
                            Some((parse_rfc3339(&b.start)?, parse_rfc3339(&b.end)?, b.kind.clone(), b.mine))
                        })
                        .collect()
                })
                .collect();
            html! {
                <div class="table-wrap">
                    <table class="week-calendar day-view" data-testid="center-day">
                        <thead><tr>
                            <th scope="col">{ i18n.tr("cal.time") }</th>
                            { for d.columns.iter().map(|c| html! {
                                <th scope="col">
                                    <Link<Route> to={Route::Instrument { id: c.instrument.id }}>{ center_name(&i18n, &c.instrument.name_zh, &c.instrument.name_en) }</Link<Route>>
                                </th>
                            }) }
                        </tr></thead>
                        <tbody>
                            { for (open..close).step_by(30).map(|m| {
                                let t = midnight + m * 60;
                                html! {
                                    <tr>
                                        <th scope="row" class="time">{ format!("{:02}:{:02}", m / 60, m % 60) }</th>
                                        { for busy.iter().map(|b| {
                                            let hit = b.iter().find(|(s, e, _, _)| overlaps(*s, *e, t, t + 1800));
                                            let class = match hit {
                                                Some((_, _, k, _)) if k == "blackout" => "slot blackout",
                                                Some((_, _, _, true)) => "slot mine",
                                                Some((_, _, k, _)) if k == "pending" => "slot pending",
                                                Some(_) => "slot confirmed",
                                                None => "slot free",
                                            };
                                            html! { <td class={class}></td> }
                                        }) }
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
            }
        }
    };

    let pending_list = match (&shown_pending, is_staff) {
        (Some(l), true) => html! {
            <section aria-labelledby="pending-title">
                <h2 id="pending-title">{ i18n.tr("center.pending") }</h2>
                if let Some(f) = confirm.failure() { <ErrorNotice failure={f} /> }
                if l.bookings.is_empty() {
                    <p class="muted">{ i18n.tr("center.no_pending") }</p>
                } else {
                    <div class="table-wrap"><table data-testid="pending-list">
                        <thead><tr>
                            <th scope="col">{ i18n.tr("booking.instrument") }</th>
                            <th scope="col">{ i18n.tr("center.booker") }</th>
                            <th scope="col">{ i18n.tr("booking.when") }</th>
                            <th scope="col"><span class="visually-hidden">{ i18n.tr("booking.actions") }</span></th>
                        </tr></thead>
                        <tbody>
                            { for l.bookings.iter().map(|b| {
                                let on_confirm = {
                                    let (id, reloads, confirm) = (b.id.clone(), reloads.clone(), confirm.clone());
                                    Callback::from(move |_: MouseEvent| {
                                        let (id, reloads) = (id.clone(), reloads.clone());
                                        confirm.run(
                                            async move {
                                                let r = api::booking::confirm_booking(&id).await;
                                                // Either way the day and the list are read again: a refusal means they changed.
                                                reloads.set(*reloads + 1);
                                                r
                                            },
                                            |_| {},
                                        );
                                    })
                                };
                                html! {
                                    <tr>
                                        <td>{ &b.instrument_name }</td>
                                        <td>{ b.booker_name.clone().unwrap_or_default() }</td>
                                        <td>{ i18n.datetime(&b.start) }</td>
                                        <td><button type="button" class="btn btn-primary btn-sm" data-testid={format!("confirm-{}", b.id)} onclick={on_confirm} disabled={confirm.busy()}>{ i18n.tr("center.confirm") }</button></td>
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table></div>
                }
            </section>
        },
        _ => html! {},
    };
    let weekday = parse_rfc3339(&format!("{date}T00:00:00+08:00")).map(|t| taipei_weekday(t) as i64).unwrap_or(0);
    html! {
        <div class="page">
            <nav class="breadcrumbs" aria-label={i18n.tr("nav.breadcrumbs")}>
                <Link<Route> to={Route::Booking}>{ i18n.tr("nav.booking") }</Link<Route>>
            </nav>
            <h1>{ &heading }</h1>
            <div class="page-head">
                <h2 data-testid="center-date">{ format!("{} {}", i18n.datetime(&rfc3339_utc(parse_rfc3339(&format!("{date}T00:00:00+08:00")).unwrap_or(0))).split(' ').next().unwrap_or(""), i18n.tr(&format!("weekday.{weekday}"))) }</h2>
                <div class="segmented">
                    <button type="button" class="btn btn-secondary btn-sm" onclick={shift(-1)}>{ i18n.tr("center.prev_day") }</button>
                    <button type="button" class="btn btn-secondary btn-sm" onclick={shift(1)} data-testid="next-day">{ i18n.tr("center.next_day") }</button>
                </div>
            </div>
            { grid }
            { pending_list }
            if is_staff { <crate::booking::reports::CenterReports center={props.id.clone()} center_name={heading.clone()} /> }
        </div>
    }
}
