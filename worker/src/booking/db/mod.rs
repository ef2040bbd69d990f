//! SQL for centres, instruments, bookings, trainings and PI quotas.
//!
//! Overlaps and negative balances are refused by the schema itself (see
//! `migrations/0002_booking.sql`); these functions issue the writes as single
//! batches so each change is all-or-nothing.

use commons_domain::booking::{Booking, BookingStatus, Center, FeeUnit, Instrument, Payment, SlotRules};
use commons_domain::common::locale::rfc3339_utc;
use commons_domain::ApiError;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

use crate::db::{changes, d1_err, int, text};

/// An instrument joined with its centre's rules.
#[derive(Debug, Clone, Deserialize)]
pub struct InstrumentRow {
    id: i64,
    center_id: String,
    center_name_zh: String,
    center_name_en: String,
    name_zh: String,
    name_en: String,
    category: String,
    description: String,
    photo_url: Option<String>,
    fee_unit: String,
    fee_academic: i64,
    fee_industry: i64,
    min_minutes: i64,
    max_minutes: i64,
    horizon_days: i64,
    cancel_hours: i64,
    requires_training: i64,
    requires_approval: i64,
    open_minute: i64,
    close_minute: i64,
    open_weekdays: String,
    #[serde(default)]
    external_url: Option<String>,
}

impl InstrumentRow {
    /// The wire form.
    pub fn view(&self) -> Instrument {
        Instrument {
            id: self.id,
            center_id: self.center_id.clone(),
            center_name_zh: self.center_name_zh.clone(),
            center_name_en: self.center_name_en.clone(),
            name_zh: self.name_zh.clone(),
            name_en: self.name_en.clone(),
            category: self.category.clone(),
            description: self.description.clone(),
            photo_url: self.photo_url.clone(),
            fee_unit: if self.fee_unit == "sample" { FeeUnit::Sample } else { FeeUnit::Hour },
            fee_academic: self.fee_academic,
            fee_industry: self.fee_industry,
            requires_training: self.requires_training != 0,
            requires_approval: self.requires_approval != 0,
            cancel_hours: self.cancel_hours,
            rules: SlotRules {
                min_minutes: self.min_minutes,
                max_minutes: self.max_minutes,
                horizon_days: self.horizon_days,
                open_minute: self.open_minute,
                close_minute: self.close_minute,
                open_weekdays: self.open_weekdays.clone(),
            },
            external_url: self.external_url.clone(),
        }
    }
}

const INSTRUMENT_SELECT: &str = "SELECT i.id, i.center_id, c.name_zh AS center_name_zh, c.name_en AS center_name_en, \
     i.name_zh, i.name_en, i.category, i.description, i.photo_url, i.fee_unit, i.fee_academic, i.fee_industry, \
     i.min_minutes, i.max_minutes, i.horizon_days, i.cancel_hours, i.requires_training, i.requires_approval, \
     c.open_minute, c.close_minute, c.open_weekdays, i.external_url \
     FROM instruments i JOIN centers c ON c.id = i.center_id";

#[derive(Deserialize)]
struct CenterRow {
    id: String,
    name_zh: String,
    name_en: String,
    city: String,
    instrument_count: i64,
}

/// Every centre with its instrument count.
pub async fn centers(db: &D1Database) -> Result<Vec<Center>, ApiError> {
    let rows = crate::db::all::<CenterRow>(
        db,
        "SELECT c.id, c.name_zh, c.name_en, c.city, \
         (SELECT COUNT(*) FROM instruments i WHERE i.center_id = c.id AND i.active = 1) AS instrument_count \
         FROM centers c ORDER BY c.id",
        &[],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Center {
            id: r.id,
            name_zh: r.name_zh,
            name_en: r.name_en,
            city: r.city,
            instrument_count: r.instrument_count,
        })
        .collect())
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
fn like_pattern(q: &str) -> String {
    let esc = q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{esc}%")
}

/// Filters for the instrument search.
pub struct InstrumentFilter<'a> {
    /// Substring of name, category or description (Chinese substrings match as typed).
    pub q: &'a str,
    /// Centre id, or empty.
    pub center: &'a str,
    /// Category, or empty.
    pub category: &'a str,
}

const INSTRUMENT_WHERE: &str =
    " WHERE i.active = 1 AND (?1 = '' OR i.center_id = ?1) AND (?2 = '' OR i.category = ?2) \
     AND (?3 = '%%' OR i.name_zh LIKE ?3 ESCAPE '\\' OR i.name_en LIKE ?3 ESCAPE '\\' \
          OR i.category LIKE ?3 ESCAPE '\\' OR i.description LIKE ?3 ESCAPE '\\')";

/// One page of matching instruments and the total.
pub async fn search_instruments(
    db: &D1Database,
    f: &InstrumentFilter<'_>,
    page: u32,
    per_page: u32,
) -> Result<(Vec<Instrument>, u64), ApiError> {
    let pattern = like_pattern(f.q.trim());
    let args = [text(f.center), text(f.category), text(&pattern)];
    let offset = (page.saturating_sub(1) as i64) * per_page as i64;
    let rows = crate::db::all::<InstrumentRow>(
        db,
        &format!("{INSTRUMENT_SELECT}{INSTRUMENT_WHERE} ORDER BY i.center_id, i.id LIMIT ?4 OFFSET ?5"),
        &[args[0].clone(), args[1].clone(), args[2].clone(), int(per_page as i64), int(offset)],
    )
    .await?;
    let total = crate::db::count(db, &format!("SELECT COUNT(*) AS n FROM instruments i{INSTRUMENT_WHERE}"), &args)
        .await? as u64;
    Ok((rows.iter().map(InstrumentRow::view).collect(), total))
}

/// One active instrument.
pub async fn instrument(db: &D1Database, id: i64) -> Result<Option<InstrumentRow>, ApiError> {
    crate::db::first::<InstrumentRow>(db, &format!("{INSTRUMENT_SELECT} WHERE i.id = ?1 AND i.active = 1"), &[int(id)])
        .await
}

/// A busy interval as stored.
#[derive(Debug, Deserialize)]
pub struct BusyRow {
    /// Start, unix seconds.
    pub start_at: i64,
    /// End, unix seconds.
    pub end_at: i64,
    /// `pending`, `confirmed` or `blackout`.
    pub kind: String,
    /// The booker (0 for blackouts).
    pub user_id: i64,
}

/// Active bookings and blackouts of an instrument overlapping `[from, to)`.
pub async fn busy(db: &D1Database, instrument_id: i64, from: i64, to: i64) -> Result<Vec<BusyRow>, ApiError> {
    crate::db::all::<BusyRow>(db, "SELECT start_at, end_at, status AS kind, user_id FROM bookings \
           WHERE instrument_id = ?1 AND status IN ('pending', 'confirmed') AND start_at < ?3 AND end_at > ?2 \
         UNION ALL \
         SELECT x.start_at, x.end_at, 'blackout' AS kind, 0 AS user_id FROM blackouts x JOIN instruments i ON i.id = ?1 \
           WHERE x.center_id = i.center_id AND (x.instrument_id IS NULL OR x.instrument_id = ?1) \
             AND x.start_at < ?3 AND x.end_at > ?2 \
         ORDER BY start_at", &[int(instrument_id), int(from), int(to)]).await
}

/// Whether a user is trained on an instrument.
pub async fn is_trained(db: &D1Database, user_id: i64, instrument_id: i64) -> Result<bool, ApiError> {
    Ok(crate::db::count(
        db,
        "SELECT COUNT(*) AS n FROM trainings WHERE user_id = ?1 AND instrument_id = ?2",
        &[int(user_id), int(instrument_id)],
    )
    .await?
        > 0)
}

/// Records a training (idempotent).
pub async fn record_training(
    db: &D1Database,
    user_id: i64,
    instrument_id: i64,
    by: i64,
    now: i64,
) -> Result<(), ApiError> {
    crate::db::run(
        db,
        "INSERT OR IGNORE INTO trainings (user_id, instrument_id, trained_by, trained_at) VALUES (?1, ?2, ?3, ?4)",
        &[int(user_id), int(instrument_id), int(by), int(now)],
    )
    .await?;
    Ok(())
}

#[derive(Deserialize)]
struct PiRow {
    pi_user_id: i64,
}

/// The PI account `user_id` books against: `requested` if they are that PI or
/// in the group, else their own account, else their only group. `None` if none fits.
pub async fn paying_pi(db: &D1Database, user_id: i64, requested: Option<i64>) -> Result<Option<i64>, ApiError> {
    let rows = crate::db::all::<PiRow>(
        db,
        "SELECT pi_user_id FROM pi_accounts WHERE pi_user_id = ?1 \
             UNION SELECT pi_user_id FROM memberships WHERE user_id = ?1 ORDER BY pi_user_id",
        &[int(user_id)],
    )
    .await?;
    let ids: Vec<i64> = rows.into_iter().map(|r| r.pi_user_id).collect();
    Ok(match requested {
        Some(r) => ids.contains(&r).then_some(r),
        None if ids.contains(&user_id) => Some(user_id),
        None if ids.len() == 1 => Some(ids[0]),
        None => None,
    })
}

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

/// Inserts a booking and, for quota payment, its reservation, in one batch:
/// the overlap trigger or the balance CHECK aborts both together.
pub async fn insert_booking(db: &D1Database, b: &NewBooking<'_>) -> Result<(), ApiError> {
    let mut stmts = vec![insert_statement(db, b, None)?];
    stmts.extend(reserve_statement(db, b)?);
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
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
    end_at: i64,
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
    /// The wire form.
    pub fn view(&self) -> Booking {
        let status = match self.status.as_str() {
            "pending" => BookingStatus::Pending,
            "confirmed" => BookingStatus::Confirmed,
            "completed" => BookingStatus::Completed,
            "no_show" => BookingStatus::NoShow,
            _ => BookingStatus::Cancelled,
        };
        Booking {
            id: self.id.clone(),
            instrument_id: self.instrument_id,
            instrument_name: self.instrument_name.clone(),
            user_id: self.user_id,
            pi_user_id: self.pi_user_id,
            start: rfc3339_utc(self.start_at),
            end: rfc3339_utc(self.end_at),
            status,
            payment: if self.payment == "quota" { Payment::Quota } else { Payment::Cash },
            estimated_cost: self.estimated_cost,
            actual_cost: self.actual_cost,
            series_id: self.series_id.clone(),
            booker_name: self.booker_name.clone(),
        }
    }
}

/// The columns of [`BookingRow`], for queries over `bookings b JOIN instruments i`.
const BOOKING_COLS: &str = "b.id, b.instrument_id, i.name_zh AS instrument_name, b.user_id, b.pi_user_id, \
     b.start_at, b.end_at, b.status, b.payment, b.estimated_cost, b.actual_cost, b.series_id, i.center_id, i.cancel_hours";

/// One booking.
pub async fn booking(db: &D1Database, id: &str) -> Result<Option<BookingRow>, ApiError> {
    crate::db::first::<BookingRow>(
        db,
        &format!("SELECT {BOOKING_COLS} FROM bookings b JOIN instruments i ON i.id = b.instrument_id WHERE b.id = ?1"),
        &[text(id)],
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
        &format!("SELECT {BOOKING_COLS} FROM bookings b JOIN instruments i ON i.id = b.instrument_id WHERE b.user_id = ?1 ORDER BY b.start_at DESC LIMIT ?2 OFFSET ?3"),
        &[int(user_id), int(per_page as i64), int(offset)],
    )
    .await?;
    let total =
        crate::db::count(db, "SELECT COUNT(*) AS n FROM bookings WHERE user_id = ?1", &[int(user_id)]).await? as u64;
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

#[derive(Deserialize)]
struct QuotaRow {
    pi_user_id: i64,
    pi_name: String,
    grant_code: String,
    balance: i64,
    ledger_sum: i64,
}

/// The PI accounts a user may book against, with balance and ledger sum.
pub async fn quotas_for(db: &D1Database, user_id: i64) -> Result<Vec<commons_domain::booking::QuotaView>, ApiError> {
    let rows = crate::db::all::<QuotaRow>(
        db,
        "SELECT p.pi_user_id, u.display_name AS pi_name, p.grant_code, p.balance, \
               (SELECT COALESCE(SUM(delta), 0) FROM quota_ledger l WHERE l.pi_user_id = p.pi_user_id) AS ledger_sum \
             FROM pi_accounts p JOIN users u ON u.id = p.pi_user_id \
             WHERE p.pi_user_id = ?1 OR p.pi_user_id IN (SELECT pi_user_id FROM memberships WHERE user_id = ?1) \
             ORDER BY p.pi_user_id",
        &[int(user_id)],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| commons_domain::booking::QuotaView {
            pi_user_id: r.pi_user_id,
            pi_name: r.pi_name,
            grant_code: r.grant_code,
            balance: r.balance,
            ledger_sum: r.ledger_sum,
        })
        .collect())
}

/// Opens the PI's account if needed and adds a `grant` ledger row, in one batch.
pub async fn grant_quota(db: &D1Database, pi: i64, amount: i64, grant_code: &str, now: i64) -> Result<(), ApiError> {
    db.batch(vec![
        db.prepare(
            "INSERT INTO pi_accounts (pi_user_id, grant_code, balance) VALUES (?1, ?2, 0) \
             ON CONFLICT(pi_user_id) DO UPDATE SET grant_code = CASE WHEN excluded.grant_code = '' THEN grant_code ELSE excluded.grant_code END",
        )
        .bind(&[int(pi), text(grant_code)])
        .map_err(d1_err)?,
        db.prepare("INSERT INTO quota_ledger (pi_user_id, kind, delta, created_at) VALUES (?1, 'grant', ?2, ?3)")
            .bind(&[int(pi), int(amount), int(now)])
            .map_err(d1_err)?,
    ])
    .await
    .map_err(d1_err)?;
    Ok(())
}

/// Adds a member to a PI's group (idempotent); false if the PI has no account yet.
pub async fn add_member(db: &D1Database, pi: i64, member: i64) -> Result<bool, ApiError> {
    let r = crate::db::run(db, "INSERT OR IGNORE INTO memberships (user_id, pi_user_id) SELECT ?2, pi_user_id FROM pi_accounts WHERE pi_user_id = ?1", &[int(pi), int(member)]).await?;
    if r == 1 {
        return Ok(true);
    }
    // Already a member, or no account: tell them apart.
    Ok(crate::db::count(db, "SELECT COUNT(*) AS n FROM pi_accounts WHERE pi_user_id = ?1", &[int(pi)]).await? > 0)
}

/// The booking insert statement alone (for batches of a series).
pub fn insert_statement(
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
            text(if b.payment == Payment::Quota { "quota" } else { "cash" }),
            int(b.cost),
            text(b.note),
            int(b.now),
            series.map(text).unwrap_or(JsValue::NULL),
        ],
    )
}

/// The quota reservation statement for a new booking.
pub fn reserve_statement(db: &D1Database, b: &NewBooking<'_>) -> Result<Option<D1PreparedStatement>, ApiError> {
    match (b.payment, b.pi_user_id) {
        (Payment::Quota, Some(pi)) => Ok(Some(crate::db::stmt(
            db,
            "INSERT INTO quota_ledger (pi_user_id, booking_id, kind, delta, created_at) VALUES (?1, ?2, 'reserve', ?3, ?4)",
            &[int(pi), text(b.id), int(-b.cost), int(b.now)],
        )?)),
        _ => Ok(None),
    }
}

/// Inserts a whole weekly series (and its reservations) in one batch: one
/// taken week or an unaffordable total refuses the series.
pub async fn insert_series(db: &D1Database, items: &[NewBooking<'_>], series: &str) -> Result<(), ApiError> {
    let mut stmts = Vec::new();
    for b in items {
        stmts.push(insert_statement(db, b, Some(series))?);
        if let Some(r) = reserve_statement(db, b)? {
            stmts.push(r);
        }
    }
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
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

/// Settles a confirmed booking in one batch: status → completed with the
/// actual cost; the quota reservation is trued up (a CHECK failure refuses an
/// unaffordable overrun); cash gets the centre's next receipt number.
/// Returns false if the booking was not confirmed.
pub async fn complete(db: &D1Database, id: &str, actual: i64, staff: i64, now: i64) -> Result<bool, ApiError> {
    let res = db
        .batch(vec![
            crate::db::stmt(
                db,
                "UPDATE bookings SET status = 'completed', actual_cost = ?2, updated_at = ?3 WHERE id = ?1 AND status = 'confirmed'",
                &[text(id), int(actual), int(now)],
            )?,
            crate::db::stmt(
                db,
                "INSERT INTO quota_ledger (pi_user_id, booking_id, kind, delta, created_at) \
                 SELECT pi_user_id, id, 'settle', estimated_cost - actual_cost, ?2 FROM bookings \
                 WHERE id = ?1 AND status = 'completed' AND payment = 'quota' AND pi_user_id IS NOT NULL \
                   AND NOT EXISTS (SELECT 1 FROM quota_ledger WHERE booking_id = ?1 AND kind = 'settle')",
                &[text(id), int(now)],
            )?,
            crate::db::stmt(
                db,
                "INSERT INTO receipts (center_id, number, booking_id, amount, payer_name, issued_by, issued_at) \
                 SELECT i.center_id, COALESCE((SELECT MAX(r.number) FROM receipts r WHERE r.center_id = i.center_id), 0) + 1, \
                        b.id, b.actual_cost, u.display_name, ?2, ?3 \
                 FROM bookings b JOIN instruments i ON i.id = b.instrument_id JOIN users u ON u.id = b.user_id \
                 WHERE b.id = ?1 AND b.status = 'completed' AND b.payment = 'cash' \
                   AND NOT EXISTS (SELECT 1 FROM receipts WHERE booking_id = ?1)",
                &[text(id), int(staff), int(now)],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    Ok(res.first().map(changes) == Some(1))
}

/// Marks a confirmed booking as a no-show; the reservation stays charged.
pub async fn no_show(db: &D1Database, id: &str, now: i64) -> Result<bool, ApiError> {
    Ok(crate::db::run(
        db,
        "UPDATE bookings SET status = 'no_show', actual_cost = estimated_cost, updated_at = ?2 WHERE id = ?1 AND status = 'confirmed'",
        &[text(id), int(now)],
    )
    .await?
        == 1)
}

#[derive(Deserialize)]
struct ReceiptRow {
    center_id: String,
    number: i64,
    booking_id: String,
    amount: i64,
    payer_name: String,
    issued_at: i64,
}

/// The receipt of a booking, if one was issued.
pub async fn receipt(db: &D1Database, booking_id: &str) -> Result<Option<commons_domain::booking::Receipt>, ApiError> {
    Ok(crate::db::first::<ReceiptRow>(
        db,
        "SELECT center_id, number, booking_id, amount, payer_name, issued_at FROM receipts WHERE booking_id = ?1",
        &[text(booking_id)],
    )
    .await?
    .map(|r| commons_domain::booking::Receipt {
        center_id: r.center_id,
        number: r.number,
        booking_id: r.booking_id,
        amount: r.amount,
        payer_name: r.payer_name,
        issued_at: rfc3339_utc(r.issued_at),
    }))
}

/// Active bookings overlapping a would-be blackout.
pub async fn active_overlapping(
    db: &D1Database,
    center_id: &str,
    instrument_id: Option<i64>,
    start: i64,
    end: i64,
) -> Result<i64, ApiError> {
    crate::db::count(
        db,
        "SELECT COUNT(*) AS n FROM bookings b JOIN instruments i ON i.id = b.instrument_id \
         WHERE i.center_id = ?1 AND (?2 IS NULL OR b.instrument_id = ?2) AND b.status IN ('pending', 'confirmed') \
           AND b.start_at < ?4 AND b.end_at > ?3",
        &[text(center_id), instrument_id.map(int).unwrap_or(JsValue::NULL), int(start), int(end)],
    )
    .await
}

/// Stores a blackout.
pub async fn insert_blackout(
    db: &D1Database,
    center_id: &str,
    instrument_id: Option<i64>,
    start: i64,
    end: i64,
    reason: &str,
) -> Result<(), ApiError> {
    crate::db::run(
        db,
        "INSERT INTO blackouts (center_id, instrument_id, start_at, end_at, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
        &[text(center_id), instrument_id.map(int).unwrap_or(JsValue::NULL), int(start), int(end), text(reason)],
    )
    .await?;
    Ok(())
}

/// Joins the waitlist (idempotent per user and interval).
pub async fn join_waitlist(
    db: &D1Database,
    instrument_id: i64,
    user_id: i64,
    start: i64,
    end: i64,
    now: i64,
) -> Result<(), ApiError> {
    crate::db::run(
        db,
        "INSERT OR IGNORE INTO waitlist (instrument_id, user_id, start_at, end_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        &[int(instrument_id), int(user_id), int(start), int(end), int(now)],
    )
    .await?;
    Ok(())
}

#[derive(Deserialize)]
struct Waiter {
    id: i64,
    user_id: i64,
    start_at: i64,
}

/// Notifies, in joining order, everyone waiting for time that overlaps a
/// freed interval, and marks them notified (one batch).
pub async fn notify_waiters(
    db: &D1Database,
    instrument_id: i64,
    instrument_name: &str,
    start: i64,
    end: i64,
    now: i64,
) -> Result<usize, ApiError> {
    let waiters = crate::db::all::<Waiter>(
        db,
        "SELECT id, user_id, start_at FROM waitlist WHERE instrument_id = ?1 AND notified_at IS NULL \
         AND start_at < ?3 AND end_at > ?2 ORDER BY created_at, id",
        &[int(instrument_id), int(start), int(end)],
    )
    .await?;
    if waiters.is_empty() {
        return Ok(0);
    }
    let mut stmts = Vec::new();
    for (pos, w) in waiters.iter().enumerate() {
        let params =
            serde_json::json!({ "instrument": instrument_name, "start": rfc3339_utc(w.start_at), "position": pos + 1 });
        stmts.push(crate::accounts::db::notifications::insert(
            db,
            w.user_id,
            "waitlist_slot_free",
            &params,
            &format!("/booking/instruments/{instrument_id}"),
            now,
        )?);
        stmts.push(crate::db::stmt(db, "UPDATE waitlist SET notified_at = ?2 WHERE id = ?1", &[int(w.id), int(now)])?);
    }
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(waiters.len())
}

/// Instruments of the same category at other centres or this one, nearest (same city) first.
pub async fn similar(db: &D1Database, id: i64) -> Result<Vec<Instrument>, ApiError> {
    let rows = crate::db::all::<InstrumentRow>(
        db,
        &format!(
            "{INSTRUMENT_SELECT} JOIN instruments me ON me.id = ?1 JOIN centers mc ON mc.id = me.center_id \
             WHERE i.category = me.category AND i.id <> me.id AND i.active = 1 \
             ORDER BY (c.city = mc.city) DESC, (i.center_id = me.center_id) DESC, i.id LIMIT 6"
        ),
        &[int(id)],
    )
    .await?;
    Ok(rows.iter().map(InstrumentRow::view).collect())
}

#[derive(Deserialize)]
struct FavRow {
    instrument_id: i64,
    substitute_id: Option<i64>,
}

/// A user's favourites as (favourite, substitutes in order).
pub async fn favorites(db: &D1Database, user_id: i64) -> Result<Vec<(i64, Vec<i64>)>, ApiError> {
    let rows = crate::db::all::<FavRow>(
        db,
        "SELECT f.instrument_id, s.substitute_id FROM favorites f \
         LEFT JOIN favorite_substitutes s ON s.user_id = f.user_id AND s.instrument_id = f.instrument_id \
         WHERE f.user_id = ?1 ORDER BY f.created_at, f.instrument_id, s.position",
        &[int(user_id)],
    )
    .await?;
    let mut out: Vec<(i64, Vec<i64>)> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some((id, subs)) if *id == r.instrument_id => subs.extend(r.substitute_id),
            _ => out.push((r.instrument_id, r.substitute_id.into_iter().collect())),
        }
    }
    Ok(out)
}

/// Sets a favourite and replaces its substitutes, in one batch.
pub async fn put_favorite(
    db: &D1Database,
    user_id: i64,
    instrument_id: i64,
    subs: &[i64],
    now: i64,
) -> Result<(), ApiError> {
    let mut stmts = vec![
        crate::db::stmt(
            db,
            "INSERT OR IGNORE INTO favorites (user_id, instrument_id, created_at) VALUES (?1, ?2, ?3)",
            &[int(user_id), int(instrument_id), int(now)],
        )?,
        crate::db::stmt(
            db,
            "DELETE FROM favorite_substitutes WHERE user_id = ?1 AND instrument_id = ?2",
            &[int(user_id), int(instrument_id)],
        )?,
    ];
    for (pos, s) in subs.iter().enumerate() {
        stmts.push(crate::db::stmt(
            db,
            "INSERT INTO favorite_substitutes (user_id, instrument_id, substitute_id, position) VALUES (?1, ?2, ?3, ?4)",
            &[int(user_id), int(instrument_id), int(*s), int(pos as i64)],
        )?);
    }
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
}

/// Removes a favourite (and its substitutes); false if it was not one.
pub async fn delete_favorite(db: &D1Database, user_id: i64, instrument_id: i64) -> Result<bool, ApiError> {
    let res = db
        .batch(vec![
            crate::db::stmt(
                db,
                "DELETE FROM favorite_substitutes WHERE user_id = ?1 AND instrument_id = ?2",
                &[int(user_id), int(instrument_id)],
            )?,
            crate::db::stmt(
                db,
                "DELETE FROM favorites WHERE user_id = ?1 AND instrument_id = ?2",
                &[int(user_id), int(instrument_id)],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    Ok(res.get(1).map(changes) == Some(1))
}

/// Whether an instrument has no active booking or blackout overlapping `[start, end)`.
pub async fn is_free(db: &D1Database, instrument_id: i64, start: i64, end: i64) -> Result<bool, ApiError> {
    Ok(busy(db, instrument_id, start, end).await?.is_empty())
}

/// The user's 5 most-booked instruments that they can book now (active, and trained where required).
pub async fn most_booked(db: &D1Database, user_id: i64) -> Result<Vec<Instrument>, ApiError> {
    let rows = crate::db::all::<InstrumentRow>(
        db,
        &format!(
            "{INSTRUMENT_SELECT} JOIN (SELECT instrument_id, COUNT(*) AS n, MAX(start_at) AS last FROM bookings \
               WHERE user_id = ?1 GROUP BY instrument_id) u ON u.instrument_id = i.id \
             WHERE i.active = 1 AND (i.requires_training = 0 OR EXISTS \
               (SELECT 1 FROM trainings t WHERE t.user_id = ?1 AND t.instrument_id = i.id)) \
             ORDER BY u.n DESC, u.last DESC LIMIT 5"
        ),
        &[int(user_id)],
    )
    .await?;
    Ok(rows.iter().map(InstrumentRow::view).collect())
}

/// The user's feed token, created on first use.
pub async fn feed_token(db: &D1Database, user_id: i64, fresh: &str, now: i64) -> Result<String, ApiError> {
    crate::db::run(
        db,
        "INSERT OR IGNORE INTO calendar_feeds (user_id, token, created_at) VALUES (?1, ?2, ?3)",
        &[int(user_id), text(fresh), int(now)],
    )
    .await?;
    #[derive(Deserialize)]
    struct T {
        token: String,
    }
    crate::db::first::<T>(db, "SELECT token FROM calendar_feeds WHERE user_id = ?1", &[int(user_id)])
        .await?
        .map(|t| t.token)
        .ok_or_else(|| crate::error::internal("feed token vanished"))
}

/// The user a feed token belongs to.
pub async fn feed_user(db: &D1Database, token: &str) -> Result<Option<i64>, ApiError> {
    #[derive(Deserialize)]
    struct U {
        user_id: i64,
    }
    Ok(crate::db::first::<U>(db, "SELECT user_id FROM calendar_feeds WHERE token = ?1", &[text(token)])
        .await?
        .map(|u| u.user_id))
}

/// A user's active and completed bookings from `since` on, with centre names, for the ICS feed.
pub async fn feed_bookings(db: &D1Database, user_id: i64, since: i64) -> Result<Vec<BookingRow>, ApiError> {
    crate::db::all::<BookingRow>(
        db,
        &format!("SELECT {BOOKING_COLS}, c.name_zh AS center_name \
         FROM bookings b JOIN instruments i ON i.id = b.instrument_id JOIN centers c ON c.id = i.center_id \
         WHERE b.user_id = ?1 AND b.end_at >= ?2 AND b.status IN ('pending', 'confirmed', 'completed') ORDER BY b.start_at LIMIT 1000"),
        &[int(user_id), int(since)],
    )
    .await
}

/// Sends the day-before reminders for bookings starting in `[from, to)` that
/// have none yet, and marks them (one batch). Returns how many were sent.
pub async fn send_reminders(db: &D1Database, from: i64, to: i64, now: i64) -> Result<usize, ApiError> {
    let res = db
        .batch(vec![
            crate::db::stmt(
                db,
                "INSERT INTO notifications (user_id, kind, params, link, created_at) \
                 SELECT b.user_id, 'booking_reminder', \
                        json_object('instrument', i.name_zh, 'start', strftime('%Y-%m-%dT%H:%M:%SZ', b.start_at, 'unixepoch')), \
                        '/booking/mine', ?3 \
                 FROM bookings b JOIN instruments i ON i.id = b.instrument_id \
                 WHERE b.status IN ('pending', 'confirmed') AND b.reminded_at IS NULL AND b.start_at >= ?1 AND b.start_at < ?2",
                &[int(from), int(to), int(now)],
            )?,
            crate::db::stmt(
                db,
                "UPDATE bookings SET reminded_at = ?3 WHERE status IN ('pending', 'confirmed') AND reminded_at IS NULL \
                 AND start_at >= ?1 AND start_at < ?2",
                &[int(from), int(to), int(now)],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    Ok(res.first().map(changes).unwrap_or(0))
}

/// Active bookings and blackouts of every instrument of a centre in `[from, to)`.
pub async fn center_busy(db: &D1Database, center: &str, from: i64, to: i64) -> Result<Vec<(i64, BusyRow)>, ApiError> {
    #[derive(Deserialize)]
    struct R {
        instrument_id: i64,
        start_at: i64,
        end_at: i64,
        kind: String,
        user_id: i64,
    }
    let rows = crate::db::all::<R>(
        db,
        "SELECT b.instrument_id, b.start_at, b.end_at, b.status AS kind, b.user_id FROM bookings b \
           JOIN instruments i ON i.id = b.instrument_id \
           WHERE i.center_id = ?1 AND b.status IN ('pending', 'confirmed') AND b.start_at < ?3 AND b.end_at > ?2 \
         UNION ALL \
         SELECT i.id, x.start_at, x.end_at, 'blackout', 0 FROM blackouts x JOIN instruments i ON i.center_id = x.center_id \
           WHERE x.center_id = ?1 AND (x.instrument_id IS NULL OR x.instrument_id = i.id) AND x.start_at < ?3 AND x.end_at > ?2 \
         ORDER BY 2",
        &[text(center), int(from), int(to)],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (r.instrument_id, BusyRow { start_at: r.start_at, end_at: r.end_at, kind: r.kind, user_id: r.user_id })
        })
        .collect())
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

/// Applies an instrument update; `None` fields keep their stored values.
pub async fn update_instrument(
    db: &D1Database,
    id: i64,
    u: &commons_domain::booking::InstrumentUpdate,
) -> Result<(), ApiError> {
    let opt_i = |v: Option<i64>| v.map(int).unwrap_or(JsValue::NULL);
    let opt_b = |v: Option<bool>| v.map(|b| int(b as i64)).unwrap_or(JsValue::NULL);
    crate::db::run(
        db,
        "UPDATE instruments SET fee_academic = COALESCE(?2, fee_academic), fee_industry = COALESCE(?3, fee_industry), \
         min_minutes = COALESCE(?4, min_minutes), max_minutes = COALESCE(?5, max_minutes), horizon_days = COALESCE(?6, horizon_days), \
         cancel_hours = COALESCE(?7, cancel_hours), requires_training = COALESCE(?8, requires_training), \
         requires_approval = COALESCE(?9, requires_approval), description = COALESCE(?10, description) WHERE id = ?1",
        &[
            int(id),
            opt_i(u.fee_academic),
            opt_i(u.fee_industry),
            opt_i(u.min_minutes),
            opt_i(u.max_minutes),
            opt_i(u.horizon_days),
            opt_i(u.cancel_hours),
            opt_b(u.requires_training),
            opt_b(u.requires_approval),
            u.description.as_deref().map(text).unwrap_or(JsValue::NULL),
        ],
    )
    .await?;
    Ok(())
}
