//! The FAQ: listing entries, filing one (with its search index row), and
//! the accepted answer a promotion files, with its author's bonus.

use commons_domain::common::search::index_tokens;
use commons_domain::qa::{FaqEntry, PostKind};
use commons_domain::ApiError;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::D1Database;

use super::{ledger, EventCtx};
use crate::db::{all, d1_err, first, insert_id, int, run, text};

/// The FAQ of one service (`""`: every service), by service, category and id.
pub async fn entries(db: &D1Database, service: &str) -> Result<Vec<FaqEntry>, ApiError> {
    all(
        db,
        "SELECT id, service, category, title, body_html, source_answer_id FROM faq_entries WHERE (?1 = '' OR service = ?1) \
         ORDER BY service, category, id",
        &[text(service)],
    )
    .await
}

/// An FAQ entry to file.
#[derive(Clone, Copy)]
pub struct FaqDraft<'a> {
    /// One of the FAQ services.
    pub service: &'a str,
    /// Category within it.
    pub category: &'a str,
    /// The question.
    pub title: &'a str,
    /// The answer, Markdown.
    pub body: &'a str,
    /// Its sanitised HTML.
    pub body_html: &'a str,
    /// The accepted answer it was promoted from.
    pub source: Option<i64>,
}

/// Inserts an FAQ entry, then its index row; returns its id. The unique
/// source answer makes a second promotion of one answer a conflict.
pub async fn insert_entry(db: &D1Database, draft: &FaqDraft<'_>, by: i64, now: i64) -> Result<i64, ApiError> {
    let FaqDraft { service, category, title, body, body_html, source } = *draft;
    let id = insert_id(
        db,
        "INSERT INTO faq_entries (service, category, title, body, body_html, source_answer_id, created_by, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        &[
            text(service),
            text(category),
            text(title),
            text(body),
            text(body_html),
            source.map(int).unwrap_or(JsValue::NULL),
            int(by),
            int(now),
        ],
    )
    .await?;
    run(
        db,
        "INSERT INTO faq_fts (rowid, title, body) VALUES (?1, ?2, ?3)",
        &[int(id), text(&index_tokens(title)), text(&index_tokens(body))],
    )
    .await?;
    Ok(id)
}

/// An answer as a promotion needs it.
#[derive(Deserialize)]
pub struct PromotedAnswer {
    /// Its author.
    pub user_id: i64,
    /// Markdown source.
    pub body: String,
    /// 1 when accepted.
    pub accepted: i64,
    /// Its question's title (the entry's title).
    pub title: String,
}

/// Answer `id` with its question's title, if it exists.
pub async fn answer_to_promote(db: &D1Database, id: i64) -> Result<Option<PromotedAnswer>, ApiError> {
    first(
        db,
        "SELECT a.user_id, a.body, a.accepted, q.title FROM qa_answers a JOIN qa_questions q ON q.id = a.question_id WHERE a.id = ?1",
        &[int(id)],
    )
    .await
}

/// Batch: the FAQ bonus for the author of promoted answer `answer`, and the badge.
pub async fn pay_faq_author(
    db: &D1Database,
    author: i64,
    answer: i64,
    by: i64,
    day: &str,
    now: i64,
) -> Result<(), ApiError> {
    let ctx = EventCtx { kind: PostKind::Answer, post: answer, actor: by, day, now };
    db.batch(vec![
        ledger::bootstrap(db, author, day, now)?,
        ledger::event(db, author, "faq_promoted", &ctx)?,
        ledger::award(db, author, "faq_author", now)?,
    ])
    .await
    .map_err(d1_err)?;
    Ok(())
}
