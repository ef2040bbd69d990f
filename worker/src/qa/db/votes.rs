//! Votes and accepts, the two actions that move points between members:
//! each is one batch with its ledger rows that first asserts the state it
//! was computed from (the vote, or the accept, it replaces), so of parallel
//! requests computed from one state only one applies, and nothing counts
//! twice, whether they run in one isolate or in many.

use commons_domain::qa::{
    vote_costs_voter, vote_reason, PostKind, ACCEPT_REASONS, POPULAR_QUESTION_SCORE, TEN_ACCEPTED, VOTE_REASONS,
};
use commons_domain::ApiError;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::D1Database;

use super::{count_of, expect, ledger, notify, table, EventCtx};
use crate::db::{d1_err, first, int, stmt, text};

/// A change of one member's vote on one post.
pub struct VoteChange<'a> {
    /// The post.
    pub kind: PostKind,
    /// Its id.
    pub post: i64,
    /// Its author.
    pub author: i64,
    /// The voter.
    pub voter: i64,
    /// The vote held now (0: none).
    pub current: i64,
    /// The vote wanted (0: none); differs from `current`.
    pub value: i64,
    /// Asia/Taipei date (the daily limit and cap count by it).
    pub day: &'a str,
    /// Unix seconds.
    pub now: i64,
}

/// Batch: replaces a vote. The old one (if any) is taken back — its score,
/// compensating ledger rows, the row itself — and the new one (if any) is
/// stored with its ledger rows (the author's gain or loss, and the voter's
/// cost of downvoting an answer), its score, and the popular-question
/// badge. Returns the post's new score, read in the same batch (one round
/// trip for the whole vote). The batch first asserts that the vote held is
/// still `current`: when a parallel request changed it first, the batch
/// fails with a conflict and nothing of it is stored, so two changes
/// computed from the same vote can never both apply.
pub async fn change_vote(db: &D1Database, v: &VoteChange<'_>) -> Result<i64, ApiError> {
    let ctx = EventCtx { kind: v.kind, post: v.post, actor: v.voter, day: v.day, now: v.now };
    let table = table(v.kind);
    let mut stmts = vec![expect(
        db,
        "COALESCE((SELECT value FROM qa_votes WHERE post_kind = ?1 AND post_id = ?2 AND user_id = ?3), 0) = ?4",
        &[text(v.kind.code()), int(v.post), int(v.voter), int(v.current)],
    )?];
    if v.current != 0 {
        stmts.push(stmt(
            db,
            &format!(
                "UPDATE {table} SET score = score - ?2 WHERE id = ?1 AND EXISTS \
                 (SELECT 1 FROM qa_votes WHERE post_kind = ?3 AND post_id = ?1 AND user_id = ?4 AND value = ?2)"
            ),
            &[int(v.post), int(v.current), text(v.kind.code()), int(v.voter)],
        )?);
        stmts.push(ledger::compensate(db, &ctx, &VOTE_REASONS, "vote withdrawn")?);
        stmts.push(stmt(
            db,
            "DELETE FROM qa_votes WHERE post_kind = ?1 AND post_id = ?2 AND user_id = ?3 AND value = ?4",
            &[text(v.kind.code()), int(v.post), int(v.voter), int(v.current)],
        )?);
    }
    if v.value != 0 {
        stmts.push(ledger::bootstrap(db, v.author, v.day, v.now)?);
        stmts.push(ledger::bootstrap(db, v.voter, v.day, v.now)?);
        stmts.push(stmt(
            db,
            "INSERT INTO qa_votes (post_kind, post_id, user_id, author_id, value, day, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            &[text(v.kind.code()), int(v.post), int(v.voter), int(v.author), int(v.value), text(v.day), int(v.now)],
        )?);
        stmts.push(ledger::event(db, v.author, vote_reason(v.kind, v.value), &ctx)?);
        if vote_costs_voter(v.kind, v.value) {
            stmts.push(ledger::event(db, v.voter, "downvote_cast", &ctx)?);
        }
        stmts.push(stmt(
            db,
            &format!("UPDATE {table} SET score = score + ?2 WHERE id = ?1"),
            &[int(v.post), int(v.value)],
        )?);
        if v.kind == PostKind::Question && v.value == 1 {
            stmts.push(stmt(
                db,
                "INSERT OR IGNORE INTO qa_badges (user_id, badge, awarded_at) \
                 SELECT user_id, 'popular_question', ?2 FROM qa_questions WHERE id = ?1 AND score >= ?3",
                &[int(v.post), int(v.now), int(POPULAR_QUESTION_SCORE)],
            )?);
        }
    }
    stmts.push(stmt(db, &format!("SELECT score AS n FROM {table} WHERE id = ?1"), &[int(v.post)])?);
    let results = db.batch(stmts).await.map_err(d1_err)?;
    count_of(results.into_iter().last())
}

/// The accepted answer of `question`, if any.
pub async fn accepted_answer(db: &D1Database, question: i64) -> Result<Option<i64>, ApiError> {
    #[derive(Deserialize)]
    struct Acc {
        id: i64,
    }
    let sql = "SELECT id FROM qa_answers WHERE question_id = ?1 AND accepted = 1";
    Ok(first::<Acc>(db, sql, &[int(question)]).await?.map(|a| a.id))
}

/// A change of a question's accepted answer.
pub struct AcceptChange<'a> {
    /// The question.
    pub question: i64,
    /// The answer accepted now (none: the accept is withdrawn).
    pub accept: Option<i64>,
    /// The answer accepted until now, if any.
    pub previous: Option<i64>,
    /// The asker, who accepts.
    pub asker: i64,
    /// The new answer's author.
    pub author: i64,
    /// Asia/Taipei date.
    pub day: &'a str,
    /// Unix seconds.
    pub now: i64,
}

/// Batch: moves the accept. The previous accept (if any) is undone with its
/// ledger rows; the new one (if any) is stored and, unless the asker
/// accepted their own answer (which earns nothing), pays both sides, awards
/// the accept badges, and rings the author's bell. The batch first asserts
/// that the accepted answer is still `previous` (on the answers and on the
/// question): when a parallel accept or withdrawal moved it first, the
/// batch fails with a conflict and pays nothing, so an accept is paid once.
pub async fn change_accept(db: &D1Database, c: &AcceptChange<'_>) -> Result<(), ApiError> {
    let mut stmts = vec![expect(
        db,
        "(SELECT id FROM qa_answers WHERE question_id = ?1 AND accepted = 1) IS ?2 \
         AND (SELECT accepted_answer_id FROM qa_questions WHERE id = ?1) IS ?2",
        &[int(c.question), c.previous.map(int).unwrap_or(JsValue::NULL)],
    )?];
    if let Some(prev) = c.previous {
        stmts.push(stmt(db, "UPDATE qa_answers SET accepted = 0 WHERE id = ?1", &[int(prev)])?);
        let prev_ctx = EventCtx { kind: PostKind::Answer, post: prev, actor: c.asker, day: c.day, now: c.now };
        stmts.push(ledger::compensate(db, &prev_ctx, &ACCEPT_REASONS, "accept withdrawn")?);
        stmts.push(stmt(db, "UPDATE qa_questions SET accepted_answer_id = NULL WHERE id = ?1", &[int(c.question)])?);
    }
    if let Some(aid) = c.accept {
        stmts.push(stmt(db, "UPDATE qa_answers SET accepted = 1 WHERE id = ?1", &[int(aid)])?);
        stmts.push(stmt(
            db,
            "UPDATE qa_questions SET accepted_answer_id = ?2, last_activity_at = ?3 WHERE id = ?1",
            &[int(c.question), int(aid), int(c.now)],
        )?);
        if c.author != c.asker {
            let ctx = EventCtx { kind: PostKind::Answer, post: aid, actor: c.asker, day: c.day, now: c.now };
            stmts.push(ledger::bootstrap(db, c.author, c.day, c.now)?);
            stmts.push(ledger::bootstrap(db, c.asker, c.day, c.now)?);
            stmts.push(ledger::event(db, c.author, "answer_accepted", &ctx)?);
            stmts.push(ledger::event(db, c.asker, "accepting", &ctx)?);
            stmts.push(stmt(
                db,
                "INSERT OR IGNORE INTO qa_badges (user_id, badge, awarded_at) SELECT ?1, 'first_accepted', ?2",
                &[int(c.author), int(c.now)],
            )?);
            stmts.push(stmt(
                db,
                "INSERT OR IGNORE INTO qa_badges (user_id, badge, awarded_at) SELECT ?1, 'ten_accepted', ?2 \
                 WHERE (SELECT COUNT(*) FROM qa_answers WHERE user_id = ?1 AND accepted = 1) >= ?3",
                &[int(c.author), int(c.now), int(TEN_ACCEPTED)],
            )?);
            stmts.push(notify(db, c.author, "answer_accepted", c.question, c.now)?);
        }
    }
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
}
