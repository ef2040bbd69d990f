//! The typed API client: one async function per endpoint, all through
//! [`request`], which turns every failure into an [`ApiFailure`] the UI can
//! translate.

use commons_domain::accounts::{LoginRequest, RegisterRequest, UpdateMeRequest, UserEnvelope, UserView};
use commons_domain::booking::{
    Booking, BookingEnvelope, BookingList, BookingRequest, Calendar, CenterList, InstrumentList, QuotaList,
    SeriesEnvelope,
};
use commons_domain::{ApiError, ErrorBody};
use gloo::net::http::{Request, RequestBuilder};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a call failed, as the UI needs to know it.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// The server answered with our error shape.
    Api(ApiError),
    /// The server could not be reached, or answered something unreadable.
    Network,
}

impl ApiFailure {
    /// The i18n key of the message to show.
    pub fn message_key(&self) -> String {
        match self {
            ApiFailure::Api(e) => format!("error.{}", e.kind.as_str()),
            ApiFailure::Network => "error.network".to_string(),
        }
    }
}

async fn request<T: DeserializeOwned>(
    builder: RequestBuilder,
    body: Option<&impl Serialize>,
) -> Result<Option<T>, ApiFailure> {
    let req = match body {
        Some(b) => builder.json(b).map_err(|_| ApiFailure::Network)?,
        None => builder.build().map_err(|_| ApiFailure::Network)?,
    };
    let resp = req.send().await.map_err(|_| ApiFailure::Network)?;
    let status = resp.status();
    if status == 204 {
        return Ok(None);
    }
    if (200..300).contains(&status) {
        return resp.json::<T>().await.map(Some).map_err(|_| ApiFailure::Network);
    }
    match resp.json::<ErrorBody>().await {
        Ok(b) => Err(ApiFailure::Api(b.into())),
        Err(_) => Err(ApiFailure::Network),
    }
}

const NO_BODY: Option<&()> = None;

/// `GET /api/auth/me`: `Ok(None)` when not signed in.
pub async fn me() -> Result<Option<UserView>, ApiFailure> {
    match request::<UserEnvelope>(Request::get("/api/auth/me"), NO_BODY).await {
        Ok(e) => Ok(e.map(|e| e.user)),
        Err(ApiFailure::Api(e)) if e.kind == commons_domain::ErrorKind::Unauthorized => Ok(None),
        Err(e) => Err(e),
    }
}

/// `POST /api/auth/login`.
pub async fn login(body: &LoginRequest) -> Result<UserView, ApiFailure> {
    request::<UserEnvelope>(Request::post("/api/auth/login"), Some(body))
        .await?
        .map(|e| e.user)
        .ok_or(ApiFailure::Network)
}

/// `POST /api/auth/register`.
pub async fn register(body: &RegisterRequest) -> Result<UserView, ApiFailure> {
    request::<UserEnvelope>(Request::post("/api/auth/register"), Some(body))
        .await?
        .map(|e| e.user)
        .ok_or(ApiFailure::Network)
}

/// `POST /api/auth/logout`.
pub async fn logout() -> Result<(), ApiFailure> {
    request::<serde_json::Value>(Request::post("/api/auth/logout"), NO_BODY).await.map(|_| ())
}

/// `PATCH /api/auth/me`.
pub async fn update_me(body: &UpdateMeRequest) -> Result<UserView, ApiFailure> {
    request::<UserEnvelope>(Request::patch("/api/auth/me"), Some(body))
        .await?
        .map(|e| e.user)
        .ok_or(ApiFailure::Network)
}

/// A GET that must answer with a body.
async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiFailure> {
    request::<T>(Request::get(url), NO_BODY).await?.ok_or(ApiFailure::Network)
}

/// A POST that must answer with a body.
async fn post<T: DeserializeOwned>(url: &str, body: Option<&impl Serialize>) -> Result<T, ApiFailure> {
    request::<T>(Request::post(url), body).await?.ok_or(ApiFailure::Network)
}

/// Percent-encodes a query value.
pub fn enc(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// `GET /api/centers`.
pub async fn centers() -> Result<CenterList, ApiFailure> {
    get("/api/centers").await
}

/// `GET /api/instruments`.
pub async fn instruments(q: &str, center: &str, page: u32) -> Result<InstrumentList, ApiFailure> {
    get(&format!("/api/instruments?q={}&center={}&page={page}&per_page=24", enc(q), enc(center))).await
}

/// `GET /api/instruments/{id}/calendar`.
pub async fn calendar(id: i64, from: &str, to: &str) -> Result<Calendar, ApiFailure> {
    get(&format!("/api/instruments/{id}/calendar?from={}&to={}", enc(from), enc(to))).await
}

/// `POST /api/bookings`: one booking, or every week of a series.
pub async fn create_booking(body: &BookingRequest) -> Result<Vec<Booking>, ApiFailure> {
    /// The server answers `{booking}` for one and `{bookings}` for a series.
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Created {
        One(BookingEnvelope),
        Series(SeriesEnvelope),
    }
    match post::<Created>("/api/bookings", Some(body)).await? {
        Created::One(e) => Ok(vec![e.booking]),
        Created::Series(s) => Ok(s.bookings),
    }
}

/// `GET /api/me/bookings`.
pub async fn my_bookings() -> Result<BookingList, ApiFailure> {
    get("/api/me/bookings?per_page=100").await
}

/// `POST /api/bookings/{id}/cancel`.
pub async fn cancel_booking(id: &str) -> Result<Booking, ApiFailure> {
    post::<BookingEnvelope>(&format!("/api/bookings/{}/cancel", enc(id)), NO_BODY).await.map(|e| e.booking)
}

/// `GET /api/me/quota`.
pub async fn my_quota() -> Result<QuotaList, ApiFailure> {
    get("/api/me/quota").await
}

/// `GET /api/me/notifications`.
pub async fn notifications() -> Result<commons_domain::notify::NotificationList, ApiFailure> {
    get("/api/me/notifications").await
}

/// `POST /api/me/notifications/read`.
pub async fn read_notifications() -> Result<(), ApiFailure> {
    request::<serde_json::Value>(Request::post("/api/me/notifications/read"), NO_BODY).await.map(|_| ())
}

/// `GET /api/centers/{id}/day?date=`.
pub async fn center_day(center: &str, date: &str) -> Result<commons_domain::booking::CenterDay, ApiFailure> {
    get(&format!("/api/centers/{}/day?date={}", enc(center), enc(date))).await
}

/// `GET /api/centers/{id}/bookings?status=`.
pub async fn center_bookings(center: &str, status: &str) -> Result<BookingList, ApiFailure> {
    get(&format!("/api/centers/{}/bookings?status={}&per_page=100", enc(center), enc(status))).await
}

/// `POST /api/bookings/{id}/confirm`.
pub async fn confirm_booking(id: &str) -> Result<Booking, ApiFailure> {
    post::<BookingEnvelope>(&format!("/api/bookings/{}/confirm", enc(id)), NO_BODY).await.map(|e| e.booking)
}

/// `GET /api/me/favorites?start=&end=`.
pub async fn favorites_at(start: &str, end: &str) -> Result<commons_domain::booking::FavoriteList, ApiFailure> {
    get(&format!("/api/me/favorites?start={}&end={}", enc(start), enc(end))).await
}

/// `PUT /api/me/favorites/{id}`.
pub async fn put_favorite(id: i64, substitutes: Vec<i64>) -> Result<(), ApiFailure> {
    let body = commons_domain::booking::FavoriteRequest { substitutes };
    request::<serde_json::Value>(Request::put(&format!("/api/me/favorites/{id}")), Some(&body)).await.map(|_| ())
}

/// `GET /api/instruments/{id}/similar`.
pub async fn similar(id: i64) -> Result<Vec<commons_domain::booking::Instrument>, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct L {
        instruments: Vec<commons_domain::booking::Instrument>,
    }
    get::<L>(&format!("/api/instruments/{id}/similar")).await.map(|l| l.instruments)
}

/// `GET /api/reports/{kind}?center=&from=&to=`.
pub async fn report(
    kind: &str,
    center: &str,
    from: &str,
    to: &str,
) -> Result<commons_domain::reports::Report, ApiFailure> {
    get(&report_url(kind, center, from, to, "json")).await
}

/// The URL of a report, as JSON or as a CSV download.
pub fn report_url(kind: &str, center: &str, from: &str, to: &str, format: &str) -> String {
    format!("/api/reports/{}?center={}&from={}&to={}&format={format}", enc(kind), enc(center), enc(from), enc(to))
}

/// `GET /api/organizations/{id}`: an agency with its facet breakdowns.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct OrganizationDetail {
    /// The agency.
    pub organization: commons_domain::opendata::Organization,
    /// Its datasets counted by category, format, licence and so on.
    pub facets: Vec<commons_domain::opendata::Facet>,
}

/// `GET /api/catalogue/stats`: the open-data home page's numbers and lists.
pub async fn catalogue_stats() -> Result<commons_domain::opendata::CatalogueStats, ApiFailure> {
    get("/api/catalogue/stats").await
}

/// `GET /api/datasets?{query}`: the faceted search; `query` is already encoded
/// (the page's own query string).
pub async fn search_datasets(query: &str) -> Result<commons_domain::opendata::SearchResult, ApiFailure> {
    get(&format!("/api/datasets?{query}")).await
}

/// `GET /api/datasets/{id}`.
pub async fn dataset(id: &str) -> Result<commons_domain::opendata::Dataset, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct E {
        dataset: commons_domain::opendata::Dataset,
    }
    get::<E>(&format!("/api/datasets/{}", enc(id))).await.map(|e| e.dataset)
}

/// `GET /api/datasets/{id}/similar`.
pub async fn similar_datasets(id: &str) -> Result<Vec<commons_domain::opendata::DatasetSummary>, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct L {
        datasets: Vec<commons_domain::opendata::DatasetSummary>,
    }
    get::<L>(&format!("/api/datasets/{}/similar", enc(id))).await.map(|l| l.datasets)
}

/// `GET /api/organizations`.
pub async fn organizations() -> Result<commons_domain::opendata::OrganizationList, ApiFailure> {
    get("/api/organizations").await
}

/// `GET /api/organizations/{id}`.
pub async fn organization(id: &str) -> Result<OrganizationDetail, ApiFailure> {
    get(&format!("/api/organizations/{}", enc(id))).await
}

/// `GET /api/resources/{id}/datastore?offset=&limit=&sort=`: a page of a
/// resource's rows; `sort` is `column asc|desc` or empty.
pub async fn datastore(
    resource: i64,
    offset: i64,
    limit: i64,
    sort: &str,
) -> Result<commons_domain::datastore::DatastorePage, ApiFailure> {
    let mut url = format!("/api/resources/{resource}/datastore?offset={offset}&limit={limit}");
    if !sort.is_empty() {
        url.push_str(&format!("&sort={}", enc(sort)));
    }
    get(&url).await
}

/// The counting download redirect of a resource.
pub fn resource_download_url(resource: i64) -> String {
    format!("/api/resources/{resource}/download")
}

/// A dataset's DCAT (JSON-LD) document.
pub fn dataset_jsonld_url(id: &str) -> String {
    format!("/api/datasets/{}.jsonld", enc(id))
}

/// A dataset's Atom feed of changes.
pub fn dataset_feed_url(id: &str) -> String {
    format!("/api/datasets/{}/feed.atom", enc(id))
}

// ---------- Participation (開放資料): subscriptions, ratings, feedback, requests, showcases ----------

/// `GET /api/datasets/{id}/viewer`: what the signed-in user has done on a dataset and may do.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct DatasetViewer {
    /// Whether anyone is signed in.
    pub signed_in: bool,
    /// Whether the viewer follows the dataset.
    pub subscribed: bool,
    /// The viewer's own rating, 1–5.
    #[serde(default)]
    pub stars: Option<i64>,
    /// Whether the viewer speaks for the dataset's agency.
    pub publisher: bool,
}

/// `PUT /api/datasets/{id}/rating`'s answer.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct RatingResult {
    /// The new average.
    pub rating: f64,
    /// How many ratings it averages.
    pub rating_count: i64,
    /// The viewer's stars.
    pub stars: i64,
}

/// `PUT /api/dataset-requests/{id}/vote`'s answer.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct VoteResult {
    /// The new +1 count.
    pub votes: i64,
    /// Whether the viewer's +1 is on.
    pub voted: bool,
}

/// One showcase as listed, with whether the viewer may review it.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct ShowcaseItem {
    /// The showcase.
    pub showcase: commons_domain::participation::Showcase,
    /// Whether the viewer speaks for an agency of its datasets.
    #[serde(default)]
    pub can_review: bool,
}

/// One dataset past its declared update frequency (逾期).
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct OverdueDataset {
    /// Identifier.
    pub identifier: String,
    /// Title.
    pub title: String,
    /// The agency (`org-…`).
    pub organization_id: String,
    /// The update frequency it declares (更新頻率).
    pub accrual_periodicity: String,
    /// When the update was due, RFC 3339.
    pub due_at: String,
}

/// A call whose answer body the caller ignores.
async fn send(builder: RequestBuilder, body: Option<&impl Serialize>) -> Result<(), ApiFailure> {
    request::<serde_json::Value>(builder, body).await.map(|_| ())
}

/// A call that must answer with a body.
async fn call<T: DeserializeOwned>(builder: RequestBuilder, body: Option<&impl Serialize>) -> Result<T, ApiFailure> {
    request::<T>(builder, body).await?.ok_or(ApiFailure::Network)
}

/// `GET /api/datasets/{id}/viewer`.
pub async fn dataset_viewer(id: &str) -> Result<DatasetViewer, ApiFailure> {
    get(&format!("/api/datasets/{}/viewer", enc(id))).await
}

/// `PUT` (on) or `DELETE` (off) `/api/datasets/{id}/subscription`.
pub async fn set_subscription(id: &str, on: bool) -> Result<(), ApiFailure> {
    let url = format!("/api/datasets/{}/subscription", enc(id));
    send(if on { Request::put(&url) } else { Request::delete(&url) }, NO_BODY).await
}

/// `PUT /api/datasets/{id}/rating`.
pub async fn rate_dataset(id: &str, stars: i64) -> Result<RatingResult, ApiFailure> {
    let body = commons_domain::participation::RatingRequest { stars };
    call(Request::put(&format!("/api/datasets/{}/rating", enc(id))), Some(&body)).await
}

/// `GET /api/datasets/{id}/feedback`.
pub async fn feedback(id: &str) -> Result<Vec<commons_domain::participation::FeedbackThread>, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct L {
        threads: Vec<commons_domain::participation::FeedbackThread>,
    }
    get::<L>(&format!("/api/datasets/{}/feedback", enc(id))).await.map(|l| l.threads)
}

/// `POST /api/datasets/{id}/feedback`.
pub async fn open_feedback(id: &str, body: &commons_domain::participation::NewFeedback) -> Result<(), ApiFailure> {
    send(Request::post(&format!("/api/datasets/{}/feedback", enc(id))), Some(body)).await
}

/// `POST /api/feedback/{id}/replies`.
pub async fn reply_feedback(thread: i64, body: &str) -> Result<(), ApiFailure> {
    let body = commons_domain::participation::TextBody { body: body.to_string() };
    send(Request::post(&format!("/api/feedback/{thread}/replies")), Some(&body)).await
}

/// `POST /api/feedback/{id}/close`.
pub async fn close_feedback(thread: i64) -> Result<(), ApiFailure> {
    send(Request::post(&format!("/api/feedback/{thread}/close")), NO_BODY).await
}

/// `GET /api/organizations/{id}/feedback-stats`.
pub async fn feedback_stats(org: &str) -> Result<commons_domain::participation::FeedbackStats, ApiFailure> {
    get(&format!("/api/organizations/{}/feedback-stats", enc(org))).await
}

/// `POST /api/datasets/{id}/resources?description=`: uploads a CSV file as it is.
/// `file` is the `File` object the file input holds.
pub async fn upload_resource(id: &str, description: &str, file: wasm_bindgen::JsValue) -> Result<(), ApiFailure> {
    let url = format!("/api/datasets/{}/resources?description={}", enc(id), enc(description));
    let req = Request::post(&url).header("content-type", "text/csv").body(file).map_err(|_| ApiFailure::Network)?;
    let resp = req.send().await.map_err(|_| ApiFailure::Network)?;
    if (200..300).contains(&resp.status()) {
        return Ok(());
    }
    match resp.json::<ErrorBody>().await {
        Ok(b) => Err(ApiFailure::Api(b.into())),
        Err(_) => Err(ApiFailure::Network),
    }
}

/// `GET /api/dataset-requests?sort=&status=`.
pub async fn dataset_requests(
    sort: &str,
    status: &str,
) -> Result<Vec<commons_domain::participation::DatasetRequest>, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct L {
        requests: Vec<commons_domain::participation::DatasetRequest>,
    }
    get::<L>(&format!("/api/dataset-requests?sort={}&status={}", enc(sort), enc(status))).await.map(|l| l.requests)
}

/// `POST /api/dataset-requests`.
pub async fn propose_request(body: &commons_domain::participation::NewDatasetRequest) -> Result<(), ApiFailure> {
    send(Request::post("/api/dataset-requests"), Some(body)).await
}

/// `PUT` (on) or `DELETE` (off) `/api/dataset-requests/{id}/vote`.
pub async fn vote_request(id: i64, on: bool) -> Result<VoteResult, ApiFailure> {
    let url = format!("/api/dataset-requests/{id}/vote");
    call(if on { Request::put(&url) } else { Request::delete(&url) }, NO_BODY).await
}

/// `POST /api/dataset-requests/{id}/answer`.
pub async fn answer_request(id: i64, body: &commons_domain::participation::RequestAnswer) -> Result<(), ApiFailure> {
    send(Request::post(&format!("/api/dataset-requests/{id}/answer")), Some(body)).await
}

/// `GET /api/showcases?status=&dataset=` (empty values are left out).
pub async fn showcases(status: &str, dataset: &str) -> Result<Vec<ShowcaseItem>, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct L {
        showcases: Vec<ShowcaseItem>,
    }
    let mut url = String::from("/api/showcases");
    let mut sep = '?';
    for (k, v) in [("status", status), ("dataset", dataset)] {
        if !v.is_empty() {
            url.push_str(&format!("{sep}{k}={}", enc(v)));
            sep = '&';
        }
    }
    get::<L>(&url).await.map(|l| l.showcases)
}

/// `POST /api/showcases`.
pub async fn submit_showcase(body: &commons_domain::participation::NewShowcase) -> Result<(), ApiFailure> {
    send(Request::post("/api/showcases"), Some(body)).await
}

/// `POST /api/showcases/{id}/review`.
pub async fn review_showcase(id: i64, approve: bool) -> Result<(), ApiFailure> {
    let body = commons_domain::participation::ShowcaseReview { approve };
    send(Request::post(&format!("/api/showcases/{id}/review")), Some(&body)).await
}

/// `GET /api/publisher/overdue`.
pub async fn publisher_overdue() -> Result<Vec<OverdueDataset>, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct L {
        overdue: Vec<OverdueDataset>,
    }
    get::<L>("/api/publisher/overdue").await.map(|l| l.overdue)
}

// Knowledge Q&A (知識問答).

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

/// The `{id}` a create answers with.
#[derive(serde::Deserialize)]
struct Created {
    id: i64,
}

/// `GET /api/qa/questions?{query}` (`query` already encoded).
pub async fn qa_questions(query: &str) -> Result<QaList, ApiFailure> {
    get(&format!("/api/qa/questions?{query}")).await
}

/// Questions linked to a dataset or an instrument.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub struct QaRelated {
    /// Newest first, at most 20.
    pub questions: Vec<commons_domain::qa::QuestionSummary>,
}

/// `GET /api/qa/related?dataset=` or `?instrument=` (`query` already encoded).
pub async fn qa_related(query: &str) -> Result<QaRelated, ApiFailure> {
    get(&format!("/api/qa/related?{query}")).await
}

/// `GET /api/qa/suggest?title=`.
pub async fn qa_suggest(title: &str) -> Result<QaSuggestions, ApiFailure> {
    get(&format!("/api/qa/suggest?title={}", enc(title))).await
}

/// `GET /api/qa/questions/{id}`.
pub async fn qa_question(id: i64) -> Result<commons_domain::qa::QuestionView, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct E {
        question: commons_domain::qa::QuestionView,
    }
    get::<E>(&format!("/api/qa/questions/{id}")).await.map(|e| e.question)
}

/// `POST /api/qa/questions`: the new question's id.
pub async fn qa_ask(body: &commons_domain::qa::QuestionInput) -> Result<i64, ApiFailure> {
    post::<Created>("/api/qa/questions", Some(body)).await.map(|c| c.id)
}

/// `POST /api/qa/questions/{id}/answers`: the new answer's id.
pub async fn qa_answer(question: i64, body: &str) -> Result<i64, ApiFailure> {
    post::<Created>(&format!("/api/qa/questions/{question}/answers"), Some(&serde_json::json!({ "body": body })))
        .await
        .map(|c| c.id)
}

/// `PATCH /api/qa/questions/{id}`: an edit, kept as a new revision.
pub async fn qa_edit_question(id: i64, body: &commons_domain::qa::QuestionInput) -> Result<(), ApiFailure> {
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
pub async fn qa_revisions(id: i64) -> Result<Vec<QaRevision>, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct List {
        revisions: Vec<QaRevision>,
    }
    get::<List>(&format!("/api/qa/questions/{id}/revisions")).await.map(|l| l.revisions)
}

/// `POST /api/qa/comments`.
pub async fn qa_comment(kind: commons_domain::qa::PostKind, id: i64, body: &str) -> Result<(), ApiFailure> {
    let b = serde_json::json!({ "kind": kind, "id": id, "body": body });
    request::<serde_json::Value>(Request::post("/api/qa/comments"), Some(&b)).await.map(|_| ())
}

/// `POST /api/qa/votes` (`value` 0 takes a vote back).
pub async fn qa_vote(kind: commons_domain::qa::PostKind, id: i64, value: i64) -> Result<QaVoted, ApiFailure> {
    post("/api/qa/votes", Some(&commons_domain::qa::VoteRequest { kind, id, value })).await
}

/// `POST /api/qa/answers/{id}/accept`, or `DELETE` to take the accept back.
pub async fn qa_accept(answer: i64, accept: bool) -> Result<(), ApiFailure> {
    let url = format!("/api/qa/answers/{answer}/accept");
    let builder = if accept { Request::post(&url) } else { Request::delete(&url) };
    request::<serde_json::Value>(builder, NO_BODY).await.map(|_| ())
}

/// `POST /api/qa/flags`.
pub async fn qa_flag(kind: commons_domain::qa::PostKind, id: i64, reason: &str) -> Result<(), ApiFailure> {
    let b = serde_json::json!({ "kind": kind, "id": id, "reason": reason });
    request::<serde_json::Value>(Request::post("/api/qa/flags"), Some(&b)).await.map(|_| ())
}

/// `POST /api/qa/questions/{id}/duplicate`.
pub async fn qa_close_duplicate(id: i64, of: i64) -> Result<(), ApiFailure> {
    let b = serde_json::json!({ "of": of });
    request::<serde_json::Value>(Request::post(&format!("/api/qa/questions/{id}/duplicate")), Some(&b))
        .await
        .map(|_| ())
}

/// `GET /api/qa/faq?service=` (empty: every service).
pub async fn qa_faq(service: &str) -> Result<Vec<commons_domain::qa::FaqEntry>, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct L {
        faq: Vec<commons_domain::qa::FaqEntry>,
    }
    get::<L>(&format!("/api/qa/faq?service={}", enc(service))).await.map(|l| l.faq)
}

/// `POST /api/qa/faq` (staff).
pub async fn qa_create_faq(service: &str, category: &str, title: &str, body: &str) -> Result<i64, ApiFailure> {
    let b = serde_json::json!({ "service": service, "category": category, "title": title, "body": body });
    post::<Created>("/api/qa/faq", Some(&b)).await.map(|c| c.id)
}

/// `POST /api/qa/answers/{id}/promote` (staff): files an answer in the FAQ.
pub async fn qa_promote(answer: i64, service: &str, category: &str) -> Result<i64, ApiFailure> {
    let b = serde_json::json!({ "service": service, "category": category });
    post::<Created>(&format!("/api/qa/answers/{answer}/promote"), Some(&b)).await.map(|c| c.id)
}

/// `GET /api/qa/users/{id}`.
pub async fn qa_user(id: i64) -> Result<commons_domain::qa::PointsView, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct E {
        user: commons_domain::qa::PointsView,
    }
    get::<E>(&format!("/api/qa/users/{id}")).await.map(|e| e.user)
}

/// `GET /api/qa/leaderboard?period=&tag=`.
pub async fn qa_leaderboard(period: &str, tag: &str) -> Result<Vec<QaLeader>, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct L {
        leaders: Vec<QaLeader>,
    }
    get::<L>(&format!("/api/qa/leaderboard?period={}&tag={}", enc(period), enc(tag))).await.map(|l| l.leaders)
}

/// `GET /api/qa/stats`.
pub async fn qa_stats() -> Result<QaStats, ApiFailure> {
    get("/api/qa/stats").await
}

/// `GET /api/qa/moderation` (moderators).
pub async fn qa_moderation() -> Result<Vec<QaFlagged>, ApiFailure> {
    #[derive(serde::Deserialize)]
    struct L {
        queue: Vec<QaFlagged>,
    }
    get::<L>("/api/qa/moderation").await.map(|l| l.queue)
}

/// `POST /api/qa/moderation` `{kind, id, action: restore|remove}`.
pub async fn qa_moderate(kind: &str, id: i64, action: &str) -> Result<(), ApiFailure> {
    let b = serde_json::json!({ "kind": kind, "id": id, "action": action });
    request::<serde_json::Value>(Request::post("/api/qa/moderation"), Some(&b)).await.map(|_| ())
}
