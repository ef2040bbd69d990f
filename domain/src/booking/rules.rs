//! Booking's pure rules: overlap, cost, the slot rules of an instrument,
//! the cancellation deadline, and the checks of each request body.
//!
//! The database is what finally refuses an overlapping booking or an
//! overdrawn quota (a trigger and a CHECK in `migrations/0002_booking.sql`);
//! these rules let the Worker give precise errors first and let the
//! calendar offer only slots the server would take.

use super::wire::{BookingRequest, FeeUnit, HoldingLimits, Instrument, InstrumentUpdate, SlotRules};
use crate::common::constraints::{HOLDING_LIMIT_CENTER, HOLDING_LIMIT_INSTRUMENT};
use crate::common::d1::{check_query, like_contains};
use crate::common::locale::TAIPEI_OFFSET_SECS;
use crate::error::{ApiError, ErrorKind};

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
    validate_limit_values(u.max_future_bookings, u.max_future_hours)
}

/// What one person may hold of one instrument ahead of time unless its
/// centre says otherwise (`migrations/0013_booking_limits.sql` has the same
/// defaults). Ten bookings and thirty hours let a researcher keep a weekly
/// two-hour slot for the whole 60-day horizon, and leave the rest of the
/// instrument's roughly 340 open hours in that horizon to everyone else.
pub const DEFAULT_INSTRUMENT_LIMITS: HoldingLimits = HoldingLimits { max_future_bookings: 10, max_future_hours: 30 };

/// What one person may hold of all of a centre's instruments ahead of time, by default.
pub const DEFAULT_CENTER_LIMITS: HoldingLimits = HoldingLimits { max_future_bookings: 30, max_future_hours: 90 };

/// The highest holding limits staff may set: bookings, hours.
pub const MAX_HOLDING_LIMITS: HoldingLimits = HoldingLimits { max_future_bookings: 500, max_future_hours: 5000 };

/// Checks holding-limit values given (either may be left out).
pub fn validate_limit_values(bookings: Option<i64>, hours: Option<i64>) -> Result<(), ApiError> {
    if bookings.is_some_and(|n| !(1..=MAX_HOLDING_LIMITS.max_future_bookings).contains(&n)) {
        return Err(ApiError::invalid("max_future_bookings: 1 to 500"));
    }
    if hours.is_some_and(|h| !(1..=MAX_HOLDING_LIMITS.max_future_hours).contains(&h)) {
        return Err(ApiError::invalid("max_future_hours: 1 to 5000"));
    }
    Ok(())
}

/// Checks a centre's holding limits.
pub fn validate_holding_limits(l: &HoldingLimits) -> Result<(), ApiError> {
    validate_limit_values(Some(l.max_future_bookings), Some(l.max_future_hours))
}

/// Which holding limit refused a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitScope {
    /// The instrument's (`Instrument::limits`).
    Instrument,
    /// The centre's, over all its instruments (`Instrument::center_limits`).
    Center,
}

/// The holding limit a refusal names, if it is one: the page then says, in
/// the reader's language, which limit it was and what it allows.
pub fn holding_limit_scope(e: &ApiError) -> Option<LimitScope> {
    match e.message.as_str() {
        m if e.kind == ErrorKind::Conflict && m == HOLDING_LIMIT_INSTRUMENT => Some(LimitScope::Instrument),
        m if e.kind == ErrorKind::Conflict && m == HOLDING_LIMIT_CENTER => Some(LimitScope::Center),
        _ => None,
    }
}

/// How the refusal of a booker's cancellation past its deadline begins (409 `conflict`).
pub const CANCEL_CLOSED: &str = "cancellation closed";

/// Whether a refused cancellation was refused because its deadline had
/// passed: the page then says so next to the booking, in the reader's language.
pub fn is_cancel_closed(e: &ApiError) -> bool {
    e.kind == ErrorKind::Conflict && e.message.starts_with(CANCEL_CLOSED)
}

/// Most weeks one series may span.
pub const MAX_REPEAT_WEEKS: u32 = 26;

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

/// One week, in seconds: the step of a weekly series.
pub const WEEK_SECS: i64 = 7 * 86_400;

/// The longest calendar window one request may ask for: 6 weeks (a month view plus margins).
pub const MAX_WINDOW_SECS: i64 = 42 * 86_400;

/// Checks a calendar window `[from, to)`: not empty, at most [`MAX_WINDOW_SECS`].
pub fn validate_window(from: i64, to: i64) -> Result<(), ApiError> {
    if to <= from || to - from > MAX_WINDOW_SECS {
        return Err(ApiError::invalid("to: must be after from, within 42 days"));
    }
    Ok(())
}

/// Most words one instrument search may have (each is one LIKE pattern).
pub const MAX_SEARCH_WORDS: usize = 8;

/// The LIKE patterns of an instrument search, one per distinct word of `q`
/// (every word must match). D1 refuses a LIKE pattern over 50 bytes, so a
/// query is searched word by word: a long query of several words still
/// works, and only one word longer than 48 bytes, more than
/// [`MAX_SEARCH_WORDS`] words or more than 100 characters is a 422.
pub fn search_patterns(q: &str) -> Result<Vec<String>, ApiError> {
    check_query(q, "q")?;
    let mut words: Vec<&str> = Vec::new();
    for w in q.split_whitespace() {
        if !words.contains(&w) {
            words.push(w);
        }
    }
    if words.len() > MAX_SEARCH_WORDS {
        return Err(ApiError::invalid(format!("q: at most {MAX_SEARCH_WORDS} words (yours has {})", words.len())));
    }
    // Folded like the stored search text (台 → 臺, 国 → 國), so 台北 finds 臺北.
    words.iter().map(|w| like_contains(&crate::common::search::fold(w), "q")).collect()
}

/// What an instrument's search matches (the `search_text` column): its names,
/// category and description, one a line, folded by
/// [`crate::common::search::fold`] like the search words. A word never
/// holds a line break, so a match cannot straddle two fields.
pub fn instrument_search_text(name_zh: &str, name_en: &str, category: &str, description: &str) -> String {
    crate::common::search::fold(&format!("{name_zh}\n{name_en}\n{category}\n{description}"))
}

/// Checks an exact-match filter of the instrument search (`center`, `category`).
pub fn validate_filter(value: &str, field: &str) -> Result<(), ApiError> {
    if value.chars().count() > 100 {
        return Err(ApiError::invalid(format!("{field}: at most 100 characters")));
    }
    Ok(())
}

/// `start` and `end` of an optional interval in a query: both or neither.
pub fn both_or_neither<T>(start: Option<T>, end: Option<T>) -> Result<Option<(T, T)>, ApiError> {
    match (start, end) {
        (Some(s), Some(e)) => Ok(Some((s, e))),
        (None, None) => Ok(None),
        _ => Err(ApiError::invalid("start and end: give both or neither")),
    }
}

/// Checks an interval asked about (the favourites' "free then?"): it ends
/// after it starts, within [`MAX_WINDOW_SECS`].
pub fn validate_interval(start: i64, end: i64) -> Result<(), ApiError> {
    if end <= start || end - start > MAX_WINDOW_SECS {
        return Err(ApiError::invalid("end: must be after start, within 42 days"));
    }
    Ok(())
}

/// The note and sample count of a booking request, once checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookingExtras<'a> {
    /// The note for the centre, trimmed (empty when none).
    pub note: &'a str,
    /// Samples, 1 when not given.
    pub samples: i64,
}

/// Checks a booking request against its instrument before anything is
/// looked up about the booker: the instrument must be booked here, the
/// first slot must pass the rules, the note must be short and the sample
/// count sensible.
pub fn validate_booking<'a>(
    inst: &Instrument,
    req: &'a BookingRequest,
    start: i64,
    end: i64,
    now: i64,
) -> Result<BookingExtras<'a>, ApiError> {
    if inst.external_url.is_some() {
        return Err(ApiError::invalid(
            "instrument_id: this agency's instrument is booked on its own system (external_url)",
        ));
    }
    validate_slot(&inst.rules, start, end, now)?;
    let note = req.note.as_deref().unwrap_or("").trim();
    if note.chars().count() > 500 {
        return Err(ApiError::invalid("note: at most 500 characters"));
    }
    let samples = req.samples.unwrap_or(1);
    if !(1..=1000).contains(&samples) {
        return Err(ApiError::invalid("samples: 1 to 1000"));
    }
    Ok(BookingExtras { note, samples })
}

/// The occurrences `[start, end)` of a booking repeated on `repeat_weeks`
/// consecutive weeks (1 when not given, at most [`MAX_REPEAT_WEEKS`]).
/// Every later week must pass the same slot rules as the first (which the
/// caller has checked), so the last one may not fall past the horizon.
pub fn series_slots(
    rules: &SlotRules,
    start: i64,
    end: i64,
    repeat_weeks: Option<u32>,
    now: i64,
) -> Result<Vec<(i64, i64)>, ApiError> {
    let weeks = repeat_weeks.unwrap_or(1);
    if !(1..=MAX_REPEAT_WEEKS).contains(&weeks) {
        return Err(ApiError::invalid(format!("repeat_weeks: 1 to {MAX_REPEAT_WEEKS}")));
    }
    for w in 1..weeks as i64 {
        validate_slot(rules, start + w * WEEK_SECS, end + w * WEEK_SECS, now)
            .map_err(|e| ApiError::invalid(format!("week {}: {}", w + 1, e.message)))?;
    }
    Ok((0..weeks as i64).map(|w| (start + w * WEEK_SECS, end + w * WEEK_SECS)).collect())
}

/// Who may cancel a booking: the centre's staff at any time, the booker
/// until `cancel_hours` before the start, nobody else.
pub fn check_cancel(is_staff: bool, is_booker: bool, start: i64, now: i64, cancel_hours: i64) -> Result<(), ApiError> {
    if is_staff {
        return Ok(());
    }
    if !is_booker {
        return Err(ApiError::forbidden());
    }
    if !can_cancel(start, now, cancel_hours) {
        // The booker may cancel their own booking, only not this late: a
        // conflict with the booking's time, not a missing permission.
        return Err(ApiError::conflict(format!(
            "{CANCEL_CLOSED}: it closes {cancel_hours} hours before the start; ask the centre"
        )));
    }
    Ok(())
}

/// The most a settlement may charge, NT$.
pub const MAX_ACTUAL_COST: i64 = 100_000_000;

/// Checks the settled cost of a booking.
pub fn validate_actual_cost(actual: i64) -> Result<(), ApiError> {
    if !(0..=MAX_ACTUAL_COST).contains(&actual) {
        return Err(ApiError::invalid("actual_cost: 0 to 100,000,000"));
    }
    Ok(())
}

/// Checks a blackout: it ends after it starts, lasts at most a year, and its reason is short.
pub fn validate_blackout(start: i64, end: i64, reason: &str) -> Result<(), ApiError> {
    if end <= start || end - start > 366 * 86_400 {
        return Err(ApiError::invalid("end: after start, within a year"));
    }
    if reason.chars().count() > 200 {
        return Err(ApiError::invalid("reason: at most 200 characters"));
    }
    Ok(())
}

/// Checks the `status` filter of a centre's booking list: empty (all) or a state's stored name.
pub fn validate_status_filter(status: &str) -> Result<(), ApiError> {
    if !status.is_empty() && super::wire::BookingStatus::parse(status).is_none() {
        return Err(ApiError::invalid("status: pending, confirmed, cancelled, completed or no_show"));
    }
    Ok(())
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

    fn instrument() -> Instrument {
        Instrument {
            id: 1,
            center_id: "c".into(),
            center_name_zh: "中心".into(),
            center_name_en: "Centre".into(),
            name_zh: "儀器".into(),
            name_en: "Instrument".into(),
            category: "顯微鏡".into(),
            description: String::new(),
            photo_url: None,
            fee_unit: FeeUnit::Hour,
            fee_academic: 1000,
            fee_industry: 2000,
            requires_training: false,
            requires_approval: false,
            cancel_hours: 24,
            rules: rules(),
            external_url: None,
            limits: DEFAULT_INSTRUMENT_LIMITS,
            center_limits: DEFAULT_CENTER_LIMITS,
        }
    }

    fn request() -> BookingRequest {
        BookingRequest {
            instrument_id: 1,
            start: String::new(),
            end: String::new(),
            payment: super::super::wire::Payment::Cash,
            pi_user_id: None,
            samples: None,
            note: None,
            repeat_weeks: None,
        }
    }

    #[test]
    fn a_booking_request_is_checked_before_any_lookup() {
        let (inst, req) = (instrument(), request());
        let ok = validate_booking(&inst, &req, MON_9, MON_9 + 3600, NOW).expect("valid");
        assert_eq!(ok, BookingExtras { note: "", samples: 1 });
        let noted = BookingRequest { note: Some("  樣品三件  ".into()), samples: Some(3), ..request() };
        assert_eq!(
            validate_booking(&inst, &noted, MON_9, MON_9 + 3600, NOW).expect("valid"),
            BookingExtras { note: "樣品三件", samples: 3 }
        );
        let external = Instrument { external_url: Some("https://example.org".into()), ..instrument() };
        assert!(validate_booking(&external, &req, MON_9, MON_9 + 3600, NOW).is_err(), "booked elsewhere");
        assert!(validate_booking(&inst, &req, MON_9, MON_9 + 60, NOW).is_err(), "slot rules");
        let long = BookingRequest { note: Some("字".repeat(501)), ..request() };
        assert!(validate_booking(&inst, &long, MON_9, MON_9 + 3600, NOW).unwrap_err().message.starts_with("note"));
        for samples in [0, 1001] {
            let bad = BookingRequest { samples: Some(samples), ..request() };
            assert!(validate_booking(&inst, &bad, MON_9, MON_9 + 3600, NOW)
                .unwrap_err()
                .message
                .starts_with("samples"));
        }
    }

    #[test]
    fn a_series_repeats_weekly_and_every_week_obeys_the_rules() {
        let r = rules();
        assert_eq!(series_slots(&r, MON_9, MON_9 + 3600, None, NOW).unwrap(), vec![(MON_9, MON_9 + 3600)]);
        let three = series_slots(&r, MON_9, MON_9 + 3600, Some(3), NOW).unwrap();
        assert_eq!(three.len(), 3);
        assert_eq!(three[2], (MON_9 + 2 * WEEK_SECS, MON_9 + 2 * WEEK_SECS + 3600));
        assert!(series_slots(&r, MON_9, MON_9 + 3600, Some(0), NOW).is_err());
        assert!(series_slots(&r, MON_9, MON_9 + 3600, Some(MAX_REPEAT_WEEKS + 1), NOW).is_err());
        // The horizon is 60 days from NOW: week 9 (day 56 + 7) is past it.
        let e = series_slots(&r, MON_9, MON_9 + 3600, Some(9), NOW).unwrap_err();
        assert!(e.message.starts_with("week 9: start: beyond"), "{}", e.message);
    }

    #[test]
    fn staff_cancel_any_time_the_booker_until_the_deadline_others_never() {
        assert!(check_cancel(true, false, MON_9, MON_9 - 3600, 24).is_ok());
        assert!(check_cancel(false, true, MON_9, MON_9 - 25 * 3600, 24).is_ok());
        let late = check_cancel(false, true, MON_9, MON_9 - 3600, 24).unwrap_err();
        assert_eq!(late.kind, ErrorKind::Conflict);
        assert!(is_cancel_closed(&late) && late.message.contains("24 hours"));
        assert!(!is_cancel_closed(&ApiError::conflict("booking is cancelled, not active")));
        assert_eq!(check_cancel(false, false, MON_9, MON_9 - 25 * 3600, 24).unwrap_err().kind, ErrorKind::Forbidden);
    }

    #[test]
    fn request_bounds() {
        assert!(validate_window(0, MAX_WINDOW_SECS).is_ok());
        assert!(validate_window(0, MAX_WINDOW_SECS + 1).is_err());
        assert!(validate_window(10, 10).is_err());
        assert!(validate_filter(&"x".repeat(100), "center").is_ok());
        assert!(validate_filter(&"x".repeat(101), "center").unwrap_err().message.starts_with("center"));
        assert_eq!(both_or_neither::<i64>(None, None).unwrap(), None);
        assert_eq!(both_or_neither(Some(1), Some(2)).unwrap(), Some((1, 2)));
        assert!(both_or_neither(Some(1), None).is_err());
        assert!(validate_interval(1, 2).is_ok() && validate_interval(2, 2).is_err());
        assert!(validate_interval(0, MAX_WINDOW_SECS).is_ok() && validate_interval(0, MAX_WINDOW_SECS + 1).is_err());
        assert!(validate_actual_cost(0).is_ok() && validate_actual_cost(MAX_ACTUAL_COST).is_ok());
        assert!(validate_actual_cost(-1).is_err() && validate_actual_cost(MAX_ACTUAL_COST + 1).is_err());
        assert!(validate_blackout(0, 366 * 86_400, "維護").is_ok());
        assert!(validate_blackout(0, 366 * 86_400 + 1, "").is_err());
        assert!(validate_blackout(5, 5, "").is_err());
        assert!(validate_blackout(0, 3600, &"x".repeat(201)).unwrap_err().message.starts_with("reason"));
        for s in ["", "pending", "confirmed", "cancelled", "completed", "no_show"] {
            assert!(validate_status_filter(s).is_ok(), "{s}");
        }
        assert!(validate_status_filter("done").is_err());
    }

    #[test]
    fn a_long_search_goes_word_by_word_within_d1s_like_limit() {
        assert_eq!(search_patterns("").unwrap(), Vec::<String>::new());
        assert_eq!(search_patterns("  顯微  顯微 50%  ").unwrap(), vec!["%顯微%", "%50\\%%"]);
        assert_eq!(search_patterns("台北 显微镜").unwrap(), vec!["%臺北%", "%顯微鏡%"], "folded like the search text");
        let t = instrument_search_text("台大顯微鏡", "Microscope", "顯微鏡", "位於台北市");
        assert_eq!(t, "臺大顯微鏡\nMicroscope\n顯微鏡\n位於臺北市");
        // 63 bytes in five words: each word is its own pattern, all within 50 bytes.
        let long = search_patterns("場發射 掃描式 電子顯微鏡 分析儀器 元素分析").unwrap();
        assert_eq!(long.len(), 5);
        assert!(long.iter().all(|p| p.len() <= crate::common::d1::MAX_LIKE_PATTERN_BYTES));
        for bad in ["顯".repeat(17), "a".repeat(49), "顯 ".repeat(60)] {
            let e = search_patterns(&bad).unwrap_err();
            assert!(e.message.starts_with("q:"), "{bad:?}: {}", e.message);
        }
        let nine = (1..=9).map(|n| format!("w{n}")).collect::<Vec<_>>().join(" ");
        assert!(search_patterns(&nine).unwrap_err().message.contains("8 words"));
    }

    #[test]
    fn holding_limits_are_bounded_and_their_refusals_named() {
        assert!(validate_holding_limits(&DEFAULT_CENTER_LIMITS).is_ok());
        assert!(validate_holding_limits(&MAX_HOLDING_LIMITS).is_ok());
        for (b, h) in [(0, 1), (1, 0), (501, 1), (1, 5001)] {
            let l = HoldingLimits { max_future_bookings: b, max_future_hours: h };
            assert!(validate_holding_limits(&l).is_err(), "{l:?}");
        }
        let u = InstrumentUpdate { max_future_hours: Some(0), ..Default::default() };
        assert!(validate_update(&u, &instrument()).unwrap_err().message.starts_with("max_future_hours"));
        let refused = |text: &str| crate::common::constraints::from_sqlite(text).expect("mapped");
        let e = refused("D1_ERROR: holding_limit_instrument: SQLITE_CONSTRAINT");
        assert_eq!((e.kind.status(), holding_limit_scope(&e)), (409, Some(LimitScope::Instrument)));
        let e = refused("D1_ERROR: holding_limit_center: SQLITE_CONSTRAINT");
        assert_eq!(holding_limit_scope(&e), Some(LimitScope::Center));
        assert_eq!(holding_limit_scope(&slot_taken()), None);
    }

    #[test]
    fn the_default_limits_are_the_migrations_defaults() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/0013_booking_limits.sql");
        let sql = std::fs::read_to_string(path).expect("migration 0013");
        for (table, l) in [("instruments", DEFAULT_INSTRUMENT_LIMITS), ("centers", DEFAULT_CENTER_LIMITS)] {
            for (col, v) in [("max_future_bookings", l.max_future_bookings), ("max_future_hours", l.max_future_hours)] {
                let line = format!("ALTER TABLE {table} ADD COLUMN {col} INTEGER NOT NULL DEFAULT {v};");
                assert!(sql.contains(&line), "{line}");
            }
        }
    }

    #[test]
    fn a_whole_series_fits_in_one_invocations_query_budget() {
        // Session, instrument, training, PI accounts; the batch (one insert per
        // week and one reservation statement); reading the series back.
        let queries = 4 + (MAX_REPEAT_WEEKS as usize + 1) + 1;
        assert!(queries <= crate::common::d1::MAX_QUERIES_FREE, "{queries}");
    }

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
