//! The Knowledge Q&A home (`/qa`): a search kept in the URL (text, tag,
//! answered, sort, page), FAQ hits first, the questions, an ask button, and
//! a sidebar with the tags on screen and the week's leaders.

use std::collections::BTreeMap;

use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::hooks::api::{use_api, use_last_ok};
use crate::hooks::session::use_session;
use crate::hooks::title::use_title;
use crate::i18n::{use_i18n, I18n};
use crate::qa::common::{
    go_search, level_label, qa_nav, sanitised_html, use_query_string, QaLink, QaQuery, QuestionCard, QA_SORTS,
};
use crate::route::Route;

/// The name of a sort.
fn sort_name(i18n: &I18n, s: &str) -> &'static str {
    match s {
        "newest" => i18n.tr("qa.sort.newest"),
        "votes" => i18n.tr("qa.sort.votes"),
        "activity" => i18n.tr("qa.sort.activity"),
        _ => i18n.tr("qa.sort.relevance"),
    }
}

/// The question list page.
#[component]
pub fn QaHome() -> Html {
    let i18n = use_i18n();
    let session = use_session();
    let navigator = use_navigator();
    let query = QaQuery::parse(&use_query_string());
    let fetched = use_api(query.to_query(), |qs: String| async move { api::qa::questions(&qs).await });
    let shown = use_last_ok(&fetched.state);
    let leaders = use_api((), |_| async move { api::qa::leaderboard("week", "").await });
    use_title(Some(i18n.tr("nav.qa").to_string()));

    let q_ref = use_node_ref();
    let onsubmit = {
        let (navigator, query, q_ref) = (navigator.clone(), query.clone(), q_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let q = q_ref.cast::<web_sys::HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            go_search(&navigator, &QaQuery { q: q.trim().to_string(), page: 1, ..query.clone() });
        })
    };
    let on_select = |field: &'static str| {
        let (navigator, query) = (navigator.clone(), query.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            let mut next = QaQuery { page: 1, ..query.clone() };
            if field == "sort" {
                next.sort = v;
            } else {
                next.answered = v;
            }
            go_search(&navigator, &next);
        })
    };

    let loading = fetched.state.is_none();
    let results = match (&*fetched.state, &shown) {
        (Some(Err(f)), _) => html! {
            <>
                <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} />
                <QaLink to={QaQuery::default()} classes="btn btn-secondary btn-sm">{ i18n.tr("qa.clear_search") }</QaLink>
            </>
        },
        (_, None) => html! { <Loading /> },
        (_, Some(r)) => {
            let pages = r.meta.total.div_ceil(u64::from(r.meta.per_page.max(1))).max(1) as u32;
            html! {
                <>
                    if !r.faq.is_empty() {
                        <section class="qa-faq-hits" data-testid="qa-faq-hits" aria-labelledby="qa-faq-hits-title">
                            <h2 id="qa-faq-hits-title" class="h3">{ i18n.tr("qa.faq_hits") }</h2>
                            { for r.faq.iter().map(|f| html! {
                                <details class="faq-entry" data-testid="qa-faq-hit">
                                    <summary>{ f.title.clone() }</summary>
                                    { sanitised_html(&f.body_html, "faq-body") }
                                </details>
                            }) }
                        </section>
                    }
                    <p class="result-count" data-testid="qa-count" data-total={r.meta.total.to_string()} aria-live="polite">
                        { i18n.trf("qa.result_count", &[("n", &r.meta.total.to_string())]) }
                    </p>
                    if loading { <Loading /> }
                    if r.questions.is_empty() {
                        <div class="notice notice-info" role="status"><p>{ i18n.tr("qa.no_results") }</p></div>
                    } else {
                        <ul class="qa-list" role="list" data-testid="qa-results">
                            { for r.questions.iter().map(|q| html! { <QuestionCard key={q.id} q={q.clone()} /> }) }
                        </ul>
                    }
                    if pages > 1 {
                        <nav class="pager" aria-label={i18n.tr("booking.pages")}>
                            if r.meta.page > 1 {
                                <QaLink to={query.at_page(r.meta.page - 1)} classes="btn btn-secondary btn-sm" testid="page-prev">{ i18n.tr("common.prev") }</QaLink>
                            }
                            <span>{ i18n.trf("common.page_of", &[("page", &r.meta.page.to_string()), ("pages", &pages.to_string())]) }</span>
                            if r.meta.page < pages {
                                <QaLink to={query.at_page(r.meta.page + 1)} classes="btn btn-secondary btn-sm" testid="page-next">{ i18n.tr("common.next") }</QaLink>
                            }
                        </nav>
                    }
                </>
            }
        }
    };

    // The tags of the questions on screen, most used first.
    let top_tags: Vec<(String, usize)> = {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for q in shown.iter().flat_map(|r| r.questions.iter()) {
            for t in &q.tags {
                *counts.entry(t.clone()).or_default() += 1;
            }
        }
        let mut v: Vec<_> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(12);
        v
    };
    let teaser = match &*leaders.state {
        Some(Ok(l)) if !l.is_empty() => html! {
            <ol class="qa-leaders-mini" data-testid="qa-leaders-teaser">
                { for l.iter().take(5).map(|r| html! {
                    <li>
                        <Link<Route> to={Route::QaUser { id: r.user_id }}>{ r.name.clone() }</Link<Route>>
                        <span class="muted">{ " · " }{ level_label(&i18n, r.level) }{ " · " }{ i18n.trf("qa.points_n", &[("n", &r.points.to_string())]) }</span>
                    </li>
                }) }
            </ol>
        },
        Some(Ok(_)) => html! { <p class="muted">{ i18n.tr("qa.leaders_empty") }</p> },
        Some(Err(_)) => html! {},
        None => html! { <Loading /> },
    };

    html! {
        <div class="page qa-home">
            <div class="page-head">
                <h1>{ i18n.tr("nav.qa") }</h1>
                if session.user.is_some() {
                    <Link<Route> to={Route::QaAsk} classes="btn btn-primary"><span data-testid="qa-ask-link">{ i18n.tr("qa.ask") }</span></Link<Route>>
                } else {
                    <Link<Route> to={Route::Login} classes="btn btn-secondary">{ i18n.tr("qa.sign_in_to_ask") }</Link<Route>>
                }
            </div>
            { qa_nav(&i18n, session.user.as_ref(), "home") }
            <form class="qa-search" role="search" onsubmit={onsubmit}>
                <label for="qa-q" class="visually-hidden">{ i18n.tr("qa.search_label") }</label>
                <input id="qa-q" type="search" ref={q_ref} value={query.q.clone()} placeholder={i18n.tr("qa.search_placeholder")} data-testid="qa-q" />
                <button type="submit" class="btn btn-primary" data-testid="qa-search-submit">{ i18n.tr("qa.search") }</button>
            </form>
            <div class="qa-filters">
                if !query.tag.is_empty() {
                    <QaLink to={QaQuery { tag: String::new(), page: 1, ..query.clone() }} classes="chip" testid="qa-tag-chip">
                        { i18n.trf("qa.tag_filter", &[("tag", &query.tag)]) }<span class="chip-x" aria-hidden="true">{ "×" }</span>
                    </QaLink>
                }
                <label>
                    { i18n.tr("qa.answered_filter") }
                    <select onchange={on_select("answered")} data-testid="qa-answered">
                        <option value="" selected={query.answered.is_empty()}>{ i18n.tr("qa.answered.all") }</option>
                        <option value="yes" selected={query.answered == "yes"}>{ i18n.tr("qa.answered.yes") }</option>
                        <option value="no" selected={query.answered == "no"}>{ i18n.tr("qa.answered.no") }</option>
                    </select>
                </label>
                <label>
                    { i18n.tr("qa.sort_by") }
                    <select onchange={on_select("sort")} data-testid="qa-sort">
                        { for QA_SORTS.iter().map(|s| html! {
                            <option value={*s} selected={query.sort == *s || (query.sort.is_empty() && *s == if query.q.is_empty() { "newest" } else { "relevance" })}>{ sort_name(&i18n, s) }</option>
                        }) }
                    </select>
                </label>
            </div>
            <div class={classes!("qa-layout", loading.then_some("is-loading"))} aria-busy={loading.to_string()}>
                <section class="qa-main" aria-label={i18n.tr("qa.questions")}>{ results }</section>
                <aside class="qa-side">
                    <section class="card">
                        <h2 class="h3">{ i18n.tr("qa.top_tags") }</h2>
                        if top_tags.is_empty() {
                            <p class="muted">{ i18n.tr("qa.no_tags") }</p>
                        } else {
                            <ul class="qa-tags" role="list" data-testid="qa-top-tags">
                                { for top_tags.iter().map(|(t, n)| html! {
                                    <li><QaLink to={QaQuery::tag(t)} classes="qa-tag">{ t.clone() }<span class="count">{ *n }</span></QaLink></li>
                                }) }
                            </ul>
                        }
                    </section>
                    <section class="card">
                        <h2 class="h3">{ i18n.tr("qa.leaders_week") }</h2>
                        { teaser }
                        <Link<Route> to={Route::QaLeaderboard}>{ i18n.tr("qa.leaderboard_all") }</Link<Route>>
                    </section>
                </aside>
            </div>
        </div>
    }
}
