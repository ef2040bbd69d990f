//! SQL for PI quotas (額度) and research groups: the accounts a user may
//! book against, balances with their ledger sums, grants and members.
//!
//! Balances change only through `quota_ledger` rows (a trigger applies
//! each one, and `CHECK (balance >= 0)` refuses an overdraft), so a grant
//! or a reservation is always the ledger row and the balance together.

use commons_domain::booking::QuotaView;
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{d1_err, int, text};

#[derive(Deserialize)]
struct PiRow {
    pi_user_id: i64,
}

/// The PI accounts `user_id` may book against: their own, if they have one,
/// and their groups', in PI order (`commons_domain::booking::paying_pi` picks one).
pub async fn accounts_of(db: &D1Database, user_id: i64) -> Result<Vec<i64>, ApiError> {
    let rows = crate::db::all::<PiRow>(
        db,
        "SELECT pi_user_id FROM pi_accounts WHERE pi_user_id = ?1 \
             UNION SELECT pi_user_id FROM memberships WHERE user_id = ?1 ORDER BY pi_user_id",
        &[int(user_id)],
    )
    .await?;
    Ok(rows.into_iter().map(|r| r.pi_user_id).collect())
}

#[derive(Deserialize)]
struct QuotaRow {
    pi_user_id: i64,
    pi_name: String,
    grant_code: String,
    balance: i64,
    ledger_sum: i64,
}

/// The PI accounts a user may book against, with balance and ledger sum.
pub async fn quotas_for(db: &D1Database, user_id: i64) -> Result<Vec<QuotaView>, ApiError> {
    let rows = crate::db::all::<QuotaRow>(
        db,
        "SELECT p.pi_user_id, u.display_name AS pi_name, p.grant_code, p.balance, \
               (SELECT COALESCE(SUM(delta), 0) FROM quota_ledger l WHERE l.pi_user_id = p.pi_user_id) AS ledger_sum \
             FROM pi_accounts p JOIN users u ON u.id = p.pi_user_id \
             WHERE p.pi_user_id = ?1 OR p.pi_user_id IN (SELECT pi_user_id FROM memberships WHERE user_id = ?1) \
             ORDER BY p.pi_user_id",
        &[int(user_id)],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| QuotaView {
            pi_user_id: r.pi_user_id,
            pi_name: r.pi_name,
            grant_code: r.grant_code,
            balance: r.balance,
            ledger_sum: r.ledger_sum,
        })
        .collect())
}

/// Opens the PI's account if needed and adds a `grant` ledger row, in one batch.
pub async fn grant_quota(db: &D1Database, pi: i64, amount: i64, grant_code: &str, now: i64) -> Result<(), ApiError> {
    db.batch(vec![
        db.prepare(
            "INSERT INTO pi_accounts (pi_user_id, grant_code, balance) VALUES (?1, ?2, 0) \
             ON CONFLICT(pi_user_id) DO UPDATE SET grant_code = CASE WHEN excluded.grant_code = '' THEN grant_code ELSE excluded.grant_code END",
        )
        .bind(&[int(pi), text(grant_code)])
        .map_err(d1_err)?,
        db.prepare("INSERT INTO quota_ledger (pi_user_id, kind, delta, created_at) VALUES (?1, 'grant', ?2, ?3)")
            .bind(&[int(pi), int(amount), int(now)])
            .map_err(d1_err)?,
    ])
    .await
    .map_err(d1_err)?;
    Ok(())
}

/// Adds a member to a PI's group (idempotent); false if the PI has no account yet.
pub async fn add_member(db: &D1Database, pi: i64, member: i64) -> Result<bool, ApiError> {
    let r = crate::db::run(db, "INSERT OR IGNORE INTO memberships (user_id, pi_user_id) SELECT ?2, pi_user_id FROM pi_accounts WHERE pi_user_id = ?1", &[int(pi), int(member)]).await?;
    if r == 1 {
        return Ok(true);
    }
    // Already a member, or no account: tell them apart.
    Ok(crate::db::count(db, "SELECT COUNT(*) AS n FROM pi_accounts WHERE pi_user_id = ?1", &[int(pi)]).await? > 0)
}
