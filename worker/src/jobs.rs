//! The scheduled jobs of every service in one place: what the cron trigger
//! runs (`scheduled` in lib.rs), and the admin endpoint that runs one by hand.
//! Each job itself lives in its service's `jobs` module.

use commons_domain::accounts::Role;
use commons_domain::api::{JobRun, RunJobRequest};
use commons_domain::ApiError;
use worker::{D1Database, Env, Response};

use crate::accounts::auth::require_role;
use crate::ctx::RequestCtx;

/// `POST /api/admin/jobs/{name}` with `{"at": "<RFC 3339>"}` (default now):
/// runs a scheduled job by hand, e.g. after an outage. Jobs: `reminders`,
/// `overdue`, `rings`, `prune`, `outbox` (hands over the due e-mail), and
/// `reindex` (one batch of every search corpus not yet at the current index
/// version; run it until it processes 0).
pub async fn run_job(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    let req: RunJobRequest = rc.json().await?;
    let at = match &req.at {
        Some(t) => commons_domain::common::locale::parse_rfc3339(t)
            .ok_or_else(|| ApiError::invalid("at: not an RFC 3339 timestamp"))?,
        None => rc.now(),
    };
    let n = match rc.param("name") {
        Some("reminders") => crate::booking::jobs::reminders(&rc.db()?, at).await?,
        Some("overdue") => crate::opendata::jobs::overdue(&rc.db()?, at).await?,
        Some("rings") => crate::qa::jobs::rings(&rc.db()?, at).await?,
        Some("prune") => crate::limits::db::prune(&rc.db()?, at).await?,
        Some("reindex") => reindex(&rc.db()?).await?,
        Some("outbox") => crate::mail::retry_due(&rc.env, &rc.db()?, at).await?,
        _ => return Err(ApiError::new(commons_domain::ErrorKind::NotFound, "no such job")),
    };
    crate::http::ok_json(&JobRun { job: rc.param("name").unwrap_or_default().to_string(), processed: n as u64 })
}

/// One batch of the search re-index of every corpus (migrations/0014):
/// datasets, questions and the FAQ, instruments. Returns the rows rewritten.
pub async fn reindex(db: &D1Database) -> Result<usize, ApiError> {
    Ok(crate::opendata::jobs::reindex(db).await?
        + crate::qa::jobs::reindex(db).await?
        + crate::booking::jobs::reindex(db).await?)
}

/// Everything the cron trigger runs, in order, with one log line for the
/// outcome. A failing job is logged and does not stop the later ones.
pub async fn run_scheduled(env: &Env, db: &D1Database, at: i64, cron: &str) {
    let reminders = crate::booking::jobs::reminders(db, at).await;
    let overdue = crate::opendata::jobs::overdue(db, at).await;
    let rings = crate::qa::jobs::rings(db, at).await;
    let pruned = crate::limits::db::prune(db, at).await;
    let reindexed = reindex(db).await;
    // Last: the jobs above may have queued mail.
    let mailed = crate::mail::retry_due(env, db, at).await;
    let all_ok =
        reminders.is_ok() && overdue.is_ok() && rings.is_ok() && pruned.is_ok() && reindexed.is_ok() && mailed.is_ok();
    let line = serde_json::json!({
        "level": if all_ok { "info" } else { "error" },
        "cron": cron,
        "reminders": reminders.map_err(|e| e.message),
        "overdue_flagged": overdue.map_err(|e| e.message),
        "rings_reversed": rings.map_err(|e| e.message),
        "throttle_rows_pruned": pruned.map_err(|e| e.message),
        "search_rows_reindexed": reindexed.map_err(|e| e.message),
        "outbox_sent": mailed.map_err(|e| e.message),
    });
    worker::console_log!("{line}");
}
