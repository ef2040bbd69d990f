//! One dataset (`/data/datasets/:id`): its description, every field of the
//! official metadata standard in a definition list, keywords as tag links,
//! the resources with their download buttons (a preview and a chart builder
//! for resources in the DataStore), the DCAT and Atom links, and similar
//! datasets. Below them, taking part: following, rating, feedback threads,
//! showcases and the publisher's CSV upload (`participation_dataset`).

use commons_domain::opendata::{valid_url, Dataset, Resource};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::components::error_notice::ErrorNotice;
use crate::components::loading::Loading;
use crate::components::related_qa::{RelatedQa, Subject};
use crate::format::{grouped, when};
use crate::hooks::api::use_api;
use crate::hooks::title::use_title;
use crate::i18n::{use_i18n, I18n};
use crate::opendata::common::{crumbs, format_badges, quality_badge, quality_label, DataQuery, DatasetCard, QueryLink};
use crate::opendata::participation::{DatasetShowcases, FeedbackSection, FollowAndRate, UploadCsv};
use crate::opendata::preview::DatastoreView;
use crate::route::Route;

/// Props of [`DatasetPage`].
#[derive(Properties, PartialEq)]
pub struct Props {
    /// The dataset identifier from the route.
    pub id: AttrValue,
}

/// A value of the definition list: text, a safe link, or "not given".
fn text_value(i18n: &I18n, s: &str) -> Html {
    if s.trim().is_empty() {
        html! { <span class="muted">{ i18n.tr("data.not_given") }</span> }
    } else {
        html! { <span class="pre-line">{ s }</span> }
    }
}

/// A URL as a link when it is http(s); anything else is shown as text, never
/// put in an `href` (a `javascript:` address must not become clickable).
fn url_value(i18n: &I18n, s: &str) -> Html {
    if valid_url(s) {
        html! { <a href={s.to_string()} target="_blank" rel="noopener noreferrer external">{ s }</a> }
    } else {
        text_value(i18n, s)
    }
}

/// An e-mail address as a `mailto:` link when it looks like one.
fn email_value(i18n: &I18n, s: &str) -> Html {
    let s = s.trim();
    let plausible = s.contains('@') && !s.chars().any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '?'));
    if plausible {
        html! { <a href={format!("mailto:{s}")}>{ s }</a> }
    } else {
        text_value(i18n, s)
    }
}

/// `<dt>`/`<dd>` pairs.
fn facts(rows: Vec<(&'static str, Html)>) -> Html {
    html! {
        { for rows.into_iter().map(|(label, value)| html! { <><dt>{ label }</dt><dd>{ value }</dd></> }) }
    }
}

/// Every field of the standard except the title and description (shown
/// above), plus when the record came here.
fn metadata_list(i18n: &I18n, d: &Dataset) -> Html {
    let m = &d.meta;
    let t = |s: &str| text_value(i18n, s);
    let keywords = if m.keywords.is_empty() {
        t("")
    } else {
        html! {
            <ul class="badges" role="list">
                { for m.keywords.iter().map(|k| html! {
                    <li><QueryLink to={DataQuery::filter("tag", k)} classes="badge tag">{ k }</QueryLink></li>
                }) }
            </ul>
        }
    };
    let organization = html! {
        <Link<Route> to={Route::Organization { id: d.organization_id.clone() }}>{ &m.organization }</Link<Route>>
    };
    let rows: Vec<(&'static str, Html)> = vec![
        (i18n.tr("data.meta.identifier"), html! { <code>{ &m.identifier }</code> }),
        (i18n.tr("data.meta.field_description"), t(&m.field_description)),
        (i18n.tr("data.meta.data_type"), t(&m.data_type)),
        (i18n.tr("data.meta.category"), t(&m.category)),
        (i18n.tr("data.meta.keywords"), keywords),
        (i18n.tr("data.meta.license"), t(&m.license)),
        (i18n.tr("data.meta.license_url"), url_value(i18n, &m.license_url)),
        (i18n.tr("data.meta.cost"), t(&m.cost)),
        (i18n.tr("data.meta.cost_url"), url_value(i18n, &m.cost_url)),
        (i18n.tr("data.meta.cost_law"), t(&m.cost_law)),
        (i18n.tr("data.meta.organization"), organization),
        (i18n.tr("data.meta.organization_contact_name"), t(&m.organization_contact_name)),
        (i18n.tr("data.meta.organization_contact_phone"), t(&m.organization_contact_phone)),
        (i18n.tr("data.meta.organization_contact_email"), email_value(i18n, &m.organization_contact_email)),
        (i18n.tr("data.meta.publisher"), t(&m.publisher)),
        (i18n.tr("data.meta.publisher_contact_name"), t(&m.publisher_contact_name)),
        (i18n.tr("data.meta.publisher_contact_phone"), t(&m.publisher_contact_phone)),
        (i18n.tr("data.meta.publisher_contact_email"), email_value(i18n, &m.publisher_contact_email)),
        (i18n.tr("data.meta.publisher_oid"), t(&m.publisher_oid)),
        (i18n.tr("data.meta.accrual_periodicity"), t(&m.accrual_periodicity)),
        (i18n.tr("data.meta.temporal_from"), t(&when(i18n, &m.temporal_from))),
        (i18n.tr("data.meta.temporal_to"), t(&when(i18n, &m.temporal_to))),
        (i18n.tr("data.meta.issued"), t(&when(i18n, &m.issued))),
        (i18n.tr("data.meta.modified"), t(&when(i18n, &m.modified))),
        (i18n.tr("data.meta.spatial"), t(&m.spatial)),
        (i18n.tr("data.meta.language"), t(&m.language)),
        (i18n.tr("data.meta.landing_page"), url_value(i18n, &m.landing_page)),
        (i18n.tr("data.meta.number_of_data"), t(&m.number_of_data.map(grouped).unwrap_or_default())),
        (i18n.tr("data.meta.quality"), t(&quality_label(i18n, &m.quality))),
        (i18n.tr("data.meta.upload_method"), t(&m.upload_method)),
        (i18n.tr("data.meta.notes"), t(&m.notes)),
        (i18n.tr("data.meta.created_at"), t(&when(i18n, &d.created_at))),
        (i18n.tr("data.meta.updated_at"), t(&when(i18n, &d.updated_at))),
    ];
    html! { <dl class="facts metadata" data-testid="metadata">{ facts(rows) }</dl> }
}

/// The distribution fields of one resource.
fn resource_details(i18n: &I18n, r: &Resource) -> Html {
    let x = &r.input;
    let t = |s: &str| text_value(i18n, s);
    let rows: Vec<(&'static str, Html)> = vec![
        (i18n.tr("data.res.resource_id"), html! { <code>{ &x.resource_id }</code> }),
        (i18n.tr("data.res.description"), t(&x.description)),
        (i18n.tr("data.res.format"), t(&x.format)),
        (i18n.tr("data.res.encoding"), t(&x.encoding)),
        (i18n.tr("data.res.modified"), t(&when(i18n, &x.modified))),
        (i18n.tr("data.res.access_url"), url_value(i18n, &x.access_url)),
        (i18n.tr("data.res.download_url"), url_value(i18n, &x.download_url)),
        (i18n.tr("data.res.metadata_source"), t(&x.metadata_source)),
        (i18n.tr("data.res.record_count"), t(&x.record_count.map(grouped).unwrap_or_default())),
        (i18n.tr("data.res.resource_field"), t(&x.resource_field.replace(';', "、"))),
    ];
    html! {
        <details class="resource-details">
            <summary>{ i18n.tr("data.res.details") }</summary>
            <dl class="facts">{ facts(rows) }</dl>
        </details>
    }
}

/// The dataset page.
#[component]
pub fn DatasetPage(props: &Props) -> Html {
    let i18n = use_i18n();
    let id = props.id.to_string();
    let session = crate::hooks::session::use_session();
    // Bumped after the publisher uploads a resource, to load the dataset again.
    let version = use_state(|| 0u32);
    let fetched =
        use_api((id.clone(), *version), |(id, _): (String, u32)| async move { api::opendata::dataset(&id).await });
    let viewer =
        use_api((id.clone(), session.user.as_ref().map(|u| u.id)), |(id, _): (String, Option<i64>)| async move {
            api::opendata::dataset_viewer(&id).await
        });
    let viewer = match &*viewer.state {
        Some(Ok(v)) => Some(*v),
        _ => None,
    };
    let reload = {
        let version = version.clone();
        Callback::from(move |_: ()| version.set(*version + 1))
    };
    let similar = use_api(id.clone(), |id: String| async move { api::opendata::similar_datasets(&id).await });
    // The resource being previewed; by default the first one in the DataStore.
    let chosen = use_state(|| None::<i64>);
    {
        let chosen = chosen.clone();
        use_effect_with(id.clone(), move |_| chosen.set(None));
    }
    // A preview the reader asked for comes into view (it sits below the resources).
    use_effect_with(*chosen, |chosen| {
        if chosen.is_some() {
            if let Some(el) =
                web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("preview-title"))
            {
                el.scroll_into_view();
            }
        }
    });
    use_title(match &*fetched.state {
        Some(Ok(d)) => Some(d.meta.title.clone()),
        _ => None,
    });

    let d = match &*fetched.state {
        None => return html! { <div class="page"><Loading /></div> },
        Some(Err(f)) => {
            return html! {
                <div class="page narrow">
                    { crumbs(&i18n, html! {}) }
                    <ErrorNotice failure={f.clone()} on_retry={fetched.retry.clone()} />
                    <Link<Route> to={Route::DataSearch} classes="btn btn-secondary">{ i18n.tr("data.back_to_search") }</Link<Route>>
                </div>
            }
        }
        Some(Ok(d)) => d.clone(),
    };
    let m = &d.meta;
    let preview_id = (*chosen).or_else(|| d.resources.iter().find(|r| r.datastore_active).map(|r| r.id));
    let mut formats: Vec<String> = Vec::new();
    for r in &d.resources {
        if !r.input.format.is_empty() && !formats.contains(&r.input.format) {
            formats.push(r.input.format.clone());
        }
    }

    let resources = html! {
        <ul class="resource-list" role="list" data-testid="resources">
            { for d.resources.iter().map(|r| {
                let name = if r.input.description.is_empty() { r.input.resource_id.clone() } else { r.input.description.clone() };
                let previewing = preview_id == Some(r.id);
                let choose = {
                    let (chosen, rid) = (chosen.clone(), r.id);
                    Callback::from(move |_: MouseEvent| chosen.set(Some(rid)))
                };
                html! {
                    <li class={classes!("card", "resource-card", previewing.then_some("previewing"))} data-testid={format!("resource-{}", r.id)}>
                        <div class="resource-main">
                            <div class="resource-head">
                                <ul class="badges" role="list">
                                    if !r.input.format.is_empty() { <li class="badge format">{ &r.input.format }</li> }
                                    if r.datastore_active { <li class="badge datastore">{ i18n.tr("data.in_datastore") }</li> }
                                </ul>
                                <h3 class="resource-name">{ name }</h3>
                            </div>
                            <p class="muted">
                                { i18n.trf("data.downloads_n", &[("n", &grouped(r.downloads))]) }
                                if let Some(n) = r.input.record_count { { " · " }{ i18n.trf("data.records_n", &[("n", &grouped(n))]) } }
                                if !r.input.encoding.is_empty() { { " · " }{ &r.input.encoding } }
                            </p>
                        </div>
                        <div class="resource-actions">
                            if !r.input.download_url.is_empty() {
                                <a class="btn btn-primary btn-sm" href={api::opendata::resource_download_url(r.id)} data-testid="download"
                                    rel="nofollow">{ i18n.tr("data.download") }</a>
                            }
                            if valid_url(&r.input.access_url) {
                                <a class="btn btn-secondary btn-sm" href={r.input.access_url.clone()} target="_blank"
                                    rel="noopener noreferrer external">{ i18n.tr("data.access_page") }{ " ↗" }</a>
                            }
                            if r.datastore_active {
                                <button type="button" class="btn btn-secondary btn-sm" onclick={choose}
                                    aria-pressed={previewing.to_string()} data-testid={format!("preview-{}", r.id)}>
                                    { i18n.tr("data.preview") }
                                </button>
                            }
                        </div>
                        { resource_details(&i18n, r) }
                    </li>
                }
            }) }
        </ul>
    };

    let similar_list = match &*similar.state {
        Some(Ok(list)) if !list.is_empty() => html! {
            <section aria-labelledby="similar-title" class="similar">
                <h2 id="similar-title">{ i18n.tr("data.similar") }</h2>
                <ul class="dataset-results compact" role="list" data-testid="similar">
                    { for list.iter().map(|s| html! { <DatasetCard key={s.identifier.clone()} d={s.clone()} /> }) }
                </ul>
            </section>
        },
        _ => html! {},
    };

    html! {
        <div class="page dataset-page" data-testid="dataset-page">
            { crumbs(&i18n, html! {
                <Link<Route> to={Route::Organization { id: d.organization_id.clone() }}>{ &m.organization }</Link<Route>>
            }) }
            <h1 data-testid="dataset-title">{ &m.title }</h1>
            <ul class="badges dataset-badges" role="list">
                if !m.category.is_empty() {
                    <li><QueryLink to={DataQuery::filter("category", &m.category)} classes="badge category">{ &m.category }</QueryLink></li>
                }
                { format_badges(&formats) }
                { quality_badge(&i18n, &m.quality) }
            </ul>
            <p class="dataset-usage muted">
                { i18n.trf("data.views_n", &[("n", &grouped(d.views))]) }
                { " · " }{ i18n.trf("data.downloads_n", &[("n", &grouped(d.downloads))]) }
                if let Some(r) = d.rating { { " · " }{ i18n.trf("data.rating", &[("stars", &format!("{r:.1}"))]) } }
            </p>
            if m.description.trim().is_empty() {
                <p class="muted">{ i18n.tr("data.no_description") }</p>
            } else {
                <p class="dataset-description pre-line">{ &m.description }</p>
            }
            if let Some(v) = viewer {
                <FollowAndRate id={m.identifier.clone()} viewer={v} rating={d.rating} />
            }
            <div class="dataset-links">
                <a class="btn btn-secondary btn-sm" href={api::opendata::dataset_jsonld_url(&m.identifier)} type="application/ld+json"
                    data-testid="jsonld">{ i18n.tr("data.jsonld") }</a>
                <a class="btn btn-secondary btn-sm" href={api::opendata::dataset_feed_url(&m.identifier)} type="application/atom+xml"
                    data-testid="atom">{ i18n.tr("data.atom") }</a>
                if viewer.as_ref().is_some_and(|v| v.publisher) {
                    <Link<Route> to={Route::EditDataset { id: m.identifier.clone() }} classes="btn btn-primary btn-sm">
                        <span data-testid="edit-dataset">{ i18n.tr("edit.edit_dataset") }</span>
                    </Link<Route>>
                }
            </div>

            <section aria-labelledby="resources-title" class="data-section">
                <h2 id="resources-title">{ i18n.trf("data.resources_n", &[("n", &d.resources.len().to_string())]) }</h2>
                if d.resources.is_empty() {
                    <p class="muted">{ i18n.tr("data.no_resources") }</p>
                } else {
                    { resources }
                }
                if viewer.as_ref().is_some_and(|v| v.publisher) {
                    <UploadCsv id={m.identifier.clone()} on_done={reload} />
                }
            </section>

            if let Some(rid) = preview_id {
                if let Some(r) = d.resources.iter().find(|r| r.id == rid) {
                    <DatastoreView key={rid} resource={rid}
                        name={AttrValue::from(if r.input.description.is_empty() { r.input.resource_id.clone() } else { r.input.description.clone() })} />
                }
            }

            <section aria-labelledby="metadata-title" class="data-section">
                <h2 id="metadata-title">{ i18n.tr("data.metadata") }</h2>
                { metadata_list(&i18n, &d) }
            </section>
            <crate::opendata::history::VersionHistory id={m.identifier.clone()} />
            if let Some(v) = viewer {
                <FeedbackSection id={m.identifier.clone()} viewer={v} />
            }
            <DatasetShowcases id={m.identifier.clone()} />
            <RelatedQa subject={Subject::Dataset(m.identifier.clone())} />
            { similar_list }
        </div>
    }
}
