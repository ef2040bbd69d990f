//! Passwords, session tokens and role checks.
//!
//! Passwords are derived with PBKDF2-SHA256 at 100,000 iterations through
//! WebCrypto, which runs natively in workerd (a pure-wasm KDF would be several
//! times slower per login). Session tokens are 32 random bytes; only their
//! SHA-256 is stored.

use commons_domain::accounts::password::{constant_time_eq, PasswordHash, PBKDF2_ITERATIONS, SALT_LEN};
use commons_domain::accounts::{has_role, Role, RoleGrant};
use commons_domain::ApiError;
use sha2::{Digest, Sha256};

use crate::accounts::db;
use crate::crypto::{pbkdf2, random_bytes};
use crate::ctx::RequestCtx;

/// Hashes a new password with a fresh salt, in the stored string form.
pub async fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt = random_bytes::<SALT_LEN>()?.to_vec();
    let hash = pbkdf2(password, &salt, PBKDF2_ITERATIONS).await?;
    Ok(PasswordHash { iterations: PBKDF2_ITERATIONS, salt, hash }.encode())
}

/// Checks `password` against a stored hash string.
pub async fn verify_password(password: &str, stored: &str) -> Result<bool, ApiError> {
    let Some(parsed) = PasswordHash::parse(stored) else {
        return Ok(false);
    };
    let derived = pbkdf2(password, &parsed.salt, parsed.iterations).await?;
    Ok(constant_time_eq(&derived, &parsed.hash))
}

/// Verifies against a fixed dummy hash, so that a login for an unknown
/// e-mail costs the same time as one for a real account (no user enumeration by timing).
pub async fn burn_password_time(password: &str) {
    let _ = pbkdf2(password, &[0u8; SALT_LEN], PBKDF2_ITERATIONS).await;
}

/// A new random session token (hex) and the hash to store for it.
pub fn new_session_token() -> Result<(String, String), ApiError> {
    let token = crate::crypto::random_hex::<32>()?;
    let hash = token_hash(&token);
    Ok((token, hash))
}

/// The stored form of a session token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The signed-in user of this request, with roles.
pub struct CurrentUser {
    /// The user row.
    pub user: db::UserRow,
    /// Roles beyond `member`.
    pub roles: Vec<RoleGrant>,
}

impl CurrentUser {
    /// Whether the user may act as `role` in `scope`.
    pub fn has(&self, role: Role, scope: Option<&str>) -> bool {
        has_role(&self.roles, role, scope)
    }
}

/// The session token from the request's cookie, if any.
pub fn session_token(rc: &RequestCtx) -> Option<String> {
    let cookie = rc.header("cookie")?;
    commons_domain::accounts::session_token_from_cookie(&cookie).map(str::to_string)
}

/// The current user, or `None` when not signed in (or the session expired).
pub async fn current_user(rc: &RequestCtx) -> Result<Option<CurrentUser>, ApiError> {
    let Some(token) = session_token(rc) else {
        return Ok(None);
    };
    let db = rc.db()?;
    let Some((user, roles)) = db::session_user(&db, &token_hash(&token), rc.now()).await? else {
        return Ok(None);
    };
    Ok(Some(CurrentUser { user, roles }))
}

/// The current user, or 401.
pub async fn require_user(rc: &RequestCtx) -> Result<CurrentUser, ApiError> {
    current_user(rc).await?.ok_or_else(ApiError::unauthorized)
}

/// The current user if they hold `role` (in `scope`), else 401 or 403.
pub async fn require_role(rc: &RequestCtx, role: Role, scope: Option<&str>) -> Result<CurrentUser, ApiError> {
    let u = require_user(rc).await?;
    if u.has(role, scope) {
        Ok(u)
    } else {
        Err(ApiError::forbidden())
    }
}
