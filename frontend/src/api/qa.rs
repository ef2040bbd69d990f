//! Knowledge Q&A: questions, answers, votes, the FAQ, people, statistics
//! and moderation. Every body sent and answer read is a type of
//! `commons_domain::qa`, the very one the Worker uses.

use commons_domain::qa::{
    FaqEntry, PointsView, PostKind, QaAccepted, QaAnswerInput, QaCommentInput, QaCommented, QaDuplicate,
    QaDuplicateInput, QaEdited, QaFaqInput, QaFaqList, QaFlagInput, QaFlagResult, QaFlagged, QaLeader, QaLeaders,
    QaList, QaModerated, QaModerationInput, QaPoints, QaPromoteInput, QaQuestion, QaQueue, QaRelated, QaRevision,
    QaRevisions, QaStats, QaSuggestions, QaVoteInput, QaVoted, QuestionInput, QuestionView,
};
use gloo::net::http::Request;

use super::{call, enc, get, post, ApiFailure, Created, NO_BODY};

/// `GET /api/qa/questions?{query}` (`query` already encoded).
pub async fn questions(query: &str) -> Result<QaList, ApiFailure> {
    get(&format!("/api/qa/questions?{query}")).await
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
pub async fn question(id: i64) -> Result<QuestionView, ApiFailure> {
    get::<QaQuestion>(&format!("/api/qa/questions/{id}")).await.map(|e| e.question)
}

/// `POST /api/qa/questions`: the new question's id.
pub async fn ask(body: &QuestionInput) -> Result<i64, ApiFailure> {
    post::<Created>("/api/qa/questions", Some(body)).await.map(|c| c.id)
}

/// `POST /api/qa/questions/{id}/answers`: the new answer's id.
pub async fn answer(question: i64, body: &str) -> Result<i64, ApiFailure> {
    let b = QaAnswerInput { body: body.to_string() };
    post::<Created>(&format!("/api/qa/questions/{question}/answers"), Some(&b)).await.map(|c| c.id)
}

/// `PATCH /api/qa/questions/{id}`: an edit, kept as a new revision.
pub async fn edit_question(id: i64, body: &QuestionInput) -> Result<QaEdited, ApiFailure> {
    call(Request::patch(&format!("/api/qa/questions/{id}")), Some(body)).await
}

/// `GET /api/qa/questions/{id}/revisions` or `/api/qa/answers/{id}/revisions`, oldest first.
pub async fn revisions(kind: PostKind, id: i64) -> Result<Vec<QaRevision>, ApiFailure> {
    let path = match kind {
        PostKind::Question => format!("/api/qa/questions/{id}/revisions"),
        PostKind::Answer => format!("/api/qa/answers/{id}/revisions"),
    };
    get::<QaRevisions>(&path).await.map(|l| l.revisions)
}

/// `PATCH /api/qa/answers/{id}`: an edit, kept as a new revision.
pub async fn edit_answer(id: i64, body: &str) -> Result<QaEdited, ApiFailure> {
    call(Request::patch(&format!("/api/qa/answers/{id}")), Some(&QaAnswerInput { body: body.to_string() })).await
}

/// `POST /api/qa/comments`.
pub async fn comment(kind: PostKind, id: i64, body: &str) -> Result<QaCommented, ApiFailure> {
    post("/api/qa/comments", Some(&QaCommentInput { kind, id, body: body.to_string() })).await
}

/// `POST /api/qa/votes` (`value` 0 takes a vote back).
pub async fn vote(kind: PostKind, id: i64, value: i64) -> Result<QaVoted, ApiFailure> {
    post("/api/qa/votes", Some(&QaVoteInput { kind, id, value })).await
}

/// `POST /api/qa/answers/{id}/accept`, or `DELETE` to take the accept back.
pub async fn accept(answer: i64, accept: bool) -> Result<QaAccepted, ApiFailure> {
    let url = format!("/api/qa/answers/{answer}/accept");
    let builder = if accept { Request::post(&url) } else { Request::delete(&url) };
    call(builder, NO_BODY).await
}

/// `POST /api/qa/flags`.
pub async fn flag(kind: PostKind, id: i64, reason: &str) -> Result<QaFlagResult, ApiFailure> {
    post("/api/qa/flags", Some(&QaFlagInput { kind, id, reason: reason.to_string() })).await
}

/// `POST /api/qa/questions/{id}/duplicate`.
pub async fn close_duplicate(id: i64, of: i64) -> Result<QaDuplicate, ApiFailure> {
    post(&format!("/api/qa/questions/{id}/duplicate"), Some(&QaDuplicateInput { of })).await
}

/// `GET /api/qa/faq?service=` (empty: every service).
pub async fn faq(service: &str) -> Result<Vec<FaqEntry>, ApiFailure> {
    get::<QaFaqList>(&format!("/api/qa/faq?service={}", enc(service))).await.map(|l| l.faq)
}

/// `POST /api/qa/faq` (staff): the new entry's id.
pub async fn create_faq(entry: &QaFaqInput) -> Result<i64, ApiFailure> {
    post::<Created>("/api/qa/faq", Some(entry)).await.map(|c| c.id)
}

/// `POST /api/qa/answers/{id}/promote` (staff): files an answer in the FAQ; the entry's id.
pub async fn promote(answer: i64, filing: &QaPromoteInput) -> Result<i64, ApiFailure> {
    post::<Created>(&format!("/api/qa/answers/{answer}/promote"), Some(filing)).await.map(|c| c.id)
}

/// `GET /api/qa/users/{id}`.
pub async fn user(id: i64) -> Result<PointsView, ApiFailure> {
    get::<QaPoints>(&format!("/api/qa/users/{id}")).await.map(|e| e.user)
}

/// `GET /api/qa/leaderboard?period=&tag=`.
pub async fn leaderboard(period: &str, tag: &str) -> Result<Vec<QaLeader>, ApiFailure> {
    get::<QaLeaders>(&format!("/api/qa/leaderboard?period={}&tag={}", enc(period), enc(tag))).await.map(|l| l.leaders)
}

/// `GET /api/qa/stats`.
pub async fn stats() -> Result<QaStats, ApiFailure> {
    get("/api/qa/stats").await
}

/// `GET /api/qa/moderation` (moderators).
pub async fn moderation() -> Result<Vec<QaFlagged>, ApiFailure> {
    get::<QaQueue>("/api/qa/moderation").await.map(|l| l.queue)
}

/// `POST /api/qa/moderation` (moderators): restores or removes a flagged post.
pub async fn moderate(review: &QaModerationInput) -> Result<QaModerated, ApiFailure> {
    post("/api/qa/moderation", Some(review)).await
}
