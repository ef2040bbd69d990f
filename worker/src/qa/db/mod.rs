//! SQL for Knowledge Q&A: one function per statement or batch, every value
//! bound. Posts, search, votes and accepts, the FAQ, moderation, people and
//! the points ledger each have a file; what several of them share (the post
//! lookup, the notification, a batch's results) is here.
//!
//! Every action that moves points is one D1 batch (one transaction): the
//! ledger rows are inserted with their deltas computed in SQL from
//! `qa_rules` (cap and floor included), a trigger adds each delta to
//! `user_points`, and the vote table's primary key and triggers refuse
//! duplicate, self and over-limit votes — so concurrent requests can never
//! make a total differ from the sum of its ledger.

pub mod faq;
pub mod ledger;
pub mod moderation;
pub mod people;
pub mod posts;
pub mod reindex;
pub mod rings;
pub mod search;
pub mod votes;

use commons_domain::qa::PostKind;
use commons_domain::ApiError;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result};

use crate::db::{d1_err, int, stmt, text};

/// What a ledger row is about.
#[derive(Clone, Copy)]
pub struct EventCtx<'a> {
    /// The post it is about.
    pub kind: PostKind,
    /// Post id.
    pub post: i64,
    /// Who caused it.
    pub actor: i64,
    /// Asia/Taipei date.
    pub day: &'a str,
    /// Unix seconds.
    pub now: i64,
}

/// The table of a post kind.
pub fn table(kind: PostKind) -> &'static str {
    match kind {
        PostKind::Question => "qa_questions",
        PostKind::Answer => "qa_answers",
    }
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
    /// Whether its question is hidden (for a question, `hidden` again).
    pub question_hidden: i64,
    /// Vote score.
    pub score: i64,
    /// The viewer's vote (0 if none, or no viewer).
    pub my_vote: i64,
}

/// A question or answer's owners, or `None`.
pub async fn post(db: &D1Database, kind: PostKind, id: i64) -> Result<Option<PostRow>, ApiError> {
    post_for(db, kind, id, 0).await
}

/// [`post`] with `viewer`'s vote, in the same query (a vote needs both).
pub async fn post_for(db: &D1Database, kind: PostKind, id: i64, viewer: i64) -> Result<Option<PostRow>, ApiError> {
    let sql = match kind {
        PostKind::Question => {
            "SELECT user_id, id AS question_id, user_id AS question_author, hidden, hidden AS question_hidden, score, \
             COALESCE((SELECT value FROM qa_votes WHERE post_kind = 'q' AND post_id = ?1 AND user_id = ?2), 0) AS my_vote \
             FROM qa_questions WHERE id = ?1"
        }
        PostKind::Answer => {
            "SELECT a.user_id, a.question_id, q.user_id AS question_author, a.hidden, q.hidden AS question_hidden, a.score, \
             COALESCE((SELECT value FROM qa_votes WHERE post_kind = 'a' AND post_id = ?1 AND user_id = ?2), 0) AS my_vote \
             FROM qa_answers a JOIN qa_questions q ON q.id = a.question_id WHERE a.id = ?1"
        }
    };
    crate::db::first(db, sql, &[int(id), int(viewer)]).await
}

/// Statement: asserts `premise` (SQL giving 1 or 0, over `args`) as part of
/// a batch. When it is false the whole batch aborts with `qa_state_changed`
/// (a conflict): a parallel request changed what the batch was computed
/// from (the `qa_expect` view of migration 0012).
pub fn expect(db: &D1Database, premise: &str, args: &[JsValue]) -> Result<D1PreparedStatement, ApiError> {
    stmt(db, &format!("INSERT INTO qa_expect (ok) SELECT {premise}"), args)
}

/// Statement: notifies `user` of `kind` about a question (the bell shows its title).
pub fn notify(
    db: &D1Database,
    user: i64,
    kind: &str,
    question: i64,
    now: i64,
) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "INSERT INTO notifications (user_id, kind, params, link, created_at) \
         SELECT ?1, ?2, json_object('title', title), '/qa/questions/' || id, ?4 FROM qa_questions WHERE id = ?3",
        &[int(user), text(kind), int(question), int(now)],
    )
}

/// The rows of one result of a batch (none when the batch gave no result).
fn rows<T: DeserializeOwned>(result: Option<D1Result>) -> Result<Vec<T>, ApiError> {
    Ok(result.map(|r| r.results::<T>()).transpose().map_err(d1_err)?.unwrap_or_default())
}

/// The first row of one result of a batch.
fn first_row<T: DeserializeOwned>(result: Option<D1Result>) -> Result<Option<T>, ApiError> {
    Ok(rows::<T>(result)?.into_iter().next())
}

/// The `n` of one `SELECT … AS n` result of a batch (0 when there is none).
fn count_of(result: Option<D1Result>) -> Result<i64, ApiError> {
    Ok(first_row::<crate::db::Count>(result)?.map(|c| c.n).unwrap_or(0))
}
