//! One instrument: its details and a week calendar (Asia/Taipei) where the
//! user picks a free slot and books it.
//!
//! The calendar offers only slots the server would accept: it applies the
//! same `commons_domain::booking` rules (opening hours, length, horizon) and
//! the busy intervals the server reports. The server still decides races.

use commons_domain::booking::{overlaps, validate_slot, Booking, BookingRequest, Calendar, Payment, QuotaView};
use commons_domain::common::locale::{rfc3339_utc, to_taipei};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::booking::home::{center_name, ntd};
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::components::related_qa::{RelatedQa, Subject};
use crate::hooks::session::use_session;
use crate::i18n::use_i18n;
use crate::route::Route;

/// Props of [`InstrumentPage`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The instrument id from the route.
    pub id: i64,
}

fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Monday 00:00 Taipei of the week `offset` weeks from now, as unix seconds.
fn week_start(offset: i64) -> i64 {
    let now = now_secs();
    let today = commons_domain::common::locale::taipei_day_start(now);
    today - commons_domain::common::locale::taipei_weekday(now) as i64 * 86_400 + 7 * offset * 86_400
}

/// What one half-hour cell shows.
#[derive(Clone, Copy, PartialEq)]
enum Cell {
    Free,
    Mine,
    Pending,
    Confirmed,
    Blackout,
    Unavailable,
}

fn cell_state(cal: &Calendar, busy: &[(i64, i64, String, bool)], start: i64, now: i64) -> Cell {
    for (s, e, kind, mine) in busy {
        if overlaps(*s, *e, start, start + 1800) {
            return match (kind.as_str(), mine) {
                ("blackout", _) => Cell::Blackout,
                (_, true) => Cell::Mine,
                ("pending", _) => Cell::Pending,
                _ => Cell::Confirmed,
            };
        }
    }
    let min = cal.instrument.rules.min_minutes * 60;
    let fits = validate_slot(&cal.instrument.rules, start, start + min, now).is_ok()
        && !busy.iter().any(|(s, e, _, _)| overlaps(*s, *e, start, start + min));
    if fits {
        Cell::Free
    } else {
        Cell::Unavailable
    }
}

/// Booking lengths (minutes) that fit from `start` without touching busy time.
fn lengths_from(cal: &Calendar, busy: &[(i64, i64, String, bool)], start: i64, now: i64) -> Vec<i64> {
    let r = &cal.instrument.rules;
    (r.min_minutes..=r.max_minutes)
        .step_by(30)
        .filter(|m| {
            let end = start + m * 60;
            validate_slot(r, start, end, now).is_ok() && !busy.iter().any(|(s, e, _, _)| overlaps(*s, *e, start, end))
        })
        .collect()
}

/// The instrument page.
#[component]
pub fn InstrumentPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let week = use_state(|| 0i64);
    let month_view = use_state(|| false);
    let reload = use_state(|| 0u32);
    let cal = use_state(|| None::<Result<Calendar, ApiFailure>>);
    let selected = use_state(|| None::<i64>);
    let length = use_state(|| 60i64);
    let payment = use_state(|| Payment::Cash);
    let quotas = use_state(Vec::<QuotaView>::new);
    let outcome = use_state(|| None::<Result<Vec<Booking>, ApiFailure>>);
    let weeks = use_state(|| 1u32);
    let busy_flag = use_state(|| false);
    let similar = use_state(Vec::<commons_domain::booking::Instrument>::new);
    let favorited = use_state(|| false);
    {
        let similar = similar.clone();
        use_effect_with(props.id, move |id| {
            let id = *id;
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(l) = api::booking::similar(id).await {
                    similar.set(l);
                }
            });
        });
    }

    let first_load = use_mut_ref(|| true);
    {
        let (cal, week_handle) = (cal.clone(), week.clone());
        let id = props.id;
        let month = *month_view;
        use_effect_with((id, *week, *reload, month), move |(id, week, _, month)| {
            let (id, from) = (*id, week_start(*week));
            // The month view shows six weeks from this Monday: the API's largest window.
            let days = if *month { 42 } else { 7 };
            let first = std::mem::replace(&mut *first_load.borrow_mut(), false) && *week == 0 && !*month;
            wasm_bindgen_futures::spawn_local(async move {
                let result = api::booking::calendar(id, &rfc3339_utc(from), &rfc3339_utc(from + days * 86_400)).await;
                // On a weekend, or after the week's last opening hour, this
                // week has nothing left to book: open on next week instead
                // (once; "previous week" still shows this one).
                if let (true, Ok(c)) = (first, &result) {
                    if !commons_domain::booking::week_has_open_time(&c.instrument.rules, from, now_secs()) {
                        week_handle.set(1);
                        return;
                    }
                }
                cal.set(Some(result));
            });
        });
    }
    {
        let quotas = quotas.clone();
        use_effect_with(session.user.as_ref().map(|u| u.id), move |uid| {
            if uid.is_some() {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(q) = api::booking::my_quota().await {
                        quotas.set(q.quotas);
                    }
                });
            }
        });
    }

    let Some(result) = (*cal).clone() else {
        return html! { <div class="page"><Loading /></div> };
    };
    let c = match result {
        Ok(c) => c,
        Err(f) => return html! { <div class="page narrow"><ErrorNotice failure={f} /></div> },
    };
    let inst = &c.instrument;
    let now = now_secs();
    let busy: Vec<(i64, i64, String, bool)> = c
        .busy
        .iter()
        .filter_map(|b| {
            Some((
                commons_domain::common::locale::parse_rfc3339(&b.start)?,
                commons_domain::common::locale::parse_rfc3339(&b.end)?,
                b.kind.clone(),
                b.mine,
            ))
        })
        .collect();
    let start_of_week = week_start(*week);
    let rules = &inst.rules;

    let lengths = selected.map(|s| lengths_from(&c, &busy, s, now)).unwrap_or_default();
    let chosen_len = if lengths.contains(&*length) { *length } else { lengths.first().copied().unwrap_or(0) };
    let in_selection = |t: i64| selected.is_some_and(|s| t >= s && t < s + chosen_len * 60);

    let pick = |t: i64| {
        let (selected, outcome) = (selected.clone(), outcome.clone());
        Callback::from(move |_: MouseEvent| {
            selected.set(Some(t));
            outcome.set(None);
        })
    };

    let day_labels: Vec<String> = (0..7)
        .map(|d| {
            let t = start_of_week + d * 86_400;
            let date = to_taipei(t).map(|x| format!("{}/{}", u8::from(x.month()), x.day())).unwrap_or_default();
            format!("{} {date}", i18n.tr(&format!("weekday.{d}")))
        })
        .collect();

    let rows = (rules.open_minute..rules.close_minute).step_by(30).map(|m| {
        let label = format!("{:02}:{:02}", m / 60, m % 60);
        html! {
            <tr>
                <th scope="row" class="time">{ &label }</th>
                { for (0..7).map(|d| {
                    let t = start_of_week + d * 86_400 + m * 60;
                    let state = cell_state(&c, &busy, t, now);
                    let sel = in_selection(t);
                    let (class, key) = match state {
                        Cell::Free => ("slot free", "cal.free"),
                        Cell::Mine => ("slot mine", "cal.mine"),
                        Cell::Pending => ("slot pending", "cal.pending"),
                        Cell::Confirmed => ("slot confirmed", "cal.confirmed"),
                        Cell::Blackout => ("slot blackout", "cal.blackout"),
                        Cell::Unavailable => ("slot unavailable", "cal.unavailable"),
                    };
                    let aria = format!("{} {label} {}", day_labels[d as usize], i18n.tr(key));
                    html! {
                        <td class={classes!(class, sel.then_some("selected"))}>
                            if state == Cell::Free {
                                <button type="button" class="slot-button" aria-label={aria} aria-pressed={sel.to_string()}
                                    data-testid="slot-free" data-start={rfc3339_utc(t)} onclick={pick(t)}></button>
                            } else {
                                <span class="visually-hidden">{ aria }</span>
                            }
                        </td>
                    }
                }) }
            </tr>
        }
    });

    // Month view: six week rows; each day shows how many half-hour slots are free, and
    // clicking a day opens that week.
    let month_grid = {
        let slots_per_day = ((rules.close_minute - rules.open_minute) / 30).max(0);
        html! {
            <div class="table-wrap">
                <table class="month-calendar" data-testid="month-calendar">
                    <thead><tr>{ for (0..7).map(|d| html! { <th scope="col">{ i18n.tr(&format!("weekday.{d}")) }</th> }) }</tr></thead>
                    <tbody>
                        { for (0..6i64).map(|w| html! {
                            <tr>
                                { for (0..7i64).map(|d| {
                                    let day_start = start_of_week + (w * 7 + d) * 86_400;
                                    let free = (0..slots_per_day)
                                        .filter(|k| cell_state(&c, &busy, day_start + rules.open_minute * 60 + k * 1800, now) == Cell::Free)
                                        .count();
                                    let date = to_taipei(day_start).map(|x| format!("{}/{}", u8::from(x.month()), x.day())).unwrap_or_default();
                                    let open_week = {
                                        let (week, month_view, cur) = (week.clone(), month_view.clone(), *week);
                                        Callback::from(move |_: MouseEvent| {
                                            week.set(cur + w);
                                            month_view.set(false);
                                        })
                                    };
                                    let class = if free == 0 { "day full" } else if (free as i64) < slots_per_day { "day partly" } else { "day free" };
                                    html! {
                                        <td class={class}>
                                            <button type="button" class="day-button" onclick={open_week}>
                                                <span class="day-date">{ date }</span>
                                                <span class="day-free">{ i18n.trf("cal.free_slots", &[("n", &free.to_string())]) }</span>
                                            </button>
                                        </td>
                                    }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        }
    };
    let toggle_view = {
        let month_view = month_view.clone();
        Callback::from(move |_: MouseEvent| month_view.set(!*month_view))
    };

    let book = {
        let (outcome, reload, selected, busy_flag) =
            (outcome.clone(), reload.clone(), selected.clone(), busy_flag.clone());
        let (id, pay, repeat) = (inst.id, *payment, *weeks);
        Callback::from(move |_: MouseEvent| {
            let Some(start) = *selected else { return };
            let req = BookingRequest {
                instrument_id: id,
                start: rfc3339_utc(start),
                end: rfc3339_utc(start + chosen_len * 60),
                payment: pay,
                pi_user_id: None,
                samples: None,
                note: None,
                repeat_weeks: (repeat > 1).then_some(repeat),
            };
            let (outcome, reload, selected, busy_flag) =
                (outcome.clone(), reload.clone(), selected.clone(), busy_flag.clone());
            busy_flag.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let r = api::booking::create_booking(&req).await;
                if r.is_ok() {
                    selected.set(None);
                }
                outcome.set(Some(r));
                busy_flag.set(false);
                // Refresh either way: a refusal usually means someone else just took the slot.
                reload.set(*reload + 1);
            });
        })
    };
    let on_len = {
        let length = length.clone();
        Callback::from(move |e: Event| {
            if let Ok(v) = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse() {
                length.set(v);
            }
        })
    };
    let on_pay = {
        let payment = payment.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            payment.set(if v == "quota" { Payment::Quota } else { Payment::Cash });
        })
    };
    let on_weeks = {
        let weeks = weeks.clone();
        Callback::from(move |e: Event| {
            if let Ok(v) = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse() {
                weeks.set(v);
            }
        })
    };
    let shift = |delta: i64| {
        let (week, selected) = (week.clone(), selected.clone());
        Callback::from(move |_: MouseEvent| {
            week.set(*week + delta);
            selected.set(None);
        })
    };

    let panel = match (&session.user, *selected) {
        (None, _) => html! {
            <p class="notice notice-info">
                { i18n.tr("booking.sign_in_to_book") }{ " " }
                <Link<Route> to={Route::Login}>{ i18n.tr("account.login") }</Link<Route>>
            </p>
        },
        (Some(_), None) => html! { <p class="muted">{ i18n.tr("booking.pick_slot") }</p> },
        (Some(_), Some(start)) => {
            let when = i18n.datetime(&rfc3339_utc(start));
            let cost = commons_domain::booking::cost(inst.fee_unit, inst.fee_academic, chosen_len, 1);
            html! {
                <div class="booking-panel">
                    <p><strong>{ i18n.tr("booking.selected") }</strong>{ " " }<span data-testid="selected-start">{ when }</span></p>
                    <div class="field-row">
                        <label for="length">{ i18n.tr("booking.length") }</label>
                        <select id="length" onchange={on_len}>
                            { for lengths.iter().map(|m| html! {
                                <option value={m.to_string()} selected={*m == chosen_len}>
                                    { i18n.trf("booking.minutes", &[("n", &m.to_string())]) }
                                </option>
                            }) }
                        </select>
                        <label for="repeat">{ i18n.tr("booking.repeat") }</label>
                        <select id="repeat" onchange={on_weeks}>
                            { for (1..=8u32).map(|w| html! {
                                <option value={w.to_string()} selected={w == *weeks}>
                                    { if w == 1 { i18n.tr("booking.repeat_none").to_string() } else { i18n.trf("booking.repeat_weeks", &[("n", &w.to_string())]) } }
                                </option>
                            }) }
                        </select>
                        <label for="payment">{ i18n.tr("booking.payment") }</label>
                        <select id="payment" onchange={on_pay}>
                            <option value="cash" selected={*payment == Payment::Cash}>{ i18n.tr("booking.pay_cash") }</option>
                            { for quotas.iter().map(|q| html! {
                                <option value="quota" selected={*payment == Payment::Quota}>
                                    { i18n.trf("booking.pay_quota", &[("pi", &q.pi_name), ("balance", &ntd(q.balance))]) }
                                </option>
                            }) }
                        </select>
                    </div>
                    <p>{ i18n.trf("booking.estimate", &[("cost", &ntd(cost))]) }</p>
                    <button type="button" class="btn btn-primary" onclick={book} disabled={*busy_flag} data-testid="book-submit">
                        { if inst.requires_approval { i18n.tr("booking.request") } else { i18n.tr("booking.book") } }
                    </button>
                </div>
            }
        }
    };

    let feedback = match &*outcome {
        Some(Ok(list)) => html! {
            <div class="notice notice-success" role="status" data-testid="booking-done">
                { for list.iter().map(|b| html! {
                    <p>{ i18n.trf(if b.status == commons_domain::booking::BookingStatus::Pending { "booking.done_pending" } else { "booking.done" },
                        &[("when", &i18n.datetime(&b.start))]) }</p>
                }) }
            </div>
        },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} /> },
        None => html! {},
    };

    let add_favorite = {
        let (favorited, similar) = (favorited.clone(), similar.clone());
        let id = inst.id;
        Callback::from(move |_: MouseEvent| {
            let subs: Vec<i64> = similar.iter().take(2).map(|i| i.id).collect();
            let favorited = favorited.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if api::booking::put_favorite(id, subs).await.is_ok() {
                    favorited.set(true);
                }
            });
        })
    };
    let similar_list = html! {
        <section aria-labelledby="similar-title" class="similar">
            <h2 id="similar-title">{ i18n.tr("booking.similar") }</h2>
            <ul class="badges" role="list">
                { for similar.iter().map(|i| html! {
                    <li class="badge"><Link<Route> to={Route::Instrument { id: i.id }}>
                        { format!("{} · {}", center_name(&i18n, &i.name_zh, &i.name_en), center_name(&i18n, &i.center_name_zh, &i.center_name_en)) }
                    </Link<Route>></li>
                }) }
            </ul>
        </section>
    };
    html! {
        <div class="page">
            <nav class="breadcrumbs" aria-label={i18n.tr("nav.breadcrumbs")}>
                <Link<Route> to={Route::Booking}>{ i18n.tr("nav.booking") }</Link<Route>>
                <Link<Route> to={Route::Center { id: inst.center_id.clone() }}>{ center_name(&i18n, &inst.center_name_zh, &inst.center_name_en) }</Link<Route>>
            </nav>
            if session.user.is_some() {
                <div class="page-actions">
                    if *favorited {
                        <span class="notice notice-success" role="status">{ i18n.tr("booking.favorited") }</span>
                    } else {
                        <button type="button" class="btn btn-secondary btn-sm" onclick={add_favorite} data-testid="add-favorite">{ i18n.tr("booking.favorite") }</button>
                    }
                </div>
            }
            <h1 data-testid="instrument-name">{ center_name(&i18n, &inst.name_zh, &inst.name_en) }</h1>
            <p class="lead">{ center_name(&i18n, &inst.center_name_zh, &inst.center_name_en) }{ " · " }{ &inst.category }</p>
            <p>{ &inst.description }</p>
            <dl class="facts card">
                <dt>{ i18n.tr("booking.fee_academic") }</dt>
                <dd>{ i18n.trf(if inst.fee_unit == commons_domain::booking::FeeUnit::Hour { "booking.fee_hour" } else { "booking.fee_sample" }, &[("fee", &ntd(inst.fee_academic))]) }</dd>
                <dt>{ i18n.tr("booking.fee_industry") }</dt>
                <dd>{ i18n.trf(if inst.fee_unit == commons_domain::booking::FeeUnit::Hour { "booking.fee_hour" } else { "booking.fee_sample" }, &[("fee", &ntd(inst.fee_industry))]) }</dd>
                <dt>{ i18n.tr("booking.rules") }</dt>
                <dd>{ i18n.trf("booking.rules_text", &[("min", &rules.min_minutes.to_string()), ("max", &rules.max_minutes.to_string()),
                    ("days", &rules.horizon_days.to_string()), ("hours", &inst.cancel_hours.to_string())]) }</dd>
            </dl>
            { feedback }
            if let Some(link) = &inst.external_url {
                <div class="notice notice-info" role="note">
                    { i18n.tr("booking.external_note") }{ " " }
                    <a href={link.clone()} target="_blank" rel="noopener noreferrer external">{ i18n.tr("booking.book_elsewhere") }{ " ↗" }</a>
                </div>
            } else {
            <section aria-labelledby="week-title">
                <div class="page-head">
                    <h2 id="week-title">{ i18n.tr("booking.week") }</h2>
                    <div class="segmented">
                        <button type="button" class="btn btn-secondary btn-sm" onclick={shift(-1)} disabled={*week <= 0}>{ i18n.tr("cal.prev_week") }</button>
                        <button type="button" class="btn btn-secondary btn-sm" onclick={shift(1)} data-testid="next-week">{ i18n.tr("cal.next_week") }</button>
                        <button type="button" class="btn btn-secondary btn-sm" aria-pressed={month_view.to_string()} onclick={toggle_view} data-testid="toggle-month">
                            { i18n.tr("cal.month_view") }
                        </button>
                    </div>
                </div>
                <ul class="legend" role="list">
                    <li><span class="swatch free"></span>{ i18n.tr("cal.free") }</li>
                    <li><span class="swatch confirmed"></span>{ i18n.tr("cal.confirmed") }</li>
                    <li><span class="swatch pending"></span>{ i18n.tr("cal.pending") }</li>
                    <li><span class="swatch mine"></span>{ i18n.tr("cal.mine") }</li>
                    <li><span class="swatch blackout"></span>{ i18n.tr("cal.blackout") }</li>
                </ul>
                if *month_view { { month_grid } } else {
                <div class="table-wrap">
                    <table class="week-calendar" data-testid="week-calendar">
                        <thead>
                            <tr>
                                <th scope="col">{ i18n.tr("cal.time") }</th>
                                { for day_labels.iter().map(|d| html! { <th scope="col">{ d }</th> }) }
                            </tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
                }
                { panel }
            </section>
            }
            <RelatedQa subject={Subject::Instrument(inst.id)} />
            { similar_list }
        </div>
    }
}
