//! The admin's tools: the points rules, the ledger's invariants, and the
//! ring detector's log.

use commons_domain::accounts::Role;
use commons_domain::qa::{QaRingLog, QaRules, QaRulesUpdate};
use commons_domain::ApiError;
use worker::{D1Database, Response};

use crate::accounts::auth::require_role;
use crate::ctx::RequestCtx;
use crate::http::ok_json;
use crate::qa::db;

/// Every rule's value, as answered.
async fn rules(dbh: &D1Database) -> Result<QaRules, ApiError> {
    Ok(QaRules { rules: db::ledger::rules(dbh).await?.into_iter().collect() })
}

/// `GET /api/admin/qa/rules` (admins).
pub async fn get_rules(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    ok_json(&rules(&rc.db()?).await?)
}

/// `PUT /api/admin/qa/rules` `{key: value}` (admins): changes the rules
/// given, all or none; answers every rule.
pub async fn put_rules(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    let body: QaRulesUpdate = rc.json().await?;
    let changes = body.validate()?;
    let dbh = rc.db()?;
    db::ledger::update_rules(&dbh, &changes).await?;
    ok_json(&rules(&dbh).await?)
}

/// `GET /api/admin/qa/ledger-check`: counts of broken ledger invariants (all 0).
pub async fn check_ledger(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    ok_json(&db::ledger::check(&rc.db()?).await?)
}

/// `GET /api/admin/qa/ring-log`: why the ring detector reversed points.
pub async fn list_ring_log(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    require_role(rc, Role::Admin, None).await?;
    ok_json(&QaRingLog { log: db::rings::ring_log(&rc.db()?).await? })
}
