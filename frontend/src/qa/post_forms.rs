//! What a signed-in member can do under a post besides voting: read and
//! add comments, flag it; and what staff can do: promote an answer to the
//! FAQ, close a question as a duplicate. Every write goes through
//! `use_submit`.

use commons_domain::qa::{Comment, PostKind, QaPromoteInput, FAQ_SERVICES, FLAG_REASONS};
use yew::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::format::when;
use crate::hooks::submit::use_submit;
use crate::i18n::{use_i18n, I18n};
use crate::qa::common::service_name;

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
pub fn comment_list(i18n: &I18n, comments: &[Comment]) -> Html {
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
    let submit = use_submit();
    let onsubmit = {
        let (body, submit, on_done) = (body.clone(), submit.clone(), props.on_done.clone());
        let (kind, id) = (props.kind, props.id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(el) = body.cast::<web_sys::HtmlTextAreaElement>() else { return };
            let text = el.value();
            let on_done = on_done.clone();
            submit.run(async move { api::qa::comment(kind, id, &text).await }, move |_| {
                el.set_value("");
                on_done.emit(());
            });
        })
    };
    let field = format!("comment-{}-{}", props.kind.as_str(), props.id);
    html! {
        <details class="qa-comment-form">
            <summary data-testid="comment-open">{ i18n.tr("qa.add_comment") }</summary>
            <form onsubmit={onsubmit}>
                <label for={field.clone()} class="visually-hidden">{ i18n.tr("qa.add_comment") }</label>
                <textarea id={field} rows="2" required=true maxlength="600" ref={body} data-testid="comment-body" />
                if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
                <button type="submit" class="btn btn-secondary btn-sm" disabled={submit.busy()} data-testid="comment-submit">{ i18n.tr("qa.post_comment") }</button>
            </form>
        </details>
    }
}

/// The name of a flag reason.
fn reason_name(i18n: &I18n, reason: &str) -> &'static str {
    match reason {
        "spam" => i18n.tr("qa.flag.spam"),
        "offensive" => i18n.tr("qa.flag.offensive"),
        "off_topic" => i18n.tr("qa.flag.off_topic"),
        _ => i18n.tr("qa.flag.other"),
    }
}

/// "Flag": a reason, then a thank-you.
#[component]
pub fn FlagForm(props: &PostProps) -> Html {
    let i18n = use_i18n();
    let reason = use_state(|| FLAG_REASONS[0].to_string());
    let submit = use_submit();
    let on_reason = {
        let reason = reason.clone();
        Callback::from(move |e: Event| reason.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
    };
    let onsubmit = {
        let (reason, submit) = (reason.clone(), submit.clone());
        let (kind, id) = (props.kind, props.id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let r = (*reason).clone();
            submit.run(async move { api::qa::flag(kind, id, &r).await }, |_| {});
        })
    };
    let field = format!("flag-{}-{}", props.kind.as_str(), props.id);
    html! {
        <details class="qa-flag">
            <summary>{ i18n.tr("qa.flag") }</summary>
            if submit.done().is_some() {
                <p class="notice notice-success" role="status">{ i18n.tr("qa.flagged") }</p>
            } else {
                <form onsubmit={onsubmit}>
                    <label for={field.clone()}>{ i18n.tr("qa.flag_reason") }</label>
                    <select id={field} onchange={on_reason}>
                        { for FLAG_REASONS.iter().map(|r| html! {
                            <option value={*r} selected={*reason == *r}>{ reason_name(&i18n, r) }</option>
                        }) }
                    </select>
                    if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
                    <button type="submit" class="btn btn-secondary btn-sm" disabled={submit.busy()}>{ i18n.tr("qa.flag_send") }</button>
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
    let submit = use_submit();
    let on_service = {
        let service = service.clone();
        Callback::from(move |e: Event| service.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value()))
    };
    let onsubmit = {
        let (service, category, submit) = (service.clone(), category.clone(), submit.clone());
        let id = props.id;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let category = category.cast::<web_sys::HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let filing = QaPromoteInput { service: (*service).clone(), category };
            submit.run(async move { api::qa::promote(id, &filing).await }, |_| {});
        })
    };
    html! {
        <details class="qa-promote">
            <summary>{ i18n.tr("qa.promote") }</summary>
            if submit.done().is_some() {
                <p class="notice notice-success" role="status">{ i18n.tr("qa.promoted") }</p>
            } else {
                <form onsubmit={onsubmit} class="qa-inline-form">
                    <select onchange={on_service} aria-label={i18n.tr("qa.faq_service")}>
                        { for FAQ_SERVICES.iter().map(|s| html! {
                            <option value={*s} selected={*service == *s}>{ service_name(&i18n, s) }</option>
                        }) }
                    </select>
                    <input ref={category} required=true placeholder={i18n.tr("qa.faq_category")} aria-label={i18n.tr("qa.faq_category")} />
                    if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
                    <button type="submit" class="btn btn-secondary btn-sm" disabled={submit.busy()}>{ i18n.tr("qa.promote_send") }</button>
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
    let submit = use_submit();
    let onsubmit = {
        let (of, submit, on_done) = (of.clone(), submit.clone(), props.on_done.clone());
        let id = props.id;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let target = of.cast::<web_sys::HtmlInputElement>().and_then(|i| i.value().trim().parse::<i64>().ok());
            let Some(target) = target else { return };
            let on_done = on_done.clone();
            submit.run(async move { api::qa::close_duplicate(id, target).await }, move |_| on_done.emit(()));
        })
    };
    html! {
        <details class="qa-promote">
            <summary data-testid="duplicate-open">{ i18n.tr("qa.close_duplicate") }</summary>
            <form onsubmit={onsubmit} class="qa-inline-form">
                <input ref={of} type="number" min="1" required=true data-testid="duplicate-of" aria-label={i18n.tr("qa.duplicate_target")}
                    placeholder={i18n.tr("qa.duplicate_target")} />
                if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
                <button type="submit" class="btn btn-secondary btn-sm" disabled={submit.busy()} data-testid="duplicate-submit">{ i18n.tr("qa.close_duplicate") }</button>
            </form>
        </details>
    }
}
