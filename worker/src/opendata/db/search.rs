//! SQL for the catalogue's search: the faceted search (with its facet
//! cache), the check that filter values exist, similar titles and the home
//! page's lists.

use commons_domain::opendata::search_sql::{
    facet_cache_key, search_sql, unknown_values_sql, SqlArg, FACET_LIMIT, SUMMARY_COLUMNS,
};
use commons_domain::opendata::{DatasetSummary, FacetValue, SearchQuery};
use commons_domain::ApiError;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::D1Database;

use crate::db::{all, d1_err, int, stmt, text};

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

/// The filter values in `q` that no dataset has (so the caller can say so),
/// in one statement whatever their number (see `unknown_values_sql`).
pub async fn unknown_filter_values(db: &D1Database, q: &SearchQuery) -> Result<Vec<(String, String)>, ApiError> {
    if q.filters.is_empty() && q.tags.is_empty() {
        return Ok(Vec::new());
    }
    #[derive(Deserialize)]
    struct K {
        facet: String,
        value: String,
        known: i64,
    }
    let st = unknown_values_sql(q);
    let rows: Vec<K> = all(db, &st.sql, &js_args(&st.args)).await?;
    Ok(rows.into_iter().filter(|k| k.known == 0).map(|k| (k.facet, k.value)).collect())
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
