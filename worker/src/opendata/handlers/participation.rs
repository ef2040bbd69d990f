//! Participation endpoints: subscriptions, feedback threads with agency
//! replies, ratings, dataset requests, showcases, publishers' own datasets,
//! and the overdue-update job (逾期通知).

use commons_domain::accounts::Role;
use commons_domain::opendata::participation::{
    overdue_at, text_field, NewDatasetRequest, NewFeedback, NewShowcase, RatingRequest, RequestAnswer, ShowcaseReview,
    TextBody, REQUEST_ANSWERS,
};
use commons_domain::opendata::{validate_dataset, DatasetInput, ImportOutcome};
use commons_domain::{ApiError, ErrorKind};
use serde_json::json;
use worker::Response;

use crate::accounts::auth::{current_user, require_user, CurrentUser};
use crate::ctx::RequestCtx;
use crate::http::{q_get, query};
use crate::opendata::db::catalogue;
use crate::opendata::db::participation as db;

/// The dataset named by `{id}`: (database id, agency, identifier, title), or 404.
async fn dataset_key(rc: &RequestCtx) -> Result<(i64, String, String, String), ApiError> {
    let key = rc.param("id").unwrap_or_default().to_lowercase();
    let not_found = || ApiError::new(ErrorKind::NotFound, "no such dataset");
    if !commons_domain::opendata::valid_identifier(&key) {
        return Err(not_found());
    }
    let (row, _) = catalogue::dataset(&rc.db()?, &key).await?.ok_or_else(not_found)?;
    let meta = row.meta();
    Ok((row.id, row.organization_id, meta.identifier, meta.title))
}

/// The integer `{id}` parameter.
fn int_param(rc: &RequestCtx) -> Result<i64, ApiError> {
    rc.param("id").and_then(|s| s.parse().ok()).ok_or_else(|| ApiError::bad_request("id: must be an integer"))
}

/// Whether `u` speaks for agency `org` (its publisher, or an admin).
fn speaks_for(u: &CurrentUser, org: &str) -> bool {
    u.has(Role::Publisher, Some(org))
}

/// `PUT /api/datasets/{id}/subscription`.
pub async fn subscribe(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let (id, ..) = dataset_key(rc).await?;
    db::subscribe(&rc.db()?, me.user.id, id, rc.now()).await?;
    crate::http::ok_json(&json!({"subscribed": true}))
}

/// `DELETE /api/datasets/{id}/subscription`.
pub async fn unsubscribe(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let (id, ..) = dataset_key(rc).await?;
    db::unsubscribe(&rc.db()?, me.user.id, id).await?;
    crate::http::ok_json(&json!({"subscribed": false}))
}

/// `GET /api/datasets/{id}/viewer`: what the signed-in user has done here and may do.
pub async fn viewer(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let (id, org, ..) = dataset_key(rc).await?;
    let Some(me) = current_user(rc).await? else {
        return crate::http::ok_json(
            &json!({"signed_in": false, "subscribed": false, "stars": null, "publisher": false}),
        );
    };
    let (subscribed, stars) = db::viewer_state(&rc.db()?, me.user.id, id).await?;
    crate::http::ok_json(
        &json!({"signed_in": true, "subscribed": subscribed, "stars": stars, "publisher": speaks_for(&me, &org)}),
    )
}

/// `PUT /api/datasets/{id}/rating`: 1–5 stars, one per user (a second rating replaces the first).
pub async fn rate(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let req: RatingRequest = rc.json().await?;
    if !(1..=5).contains(&req.stars) {
        return Err(ApiError::invalid("stars: 1 to 5"));
    }
    let (id, ..) = dataset_key(rc).await?;
    let (rating, count) = db::rate(&rc.db()?, me.user.id, id, req.stars, rc.now()).await?;
    crate::http::ok_json(
        &json!({"rating": (rating * 100.0).round() / 100.0, "rating_count": count, "stars": req.stars}),
    )
}

/// `GET /api/datasets/{id}/feedback`.
pub async fn list_feedback(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let (id, ..) = dataset_key(rc).await?;
    let threads = db::threads_of(&rc.db()?, id).await?;
    crate::http::ok_json(&json!({ "threads": threads }))
}

/// `POST /api/datasets/{id}/feedback`: open a thread (signed-in users).
pub async fn create_feedback(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let mut req: NewFeedback = rc.json().await?;
    req.validate()?;
    let (id, org, ..) = dataset_key(rc).await?;
    let thread = db::open_thread(&rc.db()?, id, &org, me.user.id, &req, rc.now()).await?;
    crate::http::json_with_status(&json!({"id": thread, "status": "open"}), 201)
}

/// The thread named by `{id}`, or 404.
async fn thread_or_404(rc: &RequestCtx) -> Result<db::ThreadRow, ApiError> {
    let id = int_param(rc)?;
    db::thread(&rc.db()?, id).await?.ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such feedback thread"))
}

/// `POST /api/feedback/{id}/replies`: the agency answers, or the author follows up.
pub async fn reply_feedback(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let req: TextBody = rc.json().await?;
    let body = text_field("body", &req.body, 4000)?;
    let t = thread_or_404(rc).await?;
    let agency = speaks_for(&me, &t.organization_id);
    if !agency && me.user.id != t.user_id {
        return Err(ApiError::forbidden());
    }
    if t.status == "closed" {
        return Err(ApiError::conflict("the thread is closed"));
    }
    db::reply(&rc.db()?, &t, me.user.id, agency, &body, rc.now()).await?;
    crate::http::json_with_status(&json!({"status": if agency { "replied" } else { "open" }}), 201)
}

/// `POST /api/feedback/{id}/close`: the author or the agency closes a thread.
pub async fn close_feedback(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let t = thread_or_404(rc).await?;
    if !speaks_for(&me, &t.organization_id) && me.user.id != t.user_id {
        return Err(ApiError::forbidden());
    }
    db::close(&rc.db()?, t.id, rc.now()).await?;
    crate::http::ok_json(&json!({"status": "closed"}))
}

/// `GET /api/organizations/{id}/feedback-stats`: handling rate and median reply time.
pub async fn feedback_stats(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let key = rc.param("id").unwrap_or_default().to_string();
    let dbh = rc.db()?;
    let org = catalogue::organization(&dbh, &key)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such agency"))?;
    crate::http::ok_json(&db::feedback_stats(&dbh, &org.id).await?)
}

/// The viewer's user id, or 0 when signed out.
async fn viewer_id(rc: &RequestCtx) -> Result<i64, ApiError> {
    Ok(current_user(rc).await?.map(|u| u.user.id).unwrap_or(0))
}

/// `GET /api/dataset-requests?sort=votes|newest&status=`.
pub async fn list_requests(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let q = query(rc)?;
    let newest = match q_get(&q, "sort").unwrap_or("votes") {
        "votes" => false,
        "newest" => true,
        _ => return Err(ApiError::invalid("sort: votes or newest")),
    };
    let status = q_get(&q, "status").filter(|s| !s.is_empty());
    if let Some(s) = status {
        if s != "open" && !REQUEST_ANSWERS.contains(&s) {
            return Err(ApiError::invalid("status: open, answered, fulfilled or declined"));
        }
    }
    let viewer = viewer_id(rc).await?;
    let rows = db::requests(&rc.db()?, viewer, newest, status, None).await?;
    crate::http::ok_json(&json!({"requests": rows.into_iter().map(|(_, r)| r).collect::<Vec<_>>()}))
}

/// `POST /api/dataset-requests`.
pub async fn create_request(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let req: NewDatasetRequest = rc.json().await?;
    let title = text_field("title", &req.title, 120)?;
    let description = req.description.trim().to_string();
    if description.chars().count() > 4000 {
        return Err(ApiError::invalid("description: at most 4000 characters"));
    }
    let dbh = rc.db()?;
    let org = match req.organization_id.as_deref().filter(|s| !s.is_empty()) {
        Some(o) => Some(
            catalogue::organization(&dbh, o)
                .await?
                .ok_or_else(|| ApiError::invalid("organization_id: no such agency"))?
                .id,
        ),
        None => None,
    };
    let id = db::create_request(&dbh, me.user.id, &title, &description, org.as_deref(), rc.now()).await?;
    crate::http::json_with_status(&json!({"id": id}), 201)
}

/// `PUT` / `DELETE /api/dataset-requests/{id}/vote`: the viewer's +1.
pub async fn vote_request(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let id = int_param(rc)?;
    let on = rc.method_name == "PUT";
    let dbh = rc.db()?;
    let (proposer, _) = db::requests(&dbh, me.user.id, false, None, Some(id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such request"))?;
    if proposer == me.user.id && on {
        return Err(ApiError::invalid("you cannot +1 your own request"));
    }
    let votes = db::vote(&dbh, id, me.user.id, on, rc.now()).await?;
    crate::http::ok_json(&json!({"votes": votes, "voted": on}))
}

/// `POST /api/dataset-requests/{id}/answer`: the asked agency (or any
/// publisher, when no agency was named) answers.
pub async fn answer_request(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let req: RequestAnswer = rc.json().await?;
    if !REQUEST_ANSWERS.contains(&req.status.as_str()) {
        return Err(ApiError::invalid("status: answered, fulfilled or declined"));
    }
    let answer = text_field("answer", &req.answer, 4000)?;
    let id = int_param(rc)?;
    let dbh = rc.db()?;
    let (proposer, r) = db::requests(&dbh, me.user.id, false, None, Some(id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such request"))?;
    if !me.has(Role::Publisher, r.organization_id.as_deref()) {
        return Err(ApiError::forbidden());
    }
    let dataset = match (req.status.as_str(), req.dataset.as_deref()) {
        ("fulfilled", Some(identifier)) => Some(
            catalogue::dataset(&dbh, &identifier.to_lowercase())
                .await?
                .ok_or_else(|| ApiError::invalid("dataset: no such dataset"))?
                .0
                .id,
        ),
        ("fulfilled", None) => return Err(ApiError::invalid("dataset: required when fulfilled")),
        _ => None,
    };
    let reply = db::RequestAnswer {
        request: id,
        proposer,
        title: &r.title,
        by: me.user.id,
        status: &req.status,
        answer: &answer,
        dataset,
    };
    db::answer_request(&dbh, &reply, rc.now()).await?;
    crate::http::ok_json(&json!({"status": req.status}))
}

/// `GET /api/showcases?status=approved|pending|rejected&dataset=`: approved
/// ones for everyone; pending and rejected for publishers and admins.
pub async fn list_showcases(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let q = query(rc)?;
    let status = q_get(&q, "status").unwrap_or("approved");
    if !["approved", "pending", "rejected"].contains(&status) {
        return Err(ApiError::invalid("status: approved, pending or rejected"));
    }
    let dbh = rc.db()?;
    let me = current_user(rc).await?;
    if status != "approved" && !me.as_ref().is_some_and(|u| u.has(Role::Publisher, None)) {
        return Err(ApiError::forbidden());
    }
    let dataset = match q_get(&q, "dataset") {
        Some(d) => Some(
            catalogue::dataset(&dbh, &d.to_lowercase())
                .await?
                .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such dataset"))?
                .0
                .id,
        ),
        None => None,
    };
    let rows = db::showcases(&dbh, status, dataset, None).await?;
    // A publisher sees, for each, whether they may review it.
    let list: Vec<_> = rows
        .into_iter()
        .map(|(s, orgs, _)| {
            let can_review = me.as_ref().is_some_and(|u| orgs.iter().any(|o| speaks_for(u, o)));
            json!({"showcase": s, "can_review": can_review})
        })
        .collect();
    crate::http::ok_json(&json!({ "showcases": list }))
}

/// `POST /api/showcases`: submit an application built on datasets (pending review).
pub async fn create_showcase(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let req: NewShowcase = rc.json().await?;
    let title = text_field("title", &req.title, 120)?;
    let description = req.description.trim().to_string();
    if description.chars().count() > 4000 {
        return Err(ApiError::invalid("description: at most 4000 characters"));
    }
    let url = req.url.trim().to_string();
    if !commons_domain::opendata::valid_url(&url) {
        return Err(ApiError::invalid("url: not an http(s) URL"));
    }
    if req.datasets.is_empty() || req.datasets.len() > 20 {
        return Err(ApiError::invalid("datasets: 1 to 20 dataset identifiers"));
    }
    let dbh = rc.db()?;
    let mut ids = Vec::new();
    for d in &req.datasets {
        let (row, _) = catalogue::dataset(&dbh, &d.to_lowercase())
            .await?
            .ok_or_else(|| ApiError::invalid(format!("datasets: no dataset {d:?}")))?;
        ids.push(row.id);
    }
    let id = db::create_showcase(&dbh, me.user.id, &title, &description, &url, &ids, rc.now()).await?;
    crate::http::json_with_status(&json!({"id": id, "status": "pending"}), 201)
}

/// `POST /api/showcases/{id}/review`: a publisher of one of its datasets' agencies approves or rejects.
pub async fn review_showcase(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let req: ShowcaseReview = rc.json().await?;
    let id = int_param(rc)?;
    let dbh = rc.db()?;
    let (s, orgs, submitter) = db::showcases(&dbh, "", None, Some(id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such showcase"))?;
    if !orgs.iter().any(|o| speaks_for(&me, o)) {
        return Err(ApiError::forbidden());
    }
    if s.status != "pending" {
        return Err(ApiError::conflict(format!("the showcase is already {}", s.status)));
    }
    db::review_showcase(&dbh, id, submitter, me.user.id, req.approve, &s.title, rc.now()).await?;
    crate::http::ok_json(&json!({"status": if req.approve { "approved" } else { "rejected" }}))
}

/// `PUT /api/datasets/{id}`: a publisher creates or replaces a dataset of
/// their own agency (201 created, 200 updated); subscribers are notified of updates.
pub async fn put_dataset(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let mut d: DatasetInput = rc.json().await?;
    let key = rc.param("id").unwrap_or_default().to_lowercase();
    if d.identifier.trim().is_empty() {
        d.identifier = key.clone();
    }
    d.stats = None;
    validate_dataset(&mut d)?;
    if d.identifier != key {
        return Err(ApiError::invalid("identifier: must match the URL"));
    }
    let org = commons_domain::opendata::organization_slug(&d.organization);
    if !speaks_for(&me, &org) {
        return Err(ApiError::forbidden());
    }
    let dbh = rc.db()?;
    // Someone else's dataset cannot be taken over by naming one's own agency.
    if let Some((row, _)) = catalogue::dataset(&dbh, &key).await? {
        if !speaks_for(&me, &row.organization_id) {
            return Err(ApiError::forbidden());
        }
    }
    let now = rc.now();
    let outcome = catalogue::import(&dbh, "publisher", &[(0, d)], ImportOutcome::default(), now).await?;
    let status = if outcome.created > 0 { 201 } else { 200 };
    crate::http::json_with_status(&outcome, status)
}

/// `GET /api/publisher/overdue`: the signed-in publisher's datasets past their update frequency.
pub async fn my_overdue(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let is_admin = me.has(Role::Admin, None);
    let orgs: Vec<String> =
        me.roles.iter().filter(|g| g.role == Role::Publisher).filter_map(|g| g.scope_id.clone()).collect();
    if !is_admin && orgs.is_empty() {
        return Err(ApiError::forbidden());
    }
    let rows = db::overdue_of(&rc.db()?, if is_admin { None } else { Some(&orgs) }).await?;
    let list: Vec<_> = rows
        .into_iter()
        .map(|r| {
            json!({"identifier": r.identifier, "title": r.title, "organization_id": r.organization_id,
                   "accrual_periodicity": r.accrual_periodicity, "due_at": commons_domain::common::locale::rfc3339_utc(r.due_at)})
        })
        .collect();
    crate::http::ok_json(&json!({ "overdue": list }))
}

/// The overdue job (hourly cron, or `POST /api/admin/jobs/overdue`): flags
/// datasets past their frequency, clears updated ones, notifies publishers.
/// Returns (flagged now, cleared, overdue in total).
pub async fn run_overdue(dbh: &worker::D1Database, now: i64) -> Result<(usize, usize, usize), ApiError> {
    let rows = db::freshness(dbh).await?;
    let mut flag = Vec::new();
    let mut clear = Vec::new();
    let mut overdue = 0;
    for r in rows {
        let last = commons_domain::opendata::normalize_datetime(&r.last)
            .and_then(|t| commons_domain::common::locale::parse_rfc3339(&t));
        let due = last.and_then(|l| overdue_at(&r.accrual_periodicity, l));
        match due {
            Some(due) if due <= now => {
                overdue += 1;
                if r.flagged == 0 {
                    flag.push((r.id, due, r.organization_id, r.identifier, r.title));
                }
            }
            _ if r.flagged != 0 => clear.push(r.id),
            _ => {}
        }
    }
    let counts = (flag.len(), clear.len(), overdue);
    db::apply_overdue(dbh, &flag, &clear, now).await?;
    Ok(counts)
}
