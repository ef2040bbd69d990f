//! SQL for the catalogue's imports: idempotent upserts of whole batches
//! (admin imports and a publisher's own dataset), with resources, tags, the
//! search index, the change log and the subscribers' notifications.
//!
//! Every import batch is one D1 batch (all-or-nothing), and each statement
//! stays under D1's 100 bound parameters: resources and tags travel as one
//! JSON argument and are unpacked with `json_each`.

use std::collections::HashMap;

use commons_domain::opendata::search_sql::BUMP_GENERATION;
use commons_domain::opendata::{fnv1a, index_text, organization_slug, DatasetInput, DatasetStats, ImportOutcome};
use commons_domain::ApiError;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

use crate::db::{all, d1_err, int, stmt, text};

/// What the import needs to know about a dataset that already exists.
#[derive(Debug, Clone, Deserialize)]
struct Existing {
    identifier: String,
    organization_id: String,
    title: String,
    content_hash: String,
    views: i64,
    downloads: i64,
    rating: Option<f64>,
}

/// A JS value for an optional number.
fn opt_f64(v: Option<f64>) -> JsValue {
    v.map(JsValue::from_f64).unwrap_or(JsValue::NULL)
}

/// A JS value for an optional integer.
fn opt_int(v: Option<i64>) -> JsValue {
    v.map(int).unwrap_or(JsValue::NULL)
}

/// The hash that decides whether a re-import changed anything.
pub fn content_hash(d: &DatasetInput) -> String {
    format!("{:016x}", fnv1a(serde_json::to_string(d).unwrap_or_default().as_bytes()))
}

/// Distinct formats of the resources, space-joined (the list rows show them).
fn formats_of(d: &DatasetInput) -> String {
    let mut f: Vec<&str> = d.resources.iter().map(|r| r.format.as_str()).filter(|f| !f.is_empty()).collect();
    f.sort_unstable();
    f.dedup();
    f.join(" ")
}

/// The 38 metadata columns, in the order [`metadata_args`] binds them.
const META_COLUMNS: &str = "title, description, field_description, data_type, category, license, license_url, cost, \
cost_url, cost_law, organization_id, organization_contact_name, organization_contact_phone, organization_contact_email, \
publisher, publisher_contact_name, publisher_contact_phone, publisher_contact_email, publisher_oid, accrual_periodicity, \
temporal_from, temporal_to, issued, modified, spatial, language, landing_page, keywords, number_of_data, notes, quality, \
upload_method, formats, content_hash, source";

/// Arguments for [`META_COLUMNS`] (35 values).
fn metadata_args(d: &DatasetInput, org_id: &str, hash: &str, source: &str) -> Vec<JsValue> {
    let keywords = serde_json::to_string(&d.keywords).unwrap_or_else(|_| "[]".into());
    let mut v: Vec<JsValue> = [
        &d.title,
        &d.description,
        &d.field_description,
        &d.data_type,
        &d.category,
        &d.license,
        &d.license_url,
        &d.cost,
        &d.cost_url,
        &d.cost_law,
    ]
    .iter()
    .map(|s| text(s))
    .collect();
    v.push(text(org_id));
    for s in [
        &d.organization_contact_name,
        &d.organization_contact_phone,
        &d.organization_contact_email,
        &d.publisher,
        &d.publisher_contact_name,
        &d.publisher_contact_phone,
        &d.publisher_contact_email,
        &d.publisher_oid,
        &d.accrual_periodicity,
        &d.temporal_from,
        &d.temporal_to,
        &d.issued,
        &d.modified,
        &d.spatial,
        &d.language,
        &d.landing_page,
    ] {
        v.push(text(s));
    }
    v.push(text(&keywords));
    v.push(opt_int(d.number_of_data));
    v.push(text(&d.notes));
    v.push(text(&d.quality));
    v.push(text(&d.upload_method));
    v.push(text(&formats_of(d)));
    v.push(text(hash));
    v.push(text(source));
    v
}

/// Statements that (re)write a dataset's resources, tags and index entry.
/// Resources are upserted by position, so their ids (and download counts)
/// survive a re-import.
fn children(db: &D1Database, identifier: &str, d: &DatasetInput) -> Result<Vec<D1PreparedStatement>, ApiError> {
    let resources = serde_json::to_string(&d.resources).map_err(crate::error::internal)?;
    let tags = serde_json::to_string(&d.keywords).map_err(crate::error::internal)?;
    let (title_idx, body_idx) = index_text(d);
    Ok(vec![
        stmt(
            db,
            "INSERT INTO resources (dataset_id, position, resource_id, description, format, encoding, modified, access_url, \
             download_url, metadata_source, record_count, resource_field) \
             SELECT d.id, j.key, json_extract(j.value, '$.resource_id'), json_extract(j.value, '$.description'), \
             json_extract(j.value, '$.format'), json_extract(j.value, '$.encoding'), json_extract(j.value, '$.modified'), \
             json_extract(j.value, '$.access_url'), json_extract(j.value, '$.download_url'), \
             json_extract(j.value, '$.metadata_source'), json_extract(j.value, '$.record_count'), \
             json_extract(j.value, '$.resource_field') \
             FROM datasets d, json_each(?2) j WHERE d.identifier = ?1 \
             ON CONFLICT (dataset_id, position) DO UPDATE SET resource_id = excluded.resource_id, \
             description = excluded.description, format = excluded.format, encoding = excluded.encoding, \
             modified = excluded.modified, access_url = excluded.access_url, download_url = excluded.download_url, \
             metadata_source = excluded.metadata_source, record_count = excluded.record_count, \
             resource_field = excluded.resource_field",
            &[text(identifier), text(&resources)],
        )?,
        stmt(
            db,
            "DELETE FROM resources WHERE dataset_id = (SELECT id FROM datasets WHERE identifier = ?1) AND position >= ?2 \
             AND position < 1000",
            &[text(identifier), int(d.resources.len() as i64)],
        )?,
        stmt(db, "DELETE FROM dataset_tags WHERE dataset_id = (SELECT id FROM datasets WHERE identifier = ?1)", &[
            text(identifier),
        ])?,
        stmt(
            db,
            "INSERT OR IGNORE INTO dataset_tags (dataset_id, tag) SELECT d.id, j.value FROM datasets d, json_each(?2) j \
             WHERE d.identifier = ?1",
            &[text(identifier), text(&tags)],
        )?,
        stmt(db, "DELETE FROM dataset_fts WHERE rowid = (SELECT id FROM datasets WHERE identifier = ?1)", &[text(
            identifier,
        )])?,
        stmt(
            db,
            "INSERT INTO dataset_fts (rowid, title, body) SELECT id, ?2, ?3 FROM datasets WHERE identifier = ?1",
            &[text(identifier), text(&title_idx), text(&body_idx)],
        )?,
    ])
}

/// How one import item will be written.
enum Plan {
    /// A new dataset.
    Create,
    /// Full metadata replaces an existing dataset.
    Replace,
    /// A statistics row updates an existing dataset's counters only.
    Stats(String, DatasetStats),
    /// Nothing to do.
    Unchanged,
}

/// Imports a batch of validated datasets (failures already collected by the
/// caller); idempotent: identical data writes nothing.
pub async fn import(
    db: &D1Database,
    source: &str,
    items: &[(usize, DatasetInput)],
    mut outcome: ImportOutcome,
    now: i64,
) -> Result<ImportOutcome, ApiError> {
    let ids: Vec<&str> = items.iter().map(|(_, d)| d.identifier.as_str()).collect();
    let pairs: Vec<(String, &str)> =
        items.iter().map(|(_, d)| (organization_slug(&d.organization), d.title.as_str())).collect();
    let existing: Vec<Existing> = all(
        db,
        "SELECT identifier, organization_id, title, content_hash, views, downloads, rating FROM datasets \
         WHERE identifier IN (SELECT value FROM json_each(?1)) \
         OR (?3 AND source != 'stats' AND (organization_id, title) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?2)))",
        &[
            text(&serde_json::to_string(&ids).map_err(crate::error::internal)?),
            text(&serde_json::to_string(&pairs).map_err(crate::error::internal)?),
            JsValue::from_bool(source == "stats"),
        ],
    )
    .await?;
    let mut by_id: HashMap<String, Existing> = HashMap::new();
    // Statistics rows carry no identifier: they update the full-metadata
    // dataset with the same agency and title, each such dataset claimed once.
    let mut by_pair: HashMap<(String, String), String> = HashMap::new();
    for e in existing {
        if !e.identifier.starts_with("s-") {
            by_pair.insert((e.organization_id.clone(), e.title.clone()), e.identifier.clone());
        }
        by_id.insert(e.identifier.clone(), e);
    }
    let mut stmts = Vec::new();
    let mut orgs_done = std::collections::HashSet::new();
    for (_, d) in items {
        let org_id = organization_slug(&d.organization);
        let hash = content_hash(d);
        let target = if source == "stats" {
            by_id
                .contains_key(&d.identifier)
                .then(|| d.identifier.clone())
                .or_else(|| by_pair.remove(&(org_id.clone(), d.title.clone())))
        } else {
            by_id.contains_key(&d.identifier).then(|| d.identifier.clone())
        };
        let plan = match (&target, source) {
            (None, _) => Plan::Create,
            (Some(t), "stats") => {
                let e = &by_id[t];
                let s = d.stats.unwrap_or_default();
                if e.views == s.views && e.downloads == s.downloads && e.rating == s.rating {
                    Plan::Unchanged
                } else {
                    Plan::Stats(t.clone(), s)
                }
            }
            (Some(t), _) if by_id[t].content_hash == hash => Plan::Unchanged,
            (Some(_), _) => Plan::Replace,
        };
        if matches!(plan, Plan::Create) && orgs_done.insert(org_id.clone()) {
            stmts.push(stmt(
                db,
                "INSERT OR IGNORE INTO organizations (id, title, created_at) VALUES (?1, ?2, ?3)",
                &[text(&org_id), text(&d.organization), int(now)],
            )?);
        }
        let stats = d.stats.unwrap_or_default();
        match plan {
            Plan::Create => {
                outcome.created += 1;
                let mut args = metadata_args(d, &org_id, &hash, source);
                args.extend([
                    text(&d.identifier),
                    int(stats.views),
                    int(stats.downloads),
                    opt_f64(stats.rating),
                    int(now),
                ]);
                let placeholders: Vec<String> = (1..=args.len()).map(|i| format!("?{i}")).collect();
                let sql = format!(
                    "INSERT INTO datasets ({META_COLUMNS}, identifier, views, downloads, rating, created_at, updated_at) \
                     VALUES ({}, ?{})",
                    placeholders.join(", "),
                    args.len()
                );
                stmts.push(stmt(db, &sql, &args)?);
                stmts.extend(children(db, &d.identifier, d)?);
                stmts.push(change(db, &d.identifier, "created", "", now)?);
                by_id.insert(
                    d.identifier.clone(),
                    Existing {
                        identifier: d.identifier.clone(),
                        organization_id: org_id,
                        title: d.title.clone(),
                        content_hash: hash,
                        views: stats.views,
                        downloads: stats.downloads,
                        rating: stats.rating,
                    },
                );
            }
            Plan::Replace => {
                outcome.updated += 1;
                stmts.push(stmt(
                    db,
                    "INSERT OR IGNORE INTO organizations (id, title, created_at) VALUES (?1, ?2, ?3)",
                    &[text(&org_id), text(&d.organization), int(now)],
                )?);
                let mut args = metadata_args(d, &org_id, &hash, source);
                let n = args.len();
                args.push(int(now));
                args.push(text(&d.identifier));
                let sets: Vec<String> =
                    META_COLUMNS.split(", ").enumerate().map(|(i, c)| format!("{} = ?{}", c.trim(), i + 1)).collect();
                let mut sql = format!("UPDATE datasets SET {}, updated_at = ?{}", sets.join(", "), n + 1);
                if let Some(s) = d.stats {
                    args.extend([int(s.views), int(s.downloads), opt_f64(s.rating)]);
                    sql.push_str(&format!(", views = ?{}, downloads = ?{}, rating = ?{}", n + 3, n + 4, n + 5));
                }
                sql.push_str(&format!(" WHERE identifier = ?{}", n + 2));
                stmts.push(stmt(db, &sql, &args)?);
                stmts.extend(children(db, &d.identifier, d)?);
                stmts.push(change(db, &d.identifier, "updated", "metadata", now)?);
                stmts.push(stmt(
                    db,
                    "INSERT INTO notifications (user_id, kind, params, link, created_at) \
                     SELECT s.user_id, 'dataset_updated', json_object('title', d.title, 'what', 'metadata'), \
                     '/data/datasets/' || d.identifier, ?2 \
                     FROM dataset_subscriptions s JOIN datasets d ON d.id = s.dataset_id WHERE d.identifier = ?1",
                    &[text(&d.identifier), int(now)],
                )?);
                stmts.push(stmt(
                    db,
                    "DELETE FROM dataset_overdue WHERE dataset_id = (SELECT id FROM datasets WHERE identifier = ?1)",
                    &[text(&d.identifier)],
                )?);
                if let Some(e) = by_id.get_mut(&d.identifier) {
                    e.content_hash = hash;
                }
            }
            Plan::Stats(target, s) => {
                outcome.updated += 1;
                stmts.push(stmt(
                    db,
                    "UPDATE datasets SET views = ?2, downloads = ?3, rating = ?4, updated_at = ?5, \
                     issued = CASE WHEN issued = '' THEN ?6 ELSE issued END WHERE identifier = ?1",
                    &[text(&target), int(s.views), int(s.downloads), opt_f64(s.rating), int(now), text(&d.issued)],
                )?);
                if let Some(e) = by_id.get_mut(&target) {
                    (e.views, e.downloads, e.rating) = (s.views, s.downloads, s.rating);
                }
            }
            Plan::Unchanged => outcome.unchanged += 1,
        }
    }
    if outcome.created + outcome.updated > 0 {
        for sql in BUMP_GENERATION {
            stmts.push(stmt(db, sql, &[])?);
        }
    }
    if !stmts.is_empty() {
        db.batch(stmts).await.map_err(d1_err)?;
    }
    Ok(outcome)
}

/// A change-log row for the Atom feed.
fn change(
    db: &D1Database,
    identifier: &str,
    kind: &str,
    summary: &str,
    now: i64,
) -> Result<D1PreparedStatement, ApiError> {
    stmt(
        db,
        "INSERT INTO dataset_changes (dataset_id, at, kind, summary) SELECT id, ?2, ?3, ?4 FROM datasets WHERE identifier = ?1",
        &[text(identifier), int(now), text(kind), text(summary)],
    )
}
