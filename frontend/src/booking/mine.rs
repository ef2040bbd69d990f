//! The signed-in user's bookings, upcoming and past, with cancellation
//! (asked twice, refused next to the row with the reason), and the secret
//! calendar-subscription URL with copy and rotate.

use commons_domain::booking::{is_cancel_closed, Booking, BookingStatus, CalendarFeed};
use commons_domain::common::locale::parse_rfc3339;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::booking::calendar::now_secs;
use crate::booking::home::ntd;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::hooks::api::{use_api, use_last_ok};
use crate::hooks::session::use_session;
use crate::hooks::submit::use_submit;
use crate::hooks::title::use_title;
use crate::i18n::{use_i18n, I18n};
use crate::route::Route;

/// Unix seconds of an RFC 3339 time from the API (0 if unreadable, which
/// sorts it into the past and offers nothing on it).
fn secs(t: &str) -> i64 {
    parse_rfc3339(t).unwrap_or(0)
}

/// What a row's action cell is doing.
#[derive(Debug, Clone, PartialEq)]
enum RowState {
    /// The cancel button was pressed: asking "are you sure?".
    Asking(String),
    /// The cancellation was refused: why, next to that row.
    Refused(String, ApiFailure),
}

/// The "my bookings" page.
#[component]
pub fn MyBookings() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let reloads = use_state(|| 0u32);
    // Signed out there is nothing to load (`Ok(None)`); the page asks to sign in.
    let fetched = use_api((session.user.as_ref().map(|u| u.id), *reloads), |(uid, _)| async move {
        match uid {
            Some(_) => api::booking::my_bookings().await.map(Some),
            None => Ok(None),
        }
    });
    // After a cancellation the list loads again; the old one stays until then.
    let shown = use_last_ok(&fetched.state).flatten();
    let cancel = use_submit::<Booking>();
    let row_state = use_state(|| None::<RowState>);
    use_title(Some(i18n.tr("booking.mine").to_string()));
    if !session.loaded {
        return html! { <div class="page"><Loading /></div> };
    }
    if session.user.is_none() {
        return html! {
            <div class="page narrow">
                <h1>{ i18n.tr("booking.mine") }</h1>
                <div class="notice notice-info">{ i18n.tr("account.sign_in_needed") }</div>
                <Link<Route> to={Route::Login} classes="btn btn-primary">{ i18n.tr("account.login") }</Link<Route>>
            </div>
        };
    }
    let now = now_secs();
    let actions = RowActions { cancel: cancel.clone(), reloads: reloads.clone(), row_state: row_state.clone() };
    let body = match (&*fetched.state, &shown) {
        (Some(Err(f)), _) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        (_, None) => html! { <Loading /> },
        (_, Some(l)) if l.bookings.is_empty() => {
            html! { <p class="notice notice-info">{ i18n.tr("booking.no_bookings") }</p> }
        }
        (_, Some(l)) => {
            // Upcoming: not over (nor already settled), soonest first; past: newest first (the API's order).
            let (mut upcoming, past): (Vec<&Booking>, Vec<&Booking>) = l.bookings.iter().partition(|b| {
                secs(&b.end) > now && !matches!(b.status, BookingStatus::Completed | BookingStatus::NoShow)
            });
            upcoming.sort_by_key(|b| secs(&b.start));
            html! {
                <>
                    <section aria-labelledby="upcoming-title">
                        <h2 id="upcoming-title">{ i18n.tr("mine.upcoming") }</h2>
                        { booking_table(&i18n, "upcoming", &upcoming, now, &actions, "mine.no_upcoming") }
                    </section>
                    <section aria-labelledby="past-title">
                        <h2 id="past-title">{ i18n.tr("mine.past") }</h2>
                        { booking_table(&i18n, "past", &past, now, &actions, "mine.no_past") }
                    </section>
                </>
            }
        }
    };
    html! {
        <div class="page">
            <h1>{ i18n.tr("booking.mine") }</h1>
            if cancel.done().is_some() {
                <p class="notice notice-success" role="status" data-testid="cancel-done">{ i18n.tr("mine.cancelled") }</p>
            }
            <div data-testid="my-bookings">{ body }</div>
            <CalendarSubscription />
        </div>
    }
}

/// What a row needs to cancel its booking.
#[derive(Clone)]
struct RowActions {
    cancel: crate::hooks::submit::Submit<Booking>,
    reloads: UseStateHandle<u32>,
    row_state: UseStateHandle<Option<RowState>>,
}

/// One table of bookings (`which`: `upcoming` or `past`), or `empty_key`'s text.
fn booking_table(i18n: &I18n, which: &str, rows: &[&Booking], now: i64, a: &RowActions, empty_key: &str) -> Html {
    if rows.is_empty() {
        return html! { <p class="muted">{ i18n.tr(empty_key) }</p> };
    }
    html! {
        <div class="table-wrap">
            <table class="booking-rows" data-testid={format!("bookings-{which}")}>
                <thead><tr>
                    <th scope="col">{ i18n.tr("booking.instrument") }</th>
                    <th scope="col">{ i18n.tr("booking.when") }</th>
                    <th scope="col">{ i18n.tr("booking.status") }</th>
                    <th scope="col" class="num">{ i18n.tr("booking.cost") }</th>
                    <th scope="col">{ i18n.tr("mine.deadline") }</th>
                    <th scope="col"><span class="visually-hidden">{ i18n.tr("booking.actions") }</span></th>
                </tr></thead>
                <tbody>{ for rows.iter().map(|b| booking_row(i18n, b, now, a)) }</tbody>
            </table>
        </div>
    }
}

/// One booking: instrument and centre, time, state, cost, deadline, and what may be done.
fn booking_row(i18n: &I18n, b: &Booking, now: i64, a: &RowActions) -> Html {
    let deadline = secs(&b.cancel_deadline);
    let active = b.status.holds_slot();
    // The booker may cancel only before the deadline, and never once it started.
    let may_cancel = active && now < secs(&b.start) && now <= deadline;
    let cost = match b.status {
        BookingStatus::Cancelled => html! { <span class="muted">{ i18n.tr("mine.cost_none") }</span> },
        BookingStatus::Completed | BookingStatus::NoShow if b.actual_cost.is_some() => {
            html! { <span data-testid="actual-cost">{ ntd(b.actual_cost.unwrap_or(b.estimated_cost)) }</span> }
        }
        _ => html! { <>{ ntd(b.estimated_cost) }<span class="muted">{ i18n.tr("mine.cost_estimated") }</span></> },
    };
    let deadline_cell = if !active {
        html! {}
    } else if now <= deadline {
        html! { { i18n.datetime(&b.cancel_deadline) } }
    } else {
        html! { <span class="muted">{ i18n.tr("mine.deadline_passed") }</span> }
    };
    let state = (*a.row_state).clone();
    let set = |s: Option<RowState>| {
        let row_state = a.row_state.clone();
        Callback::from(move |_: MouseEvent| row_state.set(s.clone()))
    };
    let on_yes = {
        let (id, a) = (b.id.clone(), a.clone());
        Callback::from(move |_: MouseEvent| {
            let (id, reloads, row_state) = (id.clone(), a.reloads.clone(), a.row_state.clone());
            row_state.set(None);
            a.cancel.run(
                async move {
                    let r = api::booking::cancel_booking(&id).await;
                    if let Err(f) = &r {
                        row_state.set(Some(RowState::Refused(id.clone(), f.clone())));
                    }
                    // Either way the list is read again: a refusal may mean it changed.
                    reloads.set(*reloads + 1);
                    r
                },
                |_| {},
            );
        })
    };
    let action = match &state {
        Some(RowState::Asking(id)) if *id == b.id && may_cancel => html! {
            <div class="row-confirm" role="group" aria-label={i18n.tr("mine.cancel_ask")}>
                <span>{ i18n.tr("mine.cancel_ask") }</span>
                <button type="button" class="btn btn-primary btn-sm" onclick={on_yes} disabled={a.cancel.busy()}
                    data-testid={format!("cancel-yes-{}", b.id)}>{ i18n.tr("mine.cancel_yes") }</button>
                <button type="button" class="btn btn-secondary btn-sm" onclick={set(None)}
                    data-testid={format!("cancel-no-{}", b.id)}>{ i18n.tr("mine.cancel_no") }</button>
            </div>
        },
        _ if may_cancel => html! {
            <button type="button" class="btn btn-secondary btn-sm" onclick={set(Some(RowState::Asking(b.id.clone())))}
                disabled={a.cancel.busy()} data-testid={format!("cancel-{}", b.id)}>{ i18n.tr("booking.cancel") }</button>
        },
        _ if active && now < secs(&b.start) => html! { <span class="muted">{ i18n.tr("mine.ask_center") }</span> },
        _ => html! {},
    };
    let refusal = match &state {
        Some(RowState::Refused(id, f)) if *id == b.id => Some(match f {
            ApiFailure::Api(e) if is_cancel_closed(e) => html! {
                <p class="notice notice-error row-note" role="alert" data-testid={format!("cancel-refused-{}", b.id)}>
                    { i18n.tr("mine.cancel_closed") }
                </p>
            },
            f => {
                html! { <div class="row-note" data-testid={format!("cancel-refused-{}", b.id)}><ErrorNotice failure={f.clone()} /></div> }
            }
        }),
        _ => None,
    };
    let center = b.center_name.clone().unwrap_or_default();
    html! {
        <>
            <tr data-testid={format!("booking-{}", b.id)} data-status={b.status.as_str()}>
                <td data-label={i18n.tr("booking.instrument")}>
                    <Link<Route> to={Route::Instrument { id: b.instrument_id }}>{ &b.instrument_name }</Link<Route>>
                    <div class="muted small" data-testid="center-name">{ center }</div>
                </td>
                <td data-label={i18n.tr("booking.when")}>{ i18n.datetime(&b.start) }{ " – " }{ i18n.datetime(&b.end).rsplit(' ').next().unwrap_or("").to_string() }</td>
                <td data-label={i18n.tr("booking.status")}><span class={classes!("status", b.status.as_str())}>{ i18n.tr(&format!("status.{}", b.status.as_str())) }</span></td>
                <td data-label={i18n.tr("booking.cost")} class="num" data-testid="cost">{ cost }</td>
                <td data-label={i18n.tr("mine.deadline")} data-testid="deadline">{ deadline_cell }</td>
                <td class="row-action">{ action }</td>
            </tr>
            if let Some(r) = refusal {
                <tr class="row-note-row"><td colspan="6">{ r }</td></tr>
            }
        </>
    }
}

/// The secret ICS URL of the user's bookings: shown, copied, and replaced
/// (after a confirmation) when it leaked.
#[component]
fn CalendarSubscription() -> Html {
    let i18n = use_i18n();
    let fetched = use_api((), |_| async move { api::booking::calendar_feed().await });
    let rotate = use_submit::<CalendarFeed>();
    let asking = use_state(|| false);
    // `Some(true)` copied, `Some(false)` the browser refused (the user selects it instead).
    let copied = use_state(|| None::<bool>);
    let feed = rotate.done().or_else(|| match &*fetched.state {
        Some(Ok(f)) => Some(f.clone()),
        _ => None,
    });
    let body = match (&*fetched.state, feed) {
        (Some(Err(f)), None) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        (_, None) => html! { <Loading /> },
        (_, Some(feed)) => {
            let on_copy = {
                let (url, copied) = (feed.bookings_url.clone(), copied.clone());
                Callback::from(move |_: MouseEvent| {
                    let (url, copied) = (url.clone(), copied.clone());
                    wasm_bindgen_futures::spawn_local(async move {
                        let ok = match web_sys::window() {
                            Some(w) => {
                                let p = w.navigator().clipboard().write_text(&url);
                                wasm_bindgen_futures::JsFuture::from(p).await.is_ok()
                            }
                            None => false,
                        };
                        copied.set(Some(ok));
                    });
                })
            };
            let on_rotate_yes = {
                let (rotate, asking, copied) = (rotate.clone(), asking.clone(), copied.clone());
                Callback::from(move |_: MouseEvent| {
                    let (asking, copied) = (asking.clone(), copied.clone());
                    rotate.run(api::booking::rotate_calendar_feed(), move |_| {
                        asking.set(false);
                        copied.set(None);
                    });
                })
            };
            let ask = {
                let asking = asking.clone();
                Callback::from(move |_: MouseEvent| asking.set(true))
            };
            let keep = {
                let asking = asking.clone();
                Callback::from(move |_: MouseEvent| asking.set(false))
            };
            // Selecting the whole address on focus makes a manual copy one keystroke.
            let select_all = Callback::from(|e: FocusEvent| {
                e.target_unchecked_into::<web_sys::HtmlInputElement>().select();
            });
            html! {
                <>
                    <label for="ics-url">{ i18n.tr("ics.url_label") }</label>
                    <div class="ics-row">
                        <input id="ics-url" type="text" readonly=true value={feed.bookings_url.clone()} onfocus={select_all} data-testid="ics-url" />
                        <button type="button" class="btn btn-secondary btn-sm" onclick={on_copy} data-testid="ics-copy">{ i18n.tr("ics.copy") }</button>
                    </div>
                    <p role="status" data-testid="ics-status">
                        { match *copied {
                            Some(true) => i18n.tr("ics.copied"),
                            Some(false) => i18n.tr("ics.copy_failed"),
                            None if rotate.done().is_some() => i18n.tr("ics.rotated"),
                            None => "",
                        } }
                    </p>
                    if *asking {
                        <div class="notice notice-info" role="alertdialog" aria-labelledby="ics-rotate-ask" data-testid="ics-rotate-ask">
                            <p id="ics-rotate-ask">{ i18n.tr("ics.rotate_ask") }</p>
                            <button type="button" class="btn btn-primary btn-sm" onclick={on_rotate_yes} disabled={rotate.busy()} data-testid="ics-rotate-yes">{ i18n.tr("ics.rotate_yes") }</button>
                            { " " }
                            <button type="button" class="btn btn-secondary btn-sm" onclick={keep} data-testid="ics-rotate-no">{ i18n.tr("ics.rotate_no") }</button>
                        </div>
                    } else {
                        <button type="button" class="btn btn-secondary btn-sm" onclick={ask} data-testid="ics-rotate">{ i18n.tr("ics.rotate") }</button>
                    }
                    if let Some(f) = rotate.failure() { <ErrorNotice failure={f} /> }
                </>
            }
        }
    };
    html! {
        <section aria-labelledby="ics-title" class="card ics-card" data-testid="ics">
            <h2 id="ics-title">{ i18n.tr("ics.title") }</h2>
            <p class="muted">{ i18n.tr("ics.intro") }</p>
            { body }
        </section>
    }
}
