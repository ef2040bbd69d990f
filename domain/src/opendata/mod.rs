//! Open data catalogue: the dataset model of the official metadata standard
//! (資料集詮釋資料標準規範, NDC 2015: 38 fields), its validation, and the JSON
//! types of the catalogue API.
//!
//! The Worker stores exactly what [`DatasetInput`] carries, and the importers
//! (`domain::opendata::import`) map every source file onto it, so a dataset
//! from the official export, the 2018 JSON lines, a CKAN response or a
//! publisher's form all go through one validation.

pub mod ckan;
pub mod datastore;
pub mod dcat;
pub mod editor;
pub mod import;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod participation;
pub mod search_sql;
pub mod wire;

use serde::{Deserialize, Serialize};

use crate::api::PageMeta;
use crate::ApiError;

/// One distribution (資源) of a dataset: the standard's 8 distribution fields
/// plus the JSON form's `resourceField`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ResourceInput {
    /// resourceID: stable within the dataset (e.g. `165115-1`).
    pub resource_id: String,
    /// resourceDescription.
    pub description: String,
    /// format, upper-cased (CSV, JSON, XML…).
    pub format: String,
    /// characterSetCode (UTF-8, BIG5…).
    pub encoding: String,
    /// resourceModified, `YYYY-MM-DD` or RFC 3339.
    pub modified: String,
    /// accessURL: a page about the resource.
    pub access_url: String,
    /// downloadURL: the file itself.
    pub download_url: String,
    /// metadataSourceOfData.
    pub metadata_source: String,
    /// numberOfData of this distribution, when declared.
    pub record_count: Option<i64>,
    /// resourceField: the column list.
    pub resource_field: String,
}

/// Usage statistics carried by some sources (the 2018 statistics export).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatasetStats {
    /// Page views (瀏覽人次).
    pub views: i64,
    /// Downloads (下載次數).
    pub downloads: i64,
    /// Average rating in stars, 1–5, if anyone rated.
    pub rating: Option<f64>,
}

/// A dataset as a publisher or importer submits it: the 29 dataset fields and
/// the catalogue field of the standard, with its distributions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DatasetInput {
    /// identifier (資料集識別碼); also the CKAN `name`.
    pub identifier: String,
    /// title (資料集名稱).
    pub title: String,
    /// description (資料集描述).
    pub description: String,
    /// fieldDescription (主要欄位說明).
    pub field_description: String,
    /// type (資料提供屬性): 原始資料, 檔案資料, 系統介接程式…
    pub data_type: String,
    /// categoryCode (服務分類).
    pub category: String,
    /// license (授權方式).
    pub license: String,
    /// licenseURL.
    pub license_url: String,
    /// cost (計費方式).
    pub cost: String,
    /// costURL.
    pub cost_url: String,
    /// costLaw.
    pub cost_law: String,
    /// organization (提供機關), by name.
    pub organization: String,
    /// organizationContactName.
    pub organization_contact_name: String,
    /// organizationContactPhone.
    pub organization_contact_phone: String,
    /// organizationContactEmail.
    pub organization_contact_email: String,
    /// publisher (the publishing unit, if not the organization).
    pub publisher: String,
    /// publisherContactName.
    pub publisher_contact_name: String,
    /// publisherContactPhone.
    pub publisher_contact_phone: String,
    /// publisherContactEmail.
    pub publisher_contact_email: String,
    /// publisherOID (JSON form).
    pub publisher_oid: String,
    /// accrualPeriodicity (更新頻率).
    pub accrual_periodicity: String,
    /// temporalCoverageFrom.
    pub temporal_from: String,
    /// temporalCoverageTo.
    pub temporal_to: String,
    /// issued (上架日期), `YYYY-MM-DD`.
    pub issued: String,
    /// modified (詮釋資料更新時間), `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS+08:00`.
    pub modified: String,
    /// spatial.
    pub spatial: String,
    /// language.
    pub language: String,
    /// landingPage (相關網址).
    pub landing_page: String,
    /// keyword (tags).
    pub keywords: Vec<String>,
    /// numberOfData (資料量).
    pub number_of_data: Option<i64>,
    /// notes (備註).
    pub notes: String,
    /// dataQuality (品質檢測): 白金, 金, 銀, 銅 or 無.
    pub quality: String,
    /// How the dataset was put on the catalogue (資料集上架方式).
    pub upload_method: String,
    /// The distributions.
    pub resources: Vec<ResourceInput>,
    /// Usage statistics, when the source has them.
    pub stats: Option<DatasetStats>,
}

/// The longest title we accept (data.gov.tw's longest is about 120 characters).
pub const MAX_TITLE_CHARS: usize = 300;
/// The longest description.
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
/// At most this many keywords per dataset.
pub const MAX_KEYWORDS: usize = 50;
/// At most this many resources per dataset.
pub const MAX_RESOURCES: usize = 200;

/// The quality grades of data.gov.tw, best first.
pub const QUALITY_GRADES: [&str; 5] = ["白金", "金", "銀", "銅", "無"];

/// The sort orders of the catalogue search.
pub const SORTS: [&str; 5] = ["relevance", "newest", "views", "downloads", "rating"];

/// The facets of the catalogue search, in display order.
pub const FACETS: [&str; 6] = ["organization", "category", "format", "license", "frequency", "quality"];

/// Whether `s` is a usable dataset identifier / CKAN name: 1–100 of
/// `[a-z0-9_-]`.
pub fn valid_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Whether `s` is an absolute http(s) URL with a host.
pub fn valid_url(s: &str) -> bool {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    match rest {
        Some(r) => {
            let host = r.split(['/', '?', '#']).next().unwrap_or("");
            !host.is_empty() && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    }
}

/// Normalises a date such as `2013/03/18`, `2023-08-31 00:00:00` or
/// `2017/05/22 20:26` to `YYYY-MM-DD`; `None` if it is not a real date.
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    let day = s.split([' ', 'T']).next()?;
    let mut parts = day.split(['-', '/']);
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d: u8 = parts.next()?.parse().ok()?;
    if parts.next().is_some() {
        return None;
    }
    let month = time::Month::try_from(m).ok()?;
    let date = time::Date::from_calendar_date(y, month, d).ok()?;
    Some(format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day()))
}

/// Normalises a timestamp in Taipei local time (`2026-05-11 16:51:14`,
/// `2017/05/22 20:26`) or a bare date to RFC 3339 with `+08:00`.
pub fn normalize_datetime(s: &str) -> Option<String> {
    let s = s.trim();
    let date = normalize_date(s)?;
    let clock = s.split_once([' ', 'T']).map(|(_, t)| t.trim()).unwrap_or("");
    if clock.is_empty() {
        return Some(format!("{date}T00:00:00+08:00"));
    }
    let clock = clock.trim_end_matches("+08:00").trim_end_matches('Z');
    let mut hms = clock.split(':');
    let h: u8 = hms.next()?.parse().ok()?;
    let m: u8 = hms.next().unwrap_or("0").parse().ok()?;
    let sec: u8 = hms.next().unwrap_or("0").split('.').next()?.parse().ok()?;
    if h > 23 || m > 59 || sec > 59 {
        return None;
    }
    Some(format!("{date}T{h:02}:{m:02}:{sec:02}+08:00"))
}

/// Normalises a quality label: `無(未檢測)` and the like become `無`; unknown
/// labels become empty.
pub fn normalize_quality(s: &str) -> String {
    let s = s.trim();
    QUALITY_GRADES
        .iter()
        .find(|g| s == **g || (**g == "無" && s.starts_with('無')))
        .map(|g| g.to_string())
        .unwrap_or_default()
}

/// Normalises a file format label: trimmed, upper-case, no leading dot.
pub fn normalize_format(s: &str) -> String {
    s.trim().trim_start_matches('.').to_uppercase()
}

/// A stable CKAN-style organization name for an agency title: `org-` and 12 hex
/// digits of its FNV-1a hash, because agency titles are Chinese and CKAN names
/// must be ASCII.
pub fn organization_slug(title: &str) -> String {
    format!("org-{:012x}", fnv1a(title.trim().as_bytes()) & 0xffff_ffff_ffff)
}

/// A stable identifier for a dataset that has none in its source (the
/// statistics export): from its agency and title.
pub fn derived_identifier(organization: &str, title: &str) -> String {
    format!("s-{:016x}", fnv1a(format!("{}\u{1f}{}", organization.trim(), title.trim()).as_bytes()))
}

/// 64-bit FNV-1a: tiny, stable across platforms and versions, enough to name
/// things (not for security).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3))
}

/// Cleans and validates a dataset in place: trims text, normalises dates,
/// formats, quality and keywords, and refuses what cannot be stored. The
/// error names the field, so an importer can report the row.
pub fn validate_dataset(d: &mut DatasetInput) -> Result<(), ApiError> {
    d.identifier = d.identifier.trim().to_lowercase();
    d.title = d.title.trim().to_string();
    d.organization = d.organization.trim().to_string();
    d.description = d.description.trim().to_string();
    if !valid_identifier(&d.identifier) {
        return Err(ApiError::invalid("identifier: 1–100 of a-z, 0-9, - and _"));
    }
    if d.title.is_empty() {
        return Err(ApiError::invalid("title: required"));
    }
    if d.title.chars().count() > MAX_TITLE_CHARS {
        return Err(ApiError::invalid(format!("title: at most {MAX_TITLE_CHARS} characters")));
    }
    if d.organization.is_empty() || d.organization.chars().count() > 100 {
        return Err(ApiError::invalid("organization: required, at most 100 characters"));
    }
    if d.description.chars().count() > MAX_DESCRIPTION_CHARS {
        return Err(ApiError::invalid(format!("description: at most {MAX_DESCRIPTION_CHARS} characters")));
    }
    for (field, url) in
        [("license_url", &mut d.license_url), ("cost_url", &mut d.cost_url), ("landing_page", &mut d.landing_page)]
    {
        *url = url.trim().to_string();
        if !url.is_empty() && !valid_url(url) {
            return Err(ApiError::invalid(format!("{field}: not an http(s) URL")));
        }
    }
    for (field, date) in
        [("issued", &mut d.issued), ("temporal_from", &mut d.temporal_from), ("temporal_to", &mut d.temporal_to)]
    {
        if !date.trim().is_empty() {
            *date = normalize_date(date).ok_or_else(|| ApiError::invalid(format!("{field}: not a date")))?;
        } else {
            date.clear();
        }
    }
    if !d.modified.trim().is_empty() {
        d.modified = normalize_datetime(&d.modified).ok_or_else(|| ApiError::invalid("modified: not a date"))?;
    } else {
        d.modified.clear();
    }
    d.quality = normalize_quality(&d.quality);
    d.category = d.category.trim().to_string();
    d.license = d.license.trim().to_string();
    d.accrual_periodicity = d.accrual_periodicity.trim().to_string();
    let mut seen = std::collections::HashSet::new();
    d.keywords = d
        .keywords
        .iter()
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty() && k.chars().count() <= 50 && seen.insert(k.clone()))
        .collect();
    if d.keywords.len() > MAX_KEYWORDS {
        return Err(ApiError::invalid(format!("keywords: at most {MAX_KEYWORDS}")));
    }
    if d.resources.len() > MAX_RESOURCES {
        return Err(ApiError::invalid(format!("resources: at most {MAX_RESOURCES}")));
    }
    if d.number_of_data.is_some_and(|n| n < 0) {
        return Err(ApiError::invalid("number_of_data: must not be negative"));
    }
    for (i, r) in d.resources.iter_mut().enumerate() {
        r.format = normalize_format(&r.format);
        r.encoding = r.encoding.trim().to_uppercase();
        if r.resource_id.trim().is_empty() {
            r.resource_id = format!("{}-{}", d.identifier, i + 1);
        }
        for (field, url) in [("download_url", &mut r.download_url), ("access_url", &mut r.access_url)] {
            *url = url.trim().to_string();
            if !url.is_empty() && !valid_url(url) {
                return Err(ApiError::invalid(format!("resources[{i}].{field}: not an http(s) URL")));
            }
        }
        if !r.modified.trim().is_empty() {
            r.modified = normalize_datetime(&r.modified)
                .ok_or_else(|| ApiError::invalid(format!("resources[{i}].modified: not a date")))?;
        }
    }
    if let Some(s) = &d.stats {
        if s.views < 0 || s.downloads < 0 || s.rating.is_some_and(|r| !(0.0..=5.0).contains(&r)) {
            return Err(ApiError::invalid("stats: negative counts or a rating outside 0–5"));
        }
    }
    Ok(())
}

/// `POST /api/admin/datasets/import`: a batch of datasets from one source.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportBatch {
    /// Where the batch comes from (`export`, `jsonl`, `ckan`, `stats`, `seed`);
    /// `stats` rows update the dataset with the same agency and title if one exists.
    pub source: String,
    /// The datasets, in file order.
    pub items: Vec<DatasetInput>,
}

/// The most datasets one import request may carry.
pub const MAX_IMPORT_BATCH: usize = 500;

/// One refused item of an import batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportFailure {
    /// Index of the item in the batch.
    pub index: usize,
    /// Why it was refused.
    pub reason: String,
}

/// The outcome of an import batch.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportOutcome {
    /// Datasets that did not exist before.
    pub created: usize,
    /// Datasets that existed and changed.
    pub updated: usize,
    /// Datasets that existed and were identical.
    pub unchanged: usize,
    /// Items refused, with reasons.
    pub failed: Vec<ImportFailure>,
}

/// An organization (agency) as the catalogue shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    /// CKAN-style name (`org-…`).
    pub id: String,
    /// The agency's name.
    pub title: String,
    /// Datasets it publishes.
    pub dataset_count: i64,
}

/// A resource as the catalogue shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Resource {
    /// Database id (used by the download redirect).
    pub id: i64,
    /// The standard's fields.
    #[serde(flatten)]
    pub input: ResourceInput,
    /// Downloads counted through our redirect.
    pub downloads: i64,
    /// Whether the resource was parsed into the DataStore (preview, charts,
    /// `datastore_search`).
    #[serde(default)]
    pub datastore_active: bool,
}

/// One search hit or list row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatasetSummary {
    /// Database id.
    pub id: i64,
    /// identifier / CKAN name.
    pub identifier: String,
    /// Title.
    pub title: String,
    /// The start of the description.
    pub excerpt: String,
    /// Organization name (`org-…`).
    pub organization_id: String,
    /// Organization title.
    pub organization: String,
    /// 服務分類.
    pub category: String,
    /// Distinct formats of its resources.
    pub formats: Vec<String>,
    /// Quality grade.
    pub quality: String,
    /// 上架日期.
    pub issued: String,
    /// Views.
    pub views: i64,
    /// Downloads.
    pub downloads: i64,
    /// Average stars, if rated.
    pub rating: Option<f64>,
}

/// A full dataset page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dataset {
    /// Database id.
    pub id: i64,
    /// Every metadata field.
    pub meta: DatasetInput,
    /// Organization name (`org-…`).
    pub organization_id: String,
    /// The resources.
    pub resources: Vec<Resource>,
    /// Views.
    pub views: i64,
    /// Downloads.
    pub downloads: i64,
    /// Average stars, if rated.
    pub rating: Option<f64>,
    /// How many members rated it here (imported ratings carry no count).
    #[serde(default)]
    pub rating_count: i64,
    /// When the record was created here (RFC 3339).
    pub created_at: String,
    /// When the record last changed here (RFC 3339).
    pub updated_at: String,
}

/// One value of a facet with its count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetValue {
    /// The value to filter by.
    pub value: String,
    /// What to show (the agency title for organizations; the value otherwise).
    pub label: String,
    /// Datasets in the current result with this value.
    pub count: i64,
}

/// One facet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facet {
    /// One of [`FACETS`].
    pub name: String,
    /// Values, most frequent first.
    pub values: Vec<FacetValue>,
}

/// `GET /api/datasets`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResult {
    /// The page of hits.
    pub datasets: Vec<DatasetSummary>,
    /// Facet counts over the whole filtered result.
    pub facets: Vec<Facet>,
    /// Total hits and paging.
    pub meta: PageMeta,
}

/// The parsed catalogue search request, shared by the REST search and the
/// CKAN `package_search` so both answer the same way.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchQuery {
    /// Free text.
    pub q: String,
    /// Facet filters as (facet, value); several values of one facet are ORed,
    /// different facets ANDed.
    pub filters: Vec<(String, String)>,
    /// Tag filters (ANDed).
    pub tags: Vec<String>,
    /// One of [`SORTS`].
    pub sort: String,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// Most filters (facet values and tags together) one search may carry.
pub const MAX_SEARCH_FILTERS: usize = 20;
/// Longest filter value, in characters.
pub const MAX_FILTER_VALUE_CHARS: usize = 200;

impl SearchQuery {
    /// Checks the parts a caller controls: the query's length and words (see
    /// [`crate::common::d1::check_query`]), facet names, how many filters and
    /// how long, the sort and the window. Within these bounds every statement
    /// of a search stays within D1's limits (see `search_sql`'s tests).
    pub fn validate(&self) -> Result<(), ApiError> {
        crate::common::d1::check_query(&self.q, "q")?;
        if let Some((f, _)) = self.filters.iter().find(|(f, _)| !FACETS.contains(&f.as_str())) {
            return Err(ApiError::invalid(format!("{f}: not a facet (one of {})", FACETS.join(", "))));
        }
        let n = self.filters.len() + self.tags.len();
        if n > MAX_SEARCH_FILTERS {
            return Err(ApiError::invalid(format!("filters: at most {MAX_SEARCH_FILTERS} (yours has {n})")));
        }
        let values = self.filters.iter().map(|(f, v)| (f.as_str(), v)).chain(self.tags.iter().map(|t| ("tag", t)));
        for (f, v) in values {
            if v.chars().count() > MAX_FILTER_VALUE_CHARS {
                return Err(ApiError::invalid(format!("{f}: at most {MAX_FILTER_VALUE_CHARS} characters")));
            }
        }
        if !SORTS.contains(&self.sort.as_str()) {
            return Err(ApiError::invalid(format!("sort: one of {}", SORTS.join(", "))));
        }
        if self.offset < 0 || self.offset > 100_000 {
            return Err(ApiError::invalid("page: out of range"));
        }
        if !(0..=1000).contains(&self.limit) {
            return Err(ApiError::invalid("rows: 0 to 1000"));
        }
        Ok(())
    }
}

/// `GET /api/organizations`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationList {
    /// Agencies with their dataset counts, most datasets first.
    pub organizations: Vec<Organization>,
}

/// The catalogue's home-page numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CatalogueStats {
    /// Datasets.
    pub datasets: i64,
    /// Agencies.
    pub organizations: i64,
    /// Resources.
    pub resources: i64,
    /// Categories with counts.
    pub categories: Vec<FacetValue>,
    /// The 10 agencies with the most datasets.
    pub top_organizations: Vec<FacetValue>,
    /// The most viewed datasets.
    pub popular: Vec<DatasetSummary>,
    /// The newest datasets.
    pub newest: Vec<DatasetSummary>,
}

/// The text the search index holds for a dataset: (title tokens, body tokens),
/// each a space-joined list of [`crate::common::search::tokens`] plus the last
/// character of every CJK run, so a one-character query can match as a prefix.
pub fn index_text(d: &DatasetInput) -> (String, String) {
    let title = crate::common::search::index_tokens(&d.title);
    let body = crate::common::search::index_tokens(&format!(
        "{} {} {} {} {}",
        d.description,
        d.keywords.join(" "),
        d.organization,
        d.category,
        d.field_description
    ));
    (title, body)
}

/// Maps a CKAN/Solr filter field onto our facets.
fn fq_field(field: &str) -> Option<&'static str> {
    match field {
        "organization" | "owner_org" => Some("organization"),
        "res_format" => Some("format"),
        "tags" => Some("tags"),
        "license_id" | "license" => Some("license"),
        "groups" | "categoryCode" | "category" => Some("category"),
        "accrualPeriodicity" | "frequency" => Some("frequency"),
        "dataQuality" | "quality" => Some("quality"),
        _ => None,
    }
}

/// Parses Solr-style `fq`: `field:value` or `field:"quoted value"` clauses,
/// separated by spaces or `AND`, with an optional leading `+`.
pub fn parse_fq(fq: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut rest = fq.trim();
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("AND ") {
            rest = r.trim_start();
            continue;
        }
        let r = rest.strip_prefix('+').unwrap_or(rest);
        let (field, after) = r.split_once(':').ok_or_else(|| format!("cannot parse fq near {r:?}"))?;
        let field = field.trim();
        let (value, tail) = if let Some(q) = after.strip_prefix('"') {
            let end = q.find('"').ok_or("unterminated quote in fq")?;
            (q[..end].to_string(), &q[end + 1..])
        } else {
            let end = after.find(' ').unwrap_or(after.len());
            (after[..end].to_string(), &after[end..])
        };
        let facet = fq_field(field).ok_or_else(|| format!("unsupported fq field {field:?}"))?;
        let value = if facet == "license" && value == "OGDL-Taiwan-1.0" {
            "政府資料開放授權條款-第1版".to_string()
        } else {
            value
        };
        out.push((facet.to_string(), value));
        rest = tail.trim_start();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fq_clauses_parse() {
        assert_eq!(
            parse_fq(r#"organization:org-1 +res_format:"CSV" AND tags:水質"#).unwrap(),
            vec![
                ("organization".into(), "org-1".into()),
                ("format".into(), "CSV".into()),
                ("tags".into(), "水質".into())
            ]
        );
        assert!(parse_fq("nonsense").is_err());
        assert!(parse_fq("secret_field:1").is_err());
    }

    #[test]
    fn dates_normalise_from_every_source_form() {
        assert_eq!(normalize_date("2013/03/18").as_deref(), Some("2013-03-18"));
        assert_eq!(normalize_date("2023-08-31 00:00:00").as_deref(), Some("2023-08-31"));
        assert_eq!(normalize_date("2023-02-30"), None);
        assert_eq!(normalize_datetime("2017/05/22 20:26").as_deref(), Some("2017-05-22T20:26:00+08:00"));
        assert_eq!(normalize_datetime("2026-05-11 16:51:14").as_deref(), Some("2026-05-11T16:51:14+08:00"));
    }

    #[test]
    fn quality_and_slugs() {
        assert_eq!(normalize_quality("無(未檢測)"), "無");
        assert_eq!(normalize_quality("白金"), "白金");
        assert_eq!(organization_slug("文化部"), organization_slug(" 文化部 "));
        assert!(valid_identifier(&organization_slug("文化部")));
        assert!(valid_identifier(&derived_identifier("文化部", "蒙藏用語對照表")));
    }

    #[test]
    fn validation_names_the_field() {
        let mut d =
            DatasetInput { identifier: "x1".into(), title: "t".into(), organization: "o".into(), ..Default::default() };
        assert!(validate_dataset(&mut d.clone()).is_ok());
        d.landing_page = "javascript:alert(1)".into();
        assert!(validate_dataset(&mut d.clone()).unwrap_err().message.contains("landing_page"));
        d.landing_page.clear();
        d.issued = "2020/13/01".into();
        assert!(validate_dataset(&mut d.clone()).unwrap_err().message.contains("issued"));
        d.issued.clear();
        d.identifier = "Bad Id".into();
        assert!(validate_dataset(&mut d).unwrap_err().message.contains("identifier"));
    }
}
