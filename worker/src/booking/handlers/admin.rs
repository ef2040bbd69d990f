//! Admin checks of the booking data: the invariants that must always be zero.

use commons_domain::accounts::Role;
use commons_domain::ApiError;
use worker::Response;

use crate::accounts::auth::require_role;
use crate::ctx::RequestCtx;

/// `GET /api/admin/invariants`: counts what must always be zero — overlapping
/// active bookings, and PI quotas that differ from their ledger sum or are negative.
pub async fn invariants(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    let dbh = rc.db()?;
    let overlapping = crate::db::count(
        &dbh,
        "SELECT COUNT(*) AS n FROM bookings a JOIN bookings b ON a.instrument_id = b.instrument_id AND a.id < b.id \
         WHERE a.status IN ('pending', 'confirmed') AND b.status IN ('pending', 'confirmed') \
           AND a.start_at < b.end_at AND b.start_at < a.end_at",
        &[],
    )
    .await?;
    let quota_mismatches = crate::db::count(
        &dbh,
        "SELECT COUNT(*) AS n FROM pi_accounts p \
         WHERE p.balance < 0 OR p.balance <> (SELECT COALESCE(SUM(l.delta), 0) FROM quota_ledger l WHERE l.pi_user_id = p.pi_user_id)",
        &[],
    )
    .await?;
    let bookings = crate::db::count(&dbh, "SELECT COUNT(*) AS n FROM bookings", &[]).await?;
    crate::http::ok_json(&serde_json::json!({
        "overlapping_active_bookings": overlapping,
        "quota_ledger_mismatches": quota_mismatches,
        "bookings_checked": bookings,
    }))
}
