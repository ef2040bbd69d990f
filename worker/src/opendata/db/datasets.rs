//! SQL for reading datasets: one dataset or a page of them with their
//! resources, view and download counting, catalogue totals, tags and the
//! change log.

use std::collections::HashMap;

use commons_domain::opendata::{DatasetInput, Resource, ResourceInput};
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{all, d1_err, first, int, stmt, text};

/// A full dataset row.
#[derive(Debug, Clone, Deserialize)]
pub struct DatasetRow {
    /// Database id.
    pub id: i64,
    identifier: String,
    title: String,
    description: String,
    field_description: String,
    data_type: String,
    category: String,
    license: String,
    license_url: String,
    cost: String,
    cost_url: String,
    cost_law: String,
    /// `org-…`.
    pub organization_id: String,
    organization: String,
    organization_contact_name: String,
    organization_contact_phone: String,
    organization_contact_email: String,
    publisher: String,
    publisher_contact_name: String,
    publisher_contact_phone: String,
    publisher_contact_email: String,
    publisher_oid: String,
    accrual_periodicity: String,
    temporal_from: String,
    temporal_to: String,
    issued: String,
    modified: String,
    spatial: String,
    language: String,
    landing_page: String,
    keywords: String,
    number_of_data: Option<i64>,
    notes: String,
    quality: String,
    upload_method: String,
    /// Views.
    pub views: i64,
    /// Downloads.
    pub downloads: i64,
    /// Average stars.
    pub rating: Option<f64>,
    /// Members who rated it here.
    #[serde(default)]
    pub rating_count: i64,
    /// Created (Unix seconds).
    pub created_at: i64,
    /// Last changed (Unix seconds).
    pub updated_at: i64,
}

impl DatasetRow {
    /// The metadata as submitted.
    pub fn meta(&self) -> DatasetInput {
        DatasetInput {
            identifier: self.identifier.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            field_description: self.field_description.clone(),
            data_type: self.data_type.clone(),
            category: self.category.clone(),
            license: self.license.clone(),
            license_url: self.license_url.clone(),
            cost: self.cost.clone(),
            cost_url: self.cost_url.clone(),
            cost_law: self.cost_law.clone(),
            organization: self.organization.clone(),
            organization_contact_name: self.organization_contact_name.clone(),
            organization_contact_phone: self.organization_contact_phone.clone(),
            organization_contact_email: self.organization_contact_email.clone(),
            publisher: self.publisher.clone(),
            publisher_contact_name: self.publisher_contact_name.clone(),
            publisher_contact_phone: self.publisher_contact_phone.clone(),
            publisher_contact_email: self.publisher_contact_email.clone(),
            publisher_oid: self.publisher_oid.clone(),
            accrual_periodicity: self.accrual_periodicity.clone(),
            temporal_from: self.temporal_from.clone(),
            temporal_to: self.temporal_to.clone(),
            issued: self.issued.clone(),
            modified: self.modified.clone(),
            spatial: self.spatial.clone(),
            language: self.language.clone(),
            landing_page: self.landing_page.clone(),
            keywords: serde_json::from_str(&self.keywords).unwrap_or_default(),
            number_of_data: self.number_of_data,
            notes: self.notes.clone(),
            quality: self.quality.clone(),
            upload_method: self.upload_method.clone(),
            resources: Vec::new(),
            stats: None,
        }
    }
}

/// A resource row.
#[derive(Debug, Clone, Deserialize)]
struct ResourceRow {
    id: i64,
    resource_id: String,
    description: String,
    format: String,
    encoding: String,
    modified: String,
    access_url: String,
    download_url: String,
    metadata_source: String,
    record_count: Option<i64>,
    resource_field: String,
    downloads: i64,
    #[serde(default)]
    datastore_active: i64,
}

impl ResourceRow {
    fn view(self) -> Resource {
        Resource {
            id: self.id,
            downloads: self.downloads,
            datastore_active: self.datastore_active != 0,
            input: ResourceInput {
                resource_id: self.resource_id,
                description: self.description,
                format: self.format,
                encoding: self.encoding,
                modified: self.modified,
                access_url: self.access_url,
                download_url: self.download_url,
                metadata_source: self.metadata_source,
                record_count: self.record_count,
                resource_field: self.resource_field,
            },
        }
    }
}

/// A dataset by identifier, with its resources.
pub async fn dataset(db: &D1Database, identifier: &str) -> Result<Option<(DatasetRow, Vec<Resource>)>, ApiError> {
    let results = db
        .batch(vec![
            stmt(
                db,
                "SELECT d.*, o.title AS organization FROM datasets d JOIN organizations o ON o.id = d.organization_id \
                 WHERE d.identifier = ?1",
                &[text(identifier)],
            )?,
            stmt(
                db,
                "SELECT r.* FROM resources r JOIN datasets d ON d.id = r.dataset_id WHERE d.identifier = ?1 ORDER BY r.position",
                &[text(identifier)],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    let mut it = results.into_iter();
    let row: Option<DatasetRow> = match it.next() {
        Some(r) => r.results::<DatasetRow>().map_err(d1_err)?.into_iter().next(),
        None => None,
    };
    let resources: Vec<ResourceRow> = match it.next() {
        Some(r) => r.results().map_err(d1_err)?,
        None => Vec::new(),
    };
    Ok(row.map(|r| (r, resources.into_iter().map(ResourceRow::view).collect())))
}

/// Datasets by identifier, with resources, in one round trip per call (CKAN
/// `package_search` and the DCAT catalogue show full records).
pub async fn datasets_full(db: &D1Database, ids: &[i64]) -> Result<Vec<(DatasetRow, Vec<Resource>)>, ApiError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = serde_json::to_string(ids).map_err(crate::error::internal)?;
    let results = db
        .batch(vec![
            stmt(
                db,
                "SELECT d.*, o.title AS organization FROM datasets d JOIN organizations o ON o.id = d.organization_id \
                 WHERE d.id IN (SELECT value FROM json_each(?1))",
                &[text(&list)],
            )?,
            stmt(
                db,
                "SELECT r.* FROM resources r WHERE r.dataset_id IN (SELECT value FROM json_each(?1)) \
                 ORDER BY r.dataset_id, r.position",
                &[text(&list)],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    let mut it = results.into_iter();
    let rows: Vec<DatasetRow> = match it.next() {
        Some(r) => r.results().map_err(d1_err)?,
        None => Vec::new(),
    };
    #[derive(Deserialize)]
    struct WithDataset {
        dataset_id: i64,
        #[serde(flatten)]
        r: ResourceRow,
    }
    let res: Vec<WithDataset> = match it.next() {
        Some(r) => r.results().map_err(d1_err)?,
        None => Vec::new(),
    };
    let mut by_ds: HashMap<i64, Vec<Resource>> = HashMap::new();
    for w in res {
        by_ds.entry(w.dataset_id).or_default().push(w.r.view());
    }
    let mut by_id: HashMap<i64, DatasetRow> = rows.into_iter().map(|r| (r.id, r)).collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id).map(|r| (r, by_ds.remove(id).unwrap_or_default()))).collect())
}

/// Counts a page view.
pub async fn count_view(db: &D1Database, id: i64) -> Result<(), ApiError> {
    crate::db::run(db, "UPDATE datasets SET views = views + 1 WHERE id = ?1", &[int(id)]).await.map(|_| ())
}

/// Counts a download and returns the resource's URL (`None`: no such resource).
pub async fn count_download(db: &D1Database, resource: i64) -> Result<Option<String>, ApiError> {
    let results = db
        .batch(vec![
            stmt(db, "UPDATE resources SET downloads = downloads + 1 WHERE id = ?1", &[int(resource)])?,
            stmt(
                db,
                "UPDATE datasets SET downloads = downloads + 1 WHERE id = (SELECT dataset_id FROM resources WHERE id = ?1)",
                &[int(resource)],
            )?,
            stmt(db, "SELECT download_url, access_url FROM resources WHERE id = ?1", &[int(resource)])?,
        ])
        .await
        .map_err(d1_err)?;
    #[derive(Deserialize)]
    struct U {
        download_url: String,
        access_url: String,
    }
    let row: Option<U> = match results.into_iter().nth(2) {
        Some(r) => r.results::<U>().map_err(d1_err)?.into_iter().next(),
        None => None,
    };
    Ok(row.map(|u| if u.download_url.is_empty() { u.access_url } else { u.download_url }))
}

/// Catalogue-wide counts: (datasets, organizations, resources).
pub async fn totals(db: &D1Database) -> Result<(i64, i64, i64), ApiError> {
    #[derive(Deserialize)]
    struct T {
        d: i64,
        o: i64,
        r: i64,
    }
    let t: Option<T> = first(
        db,
        "SELECT (SELECT COUNT(*) FROM datasets) AS d, (SELECT COUNT(*) FROM organizations) AS o, \
         (SELECT COUNT(*) FROM resources) AS r",
        &[],
    )
    .await?;
    Ok(t.map(|t| (t.d, t.o, t.r)).unwrap_or((0, 0, 0)))
}

/// A dataset's row id and identifier.
#[derive(Deserialize)]
struct IdRow {
    id: i64,
    identifier: String,
}

/// (id, identifier) of the datasets among `identifiers` that exist, in one
/// statement however many are named.
pub async fn ids_by_identifier(db: &D1Database, identifiers: &[String]) -> Result<Vec<(i64, String)>, ApiError> {
    let rows: Vec<IdRow> = all(
        db,
        "SELECT id, identifier FROM datasets WHERE identifier IN (SELECT value FROM json_each(?1))",
        &[text(&serde_json::to_string(identifiers).map_err(crate::error::internal)?)],
    )
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.identifier)).collect())
}

/// Dataset ids in identifier order, for paged listings (`package_list`, the DCAT catalogue).
pub async fn page_ids(db: &D1Database, limit: i64, offset: i64) -> Result<Vec<(i64, String)>, ApiError> {
    let rows: Vec<IdRow> = all(
        db,
        "SELECT id, identifier FROM datasets ORDER BY identifier LIMIT ?1 OFFSET ?2",
        &[int(limit), int(offset)],
    )
    .await?;
    Ok(rows.into_iter().map(|r| (r.id, r.identifier)).collect())
}

/// Tags with their counts, most used first.
pub async fn tags(db: &D1Database, q: &str, limit: i64) -> Result<Vec<(String, i64)>, ApiError> {
    #[derive(Deserialize)]
    struct R {
        tag: String,
        n: i64,
    }
    let rows: Vec<R> = all(
        db,
        "SELECT tag, COUNT(*) AS n FROM dataset_tags WHERE (?1 = '' OR instr(tag, ?1) > 0) GROUP BY tag \
         ORDER BY n DESC, tag LIMIT ?2",
        &[text(q), int(limit)],
    )
    .await?;
    Ok(rows.into_iter().map(|r| (r.tag, r.n)).collect())
}

/// A change-log row.
#[derive(Debug, Clone, Deserialize)]
pub struct ChangeRow {
    /// Row id (the Atom entry id).
    pub id: i64,
    /// When (Unix seconds).
    pub at: i64,
    /// `created` or `updated`.
    pub kind: String,
    /// What changed.
    pub summary: String,
}

/// The latest changes of a dataset.
pub async fn changes_of(db: &D1Database, id: i64) -> Result<Vec<ChangeRow>, ApiError> {
    all(
        db,
        "SELECT id, at, kind, summary FROM dataset_changes WHERE dataset_id = ?1 ORDER BY at DESC, id DESC LIMIT 50",
        &[int(id)],
    )
    .await
}
