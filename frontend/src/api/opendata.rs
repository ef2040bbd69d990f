//! Open data: the catalogue, the DataStore, and participation
//! (subscriptions, ratings, feedback, requests, showcases, the publisher's
//! overdue list).

use commons_domain::api::Created;
use commons_domain::opendata::participation::{
    DatasetRequest, FeedbackStats, FeedbackThread, NewDatasetRequest, NewFeedback, NewShowcase, RatingRequest,
    RequestAnswer, ShowcaseReview, TextBody,
};
use commons_domain::opendata::wire::{
    CreatedWithStatus, DatasetDetail, DatasetList, DatasetRequestList, DatasetViewer, FeedbackThreadList,
    OrganizationDetail, OverdueDataset, OverdueList, RatingResult, ShowcaseItem, ShowcaseList, StatusChange,
    Subscription, UploadedResource, VoteResult,
};
use commons_domain::ErrorBody;
use gloo::net::http::Request;

use super::{call, enc, get, ApiFailure, NO_BODY};

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
    get::<DatasetDetail>(&format!("/api/datasets/{}", enc(id))).await.map(|e| e.dataset)
}

/// `GET /api/datasets/{id}/similar`.
pub async fn similar_datasets(id: &str) -> Result<Vec<commons_domain::opendata::DatasetSummary>, ApiFailure> {
    get::<DatasetList>(&format!("/api/datasets/{}/similar", enc(id))).await.map(|l| l.datasets)
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
) -> Result<commons_domain::opendata::datastore::DatastorePage, ApiFailure> {
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

/// `GET /api/datasets/{id}/viewer`.
pub async fn dataset_viewer(id: &str) -> Result<DatasetViewer, ApiFailure> {
    get(&format!("/api/datasets/{}/viewer", enc(id))).await
}

/// `PUT` (on) or `DELETE` (off) `/api/datasets/{id}/subscription`.
pub async fn set_subscription(id: &str, on: bool) -> Result<Subscription, ApiFailure> {
    let url = format!("/api/datasets/{}/subscription", enc(id));
    call(if on { Request::put(&url) } else { Request::delete(&url) }, NO_BODY).await
}

/// `PUT /api/datasets/{id}/rating`.
pub async fn rate_dataset(id: &str, stars: i64) -> Result<RatingResult, ApiFailure> {
    let body = RatingRequest { stars };
    call(Request::put(&format!("/api/datasets/{}/rating", enc(id))), Some(&body)).await
}

/// `GET /api/datasets/{id}/feedback`.
pub async fn feedback(id: &str) -> Result<Vec<FeedbackThread>, ApiFailure> {
    get::<FeedbackThreadList>(&format!("/api/datasets/{}/feedback", enc(id))).await.map(|l| l.threads)
}

/// `POST /api/datasets/{id}/feedback`.
pub async fn open_feedback(id: &str, body: &NewFeedback) -> Result<CreatedWithStatus, ApiFailure> {
    call(Request::post(&format!("/api/datasets/{}/feedback", enc(id))), Some(body)).await
}

/// `POST /api/feedback/{id}/replies`.
pub async fn reply_feedback(thread: i64, body: &str) -> Result<StatusChange, ApiFailure> {
    let body = TextBody { body: body.to_string() };
    call(Request::post(&format!("/api/feedback/{thread}/replies")), Some(&body)).await
}

/// `POST /api/feedback/{id}/close`.
pub async fn close_feedback(thread: i64) -> Result<StatusChange, ApiFailure> {
    call(Request::post(&format!("/api/feedback/{thread}/close")), NO_BODY).await
}

/// `GET /api/organizations/{id}/feedback-stats`.
pub async fn feedback_stats(org: &str) -> Result<FeedbackStats, ApiFailure> {
    get(&format!("/api/organizations/{}/feedback-stats", enc(org))).await
}

/// `POST /api/datasets/{id}/resources?description=`: uploads a CSV file as it is.
/// `file` is the `File` object the file input holds.
pub async fn upload_resource(
    id: &str,
    description: &str,
    file: wasm_bindgen::JsValue,
) -> Result<UploadedResource, ApiFailure> {
    let url = format!("/api/datasets/{}/resources?description={}", enc(id), enc(description));
    let req = Request::post(&url).header("content-type", "text/csv").body(file).map_err(|_| ApiFailure::Network)?;
    let resp = req.send().await.map_err(|_| ApiFailure::Network)?;
    if (200..300).contains(&resp.status()) {
        return resp.json::<UploadedResource>().await.map_err(|_| ApiFailure::Network);
    }
    match resp.json::<ErrorBody>().await {
        Ok(b) => Err(ApiFailure::Api(b.into())),
        Err(_) => Err(ApiFailure::Network),
    }
}

/// `GET /api/dataset-requests?sort=&status=`.
pub async fn dataset_requests(sort: &str, status: &str) -> Result<Vec<DatasetRequest>, ApiFailure> {
    get::<DatasetRequestList>(&format!("/api/dataset-requests?sort={}&status={}", enc(sort), enc(status)))
        .await
        .map(|l| l.requests)
}

/// `POST /api/dataset-requests`.
pub async fn propose_request(body: &NewDatasetRequest) -> Result<Created, ApiFailure> {
    call(Request::post("/api/dataset-requests"), Some(body)).await
}

/// `PUT` (on) or `DELETE` (off) `/api/dataset-requests/{id}/vote`.
pub async fn vote_request(id: i64, on: bool) -> Result<VoteResult, ApiFailure> {
    let url = format!("/api/dataset-requests/{id}/vote");
    call(if on { Request::put(&url) } else { Request::delete(&url) }, NO_BODY).await
}

/// `POST /api/dataset-requests/{id}/answer`.
pub async fn answer_request(id: i64, body: &RequestAnswer) -> Result<StatusChange, ApiFailure> {
    call(Request::post(&format!("/api/dataset-requests/{id}/answer")), Some(body)).await
}

/// `GET /api/showcases?status=&dataset=` (empty values are left out).
pub async fn showcases(status: &str, dataset: &str) -> Result<Vec<ShowcaseItem>, ApiFailure> {
    let mut url = String::from("/api/showcases");
    let mut sep = '?';
    for (k, v) in [("status", status), ("dataset", dataset)] {
        if !v.is_empty() {
            url.push_str(&format!("{sep}{k}={}", enc(v)));
            sep = '&';
        }
    }
    get::<ShowcaseList>(&url).await.map(|l| l.showcases)
}

/// `POST /api/showcases`.
pub async fn submit_showcase(body: &NewShowcase) -> Result<CreatedWithStatus, ApiFailure> {
    call(Request::post("/api/showcases"), Some(body)).await
}

/// `POST /api/showcases/{id}/review`.
pub async fn review_showcase(id: i64, approve: bool) -> Result<StatusChange, ApiFailure> {
    let body = ShowcaseReview { approve };
    call(Request::post(&format!("/api/showcases/{id}/review")), Some(&body)).await
}

/// `GET /api/publisher/overdue`.
pub async fn publisher_overdue() -> Result<Vec<OverdueDataset>, ApiFailure> {
    get::<OverdueList>("/api/publisher/overdue").await.map(|l| l.overdue)
}

/// `GET /api/drafts?state=`: the drafts of the signed-in user's agencies
/// (`state` empty for all).
pub async fn drafts(state: &str) -> Result<Vec<commons_domain::opendata::editor::DraftSummary>, ApiFailure> {
    let path = if state.is_empty() { "/api/drafts".to_string() } else { format!("/api/drafts?state={}", enc(state)) };
    get::<commons_domain::opendata::editor::DraftList>(&path).await.map(|l| l.drafts)
}

/// `GET /api/drafts/{id}`.
pub async fn draft(id: &str) -> Result<commons_domain::opendata::editor::Draft, ApiFailure> {
    get(&format!("/api/drafts/{}", enc(id))).await
}

/// `PUT /api/drafts/{id}`: save the working copy.
pub async fn save_draft(
    d: &commons_domain::opendata::DatasetInput,
) -> Result<commons_domain::opendata::editor::Draft, ApiFailure> {
    call(Request::put(&format!("/api/drafts/{}", enc(&d.identifier))), Some(d)).await
}

/// `POST /api/drafts/{id}/submit`.
pub async fn submit_draft(id: &str) -> Result<StatusChange, ApiFailure> {
    call(Request::post(&format!("/api/drafts/{}/submit", enc(id))), NO_BODY).await
}

/// `POST /api/drafts/{id}/review`: approve, or return with a comment.
pub async fn review_draft(id: &str, approve: bool, comment: &str) -> Result<StatusChange, ApiFailure> {
    let body = commons_domain::opendata::editor::ReviewDecision { approve, comment: comment.to_string() };
    call(Request::post(&format!("/api/drafts/{}/review", enc(id))), Some(&body)).await
}

/// `GET /api/datasets/{id}/versions`.
pub async fn dataset_versions(id: &str) -> Result<Vec<commons_domain::opendata::editor::DatasetVersion>, ApiFailure> {
    get::<commons_domain::opendata::editor::VersionList>(&format!("/api/datasets/{}/versions", enc(id)))
        .await
        .map(|l| l.versions)
}
