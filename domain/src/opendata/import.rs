//! Readers for the catalogue's source files: the official export CSV, the 2018
//! JSON-lines metadata, a CKAN `package_search` response and the 2018
//! statistics CSV. Each maps rows onto [`DatasetInput`] and reports a bad row
//! with its line number instead of stopping, so one broken row never blocks
//! the rest of an import.
//!
//! The readers are pure (bytes in, rows out); the `xtask import` verb sends
//! their output to the admin API in batches.

use serde_json::Value;

use crate::opendata::{derived_identifier, DatasetInput, DatasetStats, ResourceInput};

/// The kinds of source file we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// data.gov.tw's current catalogue export (22 columns).
    Export,
    /// The 2018 JSON-lines metadata dump.
    Jsonl,
    /// A CKAN `package_search` response.
    Ckan,
    /// The 2018 statistics CSV (agency, title, views, downloads, rating, date).
    Stats,
}

impl SourceKind {
    /// Parses the CLI / API name.
    pub fn parse(s: &str) -> Option<SourceKind> {
        match s {
            "export" => Some(SourceKind::Export),
            "jsonl" => Some(SourceKind::Jsonl),
            "ckan" => Some(SourceKind::Ckan),
            "stats" => Some(SourceKind::Stats),
            _ => None,
        }
    }
    /// The name used on the CLI and in [`crate::opendata::ImportBatch::source`].
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Export => "export",
            SourceKind::Jsonl => "jsonl",
            SourceKind::Ckan => "ckan",
            SourceKind::Stats => "stats",
        }
    }
    /// Guesses the kind from a file name.
    pub fn from_file_name(name: &str) -> Option<SourceKind> {
        let n = name.to_lowercase();
        if n.ends_with(".jsonl") {
            Some(SourceKind::Jsonl)
        } else if n.ends_with(".json") {
            Some(SourceKind::Ckan)
        } else if n.contains("stats") && n.ends_with(".csv") {
            Some(SourceKind::Stats)
        } else if n.ends_with(".csv") {
            Some(SourceKind::Export)
        } else {
            None
        }
    }
}

/// One row read from a source: its 1-based line and the dataset, or why it
/// could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceRow {
    /// Line where the row starts (1-based; for CKAN, the result's index + 1).
    pub line: u64,
    /// The dataset, or the reason the row is bad.
    pub item: Result<DatasetInput, String>,
}

/// Reads a whole source file.
pub fn read_source(kind: SourceKind, bytes: &[u8]) -> Result<Vec<SourceRow>, String> {
    match kind {
        SourceKind::Export => read_export_csv(bytes),
        SourceKind::Jsonl => Ok(read_jsonl(bytes)),
        SourceKind::Ckan => read_ckan(bytes),
        SourceKind::Stats => read_stats_csv(bytes),
    }
}

/// Strips a UTF-8 BOM.
fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Splits a `;`-joined multi-value cell (the export joins one value per resource).
fn split_multi(s: &str) -> Vec<String> {
    if s.trim().is_empty() {
        return Vec::new();
    }
    s.split(';').map(|p| p.trim().to_string()).collect()
}

/// Percent-encodes spaces in a URL: several agencies publish file names with spaces.
fn clean_url(s: &str) -> String {
    s.trim().replace(' ', "%20")
}

/// Reads the official export CSV. Headers are matched by name, tolerating the
/// real export's `資資料集上架方式` typo; `;`-joined cells become one resource each.
pub fn read_export_csv(bytes: &[u8]) -> Result<Vec<SourceRow>, String> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(strip_bom(bytes));
    let headers = rdr.headers().map_err(|e| format!("header: {e}"))?.clone();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.trim()));
    let need = |names: &[&str]| col(names).ok_or_else(|| format!("header: missing column {}", names[0]));
    let c_id = need(&["資料集識別碼"])?;
    let c_title = need(&["資料集名稱"])?;
    let c_org = need(&["提供機關"])?;
    let opt = |names: &[&str]| col(names);
    let c = ExportColumns {
        data_type: opt(&["資料提供屬性"]),
        category: opt(&["服務分類"]),
        quality: opt(&["品質檢測"]),
        format: opt(&["檔案格式"]),
        url: opt(&["資料下載網址"]),
        encoding: opt(&["編碼格式"]),
        upload: opt(&["資料集上架方式", "資資料集上架方式"]),
        description: opt(&["資料集描述"]),
        fields: opt(&["主要欄位說明"]),
        frequency: opt(&["更新頻率"]),
        license: opt(&["授權方式"]),
        landing: opt(&["相關網址"]),
        cost: opt(&["計費方式"]),
        contact_name: opt(&["提供機關聯絡人姓名"]),
        contact_phone: opt(&["提供機關聯絡人電話"]),
        issued: opt(&["上架日期"]),
        modified: opt(&["詮釋資料更新時間"]),
        notes: opt(&["備註"]),
        count: opt(&["資料量"]),
    };
    let width = headers.len();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let (line, item) = match rec {
            Err(e) => (e.position().map(|p| p.line()).unwrap_or(0), Err(format!("unreadable CSV: {e}"))),
            Ok(r) => {
                let line = r.position().map(|p| p.line()).unwrap_or(0);
                if r.len() != width {
                    (line, Err(format!("expected {width} columns, found {}", r.len())))
                } else {
                    let get = |i: Option<usize>| i.and_then(|i| r.get(i)).unwrap_or("").to_string();
                    let base = ExportRow { id: get(Some(c_id)), title: get(Some(c_title)), org: get(Some(c_org)) };
                    (line, export_row(&base, &c, &get))
                }
            }
        };
        out.push(SourceRow { line, item });
    }
    Ok(out)
}

/// Column positions of the optional export columns.
struct ExportColumns {
    data_type: Option<usize>,
    category: Option<usize>,
    quality: Option<usize>,
    format: Option<usize>,
    url: Option<usize>,
    encoding: Option<usize>,
    upload: Option<usize>,
    description: Option<usize>,
    fields: Option<usize>,
    frequency: Option<usize>,
    license: Option<usize>,
    landing: Option<usize>,
    cost: Option<usize>,
    contact_name: Option<usize>,
    contact_phone: Option<usize>,
    issued: Option<usize>,
    modified: Option<usize>,
    notes: Option<usize>,
    count: Option<usize>,
}

/// The required cells of an export row.
struct ExportRow {
    id: String,
    title: String,
    org: String,
}

/// Maps one export row.
fn export_row(
    base: &ExportRow,
    c: &ExportColumns,
    get: &dyn Fn(Option<usize>) -> String,
) -> Result<DatasetInput, String> {
    if base.id.trim().is_empty() {
        return Err("資料集識別碼 (identifier) is empty".into());
    }
    let formats = split_multi(&get(c.format));
    let urls = split_multi(&get(c.url));
    let encodings = split_multi(&get(c.encoding));
    let counts = split_multi(&get(c.count));
    let n = formats.len().max(urls.len());
    let id = base.id.trim().to_string();
    let resources = (0..n)
        .map(|i| ResourceInput {
            resource_id: format!("{id}-{}", i + 1),
            format: formats.get(i).cloned().unwrap_or_default(),
            download_url: urls.get(i).map(|u| clean_url(u)).unwrap_or_default(),
            encoding: encodings.get(i).cloned().unwrap_or_default(),
            record_count: counts.get(i).and_then(|v| v.parse().ok()),
            resource_field: get(c.fields),
            ..Default::default()
        })
        .collect();
    let total: Option<i64> =
        if counts.is_empty() { None } else { Some(counts.iter().filter_map(|v| v.parse::<i64>().ok()).sum()) };
    Ok(DatasetInput {
        identifier: id,
        title: base.title.clone(),
        organization: base.org.clone(),
        data_type: get(c.data_type),
        category: get(c.category),
        quality: get(c.quality),
        upload_method: get(c.upload),
        description: get(c.description),
        field_description: get(c.fields),
        accrual_periodicity: get(c.frequency),
        license: get(c.license),
        landing_page: clean_url(&get(c.landing)),
        cost: get(c.cost),
        organization_contact_name: get(c.contact_name),
        organization_contact_phone: get(c.contact_phone),
        issued: get(c.issued),
        modified: get(c.modified),
        notes: get(c.notes),
        number_of_data: total,
        language: "zh-TW".into(),
        resources,
        ..Default::default()
    })
}

/// A JSON value as trimmed text (numbers too).
fn jtext(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A JSON value as a non-negative integer (strings with thousands separators too).
fn jint(v: Option<&Value>) -> Option<i64> {
    match v {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => parse_count(s),
        _ => None,
    }
}

/// Parses `7,472` or `7472`.
pub fn parse_count(s: &str) -> Option<i64> {
    let t: String = s.trim().chars().filter(|c| *c != ',').collect();
    if t.is_empty() {
        return None;
    }
    t.parse().ok()
}

/// Reads the 2018 JSON-lines metadata (one data.gov.tw dataset per line).
pub fn read_jsonl(bytes: &[u8]) -> Vec<SourceRow> {
    let text = String::from_utf8_lossy(strip_bom(bytes));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| SourceRow { line: i as u64 + 1, item: jsonl_row(l) })
        .collect()
}

/// Maps one JSON line.
fn jsonl_row(line: &str) -> Result<DatasetInput, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let node = jtext(v.get("NODE"));
    if node.is_empty() {
        return Err("NODE (identifier) is missing".into());
    }
    let list = |key: &str| -> Vec<String> {
        match v.get(key) {
            Some(Value::Array(a)) => a.iter().map(|x| jtext(Some(x))).filter(|s| !s.is_empty()).collect(),
            Some(Value::String(s)) => split_multi(s),
            _ => Vec::new(),
        }
    };
    let resources = match v.get("RESOURCE") {
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, r)| ResourceInput {
                resource_id: format!("{node}-{}", i + 1),
                description: jtext(r.get("RES_DESC")),
                format: jtext(r.get("RES_FILETYPE")),
                encoding: jtext(r.get("RES_ENCODE")),
                modified: jtext(r.get("RES_DATE_UPDATE_META")),
                download_url: clean_url(&jtext(r.get("RES_URL"))),
                record_count: jint(r.get("REC_COUNT")),
                resource_field: jtext(r.get("SCHEMA")),
                ..Default::default()
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(DatasetInput {
        identifier: node,
        title: jtext(v.get("TITLE")),
        description: jtext(v.get("DESC")),
        field_description: list("SCHEMA").join("、"),
        organization: jtext(v.get("AGENCY")),
        accrual_periodicity: jtext(v.get("UPDATE_FREQ")),
        license: jtext(v.get("LICENCE")),
        cost: jtext(v.get("CHARGE")),
        issued: jtext(v.get("DATE_PUBLISH")),
        data_type: jtext(v.get("DATA_TYPE")),
        modified: jtext(v.get("DATE_UPDATE_META")),
        keywords: list("KEYWORDS"),
        category: jtext(v.get("SERVICE_TYPE")),
        notes: jtext(v.get("NOTES")),
        landing_page: clean_url(&jtext(v.get("相關網址"))),
        language: "zh-TW".into(),
        stats: Some(DatasetStats {
            views: jint(v.get("VIEWS")).unwrap_or(0),
            downloads: jint(v.get("DOWNLOAD")).unwrap_or(0),
            rating: None,
        }),
        resources,
        ..Default::default()
    })
}

/// Reads a CKAN `package_search` (or `package_list`-style) response.
pub fn read_ckan(bytes: &[u8]) -> Result<Vec<SourceRow>, String> {
    let v: Value = serde_json::from_slice(strip_bom(bytes)).map_err(|e| format!("not JSON: {e}"))?;
    let results = v
        .pointer("/result/results")
        .and_then(Value::as_array)
        .ok_or("not a package_search response: result.results is missing")?;
    Ok(results.iter().enumerate().map(|(i, p)| SourceRow { line: i as u64 + 1, item: ckan_package(p) }).collect())
}

/// Maps one CKAN package dict.
pub fn ckan_package(p: &Value) -> Result<DatasetInput, String> {
    let name = jtext(p.get("name"));
    if name.is_empty() {
        return Err("name is missing".into());
    }
    let org = p
        .get("organization")
        .filter(|o| o.is_object())
        .map(|o| {
            let t = jtext(o.get("title"));
            if t.is_empty() {
                jtext(o.get("name"))
            } else {
                t
            }
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "CKAN demo".to_string());
    let keywords = p
        .get("tags")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(|t| jtext(t.get("display_name").or(t.get("name")))).collect())
        .unwrap_or_default();
    let resources = p
        .get("resources")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .enumerate()
                .map(|(i, r)| ResourceInput {
                    resource_id: {
                        let id = jtext(r.get("id"));
                        if id.is_empty() {
                            format!("{name}-{}", i + 1)
                        } else {
                            id
                        }
                    },
                    description: {
                        let d = jtext(r.get("description"));
                        if d.is_empty() {
                            jtext(r.get("name"))
                        } else {
                            d
                        }
                    },
                    format: jtext(r.get("format")),
                    modified: jtext(r.get("last_modified")).chars().take(19).collect(),
                    download_url: clean_url(&jtext(r.get("url"))),
                    ..Default::default()
                })
                .collect()
        })
        .unwrap_or_default();
    let created: String = jtext(p.get("metadata_created")).chars().take(10).collect();
    Ok(DatasetInput {
        identifier: name,
        title: jtext(p.get("title")),
        description: jtext(p.get("notes")),
        organization: org,
        license: {
            let t = jtext(p.get("license_title"));
            if t.is_empty() {
                jtext(p.get("license_id"))
            } else {
                t
            }
        },
        license_url: clean_url(&jtext(p.get("license_url"))),
        landing_page: clean_url(&jtext(p.get("url"))),
        issued: created,
        modified: jtext(p.get("metadata_modified")).chars().take(19).collect(),
        keywords,
        resources,
        ..Default::default()
    })
}

/// Reads the 2018 statistics CSV: agency, title, views, downloads, rating
/// (20–100, i.e. 1–5 stars) and publication date. Rows carry no identifier,
/// so one is derived from the agency and the title.
pub fn read_stats_csv(bytes: &[u8]) -> Result<Vec<SourceRow>, String> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(strip_bom(bytes));
    let headers = rdr.headers().map_err(|e| format!("header: {e}"))?.clone();
    if headers.len() < 6 {
        return Err(format!("header: expected 6 columns, found {}", headers.len()));
    }
    let mut out = Vec::new();
    // Some agencies published several datasets under one title; the n-th
    // occurrence gets its own identifier so each stays a dataset of its own.
    let mut seen: std::collections::HashMap<(String, String), usize> = std::collections::HashMap::new();
    for rec in rdr.records() {
        let row = match rec {
            Err(e) => SourceRow {
                line: e.position().map(|p| p.line()).unwrap_or(0),
                item: Err(format!("unreadable CSV: {e}")),
            },
            Ok(r) => {
                let mut item = stats_row(&r);
                if let Ok(d) = &mut item {
                    let n = seen.entry((d.organization.clone(), d.title.clone())).or_insert(0);
                    *n += 1;
                    if *n > 1 {
                        d.identifier = derived_identifier(&d.organization, &format!("{}\u{1f}{n}", d.title));
                    }
                }
                SourceRow { line: r.position().map(|p| p.line()).unwrap_or(0), item }
            }
        };
        out.push(row);
    }
    Ok(out)
}

/// Maps one statistics row.
fn stats_row(r: &csv::StringRecord) -> Result<DatasetInput, String> {
    if r.len() != 6 {
        return Err(format!("expected 6 columns, found {}", r.len()));
    }
    let cell = |i: usize| r.get(i).unwrap_or("").trim().to_string();
    let (org, title) = (cell(0), cell(1));
    if org.is_empty() || title.is_empty() {
        return Err("提供機關名稱 and 資料集名稱 are required".into());
    }
    let count = |i: usize, name: &str| -> Result<i64, String> {
        let c = cell(i);
        if c.is_empty() {
            return Ok(0);
        }
        parse_count(&c).filter(|n| *n >= 0).ok_or_else(|| format!("{name}: not a count: {c:?}"))
    };
    let rating = match cell(4).as_str() {
        "" => None,
        s => {
            let score: i64 = s.parse().map_err(|_| format!("資料集評分: not a score: {s:?}"))?;
            if !(0..=100).contains(&score) {
                return Err(format!("資料集評分: {score} is outside 0–100"));
            }
            Some(score as f64 / 20.0)
        }
    };
    Ok(DatasetInput {
        identifier: derived_identifier(&org, &title),
        stats: Some(DatasetStats { views: count(2, "瀏覽人次")?, downloads: count(3, "下載次數")?, rating }),
        issued: cell(5),
        title,
        organization: org,
        language: "zh-TW".into(),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str = "\u{feff}資料集識別碼,資料集名稱,資料提供屬性,服務分類,品質檢測,檔案格式,資料下載網址,編碼格式,資資料集上架方式,資料集描述,主要欄位說明,提供機關,更新頻率,授權方式,相關網址,計費方式,提供機關聯絡人姓名,提供機關聯絡人電話,上架日期,詮釋資料更新時間,備註,資料量\n\
1,甲,原始資料,公共資訊,金,CSV;JSON,https://a.tw/1.csv;https://a.tw/1.json,UTF-8;BIG5,原始資料,\"多行\n描述 \"\"引號\"\"\",欄,機關,每日,授權,,免費,,,2023-08-31 00:00:00,2026-05-11 16:51:14,,1;2\n\
2,乙,短\n";

    #[test]
    fn export_rows_split_resources_and_report_short_rows() {
        let rows = read_export_csv(EXPORT.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        let d = rows[0].item.as_ref().unwrap();
        assert_eq!(d.upload_method, "原始資料", "the typo'd header is read");
        assert_eq!(d.resources.len(), 2);
        assert_eq!(d.resources[1].encoding, "BIG5");
        assert_eq!(d.description, "多行\n描述 \"引號\"");
        assert_eq!(d.number_of_data, Some(3));
        assert_eq!(rows[1].line, 4, "the quoted newline makes the second row start on line 4");
        assert!(rows[1].item.as_ref().unwrap_err().contains("columns"));
    }

    #[test]
    fn stats_rows_read_thousands_separators_and_ratings() {
        let csv = "提供機關名稱,資料集名稱,瀏覽人次,下載次數,資料集評分,上架日\n文化部,\"表,一\",\"7,472\",\"1,099\",100,2013/03/18\n文化部,x,abc,1,,\n文化部,\"表,一\",1,1,,\n";
        let rows = read_stats_csv(csv.as_bytes()).unwrap();
        let d = rows[0].item.as_ref().unwrap();
        assert_eq!(d.title, "表,一");
        assert_eq!(d.stats, Some(DatasetStats { views: 7472, downloads: 1099, rating: Some(5.0) }));
        assert_eq!(rows[1].line, 3);
        assert!(rows[1].item.as_ref().unwrap_err().contains("瀏覽人次"));
        let again = rows[2].item.as_ref().unwrap();
        assert_ne!(again.identifier, d.identifier, "a second dataset with the same title is a dataset of its own");
    }

    #[test]
    fn ckan_and_jsonl_map_their_fields() {
        let j = r#"{"TITLE":"水","NODE":"5981","DESC":"d","SCHEMA":["a","b"],"AGENCY":"水利署","KEYWORDS":["水情"],"SERVICE_TYPE":"公共資訊","VIEWS":"7515","DOWNLOAD":"1353","RESOURCE":[{"RES_FILETYPE":"KML","RES_URL":"http://x.tw/a.kml","REC_COUNT":"0"}]}"#;
        let rows = read_jsonl(format!("{j}\nnot json\n").as_bytes());
        let d = rows[0].item.as_ref().unwrap();
        assert_eq!((d.identifier.as_str(), d.resources.len(), d.stats.unwrap().views), ("5981", 1, 7515));
        assert!(rows[1].item.is_err());
        let c = r#"{"result":{"results":[{"name":"n1","title":"T","organization":null,"tags":[{"name":"flower","display_name":"flower"}],"resources":[{"id":"r1","format":"CSV","url":"http://x.org/a.csv"}]}]}}"#;
        let rows = read_ckan(c.as_bytes()).unwrap();
        let d = rows[0].item.as_ref().unwrap();
        assert_eq!((d.keywords[0].as_str(), d.resources[0].resource_id.as_str()), ("flower", "r1"));
    }
}
