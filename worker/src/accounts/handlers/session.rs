//! Register, log in, log out, and the signed-in user.

use commons_domain::accounts::{
    cookie_value, device_cookie, normalise_email, session_cookie, validate_display_name, validate_locale,
    validate_register, LoginRequest, RegisterRequest, RoleGrant, SessionState, UpdateMeRequest, UserEnvelope, UserView,
    DEVICE_COOKIE, DEVICE_TTL_SECS, LOGIN_LIMITS, LOGIN_WINDOW_SECS, SESSION_COOKIE, SESSION_TTL_SECS,
};
use commons_domain::common::limits::{Action, Actor};
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
    let (token, hash) = auth::new_session_token()?;
    db::insert_session(&dbh, &hash, user.id, now, now + SESSION_TTL_SECS).await?;
    let roles = db::roles_for(&dbh, user.id).await?;
    let mut resp = crate::http::json_with_status(&UserEnvelope { user: user_view(user, roles) }, status)?;
    let _ = resp.headers_mut().set("set-cookie", &session_cookie(&token, &rc.host(), SESSION_TTL_SECS));
    Ok(resp)
}

/// `POST /api/auth/register`: creates an account and signs it in (201).
///
/// Each address may register a few accounts per ten minutes and 50 a day
/// (a class registering together fits; a script does not), and the budget
/// is taken before the password is derived, so a flood costs no KDF time.
/// A taken e-mail answers 409: the account starts signed in, so there is no
/// way to hide that the address is registered without e-mail verification;
/// the budget keeps probing to a trickle (README, "Security model").
pub async fn post_register(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let req: RegisterRequest = rc.json().await?;
    validate_register(&req)?;
    let dbh = rc.db()?;
    let now = rc.now();
    let ip = rc.client_ip();
    crate::limits::take(&dbh, Action::Register, &Actor { user_id: None, account_age: 0, ip: &ip }, now).await?;
    let email = normalise_email(&req.email);
    let hash = auth::hash_password(&req.password).await?;
    let locale = req.locale.as_deref().and_then(commons_domain::i18n::Locale::parse).unwrap_or_default();
    let user = db::insert_user(&dbh, &email, req.display_name.trim(), &hash, locale.tag(), now).await?;
    start_session(rc, &user, 201).await
}

/// `POST /api/auth/login`: 429 when the sign-in throttle has no room for
/// this account from this address (see `LoginLimits`); 401 on a wrong
/// e-mail or password, the same answer for both, so accounts cannot be
/// discovered. The attempt is reserved before the password is checked, so
/// a parallel burst gets exactly the allowed number of guesses.
pub async fn post_login(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let req: LoginRequest = rc.json().await?;
    let email = normalise_email(&req.email);
    if email.is_empty() || req.password.is_empty() {
        return Err(ApiError::invalid("email and password are required"));
    }
    let dbh = rc.db()?;
    let ip = rc.client_ip();
    let now = rc.now();
    // Only a token this Worker could have minted (64 hex digits) is looked up.
    let device = rc
        .header("cookie")
        .and_then(|c| cookie_value(&c, DEVICE_COOKIE).map(str::to_string))
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()));
    let trusted = match &device {
        Some(t) => db::device_trusted(&dbh, &auth::token_hash(t), &email, now).await?,
        None => false,
    };
    let Some(attempt) = db::reserve_login_attempt(&dbh, &email, &ip, trusted, &LOGIN_LIMITS, now).await? else {
        let mut r = crate::error::to_response(&ApiError::new(
            ErrorKind::Throttled,
            "too many failed sign-ins for this account from here; try again in 15 minutes",
        ));
        let _ = r.headers_mut().set("retry-after", &LOGIN_WINDOW_SECS.to_string());
        return Ok(r);
    };
    let user = db::user_by_email(&dbh, &email).await?;
    let ok = match &user {
        Some(u) => auth::verify_password(&req.password, &u.password_hash).await?,
        None => {
            auth::burn_password_time(&req.password).await;
            false
        }
    };
    match (ok, user) {
        (true, Some(u)) => {
            db::login_succeeded(&dbh, attempt, &email, &ip).await?;
            // Trust this browser for this account from now on (a new token
            // unless it already had one).
            let token = match device {
                Some(t) => t,
                None => crate::crypto::random_hex::<32>()?,
            };
            db::trust_device(&dbh, &auth::token_hash(&token), u.id, now, now + DEVICE_TTL_SECS).await?;
            let mut resp = start_session(rc, &u, 200).await?;
            let _ = resp.headers_mut().append("set-cookie", &device_cookie(&token, &rc.host()));
            Ok(resp)
        }
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

/// `GET /api/auth/session`: the signed-in user, or `null`; 200 either way,
/// so that a visitor's first page load has no failed request.
pub async fn get_session(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = auth::current_user(rc).await?;
    crate::http::ok_json(&SessionState { user: me.map(|me| user_view(&me.user, me.roles)) })
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
