//! SQL for busy time: an instrument's or a whole centre's active bookings
//! and blackouts in a window, and the centre's blackouts themselves.

use commons_domain::booking::BusySlot;
use commons_domain::common::locale::rfc3339_utc;
use commons_domain::ApiError;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::D1Database;

use crate::db::{int, text};

/// A busy interval as stored.
#[derive(Debug, Deserialize)]
pub struct BusyRow {
    /// Start, unix seconds.
    pub start_at: i64,
    /// End, unix seconds.
    pub end_at: i64,
    /// `pending`, `confirmed` or `blackout`.
    pub kind: String,
    /// The booker (0 for blackouts).
    pub user_id: i64,
}

impl BusyRow {
    /// The wire form for `viewer` (signed in or not): only their own bookings say so.
    pub fn slot(&self, viewer: Option<i64>) -> BusySlot {
        BusySlot {
            start: rfc3339_utc(self.start_at),
            end: rfc3339_utc(self.end_at),
            kind: self.kind.clone(),
            mine: viewer.is_some_and(|v| v == self.user_id),
        }
    }
}

/// Active bookings and blackouts of an instrument overlapping `[from, to)`.
pub async fn busy(db: &D1Database, instrument_id: i64, from: i64, to: i64) -> Result<Vec<BusyRow>, ApiError> {
    crate::db::all::<BusyRow>(db, "SELECT start_at, end_at, status AS kind, user_id FROM bookings \
           WHERE instrument_id = ?1 AND status IN ('pending', 'confirmed') AND start_at < ?3 AND end_at > ?2 \
         UNION ALL \
         SELECT x.start_at, x.end_at, 'blackout' AS kind, 0 AS user_id FROM blackouts x JOIN instruments i ON i.id = ?1 \
           WHERE x.center_id = i.center_id AND (x.instrument_id IS NULL OR x.instrument_id = ?1) \
             AND x.start_at < ?3 AND x.end_at > ?2 \
         ORDER BY start_at", &[int(instrument_id), int(from), int(to)]).await
}

/// Whether an instrument has no active booking or blackout overlapping `[start, end)`.
///
/// Only for answers and offers (the favourites' "free then?", the
/// waitlist's "book it instead"): a booking itself is decided by the
/// overlap trigger, never by this.
pub async fn is_free(db: &D1Database, instrument_id: i64, start: i64, end: i64) -> Result<bool, ApiError> {
    Ok(busy(db, instrument_id, start, end).await?.is_empty())
}

/// Active bookings and blackouts of every instrument of a centre in `[from, to)`, by instrument id.
pub async fn center_busy(db: &D1Database, center: &str, from: i64, to: i64) -> Result<Vec<(i64, BusyRow)>, ApiError> {
    #[derive(Deserialize)]
    struct R {
        instrument_id: i64,
        start_at: i64,
        end_at: i64,
        kind: String,
        user_id: i64,
    }
    let rows = crate::db::all::<R>(
        db,
        "SELECT b.instrument_id, b.start_at, b.end_at, b.status AS kind, b.user_id FROM bookings b \
           JOIN instruments i ON i.id = b.instrument_id \
           WHERE i.center_id = ?1 AND b.status IN ('pending', 'confirmed') AND b.start_at < ?3 AND b.end_at > ?2 \
         UNION ALL \
         SELECT i.id, x.start_at, x.end_at, 'blackout', 0 FROM blackouts x JOIN instruments i ON i.center_id = x.center_id \
           WHERE x.center_id = ?1 AND (x.instrument_id IS NULL OR x.instrument_id = i.id) AND x.start_at < ?3 AND x.end_at > ?2 \
         ORDER BY 2",
        &[text(center), int(from), int(to)],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (r.instrument_id, BusyRow { start_at: r.start_at, end_at: r.end_at, kind: r.kind, user_id: r.user_id })
        })
        .collect())
}

/// Active bookings overlapping a would-be blackout (to say how many block it).
pub async fn active_overlapping(
    db: &D1Database,
    center_id: &str,
    instrument_id: Option<i64>,
    start: i64,
    end: i64,
) -> Result<i64, ApiError> {
    crate::db::count(
        db,
        "SELECT COUNT(*) AS n FROM bookings b JOIN instruments i ON i.id = b.instrument_id \
         WHERE i.center_id = ?1 AND (?2 IS NULL OR b.instrument_id = ?2) AND b.status IN ('pending', 'confirmed') \
           AND b.start_at < ?4 AND b.end_at > ?3",
        &[text(center_id), instrument_id.map(int).unwrap_or(JsValue::NULL), int(start), int(end)],
    )
    .await
}

/// Stores a blackout unless an active booking overlaps it; false if one does.
///
/// One conditional statement, so a booking made at the same moment cannot
/// slip under the blackout (and the overlap trigger refuses bookings under
/// a stored one): the blackout never buries an active booking.
pub async fn insert_blackout(
    db: &D1Database,
    center_id: &str,
    instrument_id: Option<i64>,
    start: i64,
    end: i64,
    reason: &str,
) -> Result<bool, ApiError> {
    let stored = crate::db::run(
        db,
        "INSERT INTO blackouts (center_id, instrument_id, start_at, end_at, reason) SELECT ?1, ?2, ?3, ?4, ?5 \
         WHERE NOT EXISTS (SELECT 1 FROM bookings b JOIN instruments i ON i.id = b.instrument_id \
           WHERE i.center_id = ?1 AND (?2 IS NULL OR b.instrument_id = ?2) AND b.status IN ('pending', 'confirmed') \
             AND b.start_at < ?4 AND b.end_at > ?3)",
        &[text(center_id), instrument_id.map(int).unwrap_or(JsValue::NULL), int(start), int(end), text(reason)],
    )
    .await?;
    Ok(stored == 1)
}
