//! SQL for Knowledge Q&A: posts, votes, accepts and the points ledger.
//!
//! Every action that moves points is one D1 batch (one transaction): the
//! ledger rows are inserted with their deltas computed in SQL from
//! `qa_rules` (cap and floor included), a trigger adds each delta to
//! `user_points`, and the vote table's primary key and triggers refuse
//! duplicate, self and over-limit votes — so concurrent requests can never
//! make a total differ from the sum of its ledger.

use commons_domain::ApiError;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

use crate::db::{int, stmt, text};

/// Vote reasons that count towards the daily gain cap (net of their undos).
const CAPPED: &str = "('question_upvoted','answer_upvoted')";

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

/// What a ledger row is about.
#[derive(Clone, Copy)]
pub struct EventCtx<'a> {
    /// Post kind code (`q` / `a`).
    pub kind: &'a str,
    /// Post id.
    pub post: i64,
    /// Who caused it.
    pub actor: i64,
    /// Asia/Taipei date.
    pub day: &'a str,
    /// Unix seconds.
    pub now: i64,
}

/// Statement: a ledger row for rule `reason` (its value read from
/// `qa_rules`). Gains from votes are capped per day; losses stop at a total
/// of 1. `only_if` is an SQL condition (with `?` args appended) that must
/// hold for the row to be written.
pub fn event(
    db: &D1Database,
    user: i64,
    reason: &str,
    ctx: &EventCtx<'_>,
    only_if: &str,
    only_if_args: &[JsValue],
) -> Result<D1PreparedStatement, ApiError> {
    let mut args =
        vec![int(user), text(reason), text(ctx.kind), int(ctx.post), int(ctx.actor), text(ctx.day), int(ctx.now)];
    let base = args.len();
    args.extend_from_slice(only_if_args);
    // Renumber the caller's `?` placeholders after ours.
    let mut cond = String::new();
    let mut n = base;
    for ch in only_if.chars() {
        if ch == '?' {
            n += 1;
            cond.push_str(&format!("?{n}"));
        } else {
            cond.push(ch);
        }
    }
    let sql = format!(
        "INSERT INTO point_events (user_id, delta, reason, post_kind, post_id, actor_id, day, created_at) \
         SELECT ?1, CASE \
             WHEN r.base > 0 AND ?2 IN {CAPPED} THEN MAX(0, MIN(r.base, r.cap - r.gained)) \
             WHEN r.base > 0 THEN r.base \
             ELSE MAX(r.base, 1 - r.cur) END, \
           ?2, ?3, ?4, ?5, ?6, ?7 \
         FROM (SELECT (SELECT value FROM qa_rules WHERE key = ?2) AS base, \
                      (SELECT value FROM qa_rules WHERE key = 'daily_cap') AS cap, \
                      COALESCE((SELECT SUM(delta) FROM point_events WHERE user_id = ?1 AND day = ?6 AND reason IN {CAPPED}), 0) AS gained, \
                      COALESCE((SELECT total FROM user_points WHERE user_id = ?1), 0) AS cur) r \
         WHERE {}",
        if cond.is_empty() { "1".to_string() } else { cond }
    );
    stmt(db, &sql, &args)
}

/// Statements that cancel the live ledger rows of `reasons` on a post caused
/// by `actor` (an undone vote, a withdrawn accept): one compensating row each,
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
        &[text(kind), int(post), int(actor), text(&list), text(day), int(now), text(note)],
    )
}

/// The owner data of a post, with its score and one viewer's vote.
#[derive(Debug, Clone, Deserialize)]
pub struct PostRow {
    /// Author.
    pub user_id: i64,
    /// The question (itself for a question).
    pub question_id: i64,
    /// The question's author.
    pub question_author: i64,
    /// Whether it is hidden.
    pub hidden: i64,
    /// Vote score.
    pub score: i64,
    /// The viewer's vote (0 if none, or no viewer).
    pub my_vote: i64,
}

/// A question or answer's owners, or `None`.
pub async fn post(db: &D1Database, kind: &str, id: i64) -> Result<Option<PostRow>, ApiError> {
    post_for(db, kind, id, 0).await
}

/// [`post`] with `viewer`'s vote, in the same query (a vote needs both).
pub async fn post_for(db: &D1Database, kind: &str, id: i64, viewer: i64) -> Result<Option<PostRow>, ApiError> {
    let sql = if kind == "q" {
        "SELECT user_id, id AS question_id, user_id AS question_author, hidden, score, \
         COALESCE((SELECT value FROM qa_votes WHERE post_kind = 'q' AND post_id = ?1 AND user_id = ?2), 0) AS my_vote \
         FROM qa_questions WHERE id = ?1"
    } else {
        "SELECT a.user_id, a.question_id, q.user_id AS question_author, a.hidden, a.score, \
         COALESCE((SELECT value FROM qa_votes WHERE post_kind = 'a' AND post_id = ?1 AND user_id = ?2), 0) AS my_vote \
         FROM qa_answers a JOIN qa_questions q ON q.id = a.question_id WHERE a.id = ?1"
    };
    crate::db::first(db, sql, &[int(id), int(viewer)]).await
}

/// The viewer's current vote on a post (0 if none).
pub async fn my_vote(db: &D1Database, kind: &str, id: i64, user: i64) -> Result<i64, ApiError> {
    #[derive(Deserialize)]
    struct V {
        value: i64,
    }
    Ok(crate::db::first::<V>(
        db,
        "SELECT value FROM qa_votes WHERE post_kind = ?1 AND post_id = ?2 AND user_id = ?3",
        &[text(kind), int(id), int(user)],
    )
    .await?
    .map(|v| v.value)
    .unwrap_or(0))
}

/// The table of a post kind.
pub fn table(kind: &str) -> &'static str {
    if kind == "q" {
        "qa_questions"
    } else {
        "qa_answers"
    }
}

/// A user's points total (1 if they have none yet).
pub async fn total(db: &D1Database, user: i64) -> Result<i64, ApiError> {
    #[derive(Deserialize)]
    struct T {
        total: i64,
    }
    Ok(crate::db::first::<T>(db, "SELECT total FROM user_points WHERE user_id = ?1", &[int(user)])
        .await?
        .map(|t| t.total)
        .unwrap_or(1))
}

/// Posts (questions, or questions and answers) a user made since `since`.
pub async fn posts_since(db: &D1Database, user: i64, since: i64, answers_too: bool) -> Result<i64, ApiError> {
    let sql = if answers_too {
        "SELECT (SELECT COUNT(*) FROM qa_questions WHERE user_id = ?1 AND created_at >= ?2) + \
                (SELECT COUNT(*) FROM qa_answers WHERE user_id = ?1 AND created_at >= ?2) AS n"
    } else {
        "SELECT COUNT(*) AS n FROM qa_questions WHERE user_id = ?1 AND created_at >= ?2"
    };
    crate::db::count(db, sql, &[int(user), int(since)]).await
}
