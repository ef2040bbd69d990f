//! The FAQ: the list by service, entries written by staff, and accepted
//! answers promoted into it (which pays their authors the FAQ bonus).

use commons_domain::accounts::Role;
use commons_domain::api::Created;
use commons_domain::qa::{faq_service_filter, ledger_day, render_markdown, QaFaqInput, QaFaqList, QaPromoteInput};
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use super::not_found;
use crate::accounts::auth::require_role;
use crate::ctx::RequestCtx;
use crate::http::{id_param, json_with_status, ok_json, q_get, query};
use crate::qa::db::{self, faq::FaqDraft};

/// `GET /api/qa/faq?service=` (none: every service).
pub async fn list_faq(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let q = query(rc)?;
    let service = faq_service_filter(q_get(&q, "service").unwrap_or(""))?;
    ok_json(&QaFaqList { faq: db::faq::entries(&rc.db()?, service).await? })
}

/// `POST /api/qa/faq` `{service, category, title, body}`: staff (moderators, admins).
pub async fn create_faq(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_role(rc, Role::Moderator, None).await?;
    let b: QaFaqInput = rc.json().await?;
    let f = b.validated()?;
    let draft = FaqDraft {
        service: &f.service,
        category: &f.category,
        title: &f.title,
        body: &f.body,
        body_html: &render_markdown(&f.body),
        source: None,
    };
    let id = db::faq::insert_entry(&rc.db()?, &draft, me.user.id, rc.now()).await?;
    json_with_status(&Created { id }, 201)
}

/// `POST /api/qa/answers/{id}/promote` `{service, category}`: staff promote an
/// accepted answer to the FAQ; its author earns the FAQ bonus.
pub async fn promote_answer(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_role(rc, Role::Moderator, None).await?;
    let b: QaPromoteInput = rc.json().await?;
    let filing = b.validated()?;
    let aid = id_param(rc)?;
    let dbh = rc.db()?;
    let a = db::faq::answer_to_promote(&dbh, aid).await?.ok_or_else(|| not_found("answer"))?;
    if a.accepted == 0 {
        return Err(ApiError::invalid("only an accepted answer can be promoted"));
    }
    let now = rc.now();
    let draft = FaqDraft {
        service: &filing.service,
        category: &filing.category,
        title: &a.title,
        body: &a.body,
        body_html: &render_markdown(&a.body),
        source: Some(aid),
    };
    let id = match db::faq::insert_entry(&dbh, &draft, me.user.id, now).await {
        Ok(id) => id,
        Err(e) if e.kind == ErrorKind::Conflict => return Err(ApiError::conflict("this answer is already in the FAQ")),
        Err(e) => return Err(e),
    };
    db::faq::pay_faq_author(&dbh, a.user_id, aid, me.user.id, &ledger_day(now), now).await?;
    json_with_status(&Created { id }, 201)
}
