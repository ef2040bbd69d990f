//! SQL for the admin's invariant check: counts that must always be zero.

use commons_domain::ApiError;
use worker::D1Database;

/// Pairs of active bookings of one instrument that overlap (the trigger makes this zero).
pub async fn overlapping_active_bookings(db: &D1Database) -> Result<i64, ApiError> {
    crate::db::count(
        db,
        "SELECT COUNT(*) AS n FROM bookings a JOIN bookings b ON a.instrument_id = b.instrument_id AND a.id < b.id \
         WHERE a.status IN ('pending', 'confirmed') AND b.status IN ('pending', 'confirmed') \
           AND a.start_at < b.end_at AND b.start_at < a.end_at",
        &[],
    )
    .await
}

/// PI accounts whose balance is negative or differs from their ledger sum
/// (the CHECK and the ledger trigger make this zero).
pub async fn quota_ledger_mismatches(db: &D1Database) -> Result<i64, ApiError> {
    crate::db::count(
        db,
        "SELECT COUNT(*) AS n FROM pi_accounts p \
         WHERE p.balance < 0 OR p.balance <> (SELECT COALESCE(SUM(l.delta), 0) FROM quota_ledger l WHERE l.pi_user_id = p.pi_user_id)",
        &[],
    )
    .await
}

/// Every booking stored.
pub async fn bookings_count(db: &D1Database) -> Result<i64, ApiError> {
    crate::db::count(db, "SELECT COUNT(*) AS n FROM bookings", &[]).await
}
