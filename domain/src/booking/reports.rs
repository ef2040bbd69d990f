//! The instrument centres' reports: which exist, their columns, and which
//! columns are summed into the totals row.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// One report as the API returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// The kind, e.g. `instrument_service_stats`.
    pub kind: String,
    /// The centre, or `None` for all centres (admins).
    pub center_id: Option<String>,
    /// Start of the range, RFC 3339 UTC.
    pub from: String,
    /// End of the range (exclusive), RFC 3339 UTC.
    pub to: String,
    /// Column names; the SPA shows `report.col.<name>`.
    pub columns: Vec<String>,
    /// The rows, one value per column.
    pub rows: Vec<Vec<serde_json::Value>>,
    /// Sums of the numeric columns (null elsewhere).
    pub totals: Vec<serde_json::Value>,
}

/// A report's definition.
pub struct ReportDef {
    /// URL name.
    pub kind: &'static str,
    /// Column names.
    pub columns: &'static [&'static str],
    /// Which columns are summed.
    pub summed: &'static [usize],
}

/// Every report the centres keep.
pub const REPORTS: &[ReportDef] = &[
    // 單項儀器服務明細: each settled booking.
    ReportDef {
        kind: "instrument_service_details",
        columns: &["date", "instrument", "booker", "pi", "hours", "payment", "status", "amount"],
        summed: &[4, 7],
    },
    // 單項儀器服務情形統計: per instrument.
    ReportDef {
        kind: "instrument_service_stats",
        columns: &["instrument", "bookings", "no_shows", "hours", "users", "amount"],
        summed: &[1, 2, 3, 4, 5],
    },
    // 實驗現金付費明細: each receipt.
    ReportDef {
        kind: "cash_payment_details",
        columns: &["receipt_number", "date", "booker", "instrument", "amount"],
        summed: &[4],
    },
    // 實驗現金付費情形統計: per month.
    ReportDef { kind: "cash_payment_stats", columns: &["month", "receipts", "amount"], summed: &[1, 2] },
    // 主持人實驗現金繳款明細: cash paid by each PI's group members.
    ReportDef {
        kind: "pi_cash_payments",
        columns: &["pi", "booker", "receipt_number", "date", "amount"],
        summed: &[4],
    },
    // 預約者使用貴重儀器清單: per booker and instrument.
    ReportDef {
        kind: "booker_instruments",
        columns: &["booker", "instrument", "uses", "hours", "amount"],
        summed: &[2, 3, 4],
    },
    // 貴儀中心服務情形統計: per centre.
    ReportDef {
        kind: "center_service_stats",
        columns: &["center", "bookings", "hours", "users", "quota_amount", "cash_amount", "amount"],
        summed: &[1, 2, 3, 4, 5, 6],
    },
];

/// The definition of `kind`.
pub fn report_def(kind: &str) -> Option<&'static ReportDef> {
    REPORTS.iter().find(|r| r.kind == kind)
}

/// Sums the `summed` columns of `rows` (numbers only); other cells are null.
pub fn totals(def: &ReportDef, rows: &[Vec<serde_json::Value>]) -> Vec<serde_json::Value> {
    (0..def.columns.len())
        .map(|c| {
            if def.summed.contains(&c) {
                let sum: f64 = rows.iter().filter_map(|r| r.get(c).and_then(serde_json::Value::as_f64)).sum();
                // Whole numbers stay integers on the wire (NT$, counts).
                if sum.fract() == 0.0 {
                    serde_json::Value::from(sum as i64)
                } else {
                    serde_json::Value::from((sum * 100.0).round() / 100.0)
                }
            } else {
                serde_json::Value::Null
            }
        })
        .collect()
}

/// The longest range one report may cover: two years.
pub const MAX_RANGE: i64 = 2 * 366 * 86_400;

/// Checks a report's range `[from, to)`: not empty, at most [`MAX_RANGE`].
pub fn validate_range(from: i64, to: i64) -> Result<(), ApiError> {
    if to <= from || to - from > MAX_RANGE {
        return Err(ApiError::invalid("to: after from, within two years"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn totals_sum_only_the_declared_columns() {
        let def = report_def("cash_payment_stats").expect("exists");
        let rows = vec![vec![json!("2026-11"), json!(2), json!(1600)], vec![json!("2026-12"), json!(1), json!(800)]];
        assert_eq!(totals(def, &rows), vec![json!(null), json!(3), json!(2400)]);
    }

    #[test]
    fn a_range_is_not_empty_and_at_most_two_years() {
        assert!(validate_range(0, MAX_RANGE).is_ok());
        assert!(validate_range(0, MAX_RANGE + 1).is_err());
        assert!(validate_range(5, 5).is_err());
    }

    #[test]
    fn there_are_seven_reports_with_valid_sum_columns() {
        assert_eq!(REPORTS.len(), 7);
        for r in REPORTS {
            assert!(r.summed.iter().all(|c| *c < r.columns.len()), "{}", r.kind);
        }
    }
}
