//! People and the community: a member's points and level, the leaderboard,
//! and the statistics.

use commons_domain::qa::{leaderboard_since, rank_leaders, QaLeaders, QaPoints, QaStats};
use commons_domain::ApiError;
use worker::Response;

use super::not_found;
use crate::accounts::auth::require_user;
use crate::ctx::RequestCtx;
use crate::http::{id_param, ok_json, q_get, query};
use crate::qa::db;

/// `GET /api/qa/users/{id}`: points, level, progress, privileges and badges.
pub async fn get_user(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let id = id_param(rc)?;
    let user = db::people::points_view(&rc.db()?, id).await?.ok_or_else(|| not_found("user"))?;
    ok_json(&QaPoints { user })
}

/// `GET /api/qa/me`: the signed-in member's points.
pub async fn get_me(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let user = db::people::points_view(&rc.db()?, me.user.id).await?.ok_or_else(|| not_found("user"))?;
    ok_json(&QaPoints { user })
}

/// `GET /api/qa/leaderboard?period=week|month|year|all&tag=`: the top 20 by
/// points earned in the period, overall or on one tag.
pub async fn get_leaderboard(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let q = query(rc)?;
    let since = leaderboard_since(q_get(&q, "period"), rc.now())?;
    let tag = q_get(&q, "tag").unwrap_or("").trim().to_lowercase();
    let rows = db::people::leaders(&rc.db()?, since, &tag).await?;
    let leaders = rank_leaders(rows.into_iter().map(|r| (r.user_id, r.name, r.points, r.total)));
    ok_json(&QaLeaders { leaders })
}

/// Days of activity the statistics chart.
const STATS_DAYS: i64 = 365;

/// `GET /api/qa/stats`: knowledge items, members, views, completion rate,
/// median time to first answer, and monthly activity for the last 12 months.
pub async fn get_stats(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let since = rc.now() - STATS_DAYS * 86_400;
    let mut rows = db::people::stats(&rc.db()?, since).await?;
    ok_json(&QaStats::from_counts(rows.counts, &mut rows.hours_to_first_answer, rows.months))
}
