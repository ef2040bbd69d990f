//! iCalendar (RFC 5545) output for calendar feeds: escaping, line folding
//! and UTC timestamps, so any calendar app can subscribe.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// `GET /api/me/calendar-feed`: the signed-in user's secret feed URLs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarFeed {
    /// The feed of the user's own bookings.
    pub bookings_url: String,
    /// An instrument's busy time: replace `{id}` with the instrument id.
    pub instrument_url_template: String,
}

impl CalendarFeed {
    /// The feed URLs of `token` on the site at `origin` (`https://host`, no trailing slash).
    pub fn new(origin: &str, token: &str) -> CalendarFeed {
        CalendarFeed {
            bookings_url: format!("{origin}/api/ics/{token}/bookings.ics"),
            instrument_url_template: format!("{origin}/api/ics/{token}/instruments/{{id}}.ics"),
        }
    }
}

/// The title of a busy interval in an instrument's feed, which does not say who booked it.
pub fn busy_summary(kind: &str) -> &'static str {
    match kind {
        "blackout" => "維護／停機",
        "pending" => "待審核",
        _ => "已預約",
    }
}

/// The `STATUS` of an event: `TENTATIVE` while the booking waits for approval.
pub fn event_status(pending: bool) -> &'static str {
    if pending {
        "TENTATIVE"
    } else {
        "CONFIRMED"
    }
}

/// One event.
pub struct Event<'a> {
    /// Globally unique id.
    pub uid: &'a str,
    /// Start, unix seconds.
    pub start: i64,
    /// End, unix seconds.
    pub end: i64,
    /// Title.
    pub summary: &'a str,
    /// Place.
    pub location: &'a str,
    /// Free text.
    pub description: &'a str,
    /// `CONFIRMED` or `TENTATIVE`.
    pub status: &'a str,
}

/// `20261130T020000Z`.
fn utc(ts: i64) -> String {
    match OffsetDateTime::from_unix_timestamp(ts) {
        Ok(t) => format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Err(_) => String::new(),
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace("\r\n", "\\n").replace('\n', "\\n")
}

/// Folds a content line at 75 octets without splitting a UTF-8 character (§3.1).
pub fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
    out
}

/// A whole VCALENDAR. `now` stamps DTSTAMP.
pub fn calendar(name: &str, events: &[Event<'_>], now: i64) -> String {
    let mut s = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Commons//Instrument booking//ZH-TW",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        s.push_str(&fold(l));
    }
    s.push_str(&fold(&format!("X-WR-CALNAME:{}", escape(name))));
    s.push_str(&fold("X-WR-TIMEZONE:Asia/Taipei"));
    for e in events {
        s.push_str(&fold("BEGIN:VEVENT"));
        s.push_str(&fold(&format!("UID:{}", escape(e.uid))));
        s.push_str(&fold(&format!("DTSTAMP:{}", utc(now))));
        s.push_str(&fold(&format!("DTSTART:{}", utc(e.start))));
        s.push_str(&fold(&format!("DTEND:{}", utc(e.end))));
        s.push_str(&fold(&format!("SUMMARY:{}", escape(e.summary))));
        s.push_str(&fold(&format!("LOCATION:{}", escape(e.location))));
        s.push_str(&fold(&format!("DESCRIPTION:{}", escape(e.description))));
        s.push_str(&fold(&format!("STATUS:{}", e.status)));
        s.push_str(&fold("END:VEVENT"));
    }
    s.push_str(&fold("END:VCALENDAR"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_long_lines_on_character_boundaries() {
        let long = format!("SUMMARY:{}", "場發射掃描式電子顯微鏡".repeat(5));
        let folded = fold(&long);
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75, "{line}");
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), long);
    }

    #[test]
    fn feed_urls_carry_the_token() {
        let f = CalendarFeed::new("https://commons.example", "abc");
        assert_eq!(f.bookings_url, "https://commons.example/api/ics/abc/bookings.ics");
        assert_eq!(f.instrument_url_template, "https://commons.example/api/ics/abc/instruments/{id}.ics");
        assert_eq!(busy_summary("blackout"), "維護／停機");
        assert_eq!(busy_summary("confirmed"), "已預約");
        assert_eq!(event_status(true), "TENTATIVE");
    }

    #[test]
    fn escapes_text_and_writes_utc() {
        assert_eq!(escape("a,b;c\nd"), "a\\,b\\;c\\nd");
        let cal = calendar(
            "x",
            &[Event {
                uid: "1",
                start: 1_796_000_400,
                end: 1_796_004_000,
                summary: "s",
                location: "l",
                description: "",
                status: "CONFIRMED",
            }],
            0,
        );
        assert!(cal.contains("DTSTART:20261130T010000Z\r\n"));
        assert!(cal.starts_with("BEGIN:VCALENDAR\r\n") && cal.ends_with("END:VCALENDAR\r\n"));
    }
}
