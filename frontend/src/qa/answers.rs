//! The answers of a question page, each with its votes, the asker's accept,
//! the edit, flag and promote forms (each offered by the privilege rule),
//! its history and comments; and the "your answer" form.

use commons_domain::qa::{AnswerView, PostKind, QaAct, QaViewer};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::format::when;
use crate::hooks::submit::use_submit;
use crate::i18n::use_i18n;
use crate::qa::common::{level_label, may, sanitised_html};
use crate::qa::edit::{EditAnswer, RevisionHistory};
use crate::qa::post_forms::{comment_list, CommentForm, FlagForm, PromoteForm};
use crate::qa::vote::{AcceptButton, VoteBox};
use crate::route::Route;

/// Props of [`AnswerItem`].
#[derive(Properties, PartialEq)]
pub struct AnswerProps {
    /// The answer.
    pub answer: AnswerView,
    /// The signed-in viewer's standing (none: signed out), for the privilege rule.
    pub viewer: Option<QaViewer>,
    /// Whether the viewer asked the question (accept buttons).
    pub is_asker: bool,
    /// Whether the viewer is staff (promote form).
    pub staff: bool,
    /// Whether an accept is on its way.
    pub accept_busy: bool,
    /// Asks for `(answer, accept?)`.
    pub on_accept: Callback<(i64, bool)>,
    /// Called after anything changed the page.
    pub on_done: Callback<()>,
}

/// One answer.
#[component]
pub fn AnswerItem(props: &AnswerProps) -> Html {
    let i18n = use_i18n();
    let a = &props.answer;
    let viewer = props.viewer.as_ref();
    let own = viewer.is_some_and(|v| v.user_id == a.user_id);
    // Comments under one's own answer or one's own question are open at any level.
    let can = |act: QaAct, own: bool| may(viewer, act, own);
    html! {
        <article class={classes!("qa-post", "qa-answer", a.accepted.then_some("accepted"))}
            data-testid="qa-answer" data-answer-id={a.id.to_string()} id={format!("answer-{}", a.id)}>
            <VoteBox kind={PostKind::Answer} id={a.id} score={a.score} my_vote={a.my_vote}
                can_downvote={can(QaAct::Downvote, false)} on_done={props.on_done.clone()} />
            <div class="qa-post-main">
                if a.accepted {
                    <p class="qa-accepted-mark" data-testid="accepted-mark">{ "✔ " }{ i18n.tr("qa.accepted") }</p>
                }
                { sanitised_html(&a.body_html, "qa-body") }
                <p class="muted qa-byline">
                    <Link<Route> to={Route::QaUser { id: a.user_id }}>{ a.author.clone() }</Link<Route>>
                    { " · " }{ level_label(&i18n, a.author_level) }{ " · " }{ when(&i18n, &a.created_at) }
                </p>
                <div class="qa-actions">
                    if props.is_asker {
                        <AcceptButton answer={a.id} accepted={a.accepted} busy={props.accept_busy} on_accept={props.on_accept.clone()} />
                    }
                    if can(QaAct::Edit, own) {
                        <EditAnswer answer={a.clone()} on_done={props.on_done.clone()} />
                    }
                    if can(QaAct::Flag, false) {
                        <FlagForm kind={PostKind::Answer} id={a.id} />
                    }
                    if props.staff {
                        <PromoteForm kind={PostKind::Answer} id={a.id} />
                    }
                </div>
                if a.revisions > 1 {
                    <RevisionHistory kind={PostKind::Answer} id={a.id} count={a.revisions} />
                }
                { comment_list(&i18n, &a.comments) }
                if can(QaAct::Comment, own || props.is_asker) {
                    <CommentForm kind={PostKind::Answer} id={a.id} on_done={props.on_done.clone()} />
                }
            </div>
        </article>
    }
}

/// Props of [`AnswerForm`].
#[derive(Properties, PartialEq)]
pub struct AnswerFormProps {
    /// The question.
    pub question: i64,
    /// Called after the answer is posted.
    pub on_done: Callback<()>,
}

/// The "your answer" form (Markdown).
#[component]
pub fn AnswerForm(props: &AnswerFormProps) -> Html {
    let i18n = use_i18n();
    let body = use_node_ref();
    let submit = use_submit();
    let onsubmit = {
        let (body, submit, on_done) = (body.clone(), submit.clone(), props.on_done.clone());
        let question = props.question;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(el) = body.cast::<web_sys::HtmlTextAreaElement>() else { return };
            let text = el.value();
            let on_done = on_done.clone();
            submit.run(async move { api::qa::answer(question, &text).await }, move |_| {
                el.set_value("");
                on_done.emit(());
            });
        })
    };
    html! {
        <form class="qa-form qa-answer-form" onsubmit={onsubmit} data-testid="qa-answer-form">
            <h2 class="h3"><label for="qa-answer-body">{ i18n.tr("qa.your_answer") }</label></h2>
            <textarea id="qa-answer-body" rows="8" required=true ref={body} aria-describedby="qa-answer-hint" data-testid="qa-answer-body" />
            <p id="qa-answer-hint" class="hint">{ i18n.tr("qa.field.body_hint") }</p>
            if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
            <button type="submit" class="btn btn-primary" disabled={submit.busy()} data-testid="qa-answer-submit">{ i18n.tr("qa.post_answer") }</button>
        </form>
    }
}
