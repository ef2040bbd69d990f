//! The centre's side of booking: settlement with receipts, no-shows and
//! blackouts; and the booker's waitlist.

use commons_domain::booking::{
    validate_actual_cost, validate_blackout, validate_slot, BlackoutRequest, BookingEnvelope, CompleteEnvelope,
    CompleteRequest, WaitlistRequest,
};
use commons_domain::common::locale::rfc3339_utc;
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use super::{booking_or_404, no_content, reread, settlement_now, staff_of};
use crate::accounts::auth::require_user;
use crate::booking::db;
use crate::ctx::RequestCtx;
use crate::http::time_arg;

/// Why a settlement's compare-and-swap changed nothing, read after it.
async fn not_settled(dbh: &worker::D1Database, id: &str, now: i64) -> ApiError {
    match reread(dbh, id).await {
        Ok(b) if b.status == "confirmed" && b.start_at > now => ApiError::conflict(format!(
            "the booking has not started yet (it starts at {}); it can be settled from then on",
            rfc3339_utc(b.start_at)
        )),
        Ok(b) => ApiError::conflict(format!("booking is {}, not confirmed", b.status)),
        Err(e) => e,
    }
}

/// `POST /api/bookings/{id}/complete`: staff settle a confirmed booking once
/// it has started (a compare-and-swap on `confirmed` and the start, with the
/// quota and receipt in the same batch); 409 before the start.
pub async fn complete_booking(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let b = booking_or_404(rc, &me).await?;
    if !staff_of(&me, &b.center_id) {
        return Err(ApiError::forbidden());
    }
    let req: CompleteRequest = rc.json().await?;
    let actual = req.actual_cost.unwrap_or(b.view().estimated_cost);
    validate_actual_cost(actual)?;
    let dbh = rc.db()?;
    let now = settlement_now(rc);
    if !db::settlement::complete(&dbh, b.id(), actual, me.user.id, now).await? {
        return Err(not_settled(&dbh, b.id(), now).await);
    }
    let booking = reread(&dbh, b.id()).await?.view();
    let receipt = db::settlement::receipt(&dbh, b.id()).await?;
    crate::http::ok_json(&CompleteEnvelope { booking, receipt })
}

/// `POST /api/bookings/{id}/no-show`: staff record that the booker did not
/// come, once the booking has started; 409 before.
pub async fn no_show_booking(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let b = booking_or_404(rc, &me).await?;
    if !staff_of(&me, &b.center_id) {
        return Err(ApiError::forbidden());
    }
    let dbh = rc.db()?;
    let now = settlement_now(rc);
    if !db::settlement::no_show(&dbh, b.id(), now).await? {
        return Err(not_settled(&dbh, b.id(), now).await);
    }
    crate::http::ok_json(&BookingEnvelope { booking: reread(&dbh, b.id()).await?.view() })
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
    validate_blackout(start, end, &req.reason)?;
    let dbh = rc.db()?;
    if let Some(i) = req.instrument_id {
        match db::instruments::instrument(&dbh, i).await? {
            Some(row) if row.view().center_id == center => {}
            _ => return Err(ApiError::invalid("instrument_id: not an instrument of this centre")),
        }
    }
    let stored = db::calendar::insert_blackout(&dbh, &center, req.instrument_id, start, end, req.reason.trim()).await?;
    if !stored {
        let clashes = db::calendar::active_overlapping(&dbh, &center, req.instrument_id, start, end).await?;
        return Err(ApiError::new(
            ErrorKind::Conflict,
            format!("{clashes} active bookings overlap; cancel them first"),
        ));
    }
    no_content()
}

/// `POST /api/waitlist`: wait for a slot that is taken now.
pub async fn join_waitlist(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let req: WaitlistRequest = rc.json().await?;
    let start = time_arg(&req.start, "start")?;
    let end = time_arg(&req.end, "end")?;
    let dbh = rc.db()?;
    let inst = db::instruments::instrument(&dbh, req.instrument_id)
        .await?
        .ok_or_else(|| ApiError::invalid("instrument_id: no such instrument"))?
        .view();
    validate_slot(&inst.rules, start, end, rc.now())?;
    // Waiting for free time would never be answered; it is an offer, not a race.
    if db::calendar::is_free(&dbh, inst.id, start, end).await? {
        return Err(ApiError::conflict("that time is free: book it instead"));
    }
    db::waitlist::join_waitlist(&dbh, inst.id, me.user.id, start, end, rc.now()).await?;
    no_content()
}
