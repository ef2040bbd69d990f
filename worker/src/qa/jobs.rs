//! Q&A's scheduled work: the voting-ring detector.

use commons_domain::ApiError;
use worker::D1Database;

/// The voting-ring detector: reverses the points of abnormal voter→author
/// pairs with compensating ledger rows. Returns the rows reversed.
pub async fn rings(db: &D1Database, at: i64) -> Result<usize, ApiError> {
    super::handlers::detect_rings(db, at).await
}
