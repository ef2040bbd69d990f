//! Instrument booking: the shapes on the wire and the pure rules (overlap,
//! cost, opening hours, horizon, cancellation deadline).
//!
//! The database is what finally refuses an overlapping booking (a trigger in
//! `migrations/0002_booking.sql`); these rules let the Worker give precise
//! errors first and let the calendar offer only slots the server would take.

pub mod ics;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod reports;

use serde::{Deserialize, Serialize};

use crate::common::locale::TAIPEI_OFFSET_SECS;
use crate::error::{ApiError, ErrorKind};

/// A booking's state. Only `pending` and `confirmed` hold the slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Requested; waits for the centre's approval.
    Pending,
    /// Approved (or needed no approval).
    Confirmed,
    /// Cancelled by the booker or the centre.
    Cancelled,
    /// The experiment ran; the actual cost is settled.
    Completed,
    /// The booker did not come.
    NoShow,
}

impl BookingStatus {
    /// Whether a booking in this state occupies its slot.
    pub fn holds_slot(self) -> bool {
        matches!(self, BookingStatus::Pending | BookingStatus::Confirmed)
    }
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            BookingStatus::Pending => "pending",
            BookingStatus::Confirmed => "confirmed",
            BookingStatus::Cancelled => "cancelled",
            BookingStatus::Completed => "completed",
            BookingStatus::NoShow => "no_show",
        }
    }
}

/// How a booking is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Payment {
    /// Charged to the PI's quota (額度).
    Quota,
    /// Paid in cash at the centre, with a receipt (收入收據).
    Cash,
}

/// How an instrument charges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeeUnit {
    /// Per hour of instrument time (pro rata per started half hour).
    Hour,
    /// Per sample measured.
    Sample,
}

/// Half-open intervals `[a_start, a_end)` and `[b_start, b_end)` overlap.
/// Touching ends (one ends at 10:00, the next starts at 10:00) do not.
pub fn overlaps(a_start: i64, a_end: i64, b_start: i64, b_end: i64) -> bool {
    a_start < b_end && b_start < a_end
}

/// The estimated cost in NT$: per started half hour for hourly instruments,
/// per sample otherwise. Saturates rather than overflowing.
pub fn cost(unit: FeeUnit, rate: i64, minutes: i64, samples: i64) -> i64 {
    match unit {
        FeeUnit::Hour => {
            let half_hours = (minutes.max(0) + 29) / 30;
            rate.saturating_mul(half_hours) / 2
        }
        FeeUnit::Sample => rate.saturating_mul(samples.max(1)),
    }
}

/// The booking rules of one instrument, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotRules {
    /// Shortest booking in minutes.
    pub min_minutes: i64,
    /// Longest booking in minutes.
    pub max_minutes: i64,
    /// How far ahead one may book, in days.
    pub horizon_days: i64,
    /// Opening time, minutes after local midnight (Taipei).
    pub open_minute: i64,
    /// Closing time, minutes after local midnight (Taipei).
    pub close_minute: i64,
    /// Open weekdays, Monday first: `"1111100"` is Monday to Friday.
    pub open_weekdays: String,
}

/// Bookings start and end on a 30-minute grid, as the calendar offers them.
pub const SLOT_MINUTES: i64 = 30;

/// Checks a requested interval against the rules; `now` is unix seconds.
/// Errors name the rule broken, so the page can say exactly why.
pub fn validate_slot(rules: &SlotRules, start: i64, end: i64, now: i64) -> Result<(), ApiError> {
    let bad = |m: &str| Err(ApiError::invalid(m.to_string()));
    if end <= start {
        return bad("end: must be after start");
    }
    if start % (SLOT_MINUTES * 60) != 0 || end % (SLOT_MINUTES * 60) != 0 {
        return bad("start/end: must be on the half hour");
    }
    if start < now {
        return bad("start: is in the past");
    }
    let minutes = (end - start) / 60;
    if minutes < rules.min_minutes {
        return Err(ApiError::invalid(format!("length: at least {} minutes", rules.min_minutes)));
    }
    if minutes > rules.max_minutes {
        return Err(ApiError::invalid(format!("length: at most {} minutes", rules.max_minutes)));
    }
    if start > now + rules.horizon_days * 86_400 {
        return Err(ApiError::invalid(format!("start: beyond the {}-day booking horizon", rules.horizon_days)));
    }
    // Opening hours are in Taipei local time; a booking must fit in one open day.
    let local_start = start + TAIPEI_OFFSET_SECS as i64;
    let local_end = end + TAIPEI_OFFSET_SECS as i64;
    let day = local_start.div_euclid(86_400);
    if (local_end - 1).div_euclid(86_400) != day {
        return bad("end: must be on the same day as start");
    }
    if rules.open_weekdays.as_bytes().get(crate::common::locale::taipei_weekday(start)) != Some(&b'1') {
        return bad("start: the centre is closed that day");
    }
    let start_minute = local_start.rem_euclid(86_400) / 60;
    let end_minute = start_minute + minutes;
    if start_minute < rules.open_minute || end_minute > rules.close_minute {
        return bad("start/end: outside opening hours");
    }
    Ok(())
}

/// Whether the week starting `monday` (00:00 Taipei) still has an open day
/// whose closing time leaves room for the shortest booking after `now`.
/// The instrument page opens on next week when this one has none left (a
/// weekend, or Friday evening), rather than on a week of greyed-out days.
pub fn week_has_open_time(rules: &SlotRules, monday: i64, now: i64) -> bool {
    rules.open_weekdays.bytes().take(7).enumerate().any(|(d, open)| {
        open == b'1' && monday + d as i64 * 86_400 + rules.close_minute * 60 >= now + rules.min_minutes * 60
    })
}

/// Whether the booker may still cancel: up to `cancel_hours` before the start.
pub fn can_cancel(start: i64, now: i64, cancel_hours: i64) -> bool {
    now <= start - cancel_hours * 3600
}

/// The 409 a taken slot gets.
pub fn slot_taken() -> ApiError {
    ApiError::new(ErrorKind::SlotTaken, "that time overlaps another booking")
}

/// The 409 an unaffordable booking gets.
pub fn quota_exceeded() -> ApiError {
    ApiError::new(ErrorKind::QuotaExceeded, "the PI's quota does not cover this booking")
}

/// A centre (貴儀中心).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Center {
    /// Short id, e.g. `ntu-ic`.
    pub id: String,
    /// Name in Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// City.
    pub city: String,
    /// Instruments listed.
    pub instrument_count: i64,
}

/// An instrument as listed and shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Instrument {
    /// Id.
    pub id: i64,
    /// Centre id.
    pub center_id: String,
    /// Centre name (zh).
    pub center_name_zh: String,
    /// Centre name (en).
    pub center_name_en: String,
    /// Name (zh).
    pub name_zh: String,
    /// Name (en).
    pub name_en: String,
    /// Category, e.g. `電子顯微鏡`.
    pub category: String,
    /// Description (zh).
    pub description: String,
    /// Photo URL, if any.
    pub photo_url: Option<String>,
    /// Charging unit.
    pub fee_unit: FeeUnit,
    /// NT$ per unit for academic users.
    pub fee_academic: i64,
    /// NT$ per unit for industry users.
    pub fee_industry: i64,
    /// Whether only trained users may book.
    pub requires_training: bool,
    /// Whether staff must approve each booking.
    pub requires_approval: bool,
    /// Hours before the start after which the booker can no longer cancel.
    pub cancel_hours: i64,
    /// Slot rules.
    pub rules: SlotRules,
    /// For other agencies' instruments: where to book them (they cannot be booked here).
    #[serde(default)]
    pub external_url: Option<String>,
}

/// `GET /api/instruments`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstrumentList {
    /// One page.
    pub instruments: Vec<Instrument>,
    /// Paging.
    pub meta: crate::api::PageMeta,
}

/// `POST /api/bookings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingRequest {
    /// Which instrument.
    pub instrument_id: i64,
    /// Start, RFC 3339.
    pub start: String,
    /// End, RFC 3339.
    pub end: String,
    /// How it is paid.
    pub payment: Payment,
    /// The PI whose quota pays (required for `quota`); defaults to the booker's own PI account.
    #[serde(default)]
    pub pi_user_id: Option<i64>,
    /// Samples, for per-sample instruments.
    #[serde(default)]
    pub samples: Option<i64>,
    /// A note for the centre.
    #[serde(default)]
    pub note: Option<String>,
    /// Book the same time on this many consecutive weeks (1 to 26); the
    /// series is stored whole and refused whole if any week is taken.
    #[serde(default)]
    pub repeat_weeks: Option<u32>,
}

/// A booking as shown to its booker, its PI and the centre's staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Booking {
    /// Id.
    pub id: String,
    /// Instrument.
    pub instrument_id: i64,
    /// Instrument name (zh).
    pub instrument_name: String,
    /// Booker.
    pub user_id: i64,
    /// Paying PI, for quota bookings.
    pub pi_user_id: Option<i64>,
    /// Start, RFC 3339 UTC.
    pub start: String,
    /// End, RFC 3339 UTC.
    pub end: String,
    /// State.
    pub status: BookingStatus,
    /// Payment.
    pub payment: Payment,
    /// Reserved (estimated) cost, NT$.
    pub estimated_cost: i64,
    /// Settled cost once completed, NT$.
    #[serde(default)]
    pub actual_cost: Option<i64>,
    /// The weekly series it belongs to, if any.
    #[serde(default)]
    pub series_id: Option<String>,
    /// The booker's display name, in the centre's staff views only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub booker_name: Option<String>,
}

/// `{ "booking": {...} }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingEnvelope {
    /// The booking.
    pub booking: Booking,
}

/// One busy interval on a calendar (who booked is not shown to others).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BusySlot {
    /// Start, RFC 3339 UTC.
    pub start: String,
    /// End, RFC 3339 UTC.
    pub end: String,
    /// `pending`, `confirmed` or `blackout`.
    pub kind: String,
    /// Whether it is the viewer's own booking.
    pub mine: bool,
}

/// `GET /api/instruments/{id}/calendar`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Calendar {
    /// The instrument.
    pub instrument: Instrument,
    /// Window start, RFC 3339.
    pub from: String,
    /// Window end, RFC 3339.
    pub to: String,
    /// Busy intervals in the window.
    pub busy: Vec<BusySlot>,
}

/// `PATCH /api/instruments/{id}` (staff of the centre): fields left out are unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstrumentUpdate {
    /// NT$ per unit for academic users.
    #[serde(default)]
    pub fee_academic: Option<i64>,
    /// NT$ per unit for industry users.
    #[serde(default)]
    pub fee_industry: Option<i64>,
    /// Shortest booking, minutes (a multiple of 30).
    #[serde(default)]
    pub min_minutes: Option<i64>,
    /// Longest booking, minutes (a multiple of 30).
    #[serde(default)]
    pub max_minutes: Option<i64>,
    /// Booking horizon, days.
    #[serde(default)]
    pub horizon_days: Option<i64>,
    /// Self-cancellation closes this many hours before the start.
    #[serde(default)]
    pub cancel_hours: Option<i64>,
    /// Whether only trained users may book.
    #[serde(default)]
    pub requires_training: Option<bool>,
    /// Whether staff approve each booking.
    #[serde(default)]
    pub requires_approval: Option<bool>,
    /// Description (zh).
    #[serde(default)]
    pub description: Option<String>,
}

/// Checks an instrument update against the current values it will combine with.
pub fn validate_update(u: &InstrumentUpdate, current: &Instrument) -> Result<(), ApiError> {
    let min = u.min_minutes.unwrap_or(current.rules.min_minutes);
    let max = u.max_minutes.unwrap_or(current.rules.max_minutes);
    if min < SLOT_MINUTES || min % SLOT_MINUTES != 0 || max % SLOT_MINUTES != 0 || max < min || max > 24 * 60 {
        return Err(ApiError::invalid("min_minutes/max_minutes: multiples of 30, min ≤ max ≤ 1440"));
    }
    if let Some(h) = u.horizon_days {
        if !(1..=365).contains(&h) {
            return Err(ApiError::invalid("horizon_days: 1 to 365"));
        }
    }
    if let Some(c) = u.cancel_hours {
        if !(0..=2160).contains(&c) {
            return Err(ApiError::invalid("cancel_hours: 0 to 2160"));
        }
    }
    for fee in [u.fee_academic, u.fee_industry].into_iter().flatten() {
        if !(0..=10_000_000).contains(&fee) {
            return Err(ApiError::invalid("fee: 0 to 10,000,000"));
        }
    }
    if u.description.as_ref().is_some_and(|d| d.chars().count() > 2000) {
        return Err(ApiError::invalid("description: at most 2000 characters"));
    }
    Ok(())
}

/// `GET /api/centers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CenterList {
    /// Every centre.
    pub centers: Vec<Center>,
}

/// `GET /api/me/bookings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingList {
    /// The bookings, soonest first.
    pub bookings: Vec<Booking>,
    /// Paging.
    pub meta: crate::api::PageMeta,
}

/// One PI account as its PI or a member sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotaView {
    /// The PI.
    pub pi_user_id: i64,
    /// The PI's name.
    pub pi_name: String,
    /// The grant it comes from.
    pub grant_code: String,
    /// What is left, NT$ (reservations already deducted).
    pub balance: i64,
    /// The sum of the ledger, which must equal `balance`.
    pub ledger_sum: i64,
}

/// `GET /api/me/quota`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotaList {
    /// The accounts the user may book against.
    pub quotas: Vec<QuotaView>,
}

/// `POST /api/admin/quota`: adds `amount` to a PI's quota (opening the account if needed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GrantQuotaRequest {
    /// The PI (must hold the `pi` role).
    pub pi_user_id: i64,
    /// NT$ to add; positive.
    pub amount: i64,
    /// The grant's code, e.g. an NSTC project number.
    #[serde(default)]
    pub grant_code: Option<String>,
}

/// `POST /api/me/group/members`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddMemberRequest {
    /// The member's login e-mail.
    pub email: String,
}

/// `POST /api/instruments/{id}/trainings`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingRequest {
    /// The trained user.
    pub user_id: i64,
}

/// `POST /api/bookings` for a series answers `{ "bookings": [...] }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SeriesEnvelope {
    /// Every occurrence, in order.
    pub bookings: Vec<Booking>,
}

/// Most weeks one series may span.
pub const MAX_REPEAT_WEEKS: u32 = 26;

/// `POST /api/bookings/{id}/complete`: settles the booking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompleteRequest {
    /// The real cost; defaults to the estimate.
    #[serde(default)]
    pub actual_cost: Option<i64>,
}

/// A cash receipt (收入收據) with its running number at the centre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    /// The centre.
    pub center_id: String,
    /// Running number at that centre, from 1.
    pub number: i64,
    /// The booking paid.
    pub booking_id: String,
    /// NT$.
    pub amount: i64,
    /// Who paid.
    pub payer_name: String,
    /// RFC 3339 UTC.
    pub issued_at: String,
}

/// The answer of complete: the booking, and the receipt for cash payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompleteEnvelope {
    /// The settled booking.
    pub booking: Booking,
    /// The receipt, for cash bookings.
    pub receipt: Option<Receipt>,
}

/// `POST /api/centers/{id}/blackouts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlackoutRequest {
    /// One instrument, or the whole centre when absent.
    #[serde(default)]
    pub instrument_id: Option<i64>,
    /// Start, RFC 3339.
    pub start: String,
    /// End, RFC 3339.
    pub end: String,
    /// Why (maintenance, holiday).
    #[serde(default)]
    pub reason: String,
}

/// `POST /api/waitlist`: wait for a taken slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitlistRequest {
    /// Instrument.
    pub instrument_id: i64,
    /// Start, RFC 3339.
    pub start: String,
    /// End, RFC 3339.
    pub end: String,
}

/// `PUT /api/me/favorites/{id}`: the substitutes, in order of preference.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FavoriteRequest {
    /// Instrument ids to offer when the favourite is full.
    #[serde(default)]
    pub substitutes: Vec<i64>,
}

/// A favourite with its substitutes and, when a time was asked about, what is free then.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Favorite {
    /// The favourite instrument.
    pub instrument: Instrument,
    /// Its substitutes, in order of preference.
    pub substitutes: Vec<Instrument>,
    /// With `?start=&end=`: whether the favourite is free then.
    #[serde(default)]
    pub free: Option<bool>,
    /// With `?start=&end=`: the substitutes free then (offered when the favourite is full).
    #[serde(default)]
    pub free_substitutes: Vec<Instrument>,
}

/// `GET /api/me/favorites`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FavoriteList {
    /// The user's favourites.
    pub favorites: Vec<Favorite>,
}

/// `GET /api/me/quick-instruments`: favourites, or else the 5 most-booked bookable instruments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuickList {
    /// `favorites` or `most_booked`.
    pub source: String,
    /// The instruments.
    pub instruments: Vec<Instrument>,
}

/// One instrument's column in a centre's day view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayColumn {
    /// The instrument.
    pub instrument: Instrument,
    /// Its busy time that day.
    pub busy: Vec<BusySlot>,
}

/// `GET /api/centers/{id}/day?date=YYYY-MM-DD`: every instrument side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CenterDay {
    /// The centre id.
    pub center_id: String,
    /// The day (Asia/Taipei), `YYYY-MM-DD`.
    pub date: String,
    /// Start of that day, RFC 3339 UTC.
    pub from: String,
    /// One column per instrument.
    pub columns: Vec<DayColumn>,
}

/// Unix seconds of 00:00 Asia/Taipei on `YYYY-MM-DD`, if valid.
pub fn taipei_midnight(date: &str) -> Option<i64> {
    let mut it = date.splitn(3, '-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u8 = it.next()?.parse().ok()?;
    let d: u8 = it.next()?.parse().ok()?;
    let month = time::Month::try_from(m).ok()?;
    let day = time::Date::from_calendar_date(y, month, d).ok()?;
    Some(day.midnight().assume_utc().unix_timestamp() - TAIPEI_OFFSET_SECS as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rules() -> SlotRules {
        SlotRules {
            min_minutes: 30,
            max_minutes: 240,
            horizon_days: 60,
            open_minute: 9 * 60,
            close_minute: 17 * 60,
            open_weekdays: "1111100".into(),
        }
    }

    // Monday 2026-11-30 09:00 Taipei = 01:00 UTC.
    const MON_9: i64 = 1_796_000_400;
    const NOW: i64 = MON_9 - 7 * 86_400;

    #[test]
    fn a_week_is_over_for_booking_after_fridays_last_half_hour() {
        let r = rules();
        let monday = MON_9 - 9 * 3600;
        assert!(week_has_open_time(&r, monday, monday - 86_400), "the Sunday before");
        assert!(week_has_open_time(&r, monday, MON_9 + 4 * 86_400), "Friday 09:00");
        assert!(
            week_has_open_time(&r, monday, MON_9 + 4 * 86_400 + 7 * 3600 + 1800),
            "Friday 16:30: one half-hour left"
        );
        assert!(!week_has_open_time(&r, monday, MON_9 + 4 * 86_400 + 7 * 3600 + 1801), "Friday after 16:30");
        assert!(!week_has_open_time(&r, monday, MON_9 + 5 * 86_400), "Saturday");
        assert!(!week_has_open_time(&r, monday, MON_9 + 6 * 86_400), "Sunday");
        let weekends = SlotRules { open_weekdays: "1111111".into(), ..rules() };
        assert!(week_has_open_time(&weekends, monday, MON_9 + 6 * 86_400), "a centre open on Sundays");
    }

    #[test]
    fn touching_intervals_do_not_overlap() {
        assert!(!overlaps(0, 10, 10, 20));
        assert!(overlaps(0, 11, 10, 20));
        assert!(overlaps(5, 6, 0, 20));
    }

    #[test]
    fn hourly_cost_is_per_started_half_hour() {
        assert_eq!(cost(FeeUnit::Hour, 1000, 60, 0), 1000);
        assert_eq!(cost(FeeUnit::Hour, 1000, 61, 0), 1500);
        assert_eq!(cost(FeeUnit::Sample, 800, 600, 3), 2400);
    }

    #[test]
    fn slot_rules_refuse_each_kind_of_bad_request() {
        let r = rules();
        assert!(validate_slot(&r, MON_9, MON_9 + 3600, NOW).is_ok());
        assert!(validate_slot(&r, MON_9 + 3600, MON_9, NOW).is_err(), "end before start");
        assert!(validate_slot(&r, MON_9, MON_9, NOW).is_err(), "zero length");
        assert!(validate_slot(&r, MON_9 + 60, MON_9 + 3660, NOW).is_err(), "off grid");
        assert!(validate_slot(&r, MON_9 - 1800, MON_9 + 1800, NOW).is_err(), "before opening");
        assert!(validate_slot(&r, MON_9, MON_9 + 5 * 3600, NOW).is_err(), "too long");
        assert!(validate_slot(&r, MON_9 + 5 * 86_400, MON_9 + 5 * 86_400 + 3600, NOW).is_err(), "Saturday");
        assert!(validate_slot(&r, MON_9 + 70 * 86_400, MON_9 + 70 * 86_400 + 3600, NOW).is_err(), "past the horizon");
        assert!(validate_slot(&r, MON_9, MON_9 + 3600, MON_9 + 1).is_err(), "in the past");
    }

    #[test]
    fn taipei_midnight_is_sixteen_hundred_utc_the_day_before() {
        assert_eq!(taipei_midnight("2026-11-30"), Some(MON_9 - 9 * 3600));
        assert_eq!(taipei_midnight("2026-02-30"), None);
        assert_eq!(taipei_midnight("soon"), None);
    }

    #[test]
    fn cancellation_deadline() {
        assert!(can_cancel(MON_9, MON_9 - 25 * 3600, 24));
        assert!(!can_cancel(MON_9, MON_9 - 23 * 3600, 24));
    }

    proptest! {
        // Accepting bookings one by one with the overlap rule leaves no two active ones overlapping,
        // and cancelling never makes two overlap.
        #[test]
        fn greedy_acceptance_never_double_books(ops in proptest::collection::vec((0i64..48, 1i64..8, any::<bool>()), 1..80)) {
            let mut active: Vec<(i64, i64)> = Vec::new();
            for (slot, len, cancel) in ops {
                let (s, e) = (slot * 1800, (slot + len) * 1800);
                if cancel {
                    active.retain(|&(a, b)| !(a == s && b == e));
                } else if !active.iter().any(|&(a, b)| overlaps(a, b, s, e)) {
                    active.push((s, e));
                }
                for (i, x) in active.iter().enumerate() {
                    for y in &active[i + 1..] {
                        prop_assert!(!overlaps(x.0, x.1, y.0, y.1));
                    }
                }
            }
        }

        // Reserving only what the balance covers keeps it non-negative; releases restore it exactly.
        #[test]
        fn quota_never_goes_negative(start in 0i64..100_000, costs in proptest::collection::vec(0i64..20_000, 1..60)) {
            let mut balance = start;
            let mut reserved = Vec::new();
            for (i, c) in costs.iter().enumerate() {
                if i % 3 == 2 {
                    if let Some(r) = reserved.pop() { balance += r; }
                } else if balance >= *c {
                    balance -= c;
                    reserved.push(*c);
                }
                prop_assert!(balance >= 0);
                prop_assert_eq!(balance + reserved.iter().sum::<i64>(), start);
            }
        }
    }
}
