//! The centres' reports, as JSON for the page (with its chart) or CSV for a
//! spreadsheet. Every report covers experiments whose start falls in
//! `[from, to)` and is restricted to one centre (its staff) or all (admins).

use commons_domain::accounts::Role;
use commons_domain::booking::reports::{report_def, totals, validate_range, Report};
use commons_domain::common::locale::{parse_rfc3339, rfc3339_utc};
use commons_domain::i18n::{t, Locale};
use commons_domain::{ApiError, ErrorKind};
use worker::{Headers, Response};

use crate::accounts::auth::require_user;
use crate::booking::db;
use crate::ctx::RequestCtx;
use crate::http::{q_get, query};

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
    validate_range(from, to)?;
    let rows = db::reports::report_rows(&rc.db()?, &kind, &center, from, to).await?.ok_or_else(ApiError::not_found)?;
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

/// A CSV cell: text with any spreadsheet formula neutralised (a member can
/// name themselves `=HYPERLINK(…)`), numbers the site computed as they are,
/// null as empty.
fn cell(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => commons_domain::common::csv::text(s).into_owned(),
        serde_json::Value::Null => String::new(),
        serde_json::Value::Number(n) => commons_domain::common::csv::number(n),
        other => commons_domain::common::csv::text(&other.to_string()).into_owned(),
    }
}

/// The report as CSV with translated headers and a totals row; a BOM makes
/// spreadsheet programs read the UTF-8 Chinese correctly.
fn csv_response(r: &Report, locale: Locale) -> Result<Response, ApiError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header: Vec<String> = r
        .columns
        .iter()
        .map(|c| commons_domain::common::csv::text(t(locale, &format!("report.col.{c}"))).into_owned())
        .collect();
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
