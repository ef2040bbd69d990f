//! Sign in.

use commons_domain::accounts::LoginRequest;
use commons_domain::ErrorKind;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{value_of, Field};
use crate::hooks::session::use_session;
use crate::hooks::submit::use_submit;
use crate::hooks::title::use_title;
use crate::i18n::use_i18n;
use crate::route::Route;

/// The sign-in page.
#[component]
pub fn Login() -> Html {
    let i18n = use_i18n();
    use_title(Some(i18n.tr("account.login").to_string()));
    let session = use_session();
    let navigator = use_navigator();
    let email = use_node_ref();
    let password = use_node_ref();
    let submit = use_submit();

    let onsubmit = {
        let (email, password, submit) = (email.clone(), password.clone(), submit.clone());
        let i18n = i18n.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = LoginRequest { email: value_of(&email), password: value_of(&password) };
            let (session, navigator, i18n) = (session.clone(), navigator.clone(), i18n.clone());
            submit.run(async move { api::accounts::login(&body).await }, move |user| {
                if let Some(l) = commons_domain::i18n::Locale::parse(&user.locale) {
                    i18n.set_locale(l);
                }
                session.set(Some(user.clone()));
                if let Some(n) = navigator {
                    n.push(&Route::Home);
                }
            });
        })
    };

    let failure = submit.failure();
    let busy = submit.busy();
    // A wrong password gets a plain-language message rather than "sign in first".
    let key_override = match &failure {
        Some(ApiFailure::Api(e)) if e.kind == ErrorKind::Unauthorized => Some("error.login_failed"),
        _ => None,
    };
    html! {
        <div class="page auth-page">
            <form class="card auth-card" onsubmit={onsubmit} novalidate=false>
                <h1>{ i18n.tr("auth.login_title") }</h1>
                <p class="muted">{ i18n.tr("auth.login_lead") }</p>
                if let Some(f) = failure {
                    <ErrorNotice failure={f} key_override={key_override} />
                }
                <Field id="email" label={i18n.tr("form.email")} kind="email" autocomplete="username" node_ref={email} />
                <Field id="password" label={i18n.tr("form.password")} kind="password" autocomplete="current-password" node_ref={password} />
                <p class="auth-forgot">
                    <Link<Route> to={Route::PasswordReset}>{ i18n.tr("auth.forgot_link") }</Link<Route>>
                </p>
                <button type="submit" class="btn btn-primary btn-block" disabled={busy} data-testid="login-submit">
                    { if busy { i18n.tr("common.loading") } else { i18n.tr("account.login") } }
                </button>
                <p class="auth-switch">
                    { i18n.tr("auth.no_account") }{ " " }
                    <Link<Route> to={Route::Register}>{ i18n.tr("account.register") }</Link<Route>>
                </p>
            </form>
        </div>
    }
}
