//! Posting budgets, taken atomically (see `commons_domain::common::limits`):
//! every bucket of an action is checked and charged by one statement, so
//! parallel requests cannot get past a budget.

pub mod db;

use commons_domain::common::limits::{budgets, Action, Actor, Budget};
use commons_domain::{ApiError, ErrorKind};
use worker::D1Database;

/// Takes one unit of `action` from each of `actor`'s buckets, or refuses
/// with 429 (and takes nothing) when any of them is spent.
pub async fn take(dbh: &D1Database, action: Action, actor: &Actor<'_>, now: i64) -> Result<(), ApiError> {
    take_budgets(dbh, &budgets(action, actor), now).await
}

/// Like [`take`], for budgets a service computes itself (e.g. per e-mail
/// address for password resets, which have no account to key on).
pub async fn take_budgets(dbh: &D1Database, wanted: &[Budget], now: i64) -> Result<(), ApiError> {
    if wanted.is_empty() || db::take_all(dbh, wanted, now).await? {
        Ok(())
    } else {
        Err(ApiError::new(ErrorKind::Throttled, "you have done this too often for now; please try again later"))
    }
}
