//! One question (`/qa/questions/:id`): the question with its votes, tags,
//! comments and links (dataset, duplicate), then its answers (accepted
//! first) each with votes, comments, an accept button for the asker and a
//! flag form, then the answer form. Bodies are the server's sanitised HTML;
//! every other field is shown as text.

use commons_domain::qa::{Comment, PostKind, QuestionInput, QuestionView};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::format::{grouped, when};
use crate::hooks::api::{use_api, use_last_ok};
use crate::hooks::session::use_session;
use crate::hooks::title::use_title;
use crate::i18n::use_i18n;
use crate::qa::ask::split_tags;
use crate::qa::common::{is_moderator, level_label, qa_crumbs, sanitised_html, tag_list};
use crate::route::Route;

/// The flag reasons the API takes.
const FLAG_REASONS: [&str; 4] = ["spam", "offensive", "off_topic", "other"];

fn kind_name(kind: PostKind) -> &'static str {
    match kind {
        PostKind::Question => "question",
        PostKind::Answer => "answer",
    }
}

/// Props of [`VoteBox`].
#[derive(Properties, PartialEq)]
pub struct VoteProps {
    /// What is voted on.
    pub kind: PostKind,
    /// Its id.
    pub id: i64,
    /// Its score.
    pub score: i64,
    /// The viewer's vote.
    pub my_vote: i64,
    /// Called after a vote counted.
    pub on_done: Callback<()>,
}

/// Up and down buttons around the score; pressing the held vote again takes it back.
#[component]
pub fn VoteBox(props: &VoteProps) -> Html {
    let i18n = use_i18n();
    let error = use_state(|| None::<ApiFailure>);
    let held = use_state(|| None::<(i64, i64)>);
    // A reload of the page brings fresh numbers; forget the local ones.
    {
        let held = held.clone();
        use_effect_with((props.score, props.my_vote), move |_| held.set(None));
    }
    let (my_vote, score) = held.unwrap_or((props.my_vote, props.score));
    let vote = |dir: i64| {
        let (error, held, on_done) = (error.clone(), held.clone(), props.on_done.clone());
        let (kind, id) = (props.kind, props.id);
        Callback::from(move |_: MouseEvent| {
            let value = if my_vote == dir { 0 } else { dir };
            let (error, held, on_done) = (error.clone(), held.clone(), on_done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::qa::vote(kind, id, value).await {
                    Ok(v) => {
                        error.set(None);
                        held.set(Some((v.value, v.score)));
                        on_done.emit(());
                    }
                    Err(f) => error.set(Some(f)),
                }
            });
        })
    };
    html! {
        <div class="qa-vote" data-testid={format!("vote-{}-{}", kind_name(props.kind), props.id)}>
            <button type="button" class="btn btn-ghost btn-sm vote-up" aria-pressed={(my_vote == 1).to_string()}
                aria-label={i18n.tr("qa.vote_up")} onclick={vote(1)} data-testid="vote-up">{ "▲" }</button>
            <span class="qa-score" data-testid="score" data-score={score.to_string()}
                aria-label={i18n.trf("qa.score_n", &[("n", &score.to_string())])}>{ score }</span>
            <button type="button" class="btn btn-ghost btn-sm vote-down" aria-pressed={(my_vote == -1).to_string()}
                aria-label={i18n.tr("qa.vote_down")} onclick={vote(-1)} data-testid="vote-down">{ "▼" }</button>
            if let Some(f) = &*error { <ErrorNotice failure={f.clone()} /> }
        </div>
    }
}

/// Props of the forms under a post.
#[derive(Properties, PartialEq)]
pub struct PostProps {
    /// The post's kind.
    pub kind: PostKind,
    /// Its id.
    pub id: i64,
    /// Called after the action went through.
    #[prop_or_default]
    pub on_done: Callback<()>,
}

/// The comments of a post, as text.
fn comment_list(i18n: &crate::i18n::I18n, comments: &[Comment]) -> Html {
    if comments.is_empty() {
        return html! {};
    }
    html! {
        <ul class="qa-comments" role="list" data-testid="qa-comments">
            { for comments.iter().map(|c| html! {
                <li class="qa-comment" data-testid="qa-comment">
                    <span class="qa-comment-body">{ c.body.clone() }</span>
                    <span class="muted">{ " — " }{ c.author.clone() }{ " · " }{ when(i18n, &c.created_at) }</span>
                </li>
            }) }
        </ul>
    }
}

/// "Add a comment": plain text.
#[component]
pub fn CommentForm(props: &PostProps) -> Html {
    let i18n = use_i18n();
    let body = use_node_ref();
    let error = use_state(|| None::<ApiFailure>);
    let onsubmit = {
        let (body, error, on_done) = (body.clone(), error.clone(), props.on_done.clone());
        let (kind, id) = (props.kind, props.id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(el) = body.cast::<web_sys::HtmlTextAreaElement>() else { return };
            let text = el.value();
            let (error, on_done) = (error.clone(), on_done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::qa::comment(kind, id, &text).await {
                    Ok(()) => {
                        el.set_value("");
                        error.set(None);
                        on_done.emit(());
                    }
                    Err(f) => error.set(Some(f)),
                }
            });
        })
    };
    let field = format!("comment-{}-{}", kind_name(props.kind), props.id);
    html! {
        <details class="qa-comment-form">
            <summary data-testid="comment-open">{ i18n.tr("qa.add_comment") }</summary>
            <form onsubmit={onsubmit}>
                <label for={field.clone()} class="visually-hidden">{ i18n.tr("qa.add_comment") }</label>
                <textarea id={field} rows="2" required=true maxlength="600" ref={body} data-testid="comment-body" />
                if let Some(f) = &*error { <ErrorNotice failure={f.clone()} /> }
                <button type="submit" class="btn btn-secondary btn-sm" data-testid="comment-submit">{ i18n.tr("qa.post_comment") }</button>
            </form>
        </details>
    }
}

/// "Flag": a reason, then a thank-you.
#[component]
pub fn FlagForm(props: &PostProps) -> Html {
    let i18n = use_i18n();
    let reason = use_state(|| FLAG_REASONS[0].to_string());
    let outcome = use_state(|| None::<Result<(), ApiFailure>>);
    let on_reason = {
        let reason = reason.clone();
        Callback::from(move |e: Event| reason.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
    };
    let onsubmit = {
        let (reason, outcome) = (reason.clone(), outcome.clone());
        let (kind, id) = (props.kind, props.id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (r, outcome) = ((*reason).clone(), outcome.clone());
            wasm_bindgen_futures::spawn_local(async move { outcome.set(Some(api::qa::flag(kind, id, &r).await)) });
        })
    };
    let field = format!("flag-{}-{}", kind_name(props.kind), props.id);
    html! {
        <details class="qa-flag">
            <summary>{ i18n.tr("qa.flag") }</summary>
            if let Some(Ok(())) = &*outcome {
                <p class="notice notice-success" role="status">{ i18n.tr("qa.flagged") }</p>
            } else {
                <form onsubmit={onsubmit}>
                    <label for={field.clone()}>{ i18n.tr("qa.flag_reason") }</label>
                    <select id={field} onchange={on_reason}>
                        { for FLAG_REASONS.iter().map(|r| html! {
                            <option value={*r} selected={*reason == *r}>{ match *r {
                                "spam" => i18n.tr("qa.flag.spam"),
                                "offensive" => i18n.tr("qa.flag.offensive"),
                                "off_topic" => i18n.tr("qa.flag.off_topic"),
                                _ => i18n.tr("qa.flag.other"),
                            } }</option>
                        }) }
                    </select>
                    if let Some(Err(f)) = &*outcome { <ErrorNotice failure={f.clone()} /> }
                    <button type="submit" class="btn btn-secondary btn-sm">{ i18n.tr("qa.flag_send") }</button>
                </form>
            }
        </details>
    }
}

/// Staff: file an answer in the FAQ.
#[component]
pub fn PromoteForm(props: &PostProps) -> Html {
    let i18n = use_i18n();
    let service = use_state(|| "qa".to_string());
    let category = use_node_ref();
    let outcome = use_state(|| None::<Result<i64, ApiFailure>>);
    let on_service = {
        let service = service.clone();
        Callback::from(move |e: Event| service.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
    };
    let onsubmit = {
        let (service, category, outcome) = (service.clone(), category.clone(), outcome.clone());
        let id = props.id;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let cat = category.cast::<web_sys::HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let (s, outcome) = ((*service).clone(), outcome.clone());
            wasm_bindgen_futures::spawn_local(async move { outcome.set(Some(api::qa::promote(id, &s, &cat).await)) });
        })
    };
    html! {
        <details class="qa-promote">
            <summary>{ i18n.tr("qa.promote") }</summary>
            if let Some(Ok(_)) = &*outcome {
                <p class="notice notice-success" role="status">{ i18n.tr("qa.promoted") }</p>
            } else {
                <form onsubmit={onsubmit} class="qa-inline-form">
                    <select onchange={on_service} aria-label={i18n.tr("qa.faq_service")}>
                        { for commons_domain::qa::FAQ_SERVICES.iter().map(|s| html! {
                            <option value={*s} selected={*service == *s}>{ crate::qa::common::service_name(&i18n, s) }</option>
                        }) }
                    </select>
                    <input ref={category} required=true placeholder={i18n.tr("qa.faq_category")} aria-label={i18n.tr("qa.faq_category")} />
                    if let Some(Err(f)) = &*outcome { <ErrorNotice failure={f.clone()} /> }
                    <button type="submit" class="btn btn-secondary btn-sm">{ i18n.tr("qa.promote_send") }</button>
                </form>
            }
        </details>
    }
}

/// Staff: close a question as a duplicate of another (by id).
#[component]
pub fn DuplicateForm(props: &PostProps) -> Html {
    let i18n = use_i18n();
    let of = use_node_ref();
    let error = use_state(|| None::<ApiFailure>);
    let onsubmit = {
        let (of, error, on_done) = (of.clone(), error.clone(), props.on_done.clone());
        let id = props.id;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let target = of.cast::<web_sys::HtmlInputElement>().and_then(|i| i.value().trim().parse::<i64>().ok());
            let Some(target) = target else { return };
            let (error, on_done) = (error.clone(), on_done.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::qa::close_duplicate(id, target).await {
                    Ok(()) => on_done.emit(()),
                    Err(f) => error.set(Some(f)),
                }
            });
        })
    };
    html! {
        <details class="qa-promote">
            <summary data-testid="duplicate-open">{ i18n.tr("qa.close_duplicate") }</summary>
            <form onsubmit={onsubmit} class="qa-inline-form">
                <input ref={of} type="number" min="1" required=true data-testid="duplicate-of" aria-label={i18n.tr("qa.duplicate_target")}
                    placeholder={i18n.tr("qa.duplicate_target")} />
                if let Some(f) = &*error { <ErrorNotice failure={f.clone()} /> }
                <button type="submit" class="btn btn-secondary btn-sm" data-testid="duplicate-submit">{ i18n.tr("qa.close_duplicate") }</button>
            </form>
        </details>
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
    let error = use_state(|| None::<ApiFailure>);
    let busy = use_state(|| false);
    let onsubmit = {
        let (body, error, busy, on_done) = (body.clone(), error.clone(), busy.clone(), props.on_done.clone());
        let question = props.question;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(el) = body.cast::<web_sys::HtmlTextAreaElement>() else { return };
            let text = el.value();
            let (error, busy, on_done) = (error.clone(), busy.clone(), on_done.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api::qa::answer(question, &text).await {
                    Ok(_) => {
                        el.set_value("");
                        error.set(None);
                        on_done.emit(());
                    }
                    Err(f) => error.set(Some(f)),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <form class="qa-form qa-answer-form" onsubmit={onsubmit} data-testid="qa-answer-form">
            <h2 class="h3"><label for="qa-answer-body">{ i18n.tr("qa.your_answer") }</label></h2>
            <textarea id="qa-answer-body" rows="8" required=true ref={body} aria-describedby="qa-answer-hint" data-testid="qa-answer-body" />
            <p id="qa-answer-hint" class="hint">{ i18n.tr("qa.field.body_hint") }</p>
            if let Some(f) = &*error { <ErrorNotice failure={f.clone()} /> }
            <button type="submit" class="btn btn-primary" disabled={*busy} data-testid="qa-answer-submit">{ i18n.tr("qa.post_answer") }</button>
        </form>
    }
}

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
    let error = use_state(|| None::<ApiFailure>);
    let busy = use_state(|| false);
    let q = &props.question;
    let onsubmit = {
        let (title, body, tags, error, busy, open, on_done) = (
            title.clone(),
            body.clone(),
            tags.clone(),
            error.clone(),
            busy.clone(),
            open.clone(),
            props.on_done.clone(),
        );
        let (id, dataset, instrument_id) = (q.id, q.dataset.clone(), q.instrument_id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = |r: &NodeRef| {
                r.cast::<web_sys::HtmlInputElement>()
                    .map(|el| el.value())
                    .or_else(|| r.cast::<web_sys::HtmlTextAreaElement>().map(|el| el.value()))
                    .unwrap_or_default()
            };
            let input = QuestionInput {
                title: text(&title),
                body: text(&body),
                tags: split_tags(&text(&tags)),
                dataset: dataset.clone(),
                instrument_id,
            };
            let (error, busy, open, on_done) = (error.clone(), busy.clone(), open.clone(), on_done.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                match api::qa::edit_question(id, &input).await {
                    Ok(()) => {
                        error.set(None);
                        open.set(false);
                        on_done.emit(());
                    }
                    Err(f) => error.set(Some(f)),
                }
                busy.set(false);
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
            if let Some(f) = &*error { <ErrorNotice failure={f.clone()} /> }
            <div class="qa-actions">
                <button type="submit" class="btn btn-primary btn-sm" disabled={*busy} data-testid="qa-edit-save">{ i18n.tr("qa.save_edit") }</button>
                <button type="button" class="btn btn-secondary btn-sm" onclick={cancel}>{ i18n.tr("qa.cancel") }</button>
            </div>
        </form>
    }
}

/// Props of [`RevisionHistory`].
#[derive(Properties, PartialEq)]
pub struct HistoryProps {
    /// Question id.
    pub id: i64,
    /// How many versions there are (refetches when it changes).
    pub count: i64,
}

/// Every version of a question, newest first, loaded when opened.
#[component]
pub fn RevisionHistory(props: &HistoryProps) -> Html {
    let i18n = use_i18n();
    let list = use_state(|| None::<Result<Vec<api::qa::QaRevision>, ApiFailure>>);
    let ontoggle = {
        let (list, id) = (list.clone(), props.id);
        Callback::from(move |e: Event| {
            let opened = e.target_dyn_into::<web_sys::HtmlDetailsElement>().is_some_and(|d| d.open());
            if opened {
                let list = list.clone();
                wasm_bindgen_futures::spawn_local(async move { list.set(Some(api::qa::revisions(id).await)) });
            }
        })
    };
    let body = match &*list {
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} /> },
        Some(Ok(revs)) => html! {
            <ol class="qa-revisions" reversed=true data-testid="qa-revision-list">
                { for revs.iter().rev().map(|r| html! {
                    <li key={r.id}>
                        <p class="muted">{ r.author.clone() }{ " · " }{ when(&i18n, &r.created_at) }</p>
                        <p class="qa-revision-title">{ r.title.clone() }</p>
                        <pre class="qa-revision-body">{ r.body.clone() }</pre>
                    </li>
                }) }
            </ol>
        },
    };
    html! {
        <details class="qa-history" key={props.count} ontoggle={ontoggle} data-testid="qa-history">
            <summary>{ i18n.trf("qa.revisions_n", &[("n", &props.count.to_string())]) }</summary>
            { body }
        </details>
    }
}

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
    let accept_error = use_state(|| None::<ApiFailure>);
    use_title(shown.as_ref().map(|q| q.title.clone()));
    let reload = {
        let reloads = reloads.clone();
        Callback::from(move |_: ()| reloads.set(*reloads + 1))
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
    let staff = is_moderator(me);

    let accept = |answer: i64, on: bool| {
        let (reload, accept_error) = (reload.clone(), accept_error.clone());
        Callback::from(move |_: MouseEvent| {
            let (reload, accept_error) = (reload.clone(), accept_error.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match api::qa::accept(answer, on).await {
                    Ok(()) => {
                        accept_error.set(None);
                        reload.emit(());
                    }
                    Err(f) => accept_error.set(Some(f)),
                }
            });
        })
    };

    let answers = q.answers.iter().map(|a| {
        html! {
            <article key={a.id} class={classes!("qa-post", "qa-answer", a.accepted.then_some("accepted"))}
                data-testid="qa-answer" data-answer-id={a.id.to_string()} id={format!("answer-{}", a.id)}>
                <VoteBox kind={PostKind::Answer} id={a.id} score={a.score} my_vote={a.my_vote} on_done={reload.clone()} />
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
                        if is_asker {
                            if a.accepted {
                                <button type="button" class="btn btn-secondary btn-sm" onclick={accept(a.id, false)} data-testid="unaccept">{ i18n.tr("qa.unaccept") }</button>
                            } else {
                                <button type="button" class="btn btn-primary btn-sm" onclick={accept(a.id, true)} data-testid="accept">{ i18n.tr("qa.accept") }</button>
                            }
                        }
                        if me.is_some() {
                            <FlagForm kind={PostKind::Answer} id={a.id} />
                        }
                        if staff {
                            <PromoteForm kind={PostKind::Answer} id={a.id} />
                        }
                    </div>
                    { comment_list(&i18n, &a.comments) }
                    if me.is_some() {
                        <CommentForm kind={PostKind::Answer} id={a.id} on_done={reload.clone()} />
                    }
                </div>
            </article>
        }
    });

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
                <VoteBox kind={PostKind::Question} id={q.id} score={q.score} my_vote={q.my_vote} on_done={reload.clone()} />
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
                            if is_asker || staff {
                                <EditQuestion question={q.clone()} on_done={reload.clone()} />
                            }
                            <FlagForm kind={PostKind::Question} id={q.id} />
                            if staff && q.duplicate_of.is_none() {
                                <DuplicateForm kind={PostKind::Question} id={q.id} on_done={reload.clone()} />
                            }
                        </div>
                    }
                    { comment_list(&i18n, &q.comments) }
                    if me.is_some() {
                        <CommentForm kind={PostKind::Question} id={q.id} on_done={reload.clone()} />
                    }
                </div>
            </article>
            <h2 data-testid="qa-answer-count">{ i18n.trf("qa.answers_n", &[("n", &q.answers.len().to_string())]) }</h2>
            if let Some(f) = &*accept_error { <ErrorNotice failure={f.clone()} /> }
            { for answers }
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
