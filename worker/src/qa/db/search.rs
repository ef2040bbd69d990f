//! Finding questions: the full-text search page and its cache, FAQ hits,
//! suggestions while a title is typed, and the questions linked to a dataset
//! or an instrument.
//!
//! The search index (`qa_fts`) holds visible questions only; `faq_fts` holds
//! the FAQ. Cached pages (migration 0009) carry the generation they were
//! computed from, and any write that could change a page bumps it.

use commons_domain::common::locale::rfc3339_utc;
use commons_domain::qa::{Answered, FaqEntry, QuestionSearch, QuestionSort, QuestionSummary};
use commons_domain::ApiError;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::D1Database;

use super::{count_of, rows};
use crate::db::{all, count, d1_err, first, int, stmt, text};

/// A question row of a list.
#[derive(Deserialize)]
struct SummaryRow {
    id: i64,
    title: String,
    tags: String,
    score: i64,
    answer_count: i64,
    accepted_answer_id: Option<i64>,
    views: i64,
    author: String,
    created_at: i64,
    last_activity_at: i64,
}

impl SummaryRow {
    fn view(self) -> QuestionSummary {
        QuestionSummary {
            id: self.id,
            title: self.title,
            tags: serde_json::from_str(&self.tags).unwrap_or_default(),
            score: self.score,
            answer_count: self.answer_count,
            answered: self.accepted_answer_id.is_some(),
            views: self.views,
            author: self.author,
            created_at: rfc3339_utc(self.created_at),
            last_activity_at: rfc3339_utc(self.last_activity_at),
        }
    }
}

/// The condition on a `qa_fts` row that it is not a hidden question.
const NOT_HIDDEN: &str = "rowid NOT IN (SELECT id FROM qa_questions WHERE hidden = 1)";

/// The columns of a [`SummaryRow`] (`q` is the question, `u` its author).
const SUMMARY: &str = "q.id, q.title, q.tags, q.score, q.answer_count, q.accepted_answer_id, q.views, \
u.display_name AS author, q.created_at, q.last_activity_at";

/// The cached body of a search page under `key`, if it was stored at or
/// after `since` from the current generation of the data.
pub async fn cached_page(db: &D1Database, key: &str, since: i64) -> Result<Option<String>, ApiError> {
    #[derive(Deserialize)]
    struct Cached {
        body: String,
    }
    let hit: Option<Cached> = first(
        db,
        "SELECT body FROM qa_search_cache WHERE key = ?1 AND created_at >= ?2 \
         AND generation = (SELECT n FROM qa_generation WHERE id = 1)",
        &[text(key), int(since)],
    )
    .await?;
    Ok(hit.map(|c| c.body))
}

/// Batch: stores a computed page under `key` with the generation it was
/// computed from, unless the data changed since (a stale page is never
/// served, and a page computed just before a question was hidden must not
/// stay in the cache listing it), and drops pages stored before `expired`
/// (dead weight).
pub async fn store_page(
    db: &D1Database,
    key: &str,
    generation: i64,
    body: &str,
    now: i64,
    expired: i64,
) -> Result<(), ApiError> {
    db.batch(vec![
        stmt(
            db,
            "INSERT OR REPLACE INTO qa_search_cache (key, generation, body, created_at) \
             SELECT ?1, ?2, ?3, ?4 WHERE ?2 = (SELECT n FROM qa_generation WHERE id = 1)",
            &[text(key), int(generation), text(body), int(now)],
        )?,
        stmt(db, "DELETE FROM qa_search_cache WHERE created_at < ?1", &[int(expired)])?,
    ])
    .await
    .map_err(d1_err)?;
    Ok(())
}

/// Whether any visible question carries `tag`.
pub async fn tag_exists(db: &D1Database, tag: &str) -> Result<bool, ApiError> {
    let sql = "SELECT EXISTS (SELECT 1 FROM qa_tags t JOIN qa_questions q ON q.id = t.question_id \
               WHERE t.tag = ?1 AND q.hidden = 0) AS n";
    Ok(count(db, sql, &[text(tag)]).await? > 0)
}

/// One computed page of a search.
pub struct SearchPage {
    /// The questions on the page.
    pub questions: Vec<QuestionSummary>,
    /// Matches across all pages.
    pub total: i64,
    /// The data generation the page was computed from.
    pub generation: i64,
}

/// Batch: one page of visible questions matching `search`, the total, and
/// the data generation, read in one transaction so the page is stamped with
/// the data it was computed from even if a write lands before it is stored.
pub async fn search_page(
    db: &D1Database,
    search: &QuestionSearch,
    page: u32,
    per_page: u32,
) -> Result<SearchPage, ApiError> {
    let mut args: Vec<JsValue> = Vec::new();
    let mut conds = vec!["q.hidden = 0".to_string()];
    let from = match &search.text_match {
        Some(expr) => {
            args.push(text(expr));
            conds.push("qa_fts MATCH ?1".into());
            "qa_fts JOIN qa_questions q ON q.id = qa_fts.rowid"
        }
        None => "qa_questions q",
    };
    if let Some(tag) = &search.tag {
        args.push(text(tag));
        conds.push(format!("q.id IN (SELECT question_id FROM qa_tags WHERE tag = ?{})", args.len()));
    }
    match search.answered {
        Answered::Yes => conds.push("q.accepted_answer_id IS NOT NULL".into()),
        Answered::No => conds.push("q.accepted_answer_id IS NULL".into()),
        Answered::Any => {}
    }
    let order = match (search.sort, search.text_match.is_some()) {
        (QuestionSort::Relevance, true) => "bm25(qa_fts, 8.0, 1.0), q.score DESC",
        (QuestionSort::Relevance | QuestionSort::Newest, _) => "q.created_at DESC, q.id DESC",
        (QuestionSort::Votes, _) => "q.score DESC, q.id DESC",
        (QuestionSort::Activity, _) => "q.last_activity_at DESC, q.id DESC",
    };
    let where_ = conds.join(" AND ");
    let mut page_args = args.clone();
    page_args.push(int(i64::from(per_page)));
    page_args.push(int(i64::from((page - 1) * per_page)));
    let n = page_args.len();
    // A plain text search ranks and counts inside the index alone, then
    // joins just the page: a common word can match a tenth of the corpus,
    // and joining every match first costs 3×. The index should hold only
    // visible questions, and the few hidden ones are left out through their
    // partial index (migration 0012) even if it held one.
    let fts_count = format!("SELECT COUNT(*) AS n FROM qa_fts WHERE qa_fts MATCH ?1 AND {NOT_HIDDEN}");
    let (page_sql, count_sql) = if search.text_only() && search.sort == QuestionSort::Relevance {
        (
            format!(
                "SELECT {SUMMARY} FROM (SELECT rowid AS id, bm25(qa_fts, 8.0, 1.0) AS r FROM qa_fts WHERE qa_fts MATCH ?1 \
                 AND {NOT_HIDDEN} ORDER BY r LIMIT ?{} OFFSET ?{}) f JOIN qa_questions q ON q.id = f.id \
                 JOIN users u ON u.id = q.user_id WHERE q.hidden = 0 ORDER BY f.r, q.score DESC",
                n - 1,
                n
            ),
            fts_count,
        )
    } else {
        (
            format!(
                "SELECT {SUMMARY} FROM {from} JOIN users u ON u.id = q.user_id WHERE {where_} ORDER BY {order} LIMIT ?{} OFFSET ?{}",
                n - 1,
                n
            ),
            if search.text_only() { fts_count } else { format!("SELECT COUNT(*) AS n FROM {from} WHERE {where_}") },
        )
    };
    let res = db
        .batch(vec![
            stmt(db, &page_sql, &page_args)?,
            stmt(db, &count_sql, &args)?,
            stmt(db, "SELECT n FROM qa_generation WHERE id = 1", &[])?,
        ])
        .await
        .map_err(d1_err)?;
    let mut it = res.into_iter();
    let questions = rows::<SummaryRow>(it.next())?.into_iter().map(SummaryRow::view).collect();
    let total = count_of(it.next())?;
    let generation = count_of(it.next())?;
    Ok(SearchPage { questions, total, generation })
}

/// FAQ entries matching the full-text expression `m`, best first.
pub async fn faq_matches(db: &D1Database, m: &str, limit: i64) -> Result<Vec<FaqEntry>, ApiError> {
    all(
        db,
        "SELECT f.id, f.service, f.category, f.title, f.body_html, f.source_answer_id FROM faq_fts \
         JOIN faq_entries f ON f.id = faq_fts.rowid WHERE faq_fts MATCH ?1 ORDER BY bm25(faq_fts, 8.0, 1.0) LIMIT ?2",
        &[text(m), int(limit)],
    )
    .await
}

/// The visible questions whose titles best match the expression `m` (at most 5).
pub async fn similar_titles(db: &D1Database, m: &str) -> Result<Vec<QuestionSummary>, ApiError> {
    let rows: Vec<SummaryRow> = all(
        db,
        &format!(
            "SELECT {SUMMARY} FROM qa_fts JOIN qa_questions q ON q.id = qa_fts.rowid JOIN users u ON u.id = q.user_id \
             WHERE qa_fts MATCH ?1 AND q.hidden = 0 ORDER BY bm25(qa_fts, 8.0, 1.0) LIMIT 5"
        ),
        &[text(&format!("title : ({m})"))],
    )
    .await?;
    Ok(rows.into_iter().map(SummaryRow::view).collect())
}

/// What a related-questions list is for.
pub enum LinkedTo<'a> {
    /// A dataset, by identifier (lower case).
    Dataset(&'a str),
    /// An instrument, by id.
    Instrument(i64),
}

/// The visible questions linked to a dataset or an instrument, newest first (at most 20).
pub async fn linked_questions(db: &D1Database, to: LinkedTo<'_>) -> Result<Vec<QuestionSummary>, ApiError> {
    let (cond, arg) = match to {
        LinkedTo::Dataset(d) => ("q.dataset_id = (SELECT id FROM datasets WHERE identifier = ?1)", text(d)),
        LinkedTo::Instrument(i) => ("q.instrument_id = ?1", int(i)),
    };
    let rows: Vec<SummaryRow> = all(
        db,
        &format!(
            "SELECT {SUMMARY} FROM qa_questions q JOIN users u ON u.id = q.user_id WHERE {cond} AND q.hidden = 0 \
             ORDER BY q.created_at DESC LIMIT 20"
        ),
        &[arg],
    )
    .await?;
    Ok(rows.into_iter().map(SummaryRow::view).collect())
}
