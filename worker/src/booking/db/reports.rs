//! SQL for the centres' reports: one statement per report kind, each over
//! experiments whose start falls in `[from, to)` at one centre or all.
//!
//! The kind only picks one of the fixed statements below; the centre and
//! the range are bound, so nothing a caller sends is written into SQL.

use commons_domain::ApiError;
use worker::D1Database;

use crate::db::{int, text};

/// Shared FROM/WHERE for booking-based reports; `?1` centre ('' = all), `?2`/`?3` range.
const BOOKINGS: &str = "FROM bookings b JOIN instruments i ON i.id = b.instrument_id JOIN users u ON u.id = b.user_id \
     WHERE (?1 = '' OR i.center_id = ?1) AND b.start_at >= ?2 AND b.start_at < ?3";
/// Cash receipts joined to their bookings, same parameters.
const RECEIPTS: &str =
    "FROM receipts r JOIN bookings b ON b.id = r.booking_id JOIN instruments i ON i.id = b.instrument_id \
     WHERE (?1 = '' OR r.center_id = ?1) AND b.start_at >= ?2 AND b.start_at < ?3";
/// Hours of a booking.
const HOURS: &str = "(b.end_at - b.start_at) / 3600.0";
/// A Taipei date from unix seconds in column `x`.
fn taipei_date(x: &str) -> String {
    format!("strftime('%Y-%m-%d', {x} + 28800, 'unixepoch')")
}

/// The statement of report `kind`: `?1` centre ('' = all), `?2`/`?3` the range.
fn sql_for(kind: &str) -> Option<String> {
    let day = taipei_date("b.start_at");
    Some(match kind {
        "instrument_service_details" => format!(
            "SELECT {day}, i.name_zh, u.display_name, COALESCE((SELECT p.display_name FROM users p WHERE p.id = b.pi_user_id), ''), \
             ROUND({HOURS}, 2), b.payment, b.status, COALESCE(b.actual_cost, 0) {BOOKINGS} \
             AND b.status IN ('completed', 'no_show') ORDER BY b.start_at, b.id"
        ),
        "instrument_service_stats" => format!(
            "SELECT i.name_zh, SUM(b.status = 'completed'), SUM(b.status = 'no_show'), \
             ROUND(SUM(CASE WHEN b.status = 'completed' THEN {HOURS} ELSE 0 END), 2), COUNT(DISTINCT b.user_id), \
             SUM(COALESCE(b.actual_cost, 0)) {BOOKINGS} AND b.status IN ('completed', 'no_show') GROUP BY i.id ORDER BY i.id"
        ),
        "cash_payment_details" => format!(
            "SELECT r.number, {day}, r.payer_name, i.name_zh, r.amount {RECEIPTS} ORDER BY r.center_id, r.number"
        ),
        "cash_payment_stats" => format!(
            "SELECT strftime('%Y-%m', b.start_at + 28800, 'unixepoch') AS month, COUNT(*), SUM(r.amount) {RECEIPTS} \
             GROUP BY month ORDER BY month"
        ),
        "pi_cash_payments" => format!(
            "SELECT COALESCE((SELECT pu.display_name FROM memberships m JOIN users pu ON pu.id = m.pi_user_id \
               WHERE m.user_id = b.user_id ORDER BY m.pi_user_id LIMIT 1), '') AS pi, r.payer_name, r.number, {day}, r.amount \
             {RECEIPTS} ORDER BY pi, r.number"
        ),
        "booker_instruments" => format!(
            "SELECT u.display_name, i.name_zh, COUNT(*), ROUND(SUM({HOURS}), 2), SUM(COALESCE(b.actual_cost, 0)) {BOOKINGS} \
             AND b.status = 'completed' GROUP BY b.user_id, i.id ORDER BY u.display_name, i.id"
        ),
        "center_service_stats" => format!(
            "SELECT c.name_zh, COUNT(*), ROUND(SUM({HOURS}), 2), COUNT(DISTINCT b.user_id), \
             SUM(CASE WHEN b.payment = 'quota' THEN COALESCE(b.actual_cost, 0) ELSE 0 END), \
             SUM(CASE WHEN b.payment = 'cash' THEN COALESCE(b.actual_cost, 0) ELSE 0 END), SUM(COALESCE(b.actual_cost, 0)) \
             {} AND b.status = 'completed' GROUP BY c.id ORDER BY c.id",
            BOOKINGS.replace("JOIN users u", "JOIN centers c ON c.id = i.center_id JOIN users u")
        ),
        _ => return None,
    })
}

/// The rows of report `kind` (one value per column, as `commons_domain::booking::reports`
/// defines them), or `None` for a kind that has no statement.
pub async fn report_rows(
    db: &D1Database,
    kind: &str,
    center: &str,
    from: i64,
    to: i64,
) -> Result<Option<Vec<Vec<serde_json::Value>>>, ApiError> {
    let Some(sql) = sql_for(kind) else { return Ok(None) };
    let rows = crate::db::stmt(db, &sql, &[text(center), int(from), int(to)])?
        .raw::<serde_json::Value>()
        .await
        .map_err(crate::db::d1_err)?;
    Ok(Some(rows))
}
