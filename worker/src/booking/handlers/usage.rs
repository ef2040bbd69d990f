//! The centre's side of booking: settlement with receipts, no-shows and
//! blackouts; and the booker's waitlist.

use commons_domain::booking::{BlackoutRequest, CompleteEnvelope, CompleteRequest, WaitlistRequest};
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use super::bookings::{booking_or_404, staff_of};
use crate::accounts::auth::require_user;
use crate::booking::db;
use crate::ctx::RequestCtx;
use crate::http::time_arg;

/// `POST /api/bookings/{id}/complete`: staff settle a confirmed booking.
pub async fn complete_booking(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let b = booking_or_404(rc, &me).await?;
    if !staff_of(&me, &b.center_id) {
        return Err(ApiError::forbidden());
    }
    let req: CompleteRequest = rc.json().await?;
    let v = b.view();
    let actual = req.actual_cost.unwrap_or(v.estimated_cost);
    if !(0..=100_000_000).contains(&actual) {
        return Err(ApiError::invalid("actual_cost: 0 to 100,000,000"));
    }
    let dbh = rc.db()?;
    if !db::complete(&dbh, &v.id, actual, me.user.id, rc.now()).await? {
        return Err(ApiError::conflict(format!("booking is {}, not confirmed", b.status)));
    }
    let booking = db::booking(&dbh, &v.id).await?.ok_or_else(ApiError::not_found)?.view();
    let receipt = db::receipt(&dbh, &v.id).await?;
    crate::http::ok_json(&CompleteEnvelope { booking, receipt })
}

/// `POST /api/bookings/{id}/no-show`: staff record that the booker did not come.
pub async fn no_show_booking(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let b = booking_or_404(rc, &me).await?;
    if !staff_of(&me, &b.center_id) {
        return Err(ApiError::forbidden());
    }
    let dbh = rc.db()?;
    let id = b.view().id;
    if !db::no_show(&dbh, &id, rc.now()).await? {
        return Err(ApiError::conflict(format!("booking is {}, not confirmed", b.status)));
    }
    let booking = db::booking(&dbh, &id).await?.ok_or_else(ApiError::not_found)?.view();
    crate::http::ok_json(&commons_domain::booking::BookingEnvelope { booking })
}

/// `POST /api/centers/{id}/blackouts`: staff close a centre or one instrument.
/// Refused with 409 while active bookings overlap (cancel them first, so
/// their bookers are told).
pub async fn create_blackout(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let center = rc.param("id").unwrap_or_default().to_string();
    if !staff_of(&me, &center) {
        return Err(ApiError::forbidden());
    }
    let req: BlackoutRequest = rc.json().await?;
    let start = time_arg(&req.start, "start")?;
    let end = time_arg(&req.end, "end")?;
    if end <= start || end - start > 366 * 86_400 {
        return Err(ApiError::invalid("end: after start, within a year"));
    }
    if req.reason.chars().count() > 200 {
        return Err(ApiError::invalid("reason: at most 200 characters"));
    }
    let dbh = rc.db()?;
    if let Some(i) = req.instrument_id {
        match db::instrument(&dbh, i).await? {
            Some(row) if row.view().center_id == center => {}
            _ => return Err(ApiError::invalid("instrument_id: not an instrument of this centre")),
        }
    }
    let clashes = db::active_overlapping(&dbh, &center, req.instrument_id, start, end).await?;
    if clashes > 0 {
        return Err(ApiError::new(
            ErrorKind::Conflict,
            format!("{clashes} active bookings overlap; cancel them first"),
        ));
    }
    db::insert_blackout(&dbh, &center, req.instrument_id, start, end, req.reason.trim()).await?;
    Ok(Response::builder().with_status(204).empty())
}

/// `POST /api/waitlist`: wait for a slot that is taken now.
pub async fn join_waitlist(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let req: WaitlistRequest = rc.json().await?;
    let start = time_arg(&req.start, "start")?;
    let end = time_arg(&req.end, "end")?;
    let dbh = rc.db()?;
    let inst = db::instrument(&dbh, req.instrument_id)
        .await?
        .ok_or_else(|| ApiError::invalid("instrument_id: no such instrument"))?
        .view();
    commons_domain::booking::validate_slot(&inst.rules, start, end, rc.now())?;
    if db::is_free(&dbh, inst.id, start, end).await? {
        return Err(ApiError::conflict("that time is free: book it instead"));
    }
    db::join_waitlist(&dbh, inst.id, me.user.id, start, end, rc.now()).await?;
    Ok(Response::builder().with_status(204).empty())
}
