//! The re-index job's cursor (migrations/0014): where each search corpus is
//! on its way to `commons_domain::common::search::INDEX_VERSION`. Each
//! service rewrites its own rows (`<service>::jobs::reindex`); this module
//! only reads and advances the shared cursor.

use commons_domain::common::search::{INDEX_VERSION, REINDEX_BATCH};
use commons_domain::ApiError;
use worker::{D1Database, D1PreparedStatement};

use crate::db::{first, int, stmt, text};

/// A corpus of the search index, as named in `search_reindex`.
#[derive(Debug, Clone, Copy)]
pub enum Corpus {
    /// `dataset_fts`.
    Datasets,
    /// `qa_fts`.
    Questions,
    /// `faq_fts`.
    Faq,
    /// `instruments.search_text`.
    Instruments,
}

impl Corpus {
    /// The row's key in `search_reindex`.
    fn key(self) -> &'static str {
        match self {
            Corpus::Datasets => "datasets",
            Corpus::Questions => "questions",
            Corpus::Faq => "faq",
            Corpus::Instruments => "instruments",
        }
    }
}

#[derive(serde::Deserialize)]
struct CursorRow {
    next_id: i64,
}

/// The id after which `corpus` still needs rewriting, or `None` when it is
/// at the current index version.
pub async fn pending(db: &D1Database, corpus: Corpus) -> Result<Option<i64>, ApiError> {
    let row = first::<CursorRow>(
        db,
        "SELECT next_id FROM search_reindex WHERE corpus = ?1 AND version < ?2",
        &[text(corpus.key()), int(INDEX_VERSION)],
    )
    .await?;
    Ok(row.map(|r| r.next_id))
}

/// The statement that moves `corpus`'s cursor from `from` to `last` (the
/// last id of a batch of `rows` rows), and marks the corpus current when the
/// batch was not full. A compare-and-swap on `from`: when two runs race, one
/// advances it and the other's statement changes nothing (both wrote the same
/// tokens, so nothing is lost).
pub fn advance(
    db: &D1Database,
    corpus: Corpus,
    from: i64,
    last: i64,
    rows: usize,
) -> Result<D1PreparedStatement, ApiError> {
    let done = (rows as i64) < REINDEX_BATCH;
    stmt(
        db,
        "UPDATE search_reindex SET next_id = CASE WHEN ?4 = 1 THEN 0 ELSE ?3 END, \
         version = CASE WHEN ?4 = 1 THEN ?5 ELSE version END \
         WHERE corpus = ?1 AND next_id = ?2 AND version < ?5",
        &[text(corpus.key()), int(from), int(last), int(done as i64), int(INDEX_VERSION)],
    )
}
