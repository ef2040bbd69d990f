//! SQL for the open data catalogue: idempotent imports, the faceted search,
//! dataset pages, download counting and the change log.
//!
//! Every import batch is one D1 batch (all-or-nothing), and each statement
//! stays under D1's 100 bound parameters: resources and tags travel as one
//! JSON argument and are unpacked with `json_each`.

use std::collections::HashMap;

use commons_domain::opendata::search_sql::{
    facet_cache_key, facet_column, search_sql, SqlArg, BUMP_GENERATION, FACET_LIMIT, SUMMARY_COLUMNS,
};
use commons_domain::opendata::{
    fnv1a, index_text, organization_slug, DatasetInput, DatasetStats, DatasetSummary, FacetValue, ImportOutcome,
    Resource, ResourceInput, SearchQuery,
};
use commons_domain::ApiError;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement};

use crate::db::{all, d1_err, first, int, stmt, text};

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

/// A search-result row.
#[derive(Debug, Clone, Deserialize)]
pub struct SummaryRow {
    id: i64,
    identifier: String,
    title: String,
    excerpt: String,
    organization_id: String,
    organization: String,
    category: String,
    formats: String,
    quality: String,
    issued: String,
    views: i64,
    downloads: i64,
    rating: Option<f64>,
}

impl SummaryRow {
    /// The wire form.
    pub fn view(self) -> DatasetSummary {
        DatasetSummary {
            id: self.id,
            identifier: self.identifier,
            title: self.title,
            excerpt: self.excerpt,
            organization_id: self.organization_id,
            organization: self.organization,
            category: self.category,
            formats: self.formats.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            quality: self.quality,
            issued: self.issued,
            views: self.views,
            downloads: self.downloads,
            rating: self.rating,
        }
    }
}

/// D1 arguments for domain-built SQL.
fn js_args(args: &[SqlArg]) -> Vec<JsValue> {
    args.iter()
        .map(|a| match a {
            SqlArg::Text(t) => text(t),
            SqlArg::Int(i) => int(*i),
        })
        .collect()
}

/// One facet count row.
#[derive(Debug, Clone, Deserialize)]
struct FacetRow {
    facet: String,
    value: Option<String>,
    label: Option<String>,
    n: i64,
}

/// The outcome of a search: rows, facets and the total.
pub struct SearchRows {
    /// The page.
    pub rows: Vec<SummaryRow>,
    /// (facet, values) in [`commons_domain::opendata::FACETS`] order.
    pub facets: Vec<(String, Vec<FacetValue>)>,
    /// All hits.
    pub total: i64,
}

/// Runs a search: the page and every facet's counts in one round trip.
pub async fn search(db: &D1Database, q: &SearchQuery) -> Result<SearchRows, ApiError> {
    let sql = search_sql(q);
    let key = facet_cache_key(q);
    // First round trip: the page, and the cached facet counts if still current.
    let results = db
        .batch(vec![
            stmt(db, &sql.page.sql, &js_args(&sql.page.args))?,
            stmt(
                db,
                "SELECT body FROM facet_cache WHERE key = ?1 \
                 AND generation = (SELECT n FROM catalogue_generation WHERE id = 1)",
                &[text(&key)],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    let mut it = results.into_iter();
    let rows: Vec<SummaryRow> = match it.next() {
        Some(r) => r.results().map_err(d1_err)?,
        None => Vec::new(),
    };
    #[derive(Deserialize)]
    struct Cached {
        body: String,
    }
    let cached: Option<Cached> = match it.next() {
        Some(r) => r.results::<Cached>().map_err(d1_err)?.into_iter().next(),
        None => None,
    };
    if let Some((facets, total)) =
        cached.and_then(|c| serde_json::from_str::<(Vec<(String, Vec<FacetValue>)>, i64)>(&c.body).ok())
    {
        return Ok(SearchRows { rows, facets, total });
    }
    // A miss: count the facets, then keep them for the next identical search.
    let mut stmts = Vec::new();
    for f in &sql.facets {
        stmts.push(stmt(db, &f.sql, &js_args(&f.args))?);
    }
    let mut facet_rows: Vec<FacetRow> = Vec::new();
    for r in db.batch(stmts).await.map_err(d1_err)? {
        facet_rows.extend(r.results::<FacetRow>().map_err(d1_err)?);
    }
    let (facets, total) = fold_facets(facet_rows);
    let body = serde_json::to_string(&(&facets, total)).map_err(crate::error::internal)?;
    let now = (worker::Date::now().as_millis() / 1000) as i64;
    db.batch(vec![
        stmt(
            db,
            "INSERT OR REPLACE INTO facet_cache (key, generation, body, created_at) \
             SELECT ?1, n, ?2, ?3 FROM catalogue_generation WHERE id = 1",
            &[text(&key), text(&body), int(now)],
        )?,
        // Rare queries should not pile up between catalogue changes.
        stmt(db, "DELETE FROM facet_cache WHERE created_at < ?1", &[int(now - 86_400)])?,
    ])
    .await
    .map_err(d1_err)?;
    Ok(SearchRows { rows, facets, total })
}

/// Facet rows into (facet, values) in display order, and the `_total` count.
fn fold_facets(facet_rows: Vec<FacetRow>) -> (Vec<(String, Vec<FacetValue>)>, i64) {
    let mut total = 0;
    // The filterable facets, then tags (filtered through `tag=`).
    let mut facets: Vec<(String, Vec<FacetValue>)> =
        commons_domain::opendata::FACETS.iter().chain(["tag"].iter()).map(|f| (f.to_string(), Vec::new())).collect();
    for r in facet_rows {
        if r.facet == "_total" {
            total = r.n;
            continue;
        }
        let Some(value) = r.value.filter(|v| !v.is_empty()) else { continue };
        if let Some((_, vals)) = facets.iter_mut().find(|(name, _)| *name == r.facet) {
            vals.push(FacetValue { label: r.label.unwrap_or_else(|| value.clone()), value, count: r.n });
        }
    }
    for (_, vals) in &mut facets {
        vals.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        vals.truncate(FACET_LIMIT);
    }
    (facets, total)
}

/// The filter values in `q` that no dataset has (so the caller can say so).
pub async fn unknown_filter_values(db: &D1Database, q: &SearchQuery) -> Result<Vec<(String, String)>, ApiError> {
    if q.filters.is_empty() && q.tags.is_empty() {
        return Ok(Vec::new());
    }
    let mut parts = Vec::new();
    let mut args = Vec::new();
    let checks =
        q.filters.iter().map(|(f, v)| (f.as_str(), v.as_str())).chain(q.tags.iter().map(|t| ("tags", t.as_str())));
    for (f, v) in checks {
        args.push(text(f));
        args.push(text(v));
        let (fi, vi) = (args.len() - 1, args.len());
        let exists = match (f, facet_column(f)) {
            (_, Some(col)) => format!("EXISTS (SELECT 1 FROM datasets d WHERE {col} = ?{vi})"),
            ("tags", _) => format!("EXISTS (SELECT 1 FROM dataset_tags WHERE tag = ?{vi})"),
            _ => format!("EXISTS (SELECT 1 FROM resources WHERE format = ?{vi})"),
        };
        parts.push(format!("SELECT ?{fi} AS facet, ?{vi} AS value, {exists} AS known"));
    }
    #[derive(Deserialize)]
    struct K {
        facet: String,
        value: String,
        known: i64,
    }
    let rows: Vec<K> = all(db, &parts.join(" UNION ALL "), &args).await?;
    Ok(rows.into_iter().filter(|k| k.known == 0).map(|k| (k.facet, k.value)).collect())
}

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

/// Datasets whose titles share the most words with `title` (by the search
/// index's own ranking), excluding `id`.
pub async fn similar(db: &D1Database, id: i64, title: &str, limit: i64) -> Result<Vec<SummaryRow>, ApiError> {
    let toks: Vec<String> =
        commons_domain::common::search::query_tokens(title).into_iter().take(16).map(|t| format!("\"{t}\"")).collect();
    if toks.is_empty() {
        return Ok(Vec::new());
    }
    all(
        db,
        &format!(
            "SELECT {SUMMARY_COLUMNS} FROM dataset_fts JOIN datasets d ON d.id = dataset_fts.rowid \
             JOIN organizations o ON o.id = d.organization_id \
             WHERE dataset_fts MATCH ?1 AND d.id != ?2 ORDER BY bm25(dataset_fts, 8.0, 1.0) LIMIT ?3"
        ),
        &[text(&format!("title : ({})", toks.join(" OR "))), int(id), int(limit)],
    )
    .await
}

/// Summaries by a plain ORDER BY (home page lists).
pub async fn top(db: &D1Database, order: &str, limit: i64) -> Result<Vec<SummaryRow>, ApiError> {
    let order = match order {
        "newest" => "d.issued DESC, d.id DESC",
        _ => "d.views DESC, d.id DESC",
    };
    all(
        db,
        &format!("SELECT {SUMMARY_COLUMNS} FROM datasets d JOIN organizations o ON o.id = d.organization_id ORDER BY {order} LIMIT ?1"),
        &[int(limit)],
    )
    .await
}

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

/// Dataset ids in identifier order, for paged listings (`package_list`, the DCAT catalogue).
pub async fn page_ids(db: &D1Database, limit: i64, offset: i64) -> Result<Vec<(i64, String)>, ApiError> {
    #[derive(Deserialize)]
    struct R {
        id: i64,
        identifier: String,
    }
    let rows: Vec<R> = all(
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
