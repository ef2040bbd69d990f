//! The publisher dashboard (`/data/publisher`): the agency's datasets past
//! their declared update frequency (逾期通知), with links to update them,
//! and ways into the requests and showcases that wait for an answer.

use commons_domain::ErrorKind;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::format::when;
use crate::hooks::api::use_api;
use crate::hooks::session::use_session;
use crate::hooks::title::use_title;
use crate::i18n::use_i18n;
use crate::opendata::common::crumbs;
use crate::opendata::participation::sign_in_prompt;
use crate::route::Route;

/// The publisher dashboard.
#[component]
pub fn PublisherPage() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let uid = session.user.as_ref().map(|u| u.id);
    let fetched = use_api(uid, |_| api::opendata::publisher_overdue());
    use_title(Some(i18n.tr("part.publisher").to_string()));
    let body = match &*fetched.state {
        _ if session.loaded && session.user.is_none() => sign_in_prompt(&i18n, "part.sign_in_publisher"),
        None => html! { <Loading /> },
        Some(Err(ApiFailure::Api(e))) if e.kind == ErrorKind::Forbidden => html! {
            <p class="notice notice-info" role="note" data-testid="not-publisher">{ i18n.tr("part.not_publisher") }</p>
        },
        Some(Err(ApiFailure::Api(e))) if e.kind == ErrorKind::Unauthorized => {
            sign_in_prompt(&i18n, "part.sign_in_publisher")
        }
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(list)) => html! {
            <>
                <section aria-labelledby="overdue-title" class="data-section">
                    <h2 id="overdue-title">{ i18n.trf("part.overdue_n", &[("n", &list.len().to_string())]) }</h2>
                    if list.is_empty() {
                        <p class="notice notice-success" role="status" data-testid="overdue-none">{ i18n.tr("part.overdue_none") }</p>
                    } else {
                        <div class="table-wrap">
                            <table class="table" data-testid="overdue">
                                <thead>
                                    <tr>
                                        <th scope="col">{ i18n.tr("part.col.dataset") }</th>
                                        <th scope="col">{ i18n.tr("data.meta.accrual_periodicity") }</th>
                                        <th scope="col">{ i18n.tr("part.col.due") }</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    { for list.iter().map(|d| html! {
                                        <tr>
                                            <td><Link<Route> to={Route::Dataset { id: d.identifier.clone() }}>{ &d.title }</Link<Route>></td>
                                            <td>{ &d.accrual_periodicity }</td>
                                            <td>{ when(&i18n, &d.due_at) }</td>
                                        </tr>
                                    }) }
                                </tbody>
                            </table>
                        </div>
                    }
                </section>
                <crate::opendata::editor::MyDrafts />
                <p class="dataset-links">
                    <Link<Route> to={Route::ReviewQueue} classes="btn btn-secondary btn-sm">{ i18n.tr("review.title") }</Link<Route>>
                    <Link<Route> to={Route::DataRequests} classes="btn btn-secondary btn-sm">{ i18n.tr("part.requests") }</Link<Route>>
                    <Link<Route> to={Route::DataShowcases} classes="btn btn-secondary btn-sm">{ i18n.tr("part.pending_showcases") }</Link<Route>>
                </p>
            </>
        },
    };
    html! {
        <div class="page participation-page">
            { crumbs(&i18n, html! {}) }
            <h1>{ i18n.tr("part.publisher") }</h1>
            <p class="lead">{ i18n.tr("part.publisher_lead") }</p>
            { body }
        </div>
    }
}
