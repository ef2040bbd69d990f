//! A CKAN-compatible Action API (`/api/3/action/<name>` and
//! `/api/action/<name>`, GET or POST), so existing CKAN clients such as
//! Python's `ckanapi` work against Commons unchanged.
//!
//! CKAN's envelope (`{"help", "success", "result"}`) and its error shape
//! (`{"success": false, "error": {"__type", "message"}}`) are kept exactly,
//! because clients dispatch on `__type`; this is the one place the API does
//! not use the `{"error", "message"}` body.

use commons_domain::opendata::ckan::{
    ckan_facet_name, ckan_sort, CkanEnvelope, CkanError, CkanFacetItem, CkanParams, CkanSearchFacet, CkanSearchResult,
    CkanStatus, CkanTagCount, MAX_FQ_CHARS,
};
use commons_domain::opendata::dcat::{ckan_organization, ckan_package, CkanOrganization, CkanPackage};
use commons_domain::opendata::{parse_fq, Organization, SearchQuery};
use commons_domain::ApiError;
use serde::Serialize;
use serde_json::{Map, Value};
use worker::Response;

use super::catalogue::{dataset_view, origin};
use crate::ctx::RequestCtx;
use crate::opendata::db::{datasets, organizations, search};

/// Answers in CKAN's envelope, with the error's status on failure.
fn envelope(help: String, body: Result<Value, CkanError>) -> Result<Response, ApiError> {
    match body {
        Ok(result) => crate::http::ok_json(&CkanEnvelope::ok(help, result)),
        Err(e) => crate::http::json_with_status(&CkanEnvelope::<Value>::failed(help, &e), e.status),
    }
}

/// An action's result as JSON. Every object goes through a `Value`, whose
/// keys are in byte order: the bytes CKAN clients have always had.
fn result<T: Serialize>(v: &T) -> Result<Value, CkanError> {
    serde_json::to_value(v).map_err(|e| CkanError::from(crate::error::internal(e)))
}

/// The largest POST body an action takes.
const BODY_LIMIT: usize = 64 * 1024;

/// The action's parameters: the query string for GET, the JSON body for POST
/// (an empty POST body means no parameters). A body over 64 KiB is refused
/// on its declared length before it is read, or as soon as the read passes
/// the limit (`crate::opendata::body`).
async fn params(rc: &mut RequestCtx) -> Result<CkanParams, ApiError> {
    let mut map = Map::new();
    for (k, v) in crate::http::query(rc)? {
        map.insert(k, Value::String(v));
    }
    if rc.method_name == "POST" {
        let bytes = crate::opendata::body::read_capped(rc, BODY_LIMIT).await?;
        if !bytes.is_empty() {
            let v: Value =
                serde_json::from_slice(&bytes).map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")))?;
            match v {
                Value::Object(o) => map.extend(o),
                _ => return Err(ApiError::invalid("the body must be a JSON object")),
            }
        }
    }
    Ok(CkanParams(map))
}

/// `POST|GET /api/3/action/{name}`.
pub async fn action(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let name = rc.param("name").unwrap_or_default().to_string();
    let help = format!("{}/api/3/action/help_show?name={name}", origin(rc));
    let body = match params(rc).await {
        Ok(p) => run(rc, &name, &p).await,
        Err(e) => Err(e.into()),
    };
    envelope(help, body)
}

/// Dispatches one action.
async fn run(rc: &RequestCtx, name: &str, p: &CkanParams) -> Result<Value, CkanError> {
    match name {
        "status_show" => result(&CkanStatus::of_site(&origin(rc))),
        "package_list" => {
            let limit = p.int("limit", 1000, 1, 1000)?;
            let offset = p.int("offset", 0, 0, 10_000_000)?;
            let ids = datasets::page_ids(&rc.db()?, limit, offset).await?;
            result(&ids.into_iter().map(|(_, name)| name).collect::<Vec<_>>())
        }
        "package_show" => {
            let id =
                p.text("id").or_else(|| p.text("name")).ok_or_else(|| CkanError::validation("id: Missing value"))?;
            let (row, res) = datasets::dataset(&rc.db()?, &id.to_lowercase())
                .await?
                .ok_or_else(|| CkanError::not_found("Not found"))?;
            result(&ckan_package(&dataset_view(row, res), &origin(rc)))
        }
        "package_search" => package_search(rc, p).await,
        "organization_list" => organization_list(rc, p).await,
        "organization_show" => organization_show(rc, p).await,
        "tag_list" => {
            let q = p.bounded_text("query", commons_domain::common::d1::MAX_QUERY_CHARS)?.unwrap_or_default();
            let tags = datasets::tags(&rc.db()?, &q, p.int("limit", 1000, 1, 10_000)?).await?;
            if p.flag("all_fields") {
                result(&tags.into_iter().map(|(t, n)| CkanTagCount::new(t, n)).collect::<Vec<_>>())
            } else {
                result(&tags.into_iter().map(|(t, _)| t).collect::<Vec<_>>())
            }
        }
        "datastore_search" => crate::opendata::handlers::datastore::ckan_datastore_search(rc, p).await,
        _ => Err(CkanError::unknown_action(name)),
    }
}

/// CKAN's organization dict of one of our agency rows.
fn organization_dict(o: organizations::OrgRow) -> CkanOrganization {
    let created = commons_domain::common::locale::rfc3339_utc(o.created_at);
    ckan_organization(&Organization { id: o.id, title: o.title, dataset_count: o.dataset_count }, &created)
}

/// `organization_list`: names, or full dicts with `all_fields`.
async fn organization_list(rc: &RequestCtx, p: &CkanParams) -> Result<Value, CkanError> {
    let mut orgs = organizations::organizations(&rc.db()?).await?;
    let limit = p.int("limit", 1000, 1, 1000)? as usize;
    let offset = p.int("offset", 0, 0, 1_000_000)? as usize;
    if p.text("sort").is_some_and(|s| s.starts_with("name")) {
        orgs.sort_by(|a, b| a.id.cmp(&b.id));
    }
    let page = orgs.into_iter().skip(offset).take(limit);
    if p.flag("all_fields") {
        result(&page.map(organization_dict).collect::<Vec<_>>())
    } else {
        result(&page.map(|o| o.id).collect::<Vec<_>>())
    }
}

/// `organization_show`, with its 10 most viewed packages on `include_datasets`.
async fn organization_show(rc: &RequestCtx, p: &CkanParams) -> Result<Value, CkanError> {
    let id = p.text("id").ok_or_else(|| CkanError::validation("id: Missing value"))?;
    let dbh = rc.db()?;
    let o = organizations::organization(&dbh, &id).await?.ok_or_else(|| CkanError::not_found("Not found"))?;
    let org_id = o.id.clone();
    let mut dict = organization_dict(o);
    if p.flag("include_datasets") {
        let q = SearchQuery {
            filters: vec![("organization".into(), org_id)],
            sort: "views".into(),
            limit: 10,
            ..Default::default()
        };
        let found = search::search(&dbh, &q).await?;
        let ids: Vec<i64> = found.rows.into_iter().map(|r| r.view().id).collect();
        dict.packages = Some(full_packages(rc, &ids).await?);
    }
    result(&dict)
}

/// Full CKAN package dicts for dataset ids, in order.
async fn full_packages(rc: &RequestCtx, ids: &[i64]) -> Result<Vec<CkanPackage>, CkanError> {
    let full = datasets::datasets_full(&rc.db()?, ids).await?;
    let o = origin(rc);
    Ok(full.into_iter().map(|(r, res)| ckan_package(&dataset_view(r, res), &o)).collect())
}

/// `package_search`.
async fn package_search(rc: &RequestCtx, p: &CkanParams) -> Result<Value, CkanError> {
    let rows = p.int("rows", 10, 0, 1000)?;
    let start = p.int("start", 0, 0, 100_000)?;
    let mut q = SearchQuery {
        q: p.bounded_text("q", 4 * commons_domain::common::d1::MAX_QUERY_CHARS)?.unwrap_or_default().replace("*:*", ""),
        sort: ckan_sort(&p.text("sort").unwrap_or_default()).to_string(),
        offset: start,
        limit: rows,
        ..Default::default()
    };
    let fq = p.text("fq").unwrap_or_default();
    if fq.chars().count() > MAX_FQ_CHARS {
        return Err(CkanError::search(format!("fq: at most {MAX_FQ_CHARS} characters")));
    }
    for (facet, value) in parse_fq(&fq).map_err(CkanError::search)? {
        if value.trim().is_empty() {
            continue;
        }
        if facet == "tags" {
            q.tags.push(value);
        } else {
            q.filters.push((facet, value));
        }
    }
    q.validate().map_err(|e| CkanError::search(e.message))?;
    let requested = p.facet_fields()?;
    let facet_limit = p.int("facet.limit", 50, -1, 1000)?;
    let dbh = rc.db()?;
    let found = search::search(&dbh, &q).await?;
    let ids: Vec<i64> = found.rows.into_iter().map(|r| r.view().id).collect();
    let mut answer = CkanSearchResult {
        count: found.total,
        facets: Default::default(),
        results: full_packages(rc, &ids).await?,
        search_facets: Default::default(),
        sort: p.text("sort").unwrap_or_else(|| "score desc, metadata_modified desc".into()),
    };
    let take = if facet_limit < 0 { usize::MAX } else { facet_limit as usize };
    for field in &requested {
        let values = found.facets.iter().find(|(ours, _)| ckan_facet_name(ours) == field).map(|(_, v)| v);
        let values = values.map(|v| &v[..v.len().min(take)]).unwrap_or_default();
        answer.facets.insert(field.clone(), values.iter().map(|v| (v.value.clone(), v.count)).collect());
        let items = values
            .iter()
            .map(|v| CkanFacetItem { count: v.count, display_name: v.label.clone(), name: v.value.clone() })
            .collect();
        answer.search_facets.insert(field.clone(), CkanSearchFacet { items, title: field.clone() });
    }
    result(&answer)
}
