//! Booking endpoints, one `verb_noun` function each, grouped by what they
//! serve; and the lookups and role checks they share.

pub mod admin;
pub mod bookings;
pub mod calendars;
pub mod favorites;
pub mod feeds;
pub mod instruments;
pub mod quota;
pub mod reports;
pub mod usage;

use commons_domain::accounts::Role;
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use crate::accounts::auth::CurrentUser;
use crate::booking::db;
use crate::booking::db::bookings::BookingRow;
use crate::booking::db::instruments::InstrumentRow;
use crate::ctx::RequestCtx;

/// An active instrument, or 404.
async fn instrument_or_404(rc: &RequestCtx, id: i64) -> Result<InstrumentRow, ApiError> {
    db::instruments::instrument(&rc.db()?, id)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such instrument"))
}

/// Whether `u` is staff of `center_id` (or an admin).
fn staff_of(u: &CurrentUser, center_id: &str) -> bool {
    u.has(Role::FacilityStaff, Some(center_id))
}

/// The booker, their PI and the centre's staff may see a booking.
fn may_see(me: &CurrentUser, b: &BookingRow) -> bool {
    b.user_id == me.user.id || b.pi_user_id == Some(me.user.id) || staff_of(me, &b.center_id)
}

/// The booking of the `{id}` path parameter, if `me` may see it; else 404.
async fn booking_or_404(rc: &RequestCtx, me: &CurrentUser) -> Result<BookingRow, ApiError> {
    let id = rc.param("id").unwrap_or_default().to_string();
    match db::bookings::booking(&rc.db()?, &id).await? {
        // Someone else's booking is "not found", so ids cannot be probed.
        Some(b) if may_see(me, &b) => Ok(b),
        _ => Err(ApiError::new(ErrorKind::NotFound, "no such booking")),
    }
}

/// The booking `id` as it is now, after a change the caller made.
async fn reread(dbh: &worker::D1Database, id: &str) -> Result<BookingRow, ApiError> {
    db::bookings::booking(dbh, id).await?.ok_or_else(ApiError::not_found)
}

/// The moment a settlement (complete, no-show) is judged at: now. The local
/// test stacks, and only they, set `TEST_CLOCK=1` (on `wrangler dev`'s command
/// line, never in wrangler.toml), so tests can settle a booking "after the
/// experiment ran" by sending the RFC 3339 time in `x-commons-test-now`.
fn settlement_now(rc: &RequestCtx) -> i64 {
    let test_clock = rc.env.var("TEST_CLOCK").map(|v| v.to_string() == "1").unwrap_or(false);
    test_clock
        .then(|| rc.header("x-commons-test-now"))
        .flatten()
        .and_then(|t| commons_domain::common::locale::parse_rfc3339(&t))
        .unwrap_or_else(|| rc.now())
}

/// `204 No Content`.
fn no_content() -> Result<Response, ApiError> {
    Ok(Response::builder().with_status(204).empty())
}
