//! The statements of the datasets' re-index (`crate::opendata::jobs::reindex`).

use commons_domain::common::search::REINDEX_BATCH;
use commons_domain::opendata::search_sql::BUMP_GENERATION;
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{all, d1_err, int, stmt, text};
use crate::reindex::{advance, Corpus};

/// What a dataset's index entry is made of.
#[derive(Deserialize)]
pub struct IndexSource {
    /// Row id (the index's rowid).
    pub id: i64,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Keywords, a JSON array.
    pub keywords: String,
    /// The agency's title.
    pub organization: String,
    /// Category.
    pub category: String,
    /// Field description.
    pub field_description: String,
    /// The metadata hash: the rewrite applies only while it is unchanged.
    pub content_hash: String,
}

/// The next batch of datasets after id `after`.
pub async fn sources(db: &D1Database, after: i64) -> Result<Vec<IndexSource>, ApiError> {
    all::<IndexSource>(
        db,
        "SELECT d.id, d.title, d.description, d.keywords, o.title AS organization, d.category, d.field_description, \
         d.content_hash FROM datasets d JOIN organizations o ON o.id = d.organization_id \
         WHERE d.id > ?1 ORDER BY d.id LIMIT ?2",
        &[int(after), int(REINDEX_BATCH)],
    )
    .await
}

/// Rewrites the index entries of a batch (`(source, title tokens, body
/// tokens)`) and advances the cursor from `after`, in one transaction. An
/// entry is rewritten only if its dataset still has the metadata it was read
/// with: a dataset re-imported meanwhile keeps the entry its import wrote.
pub async fn rewrite(db: &D1Database, after: i64, rows: &[(&IndexSource, String, String)]) -> Result<(), ApiError> {
    let mut stmts = Vec::with_capacity(rows.len() * 2 + 3);
    for (s, title, body) in rows {
        stmts.push(stmt(
            db,
            "DELETE FROM dataset_fts WHERE rowid = ?1 AND EXISTS (SELECT 1 FROM datasets WHERE id = ?1 AND content_hash = ?2)",
            &[int(s.id), text(&s.content_hash)],
        )?);
        stmts.push(stmt(
            db,
            "INSERT INTO dataset_fts (rowid, title, body) SELECT id, ?3, ?4 FROM datasets WHERE id = ?1 AND content_hash = ?2",
            &[int(s.id), text(&s.content_hash), text(title), text(body)],
        )?);
    }
    let last = rows.last().map(|r| r.0.id).unwrap_or(after);
    stmts.push(advance(db, Corpus::Datasets, after, last, rows.len())?);
    for sql in BUMP_GENERATION {
        stmts.push(stmt(db, sql, &[])?);
    }
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
}
