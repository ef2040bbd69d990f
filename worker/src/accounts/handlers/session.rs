//! Register, log in, log out, and the signed-in user.

use commons_domain::accounts::{
    login_throttled, normalise_email, session_cookie, validate_display_name, validate_locale, validate_register,
    LoginRequest, RegisterRequest, RoleGrant, UpdateMeRequest, UserEnvelope, UserView, LOGIN_WINDOW_SECS,
    SESSION_COOKIE, SESSION_TTL_SECS,
};
use commons_domain::common::locale::rfc3339_utc;
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use crate::accounts::auth;
use crate::accounts::db;
use crate::ctx::RequestCtx;

/// The public view of a user row.
pub fn user_view(u: &db::UserRow, roles: Vec<RoleGrant>) -> UserView {
    UserView {
        id: u.id,
        email: u.email.clone(),
        display_name: u.display_name.clone(),
        locale: u.locale.clone(),
        roles,
        created_at: rfc3339_utc(u.created_at),
    }
}

/// Starts a session for `user` and answers with the user and a cookie.
async fn start_session(rc: &RequestCtx, user: &db::UserRow, status: u16) -> Result<Response, ApiError> {
    let dbh = rc.db()?;
    let now = rc.now();
    let (token, hash) = auth::new_session_token();
    db::insert_session(&dbh, &hash, user.id, now, now + SESSION_TTL_SECS).await?;
    let roles = db::roles_for(&dbh, user.id).await?;
    let mut resp = crate::http::json_with_status(&UserEnvelope { user: user_view(user, roles) }, status)?;
    let _ = resp.headers_mut().set("set-cookie", &session_cookie(&token, &rc.host(), SESSION_TTL_SECS));
    Ok(resp)
}

/// `POST /api/auth/register`: creates an account and signs it in (201).
pub async fn post_register(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let req: RegisterRequest = rc.json().await?;
    validate_register(&req)?;
    let email = normalise_email(&req.email);
    let hash = auth::hash_password(&req.password).await?;
    let locale = req.locale.as_deref().and_then(commons_domain::i18n::Locale::parse).unwrap_or_default();
    let user = db::insert_user(&rc.db()?, &email, req.display_name.trim(), &hash, locale.tag(), rc.now()).await?;
    start_session(rc, &user, 201).await
}

/// `POST /api/auth/login`: 429 after too many recent failures for this
/// account or IP; 401 on a wrong e-mail or password (the same answer for
/// both, so accounts cannot be discovered).
pub async fn post_login(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let req: LoginRequest = rc.json().await?;
    let email = normalise_email(&req.email);
    if email.is_empty() || req.password.is_empty() {
        return Err(ApiError::invalid("email and password are required"));
    }
    let dbh = rc.db()?;
    let ip = rc.client_ip();
    let now = rc.now();
    let (by_email, by_ip) = db::recent_failures(&dbh, &email, &ip, now - LOGIN_WINDOW_SECS).await?;
    if login_throttled(by_email, by_ip) {
        let mut r = crate::error::to_response(&ApiError::new(
            ErrorKind::Throttled,
            "too many failed sign-ins; try again in 15 minutes",
        ));
        let _ = r.headers_mut().set("retry-after", &LOGIN_WINDOW_SECS.to_string());
        return Ok(r);
    }
    let user = db::user_by_email(&dbh, &email).await?;
    let ok = match &user {
        Some(u) => auth::verify_password(&req.password, &u.password_hash).await?,
        None => {
            auth::burn_password_time(&req.password).await;
            false
        }
    };
    db::record_attempt(&dbh, &email, &ip, ok, now).await?;
    match (ok, user) {
        (true, Some(u)) => start_session(rc, &u, 200).await,
        _ => Err(ApiError::new(ErrorKind::Unauthorized, "wrong e-mail or password")),
    }
}

/// `POST /api/auth/logout`: ends the session and clears the cookie (204).
pub async fn post_logout(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    if let Some(token) = auth::session_token(rc) {
        db::delete_session(&rc.db()?, &auth::token_hash(&token)).await?;
    }
    let mut r = Response::builder().with_status(204).empty();
    let _ = r.headers_mut().set(
        "set-cookie",
        &session_cookie("", &rc.host(), 0)
            .replace(&format!("{SESSION_COOKIE}=;"), &format!("{SESSION_COOKIE}=deleted;")),
    );
    Ok(r)
}

/// `GET /api/auth/me`: the signed-in user, or 401.
pub async fn get_me(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = auth::require_user(rc).await?;
    crate::http::ok_json(&UserEnvelope { user: user_view(&me.user, me.roles) })
}

/// `PATCH /api/auth/me`: change display name or locale.
pub async fn patch_me(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = auth::require_user(rc).await?;
    let req: UpdateMeRequest = rc.json().await?;
    if let Some(n) = &req.display_name {
        validate_display_name(n)?;
    }
    let locale = match &req.locale {
        Some(l) => {
            validate_locale(l)?;
            commons_domain::i18n::Locale::parse(l).map(|l| l.tag())
        }
        None => None,
    };
    let dbh = rc.db()?;
    db::update_user(&dbh, me.user.id, req.display_name.as_deref().map(str::trim), locale).await?;
    let user = db::user_by_id(&dbh, me.user.id).await?.ok_or_else(ApiError::not_found)?;
    crate::http::ok_json(&UserEnvelope { user: user_view(&user, me.roles) })
}
