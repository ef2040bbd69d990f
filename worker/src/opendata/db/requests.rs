//! SQL for dataset requests: proposing, listing, +1 votes and the agency's
//! answer (which notifies the proposer).

use commons_domain::common::locale::rfc3339_utc;
use commons_domain::opendata::participation::DatasetRequest;
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{all, d1_err, int, stmt, text};

/// Creates a dataset request; its id.
pub async fn create_request(
    db: &D1Database,
    user: i64,
    title: &str,
    description: &str,
    org: Option<&str>,
    now: i64,
) -> Result<i64, ApiError> {
    crate::db::insert_id(
        db,
        "INSERT INTO dataset_requests (user_id, title, description, organization_id, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        &[int(user), text(title), text(description), org.map(text).unwrap_or(wasm_bindgen::JsValue::NULL), int(now)],
    )
    .await
}

#[derive(Deserialize)]
struct RequestRow {
    id: i64,
    user_id: i64,
    title: String,
    description: String,
    organization_id: Option<String>,
    organization: Option<String>,
    status: String,
    answer: String,
    dataset: Option<String>,
    votes: i64,
    voted: i64,
    author: String,
    created_at: i64,
}

/// Dataset requests, most +1'd (or newest) first; `viewer` marks their own +1s.
pub async fn requests(
    db: &D1Database,
    viewer: i64,
    sort_newest: bool,
    status: Option<&str>,
    id: Option<i64>,
) -> Result<Vec<(i64, DatasetRequest)>, ApiError> {
    let order = if sort_newest { "r.id DESC" } else { "r.votes DESC, r.id DESC" };
    let rows: Vec<RequestRow> = all(
        db,
        &format!(
            "SELECT r.id, r.user_id, r.title, r.description, r.organization_id, o.title AS organization, r.status, r.answer, \
             d.identifier AS dataset, r.votes, \
             EXISTS (SELECT 1 FROM dataset_request_votes v WHERE v.request_id = r.id AND v.user_id = ?1) AS voted, \
             u.display_name AS author, r.created_at \
             FROM dataset_requests r JOIN users u ON u.id = r.user_id \
             LEFT JOIN organizations o ON o.id = r.organization_id LEFT JOIN datasets d ON d.id = r.dataset_id \
             WHERE (?2 = '' OR r.status = ?2) AND (?3 = 0 OR r.id = ?3) ORDER BY {order} LIMIT 100"
        ),
        &[int(viewer), text(status.unwrap_or("")), int(id.unwrap_or(0))],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            (
                r.user_id,
                DatasetRequest {
                    id: r.id,
                    title: r.title,
                    description: r.description,
                    organization_id: r.organization_id,
                    organization: r.organization,
                    status: r.status,
                    answer: r.answer,
                    dataset: r.dataset,
                    votes: r.votes,
                    voted: r.voted != 0,
                    author: r.author,
                    created_at: rfc3339_utc(r.created_at),
                },
            )
        })
        .collect())
}

/// Adds or removes the viewer's +1; returns the new count.
pub async fn vote(db: &D1Database, request: i64, user: i64, on: bool, now: i64) -> Result<i64, ApiError> {
    let write = if on {
        stmt(
            db,
            "INSERT OR IGNORE INTO dataset_request_votes (request_id, user_id, created_at) VALUES (?1, ?2, ?3)",
            &[int(request), int(user), int(now)],
        )?
    } else {
        stmt(
            db,
            "DELETE FROM dataset_request_votes WHERE request_id = ?1 AND user_id = ?2",
            &[int(request), int(user)],
        )?
    };
    let results = db
        .batch(vec![write, stmt(db, "SELECT votes FROM dataset_requests WHERE id = ?1", &[int(request)])?])
        .await
        .map_err(d1_err)?;
    #[derive(Deserialize)]
    struct V {
        votes: i64,
    }
    let v: Option<V> = match results.into_iter().nth(1) {
        Some(r) => r.results::<V>().map_err(d1_err)?.into_iter().next(),
        None => None,
    };
    v.map(|v| v.votes).ok_or_else(|| ApiError::new(commons_domain::ErrorKind::NotFound, "no such request"))
}

/// An agency's answer to a dataset request.
#[derive(Clone, Copy)]
pub struct RequestAnswer<'a> {
    /// The request.
    pub request: i64,
    /// Who proposed it (notified).
    pub proposer: i64,
    /// Its title (for the notification).
    pub title: &'a str,
    /// The publisher answering.
    pub by: i64,
    /// Whether they speak for every agency (an admin): they may replace any answer.
    pub speaks_for_all: bool,
    /// The new status.
    pub status: &'a str,
    /// The agency's words.
    pub answer: &'a str,
    /// The dataset that fulfils it, if any.
    pub dataset: Option<i64>,
}

/// Records an agency's answer and notifies the proposer, in one batch;
/// whether it was recorded. A request that names no agency may be answered
/// by any publisher, but once answered only the answerer's agency (a
/// publisher sharing an agency with the last answerer) or an admin replaces
/// the answer: decided by the write itself, so two agencies racing cannot
/// both win.
pub async fn answer_request(db: &D1Database, a: &RequestAnswer<'_>, now: i64) -> Result<bool, ApiError> {
    let RequestAnswer { request, proposer, title, by, speaks_for_all, status, answer, dataset } = *a;
    let results = db
        .batch(vec![
            stmt(
                db,
                "UPDATE dataset_requests SET status = ?2, answer = ?3, answered_by = ?4, answered_at = ?5, dataset_id = ?6 \
                 WHERE id = ?1 AND (?7 OR organization_id IS NOT NULL OR answered_by IS NULL OR answered_by = ?4 \
                   OR EXISTS (SELECT 1 FROM roles mine JOIN roles theirs ON theirs.scope_id = mine.scope_id \
                     WHERE mine.user_id = ?4 AND mine.role = 'publisher' AND mine.scope_id != '' \
                       AND theirs.user_id = dataset_requests.answered_by AND theirs.role = 'publisher'))",
                &[
                    int(request),
                    text(status),
                    text(answer),
                    int(by),
                    int(now),
                    dataset.map(int).unwrap_or(wasm_bindgen::JsValue::NULL),
                    int(i64::from(speaks_for_all)),
                ],
            )?,
            // Only when the answer above went in.
            stmt(
                db,
                "INSERT INTO notifications (user_id, kind, params, link, created_at) \
                 SELECT ?1, 'request_answered', ?2, '/data/requests', ?3 \
                 WHERE EXISTS (SELECT 1 FROM dataset_requests WHERE id = ?4 AND answered_by = ?5 AND answered_at = ?3)",
                &[
                    int(proposer),
                    text(&serde_json::json!({"title": title}).to_string()),
                    int(now),
                    int(request),
                    int(by),
                ],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    Ok(results.first().map(crate::db::changes).unwrap_or(0) > 0)
}
