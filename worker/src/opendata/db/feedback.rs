//! SQL for feedback threads: opening, replying (the agency's reply notifies
//! the author), closing, listing and the agency's handling statistics.

use commons_domain::common::locale::rfc3339_utc;
use commons_domain::opendata::participation::{FeedbackPost, FeedbackStats, FeedbackThread, NewFeedback};
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{all, d1_err, first, int, run, stmt, text};

/// Opens a feedback thread with its first post, in one batch; returns its id.
pub async fn open_thread(
    db: &D1Database,
    dataset: i64,
    org: &str,
    user: i64,
    feedback: &NewFeedback,
    now: i64,
) -> Result<i64, ApiError> {
    let NewFeedback { kind, title, body } = feedback;
    let id = crate::db::insert_id(
        db,
        "INSERT INTO feedback_threads (dataset_id, organization_id, user_id, kind, title, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id",
        &[int(dataset), text(org), int(user), text(kind), text(title), int(now)],
    )
    .await?;
    run(
        db,
        "INSERT INTO feedback_posts (thread_id, user_id, body, from_agency, created_at) VALUES (?1, ?2, ?3, 0, ?4)",
        &[int(id), int(user), text(body), int(now)],
    )
    .await?;
    Ok(id)
}

/// A thread's owner data.
#[derive(Debug, Clone, Deserialize)]
pub struct ThreadRow {
    /// Id.
    pub id: i64,
    /// The dataset's agency.
    pub organization_id: String,
    /// Author.
    pub user_id: i64,
    /// Status.
    pub status: String,
    /// Title.
    pub title: String,
    /// The dataset's identifier.
    pub identifier: String,
}

/// One thread.
pub async fn thread(db: &D1Database, id: i64) -> Result<Option<ThreadRow>, ApiError> {
    first(
        db,
        "SELECT t.id, t.organization_id, t.user_id, t.status, t.title, d.identifier \
         FROM feedback_threads t JOIN datasets d ON d.id = t.dataset_id WHERE t.id = ?1",
        &[int(id)],
    )
    .await
}

/// Adds a reply, unless the thread is closed (checked by the writes
/// themselves, so a reply racing a close cannot reopen it); whether it was
/// added. An agency reply marks the thread `replied` (and records the first
/// reply time) and notifies the author; an author's follow-up reopens it.
pub async fn reply(
    db: &D1Database,
    t: &ThreadRow,
    user: i64,
    agency: bool,
    body: &str,
    now: i64,
) -> Result<bool, ApiError> {
    let mut stmts = vec![
        stmt(
            db,
            "INSERT INTO feedback_posts (thread_id, user_id, body, from_agency, created_at) \
             SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM feedback_threads WHERE id = ?1 AND status != 'closed')",
            &[int(t.id), int(user), text(body), int(i64::from(agency)), int(now)],
        )?,
        stmt(
            db,
            "UPDATE feedback_threads SET status = ?2, updated_at = ?3, \
             first_reply_at = CASE WHEN ?4 AND first_reply_at IS NULL THEN ?3 ELSE first_reply_at END \
             WHERE id = ?1 AND status != 'closed'",
            &[int(t.id), text(if agency { "replied" } else { "open" }), int(now), int(i64::from(agency))],
        )?,
    ];
    if agency && t.user_id != user {
        // Only if the reply went in (the thread is now `replied` as of this write).
        stmts.push(stmt(
            db,
            "INSERT INTO notifications (user_id, kind, params, link, created_at) \
             SELECT ?1, 'feedback_replied', ?2, ?3, ?4 \
             WHERE EXISTS (SELECT 1 FROM feedback_threads WHERE id = ?5 AND status = 'replied' AND updated_at = ?4)",
            &[
                int(t.user_id),
                text(&serde_json::json!({"title": t.title}).to_string()),
                text(&format!("/data/datasets/{}", t.identifier)),
                int(now),
                int(t.id),
            ],
        )?);
    }
    let results = db.batch(stmts).await.map_err(d1_err)?;
    Ok(results.first().map(crate::db::changes).unwrap_or(0) > 0)
}

/// Closes a thread.
pub async fn close(db: &D1Database, id: i64, now: i64) -> Result<(), ApiError> {
    run(db, "UPDATE feedback_threads SET status = 'closed', updated_at = ?2 WHERE id = ?1", &[int(id), int(now)])
        .await
        .map(|_| ())
}

/// The threads of a dataset with their posts, newest thread first.
pub async fn threads_of(db: &D1Database, dataset: i64) -> Result<Vec<FeedbackThread>, ApiError> {
    #[derive(Deserialize)]
    struct T {
        id: i64,
        user_id: i64,
        kind: String,
        title: String,
        status: String,
        author: String,
        created_at: i64,
    }
    #[derive(Deserialize)]
    struct P {
        id: i64,
        thread_id: i64,
        author: String,
        from_agency: i64,
        body: String,
        created_at: i64,
    }
    let results = db
        .batch(vec![
            stmt(
                db,
                "SELECT t.id, t.user_id, t.kind, t.title, t.status, u.display_name AS author, t.created_at FROM feedback_threads t \
                 JOIN users u ON u.id = t.user_id WHERE t.dataset_id = ?1 ORDER BY t.created_at DESC, t.id DESC LIMIT 100",
                &[int(dataset)],
            )?,
            stmt(
                db,
                "SELECT p.id, p.thread_id, u.display_name AS author, p.from_agency, p.body, p.created_at \
                 FROM feedback_posts p JOIN users u ON u.id = p.user_id \
                 WHERE p.thread_id IN (SELECT id FROM feedback_threads WHERE dataset_id = ?1 \
                   ORDER BY created_at DESC, id DESC LIMIT 100) ORDER BY p.id",
                &[int(dataset)],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    let mut it = results.into_iter();
    let threads: Vec<T> = match it.next() {
        Some(r) => r.results().map_err(d1_err)?,
        None => Vec::new(),
    };
    let posts: Vec<P> = match it.next() {
        Some(r) => r.results().map_err(d1_err)?,
        None => Vec::new(),
    };
    Ok(threads
        .into_iter()
        .map(|t| FeedbackThread {
            posts: posts
                .iter()
                .filter(|p| p.thread_id == t.id)
                .map(|p| FeedbackPost {
                    id: p.id,
                    author: p.author.clone(),
                    from_agency: p.from_agency != 0,
                    body: p.body.clone(),
                    created_at: rfc3339_utc(p.created_at),
                })
                .collect(),
            id: t.id,
            user_id: t.user_id,
            kind: t.kind,
            title: t.title,
            status: t.status,
            author: t.author,
            created_at: rfc3339_utc(t.created_at),
        })
        .collect())
}

/// An agency's feedback handling: threads, handled, and reply delays.
pub async fn feedback_stats(db: &D1Database, org: &str) -> Result<FeedbackStats, ApiError> {
    #[derive(Deserialize)]
    struct R {
        status: String,
        delay: Option<i64>,
    }
    let rows: Vec<R> = all(
        db,
        "SELECT status, first_reply_at - created_at AS delay FROM feedback_threads WHERE organization_id = ?1",
        &[text(org)],
    )
    .await?;
    let threads = rows.len() as i64;
    let handled = rows.iter().filter(|r| r.status != "open" || r.delay.is_some()).count() as i64;
    let mut delays: Vec<f64> = rows.iter().filter_map(|r| r.delay).map(|d| d as f64 / 3600.0).collect();
    Ok(FeedbackStats {
        threads,
        handled,
        handled_rate: if threads == 0 { 1.0 } else { handled as f64 / threads as f64 },
        median_reply_hours: commons_domain::common::stats::median(&mut delays).map(|h| (h * 10.0).round() / 10.0),
    })
}
