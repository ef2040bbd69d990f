//! The signed-in user's bookings, with cancellation.

use commons_domain::booking::Booking;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::booking::home::ntd;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::hooks::api::{use_api, use_last_ok};
use crate::hooks::session::use_session;
use crate::hooks::submit::use_submit;
use crate::hooks::title::use_title;
use crate::i18n::use_i18n;
use crate::route::Route;

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
    let body = match (&*fetched.state, &shown) {
        (Some(Err(f)), _) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        (_, None) => html! { <Loading /> },
        (_, Some(l)) if l.bookings.is_empty() => {
            html! { <p class="notice notice-info">{ i18n.tr("booking.no_bookings") }</p> }
        }
        (_, Some(l)) => html! {
            <div class="table-wrap">
                <table data-testid="my-bookings">
                    <thead><tr>
                        <th scope="col">{ i18n.tr("booking.instrument") }</th>
                        <th scope="col">{ i18n.tr("booking.when") }</th>
                        <th scope="col">{ i18n.tr("booking.status") }</th>
                        <th scope="col" class="num">{ i18n.tr("booking.cost") }</th>
                        <th scope="col"><span class="visually-hidden">{ i18n.tr("booking.actions") }</span></th>
                    </tr></thead>
                    <tbody>
                        { for l.bookings.iter().map(|b| {
                            let on_cancel = {
                                let (id, reloads, cancel) = (b.id.clone(), reloads.clone(), cancel.clone());
                                Callback::from(move |_: MouseEvent| {
                                    let (id, reloads) = (id.clone(), reloads.clone());
                                    cancel.run(
                                        async move {
                                            let r = api::booking::cancel_booking(&id).await;
                                            // Either way the list is read again: a refusal may mean it changed.
                                            reloads.set(*reloads + 1);
                                            r
                                        },
                                        |_| {},
                                    );
                                })
                            };
                            html! {
                                <tr>
                                    <td><Link<Route> to={Route::Instrument { id: b.instrument_id }}>{ &b.instrument_name }</Link<Route>></td>
                                    <td>{ i18n.datetime(&b.start) }{ " – " }{ i18n.datetime(&b.end).rsplit(' ').next().unwrap_or("").to_string() }</td>
                                    <td><span class={classes!("status", b.status.as_str())}>{ i18n.tr(&format!("status.{}", b.status.as_str())) }</span></td>
                                    <td class="num">{ ntd(b.estimated_cost) }</td>
                                    <td>
                                        if b.status.holds_slot() {
                                            <button type="button" class="btn btn-secondary btn-sm" onclick={on_cancel} disabled={cancel.busy()}>{ i18n.tr("booking.cancel") }</button>
                                        }
                                    </td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        },
    };
    html! {
        <div class="page">
            <h1>{ i18n.tr("booking.mine") }</h1>
            if let Some(f) = cancel.failure() { <ErrorNotice failure={f} /> }
            { body }
        </div>
    }
}
