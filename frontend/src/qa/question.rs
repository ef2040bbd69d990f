//! One question (`/qa/questions/:id`): the question with its votes, tags,
//! comments and links (dataset, instrument, duplicate), then its answers
//! (accepted first, see [`crate::qa::answers`]), then the answer form.
//! Bodies are the server's sanitised HTML; every other field is shown as
//! text.

use commons_domain::qa::{PostKind, QaAccepted, QaAct, QuestionView};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::format::{grouped, when};
use crate::hooks::api::{use_api, use_last_ok};
use crate::hooks::session::use_session;
use crate::hooks::submit::use_submit;
use crate::hooks::title::use_title;
use crate::i18n::use_i18n;
use crate::qa::answers::{AnswerForm, AnswerItem};
use crate::qa::common::{locked_line, may, qa_crumbs, sanitised_html, tag_list};
use crate::qa::edit::{EditQuestion, RevisionHistory};
use crate::qa::post_forms::{comment_list, CommentForm, DuplicateForm, FlagForm};
use crate::qa::vote::VoteBox;
use crate::route::Route;

/// Props of [`QaQuestionPage`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// Question id.
    pub id: i64,
}

/// The question page.
#[component]
pub fn QaQuestionPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let reloads = use_state(|| 0u32);
    let fetched = use_api((props.id, *reloads), |(id, _)| async move { api::qa::question(id).await });
    let shown = use_last_ok(&fetched.state);
    let accepting = use_submit::<QaAccepted>();
    use_title(shown.as_ref().map(|q| q.title.clone()));
    let reload = {
        let reloads = reloads.clone();
        Callback::from(move |_: ()| reloads.set(*reloads + 1))
    };
    let on_accept = {
        let (accepting, reload) = (accepting.clone(), reload.clone());
        Callback::from(move |(answer, on): (i64, bool)| {
            let reload = reload.clone();
            accepting.run(api::qa::accept(answer, on), move |_| reload.emit(()));
        })
    };

    let q: QuestionView = match (&*fetched.state, shown) {
        (Some(Err(f)), _) => {
            return html! {
                <div class="page qa-question">
                    { qa_crumbs(&i18n, html! {}) }
                    <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} />
                </div>
            }
        }
        (_, None) => return html! { <div class="page qa-question"><Loading /></div> },
        (_, Some(q)) => q,
    };
    let me = session.user.as_ref();
    let is_asker = me.is_some_and(|u| u.id == q.user_id);
    // Every control below is offered by the rule the Worker applies.
    let viewer = q.viewer.as_ref();
    let staff = viewer.is_some_and(|v| v.moderator);
    let can = |act: QaAct, own: bool| may(viewer, act, own);
    let question_acts = [
        (QaAct::Comment, is_asker),
        (QaAct::Downvote, false),
        (QaAct::Flag, false),
        (QaAct::Edit, is_asker),
        (QaAct::CloseDuplicate, false),
    ];

    html! {
        <div class="page qa-question">
            { qa_crumbs(&i18n, html! {}) }
            <h1 data-testid="qa-question-title">{ q.title.clone() }</h1>
            <p class="muted qa-meta">
                { i18n.trf("qa.asked_by", &[("name", &q.author), ("when", &when(&i18n, &q.created_at))]) }
                { " · " }{ i18n.trf("qa.views_n", &[("n", &grouped(q.views))]) }
                if q.revisions > 1 {
                    { " · " }<span data-testid="qa-revisions">{ i18n.trf("qa.revisions_n", &[("n", &q.revisions.to_string())]) }</span>
                }
            </p>
            if let Some(of) = q.duplicate_of {
                <div class="notice notice-info" role="status" data-testid="qa-duplicate">
                    { i18n.tr("qa.duplicate_of") }{ " " }
                    <Link<Route> to={Route::QaQuestion { id: of }}>{ format!("#{of}") }</Link<Route>>
                </div>
            }
            <article class="qa-post qa-question-post" data-testid="qa-question-post">
                <VoteBox kind={PostKind::Question} id={q.id} score={q.score} my_vote={q.my_vote}
                    can_downvote={can(QaAct::Downvote, false)} on_done={reload.clone()} />
                <div class="qa-post-main">
                    { sanitised_html(&q.body_html, "qa-body") }
                    { tag_list(&q.tags) }
                    if let Some(d) = &q.dataset {
                        <p class="qa-link-dataset">
                            { i18n.tr("qa.about_dataset") }{ " " }
                            <Link<Route> to={Route::Dataset { id: d.clone() }}><span data-testid="qa-dataset-link">{ d.clone() }</span></Link<Route>>
                        </p>
                    }
                    if let Some(i) = q.instrument_id {
                        <p class="qa-link-dataset">
                            { i18n.tr("qa.about_instrument") }{ " " }
                            <Link<Route> to={Route::Instrument { id: i }}>{ format!("#{i}") }</Link<Route>>
                        </p>
                    }
                    <p class="muted qa-byline">
                        <Link<Route> to={Route::QaUser { id: q.user_id }}>{ q.author.clone() }</Link<Route>>
                    </p>
                    if q.revisions > 1 {
                        <RevisionHistory id={q.id} count={q.revisions} />
                    }
                    if me.is_some() {
                        <div class="qa-actions">
                            if can(QaAct::Edit, is_asker) {
                                <EditQuestion question={q.clone()} on_done={reload.clone()} />
                            }
                            if can(QaAct::Flag, false) {
                                <FlagForm kind={PostKind::Question} id={q.id} />
                            }
                            if can(QaAct::CloseDuplicate, false) && q.duplicate_of.is_none() {
                                <DuplicateForm kind={PostKind::Question} id={q.id} on_done={reload.clone()} />
                            }
                        </div>
                    }
                    { locked_line(&i18n, viewer, &question_acts) }
                    { comment_list(&i18n, &q.comments) }
                    if can(QaAct::Comment, is_asker) {
                        <CommentForm kind={PostKind::Question} id={q.id} on_done={reload.clone()} />
                    }
                </div>
            </article>
            <h2 data-testid="qa-answer-count">{ i18n.trf("qa.answers_n", &[("n", &q.answers.len().to_string())]) }</h2>
            if let Some(f) = accepting.failure() { <ErrorNotice failure={f} /> }
            { for q.answers.iter().map(|a| html! {
                <AnswerItem key={a.id} answer={a.clone()} viewer={q.viewer} is_asker={is_asker} staff={staff}
                    accept_busy={accepting.busy()} on_accept={on_accept.clone()} on_done={reload.clone()} />
            }) }
            if me.is_some() {
                <AnswerForm question={q.id} on_done={reload.clone()} />
            } else if session.loaded {
                <div class="notice notice-info" role="status">
                    <p>{ i18n.tr("qa.sign_in_to_answer") }</p>
                    <Link<Route> to={Route::Login} classes="btn btn-primary btn-sm">{ i18n.tr("qa.sign_in") }</Link<Route>>
                </div>
            }
        </div>
    }
}
