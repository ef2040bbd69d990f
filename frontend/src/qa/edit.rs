//! The edit and history panels of a question and of an answer: the edit
//! forms (for whoever the privilege rule lets edit; a saved edit becomes a
//! new revision) and every version, loaded when the history is opened.

use commons_domain::qa::{AnswerView, PostKind, QuestionInput, QuestionView};
use yew::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::format::when;
use crate::hooks::api::use_api;
use crate::hooks::submit::use_submit;
use crate::i18n::use_i18n;
use crate::qa::ask::{split_tags, text_of};

/// Props of [`EditQuestion`].
#[derive(Properties, PartialEq)]
pub struct EditProps {
    /// The question as shown.
    pub question: QuestionView,
    /// Called after a saved edit.
    pub on_done: Callback<()>,
}

/// The edit form (author and staff): a saved edit becomes a new revision.
#[component]
pub fn EditQuestion(props: &EditProps) -> Html {
    let i18n = use_i18n();
    let open = use_state(|| false);
    let (title, body, tags) = (use_node_ref(), use_node_ref(), use_node_ref());
    let submit = use_submit();
    let q = &props.question;
    let onsubmit = {
        let (title, body, tags, submit, open, on_done) =
            (title.clone(), body.clone(), tags.clone(), submit.clone(), open.clone(), props.on_done.clone());
        let (id, dataset, instrument_id) = (q.id, q.dataset.clone(), q.instrument_id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let input = QuestionInput {
                title: text_of(&title),
                body: text_of(&body),
                tags: split_tags(&text_of(&tags)),
                dataset: dataset.clone(),
                instrument_id,
            };
            let (open, on_done) = (open.clone(), on_done.clone());
            submit.run(async move { api::qa::edit_question(id, &input).await }, move |_| {
                open.set(false);
                on_done.emit(());
            });
        })
    };
    if !*open {
        let open = open.clone();
        return html! {
            <button type="button" class="btn btn-ghost btn-sm" onclick={Callback::from(move |_| open.set(true))}
                data-testid="qa-edit">{ i18n.tr("qa.edit") }</button>
        };
    }
    let cancel = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    html! {
        <form class="qa-form qa-edit-form" onsubmit={onsubmit} data-testid="qa-edit-form">
            <div class="field">
                <label for="qa-edit-title">{ i18n.tr("qa.field.title") }</label>
                <input id="qa-edit-title" required=true minlength="4" maxlength="150" value={q.title.clone()} ref={title}
                    data-testid="qa-edit-title" />
            </div>
            <div class="field">
                <label for="qa-edit-body">{ i18n.tr("qa.field.body") }</label>
                <textarea id="qa-edit-body" rows="8" required=true value={q.body.clone()} ref={body} data-testid="qa-edit-body" />
                <p class="hint">{ i18n.tr("qa.field.body_hint") }</p>
            </div>
            <div class="field">
                <label for="qa-edit-tags">{ i18n.tr("qa.field.tags") }</label>
                <input id="qa-edit-tags" value={q.tags.join(", ")} ref={tags} data-testid="qa-edit-tags" />
            </div>
            if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
            <div class="qa-actions">
                <button type="submit" class="btn btn-primary btn-sm" disabled={submit.busy()} data-testid="qa-edit-save">{ i18n.tr("qa.save_edit") }</button>
                <button type="button" class="btn btn-secondary btn-sm" onclick={cancel}>{ i18n.tr("qa.cancel") }</button>
            </div>
        </form>
    }
}

/// Props of [`EditAnswer`].
#[derive(Properties, PartialEq)]
pub struct EditAnswerProps {
    /// The answer as shown.
    pub answer: AnswerView,
    /// Called after a saved edit.
    pub on_done: Callback<()>,
}

/// The edit form of an answer (its author, editors from level 4, and
/// moderators): a saved edit becomes a new revision.
#[component]
pub fn EditAnswer(props: &EditAnswerProps) -> Html {
    let i18n = use_i18n();
    let open = use_state(|| false);
    let body = use_node_ref();
    let submit = use_submit();
    let a = &props.answer;
    let onsubmit = {
        let (body, submit, open, on_done) = (body.clone(), submit.clone(), open.clone(), props.on_done.clone());
        let id = a.id;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = text_of(&body);
            let (open, on_done) = (open.clone(), on_done.clone());
            submit.run(async move { api::qa::edit_answer(id, &text).await }, move |_| {
                open.set(false);
                on_done.emit(());
            });
        })
    };
    if !*open {
        let open = open.clone();
        return html! {
            <button type="button" class="btn btn-ghost btn-sm" onclick={Callback::from(move |_| open.set(true))}
                data-testid="qa-edit-answer">{ i18n.tr("qa.edit") }</button>
        };
    }
    let cancel = {
        let open = open.clone();
        Callback::from(move |_| open.set(false))
    };
    let field = format!("qa-edit-answer-{}", a.id);
    html! {
        <form class="qa-form qa-edit-form" onsubmit={onsubmit} data-testid="qa-edit-answer-form">
            <div class="field">
                <label for={field.clone()}>{ i18n.tr("qa.edit_answer") }</label>
                <textarea id={field} rows="8" required=true value={a.body.clone()} ref={body} data-testid="qa-edit-answer-body" />
                <p class="hint">{ i18n.tr("qa.field.body_hint") }</p>
            </div>
            if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
            <div class="qa-actions">
                <button type="submit" class="btn btn-primary btn-sm" disabled={submit.busy()} data-testid="qa-edit-answer-save">{ i18n.tr("qa.save_edit") }</button>
                <button type="button" class="btn btn-secondary btn-sm" onclick={cancel}>{ i18n.tr("qa.cancel") }</button>
            </div>
        </form>
    }
}

/// Props of [`RevisionHistory`].
#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    /// A question's or an answer's history.
    #[prop_or(PostKind::Question)]
    pub kind: PostKind,
    /// The post's id.
    pub id: i64,
    /// How many versions there are (refetches when it changes).
    pub count: i64,
}

/// Every version of a post, newest first, loaded each time it is opened.
#[component]
pub fn RevisionHistory(props: &HistoryProps) -> Html {
    let i18n = use_i18n();
    let opened = use_state(|| false);
    // Closed, nothing is asked for; each opening asks again.
    let fetched = use_api((*opened, props.kind, props.id, props.count), |(opened, kind, id, _)| async move {
        if opened {
            api::qa::revisions(kind, id).await.map(Some)
        } else {
            Ok(None)
        }
    });
    let ontoggle = {
        let opened = opened.clone();
        Callback::from(move |e: Event| {
            opened.set(e.target_dyn_into::<web_sys::HtmlDetailsElement>().is_some_and(|d| d.open()))
        })
    };
    let body = match &*fetched.state {
        None | Some(Ok(None)) => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(Some(revs))) => html! {
            <ol class="qa-revisions" reversed=true data-testid="qa-revision-list">
                { for revs.iter().rev().map(|r| html! {
                    <li key={r.id}>
                        <p class="muted">{ r.author.clone() }{ " · " }{ when(&i18n, &r.created_at) }</p>
                        if !r.title.is_empty() { <p class="qa-revision-title">{ r.title.clone() }</p> }
                        <pre class="qa-revision-body">{ r.body.clone() }</pre>
                    </li>
                }) }
            </ol>
        },
    };
    html! {
        <details class="qa-history" key={props.count} ontoggle={ontoggle}
            data-testid={if props.kind == PostKind::Answer { "qa-answer-history" } else { "qa-history" }}>
            <summary>{ i18n.trf("qa.revisions_n", &[("n", &props.count.to_string())]) }</summary>
            { body }
        </details>
    }
}
