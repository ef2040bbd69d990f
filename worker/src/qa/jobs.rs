//! Q&A's scheduled work: the voting-ring detector (cron, or
//! `POST /api/admin/jobs/rings`).

use commons_domain::qa::{ledger_day, ring_reason};
use commons_domain::ApiError;
use worker::D1Database;

use crate::qa::db::rings;

/// The voting-ring detector. A pair voter→author is a ring edge when the
/// voter gave the author at least `RING_MIN_VOTES` upvotes and both shares
/// are abnormal: over half of the voter's upvotes went to that author, and
/// over half of the author's received upvotes came from that voter (see
/// `commons_domain::qa::RING_MIN_SHARE`). The live ledger rows of those
/// votes are reversed with compensating rows, and each reversal is logged
/// with its reason, so running it again reverses nothing more. Returns the
/// rows reversed.
pub async fn rings(db: &D1Database, at: i64) -> Result<usize, ApiError> {
    let day = ledger_day(at);
    let mut reversed = 0;
    for pair in rings::ring_pairs(db).await? {
        let reason = ring_reason(pair.voter, pair.author, pair.votes, pair.voter_share, pair.author_share);
        let live = rings::live_upvote_rows(db, pair.voter, pair.author).await?;
        rings::reverse_rows(db, &live, &day, &reason, at).await?;
        reversed += live.len();
        rings::log_ring(db, &pair, live.len(), &reason, at).await?;
    }
    Ok(reversed)
}

/// Rewrites the next batch of questions' and FAQ entries' search entries
/// with the current tokens, until both are at `INDEX_VERSION`
/// (migrations/0014). Returns the entries rewritten: 0 once both are current.
pub async fn reindex(dbh: &D1Database) -> Result<usize, ApiError> {
    use crate::qa::db::reindex as db;
    use crate::reindex::{pending, Corpus};
    let mut n = 0;
    if let Some(after) = pending(dbh, Corpus::Questions).await? {
        let sources = db::questions(dbh, after).await?;
        let rows: Vec<_> = sources
            .iter()
            .map(|s| {
                // Stored as a JSON array by the post; an unreadable one indexes no tag.
                let tags: Vec<String> = serde_json::from_str(&s.tags).unwrap_or_default();
                let (title, body) = commons_domain::qa::search_index(&s.title, &s.body, &tags);
                (s, title, body)
            })
            .collect();
        db::rewrite(dbh, Corpus::Questions, after, &rows).await?;
        n += rows.len();
    }
    if let Some(after) = pending(dbh, Corpus::Faq).await? {
        let sources = db::faq(dbh, after).await?;
        let rows: Vec<_> = sources
            .iter()
            .map(|s| {
                let t = commons_domain::common::search::index_tokens;
                (s, t(&s.title), t(&s.body))
            })
            .collect();
        db::rewrite(dbh, Corpus::Faq, after, &rows).await?;
        n += rows.len();
    }
    Ok(n)
}
