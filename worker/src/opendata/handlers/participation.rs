//! Participation endpoints: subscriptions, feedback threads with agency
//! replies, ratings, dataset requests, showcases, and publishers' own
//! datasets with their overdue list (the overdue job itself is in
//! [`crate::opendata::jobs`]).

use commons_domain::accounts::Role;
use commons_domain::api::Created;
use commons_domain::common::limits::{Action, Actor};
use commons_domain::opendata::participation::{
    request_sort_newest, request_status_filter, rounded_rating, showcase_status_filter, text_field, NewDatasetRequest,
    NewFeedback, NewShowcase, RatingRequest, RequestAnswer, ShowcaseReview, TextBody,
};
use commons_domain::opendata::wire::{
    CreatedWithStatus, DatasetRequestList, DatasetViewer, FeedbackThreadList, OverdueList, RatingResult, ShowcaseItem,
    ShowcaseList, StatusChange, Subscription, VoteResult,
};
use commons_domain::opendata::ImportOutcome;
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use crate::accounts::auth::{current_user, require_user, CurrentUser};
use crate::ctx::RequestCtx;
use crate::http::{q_get, query};
use crate::opendata::db::showcases::Viewer;
use crate::opendata::db::{datasets, feedback, import, organizations, overdue, requests, showcases, viewer};

/// The dataset named by `{id}`: (database id, agency, identifier, title), or 404.
async fn dataset_key(rc: &RequestCtx) -> Result<(i64, String, String, String), ApiError> {
    let key = rc.param("id").unwrap_or_default().to_lowercase();
    let not_found = || ApiError::new(ErrorKind::NotFound, "no such dataset");
    if !commons_domain::opendata::valid_identifier(&key) {
        return Err(not_found());
    }
    let (row, _) = datasets::dataset(&rc.db()?, &key).await?.ok_or_else(not_found)?;
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

/// Takes one `action` from the posting budgets of `me` and of the request's
/// address (`crate::limits`), or answers 429. Called after the request is
/// validated and its target found, so a refused or malformed post spends
/// nothing.
async fn spend(rc: &RequestCtx, me: &CurrentUser, action: Action) -> Result<(), ApiError> {
    let (ip, now) = (rc.client_ip(), rc.now());
    let actor = Actor { user_id: Some(me.user.id), account_age: now - me.user.created_at, ip: &ip };
    crate::limits::take(&rc.db()?, action, &actor, now).await
}

/// `PUT /api/datasets/{id}/subscription`.
pub async fn subscribe(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let (id, ..) = dataset_key(rc).await?;
    viewer::subscribe(&rc.db()?, me.user.id, id, rc.now()).await?;
    crate::http::ok_json(&Subscription { subscribed: true })
}

/// `Method::Delete` on `/api/datasets/{id}/subscription`: stop following.
pub async fn unsubscribe(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let (id, ..) = dataset_key(rc).await?;
    viewer::unsubscribe(&rc.db()?, me.user.id, id).await?;
    crate::http::ok_json(&Subscription { subscribed: false })
}

/// `GET /api/datasets/{id}/viewer`: what the signed-in user has done here and may do.
pub async fn viewer(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let (id, org, ..) = dataset_key(rc).await?;
    let Some(me) = current_user(rc).await? else {
        return crate::http::ok_json(&DatasetViewer::SIGNED_OUT);
    };
    let (subscribed, stars) = viewer::viewer_state(&rc.db()?, me.user.id, id).await?;
    crate::http::ok_json(&DatasetViewer { signed_in: true, subscribed, stars, publisher: speaks_for(&me, &org) })
}

/// `PUT /api/datasets/{id}/rating`: 1–5 stars, one per user (a second rating replaces the first).
pub async fn rate(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let req: RatingRequest = rc.json().await?;
    req.validate()?;
    let (id, ..) = dataset_key(rc).await?;
    let (rating, count) = viewer::rate(&rc.db()?, me.user.id, id, req.stars, rc.now()).await?;
    crate::http::ok_json(&RatingResult { rating: rounded_rating(rating), rating_count: count, stars: req.stars })
}

/// `GET /api/datasets/{id}/feedback`.
pub async fn list_feedback(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let (id, ..) = dataset_key(rc).await?;
    let threads = feedback::threads_of(&rc.db()?, id).await?;
    crate::http::ok_json(&FeedbackThreadList { threads })
}

/// `POST /api/datasets/{id}/feedback`: open a thread (signed-in users).
pub async fn create_feedback(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let mut req: NewFeedback = rc.json().await?;
    req.validate()?;
    let (id, org, ..) = dataset_key(rc).await?;
    spend(rc, &me, Action::Feedback).await?;
    let thread = feedback::open_thread(&rc.db()?, id, &org, me.user.id, &req, rc.now()).await?;
    crate::http::json_with_status(&CreatedWithStatus { id: thread, status: "open".into() }, 201)
}

/// The thread named by `{id}`, or 404.
async fn thread_or_404(rc: &RequestCtx) -> Result<feedback::ThreadRow, ApiError> {
    let id = int_param(rc)?;
    feedback::thread(&rc.db()?, id).await?.ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such feedback thread"))
}

/// `POST /api/feedback/{id}/replies`: the agency answers, or the author follows up.
pub async fn reply_feedback(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    // Who may reply is decided before the body is read: a stranger gets 403
    // whatever they send, not a validation error that shows the route works.
    let t = thread_or_404(rc).await?;
    let agency = speaks_for(&me, &t.organization_id);
    if !agency && me.user.id != t.user_id {
        return Err(ApiError::forbidden());
    }
    let req: TextBody = rc.json().await?;
    let body = text_field("body", &req.body, 4000)?;
    if t.status == "closed" {
        return Err(ApiError::conflict("the thread is closed"));
    }
    // The agency answering its own threads is not throttled (publishers are
    // appointed, and answer only on their agency's datasets); authors are.
    if !agency {
        spend(rc, &me, Action::FeedbackReply).await?;
    }
    if !feedback::reply(&rc.db()?, &t, me.user.id, agency, &body, rc.now()).await? {
        return Err(ApiError::conflict("the thread is closed"));
    }
    crate::http::json_with_status(&StatusChange::to(if agency { "replied" } else { "open" }), 201)
}

/// `POST /api/feedback/{id}/close`: the author or the agency closes a thread.
pub async fn close_feedback(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let t = thread_or_404(rc).await?;
    if !speaks_for(&me, &t.organization_id) && me.user.id != t.user_id {
        return Err(ApiError::forbidden());
    }
    feedback::close(&rc.db()?, t.id, rc.now()).await?;
    crate::http::ok_json(&StatusChange::to("closed"))
}

/// `GET /api/organizations/{id}/feedback-stats`: handling rate and median reply time.
pub async fn feedback_stats(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let key = rc.param("id").unwrap_or_default().to_string();
    let dbh = rc.db()?;
    let org = organizations::organization(&dbh, &key)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such agency"))?;
    crate::http::ok_json(&feedback::feedback_stats(&dbh, &org.id).await?)
}

/// The viewer's user id, or 0 when signed out.
async fn viewer_id(rc: &RequestCtx) -> Result<i64, ApiError> {
    Ok(current_user(rc).await?.map(|u| u.user.id).unwrap_or(0))
}

/// `GET /api/dataset-requests?sort=votes|newest&status=`.
pub async fn list_requests(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let q = query(rc)?;
    let newest = request_sort_newest(q_get(&q, "sort"))?;
    let status = request_status_filter(q_get(&q, "status"))?;
    let viewer = viewer_id(rc).await?;
    let rows = requests::requests(&rc.db()?, viewer, newest, status, None).await?;
    crate::http::ok_json(&DatasetRequestList { requests: rows.into_iter().map(|(_, r)| r).collect() })
}

/// `POST /api/dataset-requests`.
pub async fn create_request(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let mut req: NewDatasetRequest = rc.json().await?;
    req.validate()?;
    let dbh = rc.db()?;
    let org = match req.organization_id.as_deref() {
        Some(o) => Some(
            organizations::organization(&dbh, o)
                .await?
                .ok_or_else(|| ApiError::invalid("organization_id: no such agency"))?
                .id,
        ),
        None => None,
    };
    spend(rc, &me, Action::DatasetRequest).await?;
    let id = requests::create_request(&dbh, me.user.id, &req.title, &req.description, org.as_deref(), rc.now()).await?;
    crate::http::json_with_status(&Created { id }, 201)
}

/// `Method::Put` (on) or `Method::Delete` (off) on `/api/dataset-requests/{id}/vote`: the viewer's +1.
pub async fn vote_request(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let id = int_param(rc)?;
    let on = rc.method_name == "PUT";
    let dbh = rc.db()?;
    let (proposer, _) = requests::requests(&dbh, me.user.id, false, None, Some(id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such request"))?;
    if proposer == me.user.id && on {
        return Err(ApiError::invalid("you cannot +1 your own request"));
    }
    let votes = requests::vote(&dbh, id, me.user.id, on, rc.now()).await?;
    crate::http::ok_json(&VoteResult { votes, voted: on })
}

/// `POST /api/dataset-requests/{id}/answer`: the asked agency (or any
/// publisher, when no agency was named, until one has answered) answers.
pub async fn answer_request(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    // Only publishers answer requests: the others get 403 before their body is read.
    if !me.has(Role::Publisher, None) {
        return Err(ApiError::forbidden());
    }
    let mut req: RequestAnswer = rc.json().await?;
    req.validate()?;
    let id = int_param(rc)?;
    let dbh = rc.db()?;
    let (proposer, r) = requests::requests(&dbh, me.user.id, false, None, Some(id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such request"))?;
    if !me.has(Role::Publisher, r.organization_id.as_deref()) {
        return Err(ApiError::forbidden());
    }
    let dataset = match (req.status.as_str(), req.dataset.as_deref()) {
        ("fulfilled", Some(identifier)) => Some(
            datasets::dataset(&dbh, &identifier.to_lowercase())
                .await?
                .ok_or_else(|| ApiError::invalid("dataset: no such dataset"))?
                .0
                .id,
        ),
        ("fulfilled", None) => return Err(ApiError::invalid("dataset: required when fulfilled")),
        _ => None,
    };
    let reply = requests::RequestAnswer {
        request: id,
        proposer,
        title: &r.title,
        by: me.user.id,
        speaks_for_all: agency_scope(Some(&me)).0,
        status: &req.status,
        answer: &req.answer,
        dataset,
    };
    if !requests::answer_request(&dbh, &reply, rc.now()).await? {
        return Err(ApiError::conflict("another agency has answered this request"));
    }
    crate::http::ok_json(&StatusChange { status: req.status })
}

/// The agencies `me` speaks for: (every agency, as an admin or an unscoped
/// publisher; the agencies they publish for).
fn agency_scope(me: Option<&CurrentUser>) -> (bool, Vec<String>) {
    let Some(u) = me else { return (false, Vec::new()) };
    let all = u.roles.iter().any(|g| g.role == Role::Admin || (g.role == Role::Publisher && g.scope_id.is_none()));
    let orgs = u.roles.iter().filter(|g| g.role == Role::Publisher).filter_map(|g| g.scope_id.clone()).collect();
    (all, orgs)
}

/// `GET /api/showcases?status=approved|pending|rejected&dataset=`: approved
/// links for everyone; a pending or rejected one only for the agencies whose
/// datasets it links (each seeing its own part), its submitter and admins.
pub async fn list_showcases(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let q = query(rc)?;
    let status = showcase_status_filter(q_get(&q, "status"))?;
    let me = current_user(rc).await?;
    if status != "approved" && me.is_none() {
        return Err(ApiError::unauthorized());
    }
    let dbh = rc.db()?;
    let dataset = match q_get(&q, "dataset") {
        Some(d) => Some(
            datasets::dataset(&dbh, &d.to_lowercase())
                .await?
                .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such dataset"))?
                .0
                .id,
        ),
        None => None,
    };
    let (all, orgs) = agency_scope(me.as_ref());
    let viewer = Viewer { user: me.as_ref().map(|u| u.user.id).unwrap_or(0), all, orgs: &orgs };
    let rows = showcases::showcases(&dbh, status, dataset, &viewer).await?;
    // Each viewer sees whether they have a part of it to decide.
    let showcases = rows
        .into_iter()
        .map(|showcase| {
            let can_review = me.as_ref().is_some_and(|u| showcase.reviewable_by(|o| speaks_for(u, o)));
            ShowcaseItem { showcase, can_review }
        })
        .collect();
    crate::http::ok_json(&ShowcaseList { showcases })
}

/// `POST /api/showcases`: submit an application built on datasets; each
/// dataset's agency reviews its own link.
pub async fn create_showcase(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let mut req: NewShowcase = rc.json().await?;
    req.validate()?;
    let dbh = rc.db()?;
    let found = datasets::ids_by_identifier(&dbh, &req.datasets).await?;
    if let Some(d) = req.datasets.iter().find(|d| !found.iter().any(|(_, i)| i == *d)) {
        return Err(ApiError::invalid(format!("datasets: no dataset {d:?}")));
    }
    let ids: Vec<i64> = found.into_iter().map(|(id, _)| id).collect();
    spend(rc, &me, Action::Showcase).await?;
    let id =
        showcases::create_showcase(&dbh, me.user.id, &req.title, &req.description, &req.url, &ids, rc.now()).await?;
    crate::http::json_with_status(&CreatedWithStatus { id, status: "pending".into() }, 201)
}

/// `POST /api/showcases/{id}/review`: a publisher approves or rejects the
/// links to their own agency's datasets (an admin: every link); the other
/// agencies' links wait for them.
pub async fn review_showcase(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let req: ShowcaseReview = rc.json().await?;
    let id = int_param(rc)?;
    let dbh = rc.db()?;
    let target = showcases::review_target(&dbh, id)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such showcase"))?;
    let mine: Vec<i64> = target.links.iter().filter(|(_, org)| speaks_for(&me, org)).map(|(d, _)| *d).collect();
    if mine.is_empty() {
        return Err(ApiError::forbidden());
    }
    let now = rc.now();
    if showcases::review_links(&dbh, id, &mine, me.user.id, req.approve, now).await? == 0 {
        return Err(ApiError::conflict("your agency has already decided on this showcase"));
    }
    showcases::notify_submitter(&dbh, target.submitter, req.approve, &target.title, now).await?;
    crate::http::ok_json(&StatusChange::to(if req.approve { "approved" } else { "rejected" }))
}

/// `PUT /api/datasets/{id}`: a publisher creates or replaces a dataset of
/// their own agency (201 created, 200 updated); subscribers are notified of updates.
pub async fn put_dataset(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let (_, d, _, _) = super::editor::publisher_dataset_body(rc).await?;
    let dbh = rc.db()?;
    let now = rc.now();
    let outcome = import::import(&dbh, "publisher", &[(0, d)], ImportOutcome::default(), now).await?;
    let status = if outcome.created > 0 { 201 } else { 200 };
    crate::http::json_with_status(&outcome, status)
}

/// `GET /api/publisher/overdue`: the signed-in publisher's datasets past their update frequency.
pub async fn my_overdue(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let (all, orgs) = agency_scope(Some(&me));
    if !all && orgs.is_empty() {
        return Err(ApiError::forbidden());
    }
    let overdue = overdue::overdue_of(&rc.db()?, if all { None } else { Some(&orgs) }).await?;
    crate::http::ok_json(&OverdueList { overdue })
}
