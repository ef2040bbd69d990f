//! Knowledge Q&A: questions, answers, votes, the FAQ, people, statistics
//! and moderation.

use gloo::net::http::Request;

use super::{enc, get, post, request, ApiFailure, Created, NO_BODY};

/// `GET /api/qa/questions`: FAQ hits (page 1 of a text search) and one page of questions.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct QaList {
    /// FAQ entries matching the text, shown first.
    pub faq: Vec<commons_domain::qa::FaqEntry>,
    /// The page of questions.
    pub questions: Vec<commons_domain::qa::QuestionSummary>,
    /// Paging.
    pub meta: commons_domain::api::PageMeta,
}

/// `GET /api/qa/suggest`: what is like a title being typed.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct QaSuggestions {
    /// FAQ entries.
    pub faq: Vec<commons_domain::qa::FaqEntry>,
    /// Similar questions.
    pub questions: Vec<commons_domain::qa::QuestionSummary>,
}

/// `POST /api/qa/votes`: the vote now held and the post's new score.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
pub struct QaVoted {
    /// +1, −1 or 0.
    pub value: i64,
    /// The post's score.
    pub score: i64,
}

/// One row of `GET /api/qa/leaderboard`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
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

/// One month of `GET /api/qa/stats`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct QaMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Questions asked.
    pub questions: i64,
    /// Answers given.
    pub answers: i64,
}

/// `GET /api/qa/stats`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct QaStats {
    /// Questions plus answers.
    pub knowledge_items: i64,
    /// Accounts.
    pub members: i64,
    /// Question views.
    pub views: i64,
    /// Share of questions with an accepted answer, 0–1.
    pub completion_rate: f64,
    /// Median hours from asking to the first answer.
    #[serde(default)]
    pub median_hours_to_first_answer: Option<f64>,
    /// The last 12 months.
    #[serde(default)]
    pub activity: Vec<QaMonth>,
}

/// One flagged post of `GET /api/qa/moderation`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct QaFlagged {
    /// `question` or `answer`.
    pub kind: String,
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

/// `GET /api/qa/questions?{query}` (`query` already encoded).
pub async fn questions(query: &str) -> Result<QaList, ApiFailure> {
    get(&format!("/api/qa/questions?{query}")).await
}

/// Questions linked to a dataset or an instrument.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct QaRelated {
    /// Newest first, at most 20.
    pub questions: Vec<commons_domain::qa::QuestionSummary>,
}

/// `GET /api/qa/related?dataset=` or `?instrument=` (`query` already encoded).
pub async fn related(query: &str) -> Result<QaRelated, ApiFailure> {
    get(&format!("/api/qa/related?{query}")).await
}

/// `GET /api/qa/suggest?title=`.
pub async fn suggest(title: &str) -> Result<QaSuggestions, ApiFailure> {
    get(&format!("/api/qa/suggest?title={}", enc(title))).await
}

/// `GET /api/qa/questions/{id}`.
pub async fn question(id: i64) -> Result<commons_domain::qa::QuestionView, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct E {
        question: commons_domain::qa::QuestionView,
    }
    get::<E>(&format!("/api/qa/questions/{id}")).await.map(|e| e.question)
}

/// `POST /api/qa/questions`: the new question's id.
pub async fn ask(body: &commons_domain::qa::QuestionInput) -> Result<i64, ApiFailure> {
    post::<Created>("/api/qa/questions", Some(body)).await.map(|c| c.id)
}

/// `POST /api/qa/questions/{id}/answers`: the new answer's id.
pub async fn answer(question: i64, body: &str) -> Result<i64, ApiFailure> {
    post::<Created>(&format!("/api/qa/questions/{question}/answers"), Some(&serde_json::json!({ "body": body })))
        .await
        .map(|c| c.id)
}

/// `PATCH /api/qa/questions/{id}`: an edit, kept as a new revision.
pub async fn edit_question(id: i64, body: &commons_domain::qa::QuestionInput) -> Result<(), ApiFailure> {
    request::<serde_json::Value>(Request::patch(&format!("/api/qa/questions/{id}")), Some(body)).await.map(|_| ())
}

/// One stored version of a question.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
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

/// `GET /api/qa/questions/{id}/revisions`, oldest first.
pub async fn revisions(id: i64) -> Result<Vec<QaRevision>, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct List {
        revisions: Vec<QaRevision>,
    }
    get::<List>(&format!("/api/qa/questions/{id}/revisions")).await.map(|l| l.revisions)
}

/// `POST /api/qa/comments`.
pub async fn comment(kind: commons_domain::qa::PostKind, id: i64, body: &str) -> Result<(), ApiFailure> {
    let b = serde_json::json!({ "kind": kind, "id": id, "body": body });
    request::<serde_json::Value>(Request::post("/api/qa/comments"), Some(&b)).await.map(|_| ())
}

/// `POST /api/qa/votes` (`value` 0 takes a vote back).
pub async fn vote(kind: commons_domain::qa::PostKind, id: i64, value: i64) -> Result<QaVoted, ApiFailure> {
    post("/api/qa/votes", Some(&commons_domain::qa::VoteRequest { kind, id, value })).await
}

/// `POST /api/qa/answers/{id}/accept`, or `DELETE` to take the accept back.
pub async fn accept(answer: i64, accept: bool) -> Result<(), ApiFailure> {
    let url = format!("/api/qa/answers/{answer}/accept");
    let builder = if accept { Request::post(&url) } else { Request::delete(&url) };
    request::<serde_json::Value>(builder, NO_BODY).await.map(|_| ())
}

/// `POST /api/qa/flags`.
pub async fn flag(kind: commons_domain::qa::PostKind, id: i64, reason: &str) -> Result<(), ApiFailure> {
    let b = serde_json::json!({ "kind": kind, "id": id, "reason": reason });
    request::<serde_json::Value>(Request::post("/api/qa/flags"), Some(&b)).await.map(|_| ())
}

/// `POST /api/qa/questions/{id}/duplicate`.
pub async fn close_duplicate(id: i64, of: i64) -> Result<(), ApiFailure> {
    let b = serde_json::json!({ "of": of });
    request::<serde_json::Value>(Request::post(&format!("/api/qa/questions/{id}/duplicate")), Some(&b))
        .await
        .map(|_| ())
}

/// `GET /api/qa/faq?service=` (empty: every service).
pub async fn faq(service: &str) -> Result<Vec<commons_domain::qa::FaqEntry>, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct L {
        faq: Vec<commons_domain::qa::FaqEntry>,
    }
    get::<L>(&format!("/api/qa/faq?service={}", enc(service))).await.map(|l| l.faq)
}

/// `POST /api/qa/faq` (staff).
pub async fn create_faq(service: &str, category: &str, title: &str, body: &str) -> Result<i64, ApiFailure> {
    let b = serde_json::json!({ "service": service, "category": category, "title": title, "body": body });
    post::<Created>("/api/qa/faq", Some(&b)).await.map(|c| c.id)
}

/// `POST /api/qa/answers/{id}/promote` (staff): files an answer in the FAQ.
pub async fn promote(answer: i64, service: &str, category: &str) -> Result<i64, ApiFailure> {
    let b = serde_json::json!({ "service": service, "category": category });
    post::<Created>(&format!("/api/qa/answers/{answer}/promote"), Some(&b)).await.map(|c| c.id)
}

/// `GET /api/qa/users/{id}`.
pub async fn user(id: i64) -> Result<commons_domain::qa::PointsView, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct E {
        user: commons_domain::qa::PointsView,
    }
    get::<E>(&format!("/api/qa/users/{id}")).await.map(|e| e.user)
}

/// `GET /api/qa/leaderboard?period=&tag=`.
pub async fn leaderboard(period: &str, tag: &str) -> Result<Vec<QaLeader>, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct L {
        leaders: Vec<QaLeader>,
    }
    get::<L>(&format!("/api/qa/leaderboard?period={}&tag={}", enc(period), enc(tag))).await.map(|l| l.leaders)
}

/// `GET /api/qa/stats`.
pub async fn stats() -> Result<QaStats, ApiFailure> {
    get("/api/qa/stats").await
}

/// `GET /api/qa/moderation` (moderators).
pub async fn moderation() -> Result<Vec<QaFlagged>, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct L {
        queue: Vec<QaFlagged>,
    }
    get::<L>("/api/qa/moderation").await.map(|l| l.queue)
}

/// `POST /api/qa/moderation` `{kind, id, action: restore|remove}`.
pub async fn moderate(kind: &str, id: i64, action: &str) -> Result<(), ApiFailure> {
    let b = serde_json::json!({ "kind": kind, "id": id, "action": action });
    request::<serde_json::Value>(Request::post("/api/qa/moderation"), Some(&b)).await.map(|_| ())
}
