//! The DataStore: a CSV resource parsed into typed rows that can be paged,
//! sorted, filtered and charted, answered in the shape of CKAN's
//! `datastore_search`.
//!
//! Parsing is here (pure) so the Worker and the tests agree on it: the
//! encoding is detected (UTF-8 with or without BOM, else Big5/CP950 through
//! `encoding_rs`), the delimiter is sniffed (`,` `;` or tab), and each column
//! is typed: numbers may carry thousands separators ("7,472") or a percent
//! sign, and a column of ROC years (民國年) becomes a `year` column in CE.
//!
//! A Worker has 128 MB, so the work an upload causes is bounded by the file,
//! never by its shape (issue 12): at most [`MAX_COLUMNS`] columns with names
//! of at most [`MAX_COLUMN_NAME_CHARS`] characters, and rows are stored as
//! JSON arrays in column order, so no row carries a copy of the header. The
//! file is read twice (once to type the columns, once to write the rows)
//! instead of being held as cells, and the stored rows are cut into chunks
//! that fit one D1 argument each, within D1's query budget by construction.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The largest CSV we accept for the DataStore.
pub const MAX_CSV_BYTES: usize = 8 * 1024 * 1024;
/// The most rows one DataStore page returns.
pub const MAX_PAGE_ROWS: i64 = 1000;
/// The most columns a DataStore table may have.
pub const MAX_COLUMNS: usize = 200;
/// The longest column name, in characters.
pub const MAX_COLUMN_NAME_CHARS: usize = 200;
/// The largest row once parsed (its JSON array), in bytes: far under D1's
/// 2 MB row limit, and small against a chunk, so chunks stay nearly full.
pub const MAX_ROW_JSON_BYTES: usize = 256 * 1024;
/// The JSON of the rows one INSERT takes (one bound argument), in bytes:
/// under D1's 2 MB limit on a string.
pub const CHUNK_JSON_BYTES: usize = 1024 * 1024;
/// The largest table once parsed (all rows' JSON), in bytes.
pub const MAX_TABLE_JSON_BYTES: usize = 20 * 1024 * 1024;
/// The most chunks a table can have: each chunk but the last is fuller than
/// `CHUNK_JSON_BYTES - MAX_ROW_JSON_BYTES`.
pub const MAX_CHUNKS: usize = MAX_TABLE_JSON_BYTES / (CHUNK_JSON_BYTES - MAX_ROW_JSON_BYTES) + 1;
/// The most bytes one page of records may carry, column names included
/// (every record of an answer repeats them): wide tables get shorter pages.
pub const MAX_PAGE_BYTES: usize = 2 * 1024 * 1024;
/// The most `column = value` filters of one query (each binds two values).
pub const MAX_FILTERS: usize = 10;
/// The longest filter value, in characters.
pub const MAX_FILTER_VALUE_CHARS: usize = 1000;
/// The longest full-text `q` of a DataStore query, in characters.
pub const MAX_Q_CHARS: usize = 200;

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

/// Rows of a parsed table as one INSERT takes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowChunk {
    /// The 0-based index of its first row in the table.
    pub first_row: usize,
    /// A JSON array of rows, each a JSON array of cells in column order.
    pub json: String,
}

/// A parsed table.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedTable {
    /// Columns with their types.
    pub fields: Vec<DatastoreField>,
    /// Rows (the header excluded).
    pub row_count: usize,
    /// The rows, cut into chunks of at most [`CHUNK_JSON_BYTES`] (one row
    /// may fill a chunk alone); numbers as numbers, empty cells as `null`.
    pub chunks: Vec<RowChunk>,
    /// Bytes of all rows' JSON.
    pub data_bytes: usize,
    /// The encoding the file was read as (`UTF-8` or `Big5`).
    pub encoding: String,
    /// The delimiter found.
    pub delimiter: char,
}

/// How a table's rows are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A JSON object keyed by column (tables stored before migration 0011).
    Object,
    /// A JSON array of cells in column order.
    Array,
}

impl Layout {
    /// The layout named in `datastore_tables.layout`.
    pub fn from_db(s: &str) -> Layout {
        if s == "array" {
            Layout::Array
        } else {
            Layout::Object
        }
    }

    /// Its name in `datastore_tables.layout`.
    pub fn as_db(self) -> &'static str {
        match self {
            Layout::Object => "object",
            Layout::Array => "array",
        }
    }
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
    /// Over [`MAX_COLUMNS`].
    #[error("the file has {0} columns; the DataStore takes at most {MAX_COLUMNS} columns")]
    TooManyColumns(usize),
    /// A column name over [`MAX_COLUMN_NAME_CHARS`].
    #[error("column {column}: the name has {chars} characters; at most {MAX_COLUMN_NAME_CHARS} characters")]
    LongColumnName {
        /// 1-based column.
        column: usize,
        /// Its length.
        chars: usize,
    },
    /// A row over [`MAX_ROW_JSON_BYTES`] once parsed.
    #[error("line {0}: the row is over {MAX_ROW_JSON_BYTES} bytes once parsed")]
    RowTooLarge(u64),
    /// The table over [`MAX_TABLE_JSON_BYTES`] once parsed.
    #[error("the table is over {MAX_TABLE_JSON_BYTES} bytes once parsed; split the file")]
    TableTooLarge,
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

/// What the typing of a column needs to know of its values, gathered one
/// cell at a time (so the cells need not be kept).
#[derive(Debug, Clone, Copy)]
struct ColumnStats {
    /// Some value is not blank.
    nonempty: bool,
    /// Every non-blank value is a number.
    numeric: bool,
    /// Every number is whole.
    whole: bool,
    /// Every number is 1–200 (ROC years).
    roc_years: bool,
    /// Every number is 1000–2999 (CE years).
    ce_years: bool,
    /// Some value has a leading zero (a code, not a quantity).
    leading_zero: bool,
}

impl ColumnStats {
    fn new() -> Self {
        ColumnStats {
            nonempty: false,
            numeric: true,
            whole: true,
            roc_years: true,
            ce_years: true,
            leading_zero: false,
        }
    }

    fn add(&mut self, value: &str) {
        let v = value.trim();
        if v.is_empty() {
            return;
        }
        self.nonempty = true;
        match parse_number(v) {
            Some(n) => {
                self.whole &= n.fract() == 0.0;
                self.roc_years &= (1.0..=200.0).contains(&n);
                self.ce_years &= (1000.0..=2999.0).contains(&n);
            }
            None => self.numeric = false,
        }
        self.leading_zero |= v.len() > 1 && v.starts_with('0') && !v.starts_with("0.");
    }
}

/// Types a column from its header and what its values were like.
fn column_type(header: &str, s: &ColumnStats) -> DatastoreField {
    let numeric = s.nonempty && s.numeric;
    let field = |kind: &str, roc: bool| DatastoreField { id: header.to_string(), kind: kind.into(), roc };
    if numeric && is_year_header(header) && s.whole {
        if s.roc_years {
            return field("year", true);
        }
        if s.ce_years {
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
    if numeric && !code_header && !s.leading_zero {
        field("numeric", false)
    } else {
        field("text", false)
    }
}

/// A cell as stored: a number for numeric and year columns, `null` when blank, else text.
fn cell(f: &DatastoreField, v: &str) -> Value {
    match (f.kind.as_str(), parse_number(v)) {
        ("year", Some(n)) if f.roc => Value::from((n as i64) + 1911),
        ("year", Some(n)) => Value::from(n as i64),
        ("numeric", Some(n)) if n.fract() == 0.0 && n.abs() < 9.0e15 => Value::from(n as i64),
        ("numeric", Some(n)) => Value::from(n),
        (_, _) if v.trim().is_empty() => Value::Null,
        _ => Value::String(v.to_string()),
    }
}

/// The column names of a header: trimmed, blank ones named `column_N`, and a
/// repeated one suffixed with its position (so every column can be named).
fn column_names(header: &csv::StringRecord) -> Result<Vec<String>, CsvError> {
    if header.len() > MAX_COLUMNS {
        return Err(CsvError::TooManyColumns(header.len()));
    }
    let mut names: Vec<String> = Vec::with_capacity(header.len());
    for (i, h) in header.iter().enumerate() {
        let chars = h.trim().chars().count();
        if chars > MAX_COLUMN_NAME_CHARS {
            return Err(CsvError::LongColumnName { column: i + 1, chars });
        }
        let mut name = if h.trim().is_empty() { format!("column_{}", i + 1) } else { h.trim().to_string() };
        if names.contains(&name) {
            name = format!("{name}_{}", i + 1);
        }
        names.push(name);
    }
    Ok(names)
}

/// The records of `text` after the header, one at a time into `rec`, blank
/// lines skipped and the cell count checked; `Ok(false)` at the end.
fn next_record(rdr: &mut csv::Reader<&[u8]>, rec: &mut csv::StringRecord, width: usize) -> Result<bool, CsvError> {
    loop {
        let more = rdr
            .read_record(rec)
            .map_err(|e| CsvError::Row { line: e.position().map(|p| p.line()).unwrap_or(0), reason: e.to_string() })?;
        if !more {
            return Ok(false);
        }
        if rec.len() == 1 && rec.get(0).is_some_and(|c| c.trim().is_empty()) {
            continue; // a blank line
        }
        if rec.len() != width {
            return Err(CsvError::Row {
                line: rec.position().map(|p| p.line()).unwrap_or(0),
                reason: format!("expected {width} cells, found {}", rec.len()),
            });
        }
        return Ok(true);
    }
}

/// Parses a CSV for the DataStore.
pub fn parse_csv(bytes: &[u8]) -> Result<ParsedTable, CsvError> {
    if bytes.len() > MAX_CSV_BYTES {
        return Err(CsvError::TooLarge(bytes.len()));
    }
    let (text, encoding) = decode(bytes)?;
    let delimiter = sniff_delimiter(&text);
    let reader = || csv::ReaderBuilder::new().delimiter(delimiter as u8).flexible(true).from_reader(text.as_bytes());
    let mut rdr = reader();
    let names = column_names(rdr.headers().map_err(|e| CsvError::Row { line: 1, reason: e.to_string() })?)?;
    if names.is_empty() || (names.len() == 1 && names[0] == "column_1") {
        return Err(CsvError::Empty);
    }
    // First pass: check the shape and type the columns.
    let mut stats = vec![ColumnStats::new(); names.len()];
    let mut rec = csv::StringRecord::new();
    let mut row_count = 0;
    while next_record(&mut rdr, &mut rec, names.len())? {
        for (s, v) in stats.iter_mut().zip(rec.iter()) {
            s.add(v);
        }
        row_count += 1;
    }
    let fields: Vec<DatastoreField> = names.iter().zip(&stats).map(|(h, s)| column_type(h, s)).collect();
    // Second pass: each row as a JSON array, into chunks.
    let mut rdr = reader();
    let _ = rdr.headers();
    let mut chunks: Vec<RowChunk> = Vec::new();
    let mut current = RowChunk { first_row: 0, json: String::new() };
    let (mut row, mut data_bytes) = (0usize, 0usize);
    while next_record(&mut rdr, &mut rec, names.len())? {
        let cells: Vec<Value> = fields.iter().zip(rec.iter()).map(|(f, v)| cell(f, v)).collect();
        let json = Value::Array(cells).to_string();
        if json.len() > MAX_ROW_JSON_BYTES {
            return Err(CsvError::RowTooLarge(rec.position().map(|p| p.line()).unwrap_or(0)));
        }
        data_bytes += json.len();
        if data_bytes > MAX_TABLE_JSON_BYTES {
            return Err(CsvError::TableTooLarge);
        }
        // `[` + rows joined by `,` + `]`.
        if !current.json.is_empty() && current.json.len() + json.len() + 1 > CHUNK_JSON_BYTES {
            current.json.push(']');
            chunks.push(std::mem::replace(&mut current, RowChunk { first_row: row, json: String::new() }));
        }
        current.json.push(if current.json.is_empty() { '[' } else { ',' });
        current.json.push_str(&json);
        row += 1;
    }
    if !current.json.is_empty() {
        current.json.push(']');
        chunks.push(current);
    }
    Ok(ParsedTable { fields, row_count, chunks, data_bytes, encoding: encoding.to_string(), delimiter })
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
    /// Page size: as asked, or fewer when the table's rows are so wide that
    /// the page would pass [`MAX_PAGE_BYTES`].
    pub limit: i64,
}

/// The page size for `asked` rows of a table with these columns and rows of
/// `avg_row_bytes` on average: every record of an answer repeats the column
/// names, so wide tables get fewer rows a page (at least one).
pub fn page_limit(fields: &[DatastoreField], avg_row_bytes: usize, asked: i64) -> i64 {
    let names: usize = fields.iter().map(|f| f.id.len() + 6).sum::<usize>() + 16;
    let most = (MAX_PAGE_BYTES / (names + avg_row_bytes).max(1)).max(1);
    asked.clamp(1, i64::try_from(most).unwrap_or(i64::MAX))
}

/// Checks the text parts of a query against the table: `q` and the filters
/// (how many, how long, and that each names a column).
pub fn check_query(q: &str, filters: &[(String, String)], fields: &[DatastoreField]) -> Result<(), String> {
    let chars = q.chars().count();
    if chars > MAX_Q_CHARS {
        return Err(format!("q: at most {MAX_Q_CHARS} characters (yours has {chars})"));
    }
    if filters.len() > MAX_FILTERS {
        return Err(format!("filters: at most {MAX_FILTERS} columns (yours has {})", filters.len()));
    }
    for (col, value) in filters {
        if !fields.iter().any(|f| &f.id == col) {
            return Err(format!("filters: no column {col:?}"));
        }
        if value.chars().count() > MAX_FILTER_VALUE_CHARS {
            return Err(format!("filters.{col}: at most {MAX_FILTER_VALUE_CHARS} characters"));
        }
    }
    Ok(())
}

/// The JSON path of column `col` in a stored row (`None` if there is no such column).
pub fn column_path(fields: &[DatastoreField], col: &str, layout: Layout) -> Option<String> {
    let i = fields.iter().position(|f| f.id == col)?;
    Some(match layout {
        Layout::Array => format!("$[{i}]"),
        // Quoted, so any header text works.
        Layout::Object => format!("$.\"{}\"", col.replace('"', "\\\"")),
    })
}

/// A stored row as the record an answer carries: `_id`, then the columns.
pub fn record(fields: &[DatastoreField], row_no: i64, data: &str, layout: Layout) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("_id".into(), Value::from(row_no));
    match (layout, serde_json::from_str::<Value>(data)) {
        (Layout::Array, Ok(Value::Array(cells))) => {
            for (f, v) in fields.iter().zip(cells) {
                m.insert(f.id.clone(), v);
            }
        }
        (Layout::Object, Ok(Value::Object(o))) => m.extend(o),
        _ => {}
    }
    m
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

    /// The rows of a parsed table as records, in order.
    fn records(t: &ParsedTable) -> Vec<Map<String, Value>> {
        let mut out = Vec::new();
        for c in &t.chunks {
            let rows: Vec<Value> = serde_json::from_str(&c.json).unwrap();
            for (i, r) in rows.iter().enumerate() {
                out.push(record(&t.fields, (c.first_row + i + 1) as i64, &r.to_string(), Layout::Array));
            }
        }
        out
    }

    #[test]
    fn roc_years_become_ce_and_counts_are_numbers() {
        let t = parse_csv("民國年,西元年,客服案量\n93,2004,31245\n94,2005,\"40,616\"\n".as_bytes()).unwrap();
        assert_eq!(t.fields[0], DatastoreField { id: "民國年".into(), kind: "year".into(), roc: true });
        assert_eq!(t.fields[1].kind, "year");
        assert_eq!(t.fields[2].kind, "numeric");
        let r = records(&t);
        assert_eq!(r[0]["民國年"], Value::from(2004));
        assert_eq!(r[1]["客服案量"], Value::from(40616));
        assert_eq!(r[1]["_id"], Value::from(2));
        assert_eq!(t.row_count, 2);
    }

    #[test]
    fn big5_semicolons_tabs_and_bom() {
        let (big5, _, _) = encoding_rs::BIG5.encode("縣市;人口\n臺北市;2500000\n");
        let t = parse_csv(&big5).unwrap();
        assert_eq!((t.encoding.as_str(), t.delimiter), ("Big5", ';'));
        assert_eq!(records(&t)[0]["縣市"], Value::from("臺北市"));
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
        assert_eq!(records(&t)[0]["ZIPCODE"], Value::from("112017"));
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

    /// A CSV of `cols` columns named with `name_chars` characters and `rows` rows
    /// (a number in the first column, the others blank).
    fn wide(cols: usize, name_chars: usize, rows: usize) -> Vec<u8> {
        let header: Vec<String> = (0..cols).map(|i| format!("{i:03}{}", "欄".repeat(name_chars - 3))).collect();
        let mut s = header.join(",");
        s.push('\n');
        for r in 0..rows {
            s.push_str(&r.to_string());
            s.push_str(&",".repeat(cols - 1));
            s.push('\n');
        }
        s.into_bytes()
    }

    #[test]
    fn columns_and_their_names_are_bounded() {
        let e = parse_csv(&wide(MAX_COLUMNS + 1, 5, 1)).unwrap_err();
        assert_eq!(e, CsvError::TooManyColumns(201));
        assert!(e.to_string().contains("at most 200 columns"));
        let e = parse_csv(&wide(3, MAX_COLUMN_NAME_CHARS + 1, 1)).unwrap_err();
        assert_eq!(e, CsvError::LongColumnName { column: 1, chars: 201 });
        // Repeated and blank names still name every column.
        let t = parse_csv(b"a,a,\n1,2,3\n").unwrap();
        let names: Vec<&str> = t.fields.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(names, ["a", "a_2", "column_3"]);
    }

    #[test]
    fn what_is_stored_grows_with_the_file_not_with_the_header_times_the_rows() {
        // Issue 12: 2,000 columns of 200-character names × 3,000 rows needed a gigabyte,
        // because every row copied every column name. At the limits now:
        let file = wide(MAX_COLUMNS, MAX_COLUMN_NAME_CHARS, 3000);
        let t = parse_csv(&file).unwrap();
        assert_eq!((t.row_count, t.fields.len()), (3000, 200));
        let header_bytes: usize = t.fields.iter().map(|f| f.id.len()).sum();
        assert!(header_bytes > 100_000, "the names alone are {header_bytes} bytes");
        let stored: usize = t.chunks.iter().map(|c| c.json.len()).sum();
        assert_eq!(t.data_bytes + 3000 + t.chunks.len(), stored, "rows plus brackets and commas");
        assert!(stored < 5 * file.len(), "stored {stored} bytes for a {}-byte file", file.len());
        assert!(t.chunks.iter().all(|c| c.json.len() <= CHUNK_JSON_BYTES + 1));
        // A page of such rows is short, and still at least one row.
        let avg = t.data_bytes / t.row_count;
        let limit = page_limit(&t.fields, avg, MAX_PAGE_ROWS);
        assert!((1..100).contains(&limit), "{limit}");
        assert_eq!(page_limit(&t.fields[..3], 20, 50), 50, "narrow tables get what they ask");
    }

    #[test]
    fn rows_and_tables_too_large_to_store_are_refused() {
        let mut big = b"a,b\n".to_vec();
        big.extend(std::iter::repeat_n(b'x', MAX_ROW_JSON_BYTES));
        big.extend_from_slice(b",1\n");
        assert_eq!(parse_csv(&big).unwrap_err(), CsvError::RowTooLarge(2));
        // Control characters are six bytes each in JSON: a file within the byte
        // limit can still be too large once parsed.
        let mut ctl = b"a\n".to_vec();
        for _ in 0..(MAX_CSV_BYTES / 2 - 10) / 1000 {
            ctl.extend(std::iter::repeat_n(1u8, 999));
            ctl.push(b'\n');
        }
        assert_eq!(parse_csv(&ctl).unwrap_err(), CsvError::TableTooLarge);
    }

    #[test]
    fn the_largest_table_fits_one_invocation_of_d1() {
        // Every chunk is one INSERT statement of the upload's batch; with the
        // statements around it, the upload stays inside Workers Free's query budget.
        const AROUND: usize = 16;
        const { assert!(MAX_CHUNKS + AROUND <= crate::common::d1::MAX_QUERIES_FREE) };
        // A chunk (and a row that overfills it) is one D1 string of at most 2 MB.
        const { assert!(CHUNK_JSON_BYTES + MAX_ROW_JSON_BYTES < 2_000_000) };
    }

    #[test]
    fn queries_are_bounded_and_rows_read_back_in_either_layout() {
        let fields = vec![
            DatastoreField { id: "縣市".into(), kind: "text".into(), roc: false },
            DatastoreField { id: "人\"口".into(), kind: "numeric".into(), roc: false },
        ];
        assert!(check_query("臺北", &[("縣市".into(), "臺北市".into())], &fields).is_ok());
        assert!(check_query(&"字".repeat(201), &[], &fields).unwrap_err().starts_with("q:"));
        let many: Vec<(String, String)> = (0..11).map(|_| ("縣市".to_string(), "x".to_string())).collect();
        assert!(check_query("", &many, &fields).unwrap_err().contains("at most 10"));
        assert!(check_query("", &[("縣市".into(), "x".repeat(1001))], &fields).is_err());
        assert!(check_query("", &[("nope".into(), "x".into())], &fields).unwrap_err().contains("no column"));
        assert_eq!(column_path(&fields, "人\"口", Layout::Array).as_deref(), Some("$[1]"));
        assert_eq!(column_path(&fields, "人\"口", Layout::Object).as_deref(), Some("$.\"人\\\"口\""));
        assert_eq!(column_path(&fields, "nope", Layout::Array), None);
        let a = record(&fields, 3, r#"["臺北市",5]"#, Layout::Array);
        let o = record(&fields, 3, r#"{"縣市":"臺北市","人\"口":5}"#, Layout::Object);
        assert_eq!(a, o);
        assert_eq!(a["_id"], 3);
    }
}
