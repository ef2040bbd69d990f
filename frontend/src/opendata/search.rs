//! Catalogue search with facets (`/data/search`). The whole search (text,
//! filters, sort, page) lives in the URL, so a result page can be shared or
//! bookmarked and back/forward walk through earlier searches; the page
//! sends the same query string to `GET /api/datasets`.

use commons_domain::opendata::{Facet, SearchResult, SORTS};
use commons_domain::ErrorKind;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::format::grouped;
use crate::hooks::api::{use_api, use_last_ok};
use crate::hooks::title::use_title;
use crate::i18n::{use_i18n, I18n};
use crate::opendata::common::{crumbs, facet_label, sort_label, value_label, DataQuery, DatasetCard, QueryLink};
use crate::opendata::home::DataSearchBox;
use crate::route::Route;

/// Facet values shown before "more".
const FACET_SHOWN: usize = 8;

/// Whether the screen is wide enough to show the facets unfolded.
fn wide_screen() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(min-width: 761px)").ok().flatten())
        .map(|m| m.matches())
        .unwrap_or(true)
}

/// The label the result gives a filter value (an agency's title for its id).
fn filter_label(result: Option<&SearchResult>, param: &str, value: &str) -> String {
    result
        .and_then(|r| r.facets.iter().find(|f| f.name == param))
        .and_then(|f| f.values.iter().find(|v| v.value == value))
        .map(|v| v.label.clone())
        .unwrap_or_else(|| value.to_string())
}

/// One facet: its values with counts; a click toggles the filter.
fn facet_block(i18n: &I18n, query: &DataQuery, facet: &Facet) -> Html {
    if facet.values.is_empty() {
        return html! {};
    }
    let item = |v: &commons_domain::opendata::FacetValue| {
        let active = query.has(&facet.name, &v.value);
        html! {
            <li>
                <QueryLink to={query.toggled(&facet.name, &v.value)} current={active}
                    classes={classes!("facet-value", active.then_some("active"))}
                    testid={AttrValue::from(format!("facet-{}", facet.name))}>
                    <span class="facet-check" aria-hidden="true"></span>
                    <span class="facet-label">{ value_label(i18n, &facet.name, &v.label) }</span>
                    <span class="count">{ grouped(v.count) }</span>
                </QueryLink>
            </li>
        }
    };
    let (shown, rest) = facet.values.split_at(facet.values.len().min(FACET_SHOWN));
    let rest_active = rest.iter().any(|v| query.has(&facet.name, &v.value));
    let heading = format!("facet-{}-title", facet.name);
    html! {
        <section class="facet" aria-labelledby={heading.clone()}>
            <h3 id={heading} class="facet-title">{ facet_label(i18n, &facet.name) }</h3>
            <ul class="facet-values" role="list">{ for shown.iter().map(item) }</ul>
            if !rest.is_empty() {
                <details class="facet-more" open={rest_active}>
                    <summary>{ i18n.trf("data.facet_more", &[("n", &rest.len().to_string())]) }</summary>
                    <ul class="facet-values" role="list">{ for rest.iter().map(item) }</ul>
                </details>
            }
        </section>
    }
}

/// Page links: previous, a window of numbers around the current page, next.
fn pager(i18n: &I18n, query: &DataQuery, page: u32, pages: u32) -> Html {
    if pages <= 1 {
        return html! {};
    }
    let mut numbers: Vec<u32> = vec![1, pages];
    numbers.extend(page.saturating_sub(2).max(1)..=(page + 2).min(pages));
    numbers.sort_unstable();
    numbers.dedup();
    let mut items = Vec::new();
    let mut prev_n = 0;
    for n in numbers {
        if n > prev_n + 1 {
            items.push(html! { <li class="pager-gap" aria-hidden="true">{ "…" }</li> });
        }
        items.push(html! {
            <li>
                <QueryLink to={query.at_page(n)} current={n == page}
                    classes={classes!("btn", "btn-sm", if n == page { "btn-primary" } else { "btn-ghost" })}
                    label={AttrValue::from(i18n.trf("common.page_of", &[("page", &n.to_string()), ("pages", &pages.to_string())]))}>
                    { n }
                </QueryLink>
            </li>
        });
        prev_n = n;
    }
    html! {
        <nav class="pager data-pager" aria-label={i18n.tr("booking.pages")} data-testid="data-pager">
            if page > 1 {
                <QueryLink to={query.at_page(page - 1)} classes="btn btn-secondary btn-sm" testid="page-prev">{ i18n.tr("common.prev") }</QueryLink>
            }
            <ol class="pager-pages" role="list">{ for items }</ol>
            if page < pages {
                <QueryLink to={query.at_page(page + 1)} classes="btn btn-secondary btn-sm" testid="page-next">{ i18n.tr("common.next") }</QueryLink>
            }
        </nav>
    }
}

/// The search results page.
#[component]
pub fn DataSearch() -> Html {
    let i18n = use_i18n();
    let location = use_location();
    let navigator = use_navigator();
    let query = DataQuery::parse(location.as_ref().map(|l| l.query_str()).unwrap_or(""));
    let query_string = query.to_query();
    let fetched = use_api(query_string.clone(), |qs: String| async move { api::opendata::search_datasets(&qs).await });
    // The last answer stays on screen (dimmed) while the next one loads, so
    // the facets do not jump away under the reader's pointer.
    let shown = use_last_ok(&fetched.state);
    let facets_open = use_memo((), |_| wide_screen());
    use_title(Some(if query.q.is_empty() {
        i18n.tr("data.search_title").to_string()
    } else {
        i18n.trf("data.search_for", &[("q", &query.q)])
    }));
    // A new page of results starts at the top.
    use_effect_with(query.page, |_| {
        if let Some(w) = web_sys::window() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
    });

    let on_sort = {
        let (navigator, query) = (navigator.clone(), query.clone());
        Callback::from(move |e: Event| {
            let sort = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            if let Some(n) = &navigator {
                let _ = n.push_with_query(&Route::DataSearch, yew_router::query::Raw(query.sorted(&sort).to_query()));
            }
        })
    };

    let loading = fetched.state.is_none();
    let failure: Option<ApiFailure> = match &*fetched.state {
        Some(Err(f)) => Some(f.clone()),
        _ => None,
    };

    let chips = if query.filters.is_empty() {
        html! {}
    } else {
        html! {
            <ul class="chips" role="list" aria-label={i18n.tr("data.active_filters")} data-testid="active-filters">
                { for query.filters.iter().map(|(p, v)| {
                    let text = format!("{}：{}", facet_label(&i18n, p), value_label(&i18n, p, &filter_label(shown.as_ref(), p, v)));
                    html! {
                        <li>
                            <QueryLink to={query.toggled(p, v)} classes="chip" testid="chip"
                                label={AttrValue::from(i18n.trf("data.remove_filter", &[("filter", &text)]))}>
                                { text }<span class="chip-x" aria-hidden="true">{ "×" }</span>
                            </QueryLink>
                        </li>
                    }
                }) }
                <li><QueryLink to={query.without_filters()} classes="chip-clear">{ i18n.tr("data.clear_filters") }</QueryLink></li>
            </ul>
        }
    };

    let facets = match &shown {
        Some(r) if r.facets.iter().any(|f| !f.values.is_empty()) => html! {
            <aside class="facets" aria-label={i18n.tr("data.filters")}>
                <details class="facet-panel" open={*facets_open}>
                    <summary class="facet-summary">
                        { i18n.tr("data.filters") }
                        if !query.filters.is_empty() { <span class="count">{ query.filters.len() }</span> }
                    </summary>
                    { for r.facets.iter().map(|f| facet_block(&i18n, &query, f)) }
                </details>
            </aside>
        },
        _ => html! {},
    };

    let results = match (&failure, &shown) {
        (Some(f), _) => {
            let recover = match f {
                ApiFailure::Api(e) if e.kind == ErrorKind::NotFound && query.page > 1 => {
                    html! { <QueryLink to={query.at_page(1)} classes="btn btn-secondary btn-sm">{ i18n.tr("data.first_page") }</QueryLink> }
                }
                _ if !query.filters.is_empty() => {
                    html! { <QueryLink to={query.without_filters()} classes="btn btn-secondary btn-sm">{ i18n.tr("data.clear_filters") }</QueryLink> }
                }
                _ => html! {},
            };
            html! {
                <>
                    <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} />
                    { recover }
                </>
            }
        }
        (None, None) => html! { <Loading /> },
        (None, Some(r)) => {
            let per_page = r.meta.per_page.max(1) as u64;
            let pages = r.meta.total.div_ceil(per_page).max(1) as u32;
            html! {
                <>
                    <div class="results-head">
                        <p class="result-count" data-testid="result-count" data-total={r.meta.total.to_string()} aria-live="polite">
                            { i18n.trf("data.result_count", &[("n", &grouped(r.meta.total as i64))]) }
                            if pages > 1 {
                                <span class="muted">{ " · " }{ i18n.trf("common.page_of", &[("page", &r.meta.page.to_string()), ("pages", &pages.to_string())]) }</span>
                            }
                        </p>
                        <div class="sort-field">
                            <label for="data-sort">{ i18n.tr("data.sort_by") }</label>
                            <select id="data-sort" onchange={on_sort} data-testid="data-sort">
                                { for SORTS.iter().map(|s| html! {
                                    <option value={*s} selected={query.sort == *s || (query.sort.is_empty() && *s == "relevance")}>{ sort_label(&i18n, s) }</option>
                                }) }
                            </select>
                        </div>
                    </div>
                    if loading { <Loading /> }
                    if r.datasets.is_empty() {
                        <div class="notice notice-info" role="status">
                            <p>{ i18n.tr("data.no_results") }</p>
                            if !query.filters.is_empty() {
                                <QueryLink to={query.without_filters()} classes="btn btn-secondary btn-sm">{ i18n.tr("data.clear_filters") }</QueryLink>
                            }
                        </div>
                    } else {
                        <ul class="dataset-results" role="list" data-testid="results">
                            { for r.datasets.iter().map(|d| html! { <DatasetCard key={d.identifier.clone()} d={d.clone()} /> }) }
                        </ul>
                    }
                    { pager(&i18n, &query, r.meta.page, pages) }
                </>
            }
        }
    };

    html! {
        <div class="page data-search">
            { crumbs(&i18n, html! {}) }
            <h1>{ i18n.tr("data.search_title") }</h1>
            <DataSearchBox q={AttrValue::from(query.q.clone())} keep={query.clone()} />
            { chips }
            <div class={classes!("search-layout", loading.then_some("is-loading"))} aria-busy={loading.to_string()}>
                { facets }
                <section class="results" aria-label={i18n.tr("data.results")}>{ results }</section>
            </div>
        </div>
    }
}
