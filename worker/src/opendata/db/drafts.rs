//! SQL for the editor's drafts and their review, and the versions each
//! decision keeps (`migrations/0018_dataset_review.sql`).
//!
//! Every change of a draft's state is one conditional write or one batch
//! whose first statement is: a save only lands on a draft that is not under
//! review, a submit only moves `draft|returned → pending`, and a decision
//! only takes a `pending` draft. Two reviewers deciding at once therefore get
//! one decision and one "nothing changed" (the handler's 409).

use commons_domain::opendata::editor::{DatasetVersion, Draft, DraftState, DraftSummary};
use commons_domain::opendata::DatasetInput;
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{all, d1_err, first, int, run, stmt, text};

/// A draft row with whether its dataset is published.
#[derive(Debug, Clone, Deserialize)]
pub struct DraftRow {
    identifier: String,
    /// The agency (`org-…`).
    pub organization_id: String,
    /// `draft`, `pending` or `returned`.
    pub state: String,
    revision: i64,
    body: String,
    title: String,
    comment: String,
    updated_at: i64,
    /// 1 when the dataset has a published record.
    published: i64,
}

impl DraftRow {
    /// The stored state (an unknown name reads as a draft; the CHECK allows none).
    pub fn state(&self) -> DraftState {
        DraftState::parse(&self.state).unwrap_or(DraftState::Draft)
    }

    /// The wire form.
    pub fn view(self) -> Draft {
        Draft {
            state: self.state(),
            dataset: serde_json::from_str(&self.body).unwrap_or_default(),
            identifier: self.identifier,
            organization_id: self.organization_id,
            revision: self.revision,
            comment: self.comment,
            published: self.published != 0,
            updated_at: commons_domain::common::locale::rfc3339_utc(self.updated_at),
        }
    }

    /// The list row.
    pub fn summary(self) -> DraftSummary {
        DraftSummary {
            state: self.state(),
            identifier: self.identifier,
            title: self.title,
            organization_id: self.organization_id,
            comment: self.comment,
            published: self.published != 0,
            updated_at: commons_domain::common::locale::rfc3339_utc(self.updated_at),
        }
    }
}

/// The columns of [`DraftRow`].
const DRAFT_COLUMNS: &str = "d.identifier, d.organization_id, d.state, d.revision, d.body, d.title, d.comment, \
d.updated_at, EXISTS (SELECT 1 FROM datasets p WHERE p.identifier = d.identifier) AS published";

/// One draft by identifier.
pub async fn draft(db: &D1Database, identifier: &str) -> Result<Option<DraftRow>, ApiError> {
    first(db, &format!("SELECT {DRAFT_COLUMNS} FROM dataset_drafts d WHERE d.identifier = ?1"), &[text(identifier)])
        .await
}

/// The drafts of some agencies (`None`: every agency), in one state or all,
/// most recently saved first.
pub async fn drafts_of(
    db: &D1Database,
    orgs: Option<&[String]>,
    state: Option<DraftState>,
) -> Result<Vec<DraftRow>, ApiError> {
    let every = orgs.is_none();
    let orgs = serde_json::to_string(&orgs.unwrap_or_default()).map_err(crate::error::internal)?;
    all(
        db,
        &format!(
            "SELECT {DRAFT_COLUMNS} FROM dataset_drafts d \
             WHERE (?1 OR d.organization_id IN (SELECT value FROM json_each(?2))) AND (?3 = '' OR d.state = ?3) \
             ORDER BY d.updated_at DESC, d.identifier LIMIT 200"
        ),
        &[wasm_bindgen::JsValue::from_bool(every), text(&orgs), text(state.map(DraftState::as_str).unwrap_or(""))],
    )
    .await
}

/// Saves the working copy: creates the draft (its revision one past the last
/// decided version) or replaces the body of one that is not under review, of
/// the same agency. Returns whether a row was written (0: it is pending, or
/// another agency's).
pub async fn save(
    db: &D1Database,
    d: &DatasetInput,
    organization_id: &str,
    author: i64,
    now: i64,
) -> Result<bool, ApiError> {
    let body = serde_json::to_string(d).map_err(crate::error::internal)?;
    let n = run(
        db,
        "INSERT INTO dataset_drafts (identifier, organization_id, state, revision, body, title, comment, author_id, \
         created_at, updated_at) \
         VALUES (?1, ?2, 'draft', COALESCE((SELECT MAX(revision) FROM dataset_versions WHERE identifier = ?1), 0) + 1, \
         ?3, ?4, '', ?5, ?6, ?6) \
         ON CONFLICT (identifier) DO UPDATE SET body = excluded.body, title = excluded.title, \
         revision = dataset_drafts.revision + (dataset_drafts.state = 'returned'), state = 'draft', \
         author_id = excluded.author_id, updated_at = excluded.updated_at \
         WHERE dataset_drafts.state IN ('draft', 'returned') AND dataset_drafts.organization_id = excluded.organization_id",
        &[text(&d.identifier), text(organization_id), text(&body), text(&d.title), int(author), int(now)],
    )
    .await?;
    Ok(n > 0)
}

/// Submits a draft for review (`draft|returned → pending`); a returned one
/// moves on to its next revision. Returns whether it moved.
pub async fn submit(db: &D1Database, identifier: &str, now: i64) -> Result<bool, ApiError> {
    let n = run(
        db,
        "UPDATE dataset_drafts SET revision = revision + (state = 'returned'), state = 'pending', comment = '', \
         updated_at = ?2 WHERE identifier = ?1 AND state IN ('draft', 'returned')",
        &[text(identifier), int(now)],
    )
    .await?;
    Ok(n > 0)
}

/// Decides a pending draft in one batch: records it as a version
/// (`published` or `returned` with the comment), then deletes the draft
/// (approved) or marks it returned. Returns the body that was approved (or
/// returned), or `None` when the draft was not pending: someone decided first.
pub async fn decide(
    db: &D1Database,
    identifier: &str,
    approve: bool,
    comment: &str,
    reviewer: i64,
    now: i64,
) -> Result<Option<DatasetInput>, ApiError> {
    let state = if approve { "published" } else { "returned" };
    let record = stmt(
        db,
        "INSERT INTO dataset_versions (identifier, organization_id, revision, state, body, comment, author_id, \
         reviewer_id, decided_at) \
         SELECT identifier, organization_id, revision, ?2, body, ?3, author_id, ?4, ?5 FROM dataset_drafts \
         WHERE identifier = ?1 AND state = 'pending' RETURNING body",
        &[text(identifier), text(state), text(comment), int(reviewer), int(now)],
    )?;
    let settle = if approve {
        stmt(db, "DELETE FROM dataset_drafts WHERE identifier = ?1 AND state = 'pending'", &[text(identifier)])?
    } else {
        stmt(
            db,
            "UPDATE dataset_drafts SET state = 'returned', comment = ?2, reviewer_id = ?3, updated_at = ?4 \
             WHERE identifier = ?1 AND state = 'pending'",
            &[text(identifier), text(comment), int(reviewer), int(now)],
        )?
    };
    let results = db.batch(vec![record, settle]).await.map_err(d1_err)?;
    #[derive(Deserialize)]
    struct Body {
        body: String,
    }
    let Some(first) = results.first() else { return Ok(None) };
    // The RETURNING row is the proof that this call recorded the decision.
    let row: Option<Body> = first.results::<Body>().map_err(d1_err)?.into_iter().next();
    Ok(row.and_then(|b| serde_json::from_str(&b.body).ok()))
}

/// A version row.
#[derive(Debug, Clone, Deserialize)]
struct VersionRow {
    revision: i64,
    state: String,
    body: String,
    comment: String,
    decided_at: i64,
}

/// A dataset's decided versions, newest first; returned ones only when asked.
pub async fn versions(db: &D1Database, identifier: &str, with_returned: bool) -> Result<Vec<DatasetVersion>, ApiError> {
    let rows: Vec<VersionRow> = all(
        db,
        "SELECT revision, state, body, comment, decided_at FROM dataset_versions \
         WHERE identifier = ?1 AND (?2 OR state = 'published') ORDER BY revision DESC LIMIT 100",
        &[text(identifier), wasm_bindgen::JsValue::from_bool(with_returned)],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| DatasetVersion {
            revision: r.revision,
            state: r.state,
            comment: r.comment,
            decided_at: commons_domain::common::locale::rfc3339_utc(r.decided_at),
            dataset: serde_json::from_str(&r.body).unwrap_or_default(),
        })
        .collect())
}
