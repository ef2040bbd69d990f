//! SQL for password-reset links.

use commons_domain::ApiError;
use worker::D1Database;

use crate::db::{changes, d1_err, int, stmt, text};

/// Stores a new reset link (its token's hash) for `user_id`.
pub async fn insert(
    db: &D1Database,
    token_hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
) -> Result<(), ApiError> {
    crate::db::run(
        db,
        "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        &[text(token_hash), int(user_id), int(now), int(expires_at)],
    )
    .await?;
    Ok(())
}

/// Whether the link is unused and unexpired: a cheap look before the
/// password is derived, so a stranger's made-up tokens cost no KDF time.
/// It decides nothing; [`consume`] does.
pub async fn is_live(db: &D1Database, token_hash: &str, now: i64) -> Result<bool, ApiError> {
    Ok(crate::db::count(
        db,
        "SELECT COUNT(*) AS n FROM password_resets WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
        &[text(token_hash), int(now)],
    )
    .await?
        > 0)
}

/// Consumes the link and sets the new password, in one transaction: the
/// first statement is the compare-and-swap (unused and unexpired → used, by
/// `claim`), and the others act only through a row carrying this `claim`, so
/// a second, concurrent use changes nothing. They set the password, end every
/// session of the account and retire its other open links. Returns whether
/// this call consumed the link.
pub async fn consume(
    db: &D1Database,
    token_hash: &str,
    claim: &str,
    password_hash: &str,
    now: i64,
) -> Result<bool, ApiError> {
    let owner = "(SELECT user_id FROM password_resets WHERE token_hash = ?1 AND claim = ?2)";
    let results = db
        .batch(vec![
            stmt(
                db,
                "UPDATE password_resets SET used_at = ?3, claim = ?2 \
                 WHERE token_hash = ?1 AND used_at IS NULL AND expires_at > ?3",
                &[text(token_hash), text(claim), int(now)],
            )?,
            stmt(
                db,
                &format!("UPDATE users SET password_hash = ?3 WHERE id = {owner}"),
                &[text(token_hash), text(claim), text(password_hash)],
            )?,
            stmt(db, &format!("DELETE FROM sessions WHERE user_id = {owner}"), &[text(token_hash), text(claim)])?,
            stmt(
                db,
                &format!("UPDATE password_resets SET used_at = ?3 WHERE user_id = {owner} AND used_at IS NULL"),
                &[text(token_hash), text(claim), int(now)],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    Ok(results.first().map(changes) == Some(1))
}
