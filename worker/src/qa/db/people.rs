//! Members and the community as a whole: a member's points and badges, the
//! leaderboard of a period, and the statistics.

use commons_domain::common::locale::TAIPEI_OFFSET_SECS;
use commons_domain::qa::{PointsView, QaCounts, QaMonth};
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use super::{first_row, rows};
use crate::db::{all, d1_err, first, int, stmt, text};

/// A member's points view (name, total, badges), or `None` if there is no such user.
pub async fn points_view(db: &D1Database, user: i64) -> Result<Option<PointsView>, ApiError> {
    #[derive(Deserialize)]
    struct U {
        display_name: String,
        total: Option<i64>,
        badges: String,
    }
    let u: Option<U> = first(
        db,
        "SELECT u.display_name, p.total, (SELECT json_group_array(badge) FROM qa_badges WHERE user_id = u.id) AS badges \
         FROM users u LEFT JOIN user_points p ON p.user_id = u.id WHERE u.id = ?1",
        &[int(user)],
    )
    .await?;
    Ok(u.map(|u| {
        PointsView::new(user, u.display_name, u.total.unwrap_or(1), serde_json::from_str(&u.badges).unwrap_or_default())
    }))
}

/// One row of the leaderboard.
#[derive(Deserialize)]
pub struct LeaderRow {
    /// The member.
    pub user_id: i64,
    /// Display name.
    pub name: String,
    /// Points earned in the period.
    pub points: i64,
    /// Points total now.
    pub total: i64,
}

/// The top 20 by points earned since `since` (starting points aside); for
/// a tag (`""`: none), only points on posts under questions with that tag.
pub async fn leaders(db: &D1Database, since: i64, tag: &str) -> Result<Vec<LeaderRow>, ApiError> {
    all(
        db,
        "SELECT e.user_id, u.display_name AS name, SUM(e.delta) AS points, COALESCE(p.total, 1) AS total \
         FROM point_events e JOIN users u ON u.id = e.user_id LEFT JOIN user_points p ON p.user_id = e.user_id \
         WHERE e.created_at >= ?1 AND e.reason != 'joined' AND (?2 = '' OR EXISTS ( \
           SELECT 1 FROM qa_tags t WHERE t.tag = ?2 AND t.question_id = \
             CASE e.post_kind WHEN 'q' THEN e.post_id ELSE (SELECT question_id FROM qa_answers WHERE id = e.post_id) END)) \
         GROUP BY e.user_id HAVING SUM(e.delta) > 0 ORDER BY points DESC, e.user_id LIMIT 20",
        &[int(since), text(tag)],
    )
    .await
}

/// The statistics' raw material.
pub struct StatsRows {
    /// The totals.
    pub counts: QaCounts,
    /// Hours from asking to the first answer, one per answered question.
    pub hours_to_first_answer: Vec<f64>,
    /// Questions and answers per Asia/Taipei month since the start asked for.
    pub months: Vec<QaMonth>,
}

/// Batch: the totals, every delay to a first answer, and the activity per
/// Asia/Taipei month since `since`.
pub async fn stats(db: &D1Database, since: i64) -> Result<StatsRows, ApiError> {
    #[derive(Deserialize)]
    struct S {
        questions: i64,
        answers: i64,
        members: i64,
        views: i64,
        accepted: i64,
    }
    #[derive(Deserialize)]
    struct D {
        d: i64,
    }
    let res = db
        .batch(vec![
            stmt(
                db,
                "SELECT (SELECT COUNT(*) FROM qa_questions) AS questions, (SELECT COUNT(*) FROM qa_answers) AS answers, \
                 (SELECT COUNT(*) FROM users) AS members, (SELECT COALESCE(SUM(views), 0) FROM qa_questions) AS views, \
                 (SELECT COUNT(*) FROM qa_questions WHERE accepted_answer_id IS NOT NULL) AS accepted",
                &[],
            )?,
            stmt(
                db,
                "SELECT first_answer_at - created_at AS d FROM qa_questions WHERE first_answer_at IS NOT NULL",
                &[],
            )?,
            stmt(
                db,
                "SELECT month, SUM(q) AS questions, SUM(a) AS answers FROM ( \
                   SELECT strftime('%Y-%m', created_at + ?2, 'unixepoch') AS month, 1 AS q, 0 AS a FROM qa_questions WHERE created_at >= ?1 \
                   UNION ALL SELECT strftime('%Y-%m', created_at + ?2, 'unixepoch'), 0, 1 FROM qa_answers WHERE created_at >= ?1) \
                 GROUP BY month ORDER BY month",
                &[int(since), int(i64::from(TAIPEI_OFFSET_SECS))],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    let mut it = res.into_iter();
    let s: S = first_row(it.next())?.ok_or_else(|| crate::error::internal("stats row"))?;
    let delays: Vec<D> = rows(it.next())?;
    Ok(StatsRows {
        counts: QaCounts {
            questions: s.questions,
            answers: s.answers,
            members: s.members,
            views: s.views,
            accepted: s.accepted,
        },
        hours_to_first_answer: delays.into_iter().map(|d| d.d as f64 / 3600.0).collect(),
        months: rows(it.next())?,
    })
}
