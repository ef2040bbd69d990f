//! Data access: one function per SQL statement or batch, all parameterised.

use commons_domain::ApiError;
use wasm_bindgen::JsValue;

use crate::error::internal;

/// Maps a D1 failure to an API error: a violated constraint or one of our
/// triggers becomes the client error that constraint means
/// (`commons_domain::common::constraints`); anything else is internal, with
/// the text kept for the log only.
pub fn d1_err(e: worker::Error) -> ApiError {
    let text = e.to_string();
    commons_domain::common::constraints::from_sqlite(&text).unwrap_or_else(|| internal(format!("d1: {text}")))
}

/// A JS number for binding an integer (D1 takes integers as doubles; ours fit in 2^53).
pub fn int(v: i64) -> JsValue {
    JsValue::from_f64(v as f64)
}

/// A JS string for binding text.
pub fn text(v: &str) -> JsValue {
    JsValue::from_str(v)
}

/// `{"n": ...}` rows of COUNT queries.
#[derive(serde::Deserialize)]
pub struct Count {
    /// The count.
    pub n: i64,
}

/// Rows changed by a statement's result.
pub fn changes(r: &worker::D1Result) -> usize {
    r.meta().ok().flatten().and_then(|m| m.changes).unwrap_or(0)
}

/// Prepares `sql` with `args` bound.
pub fn stmt(db: &worker::D1Database, sql: &str, args: &[JsValue]) -> Result<worker::D1PreparedStatement, ApiError> {
    db.prepare(sql).bind(args).map_err(d1_err)
}

/// All rows of a query.
pub async fn all<T: serde::de::DeserializeOwned>(
    db: &worker::D1Database,
    sql: &str,
    args: &[JsValue],
) -> Result<Vec<T>, ApiError> {
    stmt(db, sql, args)?.all().await.map_err(d1_err)?.results::<T>().map_err(d1_err)
}

/// The first row of a query, if any.
pub async fn first<T: serde::de::DeserializeOwned>(
    db: &worker::D1Database,
    sql: &str,
    args: &[JsValue],
) -> Result<Option<T>, ApiError> {
    stmt(db, sql, args)?.first::<T>(None).await.map_err(d1_err)
}

/// The `n` of a `SELECT COUNT(*) AS n` query.
pub async fn count(db: &worker::D1Database, sql: &str, args: &[JsValue]) -> Result<i64, ApiError> {
    Ok(first::<Count>(db, sql, args).await?.map(|c| c.n).unwrap_or(0))
}

/// Runs a write; returns the rows changed.
pub async fn run(db: &worker::D1Database, sql: &str, args: &[JsValue]) -> Result<usize, ApiError> {
    Ok(changes(&stmt(db, sql, args)?.run().await.map_err(d1_err)?))
}

/// Runs an `INSERT … RETURNING id` and returns the new row's id.
pub async fn insert_id(db: &worker::D1Database, sql: &str, args: &[JsValue]) -> Result<i64, ApiError> {
    #[derive(serde::Deserialize)]
    struct Id {
        id: i64,
    }
    first::<Id>(db, sql, args).await?.map(|i| i.id).ok_or_else(|| internal("insert returned no id"))
}
