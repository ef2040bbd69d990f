//! Flags and the moderators' review: a post with enough flags hides itself
//! (in SQL, so concurrent flags cannot miss the threshold), and a review
//! restores or removes it. The search index follows what is visible.

use commons_domain::qa::{PostKind, QaFlagged, FLAGS_TO_HIDE};
use commons_domain::ApiError;
use worker::D1Database;

use super::table;
use crate::db::{all, d1_err, int, stmt, text};

/// Batch: `user`'s flag on a post, its flag count (hiding it at
/// [`FLAGS_TO_HIDE`]), and a hidden question's removal from the index. A
/// second flag by the same user fails with a conflict.
pub async fn flag(db: &D1Database, kind: PostKind, id: i64, user: i64, reason: &str, now: i64) -> Result<(), ApiError> {
    db.batch(vec![
        stmt(
            db,
            "INSERT INTO qa_flags (post_kind, post_id, user_id, reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            &[text(kind.code()), int(id), int(user), text(reason), int(now)],
        )?,
        stmt(
            db,
            &format!(
                "UPDATE {} SET flags = flags + 1, hidden = CASE WHEN flags + 1 >= ?2 THEN 1 ELSE hidden END WHERE id = ?1",
                table(kind)
            ),
            &[int(id), int(FLAGS_TO_HIDE)],
        )?,
        // The search index holds visible questions only.
        stmt(
            db,
            "DELETE FROM qa_fts WHERE ?1 = 'q' AND rowid = ?2 AND (SELECT hidden FROM qa_questions WHERE id = ?2) = 1",
            &[text(kind.code()), int(id)],
        )?,
    ])
    .await
    .map_err(d1_err)?;
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
    }
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
}
