//! Instrument booking endpoints: centres, instruments, calendars, bookings,
//! trainings and PI quotas.

use commons_domain::accounts::Role;
use commons_domain::api::PageMeta;
use commons_domain::booking::{
    can_cancel, cost, validate_slot, AddMemberRequest, BookingEnvelope, BookingList, BookingRequest, BookingStatus,
    BusySlot, Calendar, CenterList, GrantQuotaRequest, InstrumentList, Payment, QuotaList, SeriesEnvelope,
    TrainingRequest, MAX_REPEAT_WEEKS,
};
use commons_domain::common::locale::{parse_rfc3339, rfc3339_utc};
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use crate::accounts::auth::{current_user, require_role, require_user, CurrentUser};
use crate::accounts::db as accounts_db;
use crate::booking::db;
use crate::ctx::RequestCtx;
use crate::http::{id_param, q_get, query, time_arg};

/// `GET /api/centers`.
pub async fn list_centers(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let centers = db::centers(&rc.db()?).await?;
    crate::http::ok_json(&CenterList { centers })
}

/// `GET /api/instruments?q=&center=&category=&page=&per_page=`.
pub async fn list_instruments(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let (page, per_page) = crate::http::paging(rc)?;
    let q = query(rc)?;
    let filter = db::InstrumentFilter {
        q: q_get(&q, "q").unwrap_or(""),
        center: q_get(&q, "center").unwrap_or(""),
        category: q_get(&q, "category").unwrap_or(""),
    };
    if filter.q.chars().count() > 100 {
        return Err(ApiError::invalid("q: at most 100 characters"));
    }
    let (instruments, total) = db::search_instruments(&rc.db()?, &filter, page, per_page).await?;
    crate::http::ok_json(&InstrumentList { instruments, meta: PageMeta { total, page, per_page } })
}

/// An active instrument, or 404.
pub async fn instrument_or_404(rc: &RequestCtx, id: i64) -> Result<db::InstrumentRow, ApiError> {
    db::instrument(&rc.db()?, id).await?.ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such instrument"))
}

/// `GET /api/instruments/{id}`.
pub async fn get_instrument(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let id = id_param(rc)?;
    let row = instrument_or_404(rc, id).await?;
    crate::http::ok_json(&serde_json::json!({ "instrument": row.view() }))
}

/// The longest calendar window one request may ask for: 6 weeks (a month view plus margins).
const MAX_WINDOW_SECS: i64 = 42 * 86_400;

/// `GET /api/instruments/{id}/calendar?from=&to=`: busy time in the window.
pub async fn get_calendar(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let id = id_param(rc)?;
    let q = query(rc)?;
    let from = time_arg(q_get(&q, "from").ok_or_else(|| ApiError::invalid("from: required"))?, "from")?;
    let to = time_arg(q_get(&q, "to").ok_or_else(|| ApiError::invalid("to: required"))?, "to")?;
    if to <= from || to - from > MAX_WINDOW_SECS {
        return Err(ApiError::invalid("to: must be after from, within 42 days"));
    }
    let row = instrument_or_404(rc, id).await?;
    let viewer = current_user(rc).await?.map(|u| u.user.id);
    let busy = db::busy(&rc.db()?, id, from, to)
        .await?
        .into_iter()
        .map(|b| BusySlot {
            start: rfc3339_utc(b.start_at),
            end: rfc3339_utc(b.end_at),
            mine: viewer.is_some_and(|v| v == b.user_id),
            kind: b.kind,
        })
        .collect();
    crate::http::ok_json(&Calendar { instrument: row.view(), from: rfc3339_utc(from), to: rfc3339_utc(to), busy })
}

/// Whether `u` is staff of `center_id` (or an admin).
pub fn staff_of(u: &CurrentUser, center_id: &str) -> bool {
    u.has(Role::FacilityStaff, Some(center_id))
}

/// `POST /api/instruments/{id}/trainings`: staff of the instrument's centre only.
pub async fn record_training(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let id = id_param(rc)?;
    let req: TrainingRequest = rc.json().await?;
    let row = instrument_or_404(rc, id).await?;
    if !staff_of(&me, &row.view().center_id) {
        return Err(ApiError::forbidden());
    }
    let dbh = rc.db()?;
    accounts_db::user_by_id(&dbh, req.user_id).await?.ok_or_else(|| ApiError::invalid("user_id: no such user"))?;
    db::record_training(&dbh, req.user_id, id, me.user.id, rc.now()).await?;
    Ok(Response::builder().with_status(204).empty())
}

/// `POST /api/bookings`: 201 with the booking; 409 `slot_taken` or
/// `quota_exceeded`; 422 for times the rules refuse; 403 without training or group.
pub async fn create_booking(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let req: BookingRequest = rc.json().await?;
    let start = time_arg(&req.start, "start")?;
    let end = time_arg(&req.end, "end")?;
    let row = db::instrument(&rc.db()?, req.instrument_id)
        .await?
        .ok_or_else(|| ApiError::invalid("instrument_id: no such instrument"))?;
    let inst = row.view();
    if inst.external_url.is_some() {
        return Err(ApiError::invalid(
            "instrument_id: this agency's instrument is booked on its own system (external_url)",
        ));
    }
    let now = rc.now();
    validate_slot(&inst.rules, start, end, now)?;
    let note = req.note.as_deref().unwrap_or("").trim();
    if note.chars().count() > 500 {
        return Err(ApiError::invalid("note: at most 500 characters"));
    }
    let samples = req.samples.unwrap_or(1);
    if !(1..=1000).contains(&samples) {
        return Err(ApiError::invalid("samples: 1 to 1000"));
    }
    let dbh = rc.db()?;
    if inst.requires_training && !db::is_trained(&dbh, me.user.id, inst.id).await? {
        return Err(ApiError::new(ErrorKind::Forbidden, "training on this instrument is required first"));
    }
    let pi =
        match req.payment {
            Payment::Quota => Some(db::paying_pi(&dbh, me.user.id, req.pi_user_id).await?.ok_or_else(|| {
                ApiError::new(ErrorKind::Forbidden, "you are not in a PI group that can pay by quota")
            })?),
            Payment::Cash => None,
        };
    let estimated = cost(inst.fee_unit, inst.fee_academic, (end - start) / 60, samples);
    let status = if inst.requires_approval { BookingStatus::Pending } else { BookingStatus::Confirmed };
    let weeks = req.repeat_weeks.unwrap_or(1);
    if !(1..=MAX_REPEAT_WEEKS).contains(&weeks) {
        return Err(ApiError::invalid(format!("repeat_weeks: 1 to {MAX_REPEAT_WEEKS}")));
    }
    // Every week of a series must pass the same rules (the last one may fall past the horizon).
    for w in 1..weeks as i64 {
        validate_slot(&inst.rules, start + w * WEEK, end + w * WEEK, now)
            .map_err(|e| ApiError::invalid(format!("week {}: {}", w + 1, e.message)))?;
    }
    let ids: Vec<String> = (0..weeks).map(|_| crate::crypto::random_hex::<12>()).collect();
    let items: Vec<db::NewBooking> = ids
        .iter()
        .enumerate()
        .map(|(w, id)| db::NewBooking {
            id,
            instrument_id: inst.id,
            user_id: me.user.id,
            pi_user_id: pi,
            start: start + w as i64 * WEEK,
            end: end + w as i64 * WEEK,
            status,
            payment: req.payment,
            cost: estimated,
            note,
            now,
        })
        .collect();
    if weeks == 1 {
        db::insert_booking(&dbh, &items[0]).await?;
        let created = db::booking(&dbh, &ids[0]).await?.ok_or_else(|| crate::error::internal("booking vanished"))?;
        return crate::http::json_with_status(&BookingEnvelope { booking: created.view() }, 201);
    }
    let series_id = crate::crypto::random_hex::<12>();
    db::insert_series(&dbh, &items, &series_id).await?;
    let bookings = db::series(&dbh, &series_id).await?.iter().map(db::BookingRow::view).collect();
    crate::http::json_with_status(&SeriesEnvelope { bookings }, 201)
}

const WEEK: i64 = 7 * 86_400;

/// The booker, their PI and the centre's staff may see a booking.
fn may_see(me: &CurrentUser, b: &db::BookingRow) -> bool {
    b.user_id == me.user.id || b.pi_user_id == Some(me.user.id) || staff_of(me, &b.center_id)
}

/// The booking of the `{id}` path parameter, if `me` may see it; else 404.
pub async fn booking_or_404(rc: &RequestCtx, me: &CurrentUser) -> Result<db::BookingRow, ApiError> {
    let id = rc.param("id").unwrap_or_default().to_string();
    match db::booking(&rc.db()?, &id).await? {
        // Someone else's booking is "not found", so ids cannot be probed.
        Some(b) if may_see(me, &b) => Ok(b),
        _ => Err(ApiError::new(ErrorKind::NotFound, "no such booking")),
    }
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
    if !db::confirm(&dbh, &b.view().id, now).await? {
        return Err(ApiError::conflict(format!("booking is {}, not pending", b.status)));
    }
    let v = b.view();
    let params = serde_json::json!({ "instrument": v.instrument_name, "start": v.start });
    let note = crate::accounts::db::notifications::insert(
        &dbh,
        b.user_id,
        "booking_confirmed",
        &params,
        "/booking/mine",
        now,
    )?;
    dbh.batch(vec![note]).await.map_err(crate::db::d1_err)?;
    let b = db::booking(&dbh, &b.view().id).await?.ok_or_else(ApiError::not_found)?;
    crate::http::ok_json(&BookingEnvelope { booking: b.view() })
}

/// `POST /api/bookings/{id}/cancel`: the booker until the deadline, staff any time.
pub async fn cancel_booking(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let b = booking_or_404(rc, &me).await?;
    let now = rc.now();
    let is_staff = staff_of(&me, &b.center_id);
    if !is_staff {
        if b.user_id != me.user.id {
            return Err(ApiError::forbidden());
        }
        if !can_cancel(b.start_at, now, b.cancel_hours) {
            return Err(ApiError::new(
                ErrorKind::Forbidden,
                format!("cancellation closes {} hours before the start; ask the centre", b.cancel_hours),
            ));
        }
    }
    let dbh = rc.db()?;
    if !db::cancel(&dbh, &b.view().id, now).await? {
        return Err(ApiError::conflict(format!("booking is {}, not active", b.status)));
    }
    let v = b.view();
    if is_staff && b.user_id != me.user.id {
        let params = serde_json::json!({ "instrument": v.instrument_name, "start": v.start });
        let note = crate::accounts::db::notifications::insert(
            &dbh,
            b.user_id,
            "booking_cancelled_by_centre",
            &params,
            "/booking/mine",
            now,
        )?;
        dbh.batch(vec![note]).await.map_err(crate::db::d1_err)?;
    }
    // The freed time goes to whoever has been waiting for it, first come first.
    let (s, e) = (parse_rfc3339(&v.start).unwrap_or(0), parse_rfc3339(&v.end).unwrap_or(0));
    db::notify_waiters(&dbh, v.instrument_id, &v.instrument_name, s, e, now).await?;
    let b = db::booking(&dbh, &b.view().id).await?.ok_or_else(ApiError::not_found)?;
    crate::http::ok_json(&BookingEnvelope { booking: b.view() })
}

/// `GET /api/me/bookings`.
pub async fn list_my_bookings(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let (page, per_page) = crate::http::paging(rc)?;
    let (bookings, total) = db::bookings_of(&rc.db()?, me.user.id, page, per_page).await?;
    crate::http::ok_json(&BookingList { bookings, meta: PageMeta { total, page, per_page } })
}

/// `GET /api/me/quota`.
pub async fn get_my_quota(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let quotas = db::quotas_for(&rc.db()?, me.user.id).await?;
    crate::http::ok_json(&QuotaList { quotas })
}

/// `POST /api/me/group/members`: a PI adds a member by e-mail.
pub async fn add_group_member(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_role(rc, Role::Pi, None).await?;
    let req: AddMemberRequest = rc.json().await?;
    let dbh = rc.db()?;
    let email = commons_domain::accounts::normalise_email(&req.email);
    let member = accounts_db::user_by_email(&dbh, &email)
        .await?
        .ok_or_else(|| ApiError::invalid("email: no account with this e-mail"))?;
    if !db::add_member(&dbh, me.user.id, member.id).await? {
        return Err(ApiError::conflict("your quota account has not been opened yet"));
    }
    Ok(Response::builder().with_status(204).empty())
}

/// `POST /api/admin/quota`: admin adds quota to a PI.
pub async fn admin_grant_quota(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    let req: GrantQuotaRequest = rc.json().await?;
    if req.amount <= 0 || req.amount > 100_000_000 {
        return Err(ApiError::invalid("amount: 1 to 100,000,000"));
    }
    let dbh = rc.db()?;
    let roles = accounts_db::roles_for(&dbh, req.pi_user_id).await?;
    if !roles.iter().any(|g| g.role == Role::Pi) {
        return Err(ApiError::invalid("pi_user_id: that user is not a PI"));
    }
    db::grant_quota(&dbh, req.pi_user_id, req.amount, req.grant_code.as_deref().unwrap_or(""), rc.now()).await?;
    let quotas = db::quotas_for(&dbh, req.pi_user_id).await?;
    crate::http::ok_json(&QuotaList { quotas: quotas.into_iter().filter(|q| q.pi_user_id == req.pi_user_id).collect() })
}

/// `GET /api/centers/{id}/day?date=YYYY-MM-DD`: every instrument of the centre side by side.
pub async fn center_day(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let center = rc.param("id").unwrap_or_default().to_string();
    let q = query(rc)?;
    let date = q_get(&q, "date").ok_or_else(|| ApiError::invalid("date: required, YYYY-MM-DD"))?.to_string();
    let from = commons_domain::booking::taipei_midnight(&date)
        .ok_or_else(|| ApiError::invalid("date: not a YYYY-MM-DD date"))?;
    let to = from + 86_400;
    let dbh = rc.db()?;
    let filter = db::InstrumentFilter { q: "", center: &center, category: "" };
    let (instruments, total) = db::search_instruments(&dbh, &filter, 1, 100).await?;
    if total == 0 {
        return Err(ApiError::new(ErrorKind::NotFound, "no such centre"));
    }
    let viewer = current_user(rc).await?.map(|u| u.user.id);
    let busy = db::center_busy(&dbh, &center, from, to).await?;
    let columns = instruments
        .into_iter()
        .map(|instrument| {
            let busy = busy
                .iter()
                .filter(|(id, _)| *id == instrument.id)
                .map(|(_, b)| BusySlot {
                    start: rfc3339_utc(b.start_at),
                    end: rfc3339_utc(b.end_at),
                    kind: b.kind.clone(),
                    mine: viewer.is_some_and(|v| v == b.user_id),
                })
                .collect();
            commons_domain::booking::DayColumn { instrument, busy }
        })
        .collect();
    crate::http::ok_json(&commons_domain::booking::CenterDay {
        center_id: center,
        date,
        from: rfc3339_utc(from),
        columns,
    })
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
    if !["", "pending", "confirmed", "cancelled", "completed", "no_show"].contains(&status) {
        return Err(ApiError::invalid("status: pending, confirmed, cancelled, completed or no_show"));
    }
    let (bookings, total) = db::center_bookings(&rc.db()?, &center, status, page, per_page).await?;
    crate::http::ok_json(&BookingList { bookings, meta: PageMeta { total, page, per_page } })
}

/// `PATCH /api/instruments/{id}`: staff of the centre change fees and rules.
/// Existing bookings keep the cost reserved when they were made.
pub async fn update_instrument(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let id = id_param(rc)?;
    let current = instrument_or_404(rc, id).await?.view();
    if !staff_of(&me, &current.center_id) {
        return Err(ApiError::forbidden());
    }
    let u: commons_domain::booking::InstrumentUpdate = rc.json().await?;
    commons_domain::booking::validate_update(&u, &current)?;
    let dbh = rc.db()?;
    db::update_instrument(&dbh, id, &u).await?;
    let row = instrument_or_404(rc, id).await?;
    crate::http::ok_json(&serde_json::json!({ "instrument": row.view() }))
}
