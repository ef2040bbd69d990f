//! Text formatting every page shares: numbers with separators, dates in
//! the reader's style, and URL query strings.

use crate::i18n::I18n;

/// Splits a query string into decoded `(name, value)` pairs (`+` is a space).
pub fn parse_pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (pct_decode(k), pct_decode(v))
        })
        .collect()
}

/// Percent-encodes everything but RFC 3986's unreserved characters, as
/// `encodeURIComponent` does (so a space is `%20`).
pub fn pct_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes and `+`; malformed escapes are kept as written and
/// invalid UTF-8 becomes U+FFFD, so any URL a person pastes still parses.
pub fn pct_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An integer with thousands separators: `38481` → `38,481`.
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// A `YYYY-MM-DD` date in the reader's style (ROC years if chosen); other
/// text is shown as it is.
pub fn day(i18n: &I18n, s: &str) -> String {
    let parsed = commons_domain::common::locale::parse_rfc3339(&format!("{s}T00:00:00+08:00"));
    match parsed {
        Some(secs) if s.len() == 10 => commons_domain::common::locale::format_date(secs, i18n.locale, i18n.roc),
        _ => s.to_string(),
    }
}

/// A timestamp (RFC 3339) or a bare date, in Taipei time.
pub fn when(i18n: &I18n, s: &str) -> String {
    if s.len() == 10 {
        return day(i18n, s);
    }
    let shown = i18n.datetime(s);
    if shown.is_empty() {
        s.to_string()
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_escapes_do_not_panic() {
        assert_eq!(pct_decode("100%"), "100%");
        assert_eq!(pct_decode("%zz%e5%b9%b4"), "%zz年");
        assert_eq!(pct_decode("%E5"), "\u{fffd}");
    }

    #[test]
    fn numbers_group_by_thousands() {
        assert_eq!(grouped(38481), "38,481");
        assert_eq!(grouped(-1234567), "-1,234,567");
        assert_eq!(grouped(12), "12");
    }
}
