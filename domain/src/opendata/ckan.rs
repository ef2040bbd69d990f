//! The CKAN Action API's wire shapes and its pure rules: the envelope
//! (`{"help", "success", "result"}`), the error (`{"__type", "message"}`),
//! the results of the actions that are not a package or an organization dict
//! (those are built in [`crate::opendata::dcat`]), the reading of an action's
//! parameters, and the mapping of CKAN's sorts and facet names onto ours.
//!
//! CKAN clients (Python's `ckanapi` among them) parse these bytes, so the
//! output must not change. Every object here is sent through a
//! `serde_json::Value`, whose map keeps keys in byte order, exactly as the
//! hand-built `json!` bodies did; the tests check that each type serialises
//! to the same bytes either way.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{ApiError, ErrorKind};

/// Most `facet.field` names one `package_search` may ask for (we have seven facets).
pub const MAX_FACET_FIELDS: usize = 20;
/// Longest `fq` of a `package_search`, in characters.
pub const MAX_FQ_CHARS: usize = 4000;

/// Whether a request's declared `Content-Length` already puts its body over
/// `limit`: such a body is refused before a byte of it is read (the CKAN
/// action's 64 KiB, the DataStore upload's 8 MiB). An absent or unreadable
/// length is left to the capped read.
pub fn declared_over(content_length: Option<&str>, limit: usize) -> bool {
    content_length.and_then(|l| l.trim().parse::<u64>().ok()).is_some_and(|n| n > limit as u64)
}

/// CKAN's envelope around every answer of the Action API. Fields are in byte
/// order, as CKAN clients have always received them from us.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CkanEnvelope<T> {
    /// On failure: what went wrong (CKAN clients dispatch on `__type`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<CkanErrorBody>,
    /// The URL of the action's help.
    pub help: String,
    /// On success: the action's result (its shape depends on the action).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<serde_json::Value>))]
    pub result: Option<T>,
    /// Whether the action succeeded.
    pub success: bool,
}

impl<T> CkanEnvelope<T> {
    /// A successful answer.
    pub fn ok(help: String, result: T) -> Self {
        CkanEnvelope { error: None, help, result: Some(result), success: true }
    }

    /// A failed answer.
    pub fn failed(help: String, e: &CkanError) -> Self {
        CkanEnvelope {
            error: Some(CkanErrorBody { kind: e.kind.to_string(), message: e.message.clone() }),
            help,
            result: None,
            success: false,
        }
    }
}

/// CKAN's error object, inside the envelope of a failed action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CkanErrorBody {
    /// CKAN's error class: `Not Found Error`, `Validation Error`, `Search Query Error`…
    #[serde(rename = "__type")]
    pub kind: String,
    /// Human text.
    pub message: String,
}

/// A CKAN-style failure: the HTTP status with CKAN's `__type` and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CkanError {
    /// HTTP status.
    pub status: u16,
    /// CKAN's `__type`.
    pub kind: &'static str,
    /// Human text.
    pub message: String,
}

impl CkanError {
    /// 404 `Not Found Error`.
    pub fn not_found(message: impl Into<String>) -> Self {
        CkanError { status: 404, kind: "Not Found Error", message: message.into() }
    }
    /// 409 `Validation Error`.
    pub fn validation(message: impl Into<String>) -> Self {
        CkanError { status: 409, kind: "Validation Error", message: message.into() }
    }
    /// 409 `Search Query Error`.
    pub fn search(message: impl Into<String>) -> Self {
        CkanError { status: 409, kind: "Search Query Error", message: message.into() }
    }
    /// 400 `Bad request`: an action we do not have.
    pub fn unknown_action(name: &str) -> Self {
        CkanError { status: 400, kind: "Bad request", message: format!("Action name not known: {name}") }
    }
}

impl From<ApiError> for CkanError {
    fn from(e: ApiError) -> Self {
        let kind = match e.kind {
            ErrorKind::NotFound => "Not Found Error",
            ErrorKind::PayloadTooLarge => "Bad request",
            ErrorKind::Invalid | ErrorKind::BadRequest => "Validation Error",
            ErrorKind::Unauthorized | ErrorKind::Forbidden => "Authorization Error",
            _ => "Internal Server Error",
        };
        // CKAN answers every refused input with 409.
        let status = match e.kind {
            ErrorKind::Invalid | ErrorKind::BadRequest => 409,
            _ => e.status(),
        };
        CkanError { status, kind, message: e.message }
    }
}

/// The parameters of one action: the query string and, for a POST, the JSON
/// body's members (which win).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CkanParams(pub Map<String, Value>);

impl CkanParams {
    /// A parameter as text (CKAN clients send numbers and booleans as either).
    pub fn text(&self, key: &str) -> Option<String> {
        match self.0.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }

    /// A parameter given as a string or a number only (the DataStore's reading).
    pub fn scalar(&self, key: &str) -> Option<String> {
        match self.0.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        }
    }

    /// An integer parameter within `lo..=hi` (`default` when absent), or a
    /// validation error naming it.
    pub fn int(&self, key: &str, default: i64, lo: i64, hi: i64) -> Result<i64, CkanError> {
        match self.text(key) {
            None => Ok(default),
            Some(s) => s
                .trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (lo..=hi).contains(n))
                .ok_or_else(|| CkanError::validation(format!("{key}: must be an integer from {lo} to {hi}"))),
        }
    }

    /// A boolean parameter (`true`, `True`, `1`, `yes`).
    pub fn flag(&self, key: &str) -> bool {
        self.text(key).is_some_and(|s| matches!(s.to_lowercase().as_str(), "true" | "1" | "yes"))
    }

    /// `facet.field`: a JSON list of at most [`MAX_FACET_FIELDS`] field
    /// names, as a list or as its text.
    pub fn facet_fields(&self) -> Result<Vec<String>, CkanError> {
        let refused = || CkanError::search("facet.field: must be a JSON list of field names");
        let fields = match self.0.get("facet.field") {
            None => Vec::new(),
            Some(Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
            Some(Value::String(s)) => serde_json::from_str::<Vec<String>>(s).map_err(|_| refused())?,
            Some(_) => return Err(refused()),
        };
        if fields.len() > MAX_FACET_FIELDS {
            return Err(CkanError::search(format!("facet.field: at most {MAX_FACET_FIELDS} fields")));
        }
        Ok(fields)
    }

    /// A text parameter of at most `max` characters (`None` when absent).
    pub fn bounded_text(&self, key: &str, max: usize) -> Result<Option<String>, CkanError> {
        match self.text(key) {
            Some(t) if t.chars().count() > max => {
                Err(CkanError::validation(format!("{key}: at most {max} characters")))
            }
            other => Ok(other),
        }
    }

    /// The raw value of a parameter.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key)
    }
}

/// Maps a CKAN sort string (`metadata_modified desc`, `views_recent desc`…)
/// onto one of our sorts.
pub fn ckan_sort(s: &str) -> &'static str {
    let field = s.split(',').next().unwrap_or("").trim();
    match field.split_whitespace().next().unwrap_or("") {
        "metadata_modified" | "metadata_created" => "newest",
        "views_recent" | "views_total" | "views" => "views",
        "downloads" => "downloads",
        "rating" => "rating",
        _ => "relevance",
    }
}

/// CKAN's facet name for one of ours.
pub fn ckan_facet_name(ours: &str) -> &'static str {
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

/// `status_show`'s result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CkanStatus {
    /// The CKAN version we answer as.
    pub ckan_version: String,
    /// CKAN extensions we imitate.
    pub extensions: Vec<String>,
    /// The default locale.
    pub locale_default: String,
    /// One line about the site.
    pub site_description: String,
    /// The site's title.
    pub site_title: String,
    /// The site's origin.
    pub site_url: String,
}

impl CkanStatus {
    /// Our status at `origin`.
    pub fn of_site(origin: &str) -> CkanStatus {
        CkanStatus {
            ckan_version: "2.10.4".into(),
            extensions: vec!["datastore".into(), "dcat".into()],
            locale_default: "zh_Hant_TW".into(),
            site_description: "臺灣研究與公民社群的開放資料目錄".into(),
            site_title: "Commons 開放資料".into(),
            site_url: origin.to_string(),
        }
    }
}

/// One tag of `tag_list` with `all_fields`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CkanTagCount {
    /// Datasets with the tag.
    pub count: i64,
    /// The tag.
    pub display_name: String,
    /// The tag (CKAN's id).
    pub id: String,
    /// The tag.
    pub name: String,
    /// Always null: free tags.
    pub vocabulary_id: Option<String>,
}

impl CkanTagCount {
    /// The dict of a tag used `count` times.
    pub fn new(tag: String, count: i64) -> CkanTagCount {
        CkanTagCount { count, display_name: tag.clone(), id: tag.clone(), name: tag, vocabulary_id: None }
    }
}

/// One value of a facet in `package_search`'s `search_facets`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CkanFacetItem {
    /// Datasets with the value.
    pub count: i64,
    /// What to show.
    pub display_name: String,
    /// The value.
    pub name: String,
}

/// One facet of `package_search`'s `search_facets`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CkanSearchFacet {
    /// The values, most frequent first.
    pub items: Vec<CkanFacetItem>,
    /// The facet's field name.
    pub title: String,
}

/// `package_search`'s result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CkanSearchResult {
    /// All hits.
    pub count: i64,
    /// For each requested `facet.field`: value → count.
    pub facets: BTreeMap<String, BTreeMap<String, i64>>,
    /// The page of package dicts.
    pub results: Vec<crate::opendata::dcat::CkanPackage>,
    /// For each requested `facet.field`: its values with labels.
    pub search_facets: BTreeMap<String, CkanSearchFacet>,
    /// The sort as asked (or CKAN's default).
    pub sort: String,
}

/// What a DataStore column's CKAN field carries about our typing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CkanFieldInfo {
    /// Our type: `text`, `numeric` or `year`.
    pub commons_type: String,
    /// For `year` columns: the file wrote ROC years.
    pub roc: bool,
}

/// One field of `datastore_search`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CkanDatastoreField {
    /// The column.
    pub id: String,
    /// Our typing (absent on `_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<CkanFieldInfo>,
    /// CKAN's type: `int` (for `_id`), `text` or `numeric`.
    #[serde(rename = "type")]
    pub kind: String,
}

impl CkanDatastoreField {
    /// The row-number field CKAN puts first.
    pub fn row_id() -> CkanDatastoreField {
        CkanDatastoreField { id: "_id".into(), info: None, kind: "int".into() }
    }

    /// CKAN's view of one of our columns.
    pub fn of(f: &crate::opendata::datastore::DatastoreField) -> CkanDatastoreField {
        CkanDatastoreField {
            id: f.id.clone(),
            info: Some(CkanFieldInfo { commons_type: f.kind.clone(), roc: f.roc }),
            kind: if f.kind == "text" { "text" } else { "numeric" }.into(),
        }
    }
}

/// `datastore_search`'s paging links.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CkanLinks {
    /// The next page.
    pub next: String,
    /// The first page.
    pub start: String,
}

/// `datastore_search`'s result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CkanDatastoreResult {
    /// Paging links.
    #[serde(rename = "_links")]
    pub links: CkanLinks,
    /// `_id` first, then the columns.
    pub fields: Vec<CkanDatastoreField>,
    /// Page size.
    pub limit: i64,
    /// Rows skipped.
    pub offset: i64,
    /// Rows, each with `_id` and the columns.
    pub records: Vec<Map<String, Value>>,
    /// The resource id.
    pub resource_id: String,
    /// Rows matching the filters.
    pub total: i64,
}

impl CkanDatastoreResult {
    /// CKAN's view of one of our DataStore pages.
    pub fn of(page: crate::opendata::datastore::DatastorePage) -> CkanDatastoreResult {
        let resource = &page.resource_id;
        let next = page.offset + page.limit;
        let mut fields = vec![CkanDatastoreField::row_id()];
        fields.extend(page.fields.iter().map(CkanDatastoreField::of));
        CkanDatastoreResult {
            links: CkanLinks {
                next: format!("/api/3/action/datastore_search?resource_id={resource}&offset={next}"),
                start: format!("/api/3/action/datastore_search?resource_id={resource}"),
            },
            fields,
            limit: page.limit,
            offset: page.offset,
            records: page.records,
            resource_id: page.resource_id,
            total: page.total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The bytes of `v` as a struct equal its bytes as a `Value` (keys in byte
    /// order): so sending either changes nothing on the wire.
    fn same_bytes<T: Serialize>(v: &T) {
        let direct = serde_json::to_string(v).unwrap();
        let through_value = serde_json::to_value(v).unwrap().to_string();
        assert_eq!(direct, through_value);
    }

    #[test]
    fn the_envelope_keeps_its_bytes() {
        let ok = CkanEnvelope::ok("h".into(), json!([1]));
        assert_eq!(serde_json::to_string(&ok).unwrap(), r#"{"help":"h","result":[1],"success":true}"#);
        let failed = CkanEnvelope::<Value>::failed("h".into(), &CkanError::not_found("Not found"));
        assert_eq!(
            serde_json::to_string(&failed).unwrap(),
            r#"{"error":{"__type":"Not Found Error","message":"Not found"},"help":"h","success":false}"#
        );
        same_bytes(&ok);
        same_bytes(&failed);
    }

    #[test]
    fn results_match_the_hand_built_bodies() {
        let status = CkanStatus::of_site("https://c.tw");
        assert_eq!(
            serde_json::to_value(&status).unwrap(),
            json!({"site_title": "Commons 開放資料", "site_url": "https://c.tw",
                   "site_description": "臺灣研究與公民社群的開放資料目錄", "ckan_version": "2.10.4",
                   "locale_default": "zh_Hant_TW", "extensions": ["datastore", "dcat"]})
        );
        same_bytes(&status);
        let tag = CkanTagCount::new("水質".into(), 3);
        assert_eq!(
            serde_json::to_value(&tag).unwrap(),
            json!({"id": "水質", "name": "水質", "display_name": "水質", "count": 3, "vocabulary_id": null})
        );
        same_bytes(&tag);
        let page = crate::opendata::datastore::DatastorePage {
            resource_id: "7".into(),
            fields: vec![crate::opendata::datastore::DatastoreField {
                id: "年".into(),
                kind: "year".into(),
                roc: true,
            }],
            records: vec![],
            total: 0,
            offset: 0,
            limit: 5,
        };
        let r = CkanDatastoreResult::of(page);
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            json!({"resource_id": "7", "fields": [{"id": "_id", "type": "int"},
                     {"id": "年", "type": "numeric", "info": {"commons_type": "year", "roc": true}}],
                   "records": [], "total": 0, "limit": 5, "offset": 0,
                   "_links": {"start": "/api/3/action/datastore_search?resource_id=7",
                              "next": "/api/3/action/datastore_search?resource_id=7&offset=5"}})
        );
        same_bytes(&r);
        let s = CkanSearchResult {
            count: 1,
            facets: BTreeMap::from([("tags".into(), BTreeMap::from([("a".into(), 1)]))]),
            results: vec![],
            search_facets: BTreeMap::from([(
                "tags".into(),
                CkanSearchFacet {
                    items: vec![CkanFacetItem { count: 1, display_name: "a".into(), name: "a".into() }],
                    title: "tags".into(),
                },
            )]),
            sort: "score desc".into(),
        };
        same_bytes(&s);
    }

    #[test]
    fn parameters_read_as_ckan_clients_send_them() {
        let p = CkanParams(
            json!({"rows": "5", "start": 2, "all_fields": "True", "facet.field": "[\"tags\"]", "q": null})
                .as_object()
                .cloned()
                .unwrap(),
        );
        assert_eq!(p.int("rows", 10, 0, 1000).unwrap(), 5);
        assert_eq!(p.int("start", 0, 0, 10).unwrap(), 2);
        assert_eq!(p.int("limit", 7, 0, 10).unwrap(), 7);
        assert_eq!(p.int("rows", 10, 0, 3).unwrap_err().status, 409);
        assert!(p.flag("all_fields"));
        assert!(!p.flag("include_datasets"));
        assert_eq!(p.text("q"), None);
        assert_eq!(p.facet_fields().unwrap(), vec!["tags".to_string()]);
        let many: Vec<String> = (0..=MAX_FACET_FIELDS).map(|i| format!("f{i}")).collect();
        let p2 = CkanParams(json!({"facet.field": many, "query": "字".repeat(101)}).as_object().cloned().unwrap());
        assert_eq!(p2.facet_fields().unwrap_err().status, 409);
        assert_eq!(p2.bounded_text("query", 100).unwrap_err().kind, "Validation Error");
        assert_eq!(p.bounded_text("q", 100).unwrap(), None);
        assert_eq!(ckan_sort("metadata_modified desc"), "newest");
        assert_eq!(ckan_sort("score desc, metadata_modified desc"), "relevance");
        assert_eq!(ckan_facet_name("format"), "res_format");
    }

    #[test]
    fn a_declared_length_over_the_limit_is_refused_before_reading() {
        assert!(declared_over(Some("65537"), 65_536));
        assert!(declared_over(Some(" 10000000 "), 65_536));
        assert!(!declared_over(Some("65536"), 65_536));
        assert!(!declared_over(None, 65_536), "chunked: the capped read decides");
        assert!(!declared_over(Some("lots"), 65_536), "unreadable: the capped read decides");
    }

    #[test]
    fn api_errors_become_ckan_errors() {
        let e: CkanError = ApiError::invalid("x").into();
        assert_eq!((e.status, e.kind), (409, "Validation Error"));
        let e: CkanError = ApiError::new(ErrorKind::NotFound, "gone").into();
        assert_eq!((e.status, e.kind), (404, "Not Found Error"));
    }
}
