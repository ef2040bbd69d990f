//! A CKAN-compatible Action API (`/api/3/action/<name>` and
//! `/api/action/<name>`, GET or POST), so existing CKAN clients such as
//! Python's `ckanapi` work against Commons unchanged.
//!
//! CKAN's envelope (`{"help", "success", "result"}`) and its error shape
//! (`{"success": false, "error": {"__type", "message"}}`) are kept exactly,
//! because clients dispatch on `__type`; this is the one place the API does
//! not use the `{"error", "message"}` body.

use commons_domain::opendata::dcat::{ckan_organization, ckan_package};
use commons_domain::opendata::{parse_fq, Organization, SearchQuery};
use commons_domain::{ApiError, ErrorKind};
use serde_json::{json, Map, Value};
use worker::Response;

use super::catalogue::{dataset_view, origin};
use super::ckan_error::CkanError;
use crate::ctx::RequestCtx;
use crate::opendata::db::catalogue as db;

/// Builds the CKAN envelope.
fn envelope(help: &str, body: Result<Value, CkanError>) -> Result<Response, ApiError> {
    match body {
        Ok(result) => crate::http::ok_json(&json!({"help": help, "success": true, "result": result})),
        Err(e) => crate::http::json_with_status(
            &json!({"help": help, "success": false, "error": {"__type": e.kind, "message": e.message}}),
            e.status,
        ),
    }
}

/// The action's parameters: the query string for GET, the JSON body for POST
/// (an empty POST body means no parameters).
async fn params(rc: &mut RequestCtx) -> Result<Map<String, Value>, ApiError> {
    let mut map = Map::new();
    for (k, v) in crate::http::query(rc)? {
        map.insert(k, Value::String(v));
    }
    if rc.method_name == "POST" {
        let has_body = rc.header("content-length").map(|l| l != "0").unwrap_or(true);
        if has_body {
            let bytes = rc.req.bytes().await.map_err(|e| ApiError::bad_request(format!("unreadable body: {e}")))?;
            if bytes.len() > 64 * 1024 {
                return Err(ApiError::new(ErrorKind::PayloadTooLarge, "request body is over 65536 bytes"));
            }
            if !bytes.is_empty() {
                let v: Value = serde_json::from_slice(&bytes)
                    .map_err(|e| ApiError::bad_request(format!("malformed JSON: {e}")))?;
                match v {
                    Value::Object(o) => map.extend(o),
                    _ => return Err(ApiError::invalid("the body must be a JSON object")),
                }
            }
        }
    }
    Ok(map)
}

/// A parameter as text (CKAN clients send numbers and booleans as either).
fn p_str(p: &Map<String, Value>, key: &str) -> Option<String> {
    match p.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// An integer parameter within `lo..=hi`, or a validation error naming it.
fn p_int(p: &Map<String, Value>, key: &str, default: i64, lo: i64, hi: i64) -> Result<i64, CkanError> {
    match p_str(p, key) {
        None => Ok(default),
        Some(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (lo..=hi).contains(n))
            .ok_or_else(|| CkanError::validation(format!("{key}: must be an integer from {lo} to {hi}"))),
    }
}

/// A boolean parameter (`true`, `True`, `1`).
fn p_bool(p: &Map<String, Value>, key: &str) -> bool {
    p_str(p, key).is_some_and(|s| matches!(s.to_lowercase().as_str(), "true" | "1" | "yes"))
}

/// `POST|GET /api/3/action/{name}`.
pub async fn action(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let name = rc.param("name").unwrap_or_default().to_string();
    let help = format!("{}/api/3/action/help_show?name={name}", origin(rc));
    let body = match params(rc).await {
        Ok(p) => run(rc, &name, &p).await,
        Err(e) => Err(e.into()),
    };
    envelope(&help, body)
}

/// Dispatches one action.
async fn run(rc: &RequestCtx, name: &str, p: &Map<String, Value>) -> Result<Value, CkanError> {
    match name {
        "status_show" => Ok(json!({
            "site_title": "Commons 開放資料",
            "site_url": origin(rc),
            "site_description": "臺灣研究與公民社群的開放資料目錄",
            "ckan_version": "2.10.4",
            "locale_default": "zh_Hant_TW",
            "extensions": ["datastore", "dcat"],
        })),
        "package_list" => {
            let limit = p_int(p, "limit", 1000, 1, 1000)?;
            let offset = p_int(p, "offset", 0, 0, 10_000_000)?;
            let ids = db::page_ids(&rc.db()?, limit, offset).await?;
            Ok(json!(ids.into_iter().map(|(_, name)| name).collect::<Vec<_>>()))
        }
        "package_show" => {
            let id = p_str(p, "id")
                .or_else(|| p_str(p, "name"))
                .ok_or_else(|| CkanError::validation("id: Missing value"))?;
            let (row, res) =
                db::dataset(&rc.db()?, &id.to_lowercase()).await?.ok_or_else(|| CkanError::not_found("Not found"))?;
            Ok(ckan_package(&dataset_view(row, res), &origin(rc)))
        }
        "package_search" => package_search(rc, p).await,
        "organization_list" => {
            let orgs = db::organizations(&rc.db()?).await?;
            let limit = p_int(p, "limit", 1000, 1, 1000)? as usize;
            let offset = p_int(p, "offset", 0, 0, 1_000_000)? as usize;
            let by_name = p_str(p, "sort").is_some_and(|s| s.starts_with("name"));
            let mut orgs: Vec<db::OrgRow> = orgs;
            if by_name {
                orgs.sort_by(|a, b| a.id.cmp(&b.id));
            }
            let page = orgs.into_iter().skip(offset).take(limit);
            if p_bool(p, "all_fields") {
                Ok(json!(page
                    .map(|o| {
                        let created = commons_domain::common::locale::rfc3339_utc(o.created_at);
                        ckan_organization(
                            &Organization { id: o.id, title: o.title, dataset_count: o.dataset_count },
                            &created,
                        )
                    })
                    .collect::<Vec<_>>()))
            } else {
                Ok(json!(page.map(|o| o.id).collect::<Vec<_>>()))
            }
        }
        "organization_show" => {
            let id = p_str(p, "id").ok_or_else(|| CkanError::validation("id: Missing value"))?;
            let dbh = rc.db()?;
            let o = db::organization(&dbh, &id).await?.ok_or_else(|| CkanError::not_found("Not found"))?;
            let created = commons_domain::common::locale::rfc3339_utc(o.created_at);
            let mut dict = ckan_organization(
                &Organization { id: o.id.clone(), title: o.title, dataset_count: o.dataset_count },
                &created,
            );
            if p_bool(p, "include_datasets") {
                let q = SearchQuery {
                    filters: vec![("organization".into(), o.id)],
                    sort: "views".into(),
                    limit: 10,
                    ..Default::default()
                };
                let found = db::search(&dbh, &q).await?;
                let ids: Vec<i64> = found.rows.into_iter().map(|r| r.view().id).collect();
                dict["packages"] = json!(full_packages(rc, &ids).await?);
            }
            Ok(dict)
        }
        "tag_list" => {
            let q = p_str(p, "query").unwrap_or_default();
            let tags = db::tags(&rc.db()?, &q, p_int(p, "limit", 1000, 1, 10_000)?).await?;
            if p_bool(p, "all_fields") {
                Ok(json!(tags
                    .into_iter()
                    .map(|(t, n)| json!({"id": t, "name": t, "display_name": t, "count": n, "vocabulary_id": null}))
                    .collect::<Vec<_>>()))
            } else {
                Ok(json!(tags.into_iter().map(|(t, _)| t).collect::<Vec<_>>()))
            }
        }
        "datastore_search" => crate::opendata::handlers::datastore::ckan_datastore_search(rc, p).await,
        _ => Err(CkanError { status: 400, kind: "Bad request", message: format!("Action name not known: {name}") }),
    }
}

/// Full CKAN package dicts for dataset ids, in order.
async fn full_packages(rc: &RequestCtx, ids: &[i64]) -> Result<Vec<Value>, CkanError> {
    let full = db::datasets_full(&rc.db()?, ids).await?;
    let o = origin(rc);
    Ok(full.into_iter().map(|(r, res)| ckan_package(&dataset_view(r, res), &o)).collect::<Vec<Value>>())
}

/// Maps CKAN sort strings onto ours.
fn ckan_sort(s: &str) -> &'static str {
    let field = s.split(',').next().unwrap_or("").trim();
    match field.split_whitespace().next().unwrap_or("") {
        "metadata_modified" | "metadata_created" => "newest",
        "views_recent" | "views_total" | "views" => "views",
        "downloads" => "downloads",
        "rating" => "rating",
        _ => "relevance",
    }
}

/// CKAN facet names for ours.
fn ckan_facet_name(ours: &str) -> &'static str {
    match ours {
        "organization" => "organization",
        "format" => "res_format",
        "license" => "license_id",
        "category" => "groups",
        "frequency" => "accrualPeriodicity",
        "quality" => "dataQuality",
        _ => "tags",
    }
}

/// `package_search`.
async fn package_search(rc: &RequestCtx, p: &Map<String, Value>) -> Result<Value, CkanError> {
    let rows = p_int(p, "rows", 10, 0, 1000)?;
    let start = p_int(p, "start", 0, 0, 100_000)?;
    let mut q = SearchQuery {
        q: p_str(p, "q").unwrap_or_default().replace("*:*", ""),
        sort: ckan_sort(&p_str(p, "sort").unwrap_or_default()).to_string(),
        offset: start,
        limit: rows,
        ..Default::default()
    };
    for (facet, value) in parse_fq(&p_str(p, "fq").unwrap_or_default()).map_err(CkanError::search)? {
        if facet == "tags" {
            q.tags.push(value);
        } else {
            q.filters.push((facet, value));
        }
    }
    q.validate().map_err(|e| CkanError::search(e.message))?;
    let requested: Vec<String> = match p.get("facet.field") {
        None => Vec::new(),
        Some(Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        Some(Value::String(s)) => serde_json::from_str::<Vec<String>>(s)
            .map_err(|_| CkanError::search("facet.field: must be a JSON list of field names"))?,
        Some(_) => return Err(CkanError::search("facet.field: must be a JSON list of field names")),
    };
    let facet_limit = p_int(p, "facet.limit", 50, -1, 1000)?;
    let dbh = rc.db()?;
    let found = db::search(&dbh, &q).await?;
    let ids: Vec<i64> = found.rows.into_iter().map(|r| r.view().id).collect();
    let results = full_packages(rc, &ids).await?;
    let mut facets = Map::new();
    let mut search_facets = Map::new();
    for field in &requested {
        let Some((_, values)) = found.facets.iter().find(|(ours, _)| ckan_facet_name(ours) == field) else {
            facets.insert(field.clone(), json!({}));
            search_facets.insert(field.clone(), json!({"title": field, "items": []}));
            continue;
        };
        let take = if facet_limit < 0 { usize::MAX } else { facet_limit as usize };
        let mut counts = Map::new();
        let mut items = Vec::new();
        for v in values.iter().take(take) {
            counts.insert(v.value.clone(), json!(v.count));
            items.push(json!({"name": v.value, "display_name": v.label, "count": v.count}));
        }
        facets.insert(field.clone(), Value::Object(counts));
        search_facets.insert(field.clone(), json!({"title": field, "items": items}));
    }
    Ok(json!({
        "count": found.total,
        "sort": p_str(p, "sort").unwrap_or_else(|| "score desc, metadata_modified desc".into()),
        "results": results,
        "facets": facets,
        "search_facets": search_facets,
    }))
}
