//! Create an account (and be signed in straight away).

use commons_domain::accounts::RegisterRequest;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::field::{value_of, Field};
use crate::hooks::session::use_session;
use crate::hooks::submit::use_submit;
use crate::hooks::title::use_title;
use crate::i18n::use_i18n;
use crate::route::Route;

/// The registration page.
#[component]
pub fn Register() -> Html {
    let i18n = use_i18n();
    use_title(Some(i18n.tr("account.register").to_string()));
    let session = use_session();
    let navigator = use_navigator();
    let name = use_node_ref();
    let email = use_node_ref();
    let password = use_node_ref();
    let submit = use_submit();

    let onsubmit = {
        let (name, email, password, submit) = (name.clone(), email.clone(), password.clone(), submit.clone());
        let locale = i18n.locale;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = RegisterRequest {
                email: value_of(&email),
                password: value_of(&password),
                display_name: value_of(&name),
                locale: Some(locale.tag().to_string()),
            };
            let (session, navigator) = (session.clone(), navigator.clone());
            submit.run(async move { api::accounts::register(&body).await }, move |user| {
                session.set(Some(user.clone()));
                if let Some(n) = navigator {
                    n.push(&Route::Account);
                }
            });
        })
    };
    let busy = submit.busy();

    html! {
        <div class="page auth-page">
            <form class="card auth-card" onsubmit={onsubmit}>
                <h1>{ i18n.tr("auth.register_title") }</h1>
                <p class="muted">{ i18n.tr("auth.register_lead") }</p>
                if let Some(f) = submit.failure() {
                    <ErrorNotice failure={f} />
                }
                <Field id="display_name" label={i18n.tr("form.display_name")} autocomplete="nickname" node_ref={name} />
                <Field id="email" label={i18n.tr("form.email")} kind="email" autocomplete="email" node_ref={email} />
                <Field id="password" label={i18n.tr("form.password")} kind="password" autocomplete="new-password"
                    minlength="8" hint={i18n.tr("auth.password_hint")} node_ref={password} />
                <button type="submit" class="btn btn-primary btn-block" disabled={busy} data-testid="register-submit">
                    { if busy { i18n.tr("common.loading") } else { i18n.tr("account.register") } }
                </button>
                <p class="auth-switch">
                    { i18n.tr("auth.have_account") }{ " " }
                    <Link<Route> to={Route::Login}>{ i18n.tr("account.login") }</Link<Route>>
                </p>
            </form>
        </div>
    }
}
