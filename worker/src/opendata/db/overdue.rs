//! SQL for overdue updates (逾期): the datasets the hourly job weighs, its
//! flags and notifications, and a publisher's overdue list.

use commons_domain::common::locale::rfc3339_utc;
use commons_domain::opendata::wire::OverdueDataset;
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{all, d1_err, int, stmt, text};

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

/// A dataset the job has just found overdue.
#[derive(Debug, Clone)]
pub struct NewFlag {
    /// Its id.
    pub dataset: i64,
    /// When it fell due (Unix seconds).
    pub due_at: i64,
    /// Its agency, whose publishers are told.
    pub organization_id: String,
    /// Its identifier (the notification's link).
    pub identifier: String,
    /// Its title (the notification's text).
    pub title: String,
}

/// Flags newly overdue datasets, clears updated ones, and notifies each
/// agency's publishers once per newly flagged dataset, in batches of 500
/// statements.
pub async fn apply_overdue(db: &D1Database, flag: &[NewFlag], clear: &[i64], now: i64) -> Result<(), ApiError> {
    let mut stmts = Vec::new();
    for NewFlag { dataset: id, due_at: due, organization_id: org, identifier, title } in flag {
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

/// An overdue dataset on a publisher's dashboard, as stored.
#[derive(Debug, Clone, Deserialize)]
struct OverdueRow {
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

/// The overdue datasets of some agencies (`None`: all, for admins), longest overdue first.
pub async fn overdue_of(db: &D1Database, orgs: Option<&[String]>) -> Result<Vec<OverdueDataset>, ApiError> {
    let list = serde_json::to_string(&orgs.unwrap_or(&[])).map_err(crate::error::internal)?;
    let rows: Vec<OverdueRow> = all(
        db,
        "SELECT d.identifier, d.title, d.organization_id, d.accrual_periodicity, o.due_at FROM dataset_overdue o \
         JOIN datasets d ON d.id = o.dataset_id \
         WHERE ?2 OR d.organization_id IN (SELECT value FROM json_each(?1)) ORDER BY o.due_at LIMIT 500",
        &[text(&list), wasm_bindgen::JsValue::from_bool(orgs.is_none())],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OverdueDataset {
            identifier: r.identifier,
            title: r.title,
            organization_id: r.organization_id,
            accrual_periodicity: r.accrual_periodicity,
            due_at: rfc3339_utc(r.due_at),
        })
        .collect())
}
