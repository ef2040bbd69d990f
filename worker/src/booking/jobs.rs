//! Booking's scheduled work: the day-before reminders.

use commons_domain::ApiError;
use worker::D1Database;

/// Day-before reminders: notifies the bookers of active bookings that start
/// within 24 hours of `at` and have not been reminded. Safe to run twice.
pub async fn reminders(db: &D1Database, at: i64) -> Result<usize, ApiError> {
    super::db::send_reminders(db, at, at + 24 * 3600, at).await
}
