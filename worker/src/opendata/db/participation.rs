//! SQL for participation: subscriptions, feedback, ratings, dataset
//! requests, showcases and the overdue flags.

use commons_domain::common::locale::rfc3339_utc;
use commons_domain::opendata::participation::{
    DatasetRequest, FeedbackPost, FeedbackStats, FeedbackThread, NewFeedback, Showcase,
};
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{all, d1_err, first, int, run, stmt, text};

/// Subscribes (idempotent).
pub async fn subscribe(db: &D1Database, user: i64, dataset: i64, now: i64) -> Result<(), ApiError> {
    run(
        db,
        "INSERT OR IGNORE INTO dataset_subscriptions (user_id, dataset_id, created_at) VALUES (?1, ?2, ?3)",
        &[int(user), int(dataset), int(now)],
    )
    .await
    .map(|_| ())
}

/// Unsubscribes (idempotent).
pub async fn unsubscribe(db: &D1Database, user: i64, dataset: i64) -> Result<(), ApiError> {
    run(db, "DELETE FROM dataset_subscriptions WHERE user_id = ?1 AND dataset_id = ?2", &[int(user), int(dataset)])
        .await
        .map(|_| ())
}

/// What the viewer has done with a dataset: (subscribed, their stars).
pub async fn viewer_state(db: &D1Database, user: i64, dataset: i64) -> Result<(bool, Option<i64>), ApiError> {
    #[derive(Deserialize)]
    struct V {
        subscribed: i64,
        stars: Option<i64>,
    }
    let v: Option<V> = first(
        db,
        "SELECT EXISTS (SELECT 1 FROM dataset_subscriptions WHERE user_id = ?1 AND dataset_id = ?2) AS subscribed, \
         (SELECT stars FROM dataset_ratings WHERE user_id = ?1 AND dataset_id = ?2) AS stars",
        &[int(user), int(dataset)],
    )
    .await?;
    Ok(v.map(|v| (v.subscribed != 0, v.stars)).unwrap_or((false, None)))
}

/// Rates (or re-rates) a dataset and refreshes its average in the same batch;
/// returns (average, count).
pub async fn rate(db: &D1Database, user: i64, dataset: i64, stars: i64, now: i64) -> Result<(f64, i64), ApiError> {
    let results = db
        .batch(vec![
            stmt(
                db,
                "INSERT INTO dataset_ratings (dataset_id, user_id, stars, rated_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (dataset_id, user_id) DO UPDATE SET stars = excluded.stars, rated_at = excluded.rated_at",
                &[int(dataset), int(user), int(stars), int(now)],
            )?,
            stmt(
                db,
                "UPDATE datasets SET rating = (SELECT AVG(stars) FROM dataset_ratings WHERE dataset_id = ?1), \
                 rating_count = (SELECT COUNT(*) FROM dataset_ratings WHERE dataset_id = ?1) WHERE id = ?1",
                &[int(dataset)],
            )?,
            stmt(db, "SELECT rating, rating_count FROM datasets WHERE id = ?1", &[int(dataset)])?,
        ])
        .await
        .map_err(d1_err)?;
    #[derive(Deserialize)]
    struct R {
        rating: Option<f64>,
        rating_count: i64,
    }
    let r: Option<R> = match results.into_iter().nth(2) {
        Some(r) => r.results::<R>().map_err(d1_err)?.into_iter().next(),
        None => None,
    };
    Ok(r.map(|r| (r.rating.unwrap_or(0.0), r.rating_count)).unwrap_or((0.0, 0)))
}

/// Opens a feedback thread with its first post, in one batch; returns its id.
pub async fn open_thread(
    db: &D1Database,
    dataset: i64,
    org: &str,
    user: i64,
    feedback: &NewFeedback,
    now: i64,
) -> Result<i64, ApiError> {
    let NewFeedback { kind, title, body } = feedback;
    let id = crate::db::insert_id(
        db,
        "INSERT INTO feedback_threads (dataset_id, organization_id, user_id, kind, title, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id",
        &[int(dataset), text(org), int(user), text(kind), text(title), int(now)],
    )
    .await?;
    run(
        db,
        "INSERT INTO feedback_posts (thread_id, user_id, body, from_agency, created_at) VALUES (?1, ?2, ?3, 0, ?4)",
        &[int(id), int(user), text(body), int(now)],
    )
    .await?;
    Ok(id)
}

/// A thread's owner data.
#[derive(Debug, Clone, Deserialize)]
pub struct ThreadRow {
    /// Id.
    pub id: i64,
    /// The dataset's agency.
    pub organization_id: String,
    /// Author.
    pub user_id: i64,
    /// Status.
    pub status: String,
    /// Title.
    pub title: String,
    /// The dataset's identifier.
    pub identifier: String,
}

/// One thread.
pub async fn thread(db: &D1Database, id: i64) -> Result<Option<ThreadRow>, ApiError> {
    first(
        db,
        "SELECT t.id, t.organization_id, t.user_id, t.status, t.title, d.identifier \
         FROM feedback_threads t JOIN datasets d ON d.id = t.dataset_id WHERE t.id = ?1",
        &[int(id)],
    )
    .await
}

/// Adds a reply. An agency reply marks the thread `replied` (and records the
/// first reply time) and notifies the author; an author's follow-up reopens it.
pub async fn reply(
    db: &D1Database,
    t: &ThreadRow,
    user: i64,
    agency: bool,
    body: &str,
    now: i64,
) -> Result<(), ApiError> {
    let mut stmts = vec![
        stmt(
            db,
            "INSERT INTO feedback_posts (thread_id, user_id, body, from_agency, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            &[int(t.id), int(user), text(body), int(i64::from(agency)), int(now)],
        )?,
        stmt(
            db,
            "UPDATE feedback_threads SET status = ?2, updated_at = ?3, \
             first_reply_at = CASE WHEN ?4 AND first_reply_at IS NULL THEN ?3 ELSE first_reply_at END WHERE id = ?1",
            &[int(t.id), text(if agency { "replied" } else { "open" }), int(now), int(i64::from(agency))],
        )?,
    ];
    if agency && t.user_id != user {
        stmts.push(crate::accounts::db::notifications::insert(
            db,
            t.user_id,
            "feedback_replied",
            &serde_json::json!({"title": t.title}),
            &format!("/data/datasets/{}", t.identifier),
            now,
        )?);
    }
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
}

/// Closes a thread.
pub async fn close(db: &D1Database, id: i64, now: i64) -> Result<(), ApiError> {
    run(db, "UPDATE feedback_threads SET status = 'closed', updated_at = ?2 WHERE id = ?1", &[int(id), int(now)])
        .await
        .map(|_| ())
}

/// The threads of a dataset with their posts, newest thread first.
pub async fn threads_of(db: &D1Database, dataset: i64) -> Result<Vec<FeedbackThread>, ApiError> {
    #[derive(Deserialize)]
    struct T {
        id: i64,
        user_id: i64,
        kind: String,
        title: String,
        status: String,
        author: String,
        created_at: i64,
    }
    #[derive(Deserialize)]
    struct P {
        id: i64,
        thread_id: i64,
        author: String,
        from_agency: i64,
        body: String,
        created_at: i64,
    }
    let results = db
        .batch(vec![
            stmt(
                db,
                "SELECT t.id, t.user_id, t.kind, t.title, t.status, u.display_name AS author, t.created_at FROM feedback_threads t \
                 JOIN users u ON u.id = t.user_id WHERE t.dataset_id = ?1 ORDER BY t.created_at DESC, t.id DESC LIMIT 100",
                &[int(dataset)],
            )?,
            stmt(
                db,
                "SELECT p.id, p.thread_id, u.display_name AS author, p.from_agency, p.body, p.created_at \
                 FROM feedback_posts p JOIN users u ON u.id = p.user_id JOIN feedback_threads t ON t.id = p.thread_id \
                 WHERE t.dataset_id = ?1 ORDER BY p.id",
                &[int(dataset)],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    let mut it = results.into_iter();
    let threads: Vec<T> = match it.next() {
        Some(r) => r.results().map_err(d1_err)?,
        None => Vec::new(),
    };
    let posts: Vec<P> = match it.next() {
        Some(r) => r.results().map_err(d1_err)?,
        None => Vec::new(),
    };
    Ok(threads
        .into_iter()
        .map(|t| FeedbackThread {
            posts: posts
                .iter()
                .filter(|p| p.thread_id == t.id)
                .map(|p| FeedbackPost {
                    id: p.id,
                    author: p.author.clone(),
                    from_agency: p.from_agency != 0,
                    body: p.body.clone(),
                    created_at: rfc3339_utc(p.created_at),
                })
                .collect(),
            id: t.id,
            user_id: t.user_id,
            kind: t.kind,
            title: t.title,
            status: t.status,
            author: t.author,
            created_at: rfc3339_utc(t.created_at),
        })
        .collect())
}

/// An agency's feedback handling: threads, handled, and reply delays.
pub async fn feedback_stats(db: &D1Database, org: &str) -> Result<FeedbackStats, ApiError> {
    #[derive(Deserialize)]
    struct R {
        status: String,
        delay: Option<i64>,
    }
    let rows: Vec<R> = all(
        db,
        "SELECT status, first_reply_at - created_at AS delay FROM feedback_threads WHERE organization_id = ?1",
        &[text(org)],
    )
    .await?;
    let threads = rows.len() as i64;
    let handled = rows.iter().filter(|r| r.status != "open" || r.delay.is_some()).count() as i64;
    let mut delays: Vec<f64> = rows.iter().filter_map(|r| r.delay).map(|d| d as f64 / 3600.0).collect();
    Ok(FeedbackStats {
        threads,
        handled,
        handled_rate: if threads == 0 { 1.0 } else { handled as f64 / threads as f64 },
        median_reply_hours: commons_domain::common::stats::median(&mut delays).map(|h| (h * 10.0).round() / 10.0),
    })
}

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
    /// The new status.
    pub status: &'a str,
    /// The agency's words.
    pub answer: &'a str,
    /// The dataset that fulfils it, if any.
    pub dataset: Option<i64>,
}

/// Records an agency's answer and notifies the proposer, in one batch.
pub async fn answer_request(db: &D1Database, a: &RequestAnswer<'_>, now: i64) -> Result<(), ApiError> {
    let RequestAnswer { request, proposer, title, by, status, answer, dataset } = *a;
    db.batch(vec![
        stmt(
            db,
            "UPDATE dataset_requests SET status = ?2, answer = ?3, answered_by = ?4, answered_at = ?5, dataset_id = ?6 WHERE id = ?1",
            &[int(request), text(status), text(answer), int(by), int(now), dataset.map(int).unwrap_or(wasm_bindgen::JsValue::NULL)],
        )?,
        crate::accounts::db::notifications::insert(
            db,
            proposer,
            "request_answered",
            &serde_json::json!({"title": title}),
            "/data/requests",
            now,
        )?,
    ])
    .await
    .map_err(d1_err)?;
    Ok(())
}

/// Creates a pending showcase linked to datasets (by id); its id.
pub async fn create_showcase(
    db: &D1Database,
    user: i64,
    title: &str,
    description: &str,
    url: &str,
    datasets: &[i64],
    now: i64,
) -> Result<i64, ApiError> {
    let id = crate::db::insert_id(
        db,
        "INSERT INTO showcases (user_id, title, description, url, created_at) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        &[int(user), text(title), text(description), text(url), int(now)],
    )
    .await?;
    run(
        db,
        "INSERT OR IGNORE INTO showcase_datasets (showcase_id, dataset_id) SELECT ?1, value FROM json_each(?2)",
        &[int(id), text(&serde_json::to_string(datasets).map_err(crate::error::internal)?)],
    )
    .await?;
    Ok(id)
}

/// Showcases by status, or those of one dataset, or one by id; with the
/// agencies of their datasets (for review rights) and the submitter.
pub async fn showcases(
    db: &D1Database,
    status: &str,
    dataset: Option<i64>,
    id: Option<i64>,
) -> Result<Vec<(Showcase, Vec<String>, i64)>, ApiError> {
    #[derive(Deserialize)]
    struct S {
        id: i64,
        user_id: i64,
        title: String,
        description: String,
        url: String,
        status: String,
        author: String,
        created_at: i64,
        datasets: String,
    }
    let rows: Vec<S> = all(
        db,
        "SELECT s.id, s.user_id, s.title, s.description, s.url, s.status, u.display_name AS author, s.created_at, \
         (SELECT json_group_array(json_array(d.identifier, d.title, d.organization_id)) FROM showcase_datasets sd \
            JOIN datasets d ON d.id = sd.dataset_id WHERE sd.showcase_id = s.id) AS datasets \
         FROM showcases s JOIN users u ON u.id = s.user_id \
         WHERE (?1 = '' OR s.status = ?1) AND (?2 = 0 OR s.id IN (SELECT showcase_id FROM showcase_datasets WHERE dataset_id = ?2)) \
         AND (?3 = 0 OR s.id = ?3) ORDER BY s.id DESC LIMIT 100",
        &[text(status), int(dataset.unwrap_or(0)), int(id.unwrap_or(0))],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|s| {
            let ds: Vec<(String, String, String)> = serde_json::from_str(&s.datasets).unwrap_or_default();
            let orgs = ds.iter().map(|(_, _, o)| o.clone()).collect();
            (
                Showcase {
                    id: s.id,
                    title: s.title,
                    description: s.description,
                    url: s.url,
                    status: s.status,
                    author: s.author,
                    datasets: ds.into_iter().map(|(i, t, _)| (i, t)).collect(),
                    created_at: rfc3339_utc(s.created_at),
                },
                orgs,
                s.user_id,
            )
        })
        .collect())
}

/// Approves or rejects a showcase and notifies its submitter.
pub async fn review_showcase(
    db: &D1Database,
    id: i64,
    submitter: i64,
    by: i64,
    approve: bool,
    title: &str,
    now: i64,
) -> Result<(), ApiError> {
    db.batch(vec![
        stmt(
            db,
            "UPDATE showcases SET status = ?2, reviewed_by = ?3, reviewed_at = ?4 WHERE id = ?1",
            &[int(id), text(if approve { "approved" } else { "rejected" }), int(by), int(now)],
        )?,
        crate::accounts::db::notifications::insert(
            db,
            submitter,
            if approve { "showcase_approved" } else { "showcase_rejected" },
            &serde_json::json!({"title": title}),
            "/data/showcases",
            now,
        )?,
    ])
    .await
    .map_err(d1_err)?;
    Ok(())
}

/// A dataset the overdue job considers.
#[derive(Debug, Clone, Deserialize)]
pub struct FreshnessRow {
    /// Id.
    pub id: i64,
    /// Identifier.
    pub identifier: String,
    /// Title.
    pub title: String,
    /// Agency.
    pub organization_id: String,
    /// 更新頻率.
    pub accrual_periodicity: String,
    /// Last metadata update (`modified`, else `issued`), as text.
    pub last: String,
    /// Whether it is already flagged.
    pub flagged: i64,
}

/// Datasets with a regular frequency (everything but 不定期/不更新 and blanks).
pub async fn freshness(db: &D1Database) -> Result<Vec<FreshnessRow>, ApiError> {
    all(
        db,
        "SELECT d.id, d.identifier, d.title, d.organization_id, d.accrual_periodicity, \
         CASE WHEN d.modified != '' THEN d.modified ELSE d.issued END AS last, \
         EXISTS (SELECT 1 FROM dataset_overdue o WHERE o.dataset_id = d.id) AS flagged \
         FROM datasets d WHERE d.accrual_periodicity LIKE '每%' OR d.accrual_periodicity = '即時'",
        &[],
    )
    .await
}

/// Flags newly overdue datasets, clears updated ones, and notifies each
/// agency's publishers once per newly flagged dataset. One batch.
pub async fn apply_overdue(
    db: &D1Database,
    flag: &[(i64, i64, String, String, String)],
    clear: &[i64],
    now: i64,
) -> Result<(), ApiError> {
    let mut stmts = Vec::new();
    for (id, due, org, identifier, title) in flag {
        stmts.push(stmt(
            db,
            "INSERT OR IGNORE INTO dataset_overdue (dataset_id, due_at, flagged_at) VALUES (?1, ?2, ?3)",
            &[int(*id), int(*due), int(now)],
        )?);
        stmts.push(stmt(
            db,
            "INSERT INTO notifications (user_id, kind, params, link, created_at) \
             SELECT DISTINCT r.user_id, 'dataset_overdue', json_object('title', ?2), ?3, ?4 FROM roles r \
             WHERE r.role = 'publisher' AND r.scope_id = ?1",
            &[text(org), text(title), text(&format!("/data/datasets/{identifier}")), int(now)],
        )?);
    }
    if !clear.is_empty() {
        stmts.push(stmt(
            db,
            "DELETE FROM dataset_overdue WHERE dataset_id IN (SELECT value FROM json_each(?1))",
            &[text(&serde_json::to_string(clear).map_err(crate::error::internal)?)],
        )?);
    }
    for chunk in stmts.chunks(500) {
        db.batch(chunk.to_vec()).await.map_err(d1_err)?;
    }
    Ok(())
}

/// An overdue dataset on a publisher's dashboard.
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
pub struct OverdueRow {
    /// Identifier.
    pub identifier: String,
    /// Title.
    pub title: String,
    /// Agency.
    pub organization_id: String,
    /// 更新頻率.
    pub accrual_periodicity: String,
    /// When it fell due (Unix seconds).
    pub due_at: i64,
}

/// The overdue datasets of some agencies (`None`: all, for admins).
pub async fn overdue_of(db: &D1Database, orgs: Option<&[String]>) -> Result<Vec<OverdueRow>, ApiError> {
    let list = serde_json::to_string(&orgs.unwrap_or(&[])).map_err(crate::error::internal)?;
    all(
        db,
        "SELECT d.identifier, d.title, d.organization_id, d.accrual_periodicity, o.due_at FROM dataset_overdue o \
         JOIN datasets d ON d.id = o.dataset_id \
         WHERE ?2 OR d.organization_id IN (SELECT value FROM json_each(?1)) ORDER BY o.due_at LIMIT 500",
        &[text(&list), wasm_bindgen::JsValue::from_bool(orgs.is_none())],
    )
    .await
}
