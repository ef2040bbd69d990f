//! The landing page: what Commons offers and a way in to each service.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::hooks::session::use_session;
use crate::i18n::use_i18n;
use crate::route::Route;

/// The home page.
#[component]
pub fn Home() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let card = |to: Route, icon: &'static str, title: &'static str, body: &'static str| {
        html! {
            <li class="card service-card">
                <span class="service-icon" aria-hidden="true">{ icon }</span>
                <h2 class="card-title">{ i18n.tr(title) }</h2>
                <p>{ i18n.tr(body) }</p>
                <Link<Route> to={to} classes="btn btn-secondary">{ i18n.tr("home.open") }{ " →" }</Link<Route>>
            </li>
        }
    };
    html! {
        <div class="page home">
            <section class="hero">
                <p class="eyebrow">{ i18n.tr("app.tagline") }</p>
                <h1 data-testid="home-title">{ i18n.tr("home.title") }</h1>
                <p class="lead">{ i18n.tr("home.lead") }</p>
                if session.loaded && session.user.is_none() {
                    <Link<Route> to={Route::Register} classes="btn btn-primary btn-lg">{ i18n.tr("home.get_started") }</Link<Route>>
                }
            </section>
            <ul class="card-grid" role="list">
                { card(Route::Data, "資", "home.data_title", "home.data_body") }
                { card(Route::Booking, "儀", "home.booking_title", "home.booking_body") }
                { card(Route::Qa, "問", "home.qa_title", "home.qa_body") }
            </ul>
        </div>
    }
}
