//! Flags and the moderators' review: a post whose unresolved flags weigh
//! enough hides itself (in SQL, so concurrent flags cannot miss the
//! threshold), and a review restores or removes it. The search index and
//! the search cache follow what is visible.

use commons_domain::qa::{PostKind, QaFlagged, FLAG_WEIGHT_TO_HIDE};
use commons_domain::ApiError;
use worker::{D1Database, D1PreparedStatement};

use super::table;
use crate::db::{all, d1_err, int, stmt, text};

/// Statements: once question `id` is hidden, its row leaves the search
/// index and every cached search page goes. Cached pages are all stale once
/// a question is hidden (the generation moved), and a page computed before
/// the hide is not stored after it (`search::store_page` stores a page only
/// while its generation is current), so no cached page lists it.
fn unindex_if_hidden(db: &D1Database, kind: PostKind, id: i64) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let hidden = "?1 = 'q' AND (SELECT hidden FROM qa_questions WHERE id = ?2) = 1";
    Ok(vec![
        stmt(db, &format!("DELETE FROM qa_fts WHERE rowid = ?2 AND {hidden}"), &[text(kind.code()), int(id)])?,
        stmt(db, &format!("DELETE FROM qa_search_cache WHERE {hidden}"), &[text(kind.code()), int(id)])?,
    ])
}

/// A flag to store.
pub struct NewFlag<'a> {
    /// On a question or an answer.
    pub kind: PostKind,
    /// The post.
    pub id: i64,
    /// The flagger.
    pub user: i64,
    /// One of `FLAG_REASONS`.
    pub reason: &'a str,
    /// What it weighs (`domain::qa::flag_weight`, at least 1).
    pub weight: i64,
    /// Unix seconds.
    pub now: i64,
}

/// Batch: a flag on a post, the post's flag count, and its hiding once its
/// unresolved flags weigh [`FLAG_WEIGHT_TO_HIDE`] (summed in the same
/// transaction, so parallel flags cannot miss it); a question hidden so
/// leaves the search index and cache. A second flag by the same user fails
/// with a conflict.
pub async fn flag(db: &D1Database, f: &NewFlag<'_>) -> Result<(), ApiError> {
    let (kind, id) = (f.kind.code(), f.id);
    let mut stmts = vec![
        stmt(
            db,
            "INSERT INTO qa_flags (post_kind, post_id, user_id, reason, weight, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            &[text(kind), int(id), int(f.user), text(f.reason), int(f.weight), int(f.now)],
        )?,
        stmt(
            db,
            &format!(
                "UPDATE {} SET flags = flags + 1, hidden = CASE WHEN (SELECT COALESCE(SUM(weight), 0) FROM qa_flags \
                 WHERE post_kind = ?2 AND post_id = ?1 AND resolved = 0) >= ?3 THEN 1 ELSE hidden END WHERE id = ?1",
                table(f.kind)
            ),
            &[int(id), text(kind), int(FLAG_WEIGHT_TO_HIDE)],
        )?,
    ];
    stmts.extend(unindex_if_hidden(db, f.kind, id)?);
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
}

/// Posts with unresolved flags, most flagged first (at most 200).
pub async fn queue(db: &D1Database) -> Result<Vec<QaFlagged>, ApiError> {
    all(
        db,
        "SELECT 'question' AS kind, id, id AS question_id, title, flags, hidden FROM qa_questions WHERE flags > 0 AND \
         EXISTS (SELECT 1 FROM qa_flags f WHERE f.post_kind = 'q' AND f.post_id = qa_questions.id AND f.resolved = 0) \
         UNION ALL SELECT 'answer', a.id, a.question_id, q.title, a.flags, a.hidden FROM qa_answers a JOIN qa_questions q ON q.id = a.question_id \
         WHERE a.flags > 0 AND EXISTS (SELECT 1 FROM qa_flags f WHERE f.post_kind = 'a' AND f.post_id = a.id AND f.resolved = 0) \
         ORDER BY flags DESC LIMIT 200",
        &[],
    )
    .await
}

/// Batch: a moderator's review — the post hidden or shown with its flags
/// cleared and resolved; a question leaves the index, and comes back with
/// `reindex` (its title and body tokens) when restored.
pub async fn review(
    db: &D1Database,
    kind: PostKind,
    id: i64,
    hidden: bool,
    reindex: Option<(String, String)>,
) -> Result<(), ApiError> {
    let mut stmts = vec![
        stmt(
            db,
            &format!("UPDATE {} SET hidden = ?2, flags = 0 WHERE id = ?1", table(kind)),
            &[int(id), int(i64::from(hidden))],
        )?,
        stmt(
            db,
            "UPDATE qa_flags SET resolved = 1 WHERE post_kind = ?1 AND post_id = ?2",
            &[text(kind.code()), int(id)],
        )?,
    ];
    if kind == PostKind::Question {
        // The search index holds visible questions only.
        stmts.push(stmt(db, "DELETE FROM qa_fts WHERE rowid = ?1", &[int(id)])?);
        if let Some((ti, bi)) = reindex.filter(|_| !hidden) {
            let insert = "INSERT INTO qa_fts (rowid, title, body) VALUES (?1, ?2, ?3)";
            stmts.push(stmt(db, insert, &[int(id), text(&ti), text(&bi)])?);
        }
        stmts.extend(unindex_if_hidden(db, kind, id)?);
    }
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
}
