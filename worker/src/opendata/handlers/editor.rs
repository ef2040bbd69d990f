//! The dataset editor's endpoints: drafts saved and submitted by the agency's
//! publishers, decided by its reviewers (or an admin), and the versions the
//! decisions keep (上架 → 審查 → 公開).
//!
//! A draft lives apart from the catalogue, so it is in no search, feed or
//! public page until approved; approval publishes it through the same import
//! as every other source, which writes the change log and tells subscribers.

use commons_domain::accounts::Role;
use commons_domain::opendata::editor::{DraftList, DraftState, ReviewDecision, VersionList};
use commons_domain::opendata::wire::StatusChange;
use commons_domain::opendata::{organization_slug, valid_identifier, validate_dataset, DatasetInput, ImportOutcome};
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use crate::accounts::auth::{current_user, require_user, CurrentUser};
use crate::ctx::RequestCtx;
use crate::http::{q_get, query};
use crate::opendata::db::{datasets, drafts, import};

/// Whether `u` may write and submit drafts of agency `org`.
fn may_edit(u: &CurrentUser, org: &str) -> bool {
    u.has(Role::Publisher, Some(org))
}

/// Whether `u` may decide drafts of agency `org`.
fn may_review(u: &CurrentUser, org: &str) -> bool {
    u.has(Role::Reviewer, Some(org))
}

/// Whether `u` may read drafts (and returned versions) of agency `org`.
fn may_see(u: &CurrentUser, org: &str) -> bool {
    may_edit(u, org) || may_review(u, org)
}

/// The `{id}` parameter as a dataset identifier, or 404.
fn key(rc: &RequestCtx) -> Result<String, ApiError> {
    let key = rc.param("id").unwrap_or_default().to_lowercase();
    if valid_identifier(&key) {
        Ok(key)
    } else {
        Err(ApiError::new(ErrorKind::NotFound, "no such draft"))
    }
}

/// The draft named by `{id}`, or 404.
async fn draft_or_404(rc: &RequestCtx) -> Result<drafts::DraftRow, ApiError> {
    drafts::draft(&rc.db()?, &key(rc)?).await?.ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such draft"))
}

/// `GET /api/drafts?state=`: the drafts of the caller's agencies (as a
/// publisher or a reviewer; an admin or an unscoped grant: every agency).
pub async fn list_drafts(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let q = query(rc)?;
    let state = match q_get(&q, "state").filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(DraftState::parse(s).ok_or_else(|| ApiError::invalid("state: draft, pending or returned"))?),
    };
    let staff = |g: &&commons_domain::accounts::RoleGrant| matches!(g.role, Role::Publisher | Role::Reviewer);
    let every = me.roles.iter().any(|g| g.role == Role::Admin || (staff(&g) && g.scope_id.is_none()));
    let orgs: Vec<String> = me.roles.iter().filter(staff).filter_map(|g| g.scope_id.clone()).collect();
    if !every && orgs.is_empty() {
        return Err(ApiError::forbidden());
    }
    let rows = drafts::drafts_of(&rc.db()?, if every { None } else { Some(&orgs) }, state).await?;
    crate::http::ok_json(&DraftList { drafts: rows.into_iter().map(drafts::DraftRow::summary).collect() })
}

/// `GET /api/drafts/{id}`: one draft, for the agency's publishers and reviewers.
pub async fn get_draft(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let row = draft_or_404(rc).await?;
    if !may_see(&me, &row.organization_id) {
        return Err(ApiError::forbidden());
    }
    crate::http::ok_json(&row.view())
}

/// The dataset body of a publisher's write (`PUT /api/drafts/{id}` and the
/// direct `PUT /api/datasets/{id}`), checked in the order that spends least on a
/// refusal: the role before the body is read, then the domain's validation, the
/// URL's identifier, and the agency both of the body and of whatever already
/// holds the key (another agency's dataset cannot be taken over by naming one's
/// own). Returns the user, the dataset, its key and its agency's slug.
pub(super) async fn publisher_dataset_body(
    rc: &mut RequestCtx,
) -> Result<(CurrentUser, DatasetInput, String, String), ApiError> {
    let me = require_user(rc).await?;
    // Non-publishers get 403 before the body is read; which agency is checked below.
    if !me.has(Role::Publisher, None) {
        return Err(ApiError::forbidden());
    }
    let mut d: DatasetInput = rc.json().await?;
    let key = rc.param("id").unwrap_or_default().to_lowercase();
    if d.identifier.trim().is_empty() {
        d.identifier = key.clone();
    }
    d.stats = None;
    validate_dataset(&mut d)?;
    if d.identifier != key {
        return Err(ApiError::invalid("identifier: must match the URL"));
    }
    let org = organization_slug(&d.organization);
    if !may_edit(&me, &org) {
        return Err(ApiError::forbidden());
    }
    if let Some((row, _)) = datasets::dataset(&rc.db()?, &key).await? {
        if !may_edit(&me, &row.organization_id) {
            return Err(ApiError::forbidden());
        }
    }
    Ok((me, d, key, org))
}

/// `PUT /api/drafts/{id}`: a publisher saves the working copy of a new
/// dataset (201) or of an edit (200). The published record is untouched; a
/// draft under review cannot change (409).
pub async fn save_draft(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let (me, d, key, org) = publisher_dataset_body(rc).await?;
    let dbh = rc.db()?;
    let existing = drafts::draft(&dbh, &key).await?;
    if let Some(e) = &existing {
        if !may_edit(&me, &e.organization_id) {
            return Err(ApiError::forbidden());
        }
    }
    if !drafts::save(&dbh, &d, &org, me.user.id, rc.now()).await? {
        return Err(ApiError::conflict("the draft is under review and cannot change until it is decided"));
    }
    let saved = drafts::draft(&dbh, &key).await?.ok_or_else(|| crate::error::internal("saved draft not found"))?;
    crate::http::json_with_status(&saved.view(), if existing.is_none() { 201 } else { 200 })
}

/// `POST /api/drafts/{id}/submit`: a publisher of the agency sends the draft
/// to review.
pub async fn submit_draft(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let row = draft_or_404(rc).await?;
    if !may_edit(&me, &row.organization_id) {
        return Err(ApiError::forbidden());
    }
    if !drafts::submit(&rc.db()?, &key(rc)?, rc.now()).await? {
        return Err(ApiError::conflict("the draft is already waiting for review"));
    }
    crate::http::ok_json(&StatusChange::to(DraftState::Pending.as_str()))
}

/// `POST /api/drafts/{id}/review`: the agency's reviewer or an admin approves
/// a pending draft (it is published) or returns it with a comment. The
/// decision is one conditional batch, so of two at once one wins and the
/// other gets 409.
pub async fn review_draft(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let mut req: ReviewDecision = rc.json().await?;
    let row = draft_or_404(rc).await?;
    if !may_review(&me, &row.organization_id) {
        return Err(ApiError::forbidden());
    }
    req.validate()?;
    let dbh = rc.db()?;
    let now = rc.now();
    let identifier = key(rc)?;
    let Some(mut body) = drafts::decide(&dbh, &identifier, req.approve, &req.comment, me.user.id, now).await? else {
        return Err(ApiError::conflict("the draft is not waiting for review (it may just have been decided)"));
    };
    if !req.approve {
        return crate::http::ok_json(&StatusChange::to(DraftState::Returned.as_str()));
    }
    // Saved bodies were validated; validating again only normalises.
    validate_dataset(&mut body)?;
    import::import(&dbh, "publisher", &[(0, body)], ImportOutcome::default(), now).await?;
    crate::http::ok_json(&StatusChange::to("published"))
}

/// `GET /api/datasets/{id}/versions`: the decided versions of a published
/// dataset; the agency's publishers and reviewers also see returned ones.
pub async fn dataset_versions(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let identifier = key(rc).map_err(|_| ApiError::new(ErrorKind::NotFound, "no such dataset"))?;
    let dbh = rc.db()?;
    let (row, _) = datasets::dataset(&dbh, &identifier)
        .await?
        .ok_or_else(|| ApiError::new(ErrorKind::NotFound, "no such dataset"))?;
    let me = current_user(rc).await?;
    let staff = me.as_ref().is_some_and(|u| may_see(u, &row.organization_id));
    let versions = drafts::versions(&dbh, &identifier, staff).await?;
    crate::http::ok_json(&VersionList { versions })
}
