//! The site header: brand, the three services, the language switch and the
//! account menu. On narrow screens the navigation folds behind a menu button.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::hooks::session::use_session;
use crate::i18n::use_i18n;
use crate::route::Route;

/// The header.
#[component]
pub fn Header() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let route = use_route::<Route>();
    let nav_open = use_state(|| false);
    let navigator = use_navigator();

    // Close the folded menu whenever the route changes.
    {
        let nav_open = nav_open.clone();
        use_effect_with(route.clone(), move |_| nav_open.set(false));
    }

    let switch_lang = {
        let i18n = i18n.clone();
        let session = session.clone();
        Callback::from(move |_: MouseEvent| {
            let next = i18n.locale.other();
            i18n.set_locale(next);
            // Remember the choice on the account too, so it follows the user across devices.
            if session.user.is_some() {
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = api::accounts::update_me(&commons_domain::accounts::UpdateMeRequest {
                        display_name: None,
                        locale: Some(next.tag().to_string()),
                    })
                    .await;
                });
            }
        })
    };
    let toggle_nav = {
        let nav_open = nav_open.clone();
        Callback::from(move |_: MouseEvent| nav_open.set(!*nav_open))
    };
    let logout = {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| {
            let session = session.clone();
            let navigator = navigator.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if api::accounts::logout().await.is_ok() {
                    session.set(None);
                    if let Some(n) = navigator {
                        n.push(&Route::Home);
                    }
                }
            });
        })
    };

    // 開放資料 stays highlighted on every `/data/...` page.
    let in_data = matches!(
        route,
        Some(
            Route::Data
                | Route::DataSearch
                | Route::Dataset { .. }
                | Route::DataRequests
                | Route::DataShowcases
                | Route::Publisher
                | Route::NewDataset
                | Route::EditDataset { .. }
                | Route::ReviewQueue
                | Route::ReviewDraft { .. }
                | Route::Organizations
                | Route::Organization { .. }
        )
    );
    let nav_link = |to: Route, key: &'static str| {
        let current = route.as_ref() == Some(&to) || (to == Route::Data && in_data);
        html! {
            <li>
                <Link<Route> to={to} classes={classes!("nav-link", current.then_some("active"))}>
                    { i18n.tr(key) }
                </Link<Route>>
            </li>
        }
    };

    let account = match (&session.user, session.loaded) {
        (Some(u), _) => html! {
            <>
            <crate::components::bell::Bell />
            <details class="account-menu">
                // No aria-label: the name shown must be part of the accessible name (WCAG 2.5.3), so the
                // menu's purpose is said after it, for screen readers only.
                <summary>
                    <span class="avatar" aria-hidden="true">{ u.display_name.chars().next().unwrap_or('?') }</span>
                    <span class="account-name" data-testid="account-name">{ &u.display_name }</span>
                    <span class="visually-hidden">{ i18n.tr("account.menu") }</span>
                </summary>
                <ul class="menu">
                    <li><Link<Route> to={Route::Account}>{ i18n.tr("account.profile") }</Link<Route>></li>
                    <li><button type="button" class="menu-button" data-testid="logout" onclick={logout}>{ i18n.tr("account.logout") }</button></li>
                </ul>
            </details>
            </>
        },
        (None, true) => html! {
            <div class="account-actions">
                <Link<Route> to={Route::Login} classes="btn btn-ghost btn-sm">{ i18n.tr("account.login") }</Link<Route>>
                <Link<Route> to={Route::Register} classes="btn btn-primary btn-sm">{ i18n.tr("account.register") }</Link<Route>>
            </div>
        },
        (None, false) => html! { <div class="account-actions" aria-busy="true"></div> },
    };

    html! {
        <header class="site-header">
            <a class="skip-link" href="#main">{ i18n.tr("nav.skip") }</a>
            <div class="header-inner">
                <Link<Route> to={Route::Home} classes="brand">
                    <span class="brand-mark" aria-hidden="true">{ "C" }</span>
                    <span class="brand-name">{ i18n.tr("app.name") }</span>
                </Link<Route>>
                <button type="button" class="nav-toggle" aria-controls="site-nav"
                    aria-expanded={nav_open.to_string()} onclick={toggle_nav}>
                    <span class="nav-toggle-bars" aria-hidden="true"></span>
                    <span class="visually-hidden">{ i18n.tr("nav.menu") }</span>
                </button>
                <nav id="site-nav" class={classes!("site-nav", nav_open.then_some("open"))} aria-label={i18n.tr("nav.main")}>
                    <ul class="nav-list">
                        { nav_link(Route::Data, "nav.data") }
                        { nav_link(Route::Booking, "nav.booking") }
                        { nav_link(Route::Qa, "nav.qa") }
                    </ul>
                    <div class="header-tools">
                        // The visible word is the accessible name (WCAG 2.5.3: saying "click English" must
                        // work); the longer explanation is only the description.
                        <button type="button" class="btn btn-ghost btn-sm lang-switch" data-testid="lang-switch"
                            lang={i18n.locale.other().tag()} title={i18n.tr("lang.switch_label")} onclick={switch_lang}>
                            { i18n.tr("lang.switch") }
                        </button>
                        { account }
                    </div>
                </nav>
            </div>
        </header>
    }
}
