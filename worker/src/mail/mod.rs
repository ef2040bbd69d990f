//! Outgoing e-mail through Cloudflare's `send_email` binding (`EMAIL` in
//! wrangler.toml), with an outbox so that nothing is lost.
//!
//! Every message is built as real MIME (`mail-builder`), written to the
//! `outbox` table, and only then handed to the binding. A hand-over that
//! fails stays in the outbox as `failed` with its next try, and the hourly
//! cron ([`retry_due`]) tries again. Under `wrangler dev` the binding is
//! simulated: miniflare parses each message, writes it to an `.eml` file and
//! logs that file's path (the tests read the messages from there).
//!
//! This is a shared module: it knows addresses and text, not users.

pub mod db;

use commons_domain::common::outbox::next_try;
use commons_domain::ApiError;
use mail_builder::MessageBuilder;
use worker::{D1Database, Env};

use crate::error::internal;

/// The binding's name in wrangler.toml.
const BINDING: &str = "EMAIL";

/// Messages the cron hands over per run (a run has a bounded CPU budget).
const RETRY_BATCH: i64 = 50;

/// One message to send: who to, and what it says (plain text).
pub struct Outgoing<'a> {
    /// What it is, for the outbox (`password_reset`, …).
    pub kind: &'a str,
    /// The recipient's name, for the `To:` header.
    pub to_name: &'a str,
    /// The recipient's address.
    pub to: &'a str,
    /// The subject, in the recipient's language.
    pub subject: &'a str,
    /// The plain-text body.
    pub text: &'a str,
}

/// The sender address and name (vars `MAIL_FROM`, `MAIL_FROM_NAME`). The
/// address must be on a domain onboarded to Cloudflare's Email Service.
fn sender(env: &Env) -> Result<(String, String), ApiError> {
    let addr = env.var("MAIL_FROM").map(|v| v.to_string()).map_err(|_| internal("MAIL_FROM is not set"))?;
    let name = env.var("MAIL_FROM_NAME").map(|v| v.to_string()).unwrap_or_else(|_| "Commons".into());
    Ok((addr, name))
}

/// The MIME text of `msg` from `from`, dated `now` (unix seconds). The
/// Message-ID is random on the sender's domain (mail-builder would otherwise
/// ask for a host name, which a Worker has not got).
pub fn build(from: &(String, String), msg: &Outgoing<'_>, now: i64) -> Result<String, ApiError> {
    let domain = from.0.rsplit_once('@').map(|(_, d)| d).unwrap_or("localhost");
    let message_id = format!("{}@{domain}", crate::crypto::random_hex::<16>()?);
    MessageBuilder::new()
        .from((from.1.as_str(), from.0.as_str()))
        .to((msg.to_name, msg.to))
        .subject(msg.subject)
        .message_id(message_id)
        .date(now)
        .header("Auto-Submitted", mail_builder::headers::raw::Raw::new("auto-generated"))
        .text_body(msg.text)
        .write_to_string()
        .map_err(internal)
}

/// Records `msg` in the outbox and tries to hand it over at once. A failed
/// hand-over is not an error for the caller: the message waits in the
/// outbox for the cron. An error means the message could not be recorded.
pub async fn send(env: &Env, dbh: &D1Database, msg: &Outgoing<'_>, now: i64) -> Result<(), ApiError> {
    let from = sender(env)?;
    let raw = build(&from, msg, now)?;
    let id = db::insert(dbh, msg.kind, &from.0, msg.to, &raw, now).await?;
    deliver(env, dbh, &db::OutboxRow { id, sender: from.0, recipient: msg.to.to_string(), raw, attempts: 0 }, now)
        .await?;
    Ok(())
}

/// Hands one outbox row to the binding and records the outcome; returns
/// whether it went.
async fn deliver(env: &Env, dbh: &D1Database, row: &db::OutboxRow, now: i64) -> Result<bool, ApiError> {
    match hand_over(env, row).await {
        Ok(()) => {
            db::mark_sent(dbh, row.id, now).await?;
            Ok(true)
        }
        Err(e) => {
            let attempts = row.attempts + 1;
            worker::console_error!(
                "{}",
                serde_json::json!({"level": "error", "outbox_id": row.id, "attempts": attempts, "detail": e})
            );
            db::mark_failed(dbh, row.id, attempts, next_try(attempts, now), &e).await?;
            Ok(false)
        }
    }
}

/// The binding call itself.
async fn hand_over(env: &Env, row: &db::OutboxRow) -> Result<(), String> {
    let binding = env.send_email(BINDING).map_err(|e| format!("binding {BINDING}: {e}"))?;
    let message =
        worker::EmailMessage::new(&row.sender, &row.recipient, &row.raw).map_err(|e| format!("EmailMessage: {e:?}"))?;
    binding.send(&message).await.map(|_| ()).map_err(|e| format!("send: {e:?}"))
}

/// The cron's part: hands over every due message (queued past its lease, or
/// failed and due again). Returns how many went.
pub async fn retry_due(env: &Env, dbh: &D1Database, now: i64) -> Result<usize, ApiError> {
    let mut sent = 0;
    for row in db::claim_due(dbh, now, RETRY_BATCH).await? {
        if deliver(env, dbh, &row, now).await? {
            sent += 1;
        }
    }
    Ok(sent)
}
