//! Knowledge Q&A (知識分享): the points rules, levels, privileges and badges,
//! validation of posts, and the wire types.
//!
//! Points are a ledger (`point_events`); the Worker applies these rules in
//! SQL inside one batch per action, so the numbers here are the defaults an
//! admin can change (`qa_rules`), and the tests check the ledger against them.

#[cfg(feature = "openapi")]
pub mod openapi;

use serde::{Deserialize, Serialize};

use crate::ApiError;

/// A points rule: its key in `qa_rules` and default value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Key (also the ledger `reason`).
    pub key: &'static str,
    /// Default points.
    pub default: i64,
}

/// The default rules (issue 5 §3). Admins change them through the API.
pub const RULES: [Rule; 8] = [
    Rule { key: "question_upvoted", default: 5 },
    Rule { key: "answer_upvoted", default: 10 },
    Rule { key: "answer_accepted", default: 15 },
    Rule { key: "accepting", default: 2 },
    Rule { key: "downvoted", default: -2 },
    Rule { key: "downvote_cast", default: -1 },
    Rule { key: "faq_promoted", default: 50 },
    Rule { key: "daily_cap", default: 200 },
];

/// Reasons exempt from the daily gain cap (accepts).
pub const CAP_EXEMPT: [&str; 2] = ["answer_accepted", "accepting"];

/// Votes one user may cast per day (Asia/Taipei).
pub const DAILY_VOTES: i64 = 40;
/// Questions a new account (level 1) may ask per day; higher levels get [`DAILY_POSTS`].
pub const NEW_ACCOUNT_DAILY_POSTS: i64 = 5;
/// Questions and answers per day for everyone else.
pub const DAILY_POSTS: i64 = 50;
/// Flags that hide a post until a moderator reviews it.
pub const FLAGS_TO_HIDE: i64 = 3;

/// One level of the game.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    /// 1-based number.
    pub number: u8,
    /// i18n key of its name (`qa.level.N`).
    pub key: &'static str,
    /// Points needed.
    pub min_points: i64,
    /// The privilege it unlocks (`qa.privilege.<p>`), if any.
    pub unlocks: Option<&'static str>,
}

/// The levels, 新手 → 傳奇.
pub const LEVELS: [Level; 6] = [
    Level { number: 1, key: "qa.level.1", min_points: 1, unlocks: Some("ask_answer") },
    Level { number: 2, key: "qa.level.2", min_points: 15, unlocks: Some("comment") },
    Level { number: 3, key: "qa.level.3", min_points: 100, unlocks: Some("downvote") },
    Level { number: 4, key: "qa.level.4", min_points: 500, unlocks: Some("edit_others") },
    Level { number: 5, key: "qa.level.5", min_points: 2000, unlocks: Some("close_duplicate") },
    Level { number: 6, key: "qa.level.6", min_points: 10000, unlocks: Some("moderate") },
];

/// The privileges, in the order the levels unlock them.
pub const PRIVILEGES: [&str; 6] = ["ask_answer", "comment", "downvote", "edit_others", "close_duplicate", "moderate"];

/// The level of a points total.
pub fn level_of(points: i64) -> Level {
    LEVELS.iter().rev().find(|l| points >= l.min_points).copied().unwrap_or(LEVELS[0])
}

/// Whether `points` carry `privilege`.
pub fn has_privilege(points: i64, privilege: &str) -> bool {
    LEVELS.iter().any(|l| l.unlocks == Some(privilege) && points >= l.min_points)
}

/// Progress to the next level: (this level, next level if any, percent 0–100).
pub fn progress(points: i64) -> (Level, Option<Level>, u8) {
    let here = level_of(points);
    let next = LEVELS.iter().find(|l| l.number == here.number + 1).copied();
    let pct = match next {
        Some(n) => (((points - here.min_points) * 100) / (n.min_points - here.min_points).max(1)).clamp(0, 100) as u8,
        None => 100,
    };
    (here, next, pct)
}

/// The badges (`qa.badge.<key>`), each with how it is earned.
pub const BADGES: [&str; 8] = [
    "first_question",
    "first_answer",
    "first_accepted",
    "ten_accepted",
    "streak_7",
    "top_tag_answerer",
    "popular_question",
    "faq_author",
];

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
    /// What the next level unlocks.
    pub next_unlocks: Option<String>,
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
            next_unlocks: next.and_then(|n| n.unlocks).map(str::to_string),
            privileges: PRIVILEGES.iter().filter(|p| has_privilege(points, p)).map(|p| p.to_string()).collect(),
            badges,
        }
    }
}

/// Tags a question may carry.
pub const MAX_TAGS: usize = 5;

/// Normalises and checks tags: 1–5, each 1–30 characters of letters, digits,
/// CJK, `-` or `.`; lower-cased Latin.
pub fn validate_tags(tags: &[String]) -> Result<Vec<String>, ApiError> {
    let mut out: Vec<String> = Vec::new();
    for t in tags {
        let t = t.trim().to_lowercase();
        if t.is_empty() {
            continue;
        }
        if t.chars().count() > 30
            || !t.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '.' || c == '+' || c == '#')
        {
            return Err(ApiError::invalid(format!("tags: {t:?} is not a tag (letters, digits, - . + #; at most 30)")));
        }
        if !out.contains(&t) {
            out.push(t);
        }
    }
    if out.is_empty() {
        return Err(ApiError::invalid("tags: at least one"));
    }
    if out.len() > MAX_TAGS {
        return Err(ApiError::invalid(format!("tags: at most {MAX_TAGS}")));
    }
    Ok(out)
}

/// `POST /api/qa/questions` and `PATCH /api/qa/questions/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionInput {
    /// Title, 6–150 characters.
    pub title: String,
    /// Markdown body, 1–30,000 characters.
    pub body: String,
    /// Tags.
    pub tags: Vec<String>,
    /// A dataset this is about (identifier).
    #[serde(default)]
    pub dataset: Option<String>,
    /// An instrument this is about.
    #[serde(default)]
    pub instrument_id: Option<i64>,
}

/// The longest post body.
pub const MAX_BODY_CHARS: usize = 30_000;

impl QuestionInput {
    /// Trims and validates.
    pub fn validate(&mut self) -> Result<(), ApiError> {
        self.title = self.title.trim().to_string();
        let n = self.title.chars().count();
        if !(4..=150).contains(&n) {
            return Err(ApiError::invalid("title: 4 to 150 characters"));
        }
        self.body = validate_body(&self.body)?;
        self.tags = validate_tags(&self.tags)?;
        Ok(())
    }
}

/// Checks a Markdown body: non-empty, at most [`MAX_BODY_CHARS`].
pub fn validate_body(body: &str) -> Result<String, ApiError> {
    let b = body.trim();
    if b.is_empty() {
        return Err(ApiError::invalid("body: required"));
    }
    if b.chars().count() > MAX_BODY_CHARS {
        return Err(ApiError::invalid(format!("body: at most {MAX_BODY_CHARS} characters")));
    }
    Ok(b.to_string())
}

/// Renders user Markdown to safe HTML: pulldown-cmark, then ammonia's
/// allow-list sanitiser; links get `rel="nofollow ugc noopener"`.
#[cfg(feature = "markdown")]
pub fn render_markdown(md: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let mut raw = String::new();
    html::push_html(&mut raw, Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH));
    ammonia::Builder::default()
        .link_rel(Some("nofollow ugc noopener"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .clean(&raw)
        .to_string()
}

/// A question in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionSummary {
    /// Id.
    pub id: i64,
    /// Title (text).
    pub title: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Vote score.
    pub score: i64,
    /// Answers.
    pub answer_count: i64,
    /// Whether an answer is accepted.
    pub answered: bool,
    /// Views.
    pub views: i64,
    /// Author.
    pub author: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub last_activity_at: String,
}

/// A comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    /// Id.
    pub id: i64,
    /// Author.
    pub author: String,
    /// Plain text.
    pub body: String,
    /// RFC 3339.
    pub created_at: String,
}

/// An answer on a question page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerView {
    /// Id.
    pub id: i64,
    /// Author id.
    pub user_id: i64,
    /// Author.
    pub author: String,
    /// The author's level.
    pub author_level: u8,
    /// Sanitised HTML of the Markdown body.
    pub body_html: String,
    /// Markdown source (for editing).
    pub body: String,
    /// Score.
    pub score: i64,
    /// Accepted?
    pub accepted: bool,
    /// The viewer's vote (+1, −1 or 0).
    pub my_vote: i64,
    /// Comments.
    pub comments: Vec<Comment>,
    /// RFC 3339.
    pub created_at: String,
}

/// A question page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionView {
    /// Id.
    pub id: i64,
    /// Author id.
    pub user_id: i64,
    /// Author.
    pub author: String,
    /// Title (text).
    pub title: String,
    /// Sanitised HTML.
    pub body_html: String,
    /// Markdown source.
    pub body: String,
    /// Tags.
    pub tags: Vec<String>,
    /// Score.
    pub score: i64,
    /// The viewer's vote.
    pub my_vote: i64,
    /// Views.
    pub views: i64,
    /// The duplicate's target, if closed as one.
    pub duplicate_of: Option<i64>,
    /// Linked dataset identifier.
    pub dataset: Option<String>,
    /// Linked instrument id.
    pub instrument_id: Option<i64>,
    /// Comments.
    pub comments: Vec<Comment>,
    /// Answers: accepted first, then by score.
    pub answers: Vec<AnswerView>,
    /// Revisions so far.
    pub revisions: i64,
    /// RFC 3339.
    pub created_at: String,
}

/// `POST /api/qa/votes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteRequest {
    /// `question` or `answer`.
    pub kind: PostKind,
    /// Post id.
    pub id: i64,
    /// +1 or −1; 0 takes the vote back.
    pub value: i64,
}

/// What a vote is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PostKind {
    /// A question.
    Question,
    /// An answer.
    Answer,
}

impl PostKind {
    /// The short form stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            PostKind::Question => "q",
            PostKind::Answer => "a",
        }
    }
}

/// An FAQ entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FaqEntry {
    /// Id.
    pub id: i64,
    /// `opendata`, `booking` or `accounts` (or `qa`).
    pub service: String,
    /// Category within the service.
    pub category: String,
    /// Question.
    pub title: String,
    /// Sanitised HTML answer.
    pub body_html: String,
    /// The answer it was promoted from, if any.
    pub source_answer_id: Option<i64>,
}

/// The services FAQ entries are filed under.
pub const FAQ_SERVICES: [&str; 4] = ["opendata", "booking", "accounts", "qa"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_progress_and_privileges() {
        assert_eq!(level_of(1).number, 1);
        assert_eq!(level_of(15).number, 2);
        assert_eq!(level_of(99_999).number, 6);
        let (here, next, pct) = progress(57);
        assert_eq!((here.number, next.map(|n| n.number), pct), (2, Some(3), 49));
        assert!(!has_privilege(14, "comment") && has_privilege(15, "comment"));
        assert!(has_privilege(100, "downvote") && !has_privilege(99, "downvote"));
        let v = PointsView::new(1, "x".into(), 20, vec![]);
        assert_eq!(v.next_unlocks.as_deref(), Some("downvote"));
    }

    #[test]
    fn tags_are_normalised_and_bounded() {
        assert_eq!(validate_tags(&["  Rust ".into(), "rust".into(), "開放資料".into()]).unwrap(), ["rust", "開放資料"]);
        assert!(validate_tags(&["<script>".into()]).is_err());
        assert!(validate_tags(&[]).is_err());
        assert!(validate_tags(&(0..6).map(|i| format!("t{i}")).collect::<Vec<_>>()).is_err());
    }

    #[cfg(feature = "markdown")]
    #[test]
    fn markdown_is_rendered_and_sanitised() {
        let h = render_markdown("**粗體** `code` [link](https://example.tw) <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>");
        assert!(h.contains("<strong>粗體</strong>") && h.contains("<code>code</code>"));
        assert!(h.contains(r#"rel="nofollow ugc noopener""#), "{h}");
        assert!(!h.contains("<script") && !h.contains("javascript:") && !h.contains("onerror"), "{h}");
    }
}
