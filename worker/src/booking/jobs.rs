//! Booking's scheduled work: the day-before reminders.

use commons_domain::ApiError;
use worker::D1Database;

/// How far ahead a reminder looks: bookings starting within a day.
const REMIND_AHEAD: i64 = 24 * 3600;

/// Day-before reminders: notifies the bookers of active bookings that start
/// within 24 hours of `at` and have not been reminded. Safe to run twice.
pub async fn reminders(db: &D1Database, at: i64) -> Result<usize, ApiError> {
    super::db::reminders::send_reminders(db, at, at + REMIND_AHEAD, at).await
}
