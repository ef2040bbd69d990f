//! The signed-in user's bookings, with cancellation.

use commons_domain::booking::{BookingList, BookingStatus};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::booking::home::ntd;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::hooks::session::use_session;
use crate::i18n::use_i18n;
use crate::route::Route;

/// The "my bookings" page.
#[component]
pub fn MyBookings() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let list = use_state(|| None::<Result<BookingList, ApiFailure>>);
    let reload = use_state(|| 0u32);
    let action_error = use_state(|| None::<ApiFailure>);
    {
        let list = list.clone();
        use_effect_with((session.user.as_ref().map(|u| u.id), *reload), move |(uid, _)| {
            if uid.is_some() {
                wasm_bindgen_futures::spawn_local(async move { list.set(Some(api::booking::my_bookings().await)) });
            }
        });
    }
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
    let body = match &*list {
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} /> },
        Some(Ok(l)) if l.bookings.is_empty() => {
            html! { <p class="notice notice-info">{ i18n.tr("booking.no_bookings") }</p> }
        }
        Some(Ok(l)) => html! {
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
                            let cancel = {
                                let (id, reload, action_error) = (b.id.clone(), reload.clone(), action_error.clone());
                                Callback::from(move |_: MouseEvent| {
                                    let (id, reload, action_error) = (id.clone(), reload.clone(), action_error.clone());
                                    wasm_bindgen_futures::spawn_local(async move {
                                        match api::booking::cancel_booking(&id).await {
                                            Ok(_) => action_error.set(None),
                                            Err(f) => action_error.set(Some(f)),
                                        }
                                        reload.set(*reload + 1);
                                    });
                                })
                            };
                            html! {
                                <tr>
                                    <td><Link<Route> to={Route::Instrument { id: b.instrument_id }}>{ &b.instrument_name }</Link<Route>></td>
                                    <td>{ i18n.datetime(&b.start) }{ " – " }{ i18n.datetime(&b.end).rsplit(' ').next().unwrap_or("").to_string() }</td>
                                    <td><span class={classes!("status", b.status.as_str())}>{ i18n.tr(&format!("status.{}", b.status.as_str())) }</span></td>
                                    <td class="num">{ ntd(b.estimated_cost) }</td>
                                    <td>
                                        if matches!(b.status, BookingStatus::Pending | BookingStatus::Confirmed) {
                                            <button type="button" class="btn btn-secondary btn-sm" onclick={cancel}>{ i18n.tr("booking.cancel") }</button>
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
            if let Some(f) = (*action_error).clone() { <ErrorNotice failure={f} /> }
            { body }
        </div>
    }
}
