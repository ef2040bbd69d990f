//! The FAQ (`/qa/faq`): entries by service (kept in the URL as `?service=`)
//! and category; staff can add an entry.

use commons_domain::qa::{FaqEntry, QaFaqInput, FAQ_SERVICES};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::format::pct_encode;
use crate::hooks::api::use_api;
use crate::hooks::session::use_session;
use crate::hooks::submit::use_submit;
use crate::hooks::title::use_title;
use crate::i18n::use_i18n;
use crate::qa::common::{is_moderator, qa_nav, query_param, sanitised_html, service_name, use_query_string};
use crate::route::Route;

/// Props of [`NewFaqForm`].
#[derive(Properties, PartialEq)]
pub struct NewFaqProps {
    /// Called after an entry is added.
    pub on_done: Callback<()>,
}

/// Staff: add an FAQ entry.
#[component]
pub fn NewFaqForm(props: &NewFaqProps) -> Html {
    let i18n = use_i18n();
    let (service, category, title, body) = (use_node_ref(), use_node_ref(), use_node_ref(), use_node_ref());
    let submit = use_submit();
    let onsubmit = {
        let (service, category, title, body) = (service.clone(), category.clone(), title.clone(), body.clone());
        let (submit, on_done) = (submit.clone(), props.on_done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let entry = QaFaqInput {
                service: service.cast::<web_sys::HtmlSelectElement>().map(|i| i.value()).unwrap_or_default(),
                category: category.cast::<web_sys::HtmlInputElement>().map(|i| i.value()).unwrap_or_default(),
                title: title.cast::<web_sys::HtmlInputElement>().map(|i| i.value()).unwrap_or_default(),
                body: body.cast::<web_sys::HtmlTextAreaElement>().map(|i| i.value()).unwrap_or_default(),
            };
            let on_done = on_done.clone();
            submit.run(async move { api::qa::create_faq(&entry).await }, move |_| on_done.emit(()));
        })
    };
    html! {
        <details class="card qa-new-faq">
            <summary>{ i18n.tr("qa.faq_add") }</summary>
            <form class="qa-form" onsubmit={onsubmit}>
                <div class="field">
                    <label for="faq-service">{ i18n.tr("qa.faq_service") }</label>
                    <select id="faq-service" ref={service}>
                        { for FAQ_SERVICES.iter().map(|s| html! { <option value={*s}>{ service_name(&i18n, s) }</option> }) }
                    </select>
                </div>
                <div class="field">
                    <label for="faq-category">{ i18n.tr("qa.faq_category") }</label>
                    <input id="faq-category" required=true ref={category} />
                </div>
                <div class="field">
                    <label for="faq-title">{ i18n.tr("qa.field.title") }</label>
                    <input id="faq-title" required=true ref={title} />
                </div>
                <div class="field">
                    <label for="faq-body">{ i18n.tr("qa.field.body") }</label>
                    <textarea id="faq-body" rows="6" required=true ref={body} />
                </div>
                if let Some(f) = submit.failure() { <ErrorNotice failure={f} /> }
                <button type="submit" class="btn btn-primary btn-sm" disabled={submit.busy()}>{ i18n.tr("common.save") }</button>
            </form>
        </details>
    }
}

/// The FAQ page.
#[component]
pub fn QaFaq() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let navigator = use_navigator();
    let service = Some(query_param(&use_query_string(), "service"))
        .filter(|s| FAQ_SERVICES.contains(&s.as_str()))
        .unwrap_or_default();
    let reloads = use_state(|| 0u32);
    let fetched = use_api((service.clone(), *reloads), |(s, _): (String, u32)| async move { api::qa::faq(&s).await });
    use_title(Some(i18n.tr("qa.nav.faq").to_string()));
    let tab = |s: &'static str, name: String| {
        let onclick = {
            let navigator = navigator.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(n) = &navigator {
                    let q = if s.is_empty() { String::new() } else { format!("service={}", pct_encode(s)) };
                    let _ = n.push_with_query(&Route::QaFaq, yew_router::query::Raw(q));
                }
            })
        };
        let on = service == s;
        html! {
            <button type="button" role="tab" aria-selected={on.to_string()} onclick={onclick}
                class={classes!("btn", "btn-sm", if on { "btn-primary" } else { "btn-secondary" })}
                data-testid={format!("faq-tab-{s}")}>{ name }</button>
        }
    };
    let body = match &*fetched.state {
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(list)) if list.is_empty() => html! { <p class="notice notice-info">{ i18n.tr("qa.faq_empty") }</p> },
        Some(Ok(list)) => {
            // The API orders by service, then category: group consecutive runs.
            let mut groups: Vec<(String, String, Vec<&FaqEntry>)> = Vec::new();
            for f in list {
                match groups.last_mut() {
                    Some((s, c, v)) if *s == f.service && *c == f.category => v.push(f),
                    _ => groups.push((f.service.clone(), f.category.clone(), vec![f])),
                }
            }
            html! {
                <div data-testid="faq-list">
                    { for groups.iter().map(|(s, c, entries)| html! {
                        <section class="qa-faq-group">
                            <h2 class="h3">{ service_name(&i18n, s) }{ " · " }{ c.clone() }</h2>
                            { for entries.iter().map(|f| html! {
                                <details class="faq-entry" data-testid="faq-entry" id={format!("faq-{}", f.id)}>
                                    <summary>{ f.title.clone() }</summary>
                                    { sanitised_html(&f.body_html, "faq-body") }
                                </details>
                            }) }
                        </section>
                    }) }
                </div>
            }
        }
    };
    let on_added = {
        let reloads = reloads.clone();
        Callback::from(move |_| reloads.set(*reloads + 1))
    };
    html! {
        <div class="page qa-faq">
            <h1>{ i18n.tr("qa.nav.faq") }</h1>
            { qa_nav(&i18n, session.user.as_ref(), "faq") }
            <div class="qa-tabs" role="tablist" aria-label={i18n.tr("qa.faq_service")}>
                { tab("", i18n.tr("qa.faq_all").to_string()) }
                { for FAQ_SERVICES.iter().map(|s| tab(s, service_name(&i18n, s))) }
            </div>
            if is_moderator(session.user.as_ref()) { <NewFaqForm on_done={on_added} /> }
            { body }
        </div>
    }
}
