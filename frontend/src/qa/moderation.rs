//! The moderators' queue (`/qa/moderation`): flagged posts, with their flag
//! count and whether they are hidden, to restore or remove.

use yew::prelude::*;
use yew_router::prelude::*;

use commons_domain::qa::{PostKind, QaModerationInput};

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::hooks::api::use_api;
use crate::hooks::session::use_session;
use crate::hooks::submit::use_submit;
use crate::hooks::title::use_title;
use crate::i18n::use_i18n;
use crate::qa::common::{is_moderator, qa_nav};
use crate::route::Route;

/// The moderators' queue: flagged posts to restore or remove.
#[component]
pub fn QaModeration() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let reloads = use_state(|| 0u32);
    let fetched = use_api(*reloads, |_| async move { api::qa::moderation().await });
    let submit = use_submit();
    use_title(Some(i18n.tr("qa.nav.moderation").to_string()));
    let act = |kind: PostKind, id: i64, action: &'static str| {
        let (reloads, submit) = (reloads.clone(), submit.clone());
        Callback::from(move |_: MouseEvent| {
            let reloads = reloads.clone();
            let review = QaModerationInput { kind, id, action: action.to_string() };
            submit.run(async move { api::qa::moderate(&review).await }, move |_| reloads.set(*reloads + 1));
        })
    };
    let body = match &*fetched.state {
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(q)) if q.is_empty() => html! { <p class="notice notice-info">{ i18n.tr("qa.queue_empty") }</p> },
        Some(Ok(q)) => html! {
            <ul class="qa-queue" role="list" data-testid="qa-queue">
                { for q.iter().map(|r| html! {
                    <li class="card">
                        <p>
                            <Link<Route> to={Route::QaQuestion { id: r.question_id }}>{ r.title.clone() }</Link<Route>>
                            <span class="muted">{ " · " }{ if r.kind == PostKind::Answer { i18n.tr("qa.kind.answer") } else { i18n.tr("qa.kind.question") } }
                                { " · " }{ i18n.trf("qa.flags_n", &[("n", &r.flags.to_string())]) }
                                if r.hidden == 1 { { " · " }{ i18n.tr("qa.hidden") } }
                            </span>
                        </p>
                        // Only a hidden post is restored; a visible one keeps showing and its flags are dismissed.
                        <button type="button" class="btn btn-secondary btn-sm" onclick={act(r.kind, r.id, "restore")} disabled={submit.busy()}>
                            { if r.hidden == 1 { i18n.tr("qa.restore") } else { i18n.tr("qa.dismiss_flags") } }</button>
                        { " " }
                        <button type="button" class="btn btn-secondary btn-sm" onclick={act(r.kind, r.id, "remove")} disabled={submit.busy()}>{ i18n.tr("qa.remove") }</button>
                    </li>
                }) }
            </ul>
        },
    };
    html! {
        <div class="page qa-moderation">
            <h1>{ i18n.tr("qa.nav.moderation") }</h1>
            { qa_nav(&i18n, session.user.as_ref(), "moderation") }
            // The top level (傳奇) works the queue too: the notice is for those the server refused.
            if !is_moderator(session.user.as_ref()) && session.loaded && matches!(&*fetched.state, Some(Err(_))) {
                <p class="notice notice-info">{ i18n.tr("qa.moderators_only") }</p>
            }
            if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
            { body }
        </div>
    }
}
