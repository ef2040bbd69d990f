//! Asking a question (`/qa/ask`): title, Markdown body and tags. While the
//! title is typed, similar questions and FAQ entries are fetched (debounced)
//! and shown before posting, so a duplicate can be avoided. `?dataset=`
//! links the question to a dataset, `?instrument=` to an instrument.

use std::cell::RefCell;
use std::rc::Rc;

use commons_domain::qa::{QuestionInput, MAX_TAGS};
use gloo::timers::callback::Timeout;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::hooks::api::{use_api, use_last_ok};
use crate::hooks::session::use_session;
use crate::hooks::submit::use_submit;
use crate::hooks::title::use_title;
use crate::i18n::use_i18n;
use crate::qa::common::{qa_crumbs, query_param, sanitised_html, use_query_string};
use crate::route::Route;

/// How long typing must pause before suggestions are fetched.
const SUGGEST_DELAY_MS: u32 = 300;

/// Titles shorter than this get no suggestions.
const SUGGEST_MIN_CHARS: usize = 2;

/// Splits the tag field on commas, spaces and 、.
pub fn split_tags(s: &str) -> Vec<String> {
    s.split(|c: char| c == ',' || c == '，' || c == '、' || c.is_whitespace())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The text of the input or textarea behind `r` ("" if not mounted).
pub fn text_of(r: &NodeRef) -> String {
    if let Some(i) = r.cast::<web_sys::HtmlInputElement>() {
        return i.value();
    }
    r.cast::<web_sys::HtmlTextAreaElement>().map(|t| t.value()).unwrap_or_default()
}

/// The ask form.
#[component]
pub fn QaAsk() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let navigator = use_navigator();
    let dataset = query_param(&use_query_string(), "dataset");
    let instrument: Option<i64> = query_param(&use_query_string(), "instrument").parse().ok();
    use_title(Some(i18n.tr("qa.ask_title").to_string()));
    let (title_ref, body_ref, tags_ref) = (use_node_ref(), use_node_ref(), use_node_ref());
    // The title as it was when typing last paused; suggestions follow it.
    let paused = use_state(String::new);
    let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    let fetched = use_api((*paused).clone(), |title: String| async move {
        if title.chars().count() < SUGGEST_MIN_CHARS {
            Ok(None)
        } else {
            api::qa::suggest(&title).await.map(Some)
        }
    });
    // A failed suggestion is not worth an error box (the form still works);
    // while new ones load, the last ones stay.
    let suggestions = use_last_ok(&fetched.state).flatten();
    let submit = use_submit();

    let on_title = {
        let paused = paused.clone();
        Callback::from(move |e: InputEvent| {
            let title = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
            let paused = paused.clone();
            // Replacing the timer drops (cancels) the one still waiting.
            *timer.borrow_mut() = Some(Timeout::new(SUGGEST_DELAY_MS, move || paused.set(title.trim().to_string())));
        })
    };

    let onsubmit = {
        let (title_ref, body_ref, tags_ref) = (title_ref.clone(), body_ref.clone(), tags_ref.clone());
        let (submit, navigator, dataset) = (submit.clone(), navigator.clone(), dataset.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let input = QuestionInput {
                title: text_of(&title_ref),
                body: text_of(&body_ref),
                tags: split_tags(&text_of(&tags_ref)),
                dataset: (!dataset.is_empty()).then(|| dataset.clone()),
                instrument_id: instrument,
            };
            let navigator = navigator.clone();
            submit.run(async move { api::qa::ask(&input).await }, move |id| {
                if let Some(n) = &navigator {
                    n.push(&Route::QaQuestion { id: *id });
                }
            });
        })
    };
    let busy = submit.busy();

    let suggestion_list = match &suggestions {
        Some(s) if !s.faq.is_empty() || !s.questions.is_empty() => html! {
            <section class="qa-suggestions card" data-testid="qa-suggestions" aria-live="polite" aria-labelledby="qa-suggest-title">
                <h2 id="qa-suggest-title" class="h3">{ i18n.tr("qa.similar") }</h2>
                <p class="muted">{ i18n.tr("qa.similar_hint") }</p>
                if !s.faq.is_empty() {
                    <h3 class="h4">{ i18n.tr("qa.nav.faq") }</h3>
                    { for s.faq.iter().map(|f| html! {
                        <details class="faq-entry" data-testid="qa-suggest-faq">
                            <summary>{ f.title.clone() }</summary>
                            { sanitised_html(&f.body_html, "faq-body") }
                        </details>
                    }) }
                }
                if !s.questions.is_empty() {
                    <h3 class="h4">{ i18n.tr("qa.questions") }</h3>
                    <ul role="list" class="qa-suggest-list">
                        { for s.questions.iter().map(|q| html! {
                            <li data-testid="qa-suggest-question">
                                <Link<Route> to={Route::QaQuestion { id: q.id }}>{ q.title.clone() }</Link<Route>>
                                <span class="muted">{ " · " }{ i18n.trf("qa.answers_n", &[("n", &q.answer_count.to_string())]) }</span>
                            </li>
                        }) }
                    </ul>
                }
            </section>
        },
        _ => html! {},
    };

    let form = if !session.loaded {
        html! {}
    } else if session.user.is_none() {
        html! {
            <div class="notice notice-info" role="status">
                <p>{ i18n.tr("qa.sign_in_needed") }</p>
                <Link<Route> to={Route::Login} classes="btn btn-primary btn-sm">{ i18n.tr("qa.sign_in") }</Link<Route>>
            </div>
        }
    } else {
        html! {
            <form class="qa-form" onsubmit={onsubmit} data-testid="qa-ask-form">
                if !dataset.is_empty() {
                    <p class="notice notice-info">
                        { i18n.tr("qa.about_dataset") }{ " " }
                        <Link<Route> to={Route::Dataset { id: dataset.clone() }}>{ dataset.clone() }</Link<Route>>
                    </p>
                }
                if let Some(id) = instrument {
                    <p class="notice notice-info" data-testid="qa-about-instrument">
                        { i18n.tr("qa.about_instrument") }{ " " }
                        <Link<Route> to={Route::Instrument { id }}>{ format!("#{id}") }</Link<Route>>
                    </p>
                }
                <div class="field">
                    <label for="qa-title">{ i18n.tr("qa.field.title") }</label>
                    <input id="qa-title" name="title" required=true minlength="4" maxlength="150" autocomplete="off"
                        ref={title_ref} oninput={on_title} aria-describedby="qa-title-hint" data-testid="qa-title" />
                    <p id="qa-title-hint" class="hint">{ i18n.tr("qa.field.title_hint") }</p>
                </div>
                { suggestion_list }
                <div class="field">
                    <label for="qa-body">{ i18n.tr("qa.field.body") }</label>
                    <textarea id="qa-body" name="body" required=true rows="10" ref={body_ref}
                        aria-describedby="qa-body-hint" data-testid="qa-body" />
                    <p id="qa-body-hint" class="hint">{ i18n.tr("qa.field.body_hint") }</p>
                </div>
                <div class="field">
                    <label for="qa-tags">{ i18n.tr("qa.field.tags") }</label>
                    <input id="qa-tags" name="tags" required=true ref={tags_ref} autocomplete="off"
                        aria-describedby="qa-tags-hint" data-testid="qa-tags-input" />
                    <p id="qa-tags-hint" class="hint">{ i18n.trf("qa.field.tags_hint", &[("n", &MAX_TAGS.to_string())]) }</p>
                </div>
                if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
                <button type="submit" class="btn btn-primary" disabled={busy} data-testid="qa-ask-submit">
                    { if busy { i18n.tr("common.saving") } else { i18n.tr("qa.post_question") } }
                </button>
            </form>
        }
    };

    html! {
        <div class="page narrow qa-ask">
            { qa_crumbs(&i18n, html! {}) }
            <h1>{ i18n.tr("qa.ask_title") }</h1>
            { form }
        </div>
    }
}
