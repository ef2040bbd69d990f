//! The points ledger: the starting point, badges, one rule's row (capped and
//! floored in SQL), compensating rows, totals, the admin's rules and the
//! ledger's invariants.

use commons_domain::qa::{QaLedgerCheck, CAPPED_REASONS};
use commons_domain::ApiError;
use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::EventCtx;
use crate::db::{all, d1_err, first, int, stmt, text};

/// [`CAPPED_REASONS`] as the JSON list the SQL reads with `json_each`.
fn capped_json() -> Result<String, ApiError> {
    serde_json::to_string(&CAPPED_REASONS).map_err(crate::error::internal)
}

/// Statement: gives `user` the one-point starting row if they have no total yet.
pub fn bootstrap(db: &D1Database, user: i64, day: &str, now: i64) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "INSERT INTO point_events (user_id, delta, reason, day, created_at) \
         SELECT ?1, 1, 'joined', ?2, ?3 WHERE NOT EXISTS (SELECT 1 FROM user_points WHERE user_id = ?1)",
        &[int(user), text(day), int(now)],
    )
}

/// Statement: awards `badge` to `user` once (the notification follows by trigger).
pub fn award(db: &D1Database, user: i64, badge: &str, now: i64) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "INSERT OR IGNORE INTO qa_badges (user_id, badge, awarded_at) VALUES (?1, ?2, ?3)",
        &[int(user), text(badge), int(now)],
    )
}

/// Awards `badge` to `user` once, now (outside any other batch).
pub async fn grant_badge(db: &D1Database, user: i64, badge: &str, now: i64) -> Result<(), ApiError> {
    award(db, user, badge, now)?.run().await.map_err(d1_err)?;
    Ok(())
}

/// Statement: a ledger row for rule `reason` (its value read from
/// `qa_rules`). Gains of the [`CAPPED_REASONS`] stop at the day's cap, other
/// gains pay in full, and losses stop at a total of 1.
pub fn event(db: &D1Database, user: i64, reason: &str, ctx: &EventCtx<'_>) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "INSERT INTO point_events (user_id, delta, reason, post_kind, post_id, actor_id, day, created_at) \
         SELECT ?1, CASE \
             WHEN r.base > 0 AND r.capped THEN MAX(0, MIN(r.base, r.cap - r.gained)) \
             WHEN r.base > 0 THEN r.base \
             ELSE MAX(r.base, 1 - r.cur) END, \
           ?2, ?3, ?4, ?5, ?6, ?7 \
         FROM (SELECT (SELECT value FROM qa_rules WHERE key = ?2) AS base, \
                      (SELECT value FROM qa_rules WHERE key = 'daily_cap') AS cap, \
                      ?2 IN (SELECT value FROM json_each(?8)) AS capped, \
                      COALESCE((SELECT SUM(delta) FROM point_events WHERE user_id = ?1 AND day = ?6 \
                                AND reason IN (SELECT value FROM json_each(?8))), 0) AS gained, \
                      COALESCE((SELECT total FROM user_points WHERE user_id = ?1), 0) AS cur) r",
        &[
            int(user),
            text(reason),
            text(ctx.kind.code()),
            int(ctx.post),
            int(ctx.actor),
            text(ctx.day),
            int(ctx.now),
            text(&capped_json()?),
        ],
    )
}

/// Statement: cancels the live ledger rows of `reasons` on a post caused by
/// `actor` (an undone vote, a withdrawn accept): one compensating row each,
/// stopping at a total of 1. The unique index on `reverses` makes a second
/// concurrent undo fail instead of cancelling twice.
pub fn compensate(
    db: &D1Database,
    ctx: &EventCtx<'_>,
    reasons: &[&str],
    note: &str,
) -> Result<D1PreparedStatement, ApiError> {
    let EventCtx { kind, post, actor, day, now } = *ctx;
    let list = serde_json::to_string(reasons).map_err(crate::error::internal)?;
    stmt(
        db,
        "INSERT INTO point_events (user_id, delta, reason, post_kind, post_id, actor_id, reverses, day, note, created_at) \
         SELECT e.user_id, CASE WHEN e.delta > 0 THEN -MIN(e.delta, COALESCE(u.total, 1) - 1) ELSE -e.delta END, \
                e.reason, e.post_kind, e.post_id, e.actor_id, e.id, ?5, ?7, ?6 \
         FROM point_events e LEFT JOIN user_points u ON u.user_id = e.user_id \
         WHERE e.post_kind = ?1 AND e.post_id = ?2 AND e.actor_id = ?3 AND e.reverses IS NULL \
           AND e.reason IN (SELECT value FROM json_each(?4)) \
           AND NOT EXISTS (SELECT 1 FROM point_events c WHERE c.reverses = e.id)",
        &[text(kind.code()), int(post), int(actor), text(&list), text(day), int(now), text(note)],
    )
}

/// A user's points total (1 if they have none yet).
pub async fn total(db: &D1Database, user: i64) -> Result<i64, ApiError> {
    #[derive(Deserialize)]
    struct T {
        total: i64,
    }
    Ok(first::<T>(db, "SELECT total FROM user_points WHERE user_id = ?1", &[int(user)])
        .await?
        .map(|t| t.total)
        .unwrap_or(1))
}

/// Every rule's current value, by key.
pub async fn rules(db: &D1Database) -> Result<Vec<(String, i64)>, ApiError> {
    #[derive(Deserialize)]
    struct R {
        key: String,
        value: i64,
    }
    let rows: Vec<R> = all(db, "SELECT key, value FROM qa_rules ORDER BY key", &[]).await?;
    Ok(rows.into_iter().map(|r| (r.key, r.value)).collect())
}

/// Batch: sets each rule of `changes` (already checked) to its value.
pub async fn update_rules(db: &D1Database, changes: &[(String, i64)]) -> Result<(), ApiError> {
    if changes.is_empty() {
        return Ok(());
    }
    let stmts = changes
        .iter()
        .map(|(k, n)| stmt(db, "UPDATE qa_rules SET value = ?2 WHERE key = ?1", &[text(k), int(*n)]))
        .collect::<Result<Vec<_>, _>>()?;
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
}

/// The ledger's invariants, counted in one statement: totals against the
/// ledger, totals below 1, days over the cap, votes counted twice, scores
/// against the votes, questions with more than one accepted answer, accepts
/// paid twice (or on an answer not accepted), and hidden questions in a
/// search index (`qa_fts`, or a page of the search cache).
pub async fn check(db: &D1Database) -> Result<QaLedgerCheck, ApiError> {
    first(
        db,
        "SELECT \
           (SELECT COUNT(*) FROM user_points p \
             WHERE p.total != (SELECT COALESCE(SUM(delta), 0) FROM point_events e WHERE e.user_id = p.user_id)) AS total_not_ledger, \
           (SELECT COUNT(*) FROM user_points WHERE total < 1) AS below_one, \
           (SELECT COUNT(*) FROM (SELECT user_id, day, SUM(delta) AS s FROM point_events \
             WHERE reason IN (SELECT value FROM json_each(?1)) GROUP BY user_id, day \
             HAVING s > COALESCE((SELECT value FROM qa_rules WHERE key = 'daily_cap'), 0))) AS over_daily_cap, \
           (SELECT COUNT(*) FROM (SELECT post_kind, post_id, actor_id, reason, COUNT(*) AS c FROM point_events \
             WHERE reverses IS NULL AND reason IN ('question_upvoted','answer_upvoted','downvoted') \
             AND id NOT IN (SELECT reverses FROM point_events WHERE reverses IS NOT NULL) GROUP BY 1, 2, 3, 4 HAVING c > 1)) \
             AS live_double_votes, \
           (SELECT COUNT(*) FROM qa_questions q WHERE q.score != \
              (SELECT COALESCE(SUM(value), 0) FROM qa_votes v WHERE v.post_kind = 'q' AND v.post_id = q.id)) + \
           (SELECT COUNT(*) FROM qa_answers a WHERE a.score != \
              (SELECT COALESCE(SUM(value), 0) FROM qa_votes v WHERE v.post_kind = 'a' AND v.post_id = a.id)) AS score_not_votes, \
           (SELECT COUNT(*) FROM qa_questions q WHERE \
              (SELECT COUNT(*) FROM qa_answers a WHERE a.question_id = q.id AND a.accepted = 1) > 1 \
              OR q.accepted_answer_id IS NOT (SELECT id FROM qa_answers a WHERE a.question_id = q.id AND a.accepted = 1)) \
             AS multiple_accepted, \
           (SELECT COUNT(*) FROM (SELECT e.post_id, e.reason, COUNT(*) AS c, MAX(a.accepted) AS accepted \
              FROM point_events e LEFT JOIN qa_answers a ON a.id = e.post_id \
              WHERE e.post_kind = 'a' AND e.reason IN ('answer_accepted', 'accepting') AND e.reverses IS NULL \
              AND NOT EXISTS (SELECT 1 FROM point_events r WHERE r.reverses = e.id) \
              GROUP BY 1, 2 HAVING c > 1 OR COALESCE(accepted, 0) = 0)) AS live_double_accepts, \
           (SELECT COUNT(*) FROM qa_questions q WHERE q.hidden = 1 AND EXISTS (SELECT 1 FROM qa_fts WHERE rowid = q.id)) + \
           (SELECT COUNT(*) FROM qa_search_cache c, json_each(c.body, '$.questions') j \
              JOIN qa_questions q ON q.id = json_extract(j.value, '$.id') WHERE q.hidden = 1) AS hidden_indexed",
        &[text(&capped_json()?)],
    )
    .await?
    .ok_or_else(|| crate::error::internal("ledger check row"))
}
