//! Open data's scheduled work: overdue updates (逾期通知).

use commons_domain::ApiError;
use worker::D1Database;

/// Overdue updates (逾期通知): flags datasets past their declared update
/// frequency at `at`, clears updated ones and notifies the agencies'
/// publishers of new flags. Returns how many were newly flagged. Safe to run twice.
pub async fn overdue(db: &D1Database, at: i64) -> Result<usize, ApiError> {
    super::handlers::participation::run_overdue(db, at).await.map(|(flagged, _, _)| flagged)
}
