//! SQL for the ICS calendar feeds: each user's secret token and the
//! bookings their feed lists.

use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use super::bookings::{BookingRow, BOOKING_COLS};
use crate::db::{int, text};

/// The user's feed token, created on first use (`fresh` is the one to store
/// if there is none yet; a concurrent first use keeps whichever came first).
pub async fn feed_token(db: &D1Database, user_id: i64, fresh: &str, now: i64) -> Result<String, ApiError> {
    crate::db::run(
        db,
        "INSERT OR IGNORE INTO calendar_feeds (user_id, token, created_at) VALUES (?1, ?2, ?3)",
        &[int(user_id), text(fresh), int(now)],
    )
    .await?;
    #[derive(Deserialize)]
    struct T {
        token: String,
    }
    crate::db::first::<T>(db, "SELECT token FROM calendar_feeds WHERE user_id = ?1", &[int(user_id)])
        .await?
        .map(|t| t.token)
        .ok_or_else(|| crate::error::internal("feed token vanished"))
}

/// Replaces the user's feed token with `fresh` (creating it if there was
/// none), in one statement: from then on the old token finds no one.
pub async fn rotate_token(db: &D1Database, user_id: i64, fresh: &str, now: i64) -> Result<(), ApiError> {
    crate::db::run(
        db,
        "INSERT INTO calendar_feeds (user_id, token, created_at) VALUES (?1, ?2, ?3) \
         ON CONFLICT(user_id) DO UPDATE SET token = excluded.token, created_at = excluded.created_at",
        &[int(user_id), text(fresh), int(now)],
    )
    .await?;
    Ok(())
}

/// The user a feed token belongs to.
pub async fn feed_user(db: &D1Database, token: &str) -> Result<Option<i64>, ApiError> {
    #[derive(Deserialize)]
    struct U {
        user_id: i64,
    }
    Ok(crate::db::first::<U>(db, "SELECT user_id FROM calendar_feeds WHERE token = ?1", &[text(token)])
        .await?
        .map(|u| u.user_id))
}

/// A user's active and completed bookings from `since` on, with centre names, for the ICS feed.
pub async fn feed_bookings(db: &D1Database, user_id: i64, since: i64) -> Result<Vec<BookingRow>, ApiError> {
    crate::db::all::<BookingRow>(
        db,
        &format!("SELECT {BOOKING_COLS}, c.name_zh AS center_name \
         FROM bookings b JOIN instruments i ON i.id = b.instrument_id JOIN centers c ON c.id = i.center_id \
         WHERE b.user_id = ?1 AND b.end_at >= ?2 AND b.status IN ('pending', 'confirmed', 'completed') ORDER BY b.start_at LIMIT 1000"),
        &[int(user_id), int(since)],
    )
    .await
}
