//! Instrument booking on the wire: every request and response body the
//! Worker sends and the SPA reads, and the stored names of the states.
//!
//! The JSON field names are the API's contract (the contract test checks
//! each answer against `worker/openapi.json`, generated from these types).

use serde::{Deserialize, Serialize};

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
    /// The state of a stored name, if it is one.
    pub fn parse(s: &str) -> Option<BookingStatus> {
        [
            BookingStatus::Pending,
            BookingStatus::Confirmed,
            BookingStatus::Cancelled,
            BookingStatus::Completed,
            BookingStatus::NoShow,
        ]
        .into_iter()
        .find(|b| b.as_str() == s)
    }
    /// The state a new booking starts in: `pending` where the centre approves each booking.
    pub fn initial(requires_approval: bool) -> BookingStatus {
        if requires_approval {
            BookingStatus::Pending
        } else {
            BookingStatus::Confirmed
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

impl Payment {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Payment::Quota => "quota",
            Payment::Cash => "cash",
        }
    }
    /// The payment of a stored name; anything but `quota` is cash.
    pub fn from_stored(s: &str) -> Payment {
        if s == "quota" {
            Payment::Quota
        } else {
            Payment::Cash
        }
    }
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

impl FeeUnit {
    /// The unit of a stored name; anything but `sample` is per hour.
    pub fn from_stored(s: &str) -> FeeUnit {
        if s == "sample" {
            FeeUnit::Sample
        } else {
            FeeUnit::Hour
        }
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
    /// What one person may hold of this instrument ahead of time.
    pub limits: HoldingLimits,
    /// What one person may hold of all the centre's instruments ahead of time.
    pub center_limits: HoldingLimits,
}

/// A per-person limit on future holdings: the active (pending or confirmed)
/// bookings one person holds that have not started yet. The database refuses
/// a booking (or a whole weekly series) that would cross it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoldingLimits {
    /// Most such bookings, 1 to 500.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 500))]
    pub max_future_bookings: i64,
    /// Most hours they may add up to, 1 to 5000.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5000))]
    pub max_future_hours: i64,
}

/// `PUT /api/centers/{id}/booking-limits`: the centre's limits as they now are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CenterLimits {
    /// The centre id.
    pub center_id: String,
    /// What one person may hold of all its instruments ahead of time.
    pub limits: HoldingLimits,
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
    /// For `quota`: the PI whose quota pays. Left out, the booker's own PI
    /// account pays, else their only group's (with several, it is required).
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
    /// The centre's name (zh), in the booker's own list (several centres
    /// own instruments of the same name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub center_name: Option<String>,
    /// Until when the booker may cancel it alone, RFC 3339 UTC (the
    /// instrument's `cancel_hours` before the start); after it only the centre can.
    #[serde(default)]
    pub cancel_deadline: String,
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
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10_000_000))]
    pub fee_academic: Option<i64>,
    /// NT$ per unit for industry users.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10_000_000))]
    pub fee_industry: Option<i64>,
    /// Shortest booking, minutes (a multiple of 30).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 30, maximum = 1440, multiple_of = 30))]
    pub min_minutes: Option<i64>,
    /// Longest booking, minutes (a multiple of 30).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 30, maximum = 1440, multiple_of = 30))]
    pub max_minutes: Option<i64>,
    /// Booking horizon, days.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 365))]
    pub horizon_days: Option<i64>,
    /// Self-cancellation closes this many hours before the start.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 2160))]
    pub cancel_hours: Option<i64>,
    /// Whether only trained users may book.
    #[serde(default)]
    pub requires_training: Option<bool>,
    /// Whether staff approve each booking.
    #[serde(default)]
    pub requires_approval: Option<bool>,
    /// Description (zh), at most 2000 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub description: Option<String>,
    /// Most bookings of this instrument one person may hold that have not started.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 500))]
    pub max_future_bookings: Option<i64>,
    /// Most hours those bookings may add up to.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 5000))]
    pub max_future_hours: Option<i64>,
}

/// `GET /api/centers`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CenterList {
    /// Every centre.
    pub centers: Vec<Center>,
}

/// `GET /api/me/bookings` (newest start first) and `GET /api/centers/{id}/bookings` (soonest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingList {
    /// One page of bookings.
    pub bookings: Vec<Booking>,
    /// Paging.
    pub meta: crate::api::PageMeta,
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

/// `POST /api/bookings/{id}/complete`: settles the booking.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompleteRequest {
    /// The real cost, NT$ 0 to 100,000,000; defaults to the estimate.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100_000_000))]
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
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub start: String,
    /// End, RFC 3339.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub end: String,
    /// Why (maintenance, holiday), at most 200 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub reason: String,
}

/// `POST /api/waitlist`: wait for a taken slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WaitlistRequest {
    /// Instrument.
    pub instrument_id: i64,
    /// Start, RFC 3339.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub start: String,
    /// End, RFC 3339.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub end: String,
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

/// `GET /api/instruments/{id}` and `PATCH /api/instruments/{id}`: `{ "instrument": {...} }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstrumentEnvelope {
    /// The instrument.
    pub instrument: Instrument,
}

/// The answer of `POST /api/bookings`: `{booking}` for one booking,
/// `{bookings}` for a weekly series (untagged: the field name tells them apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum BookingCreated {
    /// One booking.
    // Boxed: a booking is far larger than the series' vector (clippy::large_enum_variant).
    One(Box<BookingEnvelope>),
    /// Every week of a series, in order.
    Series(SeriesEnvelope),
}

impl BookingCreated {
    /// The bookings made, one or every week of the series.
    pub fn into_bookings(self) -> Vec<Booking> {
        match self {
            BookingCreated::One(e) => vec![e.booking],
            BookingCreated::Series(s) => s.bookings,
        }
    }
}

/// `GET /api/admin/invariants`: counts that must always be zero, and how many bookings were checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invariants {
    /// Pairs of active (pending or confirmed) bookings of one instrument that overlap.
    pub overlapping_active_bookings: u64,
    /// PI accounts whose balance is negative or differs from the sum of their ledger.
    pub quota_ledger_mismatches: u64,
    /// Every booking stored.
    pub bookings_checked: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_round_trips_its_stored_name() {
        for s in [
            BookingStatus::Pending,
            BookingStatus::Confirmed,
            BookingStatus::Cancelled,
            BookingStatus::Completed,
            BookingStatus::NoShow,
        ] {
            assert_eq!(BookingStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        assert_eq!(BookingStatus::parse("done"), None);
        assert!(BookingStatus::Pending.holds_slot() && !BookingStatus::NoShow.holds_slot());
        assert_eq!(BookingStatus::initial(true), BookingStatus::Pending);
        assert_eq!(Payment::from_stored(Payment::Quota.as_str()), Payment::Quota);
        assert_eq!(FeeUnit::from_stored("sample"), FeeUnit::Sample);
    }

    #[test]
    fn a_created_answer_is_one_booking_or_a_series_by_its_field() {
        let b = Booking {
            id: "b1".into(),
            instrument_id: 1,
            instrument_name: "儀器".into(),
            user_id: 2,
            pi_user_id: None,
            start: "2026-11-30T01:00:00Z".into(),
            end: "2026-11-30T02:00:00Z".into(),
            status: BookingStatus::Confirmed,
            payment: Payment::Cash,
            estimated_cost: 1000,
            actual_cost: None,
            series_id: None,
            booker_name: None,
            center_name: None,
            cancel_deadline: "2026-11-29T01:00:00Z".into(),
        };
        let one = serde_json::to_value(BookingCreated::One(Box::new(BookingEnvelope { booking: b.clone() }))).unwrap();
        assert!(one.get("booking").is_some());
        let series = serde_json::json!({ "bookings": [b.clone(), b.clone()] });
        let back: BookingCreated = serde_json::from_value(series).unwrap();
        assert_eq!(back.into_bookings().len(), 2);
        let back: BookingCreated = serde_json::from_value(one).unwrap();
        assert_eq!(back.into_bookings(), vec![b]);
    }
}
