//! SQL for bookings: one or a weekly series with their quota reservations,
//! the state changes that decide races (confirm, cancel) and the lists of a
//! booker and of a centre.
//!
//! Overlaps and negative balances are refused by the schema itself (see
//! `migrations/0002_booking.sql`); the writes here are single statements or
//! single batches, so each change is all-or-nothing and a lost race is an
//! error from the database, never a check made beforehand.

use commons_domain::booking::{Booking, BookingStatus, Payment};
use commons_domain::common::locale::rfc3339_utc;
use commons_domain::ApiError;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

use crate::db::{changes, d1_err, int, text};

/// A new booking, before it is written.
pub struct NewBooking<'a> {
    /// Random id.
    pub id: &'a str,
    /// Instrument.
    pub instrument_id: i64,
    /// Booker.
    pub user_id: i64,
    /// Paying PI (quota bookings).
    pub pi_user_id: Option<i64>,
    /// Start, unix seconds.
    pub start: i64,
    /// End, unix seconds.
    pub end: i64,
    /// Initial state.
    pub status: BookingStatus,
    /// Payment.
    pub payment: Payment,
    /// Reserved cost.
    pub cost: i64,
    /// Note.
    pub note: &'a str,
    /// Now.
    pub now: i64,
}

/// A booking row joined with its instrument.
#[derive(Debug, Clone, Deserialize)]
pub struct BookingRow {
    id: String,
    instrument_id: i64,
    instrument_name: String,
    /// Booker.
    pub user_id: i64,
    /// Paying PI.
    pub pi_user_id: Option<i64>,
    /// Start, unix seconds.
    pub start_at: i64,
    /// End, unix seconds.
    pub end_at: i64,
    /// State.
    pub status: String,
    payment: String,
    estimated_cost: i64,
    #[serde(default)]
    actual_cost: Option<i64>,
    #[serde(default)]
    series_id: Option<String>,
    /// The instrument's centre.
    pub center_id: String,
    /// The instrument's cancellation deadline.
    pub cancel_hours: i64,
    /// The centre's name, where a query selects it (the ICS feed).
    #[serde(default)]
    pub center_name: Option<String>,
    /// The booker's name, where a query selects it (staff views).
    #[serde(default)]
    pub booker_name: Option<String>,
}

impl BookingRow {
    /// The booking's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The wire form.
    pub fn view(&self) -> Booking {
        Booking {
            id: self.id.clone(),
            instrument_id: self.instrument_id,
            instrument_name: self.instrument_name.clone(),
            user_id: self.user_id,
            pi_user_id: self.pi_user_id,
            start: rfc3339_utc(self.start_at),
            end: rfc3339_utc(self.end_at),
            // The CHECK on `status` admits only the five names.
            status: BookingStatus::parse(&self.status).unwrap_or(BookingStatus::Cancelled),
            payment: Payment::from_stored(&self.payment),
            estimated_cost: self.estimated_cost,
            actual_cost: self.actual_cost,
            series_id: self.series_id.clone(),
            booker_name: self.booker_name.clone(),
            center_name: self.center_name.clone(),
            cancel_deadline: rfc3339_utc(self.start_at - self.cancel_hours * 3600),
        }
    }
}

/// The columns of [`BookingRow`], for queries over `bookings b JOIN instruments i`.
pub(super) const BOOKING_COLS: &str = "b.id, b.instrument_id, i.name_zh AS instrument_name, b.user_id, b.pi_user_id, \
     b.start_at, b.end_at, b.status, b.payment, b.estimated_cost, b.actual_cost, b.series_id, i.center_id, i.cancel_hours";

/// The booking insert statement alone (for batches of a series).
fn insert_statement(
    db: &D1Database,
    b: &NewBooking<'_>,
    series: Option<&str>,
) -> Result<D1PreparedStatement, ApiError> {
    crate::db::stmt(
        db,
        "INSERT INTO bookings (id, instrument_id, user_id, pi_user_id, start_at, end_at, status, payment, \
         estimated_cost, note, created_at, updated_at, series_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)",
        &[
            text(b.id),
            int(b.instrument_id),
            int(b.user_id),
            b.pi_user_id.map(int).unwrap_or(JsValue::NULL),
            int(b.start),
            int(b.end),
            text(b.status.as_str()),
            text(b.payment.as_str()),
            int(b.cost),
            text(b.note),
            int(b.now),
            series.map(text).unwrap_or(JsValue::NULL),
        ],
    )
}

/// The quota reservation statement for a new booking.
fn reserve_statement(db: &D1Database, b: &NewBooking<'_>) -> Result<Option<D1PreparedStatement>, ApiError> {
    match (b.payment, b.pi_user_id) {
        (Payment::Quota, Some(pi)) => Ok(Some(crate::db::stmt(
            db,
            "INSERT INTO quota_ledger (pi_user_id, booking_id, kind, delta, created_at) VALUES (?1, ?2, 'reserve', ?3, ?4)",
            &[int(pi), text(b.id), int(-b.cost), int(b.now)],
        )?)),
        _ => Ok(None),
    }
}

/// Inserts a booking and, for quota payment, its reservation, in one batch:
/// the overlap trigger or the balance CHECK aborts both together.
pub async fn insert_booking(db: &D1Database, b: &NewBooking<'_>) -> Result<(), ApiError> {
    let mut stmts = vec![insert_statement(db, b, None)?];
    stmts.extend(reserve_statement(db, b)?);
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
}

/// Inserts a whole weekly series (and its reservations) in one batch: one
/// taken week, a holding limit crossed or an unaffordable total refuses the
/// series. One insert per week and one statement for every reservation, so
/// the longest series stays within D1's statements per invocation.
pub async fn insert_series(db: &D1Database, items: &[NewBooking<'_>], series: &str) -> Result<(), ApiError> {
    let mut stmts = Vec::new();
    for b in items {
        stmts.push(insert_statement(db, b, Some(series))?);
    }
    if let Some(first) = items.first() {
        if first.payment == Payment::Quota && first.pi_user_id.is_some() {
            stmts.push(crate::db::stmt(
                db,
                "INSERT INTO quota_ledger (pi_user_id, booking_id, kind, delta, created_at) \
                 SELECT pi_user_id, id, 'reserve', -estimated_cost, ?2 FROM bookings \
                 WHERE series_id = ?1 AND payment = 'quota' AND pi_user_id IS NOT NULL ORDER BY start_at",
                &[text(series), int(first.now)],
            )?);
        }
    }
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
}

/// One booking.
pub async fn booking(db: &D1Database, id: &str) -> Result<Option<BookingRow>, ApiError> {
    crate::db::first::<BookingRow>(
        db,
        &format!("SELECT {BOOKING_COLS} FROM bookings b JOIN instruments i ON i.id = b.instrument_id WHERE b.id = ?1"),
        &[text(id)],
    )
    .await
}

/// Bookings of a series, in order.
pub async fn series(db: &D1Database, series_id: &str) -> Result<Vec<BookingRow>, ApiError> {
    crate::db::all::<BookingRow>(
        db,
        &format!("SELECT {BOOKING_COLS} FROM bookings b JOIN instruments i ON i.id = b.instrument_id WHERE b.series_id = ?1 ORDER BY b.start_at"),
        &[text(series_id)],
    )
    .await
}

/// A user's bookings, newest start first, and the total.
pub async fn bookings_of(
    db: &D1Database,
    user_id: i64,
    page: u32,
    per_page: u32,
) -> Result<(Vec<Booking>, u64), ApiError> {
    let offset = (page.saturating_sub(1) as i64) * per_page as i64;
    let rows = crate::db::all::<BookingRow>(
        db,
        &format!(
            "SELECT {BOOKING_COLS}, c.name_zh AS center_name FROM bookings b JOIN instruments i ON i.id = b.instrument_id \
             JOIN centers c ON c.id = i.center_id WHERE b.user_id = ?1 ORDER BY b.start_at DESC LIMIT ?2 OFFSET ?3"
        ),
        &[int(user_id), int(per_page as i64), int(offset)],
    )
    .await?;
    let total =
        crate::db::count(db, "SELECT COUNT(*) AS n FROM bookings WHERE user_id = ?1", &[int(user_id)]).await? as u64;
    Ok((rows.iter().map(BookingRow::view).collect(), total))
}

/// A centre's bookings (optionally of one status) with bookers' names, soonest first, and the total.
pub async fn center_bookings(
    db: &D1Database,
    center: &str,
    status: &str,
    page: u32,
    per_page: u32,
) -> Result<(Vec<Booking>, u64), ApiError> {
    let offset = (page.saturating_sub(1) as i64) * per_page as i64;
    let rows = crate::db::all::<BookingRow>(
        db,
        &format!(
            "SELECT {BOOKING_COLS}, u.display_name AS booker_name \
         FROM bookings b JOIN instruments i ON i.id = b.instrument_id JOIN users u ON u.id = b.user_id \
         WHERE i.center_id = ?1 AND (?2 = '' OR b.status = ?2) ORDER BY b.start_at LIMIT ?3 OFFSET ?4"
        ),
        &[text(center), text(status), int(per_page as i64), int(offset)],
    )
    .await?;
    let total = crate::db::count(
        db,
        "SELECT COUNT(*) AS n FROM bookings b JOIN instruments i ON i.id = b.instrument_id WHERE i.center_id = ?1 AND (?2 = '' OR b.status = ?2)",
        &[text(center), text(status)],
    )
    .await? as u64;
    Ok((rows.iter().map(BookingRow::view).collect(), total))
}

/// Compare-and-swap pending → confirmed; false if it was not pending.
pub async fn confirm(db: &D1Database, id: &str, now: i64) -> Result<bool, ApiError> {
    let r = crate::db::run(
        db,
        "UPDATE bookings SET status = 'confirmed', updated_at = ?2 WHERE id = ?1 AND status = 'pending'",
        &[text(id), int(now)],
    )
    .await?;
    Ok(r == 1)
}

/// Cancels an active booking and releases its reservation in one batch;
/// false if it was not active. The release is written at most once.
pub async fn cancel(db: &D1Database, id: &str, now: i64) -> Result<bool, ApiError> {
    let res = db
        .batch(vec![
            db.prepare(
                "UPDATE bookings SET status = 'cancelled', updated_at = ?2 WHERE id = ?1 AND status IN ('pending', 'confirmed')",
            )
            .bind(&[text(id), int(now)])
            .map_err(d1_err)?,
            db.prepare(
                "INSERT INTO quota_ledger (pi_user_id, booking_id, kind, delta, created_at) \
                 SELECT pi_user_id, id, 'release', estimated_cost, ?2 FROM bookings \
                 WHERE id = ?1 AND payment = 'quota' AND status = 'cancelled' AND pi_user_id IS NOT NULL \
                   AND NOT EXISTS (SELECT 1 FROM quota_ledger WHERE booking_id = ?1 AND kind = 'release')",
            )
            .bind(&[text(id), int(now)])
            .map_err(d1_err)?,
        ])
        .await
        .map_err(d1_err)?;
    Ok(res.first().map(changes) == Some(1))
}

/// The parameters of a booking's notification, as its message templates name them.
#[derive(Serialize)]
struct BookingNote<'a> {
    instrument: &'a str,
    start: &'a str,
}

/// Tells a booker, on the bell, what happened to their booking (`kind` is
/// the notification's i18n key; the page links to their bookings).
pub async fn notify_booker(db: &D1Database, b: &Booking, kind: &str, now: i64) -> Result<(), ApiError> {
    let params = serde_json::to_value(BookingNote { instrument: &b.instrument_name, start: &b.start })
        .map_err(crate::error::internal)?;
    let note = crate::accounts::db::notifications::insert(db, b.user_id, kind, &params, "/booking/mine", now)?;
    db.batch(vec![note]).await.map_err(d1_err)?;
    Ok(())
}
