//! The signed-in user's account: who they are, their roles, and preferences.

use commons_domain::i18n::Locale;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::loading::Loading;
use crate::hooks::session::use_session;
use crate::hooks::title::use_title;
use crate::i18n::use_i18n;
use crate::route::Route;

/// The account page.
#[component]
pub fn Account() -> Html {
    let i18n = use_i18n();
    use_title(Some(i18n.tr("account.title").to_string()));
    let session = use_session();
    if !session.loaded {
        return html! { <div class="page narrow"><Loading /></div> };
    }
    let Some(user) = session.user.clone() else {
        return html! {
            <div class="page narrow">
                <h1>{ i18n.tr("account.title") }</h1>
                <div class="notice notice-info" role="note">{ i18n.tr("account.sign_in_needed") }</div>
                <Link<Route> to={Route::Login} classes="btn btn-primary">{ i18n.tr("account.login") }</Link<Route>>
            </div>
        };
    };
    let roles = if user.roles.is_empty() {
        html! { <li class="badge">{ i18n.tr("account.no_roles") }</li> }
    } else {
        html! {
            { for user.roles.iter().map(|g| {
                let name = i18n.tr(&format!("role.{}", g.role.as_str()));
                html! { <li class="badge">{ name }{ g.scope_id.as_ref().map(|s| format!(" · {s}")).unwrap_or_default() }</li> }
            }) }
        }
    };
    let set_lang = |l: Locale| {
        let i18n = i18n.clone();
        Callback::from(move |_: MouseEvent| {
            i18n.set_locale(l);
            wasm_bindgen_futures::spawn_local(async move {
                let _ = crate::api::accounts::update_me(&commons_domain::accounts::UpdateMeRequest {
                    display_name: None,
                    locale: Some(l.tag().to_string()),
                })
                .await;
            });
        })
    };
    html! {
        <div class="page narrow">
            <h1 data-testid="account-title">{ i18n.trf("auth.welcome", &[("name", &user.display_name)]) }</h1>
            <dl class="facts card">
                <dt>{ i18n.tr("form.email") }</dt><dd>{ &user.email }</dd>
                <dt>{ i18n.tr("account.member_since") }</dt><dd data-testid="member-since">{ i18n.datetime(&user.created_at) }</dd>
                <dt>{ i18n.tr("account.roles") }</dt><dd><ul class="badges" role="list">{ roles }</ul></dd>
            </dl>
            <h2>{ i18n.tr("account.preferences") }</h2>
            <div class="card">
                <p>{ i18n.tr("account.language") }</p>
                <div class="segmented" role="group" aria-label={i18n.tr("account.language")}>
                    <button type="button" class="btn btn-secondary btn-sm" aria-pressed={(i18n.locale == Locale::ZhTw).to_string()}
                        lang="zh-TW" onclick={set_lang(Locale::ZhTw)}>{ i18n.tr("lang.name_zh") }</button>
                    <button type="button" class="btn btn-secondary btn-sm" aria-pressed={(i18n.locale == Locale::En).to_string()}
                        lang="en" onclick={set_lang(Locale::En)}>{ i18n.tr("lang.name_en") }</button>
                </div>
            </div>
        </div>
    }
}
