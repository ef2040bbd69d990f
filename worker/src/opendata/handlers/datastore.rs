//! The DataStore: a publisher uploads a CSV (kept in R2), it is parsed
//! server-side into typed rows (D1), and anyone can page, sort, filter and
//! chart it, through our API or CKAN's `datastore_search`.

use commons_domain::accounts::Role;
use commons_domain::opendata::ckan::{CkanDatastoreResult, CkanError, CkanParams};
use commons_domain::opendata::datastore::{
    check_query, page_limit, parse_csv, parse_sort, record, CsvError, DatastorePage, MAX_CSV_BYTES, MAX_PAGE_ROWS,
};
use commons_domain::opendata::wire::{UploadedResource, UploadedResourceInfo, UploadedTable};
use commons_domain::{ApiError, ErrorKind};
use serde_json::Value;
use worker::{Headers, Response};

use crate::accounts::auth::require_user;
use crate::ctx::RequestCtx;
use crate::http::{q_get, query};
use crate::opendata::db::datasets;
use crate::opendata::db::datastore as db;

/// Maps a CSV problem to the API error a user should see.
fn csv_error(e: CsvError) -> ApiError {
    match e {
        CsvError::TooLarge(_) => ApiError::new(ErrorKind::PayloadTooLarge, e.to_string()),
        CsvError::Encoding => ApiError::invalid(format!("encoding: {e}")),
        _ => ApiError::invalid(format!("csv: {e}")),
    }
}

/// The `{id}` of a resource route: a number, or no such resource (404).
pub fn resource_param(rc: &RequestCtx) -> Result<i64, ApiError> {
    rc.param("id")
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such resource (resource ids are numbers)"))
}

/// `POST /api/datasets/{id}/resources?description=`: upload a CSV as a new
/// resource (publishers of the dataset's agency, or admins).
pub async fn upload_resource(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let identifier = rc.param("id").unwrap_or_default().to_lowercase();
    let dbh = rc.db()?;
    let (row, _) = datasets::dataset(&dbh, &identifier)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such dataset"))?;
    if !me.has(Role::Publisher, Some(&row.organization_id)) {
        return Err(ApiError::forbidden());
    }
    let q = query(rc)?;
    let description = q_get(&q, "description").unwrap_or("").trim().to_string();
    if description.chars().count() > 200 {
        return Err(ApiError::invalid("description: at most 200 characters"));
    }
    let bytes = crate::opendata::body::read_capped(rc, MAX_CSV_BYTES).await?;
    if bytes.is_empty() {
        return Err(ApiError::invalid("csv: the file is empty"));
    }
    // Parse before storing anything: a bad file leaves no trace.
    let table = parse_csv(&bytes).map_err(csv_error)?;
    let key = format!("datasets/{identifier}/{}.csv", crate::crypto::random_hex::<12>());
    let bucket = rc.env.bucket("FILES").map_err(crate::error::internal)?;
    bucket.put(key.clone(), bytes).execute().await.map_err(crate::error::internal)?;
    let fields = table.fields.iter().map(|f| f.id.as_str()).collect::<Vec<_>>().join(";");
    let description = if description.is_empty() { format!("{}（CSV）", row.meta().title) } else { description };
    let resource = db::add_resource(&dbh, row.id, &description, &table.encoding, &key, &fields).await?;
    let download = format!("{}/api/resources/{resource}/file", super::catalogue::origin(rc));
    let datastore = UploadedTable {
        total: table.row_count,
        encoding: table.encoding.clone(),
        delimiter: table.delimiter.to_string(),
        fields: table.fields.clone(),
    };
    if let Err(e) = db::store_table(&dbh, resource, table, &download, rc.now()).await {
        // Keep the catalogue consistent: no half-made resource without rows.
        let _ = db::remove_resource(&dbh, resource).await;
        let _ = bucket.delete(key).await;
        return Err(e);
    }
    let answer = UploadedResource {
        resource: UploadedResourceInfo {
            id: resource,
            description,
            format: "CSV".into(),
            encoding: datastore.encoding.clone(),
            download_url: download,
            datastore_active: true,
        },
        datastore,
    };
    crate::http::json_with_status(&answer, 201)
}

/// The parameters of a DataStore query, from either API.
struct Params {
    resource: i64,
    offset: i64,
    limit: i64,
    sort: String,
    q: String,
    filters: Vec<(String, String)>,
}

/// Parses `filters` given as a JSON object (or its text).
fn parse_filters(v: Option<&Value>) -> Result<Vec<(String, String)>, String> {
    let obj = match v {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(Vec::new()),
        Some(Value::String(s)) => serde_json::from_str::<Value>(s).map_err(|_| "filters: must be a JSON object")?,
        Some(other) => other.clone(),
    };
    let Value::Object(m) = obj else { return Err("filters: must be a JSON object".into()) };
    m.into_iter()
        .map(|(k, v)| match v {
            Value::String(s) => Ok((k, s)),
            Value::Number(n) => Ok((k, n.to_string())),
            _ => Err(format!("filters.{k}: must be a string or a number")),
        })
        .collect()
}

/// Runs a DataStore query.
async fn search(rc: &RequestCtx, p: Params) -> Result<DatastorePage, ApiError> {
    let dbh = rc.db()?;
    let table = db::table(&dbh, p.resource).await?.ok_or_else(|| {
        ApiError::new(ErrorKind::NotFound, format!("resource {} is not in the DataStore", p.resource))
    })?;
    let fields = table.fields();
    let sort = parse_sort(&p.sort, &fields).map_err(ApiError::invalid)?;
    check_query(&p.q, &p.filters, &fields).map_err(ApiError::invalid)?;
    let layout = table.layout();
    // Every record repeats the column names: a page of wide rows is cut short.
    let limit = page_limit(&fields, table.avg_row_bytes(), p.limit);
    let (rows, total) = db::rows(
        &dbh,
        &db::RowQuery {
            resource: p.resource,
            fields: &fields,
            layout,
            q: &p.q,
            filters: &p.filters,
            sort,
            offset: p.offset,
            limit,
        },
    )
    .await?;
    let total = total.unwrap_or(table.row_count);
    if p.offset > 0 && p.offset >= total {
        return Err(ApiError::new(ErrorKind::NotFound, format!("offset {} is past the last row ({total})", p.offset)));
    }
    let records = rows.into_iter().map(|(n, data)| record(&fields, n, &data, layout)).collect();
    Ok(DatastorePage { resource_id: p.resource.to_string(), fields, records, total, offset: p.offset, limit })
}

/// An integer within a range, or a 400 naming it.
fn ranged(v: Option<&str>, name: &str, default: i64, lo: i64, hi: i64) -> Result<i64, ApiError> {
    match v {
        None | Some("") => Ok(default),
        Some(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| (lo..=hi).contains(n))
            .ok_or_else(|| ApiError::bad_request(format!("{name}: an integer from {lo} to {hi}"))),
    }
}

/// `GET /api/resources/{id}/datastore?offset=&limit=&sort=&q=&filters=`.
pub async fn get_datastore(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let resource = resource_param(rc)?;
    let q = query(rc)?;
    let filters = parse_filters(q_get(&q, "filters").map(|s| Value::String(s.to_string())).as_ref())
        .map_err(ApiError::invalid)?;
    let page = search(
        rc,
        Params {
            resource,
            offset: ranged(q_get(&q, "offset"), "offset", 0, 0, 10_000_000)?,
            limit: ranged(q_get(&q, "limit"), "limit", 100, 1, MAX_PAGE_ROWS)?,
            sort: q_get(&q, "sort").unwrap_or("").to_string(),
            q: q_get(&q, "q").unwrap_or("").to_string(),
            filters,
        },
    )
    .await?;
    crate::http::ok_json(&page)
}

/// `GET /api/resources/{id}/file`: the uploaded file as it was sent.
///
/// The file is the agency's published data and is sent byte for byte; the
/// site writes no CSV of its own here (so there are no cells for
/// `commons_domain::common::csv::text` to neutralise).
pub async fn get_file(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let resource = resource_param(rc)?;
    let key =
        db::r2_key(&rc.db()?, resource).await?.ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no uploaded file"))?;
    let bucket = rc.env.bucket("FILES").map_err(crate::error::internal)?;
    let obj = bucket.get(key).execute().await.map_err(crate::error::internal)?;
    let obj = obj.ok_or_else(|| ApiError::new(ErrorKind::NotFound, "the file is gone"))?;
    let body = obj.body().ok_or_else(|| crate::error::internal("R2 object without body"))?;
    let bytes = body.bytes().await.map_err(crate::error::internal)?;
    let headers = Headers::new();
    let _ = headers.set("content-type", "text/csv");
    let _ = headers.set("content-disposition", &format!("attachment; filename=\"resource-{resource}.csv\""));
    let _ = headers.set("cache-control", "public, max-age=300");
    Ok(Response::builder().with_status(200).with_headers(headers).fixed(bytes))
}

/// CKAN `datastore_search`: `resource_id`, `limit`, `offset`, `q`, `filters`, `sort`.
pub async fn ckan_datastore_search(rc: &RequestCtx, p: &CkanParams) -> Result<Value, CkanError> {
    let id = p.scalar("resource_id").ok_or_else(|| CkanError::validation("resource_id: Missing value"))?;
    let resource: i64 =
        id.trim().parse().map_err(|_| CkanError::not_found(format!("Resource \"{id}\" was not found.")))?;
    let filters = parse_filters(p.get("filters")).map_err(CkanError::validation)?;
    let limit =
        ranged(p.scalar("limit").as_deref(), "limit", 100, 0, 32_000).map_err(CkanError::from)?.min(MAX_PAGE_ROWS);
    let page = search(
        rc,
        Params {
            resource,
            offset: ranged(p.scalar("offset").as_deref(), "offset", 0, 0, 10_000_000)?,
            limit: limit.max(1),
            sort: p.scalar("sort").unwrap_or_default(),
            q: p.scalar("q").unwrap_or_default(),
            filters,
        },
    )
    .await?;
    // Through a `Value`, like every CKAN result: keys in byte order.
    serde_json::to_value(CkanDatastoreResult::of(page)).map_err(|e| CkanError::from(crate::error::internal(e)))
}
