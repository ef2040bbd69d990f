//! SQL for the in-app notification bell.

use commons_domain::common::locale::rfc3339_utc;
use commons_domain::common::notify::Notification;
use commons_domain::ApiError;
use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use crate::db::{int, stmt, text};

/// A statement that notifies one user (for use inside a larger batch).
pub fn insert(
    db: &D1Database,
    user_id: i64,
    kind: &str,
    params: &serde_json::Value,
    link: &str,
    now: i64,
) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "INSERT INTO notifications (user_id, kind, params, link, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        &[int(user_id), text(kind), text(&params.to_string()), text(link), int(now)],
    )
}

#[derive(Deserialize)]
struct Row {
    id: i64,
    kind: String,
    params: String,
    link: String,
    created_at: i64,
    read_at: Option<i64>,
}

/// The newest 50 notifications of a user and the unread count.
pub async fn list(db: &D1Database, user_id: i64) -> Result<(Vec<Notification>, u64), ApiError> {
    let rows = crate::db::all::<Row>(
        db,
        "SELECT id, kind, params, link, created_at, read_at FROM notifications WHERE user_id = ?1 ORDER BY id DESC LIMIT 50",
        &[int(user_id)],
    )
    .await?;
    let unread = crate::db::count(
        db,
        "SELECT COUNT(*) AS n FROM notifications WHERE user_id = ?1 AND read_at IS NULL",
        &[int(user_id)],
    )
    .await? as u64;
    let list = rows
        .into_iter()
        .map(|r| Notification {
            id: r.id,
            kind: r.kind,
            params: serde_json::from_str(&r.params).unwrap_or_default(),
            link: r.link,
            created_at: rfc3339_utc(r.created_at),
            read: r.read_at.is_some(),
        })
        .collect();
    Ok((list, unread))
}

/// Marks all of a user's notifications read.
pub async fn mark_read(db: &D1Database, user_id: i64, now: i64) -> Result<usize, ApiError> {
    crate::db::run(
        db,
        "UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 AND read_at IS NULL",
        &[int(user_id), int(now)],
    )
    .await
}

/// Marks notification `id` of `user_id` read (kept as first read if it
/// already was); the rows it matched: 0 when it is not theirs or not there.
pub async fn mark_one_read(db: &D1Database, user_id: i64, id: i64, now: i64) -> Result<usize, ApiError> {
    crate::db::run(
        db,
        "UPDATE notifications SET read_at = COALESCE(read_at, ?3) WHERE id = ?1 AND user_id = ?2",
        &[int(id), int(user_id), int(now)],
    )
    .await
}
