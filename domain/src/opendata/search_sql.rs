//! The SQL of the catalogue search, built from a [`SearchQuery`].
//!
//! It lives here, as pure strings and arguments, so the Worker (through D1)
//! and the benchmark (through rusqlite, on the same SQLite file) run exactly
//! the same statements: the benchmark's "physical floor" is then honest.

use crate::opendata::SearchQuery;

/// A bound argument.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlArg {
    /// Text.
    Text(String),
    /// Integer.
    Int(i64),
}

/// One statement with its arguments (`?1`, `?2`… in order).
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// SQL text.
    pub sql: String,
    /// Arguments.
    pub args: Vec<SqlArg>,
}

/// The statements of one search: the page first, then the facet counts.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchSql {
    /// The page of [`SUMMARY_COLUMNS`] rows.
    pub page: Statement,
    /// Facet rows `(facet, value, label, n)`; the `_total` facet carries the hit count.
    pub facets: Vec<Statement>,
}

/// Columns of a search-result row (`d` = datasets, `o` = organizations).
pub const SUMMARY_COLUMNS: &str = "d.id, d.identifier, d.title, substr(d.description, 1, 160) AS excerpt, \
d.organization_id, o.title AS organization, d.category, d.formats, d.quality, d.issued, d.views, d.downloads, d.rating";

/// Facet values kept per facet (agencies are many; the rest are few).
pub const FACET_LIMIT: usize = 50;

/// The column a plain facet filters on (`None` for `format`, which needs a join).
pub fn facet_column(facet: &str) -> Option<&'static str> {
    match facet {
        "organization" => Some("d.organization_id"),
        "category" => Some("d.category"),
        "license" => Some("d.license"),
        "frequency" => Some("d.accrual_periodicity"),
        "quality" => Some("d.quality"),
        _ => None,
    }
}

/// The FROM and WHERE of a search, with their arguments, and whether the
/// full-text index is in play (so `bm25()` can rank).
struct Filtered {
    from: String,
    where_: String,
    args: Vec<SqlArg>,
    ranked: bool,
}

fn filtered(q: &SearchQuery) -> Filtered {
    let mut args = Vec::new();
    let mut conds: Vec<String> = Vec::new();
    let (from, ranked) = match crate::common::search::fts_match(&q.q) {
        Some(m) => {
            args.push(SqlArg::Text(m));
            conds.push("dataset_fts MATCH ?1".into());
            ("dataset_fts JOIN datasets d ON d.id = dataset_fts.rowid".to_string(), true)
        }
        None => ("datasets d".to_string(), false),
    };
    // Several values of one facet are ORed; different facets are ANDed.
    let mut by_facet: Vec<(&str, Vec<&str>)> = Vec::new();
    for (f, v) in &q.filters {
        match by_facet.iter_mut().find(|(name, _)| name == f) {
            Some((_, vals)) => vals.push(v),
            None => by_facet.push((f, vec![v])),
        }
    }
    for (facet, vals) in by_facet {
        let mut ph = Vec::new();
        for v in vals {
            args.push(SqlArg::Text(v.to_string()));
            ph.push(format!("?{}", args.len()));
        }
        let list = ph.join(", ");
        match facet_column(facet) {
            Some(col) => conds.push(format!("{col} IN ({list})")),
            None => conds.push(format!("d.id IN (SELECT dataset_id FROM resources WHERE format IN ({list}))")),
        }
    }
    for t in &q.tags {
        args.push(SqlArg::Text(t.clone()));
        conds.push(format!("d.id IN (SELECT dataset_id FROM dataset_tags WHERE tag = ?{})", args.len()));
    }
    let where_ = if conds.is_empty() { "1".to_string() } else { conds.join(" AND ") };
    Filtered { from, where_, args, ranked }
}

/// Builds the statements of a search.
pub fn search_sql(q: &SearchQuery) -> SearchSql {
    let f = filtered(q);
    let order = match (q.sort.as_str(), f.ranked) {
        // bm25 weights: a title match counts 8 times a body match.
        ("relevance", true) => "bm25(dataset_fts, 8.0, 1.0), d.views DESC",
        ("newest", _) => "d.issued DESC, d.id DESC",
        ("downloads", _) => "d.downloads DESC, d.id DESC",
        ("rating", _) => "d.rating IS NULL, d.rating DESC, d.views DESC, d.id DESC",
        _ => "d.views DESC, d.id DESC",
    };
    let mut page_args = f.args.clone();
    page_args.push(SqlArg::Int(q.limit));
    page_args.push(SqlArg::Int(q.offset));
    let n = page_args.len();
    let page = Statement {
        sql: format!(
            "SELECT {SUMMARY_COLUMNS} FROM {} JOIN organizations o ON o.id = d.organization_id WHERE {} \
             ORDER BY {order} LIMIT ?{} OFFSET ?{}",
            f.from,
            f.where_,
            n - 1,
            n
        ),
        args: page_args,
    };
    // D1 caps compound SELECTs, so the scalar facets are counted in one pass by
    // crossing each matching row with the facet names, and the two facets that
    // need a join (formats, tags) get a statement each.
    //
    // A facet with an active filter is counted without its own filter
    // (disjunctive faceting): its values are alternatives to OR in, so each
    // count says how many results choosing that value too would add.
    let filtered_facets: Vec<&str> =
        crate::opendata::FACETS.iter().copied().filter(|f| q.filters.iter().any(|(name, _)| name == f)).collect();
    let cte = |f: &Filtered| {
        format!(
            "WITH m AS MATERIALIZED (SELECT d.id, d.organization_id, d.category, d.license, d.accrual_periodicity, d.quality \
             FROM {} WHERE {})",
            f.from, f.where_
        )
    };
    let m = cte(&f);
    let scalar_names: Vec<&str> = ["organization", "category", "license", "frequency", "quality"]
        .into_iter()
        .filter(|n| !filtered_facets.contains(n))
        .chain(["_total"])
        .collect();
    let scalar_list = serde_json::to_string(&scalar_names).unwrap_or_else(|_| "[\"_total\"]".into());
    let scalar_select = |names: &str| {
        format!(
            "SELECT g.facet, g.value, CASE WHEN g.facet = 'organization' THEN \
               (SELECT title FROM organizations WHERE id = g.value) ELSE g.value END AS label, g.n FROM ( \
             SELECT j.value AS facet, CASE j.value WHEN 'organization' THEN m.organization_id WHEN 'category' THEN m.category \
               WHEN 'license' THEN m.license WHEN 'frequency' THEN m.accrual_periodicity WHEN 'quality' THEN m.quality END AS value, \
               COUNT(*) AS n \
             FROM m, json_each('{names}') j GROUP BY 1, 2) g"
        )
    };
    let format_select =
        "SELECT 'format' AS facet, r.format AS value, r.format AS label, COUNT(DISTINCT r.dataset_id) AS n \
         FROM m JOIN resources r ON r.dataset_id = m.id GROUP BY r.format";
    let tag = format!(
        "{m} SELECT 'tag' AS facet, t.tag AS value, t.tag AS label, COUNT(*) AS n \
         FROM m JOIN dataset_tags t ON t.dataset_id = m.id GROUP BY t.tag ORDER BY n DESC LIMIT {FACET_LIMIT}"
    );
    let mut facets = vec![Statement { sql: format!("{m} {}", scalar_select(&scalar_list)), args: f.args.clone() }];
    if !filtered_facets.contains(&"format") {
        facets.push(Statement { sql: format!("{m} {format_select}"), args: f.args.clone() });
    }
    facets.push(Statement { sql: tag, args: f.args.clone() });
    for facet in filtered_facets {
        let without =
            SearchQuery { filters: q.filters.iter().filter(|(name, _)| name != facet).cloned().collect(), ..q.clone() };
        let fw = filtered(&without);
        let sql = if facet == "format" {
            format!("{} {format_select}", cte(&fw))
        } else {
            format!("{} {}", cte(&fw), scalar_select(&format!("[\"{facet}\"]")))
        };
        facets.push(Statement { sql, args: fw.args });
    }
    SearchSql { page, facets }
}

/// The statement that tells, for each filter value of `q`, whether any
/// dataset has it: rows `(facet, value, known)`. The values travel as one
/// JSON argument, so any number of them binds one parameter and builds no
/// compound SELECT (D1 allows only a few terms in one).
pub fn unknown_values_sql(q: &SearchQuery) -> Statement {
    let pairs: Vec<(&str, &str)> = q
        .filters
        .iter()
        .map(|(f, v)| (f.as_str(), v.as_str()))
        .chain(q.tags.iter().map(|t| ("tags", t.as_str())))
        .collect();
    let value = "json_extract(j.value, '$[1]')";
    let mut cases: Vec<String> = crate::opendata::FACETS
        .iter()
        .filter_map(|f| facet_column(f).map(|col| (f, col)))
        .map(|(f, col)| format!("WHEN '{f}' THEN EXISTS (SELECT 1 FROM datasets d WHERE {col} = {value})"))
        .collect();
    cases.push(format!("WHEN 'tags' THEN EXISTS (SELECT 1 FROM dataset_tags WHERE tag = {value})"));
    Statement {
        sql: format!(
            "SELECT json_extract(j.value, '$[0]') AS facet, {value} AS value, \
             CASE json_extract(j.value, '$[0]') {} ELSE EXISTS (SELECT 1 FROM resources WHERE format = {value}) END AS known \
             FROM json_each(?1) j",
            cases.join(" ")
        ),
        args: vec![SqlArg::Text(serde_json::to_string(&pairs).unwrap_or_else(|_| "[]".into()))],
    }
}

/// The facet-cache key of a search: what decides its facet counts (the
/// query's tokens and the filters), not its sort or page.
pub fn facet_cache_key(q: &SearchQuery) -> String {
    let mut filters: Vec<String> = q.filters.iter().map(|(f, v)| format!("{f}={v}")).collect();
    filters.extend(q.tags.iter().map(|t| format!("tag={t}")));
    filters.sort();
    filters.dedup();
    let mut toks = crate::common::search::query_tokens(&q.q);
    toks.sort();
    format!("q={}\u{1f}{}", toks.join(" "), filters.join("\u{1f}"))
}

/// The statements that invalidate cached facet counts (append to any batch
/// that changes catalogue metadata).
pub const BUMP_GENERATION: [&str; 2] =
    ["UPDATE catalogue_generation SET n = n + 1 WHERE id = 1", "DELETE FROM facet_cache"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_bind_values_and_never_splice_them() {
        let q = SearchQuery {
            q: "年金".into(),
            filters: vec![
                ("category".into(), "x' OR 1=1 --".into()),
                ("category".into(), "b".into()),
                ("format".into(), "CSV".into()),
            ],
            tags: vec!["水".into()],
            sort: "relevance".into(),
            limit: 20,
            offset: 0,
        };
        let s = search_sql(&q);
        assert!(!s.page.sql.contains("OR 1=1"));
        assert!(s.page.sql.contains("d.category IN (?2, ?3)"));
        assert!(s.page.sql.contains("bm25"));
        assert_eq!(s.page.args.len(), 1 + 3 + 1 + 2);
        // The base counts, tags, then one statement per filtered facet without its own filter.
        assert_eq!(s.facets.len(), 4);
        assert!(!s.facets[2].sql.contains("d.category IN"), "category counted without its own filter");
        assert!(s.facets[2].sql.contains("format IN"), "but with the other filters");
        assert!(s.facets[3].sql.contains("d.category IN") && !s.facets[3].sql.contains("format IN"));
    }

    /// The largest search `validate` lets through.
    fn largest_query() -> SearchQuery {
        let long = "類".repeat(crate::opendata::MAX_FILTER_VALUE_CHARS);
        let mut filters: Vec<(String, String)> = Vec::new();
        for f in crate::opendata::FACETS {
            for _ in 0..3 {
                filters.push((f.to_string(), long.clone()));
            }
        }
        let tags = vec![long.clone(); crate::opendata::MAX_SEARCH_FILTERS - filters.len()];
        let words: Vec<String> = (0..crate::common::d1::MAX_QUERY_TOKENS).map(|i| format!("w{i}")).collect();
        let q =
            SearchQuery { q: words.join(" "), filters, tags, sort: "relevance".into(), limit: 1000, offset: 100_000 };
        q.validate().expect("the largest valid query");
        q
    }

    #[test]
    fn the_largest_valid_search_stays_within_d1_limits() {
        use crate::common::d1::{MAX_BOUND_PARAMS, MAX_STATEMENT_BYTES};
        let q = largest_query();
        let s = search_sql(&q);
        let u = unknown_values_sql(&q);
        for st in std::iter::once(&s.page).chain(&s.facets).chain(std::iter::once(&u)) {
            assert!(st.args.len() <= MAX_BOUND_PARAMS, "{} arguments", st.args.len());
            assert!(st.sql.len() <= MAX_STATEMENT_BYTES);
            assert!(!st.sql.contains("UNION"), "no compound SELECT: {}", st.sql);
            let highest = (1..=st.args.len()).rev().find(|i| st.sql.contains(&format!("?{i}")));
            assert_eq!(highest, Some(st.args.len()), "every argument is used");
        }
        assert_eq!(u.args.len(), 1, "every filter value is in one JSON argument");
        // One more filter, a longer value or more words: refused, not sent.
        let mut more = q.clone();
        more.tags.push("x".into());
        assert!(more.validate().is_err());
        let mut longer = q.clone();
        longer.tags[0].push('x');
        assert!(longer.validate().unwrap_err().message.starts_with("tag: at most"));
        let mut wordier = q.clone();
        wordier.q.push_str(" extra");
        assert!(wordier.validate().unwrap_err().message.starts_with("q: at most"));
    }

    #[test]
    fn the_cache_key_ignores_sort_page_and_order() {
        let a = SearchQuery {
            q: "年金 國民".into(),
            filters: vec![("category".into(), "a".into()), ("quality".into(), "金".into())],
            sort: "views".into(),
            limit: 20,
            offset: 40,
            ..Default::default()
        };
        let b = SearchQuery {
            q: "國民 年金".into(),
            filters: vec![("quality".into(), "金".into()), ("category".into(), "a".into())],
            sort: "relevance".into(),
            limit: 10,
            ..Default::default()
        };
        assert_eq!(facet_cache_key(&a), facet_cache_key(&b), "same tokens and filters, any order");
        assert_ne!(facet_cache_key(&a), facet_cache_key(&SearchQuery { q: "年金".into(), ..Default::default() }));
    }
}
