//! Scheduled jobs, shared by the cron trigger (`scheduled` in lib.rs) and the
//! admin endpoint that runs them by hand.

use commons_domain::ApiError;
use worker::D1Database;

/// Day-before reminders: notifies the bookers of active bookings that start
/// within 24 hours of `at` and have not been reminded. Safe to run twice.
pub async fn reminders(db: &D1Database, at: i64) -> Result<usize, ApiError> {
    crate::db::booking::send_reminders(db, at, at + 24 * 3600, at).await
}

/// Overdue updates (逾期通知): flags datasets past their declared update
/// frequency at `at`, clears updated ones and notifies the agencies'
/// publishers of new flags. Returns how many were newly flagged. Safe to run twice.
pub async fn overdue(db: &D1Database, at: i64) -> Result<usize, ApiError> {
    crate::handlers::participation::run_overdue(db, at).await.map(|(flagged, _, _)| flagged)
}

/// The voting-ring detector: reverses the points of abnormal voter→author
/// pairs with compensating ledger rows. Returns the rows reversed.
pub async fn rings(db: &D1Database, at: i64) -> Result<usize, ApiError> {
    crate::handlers::qa::detect_rings(db, at).await
}
