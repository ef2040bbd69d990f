//! SQL for the waitlist: joining it, and telling the waiters, first come
//! first, when an overlapping slot frees.

use commons_domain::common::locale::rfc3339_utc;
use commons_domain::ApiError;
use serde::{Deserialize, Serialize};
use worker::D1Database;

use crate::db::{d1_err, int};

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

#[derive(Deserialize)]
struct Waiter {
    id: i64,
    user_id: i64,
    start_at: i64,
}

/// The parameters of a "slot free" notification, as its message template names them.
#[derive(Serialize)]
struct SlotFreeNote<'a> {
    instrument: &'a str,
    start: String,
    position: usize,
}

/// Notifies, in joining order, everyone waiting for time that overlaps a
/// freed interval, and marks them notified (one batch).
pub async fn notify_waiters(
    db: &D1Database,
    instrument_id: i64,
    instrument_name: &str,
    start: i64,
    end: i64,
    now: i64,
) -> Result<usize, ApiError> {
    let waiters = crate::db::all::<Waiter>(
        db,
        "SELECT id, user_id, start_at FROM waitlist WHERE instrument_id = ?1 AND notified_at IS NULL \
         AND start_at < ?3 AND end_at > ?2 ORDER BY created_at, id",
        &[int(instrument_id), int(start), int(end)],
    )
    .await?;
    if waiters.is_empty() {
        return Ok(0);
    }
    let mut stmts = Vec::new();
    for (pos, w) in waiters.iter().enumerate() {
        let note = SlotFreeNote { instrument: instrument_name, start: rfc3339_utc(w.start_at), position: pos + 1 };
        let params = serde_json::to_value(note).map_err(crate::error::internal)?;
        stmts.push(crate::accounts::db::notifications::insert(
            db,
            w.user_id,
            "waitlist_slot_free",
            &params,
            &format!("/booking/instruments/{instrument_id}"),
            now,
        )?);
        stmts.push(crate::db::stmt(db, "UPDATE waitlist SET notified_at = ?2 WHERE id = ?1", &[int(w.id), int(now)])?);
    }
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(waiters.len())
}
