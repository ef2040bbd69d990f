//! The statements of the Q&A re-index (`crate::qa::jobs::reindex`): visible
//! questions into `qa_fts`, FAQ entries into `faq_fts`.

use commons_domain::common::search::REINDEX_BATCH;
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{all, d1_err, int, stmt, text};
use crate::reindex::{advance, Corpus};

/// What a question's or FAQ entry's index entry is made of.
#[derive(Deserialize)]
pub struct IndexSource {
    /// Row id (the index's rowid).
    pub id: i64,
    /// Title.
    pub title: String,
    /// Body (Markdown source).
    pub body: String,
    /// Tags, a JSON array (questions; `[]` for the FAQ).
    pub tags: String,
}

/// The next batch of visible questions after id `after`.
pub async fn questions(db: &D1Database, after: i64) -> Result<Vec<IndexSource>, ApiError> {
    all::<IndexSource>(
        db,
        "SELECT id, title, body, tags FROM qa_questions WHERE id > ?1 AND hidden = 0 ORDER BY id LIMIT ?2",
        &[int(after), int(REINDEX_BATCH)],
    )
    .await
}

/// The next batch of FAQ entries after id `after`.
pub async fn faq(db: &D1Database, after: i64) -> Result<Vec<IndexSource>, ApiError> {
    all::<IndexSource>(
        db,
        "SELECT id, title, body, '[]' AS tags FROM faq_entries WHERE id > ?1 ORDER BY id LIMIT ?2",
        &[int(after), int(REINDEX_BATCH)],
    )
    .await
}

/// Rewrites a batch of index entries (`(source, title tokens, body tokens)`)
/// of `corpus` (questions or the FAQ) and advances its cursor from `after`,
/// in one transaction. An entry is rewritten only while its row still has the
/// text it was read with (and a question is still visible), so an edit or a
/// hiding meanwhile wins; the search cache's generation moves on.
pub async fn rewrite(
    db: &D1Database,
    corpus: Corpus,
    after: i64,
    rows: &[(&IndexSource, String, String)],
) -> Result<(), ApiError> {
    let (delete, insert) = match corpus {
        Corpus::Faq => (
            "DELETE FROM faq_fts WHERE rowid = ?1 AND EXISTS \
             (SELECT 1 FROM faq_entries WHERE id = ?1 AND title = ?2 AND body = ?3 AND ?4 = '[]')",
            "INSERT INTO faq_fts (rowid, title, body) SELECT id, ?5, ?6 FROM faq_entries \
             WHERE id = ?1 AND title = ?2 AND body = ?3 AND ?4 = '[]'",
        ),
        _ => (
            "DELETE FROM qa_fts WHERE rowid = ?1 AND EXISTS \
             (SELECT 1 FROM qa_questions WHERE id = ?1 AND title = ?2 AND body = ?3 AND tags = ?4 AND hidden = 0)",
            "INSERT INTO qa_fts (rowid, title, body) SELECT id, ?5, ?6 FROM qa_questions \
             WHERE id = ?1 AND title = ?2 AND body = ?3 AND tags = ?4 AND hidden = 0",
        ),
    };
    let mut stmts = Vec::with_capacity(rows.len() * 2 + 2);
    for (s, title, body) in rows {
        let args = [int(s.id), text(&s.title), text(&s.body), text(&s.tags), text(title), text(body)];
        stmts.push(stmt(db, delete, &args[..4])?);
        stmts.push(stmt(db, insert, &args)?);
    }
    let last = rows.last().map(|r| r.0.id).unwrap_or(after);
    stmts.push(advance(db, corpus, after, last, rows.len())?);
    stmts.push(stmt(db, "UPDATE qa_generation SET n = n + 1 WHERE id = 1", &[])?);
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
}
