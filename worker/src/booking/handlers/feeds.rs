//! ICS calendar feeds under a secret per-user URL: the user's bookings and
//! any instrument's busy time, for calendar apps to subscribe to.

use commons_domain::booking::ics::{busy_summary, calendar, event_status, Event};
use commons_domain::booking::{BookingStatus, CalendarFeed};
use commons_domain::ApiError;
use worker::{Headers, Response};

use crate::accounts::auth::require_user;
use crate::booking::db;
use crate::ctx::RequestCtx;

/// `GET /api/me/calendar-feed`: the user's secret feed URLs (made on first use).
pub async fn get_calendar_feed(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let fresh = crate::crypto::random_hex::<24>();
    let token = db::feeds::feed_token(&rc.db()?, me.user.id, &fresh, rc.now()).await?;
    let origin = rc.req.url().map(|u| u.origin().ascii_serialization()).unwrap_or_default();
    crate::http::ok_json(&CalendarFeed::new(&origin, &token))
}

/// `POST /api/me/calendar-feed/rotate`: a new secret token; the old feed URLs
/// answer 404 from now on (for a URL that leaked, or a calendar shared once too often).
pub async fn rotate_calendar_feed(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let fresh = crate::crypto::random_hex::<24>();
    db::feeds::rotate_token(&rc.db()?, me.user.id, &fresh, rc.now()).await?;
    let origin = rc.req.url().map(|u| u.origin().ascii_serialization()).unwrap_or_default();
    crate::http::ok_json(&CalendarFeed::new(&origin, &fresh))
}

/// A calendar answer; apps poll feeds, so five minutes of caching spare the database.
fn ics_response(body: String) -> Response {
    let headers = Headers::new();
    let _ = headers.set("content-type", "text/calendar; charset=utf-8");
    let _ = headers.set("cache-control", "private, max-age=300");
    Response::builder().with_status(200).with_headers(headers).fixed(body.into_bytes())
}

/// The user of the `{token}` path parameter; an unknown token is 404.
async fn feed_owner(rc: &RequestCtx) -> Result<i64, ApiError> {
    let token = rc.param("token").unwrap_or_default().to_string();
    db::feeds::feed_user(&rc.db()?, &token).await?.ok_or_else(ApiError::not_found)
}

/// The feed looks back 30 days, so recent history stays on the calendar.
const FEED_LOOKBACK: i64 = 30 * 86_400;

/// An instrument's feed looks 120 days ahead, past any booking horizon.
const FEED_AHEAD: i64 = 120 * 86_400;

/// `GET /api/ics/{token}/bookings.ics`: the owner's bookings.
pub async fn ics_my_bookings(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let user = feed_owner(rc).await?;
    let now = rc.now();
    let rows = db::feeds::feed_bookings(&rc.db()?, user, now - FEED_LOOKBACK).await?;
    let views: Vec<_> = rows.iter().map(|r| (r, r.view(), r.center_name.clone().unwrap_or_default())).collect();
    let uids: Vec<String> = views.iter().map(|(_, b, _)| format!("{}@commons", b.id)).collect();
    let descs: Vec<String> = views.iter().map(|(_, b, _)| format!("status: {}", b.status.as_str())).collect();
    let events: Vec<Event> = views
        .iter()
        .enumerate()
        .map(|(i, (row, b, center))| Event {
            uid: &uids[i],
            start: row.start_at,
            end: row.end_at,
            summary: &b.instrument_name,
            location: center,
            description: &descs[i],
            status: event_status(b.status == BookingStatus::Pending),
        })
        .collect();
    Ok(ics_response(calendar("Commons 儀器預約", &events, now)))
}

/// `GET /api/ics/{token}/instruments/{id}.ics`: an instrument's busy time
/// (without who booked it).
pub async fn ics_instrument(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    feed_owner(rc).await?;
    let id: i64 = rc
        .param("id")
        .and_then(|s| s.strip_suffix(".ics"))
        .and_then(|s| s.parse().ok())
        .ok_or_else(ApiError::not_found)?;
    let dbh = rc.db()?;
    let inst = db::instruments::instrument(&dbh, id).await?.ok_or_else(ApiError::not_found)?.view();
    let now = rc.now();
    let busy = db::calendar::busy(&dbh, id, now - FEED_LOOKBACK, now + FEED_AHEAD).await?;
    let uids: Vec<String> = busy.iter().map(|b| format!("{id}-{}-{}@commons", b.start_at, b.kind)).collect();
    let events: Vec<Event> = busy
        .iter()
        .enumerate()
        .map(|(i, b)| Event {
            uid: &uids[i],
            start: b.start_at,
            end: b.end_at,
            summary: busy_summary(&b.kind),
            location: &inst.center_name_zh,
            description: "",
            status: event_status(b.kind == "pending"),
        })
        .collect();
    Ok(ics_response(calendar(&inst.name_zh, &events, now)))
}
