//! Agencies (提供機關): the list of every agency with its dataset count
//! (`/data/organizations`), and one agency's page with its numbers, its
//! datasets broken down by each facet, how it handles feedback (the share
//! of threads handled and the median time to a first reply, as data.gov.tw
//! reports it), and a way into its datasets (`/data/organizations/:id`).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::format::grouped;
use crate::hooks::api::use_api;
use crate::hooks::title::use_title;
use crate::i18n::use_i18n;
use crate::opendata::common::{crumbs, facet_label, value_label, DataQuery, QueryLink};
use crate::route::Route;

/// Facet values listed per breakdown on an agency page.
const BREAKDOWN_ROWS: usize = 12;

/// Props of [`OrganizationPage`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The agency id (`org-…`) from the route.
    pub id: AttrValue,
}

/// One agency.
#[component]
pub fn OrganizationPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let fetched = use_api(props.id.to_string(), |id: String| async move { api::opendata::organization(&id).await });
    let stats = use_api(props.id.to_string(), |id: String| async move { api::opendata::feedback_stats(&id).await });
    use_title(match &*fetched.state {
        Some(Ok(o)) => Some(o.organization.title.clone()),
        _ => None,
    });
    let crumbs =
        crumbs(&i18n, html! { <Link<Route> to={Route::Organizations}>{ i18n.tr("data.agencies") }</Link<Route>> });
    let detail = match &*fetched.state {
        None => return html! { <div class="page">{ crumbs }<Loading /></div> },
        Some(Err(f)) => {
            return html! { <div class="page narrow">{ crumbs }<ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /></div> }
        }
        Some(Ok(d)) => d.clone(),
    };
    let org = &detail.organization;
    let all = DataQuery::filter("organization", &org.id);
    let breakdown = |f: &commons_domain::opendata::Facet| {
        let max = f.values.iter().map(|v| v.count).max().unwrap_or(1).max(1);
        let heading = format!("breakdown-{}", f.name);
        html! {
            <section class="card breakdown" aria-labelledby={heading.clone()}>
                <h3 id={heading} class="card-title">{ facet_label(&i18n, &f.name) }</h3>
                <ul class="breakdown-list" role="list">
                    { for f.values.iter().take(BREAKDOWN_ROWS).map(|v| html! {
                        <li>
                            <QueryLink to={all.toggled(&f.name, &v.value)} classes="breakdown-label">
                                { value_label(&i18n, &f.name, &v.label) }
                            </QueryLink>
                            <meter min="0" max={max.to_string()} value={v.count.to_string()} aria-hidden="true"></meter>
                            <span class="count">{ grouped(v.count) }</span>
                        </li>
                    }) }
                </ul>
                if f.values.len() > BREAKDOWN_ROWS {
                    <p class="muted">{ i18n.trf("data.facet_more", &[("n", &(f.values.len() - BREAKDOWN_ROWS).to_string())]) }</p>
                }
            </section>
        }
    };
    html! {
        <div class="page organization-page" data-testid="organization-page">
            { crumbs }
            <h1 data-testid="organization-title">{ &org.title }</h1>
            <ul class="stats" role="list">
                <li class="stat">
                    <span class="stat-number" data-testid="organization-count">{ grouped(org.dataset_count) }</span>
                    <span class="stat-label">{ i18n.tr("data.stat_datasets") }</span>
                </li>
                if let Some(Ok(s)) = &*stats.state {
                    <li class="stat" data-testid="feedback-handling">
                        <span class="stat-number" data-testid="handled-rate">{ format!("{:.0}%", s.handled_rate * 100.0) }</span>
                        <span class="stat-label">
                            { i18n.trf("part.handled_of", &[("handled", &grouped(s.handled)), ("threads", &grouped(s.threads))]) }
                        </span>
                    </li>
                    <li class="stat">
                        <span class="stat-number" data-testid="median-reply">
                            { match s.median_reply_hours {
                                Some(h) if h < 24.0 => i18n.trf("part.hours", &[("n", &format!("{h:.1}"))]),
                                Some(h) => i18n.trf("part.days", &[("n", &format!("{:.1}", h / 24.0))]),
                                None => "—".to_string(),
                            } }
                        </span>
                        <span class="stat-label">{ i18n.tr("part.median_reply") }</span>
                    </li>
                }
            </ul>
            <p>
                <QueryLink to={all.clone()} classes="btn btn-primary" testid="organization-datasets">
                    { i18n.trf("data.browse_agency", &[("n", &grouped(org.dataset_count))]) }
                </QueryLink>
            </p>
            <div class="card-grid breakdowns">
                { for detail.facets.iter().filter(|f| f.name != "organization" && !f.values.is_empty()).map(breakdown) }
            </div>
        </div>
    }
}

/// Every agency, filterable by name.
#[component]
pub fn OrganizationsPage() -> Html {
    let i18n = use_i18n();
    let fetched = use_api((), |_| api::opendata::organizations());
    let filter = use_state(String::new);
    use_title(Some(i18n.tr("data.agencies").to_string()));
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| filter.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().value()))
    };
    let body = match &*fetched.state {
        None => html! { <Loading /> },
        Some(Err(f)) => html! { <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} /> },
        Some(Ok(list)) => {
            let needle = filter.trim().to_string();
            let shown: Vec<_> =
                list.organizations.iter().filter(|o| needle.is_empty() || o.title.contains(&needle)).collect();
            html! {
                <>
                    <p class="muted" aria-live="polite">{ i18n.trf("data.agency_count", &[("n", &grouped(shown.len() as i64))]) }</p>
                    <ul class="agency-list" role="list" data-testid="agencies">
                        { for shown.iter().map(|o| html! {
                            <li>
                                <Link<Route> to={Route::Organization { id: o.id.clone() }}>{ &o.title }</Link<Route>>
                                <span class="count">{ grouped(o.dataset_count) }</span>
                            </li>
                        }) }
                    </ul>
                </>
            }
        }
    };
    html! {
        <div class="page">
            { crumbs(&i18n, html! {}) }
            <h1>{ i18n.tr("data.agencies") }</h1>
            <div class="search-bar">
                <label class="visually-hidden" for="agency-filter">{ i18n.tr("data.agency_filter") }</label>
                <input id="agency-filter" type="search" placeholder={i18n.tr("data.agency_filter")} oninput={oninput} />
            </div>
            { body }
        </div>
    }
}
