//! Admin checks of the booking data: the invariants that must always be zero.

use commons_domain::accounts::Role;
use commons_domain::booking::Invariants;
use commons_domain::ApiError;
use worker::Response;

use crate::accounts::auth::require_role;
use crate::booking::db::invariants as db;
use crate::ctx::RequestCtx;

/// `GET /api/admin/invariants`: counts what must always be zero — overlapping
/// active bookings, and PI quotas that differ from their ledger sum or are negative.
pub async fn invariants(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    let dbh = rc.db()?;
    // COUNT(*) is never negative.
    let count = |n: i64| n.max(0) as u64;
    let overlapping_active_bookings = count(db::overlapping_active_bookings(&dbh).await?);
    let quota_ledger_mismatches = count(db::quota_ledger_mismatches(&dbh).await?);
    let bookings_checked = count(db::bookings_count(&dbh).await?);
    crate::http::ok_json(&Invariants { overlapping_active_bookings, quota_ledger_mismatches, bookings_checked })
}
