//! The voting-ring detector's SQL: the abnormal voter→author pairs, the
//! live ledger rows of their upvotes, the compensating rows, and the log.

use commons_domain::qa::{RING_MIN_SHARE, RING_MIN_VOTES};
use commons_domain::ApiError;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::D1Database;

use crate::db::{all, d1_err, int, run, stmt, text};

/// A voter→author pair of upvotes.
#[derive(Deserialize)]
pub struct RingPair {
    /// Who voted.
    pub voter: i64,
    /// Who got the votes.
    pub author: i64,
    /// Upvotes from the voter to the author.
    pub votes: i64,
    /// Share of the voter's upvotes that went to the author.
    pub voter_share: f64,
    /// Share of the author's upvotes that came from the voter.
    pub author_share: f64,
}

/// The pairs with at least [`RING_MIN_VOTES`] upvotes whose two shares are
/// both above [`RING_MIN_SHARE`].
pub async fn ring_pairs(db: &D1Database) -> Result<Vec<RingPair>, ApiError> {
    all(
        db,
        "WITH up AS (SELECT user_id, author_id FROM qa_votes WHERE value = 1), \
              pair AS (SELECT user_id AS voter, author_id AS author, COUNT(*) AS votes FROM up GROUP BY 1, 2), \
              given AS (SELECT user_id, COUNT(*) AS n FROM up GROUP BY 1), \
              got AS (SELECT author_id, COUNT(*) AS n FROM up GROUP BY 1) \
         SELECT p.voter, p.author, p.votes, CAST(p.votes AS REAL) / g.n AS voter_share, CAST(p.votes AS REAL) / r.n AS author_share \
         FROM pair p JOIN given g ON g.user_id = p.voter JOIN got r ON r.author_id = p.author \
         WHERE p.votes >= ?1 AND CAST(p.votes AS REAL) / g.n > ?2 AND CAST(p.votes AS REAL) / r.n > ?2",
        &[int(RING_MIN_VOTES), JsValue::from_f64(RING_MIN_SHARE)],
    )
    .await
}

/// The ids of the live (never reversed) upvote ledger rows `voter` gave `author`.
pub async fn live_upvote_rows(db: &D1Database, voter: i64, author: i64) -> Result<Vec<i64>, ApiError> {
    #[derive(Deserialize)]
    struct E {
        id: i64,
    }
    let rows: Vec<E> = all(
        db,
        "SELECT e.id FROM point_events e WHERE e.actor_id = ?1 AND e.user_id = ?2 AND e.reverses IS NULL \
         AND e.reason IN ('question_upvoted', 'answer_upvoted') \
         AND NOT EXISTS (SELECT 1 FROM point_events c WHERE c.reverses = e.id)",
        &[int(voter), int(author)],
    )
    .await?;
    Ok(rows.into_iter().map(|e| e.id).collect())
}

/// Rows a batch of reversals holds at most.
const REVERSALS_PER_BATCH: usize = 100;

/// Batches: one compensating row per ledger row of `ids`, noted with
/// `reason`. Each is its own statement so its floor (a total never below 1)
/// sees the total the previous one left; a row reversed already is skipped.
pub async fn reverse_rows(db: &D1Database, ids: &[i64], day: &str, reason: &str, now: i64) -> Result<(), ApiError> {
    for chunk in ids.chunks(REVERSALS_PER_BATCH) {
        let stmts = chunk
            .iter()
            .map(|id| {
                stmt(
                    db,
                    "INSERT INTO point_events (user_id, delta, reason, post_kind, post_id, actor_id, reverses, day, note, created_at) \
                     SELECT e.user_id, -MIN(e.delta, COALESCE(u.total, 1) - 1), e.reason, e.post_kind, e.post_id, e.actor_id, e.id, ?2, ?3, ?4 \
                     FROM point_events e LEFT JOIN user_points u ON u.user_id = e.user_id \
                     WHERE e.id = ?1 AND NOT EXISTS (SELECT 1 FROM point_events c WHERE c.reverses = e.id)",
                    &[int(*id), text(day), text(reason), int(now)],
                )
            })
            .collect::<Result<Vec<_>, _>>()?;
        db.batch(stmts).await.map_err(d1_err)?;
    }
    Ok(())
}

/// Logs one ring edge's reversal.
pub async fn log_ring(
    db: &D1Database,
    pair: &RingPair,
    reversed: usize,
    reason: &str,
    now: i64,
) -> Result<(), ApiError> {
    run(
        db,
        "INSERT INTO qa_ring_log (voter_id, author_id, votes, share, reversed, reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[
            int(pair.voter),
            int(pair.author),
            int(pair.votes),
            JsValue::from_f64(pair.voter_share),
            int(reversed as i64),
            text(reason),
            int(now),
        ],
    )
    .await?;
    Ok(())
}

/// The newest 200 log rows.
pub async fn ring_log(db: &D1Database) -> Result<Vec<commons_domain::qa::QaRingLogEntry>, ApiError> {
    all(
        db,
        "SELECT voter_id, author_id, votes, share, reversed, reason, created_at FROM qa_ring_log ORDER BY id DESC LIMIT 200",
        &[],
    )
    .await
}
