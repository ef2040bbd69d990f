//! SQL for users, sessions, roles and login attempts.

pub mod notifications;
pub mod reset;

use commons_domain::accounts::{LoginLimits, Role, RoleGrant, LOGIN_WINDOW_SECS};
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{d1_err, int, text};

/// A row of `users`.
#[derive(Debug, Clone, Deserialize)]
pub struct UserRow {
    /// Id.
    pub id: i64,
    /// Login e-mail.
    pub email: String,
    /// Shown name.
    pub display_name: String,
    /// Stored PBKDF2 string.
    pub password_hash: String,
    /// UI language.
    pub locale: String,
    /// Unix seconds.
    pub created_at: i64,
}

const USER_COLS: &str = "id, email, display_name, password_hash, locale, created_at";

/// Inserts a user; a taken e-mail is a 409.
pub async fn insert_user(
    db: &D1Database,
    email: &str,
    display_name: &str,
    password_hash: &str,
    locale: &str,
    now: i64,
) -> Result<UserRow, ApiError> {
    let sql = format!(
        "INSERT INTO users (email, display_name, password_hash, locale, created_at) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING {USER_COLS}"
    );
    let row = db
        .prepare(sql)
        .bind(&[text(email), text(display_name), text(password_hash), text(locale), int(now)])
        .map_err(d1_err)?
        .first::<UserRow>(None)
        .await
        .map_err(|e| match d1_err(e) {
            ApiError { kind: commons_domain::ErrorKind::Conflict, .. } => {
                ApiError::conflict("email: an account with this e-mail already exists")
            }
            other => other,
        })?;
    row.ok_or_else(|| crate::error::internal("insert returned no row"))
}

/// Finds a user by e-mail (case-insensitive through the column's collation).
pub async fn user_by_email(db: &D1Database, email: &str) -> Result<Option<UserRow>, ApiError> {
    crate::db::first::<UserRow>(db, &format!("SELECT {USER_COLS} FROM users WHERE email = ?1"), &[text(email)]).await
}

/// Finds a user by id.
pub async fn user_by_id(db: &D1Database, id: i64) -> Result<Option<UserRow>, ApiError> {
    crate::db::first::<UserRow>(db, &format!("SELECT {USER_COLS} FROM users WHERE id = ?1"), &[int(id)]).await
}

/// Updates name and/or locale; `None` keeps the stored value.
pub async fn update_user(
    db: &D1Database,
    id: i64,
    display_name: Option<&str>,
    locale: Option<&str>,
) -> Result<(), ApiError> {
    let null = wasm_bindgen::JsValue::NULL;
    crate::db::run(
        db,
        "UPDATE users SET display_name = COALESCE(?2, display_name), locale = COALESCE(?3, locale) WHERE id = ?1",
        &[int(id), display_name.map(text).unwrap_or(null.clone()), locale.map(text).unwrap_or(null)],
    )
    .await?;
    Ok(())
}

#[derive(Deserialize)]
struct RoleRow {
    role: String,
    scope_id: String,
}

/// Roles of one user.
pub async fn roles_for(db: &D1Database, user_id: i64) -> Result<Vec<RoleGrant>, ApiError> {
    let rows = crate::db::all::<RoleRow>(
        db,
        "SELECT role, scope_id FROM roles WHERE user_id = ?1 ORDER BY role, scope_id",
        &[int(user_id)],
    )
    .await?;
    Ok(grants(rows))
}

/// Role rows into grants (an unknown role name is skipped; an empty scope is none).
fn grants(rows: Vec<RoleRow>) -> Vec<RoleGrant> {
    rows.into_iter()
        .filter_map(|r| {
            Some(RoleGrant { role: Role::parse(&r.role)?, scope_id: (!r.scope_id.is_empty()).then_some(r.scope_id) })
        })
        .collect()
}

/// Grants a role (idempotent).
pub async fn grant_role(db: &D1Database, user_id: i64, role: Role, scope: &str, now: i64) -> Result<(), ApiError> {
    crate::db::run(
        db,
        "INSERT OR IGNORE INTO roles (user_id, role, scope_id, granted_at) VALUES (?1, ?2, ?3, ?4)",
        &[int(user_id), text(role.as_str()), text(scope), int(now)],
    )
    .await?;
    Ok(())
}

/// Revokes a role; returns whether one was removed.
pub async fn revoke_role(db: &D1Database, user_id: i64, role: Role, scope: &str) -> Result<bool, ApiError> {
    let r = crate::db::run(
        db,
        "DELETE FROM roles WHERE user_id = ?1 AND role = ?2 AND scope_id = ?3",
        &[int(user_id), text(role.as_str()), text(scope)],
    )
    .await?;
    Ok(r > 0)
}

/// Stores a new session.
pub async fn insert_session(
    db: &D1Database,
    token_hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), ApiError> {
    crate::db::run(
        db,
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        &[text(token_hash), int(user_id), int(now), int(expires_at)],
    )
    .await?;
    Ok(())
}

/// The user of an unexpired session.
pub async fn session_user(
    db: &D1Database,
    token_hash: &str,
    now: i64,
) -> Result<Option<(UserRow, Vec<RoleGrant>)>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        id: i64,
        email: String,
        display_name: String,
        password_hash: String,
        locale: String,
        created_at: i64,
        roles: String,
    }
    // One round trip for every signed-in request: the roles come along as a
    // JSON array instead of a second query.
    let row = crate::db::first::<Row>(
        db,
        "SELECT u.id, u.email, u.display_name, u.password_hash, u.locale, u.created_at, \
         (SELECT json_group_array(json_object('role', r.role, 'scope_id', r.scope_id)) FROM roles r \
          WHERE r.user_id = u.id) AS roles \
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1 AND s.expires_at > ?2",
        &[text(token_hash), int(now)],
    )
    .await?;
    let Some(row) = row else { return Ok(None) };
    let roles: Vec<RoleRow> = serde_json::from_str(&row.roles).map_err(crate::error::internal)?;
    let Row { id, email, display_name, password_hash, locale, created_at, .. } = row;
    Ok(Some((UserRow { id, email, display_name, password_hash, locale, created_at }, grants(roles))))
}

/// Deletes a session (logout).
pub async fn delete_session(db: &D1Database, token_hash: &str) -> Result<(), ApiError> {
    crate::db::run(db, "DELETE FROM sessions WHERE token_hash = ?1", &[text(token_hash)]).await?;
    Ok(())
}

/// Reserves a sign-in attempt for `email` from `ip`: inserts it as a failure
/// if, and only if, every throttle has room (one statement, so a parallel
/// burst cannot slip past), and returns its id. `None` means throttled; a
/// refused attempt is not recorded, so it does not extend the wait.
pub async fn reserve_login_attempt(
    db: &D1Database,
    email: &str,
    ip: &str,
    trusted_device: bool,
    limits: &LoginLimits,
    now: i64,
) -> Result<Option<i64>, ApiError> {
    #[derive(Deserialize)]
    struct Id {
        id: i64,
    }
    let row = crate::db::first::<Id>(
        db,
        "INSERT INTO login_attempts (email, ip, success, created_at) SELECT ?1, ?2, 0, ?3 \
         WHERE (SELECT COUNT(*) FROM login_attempts WHERE email = ?1 AND ip = ?2 AND success = 0 AND created_at > ?4) < ?5 \
           AND (SELECT COUNT(*) FROM login_attempts WHERE email = ?1 AND ip = ?2 AND success = 0 AND created_at > ?6) < ?7 \
           AND (SELECT COUNT(*) FROM login_attempts WHERE ip = ?2 AND success = 0 AND created_at > ?4) < ?8 \
           AND (?9 = 1 OR (SELECT COUNT(*) FROM login_attempts WHERE email = ?1 AND success = 0 AND created_at > ?4) < ?10) \
         RETURNING id",
        &[
            text(email),
            text(ip),
            int(now),
            int(now - LOGIN_WINDOW_SECS),
            int(limits.pair as i64),
            int(now - 24 * 3600),
            int(limits.pair_daily as i64),
            int(limits.address as i64),
            int(trusted_device as i64),
            int(limits.account_untrusted as i64),
        ],
    )
    .await?;
    Ok(row.map(|r| r.id))
}

/// Marks a reserved attempt a success and forgets this pair's earlier
/// failures (the owner typed it right; their typos no longer count).
pub async fn login_succeeded(db: &D1Database, attempt: i64, email: &str, ip: &str) -> Result<(), ApiError> {
    db.batch(vec![
        crate::db::stmt(db, "UPDATE login_attempts SET success = 1 WHERE id = ?1", &[int(attempt)])?,
        crate::db::stmt(
            db,
            "DELETE FROM login_attempts WHERE email = ?1 AND ip = ?2 AND success = 0 AND id <> ?3",
            &[text(email), text(ip), int(attempt)],
        )?,
    ])
    .await
    .map_err(d1_err)?;
    Ok(())
}

/// Whether the device token (hashed) has signed in to the account `email`
/// before and is still trusted.
pub async fn device_trusted(db: &D1Database, token_hash: &str, email: &str, now: i64) -> Result<bool, ApiError> {
    Ok(crate::db::count(
        db,
        "SELECT COUNT(*) AS n FROM trusted_devices d JOIN users u ON u.id = d.user_id \
         WHERE d.token_hash = ?1 AND u.email = ?2 AND d.expires_at > ?3",
        &[text(token_hash), text(email), int(now)],
    )
    .await?
        > 0)
}

/// Trusts a device (by its token's hash) for `user` until `expires_at`.
pub async fn trust_device(
    db: &D1Database,
    token_hash: &str,
    user: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), ApiError> {
    crate::db::run(
        db,
        "INSERT INTO trusted_devices (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (token_hash, user_id) DO UPDATE SET expires_at = excluded.expires_at",
        &[text(token_hash), int(user), int(now), int(expires_at)],
    )
    .await?;
    Ok(())
}

/// One page of users, newest first, and the total count.
pub async fn list_users(db: &D1Database, page: u32, per_page: u32) -> Result<(Vec<UserRow>, u64), ApiError> {
    let offset = (page.saturating_sub(1) as i64) * per_page as i64;
    let rows = crate::db::all::<UserRow>(
        db,
        &format!("SELECT {USER_COLS} FROM users ORDER BY id DESC LIMIT ?1 OFFSET ?2"),
        &[int(per_page as i64), int(offset)],
    )
    .await?;
    let total = crate::db::count(db, "SELECT COUNT(*) AS n FROM users", &[]).await? as u64;
    Ok((rows, total))
}

#[derive(Deserialize)]
struct UserRoleRow {
    user_id: i64,
    role: String,
    scope_id: String,
}

/// Roles of many users in one query (avoids one query per listed user).
pub async fn roles_for_many(db: &D1Database, ids: &[i64]) -> Result<Vec<(i64, RoleGrant)>, ApiError> {
    let ids_json = serde_json::to_string(ids).map_err(crate::error::internal)?;
    let rows = crate::db::all::<UserRoleRow>(db, "SELECT user_id, role, scope_id FROM roles WHERE user_id IN (SELECT value FROM json_each(?1)) ORDER BY role, scope_id", &[text(&ids_json)]).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let role = Role::parse(&r.role)?;
            Some((r.user_id, RoleGrant { role, scope_id: (!r.scope_id.is_empty()).then_some(r.scope_id) }))
        })
        .collect())
}
