//! SQL for showcases: submitting, listing with the agencies that may review
//! them, and the review (which notifies the submitter).

use commons_domain::common::locale::rfc3339_utc;
use commons_domain::opendata::participation::Showcase;
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{all, d1_err, int, run, stmt, text};

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
