//! Administration: users and their roles. Admin only.

use commons_domain::accounts::{Role, RoleGrant, UserList};
use commons_domain::api::PageMeta;
use commons_domain::ApiError;
use serde::Deserialize;
use worker::Response;

use crate::accounts::auth::require_role;
use crate::accounts::db;
use crate::ctx::RequestCtx;

/// `GET /api/admin/users?page=&per_page=`.
pub async fn list_users(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    let (page, per_page) = crate::http::paging(rc)?;
    let dbh = rc.db()?;
    let (rows, total) = db::list_users(&dbh, page, per_page).await?;
    let ids: Vec<i64> = rows.iter().map(|u| u.id).collect();
    let grants = db::roles_for_many(&dbh, &ids).await?;
    let users = rows
        .iter()
        .map(|u| {
            let roles = grants.iter().filter(|(id, _)| *id == u.id).map(|(_, g)| g.clone()).collect();
            super::session::user_view(u, roles)
        })
        .collect();
    crate::http::ok_json(&UserList { users, meta: PageMeta { total, page, per_page } })
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
    crate::http::ok_json(&commons_domain::accounts::UserEnvelope { user: super::session::user_view(&user, roles) })
}

#[derive(Deserialize)]
struct RevokeQuery {
    role: Role,
    #[serde(default)]
    scope_id: Option<String>,
}

/// Revokes a role (`/api/admin/users/{id}/roles?role=&scope_id=`, method delete): 404 if the user does not hold it.
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
