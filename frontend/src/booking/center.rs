//! A centre's day view: every instrument side by side (Asia/Taipei), and,
//! for the centre's staff, the pending requests to confirm.

use commons_domain::accounts::{has_role, Role};
use commons_domain::booking::{overlaps, BookingList, CenterDay};
use commons_domain::common::locale::{parse_rfc3339, rfc3339_utc, to_taipei};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::booking::home::center_name;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::hooks::session::use_session;
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
    let reload = use_state(|| 0u32);
    let day = use_state(|| None::<Result<CenterDay, ApiFailure>>);
    let pending = use_state(|| None::<BookingList>);
    let action_error = use_state(|| None::<ApiFailure>);
    let is_staff = session.user.as_ref().is_some_and(|u| has_role(&u.roles, Role::FacilityStaff, Some(&props.id)));
    let date = date_from_today(*offset);
    {
        let (day, id, date) = (day.clone(), props.id.to_string(), date.clone());
        use_effect_with((id.clone(), date.clone(), *reload), move |_| {
            wasm_bindgen_futures::spawn_local(async move { day.set(Some(api::booking::center_day(&id, &date).await)) });
        });
    }
    {
        let (pending, id) = (pending.clone(), props.id.to_string());
        use_effect_with((id, is_staff, *reload), move |(id, staff, _)| {
            if *staff {
                let (pending, id) = (pending.clone(), id.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(l) = api::booking::center_bookings(&id, "pending").await {
                        pending.set(Some(l));
                    }
                });
            }
        });
    }
    let shift = |d: i64| {
        let offset = offset.clone();
        Callback::from(move |_: MouseEvent| offset.set(*offset + d))
    };

    let grid = match &*day {
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} /> },
        Some(Ok(d)) => {
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

    let pending_list = match (&*pending, is_staff) {
        (Some(l), true) => html! {
            <section aria-labelledby="pending-title">
                <h2 id="pending-title">{ i18n.tr("center.pending") }</h2>
                if let Some(f) = (*action_error).clone() { <ErrorNotice failure={f} /> }
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
                                let confirm = {
                                    let (id, reload, action_error) = (b.id.clone(), reload.clone(), action_error.clone());
                                    Callback::from(move |_: MouseEvent| {
                                        let (id, reload, action_error) = (id.clone(), reload.clone(), action_error.clone());
                                        wasm_bindgen_futures::spawn_local(async move {
                                            action_error.set(api::booking::confirm_booking(&id).await.err());
                                            reload.set(*reload + 1);
                                        });
                                    })
                                };
                                html! {
                                    <tr>
                                        <td>{ &b.instrument_name }</td>
                                        <td>{ b.booker_name.clone().unwrap_or_default() }</td>
                                        <td>{ i18n.datetime(&b.start) }</td>
                                        <td><button type="button" class="btn btn-primary btn-sm" data-testid={format!("confirm-{}", b.id)} onclick={confirm}>{ i18n.tr("center.confirm") }</button></td>
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
    let heading = match &*day {
        Some(Ok(d)) => d
            .columns
            .first()
            .map(|c| center_name(&i18n, &c.instrument.center_name_zh, &c.instrument.center_name_en))
            .unwrap_or_default(),
        _ => props.id.to_string(),
    };
    let weekday = parse_rfc3339(&format!("{date}T00:00:00+08:00"))
        .map(|t| commons_domain::common::locale::taipei_weekday(t) as i64)
        .unwrap_or(0);
    html! {
        <div class="page">
            <nav class="breadcrumbs" aria-label={i18n.tr("nav.breadcrumbs")}>
                <Link<Route> to={Route::Booking}>{ i18n.tr("nav.booking") }</Link<Route>>
            </nav>
            <h1>{ heading }</h1>
            <div class="page-head">
                <h2 data-testid="center-date">{ format!("{} {}", i18n.datetime(&rfc3339_utc(parse_rfc3339(&format!("{date}T00:00:00+08:00")).unwrap_or(0))).split(' ').next().unwrap_or(""), i18n.tr(&format!("weekday.{weekday}"))) }</h2>
                <div class="segmented">
                    <button type="button" class="btn btn-secondary btn-sm" onclick={shift(-1)}>{ i18n.tr("center.prev_day") }</button>
                    <button type="button" class="btn btn-secondary btn-sm" onclick={shift(1)} data-testid="next-day">{ i18n.tr("center.next_day") }</button>
                </div>
            </div>
            { grid }
            { pending_list }
            if is_staff { <crate::booking::reports::CenterReports center={props.id.clone()} /> }
        </div>
    }
}
