//! Participation around the catalogue: feedback threads with agency replies,
//! ratings, dataset requests, showcases, and the overdue-update rule
//! (逾期通知). Wire types and pure rules; the Worker stores them.

use serde::{Deserialize, Serialize};

use crate::ApiError;

/// The kinds of feedback a user can leave on a dataset.
pub const FEEDBACK_KINDS: [&str; 3] = ["question", "error", "suggestion"];
/// A thread's statuses.
pub const FEEDBACK_STATUSES: [&str; 3] = ["open", "replied", "closed"];
/// The answers an agency can give a dataset request.
pub const REQUEST_ANSWERS: [&str; 3] = ["answered", "fulfilled", "declined"];

/// Checks a text field: trimmed, non-empty, at most `max` characters.
pub fn text_field(name: &str, value: &str, max: usize) -> Result<String, ApiError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(ApiError::invalid(format!("{name}: required")));
    }
    if v.chars().count() > max {
        return Err(ApiError::invalid(format!("{name}: at most {max} characters")));
    }
    Ok(v.to_string())
}

/// `POST /api/datasets/{id}/feedback`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewFeedback {
    /// One of [`FEEDBACK_KINDS`].
    pub kind: String,
    /// Short title.
    pub title: String,
    /// The message.
    pub body: String,
}

impl NewFeedback {
    /// Validates and trims.
    pub fn validate(&mut self) -> Result<(), ApiError> {
        if !FEEDBACK_KINDS.contains(&self.kind.as_str()) {
            return Err(ApiError::invalid("kind: one of question, error, suggestion"));
        }
        self.title = text_field("title", &self.title, 100)?;
        self.body = text_field("body", &self.body, 4000)?;
        Ok(())
    }
}

/// `POST /api/feedback/{id}/replies` and other single-text bodies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TextBody {
    /// The text.
    pub body: String,
}

/// One post of a thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackPost {
    /// Id.
    pub id: i64,
    /// Author's display name.
    pub author: String,
    /// Whether the agency wrote it.
    pub from_agency: bool,
    /// Text (shown as text, never as HTML).
    pub body: String,
    /// RFC 3339.
    pub created_at: String,
}

/// A feedback thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackThread {
    /// Id.
    pub id: i64,
    /// Kind.
    pub kind: String,
    /// Title.
    pub title: String,
    /// open, replied or closed.
    pub status: String,
    /// Author's display name.
    pub author: String,
    /// Author's user id (so a page can tell the viewer's own threads).
    #[serde(default)]
    pub user_id: i64,
    /// RFC 3339.
    pub created_at: String,
    /// The posts, oldest first.
    pub posts: Vec<FeedbackPost>,
}

/// An agency's feedback handling, as data.gov.tw reports it ("98% handled").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedbackStats {
    /// Threads on the agency's datasets.
    pub threads: i64,
    /// Threads the agency replied to or closed.
    pub handled: i64,
    /// handled ÷ threads, 0–1 (1 when there are no threads).
    pub handled_rate: f64,
    /// Median hours from a thread's start to the agency's first reply.
    pub median_reply_hours: Option<f64>,
}

/// `PUT /api/datasets/{id}/rating`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingRequest {
    /// 1–5.
    pub stars: i64,
}

impl RatingRequest {
    /// Refuses anything but 1 to 5 stars.
    pub fn validate(&self) -> Result<(), ApiError> {
        if !(1..=5).contains(&self.stars) {
            return Err(ApiError::invalid("stars: 1 to 5"));
        }
        Ok(())
    }
}

/// An average rating as answered: rounded to two decimals.
pub fn rounded_rating(average: f64) -> f64 {
    (average * 100.0).round() / 100.0
}

/// Checks an optional long text: trimmed, at most `max` characters.
pub fn optional_text(name: &str, value: &str, max: usize) -> Result<String, ApiError> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(ApiError::invalid(format!("{name}: at most {max} characters")));
    }
    Ok(v.to_string())
}

/// `POST /api/dataset-requests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewDatasetRequest {
    /// What data is wanted.
    pub title: String,
    /// Why, and in what form.
    #[serde(default)]
    pub description: String,
    /// The agency asked, if the user knows it (`org-…`).
    #[serde(default)]
    pub organization_id: Option<String>,
}

impl NewDatasetRequest {
    /// Validates and trims the title and description; an empty agency means none.
    pub fn validate(&mut self) -> Result<(), ApiError> {
        self.title = text_field("title", &self.title, 120)?;
        self.description = optional_text("description", &self.description, 4000)?;
        self.organization_id = self.organization_id.take().filter(|s| !s.is_empty());
        Ok(())
    }
}

/// `POST /api/dataset-requests/{id}/answer` (agency).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RequestAnswer {
    /// One of [`REQUEST_ANSWERS`].
    pub status: String,
    /// The agency's answer.
    pub answer: String,
    /// For `fulfilled`: the dataset that now has the data.
    #[serde(default)]
    pub dataset: Option<String>,
}

impl RequestAnswer {
    /// Checks the status and trims the answer. (Whether a `fulfilled` answer
    /// names its dataset is checked after the rights, as it always was.)
    pub fn validate(&mut self) -> Result<(), ApiError> {
        if !REQUEST_ANSWERS.contains(&self.status.as_str()) {
            return Err(ApiError::invalid("status: answered, fulfilled or declined"));
        }
        self.answer = text_field("answer", &self.answer, 4000)?;
        Ok(())
    }
}

/// Parses the `status` filter of the request list: empty for all, else `open`
/// or one of [`REQUEST_ANSWERS`].
pub fn request_status_filter(status: Option<&str>) -> Result<Option<&str>, ApiError> {
    match status.filter(|s| !s.is_empty()) {
        Some(s) if s != "open" && !REQUEST_ANSWERS.contains(&s) => {
            Err(ApiError::invalid("status: open, answered, fulfilled or declined"))
        }
        other => Ok(other),
    }
}

/// Parses the `sort` of the request list: `votes` (the default) or `newest`;
/// true for newest first.
pub fn request_sort_newest(sort: Option<&str>) -> Result<bool, ApiError> {
    match sort.unwrap_or("votes") {
        "votes" => Ok(false),
        "newest" => Ok(true),
        _ => Err(ApiError::invalid("sort: votes or newest")),
    }
}

/// A dataset request as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatasetRequest {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Target agency, if any.
    pub organization_id: Option<String>,
    /// Its name.
    pub organization: Option<String>,
    /// open, answered, fulfilled, declined.
    pub status: String,
    /// The agency's answer.
    pub answer: String,
    /// The fulfilling dataset's identifier.
    pub dataset: Option<String>,
    /// +1 count.
    pub votes: i64,
    /// Whether the viewer has +1'd it.
    pub voted: bool,
    /// Proposer's display name.
    pub author: String,
    /// RFC 3339.
    pub created_at: String,
}

/// `POST /api/showcases`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewShowcase {
    /// Name of the application.
    pub title: String,
    /// What it does.
    #[serde(default)]
    pub description: String,
    /// Where it lives (http/https).
    pub url: String,
    /// Identifiers of the datasets it uses (1–20); each dataset's agency
    /// reviews its own link.
    pub datasets: Vec<String>,
}

impl NewShowcase {
    /// Validates and trims: a title, an http(s) URL and 1 to 20 dataset
    /// identifiers (lower-cased, repeats dropped).
    pub fn validate(&mut self) -> Result<(), ApiError> {
        self.title = text_field("title", &self.title, 120)?;
        self.description = optional_text("description", &self.description, 4000)?;
        self.url = self.url.trim().to_string();
        if !crate::opendata::valid_url(&self.url) {
            return Err(ApiError::invalid("url: not an http(s) URL"));
        }
        if self.datasets.is_empty() || self.datasets.len() > 20 {
            return Err(ApiError::invalid("datasets: 1 to 20 dataset identifiers"));
        }
        let mut seen = std::collections::HashSet::new();
        let mut ids = Vec::with_capacity(self.datasets.len());
        for d in &self.datasets {
            let id = d.trim().to_lowercase();
            if !crate::opendata::valid_identifier(&id) {
                return Err(ApiError::invalid(format!("datasets: no dataset {d:?}")));
            }
            if seen.insert(id.clone()) {
                ids.push(id);
            }
        }
        self.datasets = ids;
        Ok(())
    }
}

/// The statuses a showcase list can be asked for.
pub const SHOWCASE_STATUSES: [&str; 3] = ["approved", "pending", "rejected"];

/// Parses the `status` of the showcase list (default `approved`).
pub fn showcase_status_filter(status: Option<&str>) -> Result<&str, ApiError> {
    let s = status.unwrap_or("approved");
    if !SHOWCASE_STATUSES.contains(&s) {
        return Err(ApiError::invalid("status: approved, pending or rejected"));
    }
    Ok(s)
}

/// One dataset a showcase says it uses, with the decision of that dataset's
/// agency: each agency reviews the links to its own datasets, and a showcase
/// shows on a dataset only once that dataset's agency approves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShowcaseLink {
    /// The dataset's identifier.
    pub identifier: String,
    /// Its title.
    pub title: String,
    /// Its agency (`org-…`), the one that decides this link.
    pub organization_id: String,
    /// pending, approved or rejected.
    pub status: String,
}

/// A showcase as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Showcase {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Link.
    pub url: String,
    /// The status this list asked for (approved, pending or rejected): the
    /// state of the links in `datasets`.
    pub status: String,
    /// Submitter's display name.
    pub author: String,
    /// (identifier, title) of its datasets in that status that the viewer may see.
    pub datasets: Vec<(String, String)>,
    /// Every link the viewer may see, each with its agency's decision: in the
    /// approved list only approved ones; for a pending or rejected one, all of
    /// them for the submitter and admins, and a publisher's own agencies' part.
    #[serde(default)]
    pub links: Vec<ShowcaseLink>,
    /// RFC 3339.
    pub created_at: String,
}

impl Showcase {
    /// Fills `datasets` from `links`: those in the listed status.
    pub fn with_datasets_of_status(mut self) -> Self {
        self.datasets = self
            .links
            .iter()
            .filter(|l| l.status == self.status)
            .map(|l| (l.identifier.clone(), l.title.clone()))
            .collect();
        self
    }

    /// Whether someone who speaks for the agencies `speaks_for` accepts has a
    /// pending link here to decide.
    pub fn reviewable_by(&self, speaks_for: impl Fn(&str) -> bool) -> bool {
        self.links.iter().any(|l| l.status == "pending" && speaks_for(&l.organization_id))
    }
}

/// `POST /api/showcases/{id}/review`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShowcaseReview {
    /// Approve or reject.
    pub approve: bool,
}

/// The days between updates an update frequency (更新頻率) promises, or
/// `None` for irregular ones (不定期, 不更新). Sub-daily frequencies count as
/// one day: the catalogue's metadata is not updated more often than that.
pub fn frequency_days(freq: &str) -> Option<i64> {
    let f = freq.trim();
    match f {
        "即時" | "每日" | "每天" => return Some(1),
        "每週" | "每周" => return Some(7),
        "每月" => return Some(31),
        "每季" => return Some(92),
        "每半年" => return Some(183),
        "每年" => return Some(366),
        _ => {}
    }
    // 每N分 / 每N時 / 每N日 / 每N週 / 每N月 / 每N年
    let rest = f.strip_prefix('每')?;
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    let n: i64 = digits.parse().ok().filter(|n| *n > 0)?;
    let unit = rest[digits.len()..].trim();
    match unit {
        "分" | "分鐘" | "時" | "小時" => Some(1),
        "日" | "天" => Some(n),
        "週" | "周" => Some(7 * n),
        "月" => Some(31 * n),
        "年" => Some(366 * n),
        _ => None,
    }
}

/// When a dataset last updated at `last` (Unix seconds) becomes overdue:
/// its frequency plus a grace of a quarter of it (at least one day), so a
/// daily dataset late by hours is not flagged but one late by days is.
pub fn overdue_at(freq: &str, last: i64) -> Option<i64> {
    let days = frequency_days(freq)?;
    let grace = (days / 4).max(1);
    Some(last + (days + grace) * 86_400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequencies_of_the_real_catalogue() {
        assert_eq!(frequency_days("每日"), Some(1));
        assert_eq!(frequency_days("每1分"), Some(1));
        assert_eq!(frequency_days("每7日"), Some(7));
        assert_eq!(frequency_days("每1年"), Some(366));
        assert_eq!(frequency_days("每3月"), Some(93));
        assert_eq!(frequency_days("不定期更新"), None);
        assert_eq!(frequency_days("不更新"), None);
        assert_eq!(overdue_at("每月", 0), Some((31 + 7) * 86_400));
        assert_eq!(overdue_at("每日", 0), Some(2 * 86_400));
    }

    #[test]
    fn request_and_showcase_bodies_are_validated() {
        assert!(RatingRequest { stars: 0 }.validate().is_err());
        assert!(RatingRequest { stars: 5 }.validate().is_ok());
        assert_eq!(rounded_rating(3.3333), 3.33);
        let mut r =
            NewDatasetRequest { title: "  t ".into(), description: "d".into(), organization_id: Some("".into()) };
        r.validate().unwrap();
        assert_eq!((r.title.as_str(), r.organization_id), ("t", None));
        let mut a = RequestAnswer { status: "fulfilled".into(), answer: " ok ".into(), dataset: None };
        a.validate().unwrap();
        assert_eq!(a.answer, "ok");
        a.status = "maybe".into();
        assert!(a.validate().unwrap_err().message.starts_with("status"));
        assert_eq!(request_status_filter(Some("")).unwrap(), None);
        assert!(request_status_filter(Some("closed")).is_err());
        assert!(request_sort_newest(Some("newest")).unwrap());
        assert!(request_sort_newest(Some("oldest")).is_err());
        let mut s = NewShowcase {
            title: "App".into(),
            description: String::new(),
            url: " https://x.tw ".into(),
            datasets: vec!["a".into()],
        };
        s.validate().unwrap();
        assert_eq!(s.url, "https://x.tw");
        s.datasets = vec![" A ".into(), "a".into(), "b".into()];
        s.validate().unwrap();
        assert_eq!(s.datasets, ["a", "b"], "lower-cased, repeats dropped");
        s.datasets = vec!["a b".into()];
        assert!(s.validate().is_err(), "not an identifier");
        s.datasets.clear();
        assert!(s.validate().is_err());
        assert_eq!(showcase_status_filter(None).unwrap(), "approved");
        assert!(showcase_status_filter(Some("all")).is_err());
    }

    #[test]
    fn a_showcase_lists_the_links_of_its_status_and_who_may_decide_them() {
        let link = |id: &str, org: &str, status: &str| ShowcaseLink {
            identifier: id.into(),
            title: id.to_uppercase(),
            organization_id: org.into(),
            status: status.into(),
        };
        let s = Showcase {
            id: 1,
            title: "App".into(),
            description: String::new(),
            url: "https://x.tw".into(),
            status: "pending".into(),
            author: "a".into(),
            datasets: Vec::new(),
            links: vec![link("a", "org-x", "approved"), link("b", "org-y", "pending")],
            created_at: String::new(),
        }
        .with_datasets_of_status();
        assert_eq!(s.datasets, vec![("b".to_string(), "B".to_string())]);
        assert!(s.reviewable_by(|o| o == "org-y"));
        assert!(!s.reviewable_by(|o| o == "org-x"), "org-x has decided its part");
        assert!(!s.reviewable_by(|_| false));
    }

    #[test]
    fn feedback_kinds_are_validated() {
        let mut f = NewFeedback { kind: "rant".into(), title: "t".into(), body: "b".into() };
        assert!(f.validate().is_err());
        f.kind = "error".into();
        f.title = "   ".into();
        assert!(f.validate().unwrap_err().message.contains("title"));
    }
}
