//! The open-data home (開放資料): a search box, the catalogue's numbers, its
//! service categories with counts, the most viewed and newest datasets, and
//! a chart of the ten agencies that publish the most; links to dataset
//! requests, showcases and the publisher dashboard.

use commons_domain::opendata::{CatalogueStats, DatasetSummary};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::chart::{draw, ChartKind};
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::format::{day, grouped};
use crate::hooks::api::use_api;
use crate::hooks::title::use_title;
use crate::i18n::{use_i18n, I18n};
use crate::opendata::common::{DataQuery, QueryLink};
use crate::route::Route;

/// The canvas of the agencies chart.
const ORG_CHART: &str = "data-org-chart";

/// Props of [`DataSearchBox`].
#[derive(Properties, PartialEq)]
pub struct SearchBoxProps {
    /// The text to start with.
    #[prop_or_default]
    pub q: AttrValue,
    /// The rest of the search (filters, sort) to keep when the text changes.
    #[prop_or_default]
    pub keep: Option<DataQuery>,
}

/// The catalogue search box; submitting opens `/data/search?q=…`.
#[component]
pub fn DataSearchBox(props: &SearchBoxProps) -> Html {
    let i18n = use_i18n();
    let navigator = use_navigator();
    let input = use_node_ref();
    let onsubmit = {
        let (input, keep) = (input.clone(), props.keep.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = crate::components::field::value_of(&input);
            let next = match &keep {
                Some(k) => DataQuery { q: text.trim().to_string(), page: 1, ..k.clone() },
                None => DataQuery::text(&text),
            };
            if let Some(n) = &navigator {
                let _ = n.push_with_query(&Route::DataSearch, yew_router::query::Raw(next.to_query()));
            }
        })
    };
    html! {
        <form class="search-bar data-search-bar" role="search" onsubmit={onsubmit}>
            <label class="visually-hidden" for="data-q">{ i18n.tr("data.search_label") }</label>
            <input id="data-q" type="search" ref={input} value={props.q.clone()} maxlength="200"
                placeholder={i18n.tr("data.search_placeholder")} data-testid="data-q" />
            <button type="submit" class="btn btn-primary" data-testid="data-search-submit">{ i18n.tr("common.search") }</button>
        </form>
    }
}

/// A short list of datasets (title, agency and one figure).
fn dataset_list(
    i18n: &I18n,
    items: &[DatasetSummary],
    figure: impl Fn(&DatasetSummary) -> String,
    testid: &str,
) -> Html {
    html! {
        <ol class="dataset-list" data-testid={testid.to_string()}>
            { for items.iter().map(|d| html! {
                <li>
                    <Link<Route> to={Route::Dataset { id: d.identifier.clone() }} classes="dataset-list-title">{ &d.title }</Link<Route>>
                    <span class="muted">{ &d.organization }{ " · " }{ figure(d) }</span>
                </li>
            }) }
            if items.is_empty() { <li class="muted">{ i18n.tr("data.none_yet") }</li> }
        </ol>
    }
}

/// The open-data home page.
#[component]
pub fn DataHome() -> Html {
    let i18n = use_i18n();
    let session = crate::hooks::session::use_session();
    // Agency reviewers (and admins) get a way into their review queue.
    let reviewer = session
        .user
        .as_ref()
        .is_some_and(|u| commons_domain::accounts::has_role(&u.roles, commons_domain::accounts::Role::Reviewer, None));
    let fetched = use_api((), |_| api::opendata::catalogue_stats());
    use_title(Some(i18n.tr("nav.data").to_string()));
    // Draw the agencies chart once the numbers are in (and again in the other language).
    {
        let stats = match &*fetched.state {
            Some(Ok(s)) => Some(s.top_organizations.clone()),
            _ => None,
        };
        let title = i18n.tr("data.chart_by_agency").to_string();
        use_effect_with((stats, title), |(stats, title)| {
            if let Some(top) = stats {
                let labels: Vec<String> = top.iter().map(|o| o.label.clone()).collect();
                let values: Vec<f64> = top.iter().map(|o| o.count as f64).collect();
                draw(ORG_CHART, ChartKind::HorizontalBar, title, &labels, &values);
            }
        });
    }

    let body = match &*fetched.state {
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(s)) => stats_view(&i18n, s),
    };
    html! {
        <div class="page data-home">
            <section class="data-hero">
                <h1>{ i18n.tr("nav.data") }</h1>
                <p class="lead">{ i18n.tr("data.lead") }</p>
                <DataSearchBox />
                <nav class="data-home-links" aria-label={i18n.tr("part.take_part")}>
                    <Link<Route> to={Route::DataRequests} classes="btn btn-secondary btn-sm">{ i18n.tr("part.requests") }</Link<Route>>
                    <Link<Route> to={Route::DataShowcases} classes="btn btn-secondary btn-sm">{ i18n.tr("part.showcases") }</Link<Route>>
                    <Link<Route> to={Route::Organizations} classes="btn btn-secondary btn-sm">{ i18n.tr("data.all_agencies") }</Link<Route>>
                    <Link<Route> to={Route::Publisher} classes="btn btn-ghost btn-sm">{ i18n.tr("part.publisher") }</Link<Route>>
                    if reviewer {
                        <Link<Route> to={Route::ReviewQueue} classes="btn btn-ghost btn-sm">{ i18n.tr("review.title") }</Link<Route>>
                    }
                </nav>
            </section>
            { body }
        </div>
    }
}

fn stats_view(i18n: &I18n, s: &CatalogueStats) -> Html {
    let stat = |n: i64, key: &'static str, testid: &'static str| {
        html! {
            <li class="stat">
                <span class="stat-number" data-testid={testid}>{ grouped(n) }</span>
                <span class="stat-label">{ i18n.tr(key) }</span>
            </li>
        }
    };
    html! {
        <>
            <ul class="stats" role="list" aria-label={i18n.tr("data.numbers")}>
                { stat(s.datasets, "data.stat_datasets", "stat-datasets") }
                { stat(s.organizations, "data.stat_organizations", "stat-organizations") }
                { stat(s.resources, "data.stat_resources", "stat-resources") }
            </ul>
            <section aria-labelledby="categories-title" class="data-section">
                <h2 id="categories-title">{ i18n.tr("data.categories") }</h2>
                <ul class="category-grid" role="list" data-testid="categories">
                    { for s.categories.iter().map(|c| html! {
                        <li>
                            <QueryLink to={DataQuery::filter("category", &c.value)} classes="category-link">
                                <span>{ &c.label }</span>
                                <span class="count">{ grouped(c.count) }</span>
                            </QueryLink>
                        </li>
                    }) }
                </ul>
            </section>
            <div class="data-columns">
                <section aria-labelledby="popular-title" class="data-section">
                    <h2 id="popular-title">{ i18n.tr("data.popular") }</h2>
                    { dataset_list(i18n, &s.popular, |d| i18n.trf("data.views_n", &[("n", &grouped(d.views))]), "popular") }
                </section>
                <section aria-labelledby="newest-title" class="data-section">
                    <h2 id="newest-title">{ i18n.tr("data.newest") }</h2>
                    { dataset_list(i18n, &s.newest, |d| i18n.trf("data.issued_on", &[("date", &day(i18n, &d.issued))]), "newest") }
                </section>
            </div>
            <section aria-labelledby="agencies-title" class="data-section">
                <div class="page-head">
                    <h2 id="agencies-title">{ i18n.tr("data.chart_by_agency") }</h2>
                    <Link<Route> to={Route::Organizations} classes="btn btn-secondary btn-sm">{ i18n.tr("data.all_agencies") }</Link<Route>>
                </div>
                <div class="agency-chart">
                    <div class="chart-box chart-box-tall">
                        <canvas id={ORG_CHART} data-testid="org-chart" role="img" aria-label={i18n.tr("data.chart_by_agency")}></canvas>
                    </div>
                    <ol class="agency-ranking">
                        { for s.top_organizations.iter().map(|o| html! {
                            <li>
                                <Link<Route> to={Route::Organization { id: o.value.clone() }}>{ &o.label }</Link<Route>>
                                <span class="count">{ grouped(o.count) }</span>
                            </li>
                        }) }
                    </ol>
                </div>
            </section>
        </>
    }
}
