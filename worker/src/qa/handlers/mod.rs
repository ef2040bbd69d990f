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
use commons_domain::common::limits::{Action, Actor};
use commons_domain::common::locale::taipei_day_start;
use commons_domain::qa::{daily_post_limit, ledger_day, post_budgets, QaAct, QaViewer, STREAK_DAYS};
use commons_domain::{ApiError, ErrorKind};
use worker::D1Database;

use crate::accounts::auth::CurrentUser;
use crate::ctx::RequestCtx;
use crate::qa::db::{self, PostRow};

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

/// Whether `me` may see post `p`. A hidden post, or any post under a hidden
/// question, shows only to moderators and to its own author, so no route
/// lets anyone else read it, answer, comment, vote or flag it.
fn can_see(me: Option<&CurrentUser>, p: &PostRow) -> bool {
    (p.hidden == 0 && p.question_hidden == 0) || me.is_some_and(|u| is_moderator(u) || u.user.id == p.user_id)
}

/// `me` as the privilege rules see them: their points and whether they moderate.
async fn viewer(dbh: &D1Database, me: &CurrentUser) -> Result<QaViewer, ApiError> {
    Ok(QaViewer { user_id: me.user.id, points: db::ledger::total(dbh, me.user.id).await?, moderator: is_moderator(me) })
}

/// Lets `me` do `act` (to their `own` post or not) by the one rule the
/// question page follows too ([`QaViewer::gate`]), or refuses with 403
/// naming the level that unlocks it.
async fn allow(dbh: &D1Database, me: &CurrentUser, act: QaAct, own: bool) -> Result<(), ApiError> {
    if viewer(dbh, me).await?.may(act, own) {
        Ok(())
    } else {
        Err(forbidden(&act.refusal()))
    }
}

/// Takes one unit of `action`'s posting budgets (per account, lower for
/// accounts younger than a week, and per address), or refuses with 429.
async fn take_budget(rc: &RequestCtx, dbh: &D1Database, me: &CurrentUser, action: Action) -> Result<(), ApiError> {
    let (now, ip) = (rc.now(), rc.client_ip());
    let actor = Actor { user_id: Some(me.user.id), account_age: now - me.user.created_at, ip: &ip };
    crate::limits::take(dbh, action, &actor, now).await
}

/// Takes one post from the user's daily posting budgets (lower for new
/// accounts; a question from the questions budget too), or refuses with
/// 429. The count and the charge are one conditional statement, so a
/// parallel burst of posts cannot get past the limit.
async fn take_post_budget(dbh: &D1Database, me: &CurrentUser, now: i64, question: bool) -> Result<(), ApiError> {
    let points = db::ledger::total(dbh, me.user.id).await?;
    let budgets = post_budgets(me.user.id, points, question, &ledger_day(now));
    if crate::limits::db::take_all(dbh, &budgets, now).await? {
        return Ok(());
    }
    let message = if question {
        format!(
            "at most {} questions, and {} questions and answers together, a day at your level",
            daily_post_limit(points, false),
            daily_post_limit(points, true)
        )
    } else {
        format!("at most {} questions and answers a day at your level", daily_post_limit(points, true))
    };
    Err(ApiError::new(ErrorKind::Throttled, message))
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
