//! SQL for agencies (organizations) with their dataset counts.

use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{all, first, text};

/// An organization with its dataset count.
#[derive(Debug, Clone, Deserialize)]
pub struct OrgRow {
    /// `org-…`.
    pub id: String,
    /// Name.
    pub title: String,
    /// Datasets.
    pub dataset_count: i64,
    /// Created (Unix seconds).
    pub created_at: i64,
}

/// Every organization with its dataset count, most datasets first.
pub async fn organizations(db: &D1Database) -> Result<Vec<OrgRow>, ApiError> {
    all(
        db,
        "SELECT o.id, o.title, o.created_at, \
         (SELECT COUNT(*) FROM datasets d WHERE d.organization_id = o.id) AS dataset_count \
         FROM organizations o ORDER BY dataset_count DESC, o.title",
        &[],
    )
    .await
}

/// One organization by id or title.
pub async fn organization(db: &D1Database, key: &str) -> Result<Option<OrgRow>, ApiError> {
    first(
        db,
        "SELECT o.id, o.title, o.created_at, \
         (SELECT COUNT(*) FROM datasets d WHERE d.organization_id = o.id) AS dataset_count \
         FROM organizations o WHERE o.id = ?1 OR o.title = ?1",
        &[text(key)],
    )
    .await
}
