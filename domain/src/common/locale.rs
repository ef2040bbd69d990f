//! Dates as people in Taiwan read them: Asia/Taipei wall-clock time, in the
//! Gregorian calendar or in ROC years (民國, year − 1911).
//!
//! Taipei has kept UTC+8 without daylight saving since 1979, so a fixed offset
//! is exact for every timestamp the site stores (all after 2000).

use time::{OffsetDateTime, UtcOffset};

use crate::i18n::Locale;

/// Asia/Taipei's offset from UTC.
pub const TAIPEI_OFFSET_SECS: i32 = 8 * 3600;

/// The ROC (Minguo) year of a Gregorian year: 2026 → 115.
pub fn roc_year(gregorian: i32) -> i32 {
    gregorian - 1911
}

/// Unix seconds of 00:00 Asia/Taipei on the day containing `unix_secs`.
pub fn taipei_day_start(unix_secs: i64) -> i64 {
    let tz = TAIPEI_OFFSET_SECS as i64;
    (unix_secs + tz).div_euclid(86_400) * 86_400 - tz
}

/// The Taipei weekday of `unix_secs`, Monday = 0 to Sunday = 6.
pub fn taipei_weekday(unix_secs: i64) -> usize {
    // 1970-01-01 was a Thursday: day 0 is weekday 3.
    ((unix_secs + TAIPEI_OFFSET_SECS as i64).div_euclid(86_400) + 3).rem_euclid(7) as usize
}

/// Converts unix seconds to Taipei local time; `None` if out of range.
pub fn to_taipei(unix_secs: i64) -> Option<OffsetDateTime> {
    let offset = UtcOffset::from_whole_seconds(TAIPEI_OFFSET_SECS).ok()?;
    Some(OffsetDateTime::from_unix_timestamp(unix_secs).ok()?.to_offset(offset))
}

/// Parses an RFC 3339 timestamp to unix seconds.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok().map(|t| t.unix_timestamp())
}

/// Formats unix seconds as an RFC 3339 UTC string, the wire form of every timestamp.
pub fn rfc3339_utc(unix_secs: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix_secs)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

/// A date in Taipei, e.g. `2026年11月29日`, `民國115年11月29日`, `29 Nov 2026` or `29 Nov ROC 115`.
pub fn format_date(unix_secs: i64, locale: Locale, roc: bool) -> String {
    let Some(t) = to_taipei(unix_secs) else { return String::new() };
    let (y, m, d) = (t.year(), u8::from(t.month()), t.day());
    match (locale, roc) {
        (Locale::ZhTw, false) => format!("{y}年{m}月{d}日"),
        (Locale::ZhTw, true) => format!("民國{}年{m}月{d}日", roc_year(y)),
        (Locale::En, false) => format!("{d} {} {y}", MONTHS_EN[(m - 1) as usize]),
        (Locale::En, true) => format!("{d} {} ROC {}", MONTHS_EN[(m - 1) as usize], roc_year(y)),
    }
}

/// A date and 24-hour time in Taipei, e.g. `民國115年11月29日 11:05`.
pub fn format_datetime(unix_secs: i64, locale: Locale, roc: bool) -> String {
    let Some(t) = to_taipei(unix_secs) else { return String::new() };
    format!("{} {:02}:{:02}", format_date(unix_secs, locale, roc), t.hour(), t.minute())
}

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taipei_days_start_at_local_midnight_and_weeks_on_monday() {
        // 2026-11-29T10:00:00Z is Sunday 18:00 in Taipei; that day began at 2026-11-28T16:00:00Z.
        assert_eq!(taipei_day_start(1_795_946_400), 1_795_881_600);
        assert_eq!(taipei_day_start(1_795_881_600), 1_795_881_600);
        assert_eq!(taipei_day_start(1_795_881_599), 1_795_881_600 - 86_400);
        assert_eq!(taipei_weekday(1_795_946_400), 6);
        assert_eq!(taipei_weekday(1_795_881_600 + 86_400), 0);
    }

    // 2026-11-28T16:30:00Z is already the 29th in Taipei.
    const T: i64 = 1_795_883_400;

    #[test]
    fn taipei_is_utc_plus_eight_across_midnight() {
        assert_eq!(rfc3339_utc(T), "2026-11-28T16:30:00Z");
        assert_eq!(format_datetime(T, Locale::ZhTw, false), "2026年11月29日 00:30");
    }

    #[test]
    fn roc_years_are_gregorian_minus_1911() {
        assert_eq!(roc_year(2026), 115);
        assert_eq!(format_date(T, Locale::ZhTw, true), "民國115年11月29日");
        assert_eq!(format_date(T, Locale::En, true), "29 Nov ROC 115");
        assert_eq!(format_date(T, Locale::En, false), "29 Nov 2026");
    }

    #[test]
    fn parses_what_it_prints() {
        assert_eq!(parse_rfc3339(&rfc3339_utc(T)), Some(T));
        assert_eq!(parse_rfc3339("2026-11-29T00:30:00+08:00"), Some(T));
    }
}
