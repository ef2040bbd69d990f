//! Instrument booking: centres, instruments, calendars, bookings, favourites
//! and the centres' reports.

use commons_domain::booking::reports::Report;
use commons_domain::booking::{
    Booking, BookingCreated, BookingEnvelope, BookingList, BookingRequest, Calendar, CalendarFeed, CenterDay,
    CenterList, FavoriteList, FavoriteRequest, Instrument, InstrumentList, QuotaList, SimilarList, WaitlistRequest,
};
use gloo::net::http::Request;

use super::{enc, get, post, send, ApiFailure, NO_BODY};

/// `GET /api/centers`.
pub async fn centers() -> Result<CenterList, ApiFailure> {
    get("/api/centers").await
}

/// `GET /api/instruments`.
pub async fn instruments(q: &str, center: &str, page: u32) -> Result<InstrumentList, ApiFailure> {
    get(&format!("/api/instruments?q={}&center={}&page={page}&per_page=24", enc(q), enc(center))).await
}

/// `GET /api/instruments/{id}/calendar`.
pub async fn calendar(id: i64, from: &str, to: &str) -> Result<Calendar, ApiFailure> {
    get(&format!("/api/instruments/{id}/calendar?from={}&to={}", enc(from), enc(to))).await
}

/// `POST /api/bookings`: one booking, or every week of a series.
pub async fn create_booking(body: &BookingRequest) -> Result<Vec<Booking>, ApiFailure> {
    post::<BookingCreated>("/api/bookings", Some(body)).await.map(BookingCreated::into_bookings)
}

/// `GET /api/me/bookings`.
pub async fn my_bookings() -> Result<BookingList, ApiFailure> {
    get("/api/me/bookings?per_page=100").await
}

/// `POST /api/bookings/{id}/cancel`.
pub async fn cancel_booking(id: &str) -> Result<Booking, ApiFailure> {
    post::<BookingEnvelope>(&format!("/api/bookings/{}/cancel", enc(id)), NO_BODY).await.map(|e| e.booking)
}

/// `GET /api/me/quota`.
pub async fn my_quota() -> Result<QuotaList, ApiFailure> {
    get("/api/me/quota").await
}

/// `GET /api/centers/{id}/day?date=`.
pub async fn center_day(center: &str, date: &str) -> Result<CenterDay, ApiFailure> {
    get(&format!("/api/centers/{}/day?date={}", enc(center), enc(date))).await
}

/// `GET /api/centers/{id}/bookings?status=`.
pub async fn center_bookings(center: &str, status: &str) -> Result<BookingList, ApiFailure> {
    get(&format!("/api/centers/{}/bookings?status={}&per_page=100", enc(center), enc(status))).await
}

/// `POST /api/bookings/{id}/confirm`.
pub async fn confirm_booking(id: &str) -> Result<Booking, ApiFailure> {
    post::<BookingEnvelope>(&format!("/api/bookings/{}/confirm", enc(id)), NO_BODY).await.map(|e| e.booking)
}

/// `GET /api/me/favorites?start=&end=`.
pub async fn favorites_at(start: &str, end: &str) -> Result<FavoriteList, ApiFailure> {
    get(&format!("/api/me/favorites?start={}&end={}", enc(start), enc(end))).await
}

/// `PUT /api/me/favorites/{id}`.
pub async fn put_favorite(id: i64, substitutes: Vec<i64>) -> Result<(), ApiFailure> {
    send(Request::put(&format!("/api/me/favorites/{id}")), Some(&FavoriteRequest { substitutes })).await
}

/// `GET /api/instruments/{id}/similar`.
pub async fn similar(id: i64) -> Result<Vec<Instrument>, ApiFailure> {
    get::<SimilarList>(&format!("/api/instruments/{id}/similar")).await.map(|l| l.instruments)
}

/// `GET /api/reports/{kind}?center=&from=&to=`.
pub async fn report(kind: &str, center: &str, from: &str, to: &str) -> Result<Report, ApiFailure> {
    get(&report_url(kind, center, from, to, "json")).await
}

/// The URL of a report, as JSON or as a CSV download.
pub fn report_url(kind: &str, center: &str, from: &str, to: &str, format: &str) -> String {
    format!("/api/reports/{}?center={}&from={}&to={}&format={format}", enc(kind), enc(center), enc(from), enc(to))
}

/// `GET /api/me/calendar-feed`: the signed-in user's secret feed URLs.
pub async fn calendar_feed() -> Result<CalendarFeed, ApiFailure> {
    get("/api/me/calendar-feed").await
}

/// `POST /api/me/calendar-feed/rotate`: new feed URLs; the old ones stop working.
pub async fn rotate_calendar_feed() -> Result<CalendarFeed, ApiFailure> {
    post("/api/me/calendar-feed/rotate", NO_BODY).await
}

/// `POST /api/waitlist`: wait for a taken slot (204).
pub async fn join_waitlist(body: &WaitlistRequest) -> Result<(), ApiFailure> {
    send(Request::post("/api/waitlist"), Some(body)).await
}
