//! Booking's scheduled work: the day-before reminders.

use commons_domain::ApiError;
use worker::D1Database;

/// How far ahead a reminder looks: bookings starting within a day.
const REMIND_AHEAD: i64 = 24 * 3600;

/// Day-before reminders: notifies the bookers of active bookings that start
/// within 24 hours of `at` and have not been reminded. Safe to run twice.
pub async fn reminders(db: &D1Database, at: i64) -> Result<usize, ApiError> {
    super::db::reminders::send_reminders(db, at, at + REMIND_AHEAD, at).await
}

/// Writes the next batch of instruments' folded search texts, until all are
/// at `INDEX_VERSION` (migrations/0014). Returns the instruments written: 0
/// once all are current.
pub async fn reindex(db: &D1Database) -> Result<usize, ApiError> {
    use super::db::reindex as r;
    let Some(after) = crate::reindex::pending(db, crate::reindex::Corpus::Instruments).await? else {
        return Ok(0);
    };
    let sources = r::sources(db, after).await?;
    let rows: Vec<_> = sources
        .iter()
        .map(|s| {
            let t =
                commons_domain::booking::instrument_search_text(&s.name_zh, &s.name_en, &s.category, &s.description);
            (s, t)
        })
        .collect();
    r::rewrite(db, after, &rows).await?;
    Ok(rows.len())
}
