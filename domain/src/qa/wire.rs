//! The wire types of knowledge Q&A's posts (questions, answers, comments,
//! votes, accepts, flags, moderation, search and the FAQ): every request
//! body the Worker reads and every answer it sends, which the SPA
//! deserialises as they are (members, statistics and the admin's tools are
//! in [`super::people`]). The field
//! names and shapes are the API's contract (`worker/openapi.json`), so a
//! change here is a change of the API.

use serde::{Deserialize, Serialize};

use super::{validate_body, validate_tags};
use crate::api::PageMeta;
use crate::ApiError;

/// What a vote, a comment, a flag or a moderation is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PostKind {
    /// A question.
    Question,
    /// An answer.
    Answer,
}

impl PostKind {
    /// The short form stored in the database (`q` / `a`).
    pub fn code(self) -> &'static str {
        match self {
            PostKind::Question => "q",
            PostKind::Answer => "a",
        }
    }

    /// The name on the wire (`question` / `answer`).
    pub fn as_str(self) -> &'static str {
        match self {
            PostKind::Question => "question",
            PostKind::Answer => "answer",
        }
    }
}

/// `POST /api/qa/questions` and `PATCH /api/qa/questions/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionInput {
    /// Title, 4–150 characters.
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

    /// The dataset link, if one is given (an empty identifier is none), lower-cased.
    pub fn dataset_link(&self) -> Option<String> {
        self.dataset.as_deref().filter(|d| !d.is_empty()).map(str::to_lowercase)
    }
}

/// `PATCH /api/qa/questions/{id}`: the edited question's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaEdited {
    /// The question that was edited (a new revision of it is kept).
    pub id: i64,
}

/// `POST /api/qa/questions/{id}/answers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaAnswerInput {
    /// Markdown body, 1–30,000 characters.
    pub body: String,
}

/// `POST /api/qa/comments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaCommentInput {
    /// Whether the comment is on a question or an answer.
    pub kind: PostKind,
    /// The post's id.
    pub id: i64,
    /// Plain text, 1–600 characters.
    pub body: String,
}

/// `POST /api/qa/comments`: the comment was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaCommented {
    /// Always true.
    pub ok: bool,
}

/// `POST /api/qa/questions/{id}/duplicate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaDuplicateInput {
    /// The other, existing question this one duplicates.
    pub of: i64,
}

/// `POST /api/qa/questions/{id}/duplicate`: the question it now points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaDuplicate {
    /// The question this one was closed as a duplicate of.
    pub duplicate_of: i64,
}

/// `POST /api/qa/votes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaVoteInput {
    /// `question` or `answer`.
    pub kind: PostKind,
    /// Post id.
    pub id: i64,
    /// +1 or −1; 0 takes the vote back.
    #[cfg_attr(feature = "openapi", schema(minimum = -1, maximum = 1))]
    pub value: i64,
}

/// `POST /api/qa/votes`: the vote now held and the post's new score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaVoted {
    /// +1, −1 or 0.
    pub value: i64,
    /// The post's score.
    pub score: i64,
}

/// `POST` and `DELETE /api/qa/answers/{id}/accept`: the accepted answer now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaAccepted {
    /// The accepted answer's id; `null` after a withdrawal.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub accepted: Option<i64>,
}

/// `POST /api/qa/flags`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaFlagInput {
    /// Whether a question or an answer is flagged.
    pub kind: PostKind,
    /// The post's id.
    pub id: i64,
    /// One of [`super::FLAG_REASONS`]: `spam`, `offensive`, `off_topic` or `other`.
    pub reason: String,
}

/// `POST /api/qa/flags`: the flag was stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaFlagResult {
    /// Always true.
    pub flagged: bool,
}

/// One flagged post of `GET /api/qa/moderation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaFlagged {
    /// `question` or `answer`.
    pub kind: PostKind,
    /// Post id.
    pub id: i64,
    /// The question it belongs to.
    pub question_id: i64,
    /// The question's title (text).
    pub title: String,
    /// Open flags.
    pub flags: i64,
    /// 1 when hidden.
    pub hidden: i64,
}

/// `GET /api/qa/moderation`: the posts waiting for a moderator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaQueue {
    /// Flagged posts with unresolved flags, most flagged first (at most 200).
    pub queue: Vec<QaFlagged>,
}

/// `POST /api/qa/moderation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaModerationInput {
    /// Whether a question or an answer is reviewed.
    pub kind: PostKind,
    /// The post's id.
    pub id: i64,
    /// `restore` (show it again) or `remove` (keep it hidden).
    pub action: String,
}

/// `POST /api/qa/moderation`: the post's visibility now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaModerated {
    /// Whether the post is hidden.
    pub hidden: bool,
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

/// `GET /api/qa/questions`: FAQ hits (page 1 of a text search) and one page of questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaList {
    /// FAQ entries matching the text, shown first (at most 3, page 1 only).
    pub faq: Vec<FaqEntry>,
    /// The page of questions.
    pub questions: Vec<QuestionSummary>,
    /// Paging.
    pub meta: PageMeta,
}

/// `GET /api/qa/suggest`: what is like a title being typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaSuggestions {
    /// FAQ entries (at most 3).
    pub faq: Vec<FaqEntry>,
    /// Similar questions (at most 5).
    pub questions: Vec<QuestionSummary>,
}

/// `GET /api/qa/related`: questions linked to a dataset or an instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaRelated {
    /// Newest first, at most 20.
    pub questions: Vec<QuestionSummary>,
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
    /// Revisions so far (1: never edited).
    pub revisions: i64,
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
    /// The signed-in viewer's standing (none when signed out): the page
    /// offers each control by [`super::QaViewer::gate`], as the Worker decides.
    pub viewer: Option<super::QaViewer>,
}

/// `GET /api/qa/questions/{id}`: `{ "question": {...} }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaQuestion {
    /// The question with its answers and comments.
    pub question: QuestionView,
}

/// One stored version of a question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaRevision {
    /// Revision id.
    pub id: i64,
    /// Who wrote this version.
    pub author: String,
    /// Title then.
    pub title: String,
    /// Markdown source then.
    pub body: String,
    /// Tags then.
    #[serde(default)]
    pub tags: Vec<String>,
    /// RFC 3339.
    pub created_at: String,
}

/// `GET /api/qa/questions/{id}/revisions`: every version, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaRevisions {
    /// The versions, the first being the question as asked.
    pub revisions: Vec<QaRevision>,
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

/// `GET /api/qa/faq`: the entries, by service, then category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaFaqList {
    /// The entries, ordered by service, category and id.
    pub faq: Vec<FaqEntry>,
}

/// `POST /api/qa/faq` (staff): a new entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaFaqInput {
    /// One of [`super::FAQ_SERVICES`].
    pub service: String,
    /// Category within the service, 1–40 characters.
    pub category: String,
    /// The question, 1–150 characters.
    pub title: String,
    /// The answer in Markdown, 1–30,000 characters.
    pub body: String,
}

/// `POST /api/qa/answers/{id}/promote` (staff): where to file the answer in the FAQ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QaPromoteInput {
    /// One of [`super::FAQ_SERVICES`].
    pub service: String,
    /// Category within the service, 1–40 characters.
    pub category: String,
}
