//! Bookings: make one (or a weekly series), read it, confirm or cancel it,
//! and the lists of the booker and of the centre's staff.
//!
//! Whether a slot is still free or a quota still covers the cost is decided
//! by the database when the booking is written (the overlap trigger and the
//! balance CHECK); the checks here only give precise errors first.

use commons_domain::api::PageMeta;
use commons_domain::booking::{
    check_cancel, cost, paying_pi, series_slots, validate_booking, validate_status_filter, BookingEnvelope,
    BookingList, BookingRequest, BookingStatus, Payment, SeriesEnvelope,
};
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use super::{booking_or_404, reread, staff_of};
use crate::accounts::auth::require_user;
use crate::booking::db;
use crate::booking::db::bookings::{BookingRow, NewBooking};
use crate::ctx::RequestCtx;
use crate::http::{q_get, query, time_arg};

/// `POST /api/bookings`: 201 with the booking (or every week of a series);
/// 409 `slot_taken` or `quota_exceeded`; 422 for times the rules refuse;
/// 403 without training or a PI group that pays.
pub async fn create_booking(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let req: BookingRequest = rc.json().await?;
    let start = time_arg(&req.start, "start")?;
    let end = time_arg(&req.end, "end")?;
    let dbh = rc.db()?;
    let inst = db::instruments::instrument(&dbh, req.instrument_id)
        .await?
        .ok_or_else(|| ApiError::invalid("instrument_id: no such instrument"))?
        .view();
    let now = rc.now();
    let extras = validate_booking(&inst, &req, start, end, now)?;
    if inst.requires_training && !db::instruments::is_trained(&dbh, me.user.id, inst.id).await? {
        return Err(ApiError::new(ErrorKind::Forbidden, "training on this instrument is required first"));
    }
    let pi = match req.payment {
        Payment::Quota => {
            let accounts = db::quota::accounts_of(&dbh, me.user.id).await?;
            Some(paying_pi(me.user.id, req.pi_user_id, &accounts).ok_or_else(|| {
                ApiError::new(ErrorKind::Forbidden, "you are not in a PI group that can pay by quota")
            })?)
        }
        Payment::Cash => None,
    };
    let estimated = cost(inst.fee_unit, inst.fee_academic, (end - start) / 60, extras.samples);
    let status = BookingStatus::initial(inst.requires_approval);
    let slots = series_slots(&inst.rules, start, end, req.repeat_weeks, now)?;
    let ids: Vec<String> = slots.iter().map(|_| crate::crypto::random_hex::<12>()).collect();
    let items: Vec<NewBooking> = ids
        .iter()
        .zip(&slots)
        .map(|(id, &(start, end))| NewBooking {
            id,
            instrument_id: inst.id,
            user_id: me.user.id,
            pi_user_id: pi,
            start,
            end,
            status,
            payment: req.payment,
            cost: estimated,
            note: extras.note,
            now,
        })
        .collect();
    if let [one] = items.as_slice() {
        db::bookings::insert_booking(&dbh, one).await?;
        let created =
            db::bookings::booking(&dbh, one.id).await?.ok_or_else(|| crate::error::internal("booking vanished"))?;
        return crate::http::json_with_status(&BookingEnvelope { booking: created.view() }, 201);
    }
    let series_id = crate::crypto::random_hex::<12>();
    db::bookings::insert_series(&dbh, &items, &series_id).await?;
    let bookings = db::bookings::series(&dbh, &series_id).await?.iter().map(BookingRow::view).collect();
    crate::http::json_with_status(&SeriesEnvelope { bookings }, 201)
}

/// `GET /api/bookings/{id}`.
pub async fn get_booking(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let b = booking_or_404(rc, &me).await?;
    crate::http::ok_json(&BookingEnvelope { booking: b.view() })
}

/// `POST /api/bookings/{id}/confirm`: staff of the centre; a compare-and-swap on `pending`.
pub async fn confirm_booking(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let b = booking_or_404(rc, &me).await?;
    if !staff_of(&me, &b.center_id) {
        return Err(ApiError::forbidden());
    }
    let dbh = rc.db()?;
    let now = rc.now();
    if !db::bookings::confirm(&dbh, b.id(), now).await? {
        return Err(ApiError::conflict(format!("booking is {}, not pending", b.status)));
    }
    db::bookings::notify_booker(&dbh, &b.view(), "booking_confirmed", now).await?;
    crate::http::ok_json(&BookingEnvelope { booking: reread(&dbh, b.id()).await?.view() })
}

/// `POST /api/bookings/{id}/cancel`: the booker until the deadline, staff any
/// time; a compare-and-swap on the active states that also releases the quota.
pub async fn cancel_booking(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let b = booking_or_404(rc, &me).await?;
    let now = rc.now();
    let is_staff = staff_of(&me, &b.center_id);
    check_cancel(is_staff, b.user_id == me.user.id, b.start_at, now, b.cancel_hours)?;
    let dbh = rc.db()?;
    if !db::bookings::cancel(&dbh, b.id(), now).await? {
        return Err(ApiError::conflict(format!("booking is {}, not active", b.status)));
    }
    let v = b.view();
    if is_staff && b.user_id != me.user.id {
        db::bookings::notify_booker(&dbh, &v, "booking_cancelled_by_centre", now).await?;
    }
    // The freed time goes to whoever has been waiting for it, first come first.
    db::waitlist::notify_waiters(&dbh, v.instrument_id, &v.instrument_name, b.start_at, b.end_at, now).await?;
    crate::http::ok_json(&BookingEnvelope { booking: reread(&dbh, b.id()).await?.view() })
}

/// `GET /api/me/bookings`.
pub async fn list_my_bookings(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let (page, per_page) = crate::http::paging(rc)?;
    let (bookings, total) = db::bookings::bookings_of(&rc.db()?, me.user.id, page, per_page).await?;
    crate::http::ok_json(&BookingList { bookings, meta: PageMeta { total, page, per_page } })
}

/// `GET /api/centers/{id}/bookings?status=`: staff of the centre only.
pub async fn center_bookings(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let center = rc.param("id").unwrap_or_default().to_string();
    if !staff_of(&me, &center) {
        return Err(ApiError::forbidden());
    }
    let (page, per_page) = crate::http::paging(rc)?;
    let q = query(rc)?;
    let status = q_get(&q, "status").unwrap_or("");
    validate_status_filter(status)?;
    let (bookings, total) = db::bookings::center_bookings(&rc.db()?, &center, status, page, per_page).await?;
    crate::http::ok_json(&BookingList { bookings, meta: PageMeta { total, page, per_page } })
}
