//! The statements of the instruments' re-index (`crate::booking::jobs::reindex`).

use commons_domain::common::search::REINDEX_BATCH;
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{all, d1_err, int, stmt, text};
use crate::reindex::{advance, Corpus};

/// What an instrument's search text is made of.
#[derive(Deserialize)]
pub struct IndexSource {
    /// Id.
    pub id: i64,
    /// Name (zh).
    pub name_zh: String,
    /// Name (en).
    pub name_en: String,
    /// Category.
    pub category: String,
    /// Description.
    pub description: String,
}

/// The next batch of instruments after id `after`.
pub async fn sources(db: &D1Database, after: i64) -> Result<Vec<IndexSource>, ApiError> {
    all::<IndexSource>(
        db,
        "SELECT id, name_zh, name_en, category, description FROM instruments WHERE id > ?1 ORDER BY id LIMIT ?2",
        &[int(after), int(REINDEX_BATCH)],
    )
    .await
}

/// Writes a batch's search texts and advances the cursor from `after`, in one
/// transaction; a row whose text changed since it was read keeps what its
/// update wrote.
pub async fn rewrite(db: &D1Database, after: i64, rows: &[(&IndexSource, String)]) -> Result<(), ApiError> {
    let mut stmts = Vec::with_capacity(rows.len() + 1);
    for (s, search_text) in rows {
        stmts.push(stmt(
            db,
            "UPDATE instruments SET search_text = ?2 WHERE id = ?1 AND name_zh = ?3 AND name_en = ?4 AND category = ?5 \
             AND description = ?6",
            &[int(s.id), text(search_text), text(&s.name_zh), text(&s.name_en), text(&s.category), text(&s.description)],
        )?);
    }
    let last = rows.last().map(|r| r.0.id).unwrap_or(after);
    stmts.push(advance(db, Corpus::Instruments, after, last, rows.len())?);
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
}
