//! Knowledge Q&A endpoints, one file per part of the service: questions,
//! answers and comments, votes, search, the FAQ, moderation, people and
//! the admin's tools. A handler reads the request, checks the role, applies
//! the domain's rules, calls `qa::db`, and answers with a domain type; the
//! checks every part shares are here.

pub mod admin;
pub mod answers;
pub mod faq;
pub mod moderation;
pub mod people;
pub mod questions;
pub mod search;
pub mod votes;

use commons_domain::accounts::Role;
use commons_domain::common::locale::taipei_day_start;
use commons_domain::qa::{daily_post_limit, STREAK_DAYS};
use commons_domain::{ApiError, ErrorKind};
use worker::D1Database;

use crate::accounts::auth::CurrentUser;
use crate::qa::db;

/// A 404 naming what is missing.
fn not_found(what: &str) -> ApiError {
    ApiError::new(ErrorKind::NotFound, format!("no such {what}"))
}

/// A 403 with the reason.
fn forbidden(why: &str) -> ApiError {
    ApiError::new(ErrorKind::Forbidden, why)
}

/// Moderators and admins act on any post.
fn is_moderator(u: &CurrentUser) -> bool {
    u.has(Role::Moderator, None)
}

/// Whether `me` may act on others' posts with `privilege`: moderators
/// always, members once their level unlocks it.
async fn may(dbh: &D1Database, me: &CurrentUser, privilege: &str) -> Result<bool, ApiError> {
    Ok(is_moderator(me) || commons_domain::qa::has_privilege(db::ledger::total(dbh, me.user.id).await?, privilege))
}

/// Refuses a post when the user has reached their daily limit (lower for
/// new accounts; answering counts questions and answers together).
async fn check_post_rate(dbh: &D1Database, me: &CurrentUser, now: i64, answers_too: bool) -> Result<(), ApiError> {
    let limit = daily_post_limit(db::ledger::total(dbh, me.user.id).await?, answers_too);
    if db::posts::posts_since(dbh, me.user.id, taipei_day_start(now), answers_too).await? >= limit {
        return Err(ApiError::new(ErrorKind::Throttled, format!("at most {limit} posts a day at your level")));
    }
    Ok(())
}

/// Awards the streak badge when the user posted on each of the last
/// [`STREAK_DAYS`] Taipei days.
async fn award_streak(dbh: &D1Database, user: i64, now: i64) -> Result<(), ApiError> {
    let since = taipei_day_start(now) - (STREAK_DAYS - 1) * 86_400;
    if db::posts::posting_days(dbh, user, since).await? >= STREAK_DAYS {
        db::ledger::grant_badge(dbh, user, "streak_7", now).await?;
    }
    Ok(())
}
