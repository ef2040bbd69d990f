//! The Commons API as a Cloudflare Worker.
//!
//! Every request under `/api/` enters [`fetch`], which gives it a request id,
//! dispatches it through [`router`], turns any failure into the one JSON
//! error shape, adds the security headers and writes one structured log line.
//! Static assets (the SPA) never reach this code: wrangler serves them from
//! `dist/` with the headers in `dist/_headers`.

// Input from users and the network must never panic the Worker or the page.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

mod accounts;
mod booking;
mod crypto;
mod ctx;
mod db;
mod error;
mod http;
mod jobs;
mod limits;
mod mail;
mod meta;
mod opendata;
mod qa;
mod reindex;
mod router;

use worker::{event, Context, Env, Request, Response, Result, ScheduleContext, ScheduledEvent};

use crate::ctx::RequestCtx;

/// The Worker's fetch entry point.
#[event(fetch)]
pub async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let started = worker::Date::now().as_millis();
    let mut rc = RequestCtx::new(req, env);
    let outcome = router::dispatch(&mut rc).await;
    let mut resp = match outcome {
        Ok(r) => r,
        Err(e) => {
            if e.kind == commons_domain::ErrorKind::Internal {
                // The detail stays in the log, keyed by the same request id as the access line.
                worker::console_error!(
                    "{}",
                    serde_json::json!({"level": "error", "request_id": rc.request_id, "detail": e.message})
                );
                error::to_response(&commons_domain::ApiError::internal())
            } else {
                error::to_response(&e)
            }
        }
    };
    error::add_security_headers(&mut resp, &rc.request_id);
    let duration = worker::Date::now().as_millis().saturating_sub(started);
    // console.info, not console.log: the line is level info, and that is
    // how Workers Logs (and wrangler) classify it.
    web_sys::console::info_1(
        &serde_json::json!({
            "level": "info",
            "request_id": rc.request_id,
            "method": rc.method_name,
            "path": commons_domain::api::loggable_path(&rc.path),
            "status": resp.status_code(),
            "duration_ms": duration,
        })
        .to_string()
        .into(),
    );
    Ok(resp)
}

/// The cron entry point (`[triggers] crons` in wrangler.toml): sends the
/// day-before reminders for bookings starting in the 24 hours after the
/// scheduled time.
#[event(scheduled)]
pub async fn scheduled(event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    let at = (event.schedule() / 1000.0) as i64;
    match env.d1("DB") {
        Ok(db) => jobs::run_scheduled(&env, &db, at, &event.cron()).await,
        Err(e) => worker::console_error!(
            "{}",
            serde_json::json!({"level": "error", "cron": event.cron(), "detail": e.to_string()})
        ),
    }
}
