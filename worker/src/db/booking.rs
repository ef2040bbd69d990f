//! SQL for centres, instruments, bookings, trainings and PI quotas.
//!
//! Overlaps and negative balances are refused by the schema itself (see
//! `migrations/0002_booking.sql`); these functions issue the writes as single
//! batches so each change is all-or-nothing.

use commons_domain::booking::{Booking, BookingStatus, Center, FeeUnit, Instrument, Payment, SlotRules};
use commons_domain::locale::rfc3339_utc;
use commons_domain::ApiError;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::D1Database;

use super::{changes, d1_err, int, text};

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
        }
    }
}

const INSTRUMENT_SELECT: &str = "SELECT i.id, i.center_id, c.name_zh AS center_name_zh, c.name_en AS center_name_en, \
     i.name_zh, i.name_en, i.category, i.description, i.photo_url, i.fee_unit, i.fee_academic, i.fee_industry, \
     i.min_minutes, i.max_minutes, i.horizon_days, i.cancel_hours, i.requires_training, i.requires_approval, \
     c.open_minute, c.close_minute, c.open_weekdays \
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
    let rows = db
        .prepare(
            "SELECT c.id, c.name_zh, c.name_en, c.city, \
             (SELECT COUNT(*) FROM instruments i WHERE i.center_id = c.id AND i.active = 1) AS instrument_count \
             FROM centers c ORDER BY c.id",
        )
        .all()
        .await
        .map_err(d1_err)?
        .results::<CenterRow>()
        .map_err(d1_err)?;
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
    let rows = super::all::<InstrumentRow>(
        db,
        &format!("{INSTRUMENT_SELECT}{INSTRUMENT_WHERE} ORDER BY i.center_id, i.id LIMIT ?4 OFFSET ?5"),
        &[args[0].clone(), args[1].clone(), args[2].clone(), int(per_page as i64), int(offset)],
    )
    .await?;
    let total =
        super::count(db, &format!("SELECT COUNT(*) AS n FROM instruments i{INSTRUMENT_WHERE}"), &args).await? as u64;
    Ok((rows.iter().map(InstrumentRow::view).collect(), total))
}

/// One active instrument.
pub async fn instrument(db: &D1Database, id: i64) -> Result<Option<InstrumentRow>, ApiError> {
    super::first::<InstrumentRow>(db, &format!("{INSTRUMENT_SELECT} WHERE i.id = ?1 AND i.active = 1"), &[int(id)])
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
    super::all::<BusyRow>(db, "SELECT start_at, end_at, status AS kind, user_id FROM bookings \
           WHERE instrument_id = ?1 AND status IN ('pending', 'confirmed') AND start_at < ?3 AND end_at > ?2 \
         UNION ALL \
         SELECT x.start_at, x.end_at, 'blackout' AS kind, 0 AS user_id FROM blackouts x JOIN instruments i ON i.id = ?1 \
           WHERE x.center_id = i.center_id AND (x.instrument_id IS NULL OR x.instrument_id = ?1) \
             AND x.start_at < ?3 AND x.end_at > ?2 \
         ORDER BY start_at", &[int(instrument_id), int(from), int(to)]).await
}

/// Whether a user is trained on an instrument.
pub async fn is_trained(db: &D1Database, user_id: i64, instrument_id: i64) -> Result<bool, ApiError> {
    Ok(super::count(
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
    super::run(
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
    let rows = super::all::<PiRow>(
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
    let pi = b.pi_user_id.map(int).unwrap_or(JsValue::NULL);
    let mut stmts = vec![db
        .prepare(
            "INSERT INTO bookings (id, instrument_id, user_id, pi_user_id, start_at, end_at, status, payment, \
             estimated_cost, note, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
        )
        .bind(&[
            text(b.id),
            int(b.instrument_id),
            int(b.user_id),
            pi,
            int(b.start),
            int(b.end),
            text(b.status.as_str()),
            text(if b.payment == Payment::Quota { "quota" } else { "cash" }),
            int(b.cost),
            text(b.note),
            int(b.now),
        ])
        .map_err(d1_err)?];
    if let (Payment::Quota, Some(pi)) = (b.payment, b.pi_user_id) {
        stmts.push(
            db.prepare(
                "INSERT INTO quota_ledger (pi_user_id, booking_id, kind, delta, created_at) VALUES (?1, ?2, 'reserve', ?3, ?4)",
            )
            .bind(&[int(pi), text(b.id), int(-b.cost), int(b.now)])
            .map_err(d1_err)?,
        );
    }
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
    /// The instrument's centre.
    pub center_id: String,
    /// The instrument's cancellation deadline.
    pub cancel_hours: i64,
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
        }
    }
}

const BOOKING_SELECT: &str = "SELECT b.id, b.instrument_id, i.name_zh AS instrument_name, b.user_id, b.pi_user_id, \
     b.start_at, b.end_at, b.status, b.payment, b.estimated_cost, i.center_id, i.cancel_hours \
     FROM bookings b JOIN instruments i ON i.id = b.instrument_id";

/// One booking.
pub async fn booking(db: &D1Database, id: &str) -> Result<Option<BookingRow>, ApiError> {
    super::first::<BookingRow>(db, &format!("{BOOKING_SELECT} WHERE b.id = ?1"), &[text(id)]).await
}

/// A user's bookings, newest start first, and the total.
pub async fn bookings_of(
    db: &D1Database,
    user_id: i64,
    page: u32,
    per_page: u32,
) -> Result<(Vec<Booking>, u64), ApiError> {
    let offset = (page.saturating_sub(1) as i64) * per_page as i64;
    let rows = super::all::<BookingRow>(
        db,
        &format!("{BOOKING_SELECT} WHERE b.user_id = ?1 ORDER BY b.start_at DESC LIMIT ?2 OFFSET ?3"),
        &[int(user_id), int(per_page as i64), int(offset)],
    )
    .await?;
    let total =
        super::count(db, "SELECT COUNT(*) AS n FROM bookings WHERE user_id = ?1", &[int(user_id)]).await? as u64;
    Ok((rows.iter().map(BookingRow::view).collect(), total))
}

/// Compare-and-swap pending → confirmed; false if it was not pending.
pub async fn confirm(db: &D1Database, id: &str, now: i64) -> Result<bool, ApiError> {
    let r = super::run(
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
    let rows = db
        .prepare(
            "SELECT p.pi_user_id, u.display_name AS pi_name, p.grant_code, p.balance, \
               (SELECT COALESCE(SUM(delta), 0) FROM quota_ledger l WHERE l.pi_user_id = p.pi_user_id) AS ledger_sum \
             FROM pi_accounts p JOIN users u ON u.id = p.pi_user_id \
             WHERE p.pi_user_id = ?1 OR p.pi_user_id IN (SELECT pi_user_id FROM memberships WHERE user_id = ?1) \
             ORDER BY p.pi_user_id",
        )
        .bind(&[int(user_id)])
        .map_err(d1_err)?
        .all()
        .await
        .map_err(d1_err)?
        .results::<QuotaRow>()
        .map_err(d1_err)?;
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
    let r = super::run(db, "INSERT OR IGNORE INTO memberships (user_id, pi_user_id) SELECT ?2, pi_user_id FROM pi_accounts WHERE pi_user_id = ?1", &[int(pi), int(member)]).await?;
    if r == 1 {
        return Ok(true);
    }
    // Already a member, or no account: tell them apart.
    Ok(super::count(db, "SELECT COUNT(*) AS n FROM pi_accounts WHERE pi_user_id = ?1", &[int(pi)]).await? > 0)
}
