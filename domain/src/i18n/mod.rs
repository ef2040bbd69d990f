//! The UI text catalogue, zh-TW first with English beside it.
//!
//! Every visible string of the SPA is a key here. Each row carries both
//! languages, and tests check that no translation is empty, no key repeats,
//! every error kind and role has its text, and every key the frontend source
//! uses exists.

use serde::{Deserialize, Serialize};

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Locale {
    /// Traditional Chinese (Taiwan), the default.
    #[default]
    #[serde(rename = "zh-TW")]
    ZhTw,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Locale {
    /// The BCP 47 tag, as stored and as put on `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhTw => "zh-TW",
            Locale::En => "en",
        }
    }
    /// Parses a tag; accepts `zh-TW`, `zh-Hant`, `zh` and `en*` loosely.
    pub fn parse(s: &str) -> Option<Locale> {
        let l = s.trim().to_ascii_lowercase();
        if l == "zh-tw" || l == "zh-hant" || l == "zh" || l.starts_with("zh-hant-") {
            Some(Locale::ZhTw)
        } else if l == "en" || l.starts_with("en-") {
            Some(Locale::En)
        } else {
            None
        }
    }
    /// The other language, for the one-click switch.
    pub fn other(self) -> Locale {
        match self {
            Locale::ZhTw => Locale::En,
            Locale::En => Locale::ZhTw,
        }
    }
}

/// (key, zh-TW, en). Grouped by page; keep keys dotted and lower-case.
mod booking;
mod opendata;
mod qa;
mod shell;

/// The catalogue, one table per part of the site (keys are unique across
/// all of them; a test checks it). Keep keys dotted and lower-case.
pub const CATALOGUE: [&[(&str, &str, &str)]; 4] = [shell::SHELL, opendata::OPENDATA, booking::BOOKING, qa::QA];

/// Every row of the catalogue.
pub fn rows() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    CATALOGUE.iter().flat_map(|t| t.iter())
}

/// The text for `key` in `locale`, or the key itself if missing (a test
/// guarantees no used key is missing, so users never see a raw key).
pub fn t(locale: Locale, key: &str) -> &'static str {
    for (k, zh, en) in rows() {
        if *k == key {
            return match locale {
                Locale::ZhTw => zh,
                Locale::En => en,
            };
        }
    }
    // Leaking here is bounded: only keys a test would already have flagged.
    Box::leak(key.to_string().into_boxed_str())
}

/// [`t`] with `{name}` placeholders filled from `args`.
pub fn tf(locale: Locale, key: &str, args: &[(&str, &str)]) -> String {
    let mut s = t(locale, key).to_string();
    for (name, value) in args {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// Whether the catalogue has `key`.
pub fn has_key(key: &str) -> bool {
    rows().any(|(k, _, _)| *k == key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::Role;
    use crate::error::ErrorKind;

    #[test]
    fn every_key_has_both_languages_and_is_unique() {
        let mut seen = std::collections::HashSet::new();
        for (k, zh, en) in rows() {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!zh.trim().is_empty(), "{k} is missing its zh-TW text");
            assert!(!en.trim().is_empty(), "{k} is missing its English text");
            // Placeholders must agree, or one language would show a raw `{x}`.
            let holes = |s: &str| {
                s.match_indices('{')
                    .map(|(i, _)| s[i..].split('}').next().unwrap_or("").to_string())
                    .collect::<Vec<_>>()
            };
            assert_eq!(holes(zh), holes(en), "{k}: placeholders differ");
        }
    }

    #[test]
    fn every_error_kind_and_role_is_translated() {
        for k in ErrorKind::ALL {
            assert!(has_key(&format!("error.{}", k.as_str())), "error.{} missing", k.as_str());
        }
        for r in Role::ALL {
            assert!(has_key(&format!("role.{}", r.as_str())), "role.{} missing", r.as_str());
        }
        // Keys the SPA builds at run time.
        for d in 0..7 {
            assert!(has_key(&format!("weekday.{d}")));
        }
        for st in ["pending", "confirmed", "cancelled", "completed", "no_show"] {
            assert!(has_key(&format!("status.{st}")), "status.{st}");
        }
        for r in crate::booking::reports::REPORTS {
            assert!(has_key(&format!("report.{}", r.kind)), "report.{}", r.kind);
            for c in r.columns {
                assert!(has_key(&format!("report.col.{c}")), "report.col.{c}");
            }
        }
        for k in crate::common::notify::KINDS {
            assert!(has_key(&format!("notify.{k}")), "notify.{k}");
        }
        for k in ["booking.fee_hour", "booking.fee_sample", "booking.done", "booking.done_pending"] {
            assert!(has_key(k), "{k}");
        }
    }

    #[test]
    fn every_key_used_by_the_frontend_exists() {
        // Scan the SPA's source for t(.., "key") / tf(.., "key", ..) / i18n keys in quotes.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/src");
        let mut missing = Vec::new();
        let mut used = 0;
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("frontend/src is readable") {
                let path = entry.expect("dir entry").path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let src = std::fs::read_to_string(&path).expect("source is UTF-8");
                for key in used_keys(&src) {
                    used += 1;
                    if !has_key(&key) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        assert!(used > 20, "scanner found only {used} keys; is the pattern still right?");
        assert!(missing.is_empty(), "keys missing from the catalogue:\n{}", missing.join("\n"));
    }

    /// Keys appear in the SPA as `tr("key")` or `trf("key", ..)`.
    fn used_keys(src: &str) -> Vec<String> {
        let mut out = Vec::new();
        for pat in ["tr(\"", "trf(\""] {
            for (i, _) in src.match_indices(pat) {
                let rest = &src[i + pat.len()..];
                if let Some(end) = rest.find('"') {
                    out.push(rest[..end].to_string());
                }
            }
        }
        out
    }

    #[test]
    fn interpolates_placeholders() {
        assert_eq!(tf(Locale::ZhTw, "auth.welcome", &[("name", "林小明")]), "歡迎，林小明");
        assert_eq!(tf(Locale::En, "auth.welcome", &[("name", "Lin")]), "Welcome, Lin");
    }

    #[test]
    fn parses_locale_tags() {
        assert_eq!(Locale::parse("zh-TW"), Some(Locale::ZhTw));
        assert_eq!(Locale::parse("en-GB"), Some(Locale::En));
        assert_eq!(Locale::parse("fr"), None);
    }
}
