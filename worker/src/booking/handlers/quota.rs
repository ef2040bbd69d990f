//! PI quotas (額度) and groups: what a user may book against, a PI adding
//! a member, and the admin's grants.

use commons_domain::accounts::{normalise_email, Role};
use commons_domain::booking::{
    validate_grant_amount, validate_grant_code, validate_member_email, AddMemberRequest, GrantQuotaRequest, QuotaList,
};
use commons_domain::ApiError;
use worker::Response;

use super::no_content;
use crate::accounts::auth::{require_role, require_user};
use crate::accounts::db as accounts_db;
use crate::booking::db;
use crate::ctx::RequestCtx;

/// `GET /api/me/quota`.
pub async fn get_my_quota(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let quotas = db::quota::quotas_for(&rc.db()?, me.user.id).await?;
    crate::http::ok_json(&QuotaList { quotas })
}

/// `POST /api/me/group/members`: a PI adds a member by e-mail.
pub async fn add_group_member(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_role(rc, Role::Pi, None).await?;
    let req: AddMemberRequest = rc.json().await?;
    validate_member_email(&req.email)?;
    let dbh = rc.db()?;
    let member = accounts_db::user_by_email(&dbh, &normalise_email(&req.email))
        .await?
        .ok_or_else(|| ApiError::invalid("email: no account with this e-mail"))?;
    if !db::quota::add_member(&dbh, me.user.id, member.id).await? {
        return Err(ApiError::conflict("your quota account has not been opened yet"));
    }
    no_content()
}

/// `POST /api/admin/quota`: admin adds quota to a PI; answers that PI's account.
pub async fn admin_grant_quota(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    let req: GrantQuotaRequest = rc.json().await?;
    validate_grant_amount(req.amount)?;
    validate_grant_code(req.grant_code.as_deref().unwrap_or(""))?;
    let dbh = rc.db()?;
    let roles = accounts_db::roles_for(&dbh, req.pi_user_id).await?;
    if !roles.iter().any(|g| g.role == Role::Pi) {
        return Err(ApiError::invalid("pi_user_id: that user is not a PI"));
    }
    db::quota::grant_quota(&dbh, req.pi_user_id, req.amount, req.grant_code.as_deref().unwrap_or(""), rc.now()).await?;
    let quotas = db::quota::quotas_for(&dbh, req.pi_user_id).await?;
    crate::http::ok_json(&QuotaList { quotas: quotas.into_iter().filter(|q| q.pi_user_id == req.pi_user_id).collect() })
}
