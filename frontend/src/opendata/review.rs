//! The agency reviewer's pages: the queue of drafts waiting for review
//! (`/data/review`) and one draft (`/data/review/:id`) with what it changes
//! from the published version, approved or returned with a comment.

use commons_domain::opendata::editor::{diff, Draft, DraftState};
use commons_domain::opendata::wire::StatusChange;
use commons_domain::opendata::DatasetInput;
use commons_domain::ErrorKind;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::hooks::api::use_api;
use crate::hooks::session::use_session;
use crate::hooks::submit::use_submit;
use crate::hooks::title::use_title;
use crate::i18n::use_i18n;
use crate::opendata::common::crumbs;
use crate::opendata::editor::{state_label, DraftTable};
use crate::opendata::history::DiffTable;
use crate::opendata::participation::sign_in_prompt;
use crate::route::Route;

/// The review queue: the caller's agencies' drafts waiting for review.
#[component]
pub fn ReviewQueue() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let uid = session.user.as_ref().map(|u| u.id);
    let fetched = use_api(uid, |_| api::opendata::drafts("pending"));
    use_title(Some(i18n.tr("review.title").to_string()));
    let body = match &*fetched.state {
        _ if session.loaded && session.user.is_none() => sign_in_prompt(&i18n, "part.sign_in_publisher"),
        None => html! { <Loading /> },
        Some(Err(ApiFailure::Api(e))) if e.kind == ErrorKind::Forbidden => html! {
            <p class="notice notice-info" role="note" data-testid="not-reviewer">{ i18n.tr("review.not_reviewer") }</p>
        },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(l)) if l.is_empty() => html! {
            <p class="notice notice-success" role="status" data-testid="review-none">{ i18n.tr("review.none") }</p>
        },
        Some(Ok(l)) => html! { <DraftTable drafts={l.clone()} to_review={true} /> },
    };
    html! {
        <div class="page participation-page">
            { crumbs(&i18n, html! {}) }
            <h1>{ i18n.tr("review.title") }</h1>
            <p class="lead">{ i18n.tr("review.lead") }</p>
            { body }
        </div>
    }
}

/// A draft with the published record it would replace, if any.
#[derive(Clone, PartialEq)]
struct ForReview {
    draft: Draft,
    published: Option<DatasetInput>,
}

/// Loads a draft and, for an edit, the live record.
async fn load(id: String) -> Result<ForReview, ApiFailure> {
    let draft = api::opendata::draft(&id).await?;
    let published = if draft.published { Some(api::opendata::dataset(&id).await?.meta) } else { None };
    Ok(ForReview { draft, published })
}

/// Props of [`ReviewPage`].
#[derive(Properties, PartialEq)]
pub struct ReviewProps {
    /// The draft's identifier.
    pub id: String,
}

/// One draft under review.
#[component]
pub fn ReviewPage(props: &ReviewProps) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let uid = session.user.as_ref().map(|u| u.id);
    let fetched = use_api((props.id.clone(), uid), |(id, _)| load(id));
    use_title(Some(i18n.tr("review.title").to_string()));
    let comment = use_node_ref();
    let decide = use_submit::<StatusChange>();
    let body = match &*fetched.state {
        _ if session.loaded && session.user.is_none() => sign_in_prompt(&i18n, "part.sign_in_publisher"),
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(r)) => {
            let base = r.published.clone().unwrap_or_default();
            let changes = diff(&base, &r.draft.dataset);
            let on = |approve: bool| {
                let (decide, comment, id) = (decide.clone(), comment.clone(), props.id.clone());
                Callback::from(move |_: MouseEvent| {
                    let text = crate::opendata::participation::node_value(&comment);
                    let id = id.clone();
                    decide.run(async move { api::opendata::review_draft(&id, approve, &text).await }, |_| {});
                })
            };
            let pending = r.draft.state == DraftState::Pending;
            html! {
                <>
                    <h2 data-testid="review-dataset">{ &r.draft.dataset.title }</h2>
                    <p><span class="badge" data-testid="draft-state">{ state_label(&i18n, r.draft.state) }</span></p>
                    <section aria-labelledby="changes-title" class="data-section">
                        <h3 id="changes-title">{ i18n.tr("review.changes") }</h3>
                        if r.published.is_none() {
                            <p class="muted">{ i18n.tr("review.new_dataset") }</p>
                        }
                        <DiffTable changes={changes} />
                    </section>
                    if let Some(done) = decide.done() {
                        <p class="notice notice-success" role="status" data-testid="review-done">
                            { if done.status == "published" { i18n.tr("review.approved") } else { i18n.tr("review.returned") } }
                        </p>
                        <p>
                            if done.status == "published" {
                                <Link<Route> to={Route::Dataset { id: props.id.clone() }} classes="btn btn-secondary btn-sm">{ &r.draft.dataset.title }</Link<Route>>
                            }
                            <Link<Route> to={Route::ReviewQueue} classes="btn btn-ghost btn-sm">{ i18n.tr("review.title") }</Link<Route>>
                        </p>
                    } else if pending {
                        <div class="field">
                            <label for="review-comment">{ i18n.tr("review.comment") }</label>
                            <textarea id="review-comment" rows="3" maxlength="2000" ref={comment.clone()}
                                aria-describedby="review-comment-hint" data-testid="review-comment-input" />
                            <p id="review-comment-hint" class="hint">{ i18n.tr("review.comment_hint") }</p>
                        </div>
                        if let Some(f) = decide.failure() { <ErrorNotice failure={f} /> }
                        <div class="editor-actions">
                            <button type="button" class="btn btn-primary" onclick={on(true)} disabled={decide.busy()}
                                data-testid="approve">{ i18n.tr("review.approve") }</button>
                            <button type="button" class="btn btn-secondary" onclick={on(false)} disabled={decide.busy()}
                                data-testid="return">{ i18n.tr("review.return") }</button>
                        </div>
                    } else {
                        <p class="notice notice-info" role="note">{ i18n.tr("review.not_pending") }</p>
                    }
                </>
            }
        }
    };
    html! {
        <div class="page participation-page">
            { crumbs(&i18n, html! {
                <Link<Route> to={Route::ReviewQueue}>{ i18n.tr("review.title") }</Link<Route>>
            }) }
            <h1>{ i18n.tr("review.title") }</h1>
            { body }
        </div>
    }
}
