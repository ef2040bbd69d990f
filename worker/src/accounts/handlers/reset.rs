//! Password reset: ask for a link by e-mail, then set a new password with it.

use commons_domain::accounts::reset::{
    reset_budgets, reset_link, reset_message, validate_token, PasswordResetAccepted, PasswordResetConfirm,
    PasswordResetRequest, RESET_TTL_SECS, TOKEN_INVALID,
};
use commons_domain::accounts::{normalise_email, session_cookie, validate_email, validate_password, SESSION_COOKIE};
use commons_domain::i18n::Locale;
use commons_domain::ApiError;
use worker::Response;

use crate::accounts::auth;
use crate::accounts::db;
use crate::ctx::RequestCtx;
use crate::mail::Outgoing;

/// `POST /api/auth/password-reset`: 202 whether or not the address has an
/// account, so the form tells nobody who is registered. The budget (per
/// mailbox and per client address) is taken first and for every address,
/// so a 429 says nothing either, and nobody can flood an inbox through it.
/// The link is only ever in the message; the database keeps its hash.
pub async fn post_password_reset(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let req: PasswordResetRequest = rc.json().await?;
    validate_email(&req.email)?;
    let email = normalise_email(&req.email);
    let dbh = rc.db()?;
    let now = rc.now();
    crate::limits::take_budgets(&dbh, &reset_budgets(&email, &rc.client_ip()), now).await?;
    if let Some(user) = db::user_by_email(&dbh, &email).await? {
        // A failure past this point is logged, never answered: a 500 here
        // and a 202 for an unknown address would tell them apart.
        if let Err(e) = send_link(rc, &dbh, &user, now).await {
            worker::console_error!(
                "{}",
                serde_json::json!({"level": "error", "request_id": rc.request_id, "detail": e.message})
            );
        }
    }
    crate::http::json_with_status(&PasswordResetAccepted { accepted: true }, 202)
}

/// Stores a new link for `user` and sends it in their language.
async fn send_link(rc: &RequestCtx, dbh: &worker::D1Database, user: &db::UserRow, now: i64) -> Result<(), ApiError> {
    let (token, hash) = auth::new_session_token()?;
    db::reset::insert(dbh, &hash, user.id, now, now + RESET_TTL_SECS).await?;
    // The link points at the origin the request came to: on Cloudflare that
    // is the site's own route (a request for another host never reaches
    // this Worker), locally the stack's address.
    let origin = rc.req.url().map_err(crate::error::internal)?.origin().ascii_serialization();
    let locale = Locale::parse(&user.locale).unwrap_or_default();
    let (subject, text) = reset_message(locale, &user.display_name, &reset_link(&origin, &token));
    let msg = Outgoing {
        kind: "password_reset",
        to_name: &user.display_name,
        to: &user.email,
        subject: &subject,
        text: &text,
    };
    crate::mail::send(&rc.env, dbh, &msg, now).await
}

/// `POST /api/auth/password-reset/confirm`: sets the new password if the
/// token is live, and ends every session of the account (204). An unknown,
/// used or expired token is one 422. Two uses at once: the database's
/// compare-and-swap lets exactly one through.
pub async fn post_password_reset_confirm(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let req: PasswordResetConfirm = rc.json().await?;
    validate_token(&req.token)?;
    validate_password(&req.password)?;
    let dbh = rc.db()?;
    let now = judged_now(rc);
    let token_hash = auth::token_hash(&req.token);
    if !db::reset::is_live(&dbh, &token_hash, now).await? {
        return Err(ApiError::invalid(TOKEN_INVALID));
    }
    let password_hash = auth::hash_password(&req.password).await?;
    let claim = crate::crypto::random_hex::<16>()?;
    if !db::reset::consume(&dbh, &token_hash, &claim, &password_hash, now).await? {
        return Err(ApiError::invalid(TOKEN_INVALID));
    }
    let mut r = Response::builder().with_status(204).empty();
    // This browser's own session (if any) ended with the others.
    let _ = r.headers_mut().set(
        "set-cookie",
        &session_cookie("", &rc.host(), 0)
            .replace(&format!("{SESSION_COOKIE}=;"), &format!("{SESSION_COOKIE}=deleted;")),
    );
    Ok(r)
}

/// The moment a link's expiry is judged at: now. The local test stacks, and
/// only they, set `TEST_CLOCK=1` (on `wrangler dev`'s command line, never in
/// wrangler.toml), so a test can use a link "two hours later" by sending the
/// RFC 3339 time in `x-commons-test-now`.
fn judged_now(rc: &RequestCtx) -> i64 {
    let test_clock = rc.env.var("TEST_CLOCK").map(|v| v.to_string() == "1").unwrap_or(false);
    test_clock
        .then(|| rc.header("x-commons-test-now"))
        .flatten()
        .and_then(|t| commons_domain::common::locale::parse_rfc3339(&t))
        .unwrap_or_else(|| rc.now())
}
