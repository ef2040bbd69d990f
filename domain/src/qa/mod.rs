//! Knowledge Q&A (知識分享): the points rules, levels, privileges and badges,
//! the validation of everything a member sends; the wire types are in
//! [`wire`] and [`people`], the search in [`search`].
//!
//! Points are a ledger (`point_events`); the Worker applies these rules in
//! SQL inside one batch per action, so the numbers here are the defaults an
//! admin can change (`qa_rules`), and the tests check the ledger against them.

#[cfg(feature = "openapi")]
pub mod openapi;
pub mod people;
pub mod privileges;
pub mod search;
pub mod wire;

pub use people::*;
pub use privileges::*;
pub use search::*;
pub use wire::*;

use crate::common::limits::{Budget, DAY};
use crate::ApiError;

pub mod markup;

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

/// The gains the daily cap (`daily_cap`) limits: those from upvotes. Every
/// other gain is exempt, so an accept (`answer_accepted`, `accepting`) or the
/// FAQ bonus always pays in full. The Worker binds this list into the SQL
/// that writes a ledger row and into the ledger check.
pub const CAPPED_REASONS: [&str; 2] = ["question_upvoted", "answer_upvoted"];

/// Whether gains for `reason` count towards (and are limited by) the daily cap.
pub fn is_capped(reason: &str) -> bool {
    CAPPED_REASONS.contains(&reason)
}

/// The ledger reasons a vote can write, all taken back when the vote is.
pub const VOTE_REASONS: [&str; 4] = ["question_upvoted", "answer_upvoted", "downvoted", "downvote_cast"];

/// The ledger reasons an accept writes, all taken back when it is withdrawn.
pub const ACCEPT_REASONS: [&str; 2] = ["answer_accepted", "accepting"];

/// Votes one user may cast per day (Asia/Taipei). The limit itself is the
/// `qa_votes_daily_limit` trigger of `migrations/0008_qa.sql`, which decides
/// it in SQL so concurrent votes cannot overshoot; a unit test keeps the
/// trigger's number equal to this one.
pub const DAILY_VOTES: i64 = 40;
/// Questions a new account (level 1) may ask per day; higher levels get [`DAILY_POSTS`].
pub const NEW_ACCOUNT_DAILY_POSTS: i64 = 5;
/// Questions a member above level 1 may ask per day.
pub const DAILY_POSTS: i64 = 50;
/// The weight of unresolved flags that hides a post until a moderator
/// reviews it (see [`flag_weight`]): six level-2 members, three level-3
/// members, two from level 4, or one moderator.
pub const FLAG_WEIGHT_TO_HIDE: i64 = 6;

/// How much a flag by a member with `points` weighs towards hiding a post
/// (0: they may not flag). Flagging is earned (level 2), and an earned
/// level weighs more, so throwaway accounts cannot hide a post: level 2
/// weighs 1, level 3 weighs 2, levels 4 and 5 weigh 3, and level 6 (which
/// holds the `moderate` privilege) and moderators hide at once.
pub fn flag_weight(points: i64, moderator: bool) -> i64 {
    if moderator {
        return FLAG_WEIGHT_TO_HIDE;
    }
    match level_of(points).number {
        0 | 1 => 0,
        2 => 1,
        3 => 2,
        4 | 5 => 3,
        _ => FLAG_WEIGHT_TO_HIDE,
    }
}

/// One level of the game.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    /// 1-based number.
    pub number: u8,
    /// i18n key of its name (`qa.level.N`).
    pub key: &'static str,
    /// Points needed.
    pub min_points: i64,
    /// The privileges it unlocks (`qa.privilege.<p>`).
    pub unlocks: &'static [&'static str],
}

/// The levels, 新手 → 傳奇.
pub const LEVELS: [Level; 6] = [
    Level { number: 1, key: "qa.level.1", min_points: 1, unlocks: &["ask_answer"] },
    Level { number: 2, key: "qa.level.2", min_points: 15, unlocks: &["comment", "flag"] },
    Level { number: 3, key: "qa.level.3", min_points: 100, unlocks: &["downvote"] },
    Level { number: 4, key: "qa.level.4", min_points: 500, unlocks: &["edit_others"] },
    Level { number: 5, key: "qa.level.5", min_points: 2000, unlocks: &["close_duplicate"] },
    Level { number: 6, key: "qa.level.6", min_points: 10000, unlocks: &["moderate"] },
];

/// The privileges, in the order the levels unlock them.
pub const PRIVILEGES: [&str; 7] =
    ["ask_answer", "comment", "flag", "downvote", "edit_others", "close_duplicate", "moderate"];

/// The level of a points total.
pub fn level_of(points: i64) -> Level {
    LEVELS.iter().rev().find(|l| points >= l.min_points).copied().unwrap_or(LEVELS[0])
}

/// Whether `points` carry `privilege`.
pub fn has_privilege(points: i64, privilege: &str) -> bool {
    LEVELS.iter().any(|l| l.unlocks.contains(&privilege) && points >= l.min_points)
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

/// The longest post body.
pub const MAX_BODY_CHARS: usize = 30_000;

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
/// allow-list sanitiser; links get `rel="nofollow ugc noopener"`. A remote
/// image (Markdown or raw `<img>`) becomes a link to it (see
/// [`markup::remote_images_to_links`]), so a post cannot load tracking
/// pixels on every page view; images from the site itself stay images.
#[cfg(feature = "markdown")]
pub fn render_markdown(md: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let mut raw = String::new();
    html::push_html(&mut raw, Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH));
    let sanitiser = || {
        let mut b = ammonia::Builder::default();
        b.link_rel(Some("nofollow ugc noopener")).url_schemes(["http", "https", "mailto"].into_iter().collect());
        b
    };
    let clean = sanitiser().clean(&raw).to_string();
    let linked = markup::remote_images_to_links(&clean);
    if linked == clean {
        clean
    } else {
        // What the rewrite made is sanitised again, so it cannot add anything.
        sanitiser().clean(&linked).to_string()
    }
}

/// The services FAQ entries are filed under.
pub const FAQ_SERVICES: [&str; 4] = ["opendata", "booking", "accounts", "qa"];

/// The Asia/Taipei date (`YYYY-MM-DD`) of `now`: the day votes, caps and
/// ledger rows are counted by.
pub fn ledger_day(now: i64) -> String {
    crate::common::locale::to_taipei(now).map(|t| t.date().to_string()).unwrap_or_default()
}

/// How many posts a user with `points` may make in one Taipei day: questions
/// alone when asking, or questions and answers together (twice as many)
/// when answering. New accounts (level 1) get fewer.
pub fn daily_post_limit(points: i64, answers_too: bool) -> i64 {
    let limit = if level_of(points).number <= 1 { NEW_ACCOUNT_DAILY_POSTS } else { DAILY_POSTS };
    if answers_too {
        limit * 2
    } else {
        limit
    }
}

/// The posting budgets one post by `user` (with `points`) takes a unit
/// from on the Asia/Taipei day `day` (`YYYY-MM-DD`): every post from the
/// day's questions-and-answers budget, and a question also from the day's
/// questions budget (the limits of [`daily_post_limit`]). The buckets are
/// named by the day, so the window is the Taipei day, as for votes. The
/// Worker takes them in one conditional statement, so a parallel burst
/// cannot get past them.
pub fn post_budgets(user: i64, points: i64, question: bool, day: &str) -> Vec<Budget> {
    let max = |answers_too| u32::try_from(daily_post_limit(points, answers_too)).unwrap_or(0);
    let mut out = vec![Budget { bucket: format!("qa_post:user:{user}:{day}"), max: max(true), window: DAY }];
    if question {
        out.push(Budget { bucket: format!("qa_question:user:{user}:{day}"), max: max(false), window: DAY });
    }
    out
}

/// The longest comment.
pub const MAX_COMMENT_CHARS: usize = 600;

/// Checks a comment: plain text, 1 to [`MAX_COMMENT_CHARS`] once trimmed.
pub fn validate_comment(body: &str) -> Result<String, ApiError> {
    let body = body.trim();
    if body.is_empty() || body.chars().count() > MAX_COMMENT_CHARS {
        return Err(ApiError::invalid(format!("body: 1 to {MAX_COMMENT_CHARS} characters")));
    }
    Ok(body.to_string())
}

impl QaVoteInput {
    /// A vote is +1, −1, or 0 (taking it back).
    pub fn validate(&self) -> Result<(), ApiError> {
        if ![-1, 0, 1].contains(&self.value) {
            return Err(ApiError::invalid("value: 1, -1 or 0"));
        }
        Ok(())
    }
}

/// The ledger reason of a vote `value` (+1 or −1) on a `kind` of post, for its author.
pub fn vote_reason(kind: PostKind, value: i64) -> &'static str {
    match (kind, value) {
        (PostKind::Question, 1) => "question_upvoted",
        (PostKind::Answer, 1) => "answer_upvoted",
        _ => "downvoted",
    }
}

/// Whether casting `value` on a `kind` of post costs the voter a point too
/// (a downvote on an answer, so downvoting is not free).
pub fn vote_costs_voter(kind: PostKind, value: i64) -> bool {
    kind == PostKind::Answer && value == -1
}

/// The score a question needs for the `popular_question` badge.
pub const POPULAR_QUESTION_SCORE: i64 = 10;

/// Accepted answers that earn the `ten_accepted` badge.
pub const TEN_ACCEPTED: i64 = 10;

/// Days in a row with a post that earn the `streak_7` badge.
pub const STREAK_DAYS: i64 = 7;

/// The reasons a post can be flagged for.
pub const FLAG_REASONS: [&str; 4] = ["spam", "offensive", "off_topic", "other"];

/// Checks a flag's reason (surrounding spaces are ignored); returns it trimmed.
pub fn flag_reason(reason: &str) -> Result<&str, ApiError> {
    let reason = reason.trim();
    if !FLAG_REASONS.contains(&reason) {
        return Err(ApiError::invalid("reason: spam, offensive, off_topic or other"));
    }
    Ok(reason)
}

impl QaModerationInput {
    /// Whether the post ends up hidden: `remove` keeps it hidden, `restore` shows it.
    pub fn hides(&self) -> Result<bool, ApiError> {
        match self.action.as_str() {
            "restore" => Ok(false),
            "remove" => Ok(true),
            _ => Err(ApiError::invalid("action: restore or remove")),
        }
    }
}

/// Checks where an FAQ entry is filed: a known service and a category of 1–40
/// characters; returns the trimmed category.
pub fn faq_filing(service: &str, category: &str) -> Result<String, ApiError> {
    if !FAQ_SERVICES.contains(&service) {
        return Err(ApiError::invalid("service: opendata, booking, accounts or qa"));
    }
    crate::opendata::participation::text_field("category", category, 40)
}

/// Checks the `service` filter of the FAQ list (empty: every service).
pub fn faq_service_filter(service: &str) -> Result<&str, ApiError> {
    if !service.is_empty() && !FAQ_SERVICES.contains(&service) {
        return Err(ApiError::invalid("service: opendata, booking, accounts or qa"));
    }
    Ok(service)
}

impl QaFaqInput {
    /// Checks the filing, title and body; returns the entry trimmed.
    pub fn validated(&self) -> Result<QaFaqInput, ApiError> {
        let category = faq_filing(&self.service, &self.category)?;
        let title = crate::opendata::participation::text_field("title", &self.title, 150)?;
        let body = validate_body(&self.body)?;
        Ok(QaFaqInput { service: self.service.clone(), category, title, body })
    }
}

impl QaPromoteInput {
    /// Checks the filing; returns it with the category trimmed.
    pub fn validated(&self) -> Result<QaPromoteInput, ApiError> {
        Ok(QaPromoteInput { service: self.service.clone(), category: faq_filing(&self.service, &self.category)? })
    }
}

/// The start (Unix seconds) of a leaderboard period ending `now`: `week`
/// (the default), `month`, `year` or `all`.
pub fn leaderboard_since(period: Option<&str>, now: i64) -> Result<i64, ApiError> {
    Ok(match period.unwrap_or("week") {
        "week" => now - 7 * 86_400,
        "month" => now - 30 * 86_400,
        "year" => now - 365 * 86_400,
        "all" => 0,
        _ => return Err(ApiError::invalid("period: week, month, year or all")),
    })
}

/// The leaderboard's rows, best first, ranked from 1: (user id, name,
/// points in the period, points total).
pub fn rank_leaders(rows: impl IntoIterator<Item = (i64, String, i64, i64)>) -> Vec<QaLeader> {
    rows.into_iter()
        .zip(1..)
        .map(|((user_id, name, points, total), rank)| QaLeader {
            rank,
            user_id,
            name,
            points,
            level: level_of(total).number,
        })
        .collect()
}

/// The largest change an admin may make a rule, either way.
pub const MAX_RULE_POINTS: i64 = 1000;

impl QaRulesUpdate {
    /// Checks each `key: value`: a known rule, an integer within
    /// ±[`MAX_RULE_POINTS`], keeping its sign (a gain stays a gain), except
    /// the daily cap. Returns the changes, in key order.
    pub fn validate(&self) -> Result<Vec<(String, i64)>, ApiError> {
        let mut out = Vec::new();
        for (k, v) in &self.0 {
            let Some(rule) = RULES.iter().find(|r| r.key == k) else {
                return Err(ApiError::invalid(format!("{k}: not a rule")));
            };
            let n = v
                .as_i64()
                .filter(|n| n.abs() <= MAX_RULE_POINTS)
                .ok_or_else(|| ApiError::invalid(format!("{k}: an integer within ±{MAX_RULE_POINTS}")))?;
            if (rule.default > 0) != (n > 0) && rule.key != "daily_cap" {
                return Err(ApiError::invalid(format!("{k}: keeps its sign")));
            }
            out.push((k.clone(), n));
        }
        Ok(out)
    }
}

impl QaStats {
    /// The statistics from the counts: the completion rate is the share of
    /// questions with an accepted answer, and the median delay to a first
    /// answer (in hours) is rounded to one decimal.
    pub fn from_counts(counts: QaCounts, hours_to_first_answer: &mut [f64], activity: Vec<QaMonth>) -> QaStats {
        let QaCounts { questions, answers, members, views, accepted } = counts;
        QaStats {
            questions,
            answers,
            knowledge_items: questions + answers,
            members,
            views,
            completion_rate: if questions == 0 { 0.0 } else { accepted as f64 / questions as f64 },
            median_hours_to_first_answer: crate::common::stats::median(hours_to_first_answer)
                .map(|h| (h * 10.0).round() / 10.0),
            activity,
        }
    }
}

/// The totals behind [`QaStats`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QaCounts {
    /// Questions.
    pub questions: i64,
    /// Answers.
    pub answers: i64,
    /// Accounts.
    pub members: i64,
    /// Question views.
    pub views: i64,
    /// Questions with an accepted answer.
    pub accepted: i64,
}

/// A voter→author pair is a voting ring's edge when the voter gave the
/// author at least this many upvotes…
pub const RING_MIN_VOTES: i64 = 5;

/// …and more than this share of the voter's upvotes went to the author, and
/// more than this share of the author's received upvotes came from the voter.
pub const RING_MIN_SHARE: f64 = 0.5;

/// The logged reason of a ring reversal, in words.
pub fn ring_reason(voter: i64, author: i64, votes: i64, voter_share: f64, author_share: f64) -> String {
    format!(
        "voting ring: {votes} of {voter}'s upvotes went to {author} ({:.0}%), who got {:.0}% of their upvotes from them",
        voter_share * 100.0,
        author_share * 100.0
    )
}

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
        assert_eq!(v.next_unlocks, ["downvote"]);
        let new = PointsView::new(1, "x".into(), 1, vec![]);
        assert_eq!(new.next_unlocks, ["comment", "flag"], "the level page lists flagging with level 2");
        assert!(!new.privileges.contains(&"flag".to_string()) && v.privileges.contains(&"flag".to_string()));
        for l in LEVELS {
            assert!(l.unlocks.iter().all(|p| PRIVILEGES.contains(p)), "{l:?}");
        }
    }

    #[test]
    fn flags_are_earned_and_weighed_by_level() {
        assert_eq!(flag_weight(1, false), 0, "a new account may not flag");
        assert_eq!(flag_weight(14, false), 0);
        assert!(!has_privilege(14, "flag") && has_privilege(15, "flag"));
        assert_eq!((flag_weight(15, false), flag_weight(100, false), flag_weight(500, false)), (1, 2, 3));
        assert_eq!(flag_weight(10_000, false), FLAG_WEIGHT_TO_HIDE);
        assert_eq!(flag_weight(1, true), FLAG_WEIGHT_TO_HIDE, "a moderator's flag hides");
        assert!(3 * flag_weight(15, false) < FLAG_WEIGHT_TO_HIDE, "three level-2 flags do not hide");
        assert!(3 * flag_weight(100, false) >= FLAG_WEIGHT_TO_HIDE, "three level-3 flags hide");
    }

    #[test]
    fn post_budgets_are_per_taipei_day_and_lower_for_new_accounts() {
        let ask = post_budgets(7, 1, true, "2024-01-02");
        assert_eq!(
            ask,
            vec![
                Budget { bucket: "qa_post:user:7:2024-01-02".into(), max: 10, window: DAY },
                Budget { bucket: "qa_question:user:7:2024-01-02".into(), max: 5, window: DAY },
            ]
        );
        let answer = post_budgets(7, 15, false, "2024-01-02");
        assert_eq!(answer, vec![Budget { bucket: "qa_post:user:7:2024-01-02".into(), max: 100, window: DAY }]);
    }

    #[test]
    fn tags_are_normalised_and_bounded() {
        assert_eq!(validate_tags(&["  Rust ".into(), "rust".into(), "開放資料".into()]).unwrap(), ["rust", "開放資料"]);
        assert!(validate_tags(&["<script>".into()]).is_err());
        assert!(validate_tags(&[]).is_err());
        assert!(validate_tags(&(0..6).map(|i| format!("t{i}")).collect::<Vec<_>>()).is_err());
    }

    #[test]
    fn the_daily_vote_limit_is_the_migrations_trigger() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations/0008_qa.sql");
        let sql = std::fs::read_to_string(path).expect("migrations/0008_qa.sql");
        let trigger = sql.split("CREATE TRIGGER qa_votes_daily_limit").nth(1).expect("the daily-limit trigger");
        let when = trigger.split("BEGIN").next().unwrap_or_default();
        assert!(when.contains("FROM qa_votes WHERE user_id = NEW.user_id AND day = NEW.day"), "{when}");
        let n: i64 = when.rsplit(">=").next().unwrap_or_default().trim().parse().expect("the trigger's limit");
        assert_eq!(n, DAILY_VOTES, "the trigger and DAILY_VOTES disagree");
    }

    #[test]
    fn the_daily_cap_limits_upvotes_and_exempts_accepts() {
        assert!(is_capped("question_upvoted") && is_capped("answer_upvoted"));
        for exempt in ACCEPT_REASONS.iter().chain(&["faq_promoted"]) {
            assert!(!is_capped(exempt), "{exempt}");
        }
        for r in CAPPED_REASONS.iter().chain(&VOTE_REASONS).chain(&ACCEPT_REASONS) {
            assert!(RULES.iter().any(|rule| rule.key == *r), "{r} is a rule");
        }
    }

    #[test]
    fn post_limits_votes_comments_and_flags() {
        // 2024-01-01T16:00:00Z is already the 2nd in Taipei.
        assert_eq!(ledger_day(1_704_124_800), "2024-01-02");
        assert_eq!((daily_post_limit(1, false), daily_post_limit(1, true)), (5, 10));
        assert_eq!((daily_post_limit(15, false), daily_post_limit(15, true)), (50, 100));
        assert!(QaVoteInput { kind: PostKind::Answer, id: 1, value: 2 }.validate().is_err());
        assert!(QaVoteInput { kind: PostKind::Answer, id: 1, value: 0 }.validate().is_ok());
        assert_eq!(vote_reason(PostKind::Question, 1), "question_upvoted");
        assert_eq!(vote_reason(PostKind::Answer, -1), "downvoted");
        assert!(vote_costs_voter(PostKind::Answer, -1) && !vote_costs_voter(PostKind::Question, -1));
        assert_eq!(validate_comment("  好  ").unwrap(), "好");
        assert!(validate_comment("   ").is_err() && validate_comment(&"字".repeat(601)).is_err());
        assert_eq!(flag_reason(" spam ").unwrap(), "spam");
        assert!(flag_reason("meh").is_err());
        let m = |action: &str| QaModerationInput { kind: PostKind::Question, id: 1, action: action.into() }.hides();
        assert_eq!((m("remove").unwrap(), m("restore").unwrap()), (true, false));
        assert!(m("burn").is_err());
    }

    #[test]
    fn faq_filings_are_checked() {
        assert_eq!(faq_filing("qa", " 測試 ").unwrap(), "測試");
        assert!(faq_filing("x", "a").is_err() && faq_filing("qa", " ").is_err());
        assert!(faq_service_filter("").is_ok() && faq_service_filter("nope").is_err());
        let f = QaFaqInput {
            service: "accounts".into(),
            category: "登入".into(),
            title: " 忘記密碼 ".into(),
            body: "b".into(),
        };
        assert_eq!(f.validated().unwrap().title, "忘記密碼");
        assert!(QaFaqInput { title: " ".into(), ..f }.validated().is_err());
    }

    #[test]
    fn leaderboard_periods_and_ranks() {
        assert_eq!(leaderboard_since(None, 1_000_000).unwrap(), 1_000_000 - 7 * 86_400);
        assert_eq!(leaderboard_since(Some("all"), 1_000_000).unwrap(), 0);
        assert!(leaderboard_since(Some("decade"), 0).is_err());
        let l = rank_leaders([(7, "甲".to_string(), 30, 120), (3, "乙".to_string(), 10, 1)]);
        assert_eq!((l[0].rank, l[0].level, l[1].rank, l[1].level), (1, 3, 2, 1));
    }

    #[test]
    fn rule_changes_are_checked() {
        let u = |v: serde_json::Value| serde_json::from_value::<QaRulesUpdate>(v).unwrap().validate();
        assert_eq!(u(serde_json::json!({"daily_cap": 150})).unwrap(), vec![("daily_cap".to_string(), 150)]);
        assert!(u(serde_json::json!({"nope": 1})).is_err());
        assert!(u(serde_json::json!({"accepting": "2"})).is_err());
        assert!(u(serde_json::json!({"accepting": 1001})).is_err());
        assert!(u(serde_json::json!({"downvoted": 3})).is_err(), "a loss stays a loss");
    }

    #[test]
    fn stats_and_ring_reasons() {
        let counts = QaCounts { questions: 4, answers: 6, members: 3, views: 9, accepted: 1 };
        let s = QaStats::from_counts(counts, &mut [1.0, 2.26, 3.0], vec![]);
        assert_eq!((s.knowledge_items, s.completion_rate, s.median_hours_to_first_answer), (10, 0.25, Some(2.3)));
        assert_eq!(QaStats::from_counts(QaCounts::default(), &mut [], vec![]).completion_rate, 0.0);
        assert!(ring_reason(1, 2, 5, 1.0, 0.5).starts_with("voting ring: 5 of 1's upvotes went to 2 (100%)"));
    }

    #[cfg(feature = "markdown")]
    #[test]
    fn remote_images_become_links_and_local_images_stay() {
        let h = render_markdown(
            "![像素](https://t.example/p.gif \"t\") ![](//t.example/e.gif) <img src=\"http://t.example/r.gif\" alt='a \"<b>'> \
             ![標誌](/static/logo.png) ![api](/api/qa/questions/1)",
        );
        assert!(!h.contains("<img src=\"http") && !h.contains("<img src=\"//"), "{h}");
        assert!(
            h.contains(r#"<a href="https://t.example/p.gif" title="t" rel="nofollow ugc noopener">像素</a>"#),
            "{h}"
        );
        assert!(h.contains(r#"<a href="//t.example/e.gif" rel="nofollow ugc noopener">//t.example/e.gif</a>"#), "{h}");
        assert!(h.contains(r#"<a href="http://t.example/r.gif" rel="nofollow ugc noopener">a "&lt;b&gt;</a>"#), "{h}");
        assert!(h.contains(r#"<img src="/static/logo.png" alt="標誌">"#), "{h}");
        assert!(!h.contains("<img src=\"/api/"), "an image cannot make requests to the API: {h}");
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
