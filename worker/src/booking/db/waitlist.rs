//! SQL for the waitlist: joining it, and telling the waiters, first come
//! first, when an overlapping slot frees.

use commons_domain::ApiError;
use worker::D1Database;

use crate::db::{changes, d1_err, int, text};

/// Joins the waitlist (idempotent per user and interval).
pub async fn join_waitlist(
    db: &D1Database,
    instrument_id: i64,
    user_id: i64,
    start: i64,
    end: i64,
    now: i64,
) -> Result<(), ApiError> {
    crate::db::run(
        db,
        "INSERT OR IGNORE INTO waitlist (instrument_id, user_id, start_at, end_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        &[int(instrument_id), int(user_id), int(start), int(end), int(now)],
    )
    .await?;
    Ok(())
}

/// Notifies, in joining order, everyone waiting for time that overlaps a
/// freed interval, and marks them notified: two statements in one batch
/// however many wait (each notification names the waiter's place in line).
pub async fn notify_waiters(
    db: &D1Database,
    instrument_id: i64,
    instrument_name: &str,
    start: i64,
    end: i64,
    now: i64,
) -> Result<usize, ApiError> {
    let link = format!("/booking/instruments/{instrument_id}");
    let res = db
        .batch(vec![
            crate::db::stmt(
                db,
                "INSERT INTO notifications (user_id, kind, params, link, created_at) \
                 SELECT user_id, 'waitlist_slot_free', \
                        json_object('instrument', ?4, 'start', strftime('%Y-%m-%dT%H:%M:%SZ', start_at, 'unixepoch'), \
                                    'position', position), ?5, ?6 \
                 FROM (SELECT user_id, start_at, ROW_NUMBER() OVER (ORDER BY created_at, id) AS position FROM waitlist \
                       WHERE instrument_id = ?1 AND notified_at IS NULL AND start_at < ?3 AND end_at > ?2) \
                 ORDER BY position",
                &[int(instrument_id), int(start), int(end), text(instrument_name), text(&link), int(now)],
            )?,
            crate::db::stmt(
                db,
                "UPDATE waitlist SET notified_at = ?4 \
                 WHERE instrument_id = ?1 AND notified_at IS NULL AND start_at < ?3 AND end_at > ?2",
                &[int(instrument_id), int(start), int(end), int(now)],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    Ok(res.first().map(changes).unwrap_or(0))
}
