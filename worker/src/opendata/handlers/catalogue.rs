//! Open data catalogue endpoints: faceted search, dataset pages, DCAT and
//! Atom documents, agencies, the counting download redirect and the admin
//! import.

use commons_domain::accounts::Role;
use commons_domain::api::PageMeta;
use commons_domain::common::locale::rfc3339_utc;
use commons_domain::opendata::dcat::{atom_feed, dcat_catalog, dcat_dataset, AtomEntry};
use commons_domain::opendata::wire::{DatasetDetail, DatasetList, OrganizationDetail};
use commons_domain::opendata::{
    validate_dataset, CatalogueStats, Dataset, Facet, ImportBatch, ImportFailure, ImportOutcome, Organization,
    OrganizationList, SearchQuery, SearchResult, FACETS, MAX_IMPORT_BATCH,
};
use commons_domain::{ApiError, ErrorKind};
use worker::{Headers, Response};

use crate::accounts::auth::require_role;
use crate::ctx::RequestCtx;
use crate::http::{q_get, query};
use crate::opendata::db::{datasets, import, organizations, search};

/// Import bodies may be this large (a batch of full metadata records).
const IMPORT_BODY_LIMIT: usize = 4 * 1024 * 1024;

/// The site origin, for absolute links in documents.
pub fn origin(rc: &RequestCtx) -> String {
    rc.req.url().map(|u| u.origin().ascii_serialization()).unwrap_or_default()
}

/// Parses the REST search parameters: `q`, one parameter per facet (repeat to
/// OR values), `tag` (repeat to AND), `sort`, `page`, `per_page`. An empty
/// facet or tag value is no filter (a form's blank field).
pub fn search_query(pairs: &[(String, String)]) -> Result<SearchQuery, ApiError> {
    let mut q = SearchQuery { limit: 20, ..Default::default() };
    let mut page: i64 = 1;
    for (k, v) in pairs {
        let filter = k == "tag" || FACETS.contains(&k.as_str());
        if filter && v.trim().is_empty() {
            continue;
        }
        match k.as_str() {
            "q" => q.q = v.clone(),
            "sort" => q.sort = v.clone(),
            "tag" => q.tags.push(v.clone()),
            "page" => {
                page = v.parse().ok().filter(|p| *p >= 1).ok_or_else(|| ApiError::bad_request("page: starts at 1"))?
            }
            "per_page" => {
                q.limit = v
                    .parse()
                    .ok()
                    .filter(|n| (1..=100).contains(n))
                    .ok_or_else(|| ApiError::bad_request("per_page: 1 to 100"))?
            }
            f if FACETS.contains(&f) => q.filters.push((f.to_string(), v.clone())),
            _ => {}
        }
    }
    if q.sort.is_empty() {
        q.sort = "relevance".into();
    }
    q.offset = (page - 1).saturating_mul(q.limit);
    q.validate()?;
    Ok(q)
}

/// Refuses filter values that no dataset has, naming them (a typo'd link
/// should say so rather than silently show nothing).
async fn check_filter_values(dbh: &worker::D1Database, q: &SearchQuery) -> Result<(), ApiError> {
    let unknown = search::unknown_filter_values(dbh, q).await?;
    if let Some((f, v)) = unknown.first() {
        return Err(ApiError::invalid(format!("{f}: no dataset has the value {v:?}")));
    }
    Ok(())
}

/// `GET /api/datasets`: search with facets.
pub async fn list_datasets(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let q = search_query(&query(rc)?)?;
    let dbh = rc.db()?;
    check_filter_values(&dbh, &q).await?;
    let found = search::search(&dbh, &q).await?;
    let page = q.offset / q.limit.max(1) + 1;
    if page > 1 && q.offset >= found.total {
        let last = ((found.total.max(1) - 1) / q.limit + 1).max(1);
        return Err(ApiError::new(ErrorKind::NotFound, format!("page {page} is past the last page ({last})")));
    }
    crate::http::ok_json(&SearchResult {
        datasets: found.rows.into_iter().map(search::SummaryRow::view).collect(),
        facets: found.facets.into_iter().map(|(name, values)| Facet { name, values }).collect(),
        meta: PageMeta { total: found.total as u64, page: page as u32, per_page: q.limit as u32 },
    })
}

/// The wire form of a stored dataset.
pub fn dataset_view(row: datasets::DatasetRow, resources: Vec<commons_domain::opendata::Resource>) -> Dataset {
    let mut meta = row.meta();
    // The metadata's distribution list mirrors `resources` (without our ids and counters).
    meta.resources = resources.iter().map(|r| r.input.clone()).collect();
    Dataset {
        id: row.id,
        meta,
        organization_id: row.organization_id.clone(),
        resources,
        views: row.views,
        downloads: row.downloads,
        rating: row.rating,
        rating_count: row.rating_count,
        created_at: rfc3339_utc(row.created_at),
        updated_at: rfc3339_utc(row.updated_at),
    }
}

/// The dataset named by the `{id}` parameter (its identifier), or 404.
async fn dataset_or_404(rc: &RequestCtx) -> Result<Dataset, ApiError> {
    let key = rc.param("id").unwrap_or_default().to_lowercase();
    if !commons_domain::opendata::valid_identifier(&key) {
        return Err(ApiError::new(ErrorKind::NotFound, "no such dataset"));
    }
    let (row, resources) = datasets::dataset(&rc.db()?, &key)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such dataset"))?;
    Ok(dataset_view(row, resources))
}

/// `GET /api/datasets/{id}`: the dataset page (counts a view).
pub async fn get_dataset(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let mut d = dataset_or_404(rc).await?;
    datasets::count_view(&rc.db()?, d.id).await?;
    d.views += 1;
    crate::http::ok_json(&DatasetDetail { dataset: d })
}

/// A response with a content type and a short public cache life.
fn typed(body: String, content_type: &str) -> Response {
    let headers = Headers::new();
    let _ = headers.set("content-type", content_type);
    let _ = headers.set("cache-control", "public, max-age=60");
    Response::builder().with_status(200).with_headers(headers).fixed(body.into_bytes())
}

/// `GET /api/datasets/{id}.jsonld`: DCAT JSON-LD.
pub async fn get_dataset_jsonld(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let d = dataset_or_404(rc).await?;
    let body = serde_json::to_string(&dcat_dataset(&d, &origin(rc))).map_err(crate::error::internal)?;
    Ok(typed(body, "application/ld+json; charset=utf-8"))
}

/// `GET /api/datasets/{id}/feed.atom`: the dataset's change log.
pub async fn dataset_feed(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let d = dataset_or_404(rc).await?;
    let changes = datasets::changes_of(&rc.db()?, d.id).await?;
    let o = origin(rc);
    let link = format!("{o}/data/datasets/{}", d.meta.identifier);
    let entries: Vec<AtomEntry> = changes
        .iter()
        .map(|c| AtomEntry {
            id: format!("{link}#change-{}", c.id),
            title: format!("{}：{}", if c.kind == "created" { "新增" } else { "更新" }, d.meta.title),
            updated: rfc3339_utc(c.at),
            summary: if c.summary.is_empty() { c.kind.clone() } else { format!("{} ({})", c.kind, c.summary) },
            link: link.clone(),
        })
        .collect();
    let updated = changes.first().map(|c| rfc3339_utc(c.at)).unwrap_or_else(|| d.updated_at.clone());
    Ok(typed(atom_feed(&link, &d.meta.title, &link, &updated, &entries), "application/atom+xml; charset=utf-8"))
}

/// `GET /api/datasets/{id}/similar`.
pub async fn similar_datasets(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let d = dataset_or_404(rc).await?;
    let rows = search::similar(&rc.db()?, d.id, &d.meta.title, 6).await?;
    crate::http::ok_json(&DatasetList { datasets: rows.into_iter().map(search::SummaryRow::view).collect() })
}

/// Datasets in one DCAT catalogue page.
const CATALOG_PAGE: u32 = 100;

/// `GET /api/catalog.jsonld?page=`: the whole catalogue as DCAT, 100 datasets a page.
pub async fn catalog_jsonld(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let q = query(rc)?;
    let page: u32 = match q_get(&q, "page") {
        None => 1,
        Some(p) => p.parse().ok().filter(|p| *p >= 1).ok_or_else(|| ApiError::bad_request("page: starts at 1"))?,
    };
    let dbh = rc.db()?;
    let (total, _, _) = datasets::totals(&dbh).await?;
    let offset = i64::from(page - 1) * i64::from(CATALOG_PAGE);
    if page > 1 && offset >= total {
        return Err(ApiError::new(ErrorKind::NotFound, format!("page {page} is past the end of the catalogue")));
    }
    let ids: Vec<i64> =
        datasets::page_ids(&dbh, i64::from(CATALOG_PAGE), offset).await?.into_iter().map(|(id, _)| id).collect();
    let full = datasets::datasets_full(&dbh, &ids).await?;
    let datasets: Vec<Dataset> = full.into_iter().map(|(r, res)| dataset_view(r, res)).collect();
    let body = serde_json::to_string(&dcat_catalog(&datasets, &origin(rc), page, CATALOG_PAGE, total))
        .map_err(crate::error::internal)?;
    Ok(typed(body, "application/ld+json; charset=utf-8"))
}

/// The wire form of an organization row.
fn org_view(r: organizations::OrgRow) -> Organization {
    Organization { id: r.id, title: r.title, dataset_count: r.dataset_count }
}

/// `GET /api/organizations`.
pub async fn list_organizations(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let orgs = organizations::organizations(&rc.db()?).await?;
    crate::http::ok_json(&OrganizationList { organizations: orgs.into_iter().map(org_view).collect() })
}

/// `GET /api/organizations/{id}`: the agency with its facet statistics.
pub async fn get_organization(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let key = rc.param("id").unwrap_or_default().to_string();
    let dbh = rc.db()?;
    let org = organizations::organization(&dbh, &key)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such agency"))?;
    let q = SearchQuery {
        filters: vec![("organization".into(), org.id.clone())],
        sort: "views".into(),
        limit: 0,
        ..Default::default()
    };
    let found = search::search(&dbh, &q).await?;
    crate::http::ok_json(&OrganizationDetail {
        organization: org_view(org),
        facets: found.facets.into_iter().map(|(name, values)| Facet { name, values }).collect(),
    })
}

/// `GET /api/catalogue/stats`: numbers and lists for the open-data home page.
pub async fn catalogue_stats(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let dbh = rc.db()?;
    let (datasets, organizations, resources) = datasets::totals(&dbh).await?;
    let q = SearchQuery { sort: "views".into(), limit: 0, ..Default::default() };
    let found = search::search(&dbh, &q).await?;
    let facet = |name: &str, n: usize| {
        found
            .facets
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, v)| v.iter().take(n).cloned().collect())
            .unwrap_or_default()
    };
    let popular = search::top(&dbh, "views", 6).await?.into_iter().map(search::SummaryRow::view).collect();
    let newest = search::top(&dbh, "newest", 6).await?.into_iter().map(search::SummaryRow::view).collect();
    crate::http::ok_json(&CatalogueStats {
        datasets,
        organizations,
        resources,
        categories: facet("category", 30),
        top_organizations: facet("organization", 10),
        popular,
        newest,
    })
}

/// `GET /api/resources/{id}/download`: counts the download, then redirects.
pub async fn download_resource(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let id = super::datastore::resource_param(rc)?;
    let url = datasets::count_download(&rc.db()?, id)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such resource"))?;
    if !commons_domain::opendata::valid_url(&url) {
        return Err(ApiError::new(ErrorKind::NotFound, "this resource has no download address"));
    }
    let headers = Headers::new();
    let _ = headers.set("location", &url);
    Ok(Response::builder().with_status(302).with_headers(headers).empty())
}

/// `POST /api/admin/datasets/import`: upserts a batch; bad items are reported
/// by index and the rest go in.
pub async fn admin_import(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    let batch: ImportBatch = rc.json_with_limit(IMPORT_BODY_LIMIT).await?;
    if !["export", "jsonl", "ckan", "stats", "seed"].contains(&batch.source.as_str()) {
        return Err(ApiError::invalid("source: one of export, jsonl, ckan, stats, seed"));
    }
    if batch.items.len() > MAX_IMPORT_BATCH {
        return Err(ApiError::invalid(format!("items: at most {MAX_IMPORT_BATCH} per request")));
    }
    let mut outcome = ImportOutcome::default();
    let mut good = Vec::with_capacity(batch.items.len());
    for (index, mut item) in batch.items.into_iter().enumerate() {
        match validate_dataset(&mut item) {
            Ok(()) => good.push((index, item)),
            Err(e) => outcome.failed.push(ImportFailure { index, reason: e.message }),
        }
    }
    let outcome = import::import(&rc.db()?, &batch.source, &good, outcome, rc.now()).await?;
    crate::http::ok_json(&outcome)
}
