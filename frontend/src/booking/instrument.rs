//! One instrument: its details and a week calendar (Asia/Taipei) where the
//! user picks a free slot and books it.
//!
//! The calendar offers only slots the server would accept (see
//! [`crate::booking::calendar`]); the server still decides races, so the
//! calendar is loaded again after every booking attempt.

use commons_domain::booking::{
    cost, holding_limit_scope, week_has_open_time, Booking, BookingRequest, BookingStatus, FeeUnit, LimitScope,
    Payment, WaitlistRequest,
};
use commons_domain::common::locale::rfc3339_utc;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::booking::calendar::{busy_of, lengths_from, now_secs, week_start, MonthGrid, WeekGrid};
use crate::booking::home::{center_name, ntd};
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::components::related_qa::{RelatedQa, Subject};
use crate::hooks::api::{use_api, use_last_ok};
use crate::hooks::session::use_session;
use crate::hooks::submit::use_submit;
use crate::hooks::title::use_title;
use crate::i18n::use_i18n;
use crate::route::Route;

/// Props of [`InstrumentPage`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The instrument id from the route.
    pub id: i64,
}

/// What the booker has chosen besides the slot.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Choice {
    /// Wanted length in minutes (the longest that fits is offered when it does not).
    length: i64,
    /// Cash or quota.
    payment: Payment,
    /// How many consecutive weeks.
    weeks: u32,
    /// Samples to measure, for per-sample instruments.
    samples: i64,
}

/// The most samples the form offers in one booking (more go in several bookings).
const MAX_SAMPLES_OFFERED: i64 = 20;

/// A select's value from its change event.
fn selected_value(e: &Event) -> String {
    e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()
}

/// The instrument page.
#[component]
pub fn InstrumentPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let week = use_state(|| 0i64);
    let month_view = use_state(|| false);
    let reloads = use_state(|| 0u32);
    let selected = use_state(|| None::<i64>);
    // Someone else's booking the user pressed, to wait for: (start, end).
    let waiting = use_state(|| None::<(i64, i64)>);
    let wait = use_submit::<()>();
    let choice = use_state(|| Choice { length: 60, payment: Payment::Cash, weeks: 1, samples: 1 });
    let book = use_submit::<Vec<Booking>>();
    let favorite = use_submit::<()>();
    let similar = use_api(props.id, |id| async move { api::booking::similar(id).await });
    let quotas = use_api(session.user.as_ref().map(|u| u.id), |uid| async move {
        match uid {
            Some(_) => api::booking::my_quota().await.map(|q| q.quotas),
            None => Ok(Vec::new()),
        }
    });
    // `Ok(None)`: this week had nothing left to book, so the page moved on to the next one.
    let first_load = use_mut_ref(|| true);
    let cal = {
        let week_handle = week.clone();
        use_api((props.id, *week, *reloads, *month_view), move |(id, week, _, month)| {
            let from = week_start(week);
            // The month view shows six weeks from this Monday: the API's largest window.
            let days = if month { 42 } else { 7 };
            let first = std::mem::replace(&mut *first_load.borrow_mut(), false) && week == 0 && !month;
            let week_handle = week_handle.clone();
            async move {
                let c = api::booking::calendar(id, &rfc3339_utc(from), &rfc3339_utc(from + days * 86_400)).await?;
                // On a weekend, or after the week's last opening hour, this
                // week has nothing left to book: open on next week instead
                // (once; "previous week" still shows this one).
                if first && !week_has_open_time(&c.instrument.rules, from, now_secs()) {
                    week_handle.set(1);
                    return Ok(None);
                }
                Ok(Some(c))
            }
        })
    };
    // While the calendar loads again (another week, or after booking) the last one stays.
    let shown = use_last_ok(&cal.state).flatten();
    use_title(shown.as_ref().map(|c| center_name(&i18n, &c.instrument.name_zh, &c.instrument.name_en)));

    let c = match (&*cal.state, shown) {
        (Some(Err(f)), _) => {
            return html! { <div class="page narrow"><ErrorNotice failure={f.clone()} on_retry={cal.retry.clone()} /></div> }
        }
        (_, Some(c)) => c,
        (_, None) => return html! { <div class="page"><Loading /></div> },
    };
    let inst = &c.instrument;
    let rules = &inst.rules;
    let start_of_week = week_start(*week);
    let lengths = selected.map(|s| lengths_from(rules, &busy_of(&c), s, now_secs())).unwrap_or_default();
    let chosen_len =
        if lengths.contains(&choice.length) { choice.length } else { lengths.first().copied().unwrap_or(0) };

    let pick = {
        let (selected, book, waiting) = (selected.clone(), book.clone(), waiting.clone());
        Callback::from(move |t: i64| {
            selected.set(Some(t));
            waiting.set(None);
            book.reset();
        })
    };
    let on_wait = {
        let (selected, waiting, wait, book) = (selected.clone(), waiting.clone(), wait.clone(), book.clone());
        Callback::from(move |interval: (i64, i64)| {
            selected.set(None);
            waiting.set(Some(interval));
            wait.reset();
            book.reset();
        })
    };
    let on_join = {
        let (wait, id) = (wait.clone(), inst.id);
        let interval = *waiting;
        Callback::from(move |_: MouseEvent| {
            let Some((start, end)) = interval else { return };
            let req = WaitlistRequest { instrument_id: id, start: rfc3339_utc(start), end: rfc3339_utc(end) };
            wait.run(async move { api::booking::join_waitlist(&req).await }, |_| {});
        })
    };
    let open_week = {
        let (week, month_view, cur) = (week.clone(), month_view.clone(), *week);
        Callback::from(move |w: i64| {
            week.set(cur + w);
            month_view.set(false);
        })
    };
    let toggle_view = {
        let month_view = month_view.clone();
        Callback::from(move |_: MouseEvent| month_view.set(!*month_view))
    };
    let step = if *month_view { 6 } else { 1 };
    let shift = |delta: i64| {
        let (week, selected) = (week.clone(), selected.clone());
        Callback::from(move |_: MouseEvent| {
            week.set((*week + delta).max(0));
            selected.set(None);
        })
    };
    let on_book = {
        let (book, reloads, selected) = (book.clone(), reloads.clone(), selected.clone());
        let (id, pay, repeat) = (inst.id, choice.payment, choice.weeks);
        let samples = (inst.fee_unit == FeeUnit::Sample).then_some(choice.samples);
        Callback::from(move |_: MouseEvent| {
            let Some(start) = *selected else { return };
            let req = BookingRequest {
                instrument_id: id,
                start: rfc3339_utc(start),
                end: rfc3339_utc(start + chosen_len * 60),
                payment: pay,
                pi_user_id: None,
                samples,
                note: None,
                repeat_weeks: (repeat > 1).then_some(repeat),
            };
            let (reloads, selected) = (reloads.clone(), selected.clone());
            book.run(
                async move {
                    let r = api::booking::create_booking(&req).await;
                    if r.is_ok() {
                        selected.set(None);
                    }
                    // Load the calendar again either way: a refusal usually means someone else just took the slot.
                    reloads.set(*reloads + 1);
                    r
                },
                |_| {},
            );
        })
    };
    let on_choice = |set: fn(&mut Choice, &str)| {
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            let mut next = *choice;
            set(&mut next, &selected_value(&e));
            choice.set(next);
        })
    };
    let on_len = on_choice(|c, v| c.length = v.parse().unwrap_or(c.length));
    let on_weeks = on_choice(|c, v| c.weeks = v.parse().unwrap_or(c.weeks));
    let on_samples = on_choice(|c, v| c.samples = v.parse().unwrap_or(c.samples));
    let per_sample = inst.fee_unit == FeeUnit::Sample;
    let on_pay = on_choice(|c, v| c.payment = if v == "quota" { Payment::Quota } else { Payment::Cash });
    let quota_list = match &*quotas.state {
        Some(Ok(q)) => q.clone(),
        _ => Vec::new(),
    };

    let panel = match (&session.user, *selected) {
        (Some(_), None) if waiting.is_some() => {
            let (start, end) = waiting.unwrap_or_default();
            let when = format!(
                "{} – {}",
                i18n.datetime(&rfc3339_utc(start)),
                i18n.datetime(&rfc3339_utc(end)).rsplit(' ').next().unwrap_or("")
            );
            html! {
                <div class="booking-panel waitlist-panel" data-testid="waitlist-panel">
                    <p><strong>{ i18n.trf("waitlist.taken", &[("when", &when)]) }</strong></p>
                    if wait.done().is_some() {
                        <p class="notice notice-success" role="status" data-testid="waitlist-joined">{ i18n.tr("waitlist.joined") }</p>
                    } else {
                        <p>{ i18n.tr("waitlist.offer") }</p>
                        <button type="button" class="btn btn-primary" onclick={on_join} disabled={wait.busy()} data-testid="waitlist-join">
                            { i18n.tr("waitlist.join") }
                        </button>
                    }
                    if let Some(f) = wait.failure() { <ErrorNotice failure={f} /> }
                </div>
            }
        }
        (None, _) => html! {
            <p class="notice notice-info">
                { i18n.tr("booking.sign_in_to_book") }{ " " }
                <Link<Route> to={Route::Login}>{ i18n.tr("account.login") }</Link<Route>>
            </p>
        },
        (Some(_), None) => html! { <p class="muted">{ i18n.tr("booking.pick_slot") }</p> },
        (Some(_), Some(start)) => {
            let when = i18n.datetime(&rfc3339_utc(start));
            let estimate = cost(inst.fee_unit, inst.fee_academic, chosen_len, choice.samples);
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
                        if per_sample {
                            <label for="samples">{ i18n.tr("booking.samples") }</label>
                            <select id="samples" onchange={on_samples} data-testid="samples">
                                { for (1..=MAX_SAMPLES_OFFERED).map(|n| html! {
                                    <option value={n.to_string()} selected={n == choice.samples}>
                                        { i18n.trf("booking.samples_n", &[("n", &n.to_string())]) }
                                    </option>
                                }) }
                            </select>
                        }
                        <label for="repeat">{ i18n.tr("booking.repeat") }</label>
                        <select id="repeat" onchange={on_weeks}>
                            { for (1..=8u32).map(|w| html! {
                                <option value={w.to_string()} selected={w == choice.weeks}>
                                    { if w == 1 { i18n.tr("booking.repeat_none").to_string() } else { i18n.trf("booking.repeat_weeks", &[("n", &w.to_string())]) } }
                                </option>
                            }) }
                        </select>
                        <label for="payment">{ i18n.tr("booking.payment") }</label>
                        <select id="payment" onchange={on_pay}>
                            <option value="cash" selected={choice.payment == Payment::Cash}>{ i18n.tr("booking.pay_cash") }</option>
                            { for quota_list.iter().map(|q| html! {
                                <option value="quota" selected={choice.payment == Payment::Quota}>
                                    { i18n.trf("booking.pay_quota", &[("pi", &q.pi_name), ("balance", &ntd(q.balance))]) }
                                </option>
                            }) }
                        </select>
                    </div>
                    <p>{ i18n.trf("booking.estimate", &[("cost", &ntd(estimate))]) }</p>
                    <button type="button" class="btn btn-primary" onclick={on_book} disabled={book.busy()} data-testid="book-submit">
                        { if inst.requires_approval { i18n.tr("booking.request") } else { i18n.tr("booking.book") } }
                    </button>
                </div>
            }
        }
    };

    let feedback = match (book.done(), book.failure()) {
        (Some(list), _) => html! {
            <div class="notice notice-success" role="status" data-testid="booking-done">
                { for list.iter().map(|b| html! {
                    <p>{ i18n.trf(if b.status == BookingStatus::Pending { "booking.done_pending" } else { "booking.done" },
                        &[("when", &i18n.datetime(&b.start))]) }</p>
                }) }
            </div>
        },
        (None, Some(f)) => {
            // Over a holding limit: say which, and what it allows, in the reader's language.
            let scope = match &f {
                api::ApiFailure::Api(e) => holding_limit_scope(e),
                api::ApiFailure::Network => None,
            };
            match scope {
                Some(scope) => {
                    let (key, l) = match scope {
                        LimitScope::Instrument => ("booking.limit_instrument", inst.limits),
                        LimitScope::Center => ("booking.limit_center", inst.center_limits),
                    };
                    let (n, h) = (l.max_future_bookings.to_string(), l.max_future_hours.to_string());
                    html! {
                        <div class="notice notice-error" role="alert" data-error-kind={key} data-testid="booking-limit">
                            <strong>{ i18n.trf(key, &[("n", &n), ("h", &h)]) }</strong>
                        </div>
                    }
                }
                None => html! { <ErrorNotice failure={f} /> },
            }
        }
        (None, None) => html! {},
    };

    let similar_list = match &*similar.state {
        Some(Ok(list)) => list.clone(),
        _ => Vec::new(),
    };
    let add_favorite = {
        let favorite = favorite.clone();
        let id = inst.id;
        // The first two similar instruments become its substitutes.
        let subs: Vec<i64> = similar_list.iter().take(2).map(|i| i.id).collect();
        Callback::from(move |_: MouseEvent| favorite.run(api::booking::put_favorite(id, subs.clone()), |_| {}))
    };
    let fee = |amount: i64| {
        i18n.trf(
            if inst.fee_unit == FeeUnit::Hour { "booking.fee_hour" } else { "booking.fee_sample" },
            &[("fee", &ntd(amount))],
        )
    };
    html! {
        <div class="page">
            <nav class="breadcrumbs" aria-label={i18n.tr("nav.breadcrumbs")}>
                <Link<Route> to={Route::Booking}>{ i18n.tr("nav.booking") }</Link<Route>>
                <Link<Route> to={Route::Center { id: inst.center_id.clone() }}>{ center_name(&i18n, &inst.center_name_zh, &inst.center_name_en) }</Link<Route>>
            </nav>
            if session.user.is_some() {
                <div class="page-actions">
                    if favorite.done().is_some() {
                        <span class="notice notice-success" role="status">{ i18n.tr("booking.favorited") }</span>
                    } else {
                        <button type="button" class="btn btn-secondary btn-sm" onclick={add_favorite} disabled={favorite.busy()} data-testid="add-favorite">{ i18n.tr("booking.favorite") }</button>
                    }
                    if let Some(f) = favorite.failure() { <ErrorNotice failure={f} /> }
                </div>
            }
            <h1 data-testid="instrument-name">{ center_name(&i18n, &inst.name_zh, &inst.name_en) }</h1>
            <p class="lead">{ center_name(&i18n, &inst.center_name_zh, &inst.center_name_en) }{ " · " }{ &inst.category }</p>
            <p>{ &inst.description }</p>
            <dl class="facts card">
                <dt>{ i18n.tr("booking.fee_academic") }</dt>
                <dd>{ fee(inst.fee_academic) }</dd>
                <dt>{ i18n.tr("booking.fee_industry") }</dt>
                <dd>{ fee(inst.fee_industry) }</dd>
                <dt>{ i18n.tr("booking.rules") }</dt>
                <dd>{ i18n.trf("booking.rules_text", &[("min", &rules.min_minutes.to_string()), ("max", &rules.max_minutes.to_string()),
                    ("days", &rules.horizon_days.to_string()), ("hours", &inst.cancel_hours.to_string())]) }</dd>
                <dt>{ i18n.tr("booking.limits") }</dt>
                <dd data-testid="holding-limits">{ i18n.trf("booking.limits_text", &[
                    ("n", &inst.limits.max_future_bookings.to_string()), ("h", &inst.limits.max_future_hours.to_string()),
                    ("cn", &inst.center_limits.max_future_bookings.to_string()), ("ch", &inst.center_limits.max_future_hours.to_string())]) }</dd>
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
                    <h2 id="week-title">{ i18n.tr(if *month_view { "booking.month" } else { "booking.week" }) }</h2>
                    <div class="segmented">
                        // The month view moves by its six weeks, and says so.
                        <button type="button" class="btn btn-secondary btn-sm" onclick={shift(-step)} disabled={*week <= 0} data-testid="prev-week">
                            { i18n.tr(if *month_view { "cal.prev_weeks" } else { "cal.prev_week" }) }
                        </button>
                        <button type="button" class="btn btn-secondary btn-sm" onclick={shift(step)} data-testid="next-week">
                            { i18n.tr(if *month_view { "cal.next_weeks" } else { "cal.next_week" }) }
                        </button>
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
                if *month_view {
                    <MonthGrid cal={c.clone()} week_start={start_of_week} on_open_week={open_week} />
                } else {
                    <WeekGrid cal={c.clone()} week_start={start_of_week} selection={selected.map(|s| (s, chosen_len))} on_pick={pick}
                        on_wait={session.user.is_some().then_some(on_wait)} />
                }
                { panel }
            </section>
            }
            <RelatedQa subject={Subject::Instrument(inst.id)} />
            <section aria-labelledby="similar-title" class="similar">
                <h2 id="similar-title">{ i18n.tr("booking.similar") }</h2>
                <ul class="badges" role="list">
                    { for similar_list.iter().map(|i| html! {
                        <li class="badge"><Link<Route> to={Route::Instrument { id: i.id }}>
                            { format!("{} · {}", center_name(&i18n, &i.name_zh, &i.name_en), center_name(&i18n, &i.center_name_zh, &i.center_name_en)) }
                        </Link<Route>></li>
                    }) }
                </ul>
            </section>
        </div>
    }
}
