//! The wire types about members and the community: a member's points, the
//! leaderboard, the statistics, and the admin's rules, ledger check and
//! ring log. Like [`super::wire`], they are the API's contract.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{has_privilege, progress, PRIVILEGES};

/// What a user's points and level look like on the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointsView {
    /// User id.
    pub user_id: i64,
    /// Display name.
    pub name: String,
    /// Points total (never below 1).
    pub points: i64,
    /// Level number.
    pub level: u8,
    /// Next level's number, if any.
    pub next_level: Option<u8>,
    /// Points the next level needs.
    pub next_level_points: Option<i64>,
    /// Percent of the way there.
    pub progress: u8,
    /// The privileges the next level unlocks (none at the top level).
    pub next_unlocks: Vec<String>,
    /// Privileges held.
    pub privileges: Vec<String>,
    /// Badges earned.
    pub badges: Vec<String>,
}

impl PointsView {
    /// Builds the view from a total and badges.
    pub fn new(user_id: i64, name: String, points: i64, badges: Vec<String>) -> Self {
        let (here, next, pct) = progress(points);
        PointsView {
            user_id,
            name,
            points,
            level: here.number,
            next_level: next.map(|n| n.number),
            next_level_points: next.map(|n| n.min_points),
            progress: pct,
            next_unlocks: next.map(|n| n.unlocks.iter().map(|p| p.to_string()).collect()).unwrap_or_default(),
            privileges: PRIVILEGES.iter().filter(|p| has_privilege(points, p)).map(|p| p.to_string()).collect(),
            badges,
        }
    }
}

/// `GET /api/qa/users/{id}` and `GET /api/qa/me`: `{ "user": {...} }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaPoints {
    /// The member's points, level, privileges and badges.
    pub user: PointsView,
}

/// One row of `GET /api/qa/leaderboard`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaLeader {
    /// 1-based rank.
    pub rank: i64,
    /// User id.
    pub user_id: i64,
    /// Display name (text).
    pub name: String,
    /// Points earned in the period.
    pub points: i64,
    /// The user's level now.
    pub level: u8,
}

/// `GET /api/qa/leaderboard`: the top 20.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaLeaders {
    /// Best first.
    pub leaders: Vec<QaLeader>,
}

/// One month of `GET /api/qa/stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaMonth {
    /// `YYYY-MM` (Asia/Taipei).
    pub month: String,
    /// Questions asked.
    pub questions: i64,
    /// Answers given.
    pub answers: i64,
}

/// `GET /api/qa/stats`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaStats {
    /// Questions asked.
    pub questions: i64,
    /// Answers given.
    pub answers: i64,
    /// Questions plus answers.
    pub knowledge_items: i64,
    /// Accounts.
    pub members: i64,
    /// Question views.
    pub views: i64,
    /// Share of questions with an accepted answer, 0–1.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 1))]
    pub completion_rate: f64,
    /// Median hours from asking to the first answer (one decimal), if any question has an answer.
    pub median_hours_to_first_answer: Option<f64>,
    /// The last 12 months, oldest first.
    pub activity: Vec<QaMonth>,
}

/// `GET /api/admin/qa/rules` and the answer of `PUT`: every rule's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaRules {
    /// Rule key (see [`super::RULES`]) → points.
    pub rules: BTreeMap<String, i64>,
}

/// `PUT /api/admin/qa/rules`: `{key: value}` for the rules to change.
///
/// The values stay raw JSON until [`QaRulesUpdate::validate`], so a value
/// that is not an integer is refused with a message naming its key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, i64>))]
#[serde(transparent)]
pub struct QaRulesUpdate(pub BTreeMap<String, serde_json::Value>);

/// `GET /api/admin/qa/ledger-check`: counts of broken invariants (each always 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaLedgerCheck {
    /// Users whose total differs from the sum of their ledger.
    pub total_not_ledger: i64,
    /// Users whose total is below 1.
    pub below_one: i64,
    /// (user, day) pairs whose capped gains exceed the daily cap.
    pub over_daily_cap: i64,
    /// Votes counted twice in the live ledger.
    pub live_double_votes: i64,
    /// Posts whose score differs from the sum of their votes.
    pub score_not_votes: i64,
    /// Questions with more than one accepted answer, or whose accepted
    /// answer is not the one their answers say.
    pub multiple_accepted: i64,
    /// Accepts paid twice in the live ledger (one answer with two live
    /// `answer_accepted` or `accepting` rows), or paid on an answer that is
    /// not accepted.
    pub live_double_accepts: i64,
    /// Hidden questions present in a search index: in `qa_fts`, or listed
    /// on a page of the search cache.
    pub hidden_indexed: i64,
}

/// One reversal of the voting-ring detector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaRingLogEntry {
    /// Who voted.
    pub voter_id: i64,
    /// Who received the votes.
    pub author_id: i64,
    /// Upvotes from the voter to the author.
    pub votes: i64,
    /// Share of the voter's upvotes that went to the author, 0–1.
    pub share: f64,
    /// Ledger rows reversed.
    pub reversed: i64,
    /// Why, in words.
    pub reason: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// `GET /api/admin/qa/ring-log`: the newest 200 reversals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaRingLog {
    /// Newest first.
    pub log: Vec<QaRingLogEntry>,
}
