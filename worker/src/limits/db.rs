//! The statements of the posting budgets and of their clean-up.

use commons_domain::common::limits::{Budget, DAY};
use commons_domain::ApiError;
use worker::D1Database;

use crate::db::{changes, d1_err, int, stmt, text};
use crate::error::internal;

/// Inserts one event per bucket if, and only if, no bucket is full: the
/// counts and the inserts are one statement, so they cannot be raced.
/// Returns whether the budgets had room.
pub async fn take_all(db: &D1Database, budgets: &[Budget], now: i64) -> Result<bool, ApiError> {
    let list = serde_json::to_string(budgets).map_err(internal)?;
    let r = stmt(
        db,
        "INSERT INTO rate_events (bucket, at) \
         SELECT json_extract(b.value, '$.bucket'), ?2 FROM json_each(?1) AS b \
         WHERE NOT EXISTS ( \
           SELECT 1 FROM json_each(?1) AS l \
           WHERE (SELECT COUNT(*) FROM rate_events e \
                  WHERE e.bucket = json_extract(l.value, '$.bucket') \
                    AND e.at > ?2 - json_extract(l.value, '$.window')) >= json_extract(l.value, '$.max'))",
        &[text(&list), int(now)],
    )?
    .run()
    .await
    .map_err(d1_err)?;
    Ok(changes(&r) == budgets.len())
}

/// Forgets budget events and sign-in attempts older than a day (no window
/// is longer), and expired trusted devices. Returns the rows removed.
pub async fn prune(db: &D1Database, now: i64) -> Result<usize, ApiError> {
    let results = db
        .batch(vec![
            stmt(db, "DELETE FROM rate_events WHERE at < ?1", &[int(now - DAY)])?,
            stmt(db, "DELETE FROM login_attempts WHERE created_at < ?1", &[int(now - DAY)])?,
            stmt(db, "DELETE FROM trusted_devices WHERE expires_at < ?1", &[int(now)])?,
        ])
        .await
        .map_err(d1_err)?;
    Ok(results.iter().map(changes).sum())
}
