//! SQL for the day-before reminders (run by the cron, see `booking::jobs`).

use commons_domain::ApiError;
use worker::D1Database;

use crate::db::{changes, d1_err, int};

/// Sends the day-before reminders for bookings starting in `[from, to)` that
/// have none yet, and marks them (one batch, so a second run finds them
/// marked and sends nothing). Returns how many were sent.
pub async fn send_reminders(db: &D1Database, from: i64, to: i64, now: i64) -> Result<usize, ApiError> {
    let res = db
        .batch(vec![
            crate::db::stmt(
                db,
                "INSERT INTO notifications (user_id, kind, params, link, created_at) \
                 SELECT b.user_id, 'booking_reminder', \
                        json_object('instrument', i.name_zh, 'start', strftime('%Y-%m-%dT%H:%M:%SZ', b.start_at, 'unixepoch')), \
                        '/booking/mine', ?3 \
                 FROM bookings b JOIN instruments i ON i.id = b.instrument_id \
                 WHERE b.status IN ('pending', 'confirmed') AND b.reminded_at IS NULL AND b.start_at >= ?1 AND b.start_at < ?2",
                &[int(from), int(to), int(now)],
            )?,
            crate::db::stmt(
                db,
                "UPDATE bookings SET reminded_at = ?3 WHERE status IN ('pending', 'confirmed') AND reminded_at IS NULL \
                 AND start_at >= ?1 AND start_at < ?2",
                &[int(from), int(to), int(now)],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    Ok(res.first().map(changes).unwrap_or(0))
}
