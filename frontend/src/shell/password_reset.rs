//! Forgotten password: the form that asks for a link by e-mail, and the page
//! the link opens to set a new password.

use commons_domain::accounts::reset::{PasswordResetConfirm, PasswordResetRequest};
use commons_domain::ErrorKind;
use serde::Deserialize;
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

/// `/password-reset`: ask for a reset link. The answer reads the same
/// whether or not the address has an account.
#[component]
pub fn RequestReset() -> Html {
    let i18n = use_i18n();
    use_title(Some(i18n.tr("auth.reset_title").to_string()));
    let email = use_node_ref();
    let submit = use_submit::<()>();
    let onsubmit = {
        let (email, submit) = (email.clone(), submit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = PasswordResetRequest { email: value_of(&email) };
            submit.run(async move { api::accounts::request_password_reset(&body).await }, |_| {});
        })
    };
    let busy = submit.busy();
    html! {
        <div class="page auth-page">
            <form class="card auth-card" onsubmit={onsubmit}>
                <h1>{ i18n.tr("auth.reset_title") }</h1>
                if submit.done().is_some() {
                    <div class="notice notice-success" role="status" data-testid="reset-sent">
                        { i18n.tr("auth.reset_sent") }
                    </div>
                } else {
                    <p class="muted">{ i18n.tr("auth.reset_lead") }</p>
                    if let Some(f) = submit.failure() {
                        <ErrorNotice failure={f} />
                    }
                    <Field id="email" label={i18n.tr("form.email")} kind="email" autocomplete="email" node_ref={email} />
                    <button type="submit" class="btn btn-primary btn-block" disabled={busy} data-testid="reset-submit">
                        { if busy { i18n.tr("common.loading") } else { i18n.tr("auth.reset_submit") } }
                    </button>
                }
                <p class="auth-switch">
                    <Link<Route> to={Route::Login}>{ i18n.tr("auth.back_to_login") }</Link<Route>>
                </p>
            </form>
        </div>
    }
}

/// The query of the link in the message.
#[derive(Deserialize)]
struct TokenQuery {
    token: String,
}

/// `/password-reset/confirm?token=…`: set a new password. Every session of
/// the account ends, this browser's too, so the page then sends the user to
/// sign in with the new password.
#[component]
pub fn ConfirmReset() -> Html {
    let i18n = use_i18n();
    use_title(Some(i18n.tr("auth.new_password_title").to_string()));
    let session = use_session();
    let token = use_location().and_then(|l| l.query::<TokenQuery>().ok()).map(|q| q.token).unwrap_or_default();
    let password = use_node_ref();
    let submit = use_submit::<()>();
    let onsubmit = {
        let (password, submit, token) = (password.clone(), submit.clone(), token.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = PasswordResetConfirm { token: token.clone(), password: value_of(&password) };
            let session = session.clone();
            submit.run(async move { api::accounts::confirm_password_reset(&body).await }, move |_| {
                session.set(None);
            });
        })
    };
    let failure = submit.failure();
    // A dead link gets its own plain message (and a way to ask again), not "invalid input".
    let link_dead =
        matches!(&failure, Some(ApiFailure::Api(e)) if e.kind == ErrorKind::Invalid && e.message.starts_with("token"));
    let busy = submit.busy();
    html! {
        <div class="page auth-page">
            <form class="card auth-card" onsubmit={onsubmit}>
                <h1>{ i18n.tr("auth.new_password_title") }</h1>
                if submit.done().is_some() {
                    <div class="notice notice-success" role="status" data-testid="password-changed">
                        { i18n.tr("auth.password_changed") }
                    </div>
                    <Link<Route> to={Route::Login} classes="btn btn-primary btn-block">{ i18n.tr("account.login") }</Link<Route>>
                } else if link_dead {
                    <div class="notice notice-error" role="alert" data-testid="reset-link-invalid">
                        <strong>{ i18n.tr("auth.reset_link_invalid") }</strong>
                    </div>
                    <Link<Route> to={Route::PasswordReset} classes="btn btn-primary btn-block">{ i18n.tr("auth.reset_again") }</Link<Route>>
                } else {
                    <p class="muted">{ i18n.tr("auth.new_password_lead") }</p>
                    if let Some(f) = failure {
                        <ErrorNotice failure={f} />
                    }
                    <Field id="new_password" label={i18n.tr("form.new_password")} kind="password" autocomplete="new-password"
                        minlength="8" hint={i18n.tr("auth.password_hint")} node_ref={password} />
                    <button type="submit" class="btn btn-primary btn-block" disabled={busy} data-testid="new-password-submit">
                        { if busy { i18n.tr("common.loading") } else { i18n.tr("auth.new_password_submit") } }
                    </button>
                }
            </form>
        </div>
    }
}
