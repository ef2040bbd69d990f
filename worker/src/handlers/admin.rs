//! Administration: users and their roles. Admin only.

use commons_domain::accounts::{Role, RoleGrant, UserList};
use commons_domain::api::PageMeta;
use commons_domain::ApiError;
use serde::Deserialize;
use worker::Response;

use crate::auth::require_role;
use crate::ctx::RequestCtx;
use crate::db::accounts as db;

/// `GET /api/admin/users?page=&per_page=`.
pub async fn list_users(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    let (page, per_page) = super::paging(rc)?;
    let dbh = rc.db()?;
    let (rows, total) = db::list_users(&dbh, page, per_page).await?;
    let ids: Vec<i64> = rows.iter().map(|u| u.id).collect();
    let grants = db::roles_for_many(&dbh, &ids).await?;
    let users = rows
        .iter()
        .map(|u| {
            let roles = grants.iter().filter(|(id, _)| *id == u.id).map(|(_, g)| g.clone()).collect();
            super::accounts::user_view(u, roles)
        })
        .collect();
    super::ok_json(&UserList { users, meta: PageMeta { total, page, per_page } })
}

fn target_user_id(rc: &RequestCtx) -> Result<i64, ApiError> {
    rc.param("id").and_then(|s| s.parse().ok()).ok_or_else(|| ApiError::bad_request("id: must be an integer"))
}

fn check_grant(g: &RoleGrant) -> Result<String, ApiError> {
    let scope = g.scope_id.clone().unwrap_or_default();
    if g.role.requires_scope() && scope.trim().is_empty() {
        return Err(ApiError::invalid(format!("scope_id: required for role {}", g.role.as_str())));
    }
    if scope.chars().count() > 64 {
        return Err(ApiError::invalid("scope_id: at most 64 characters"));
    }
    Ok(scope)
}

/// `POST /api/admin/users/{id}/roles` with `{"role": "...", "scope_id": "..."}`.
pub async fn grant_role(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    let id = target_user_id(rc)?;
    let g: RoleGrant = rc.json().await?;
    let scope = check_grant(&g)?;
    let dbh = rc.db()?;
    let user = db::user_by_id(&dbh, id).await?.ok_or_else(ApiError::not_found)?;
    db::grant_role(&dbh, id, g.role, &scope, rc.now()).await?;
    let roles = db::roles_for(&dbh, id).await?;
    super::ok_json(&commons_domain::accounts::UserEnvelope { user: super::accounts::user_view(&user, roles) })
}

#[derive(Deserialize)]
struct RevokeQuery {
    role: Role,
    #[serde(default)]
    scope_id: Option<String>,
}

/// `DELETE /api/admin/users/{id}/roles?role=&scope_id=`: 404 if the user does not hold it.
pub async fn revoke_role(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let admin = require_role(rc, Role::Admin, None).await?;
    let id = target_user_id(rc)?;
    let q: RevokeQuery = rc.req.query().map_err(|e| ApiError::bad_request(format!("query: {e}")))?;
    if q.role == Role::Admin && id == admin.user.id {
        // Stops the last admin from locking everyone out by accident.
        return Err(ApiError::conflict("you cannot revoke your own admin role"));
    }
    let dbh = rc.db()?;
    if !db::revoke_role(&dbh, id, q.role, q.scope_id.as_deref().unwrap_or("")).await? {
        return Err(ApiError::not_found());
    }
    Ok(Response::builder().with_status(204).empty())
}

/// `POST /api/admin/jobs/{name}` with `{"at": "<RFC 3339>"}` (default now):
/// runs a scheduled job by hand, e.g. after an outage. Jobs: `reminders`.
pub async fn run_job(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    #[derive(Deserialize, Default)]
    struct RunJob {
        #[serde(default)]
        at: Option<String>,
    }
    let req: RunJob = rc.json().await?;
    let at = match &req.at {
        Some(t) => commons_domain::locale::parse_rfc3339(t)
            .ok_or_else(|| ApiError::invalid("at: not an RFC 3339 timestamp"))?,
        None => rc.now(),
    };
    let n = match rc.param("name") {
        Some("reminders") => crate::jobs::reminders(&rc.db()?, at).await?,
        Some("overdue") => crate::jobs::overdue(&rc.db()?, at).await?,
        Some("rings") => crate::jobs::rings(&rc.db()?, at).await?,
        _ => return Err(ApiError::new(commons_domain::ErrorKind::NotFound, "no such job")),
    };
    super::ok_json(&serde_json::json!({ "job": rc.param("name"), "processed": n }))
}

/// `GET /api/admin/invariants`: counts what must always be zero — overlapping
/// active bookings, and PI quotas that differ from their ledger sum or are negative.
pub async fn invariants(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    let dbh = rc.db()?;
    let overlapping = crate::db::count(
        &dbh,
        "SELECT COUNT(*) AS n FROM bookings a JOIN bookings b ON a.instrument_id = b.instrument_id AND a.id < b.id \
         WHERE a.status IN ('pending', 'confirmed') AND b.status IN ('pending', 'confirmed') \
           AND a.start_at < b.end_at AND b.start_at < a.end_at",
        &[],
    )
    .await?;
    let quota_mismatches = crate::db::count(
        &dbh,
        "SELECT COUNT(*) AS n FROM pi_accounts p \
         WHERE p.balance < 0 OR p.balance <> (SELECT COALESCE(SUM(l.delta), 0) FROM quota_ledger l WHERE l.pi_user_id = p.pi_user_id)",
        &[],
    )
    .await?;
    let bookings = crate::db::count(&dbh, "SELECT COUNT(*) AS n FROM bookings", &[]).await?;
    super::ok_json(&serde_json::json!({
        "overlapping_active_bookings": overlapping,
        "quota_ledger_mismatches": quota_mismatches,
        "bookings_checked": bookings,
    }))
}
