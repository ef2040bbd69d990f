//! The DataStore: a CSV resource parsed into typed rows that can be paged,
//! sorted, filtered and charted, answered in the shape of CKAN's
//! `datastore_search`.
//!
//! Parsing is here (pure) so the Worker and the tests agree on it: the
//! encoding is detected (UTF-8 with or without BOM, else Big5/CP950 through
//! `encoding_rs`), the delimiter is sniffed (`,` `;` or tab), and each column
//! is typed: numbers may carry thousands separators ("7,472") or a percent
//! sign, and a column of ROC years (民國年) becomes a `year` column in CE.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The largest CSV we accept for the DataStore.
pub const MAX_CSV_BYTES: usize = 8 * 1024 * 1024;
/// The most rows one DataStore page returns.
pub const MAX_PAGE_ROWS: i64 = 1000;

/// One column of a DataStore table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatastoreField {
    /// The header text (CKAN's `id`).
    pub id: String,
    /// `text`, `numeric` or `year`.
    #[serde(rename = "type")]
    pub kind: String,
    /// For `year` columns: the file wrote ROC years (民國年); values are CE.
    #[serde(default)]
    pub roc: bool,
}

/// A parsed table.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedTable {
    /// Columns with their types.
    pub fields: Vec<DatastoreField>,
    /// Rows as JSON objects keyed by column (numbers as numbers).
    pub records: Vec<Map<String, Value>>,
    /// The encoding the file was read as (`UTF-8` or `Big5`).
    pub encoding: String,
    /// The delimiter found.
    pub delimiter: char,
}

/// A page of a DataStore table (`GET /api/resources/{id}/datastore` and
/// CKAN's `datastore_search`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatastorePage {
    /// The resource id.
    pub resource_id: String,
    /// Columns.
    pub fields: Vec<DatastoreField>,
    /// Rows, each with `_id` (1-based row number) and the columns.
    pub records: Vec<Map<String, Value>>,
    /// Rows matching the filters.
    pub total: i64,
    /// Rows skipped.
    pub offset: i64,
    /// Page size.
    pub limit: i64,
}

/// Why a CSV cannot go into the DataStore.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CsvError {
    /// Over [`MAX_CSV_BYTES`].
    #[error("the file is {0} bytes; the limit is {MAX_CSV_BYTES}")]
    TooLarge(usize),
    /// Not text in UTF-8 or Big5.
    #[error("the file is neither UTF-8 nor Big5 text")]
    Encoding,
    /// No header or no rows.
    #[error("the file has no header row")]
    Empty,
    /// A row the CSV reader cannot read, or with the wrong number of cells.
    #[error("line {line}: {reason}")]
    Row {
        /// 1-based line.
        line: u64,
        /// What is wrong.
        reason: String,
    },
}

/// Decodes CSV bytes: UTF-8 (BOM stripped) if valid, else Big5 (CP950) if it
/// decodes without errors.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), CsvError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // NUL never occurs in CSV text; it marks a binary file (or UTF-16).
    if body.contains(&0) {
        return Err(CsvError::Encoding);
    }
    if let Ok(s) = std::str::from_utf8(body) {
        return Ok((s.to_string(), "UTF-8"));
    }
    let (text, _, had_errors) = encoding_rs::BIG5.decode(body);
    if had_errors {
        return Err(CsvError::Encoding);
    }
    Ok((text.into_owned(), "Big5"))
}

/// The delimiter that splits the header line into the most cells (`,`, `;` or tab).
pub fn sniff_delimiter(text: &str) -> char {
    let header = text.lines().next().unwrap_or("");
    [',', ';', '\t'].into_iter().max_by_key(|d| header.matches(*d).count()).unwrap_or(',')
}

/// Parses a number as published: `7,472`, `-3.5`, `12.0%`, ` 31245 `.
pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    let t = t.strip_suffix('%').unwrap_or(t);
    let cleaned: String = t.chars().filter(|c| *c != ',').collect();
    // Thousands separators must sit between digit groups; "1,2" is text.
    if t.contains(',') && !t.split('.').next().unwrap_or("").split(',').skip(1).all(|g| g.len() == 3) {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Whether a header names a year column (年, 年度, 民國年, year).
fn is_year_header(h: &str) -> bool {
    let l = h.to_lowercase();
    h.ends_with('年') || h.ends_with("年度") || h.contains("年別") || l.contains("year")
}

/// Types a column from its values and header.
fn column_type(header: &str, values: &[&str]) -> DatastoreField {
    let nonempty: Vec<&str> = values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()).collect();
    let numeric = !nonempty.is_empty() && nonempty.iter().all(|v| parse_number(v).is_some());
    let field = |kind: &str, roc: bool| DatastoreField { id: header.to_string(), kind: kind.into(), roc };
    if numeric && is_year_header(header) {
        let ints: Vec<f64> = nonempty.iter().filter_map(|v| parse_number(v)).collect();
        let all_int = ints.iter().all(|v| v.fract() == 0.0);
        if all_int && ints.iter().all(|v| (1.0..=200.0).contains(v)) {
            return field("year", true);
        }
        if all_int && ints.iter().all(|v| (1000.0..=2999.0).contains(v)) {
            return field("year", false);
        }
    }
    // Codes are digits but not quantities: zip codes, ids, 統一編號. Keep them text
    // (a chart of zip codes is meaningless, and leading zeros must survive).
    let l = header.to_lowercase();
    let code_header = ["code", "zip", "id", "no"]
        .iter()
        .any(|k| l.split(|c: char| !c.is_alphanumeric()).any(|w| w == *k || w.ends_with(k) && w.len() > 4))
        || ["代碼", "代號", "編號", "郵遞區號", "統一編號", "電話"].iter().any(|k| header.contains(k));
    let leading_zero = nonempty.iter().any(|v| v.len() > 1 && v.starts_with('0') && !v.starts_with("0."));
    if numeric && !code_header && !leading_zero {
        field("numeric", false)
    } else {
        field("text", false)
    }
}

/// Parses a CSV for the DataStore.
pub fn parse_csv(bytes: &[u8]) -> Result<ParsedTable, CsvError> {
    if bytes.len() > MAX_CSV_BYTES {
        return Err(CsvError::TooLarge(bytes.len()));
    }
    let (text, encoding) = decode(bytes)?;
    let delimiter = sniff_delimiter(&text);
    let mut rdr = csv::ReaderBuilder::new().delimiter(delimiter as u8).flexible(true).from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| CsvError::Row { line: 1, reason: e.to_string() })?
        .iter()
        .enumerate()
        .map(|(i, h)| if h.trim().is_empty() { format!("column_{}", i + 1) } else { h.trim().to_string() })
        .collect();
    if headers.is_empty() || (headers.len() == 1 && headers[0] == "column_1") {
        return Err(CsvError::Empty);
    }
    let mut rows: Vec<Vec<String>> = Vec::new();
    for rec in rdr.records() {
        let rec = rec
            .map_err(|e| CsvError::Row { line: e.position().map(|p| p.line()).unwrap_or(0), reason: e.to_string() })?;
        if rec.len() == 1 && rec.get(0).is_some_and(|c| c.trim().is_empty()) {
            continue; // a blank line
        }
        if rec.len() != headers.len() {
            return Err(CsvError::Row {
                line: rec.position().map(|p| p.line()).unwrap_or(0),
                reason: format!("expected {} cells, found {}", headers.len(), rec.len()),
            });
        }
        rows.push(rec.iter().map(str::to_string).collect());
    }
    let fields: Vec<DatastoreField> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let col: Vec<&str> = rows.iter().map(|r| r[i].as_str()).collect();
            column_type(h, &col)
        })
        .collect();
    let records = rows
        .into_iter()
        .map(|r| {
            let mut m = Map::new();
            for (f, v) in fields.iter().zip(r) {
                let value = match (f.kind.as_str(), parse_number(&v)) {
                    ("year", Some(n)) if f.roc => Value::from((n as i64) + 1911),
                    ("year", Some(n)) => Value::from(n as i64),
                    ("numeric", Some(n)) if n.fract() == 0.0 && n.abs() < 9.0e15 => Value::from(n as i64),
                    ("numeric", Some(n)) => Value::from(n),
                    (_, _) if v.trim().is_empty() => Value::Null,
                    _ => Value::String(v),
                };
                m.insert(f.id.clone(), value);
            }
            m
        })
        .collect();
    Ok(ParsedTable { fields, records, encoding: encoding.to_string(), delimiter })
}

/// A parsed `sort` parameter: (column, descending).
pub fn parse_sort(sort: &str, fields: &[DatastoreField]) -> Result<Option<(String, bool)>, String> {
    let s = sort.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let (col, dir) = match s.rsplit_once(' ') {
        Some((c, d)) if d.eq_ignore_ascii_case("desc") => (c.trim(), true),
        Some((c, d)) if d.eq_ignore_ascii_case("asc") => (c.trim(), false),
        _ => (s, false),
    };
    let col = col.trim_matches('"');
    if col == "_id" || fields.iter().any(|f| f.id == col) {
        Ok(Some((col.to_string(), dir)))
    } else {
        Err(format!("sort: no column {col:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roc_years_become_ce_and_counts_are_numbers() {
        let t = parse_csv("民國年,西元年,客服案量\n93,2004,31245\n94,2005,\"40,616\"\n".as_bytes()).unwrap();
        assert_eq!(t.fields[0], DatastoreField { id: "民國年".into(), kind: "year".into(), roc: true });
        assert_eq!(t.fields[1].kind, "year");
        assert_eq!(t.fields[2].kind, "numeric");
        assert_eq!(t.records[0]["民國年"], Value::from(2004));
        assert_eq!(t.records[1]["客服案量"], Value::from(40616));
    }

    #[test]
    fn big5_semicolons_tabs_and_bom() {
        let (big5, _, _) = encoding_rs::BIG5.encode("縣市;人口\n臺北市;2500000\n");
        let t = parse_csv(&big5).unwrap();
        assert_eq!((t.encoding.as_str(), t.delimiter), ("Big5", ';'));
        assert_eq!(t.records[0]["縣市"], Value::from("臺北市"));
        let t = parse_csv("\u{feff}a\tb\n1\t2\n".as_bytes()).unwrap();
        assert_eq!((t.fields[0].id.as_str(), t.delimiter), ("a", '\t'));
    }

    #[test]
    fn malformed_rows_and_sizes_are_refused() {
        assert!(matches!(parse_csv(b"a,b\n1,2,3\n"), Err(CsvError::Row { line: 2, .. })));
        assert!(matches!(parse_csv(b"a,b\n\"1,2\n"), Err(CsvError::Row { .. })));
        assert!(matches!(parse_csv(&vec![b'a'; MAX_CSV_BYTES + 1]), Err(CsvError::TooLarge(_))));
        assert!(matches!(parse_csv(&[0xff, 0xfe, 0x00, 0x81]), Err(CsvError::Encoding)));
    }

    #[test]
    fn codes_stay_text() {
        let t = parse_csv("ZIPCODE,CITY,人口\n112017,臺北市,10\n".as_bytes()).unwrap();
        assert_eq!(t.fields[0].kind, "text");
        assert_eq!(t.records[0]["ZIPCODE"], Value::from("112017"));
        let t = parse_csv("區碼,值\n02,1\n".as_bytes()).unwrap();
        assert_eq!(t.fields[0].kind, "text");
        assert_eq!(t.fields[1].kind, "numeric");
    }

    #[test]
    fn numbers_with_separators_and_percent() {
        assert_eq!(parse_number("7,472"), Some(7472.0));
        assert_eq!(parse_number("12.0%"), Some(12.0));
        assert_eq!(parse_number("1,2"), None);
        assert_eq!(parse_number("單  19號以下"), None);
    }
}
