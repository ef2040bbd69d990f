//! SQL for the DataStore: uploaded resources and their parsed rows.

use commons_domain::opendata::datastore::{column_path, DatastoreField, Layout, ParsedTable};
use commons_domain::ApiError;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::D1Database;

use crate::db::{all, d1_err, first, int, stmt, text};

/// Uploaded resources take positions from here, so a re-import of the
/// dataset's metadata (positions 0..200) never touches them.
pub const UPLOAD_POSITION_BASE: i64 = 1000;

/// Adds an uploaded resource to a dataset; returns its id.
pub async fn add_resource(
    db: &D1Database,
    dataset_id: i64,
    description: &str,
    encoding: &str,
    r2_key: &str,
    fields: &str,
) -> Result<i64, ApiError> {
    crate::db::insert_id(
        db,
        "INSERT INTO resources (dataset_id, position, resource_id, description, format, encoding, r2_key, resource_field, modified) \
         SELECT ?1, MAX(?2, COALESCE(MAX(position), 0) + 1), \
                (SELECT identifier FROM datasets WHERE id = ?1) || '-u' || (MAX(?2, COALESCE(MAX(position), 0) + 1) - ?2 + 1), \
                ?3, 'CSV', ?4, ?5, ?6, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') \
         FROM resources WHERE dataset_id = ?1 RETURNING id",
        &[int(dataset_id), int(UPLOAD_POSITION_BASE), text(description), text(encoding), text(r2_key), text(fields)],
    )
    .await
}

/// Removes a resource whose table could not be stored, so the catalogue
/// never shows a half-made upload.
pub async fn remove_resource(db: &D1Database, resource: i64) -> Result<(), ApiError> {
    crate::db::run(db, "DELETE FROM resources WHERE id = ?1", &[int(resource)]).await.map(|_| ())
}

/// Stores the parsed table of a resource and marks it active, in one batch
/// (all rows or none), and points its download at our own file route. The
/// rows go in as JSON arrays, one INSERT per chunk; each chunk's text is
/// handed to D1 and dropped in turn, so the rows are held once, not twice.
pub async fn store_table(
    db: &D1Database,
    resource: i64,
    table: ParsedTable,
    download_url: &str,
    now: i64,
) -> Result<(), ApiError> {
    let ParsedTable { fields, row_count, chunks, data_bytes, encoding, delimiter } = table;
    let fields = serde_json::to_string(&fields).map_err(crate::error::internal)?;
    let rows = row_count as i64;
    let mut stmts = vec![
        stmt(db, "DELETE FROM datastore_rows WHERE resource_id = ?1", &[int(resource)])?,
        stmt(
            db,
            "INSERT OR REPLACE INTO datastore_tables (resource_id, fields, row_count, encoding, delimiter, created_at, layout, data_bytes) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            &[
                int(resource),
                text(&fields),
                int(rows),
                text(&encoding),
                text(&delimiter.to_string()),
                int(now),
                text(Layout::Array.as_db()),
                int(data_bytes as i64),
            ],
        )?,
    ];
    for chunk in chunks {
        stmts.push(stmt(
            db,
            "INSERT INTO datastore_rows (resource_id, row_no, data) SELECT ?1, ?2 + key + 1, value FROM json_each(?3)",
            &[int(resource), int(chunk.first_row as i64), text(&chunk.json)],
        )?);
    }
    stmts.push(stmt(
        db,
        "UPDATE resources SET datastore_active = 1, record_count = ?2, download_url = ?3 WHERE id = ?1",
        &[int(resource), int(rows), text(download_url)],
    )?);
    stmts.push(stmt(
        db,
        "UPDATE datasets SET updated_at = ?2, formats = CASE WHEN instr(' ' || formats || ' ', ' CSV ') > 0 THEN formats \
         WHEN formats = '' THEN 'CSV' ELSE formats || ' CSV' END WHERE id = (SELECT dataset_id FROM resources WHERE id = ?1)",
        &[int(resource), int(now)],
    )?);
    stmts.push(stmt(
        db,
        "INSERT INTO dataset_changes (dataset_id, at, kind, summary) \
         SELECT dataset_id, ?2, 'updated', 'resource added: ' || description FROM resources WHERE id = ?1",
        &[int(resource), int(now)],
    )?);
    stmts.push(stmt(
        db,
        "INSERT INTO notifications (user_id, kind, params, link, created_at) \
         SELECT s.user_id, 'dataset_updated', json_object('title', d.title, 'what', r.description), \
         '/data/datasets/' || d.identifier, ?2 \
         FROM resources r JOIN datasets d ON d.id = r.dataset_id JOIN dataset_subscriptions s ON s.dataset_id = d.id \
         WHERE r.id = ?1",
        &[int(resource), int(now)],
    )?);
    // The dataset gained a CSV resource: the format facet changes.
    for sql in commons_domain::opendata::search_sql::BUMP_GENERATION {
        stmts.push(stmt(db, sql, &[])?);
    }
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
}

/// A DataStore table's description.
#[derive(Debug, Clone, Deserialize)]
pub struct TableRow {
    /// Columns (JSON).
    pub fields: String,
    /// Rows.
    pub row_count: i64,
    /// `object` or `array` (see [`Layout`]).
    pub layout: String,
    /// Bytes of all rows' JSON (0 for tables stored before it was kept).
    pub data_bytes: i64,
}

impl TableRow {
    /// The columns.
    pub fn fields(&self) -> Vec<DatastoreField> {
        serde_json::from_str(&self.fields).unwrap_or_default()
    }

    /// How the rows are stored.
    pub fn layout(&self) -> Layout {
        Layout::from_db(&self.layout)
    }

    /// The average bytes of a stored row.
    pub fn avg_row_bytes(&self) -> usize {
        usize::try_from(self.data_bytes / self.row_count.max(1)).unwrap_or(0)
    }
}

/// The table of an active DataStore resource.
pub async fn table(db: &D1Database, resource: i64) -> Result<Option<TableRow>, ApiError> {
    first(
        db,
        "SELECT t.fields, t.row_count, t.layout, t.data_bytes FROM datastore_tables t JOIN resources r ON r.id = t.resource_id \
         WHERE t.resource_id = ?1 AND r.datastore_active = 1",
        &[int(resource)],
    )
    .await
}

/// A query over one table (its filters and sort already checked against its columns).
pub struct RowQuery<'a> {
    /// Resource id.
    pub resource: i64,
    /// The table's columns.
    pub fields: &'a [DatastoreField],
    /// How its rows are stored.
    pub layout: Layout,
    /// Full-text filter: rows whose JSON contains this text.
    pub q: &'a str,
    /// Column = value filters.
    pub filters: &'a [(String, String)],
    /// (column, descending); `None` = file order.
    pub sort: Option<(String, bool)>,
    /// Rows to skip.
    pub offset: i64,
    /// Rows to return.
    pub limit: i64,
}

/// The JSON path of a column, or a 422 for a column the table does not have.
fn path(q: &RowQuery<'_>, col: &str) -> Result<String, ApiError> {
    column_path(q.fields, col, q.layout).ok_or_else(|| ApiError::invalid(format!("no column {col:?}")))
}

/// A page of rows as (row_no, JSON text), and the total (None: unfiltered, use row_count).
/// At most 1 + 1 + 2 × `MAX_FILTERS` + 1 + 2 values are bound.
pub async fn rows(db: &D1Database, q: &RowQuery<'_>) -> Result<(Vec<(i64, String)>, Option<i64>), ApiError> {
    let mut args: Vec<JsValue> = vec![int(q.resource)];
    let mut conds = vec!["resource_id = ?1".to_string()];
    if !q.q.is_empty() {
        args.push(text(q.q));
        conds.push(format!("instr(data, ?{}) > 0", args.len()));
    }
    for (col, val) in q.filters {
        args.push(text(&path(q, col)?));
        args.push(text(val));
        // Compare as text so "2004" matches a numeric 2004 as well.
        conds.push(format!("CAST(json_extract(data, ?{}) AS TEXT) = ?{}", args.len() - 1, args.len()));
    }
    let filtered = conds.len() > 1;
    let where_ = conds.join(" AND ");
    let filter_args = args.len();
    let order = match &q.sort {
        None => "row_no".to_string(),
        Some((col, desc)) if col == "_id" => format!("row_no{}", if *desc { " DESC" } else { "" }),
        Some((col, desc)) => {
            args.push(text(&path(q, col)?));
            format!("json_extract(data, ?{}){}, row_no", args.len(), if *desc { " DESC" } else { "" })
        }
    };
    let mut page_args = args.clone();
    page_args.push(int(q.limit));
    page_args.push(int(q.offset));
    let n = page_args.len();
    #[derive(Deserialize)]
    struct R {
        row_no: i64,
        data: String,
    }
    let page: Vec<R> = all(
        db,
        &format!(
            "SELECT row_no, data FROM datastore_rows WHERE {where_} ORDER BY {order} LIMIT ?{} OFFSET ?{}",
            n - 1,
            n
        ),
        &page_args,
    )
    .await?;
    let total = if filtered {
        // Sorting arguments are not used by the count; bind only the filter ones.
        let count_args: Vec<JsValue> = args.iter().take(filter_args).cloned().collect();
        Some(
            crate::db::count(db, &format!("SELECT COUNT(*) AS n FROM datastore_rows WHERE {where_}"), &count_args)
                .await?,
        )
    } else {
        None
    };
    Ok((page.into_iter().map(|r| (r.row_no, r.data)).collect(), total))
}

/// The R2 key of an uploaded resource.
pub async fn r2_key(db: &D1Database, resource: i64) -> Result<Option<String>, ApiError> {
    #[derive(Deserialize)]
    struct K {
        r2_key: Option<String>,
    }
    Ok(first::<K>(db, "SELECT r2_key FROM resources WHERE id = ?1", &[int(resource)]).await?.and_then(|k| k.r2_key))
}
