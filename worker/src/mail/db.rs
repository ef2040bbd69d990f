//! The statements of the outbox.

use commons_domain::common::outbox::LEASE_SECS;
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{int, text};

/// A message to hand to the mail service.
#[derive(Debug, Clone, Deserialize)]
pub struct OutboxRow {
    /// Id.
    pub id: i64,
    /// Envelope sender.
    pub sender: String,
    /// Envelope recipient.
    pub recipient: String,
    /// The whole MIME message.
    pub raw: String,
    /// Failed attempts so far.
    pub attempts: i64,
}

/// Records a message, held by the caller's own attempt for `LEASE_SECS`
/// (so the cron does not send it a second time meanwhile); returns its id.
pub async fn insert(
    db: &D1Database,
    kind: &str,
    sender: &str,
    recipient: &str,
    raw: &str,
    now: i64,
) -> Result<i64, ApiError> {
    crate::db::insert_id(
        db,
        "INSERT INTO outbox (kind, sender, recipient, raw, state, attempts, next_try_at, created_at) \
         VALUES (?1, ?2, ?3, ?4, 'queued', 0, ?5, ?6) RETURNING id",
        &[text(kind), text(sender), text(recipient), text(raw), int(now + LEASE_SECS), int(now)],
    )
    .await
}

/// Claims up to `limit` messages that are due (queued or failed, their
/// next try passed) by pushing their next try one lease ahead: one
/// conditional statement, so two cron runs never take the same message.
pub async fn claim_due(db: &D1Database, now: i64, limit: i64) -> Result<Vec<OutboxRow>, ApiError> {
    crate::db::all::<OutboxRow>(
        db,
        "UPDATE outbox SET next_try_at = ?2 WHERE id IN ( \
           SELECT id FROM outbox WHERE state IN ('queued', 'failed') AND next_try_at IS NOT NULL \
             AND next_try_at <= ?1 ORDER BY id LIMIT ?3) \
         RETURNING id, sender, recipient, raw, attempts",
        &[int(now), int(now + LEASE_SECS), int(limit)],
    )
    .await
}

/// Marks a message handed over.
pub async fn mark_sent(db: &D1Database, id: i64, now: i64) -> Result<(), ApiError> {
    crate::db::run(
        db,
        "UPDATE outbox SET state = 'sent', sent_at = ?2, next_try_at = NULL, last_error = NULL WHERE id = ?1",
        &[int(id), int(now)],
    )
    .await?;
    Ok(())
}

/// Records a failed attempt: the count, the error, and the next try (`None`: given up).
pub async fn mark_failed(
    db: &D1Database,
    id: i64,
    attempts: i64,
    next_try_at: Option<i64>,
    error: &str,
) -> Result<(), ApiError> {
    let next = next_try_at.map(int).unwrap_or(wasm_bindgen::JsValue::NULL);
    crate::db::run(
        db,
        "UPDATE outbox SET state = 'failed', attempts = ?2, next_try_at = ?3, last_error = ?4 WHERE id = ?1",
        &[int(id), int(attempts), next, text(error)],
    )
    .await?;
    Ok(())
}
