//! The centres' reports, as JSON for the page (with its chart) or CSV for a
//! spreadsheet. Every report covers experiments whose start falls in
//! `[from, to)` and is restricted to one centre (its staff) or all (admins).

use commons_domain::accounts::Role;
use commons_domain::booking::reports::{report_def, totals, Report};
use commons_domain::common::locale::{parse_rfc3339, rfc3339_utc};
use commons_domain::i18n::{t, Locale};
use commons_domain::{ApiError, ErrorKind};
use worker::{Headers, Response};

use crate::accounts::auth::require_user;
use crate::ctx::RequestCtx;
use crate::http::{q_get, query};

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

/// The longest range one report may cover: two years.
const MAX_RANGE: i64 = 2 * 366 * 86_400;

/// `GET /api/reports/{kind}?center=&from=&to=[&format=csv&lang=]`.
pub async fn get_report(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let kind = rc.param("kind").unwrap_or_default().to_string();
    let def = report_def(&kind).ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such report"))?;
    let q = query(rc)?;
    let center = q_get(&q, "center").unwrap_or("").to_string();
    let allowed =
        if center.is_empty() { me.has(Role::Admin, None) } else { me.has(Role::FacilityStaff, Some(&center)) };
    if !allowed {
        return Err(ApiError::forbidden());
    }
    let from = q_get(&q, "from").and_then(parse_rfc3339).ok_or_else(|| ApiError::invalid("from: RFC 3339 required"))?;
    let to = q_get(&q, "to").and_then(parse_rfc3339).ok_or_else(|| ApiError::invalid("to: RFC 3339 required"))?;
    if to <= from || to - from > MAX_RANGE {
        return Err(ApiError::invalid("to: after from, within two years"));
    }
    let sql = sql_for(&kind).ok_or_else(ApiError::not_found)?;
    let dbh = rc.db()?;
    let rows: Vec<Vec<serde_json::Value>> =
        crate::db::stmt(&dbh, &sql, &[crate::db::text(&center), crate::db::int(from), crate::db::int(to)])?
            .raw::<serde_json::Value>()
            .await
            .map_err(crate::db::d1_err)?;
    let report = Report {
        kind: kind.clone(),
        center_id: (!center.is_empty()).then_some(center.clone()),
        from: rfc3339_utc(from),
        to: rfc3339_utc(to),
        columns: def.columns.iter().map(|c| c.to_string()).collect(),
        totals: totals(def, &rows),
        rows,
    };
    if q_get(&q, "format") == Some("csv") {
        let locale = q_get(&q, "lang").and_then(Locale::parse).unwrap_or_default();
        return csv_response(&report, locale);
    }
    crate::http::ok_json(&report)
}

fn cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The report as CSV with translated headers and a totals row; a BOM makes
/// spreadsheet programs read the UTF-8 Chinese correctly.
fn csv_response(r: &Report, locale: Locale) -> Result<Response, ApiError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = r.columns.iter().map(|c| t(locale, &format!("report.col.{c}"))).collect();
    w.write_record(&header).map_err(crate::error::internal)?;
    for row in &r.rows {
        w.write_record(row.iter().map(cell)).map_err(crate::error::internal)?;
    }
    let mut total_row: Vec<String> = r.totals.iter().map(cell).collect();
    if let Some(first) = total_row.first_mut() {
        if first.is_empty() {
            *first = t(locale, "report.total").to_string();
        }
    }
    w.write_record(&total_row).map_err(crate::error::internal)?;
    let mut body = "\u{feff}".as_bytes().to_vec();
    body.extend(w.into_inner().map_err(crate::error::internal)?);
    let headers = Headers::new();
    let _ = headers.set("content-type", "text/csv; charset=utf-8");
    let _ = headers.set("content-disposition", &format!("attachment; filename=\"{}-{}.csv\"", r.kind, &r.from[..10]));
    Ok(Response::builder().with_status(200).with_headers(headers).fixed(body))
}
