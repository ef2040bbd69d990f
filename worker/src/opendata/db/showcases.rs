//! SQL for showcases: submitting, listing what a viewer may see, and the
//! review, which each agency makes for the links to its own datasets (and
//! which notifies the submitter).

use commons_domain::common::locale::rfc3339_utc;
use commons_domain::opendata::participation::{Showcase, ShowcaseLink};
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{all, first, int, run, text};
use crate::error::internal;

/// Creates a showcase linked to datasets (by id), every link pending its
/// agency's review; its id.
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
        &[int(id), text(&serde_json::to_string(datasets).map_err(internal)?)],
    )
    .await?;
    Ok(id)
}

/// Who is looking, for what a non-approved showcase shows them: the links of
/// their agencies, or all links of their own submissions, or everything.
pub struct Viewer<'a> {
    /// The viewer's user id (0 when signed out).
    pub user: i64,
    /// Admins and publishers without an agency scope see every link.
    pub all: bool,
    /// The agencies the viewer publishes for.
    pub orgs: &'a [String],
}

/// Showcases with a link in `status` (to `dataset`, if given) that `v` may
/// see, newest first, each with the links `v` may see. Approved links are
/// public; pending and rejected ones are seen by their own agency, by the
/// submitter and by admins.
pub async fn showcases(
    db: &D1Database,
    status: &str,
    dataset: Option<i64>,
    v: &Viewer<'_>,
) -> Result<Vec<Showcase>, ApiError> {
    #[derive(Deserialize)]
    struct S {
        id: i64,
        title: String,
        description: String,
        url: String,
        author: String,
        created_at: i64,
        links: String,
    }
    // A link is visible when it is approved in the public list, else when the
    // viewer sees everything, submitted it, or publishes for its agency.
    const VISIBLE: &str = "(CASE WHEN ?1 = 'approved' THEN sd.status = 'approved' \
        ELSE (?3 OR s.user_id = ?4 OR d.organization_id IN (SELECT value FROM json_each(?5))) END)";
    let rows: Vec<S> = all(
        db,
        &format!(
            "SELECT s.id, s.title, s.description, s.url, u.display_name AS author, s.created_at, \
             (SELECT json_group_array(json_array(d.identifier, d.title, d.organization_id, sd.status)) \
                FROM showcase_datasets sd JOIN datasets d ON d.id = sd.dataset_id \
                WHERE sd.showcase_id = s.id AND {VISIBLE}) AS links \
             FROM showcases s JOIN users u ON u.id = s.user_id \
             WHERE EXISTS (SELECT 1 FROM showcase_datasets sd JOIN datasets d ON d.id = sd.dataset_id \
                WHERE sd.showcase_id = s.id AND sd.status = ?1 AND (?2 = 0 OR sd.dataset_id = ?2) AND {VISIBLE}) \
             ORDER BY s.id DESC LIMIT 100"
        ),
        &[
            text(status),
            int(dataset.unwrap_or(0)),
            int(i64::from(v.all)),
            int(v.user),
            text(&serde_json::to_string(v.orgs).map_err(internal)?),
        ],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|s| {
            let links: Vec<(String, String, String, String)> = serde_json::from_str(&s.links).unwrap_or_default();
            Showcase {
                id: s.id,
                title: s.title,
                description: s.description,
                url: s.url,
                status: status.to_string(),
                author: s.author,
                datasets: Vec::new(),
                links: links
                    .into_iter()
                    .map(|(identifier, title, organization_id, status)| ShowcaseLink {
                        identifier,
                        title,
                        organization_id,
                        status,
                    })
                    .collect(),
                created_at: rfc3339_utc(s.created_at),
            }
            .with_datasets_of_status()
        })
        .collect())
}

/// A showcase as its reviewers need it.
pub struct ReviewTarget {
    /// Its title (for the notification).
    pub title: String,
    /// Who submitted it.
    pub submitter: i64,
    /// Its links: (dataset id, the dataset's agency).
    pub links: Vec<(i64, String)>,
}

/// The showcase `id` with its links, if it exists.
pub async fn review_target(db: &D1Database, id: i64) -> Result<Option<ReviewTarget>, ApiError> {
    #[derive(Deserialize)]
    struct R {
        title: String,
        user_id: i64,
        links: String,
    }
    let row: Option<R> = first(
        db,
        "SELECT s.title, s.user_id, \
         (SELECT json_group_array(json_array(sd.dataset_id, d.organization_id)) FROM showcase_datasets sd \
            JOIN datasets d ON d.id = sd.dataset_id WHERE sd.showcase_id = s.id) AS links \
         FROM showcases s WHERE s.id = ?1",
        &[int(id)],
    )
    .await?;
    Ok(row.map(|r| ReviewTarget {
        title: r.title,
        submitter: r.user_id,
        links: serde_json::from_str(&r.links).unwrap_or_default(),
    }))
}

/// Decides the still-pending links of showcase `id` to `datasets` (the
/// reviewer's agencies' part) in one conditional write, so two reviewers of
/// one agency cannot both decide; the number of links decided (0: already
/// decided). A trigger keeps the showcase's overall status.
pub async fn review_links(
    db: &D1Database,
    id: i64,
    datasets: &[i64],
    by: i64,
    approve: bool,
    now: i64,
) -> Result<usize, ApiError> {
    run(
        db,
        "UPDATE showcase_datasets SET status = ?3, reviewed_by = ?4, reviewed_at = ?5 \
         WHERE showcase_id = ?1 AND status = 'pending' AND dataset_id IN (SELECT value FROM json_each(?2))",
        &[
            int(id),
            text(&serde_json::to_string(datasets).map_err(internal)?),
            text(if approve { "approved" } else { "rejected" }),
            int(by),
            int(now),
        ],
    )
    .await
}

/// Tells the submitter an agency decided on their showcase.
pub async fn notify_submitter(
    db: &D1Database,
    submitter: i64,
    approve: bool,
    title: &str,
    now: i64,
) -> Result<(), ApiError> {
    crate::accounts::db::notifications::insert(
        db,
        submitter,
        if approve { "showcase_approved" } else { "showcase_rejected" },
        &serde_json::json!({"title": title}),
        "/data/showcases",
        now,
    )?
    .run()
    .await
    .map_err(crate::db::d1_err)?;
    Ok(())
}
