//! Centres and instruments: the lists, one instrument, the staff's changes
//! to fees and rules, and the trainings staff record.

use commons_domain::api::PageMeta;
use commons_domain::booking::{
    validate_search, validate_update, CenterList, InstrumentEnvelope, InstrumentList, InstrumentUpdate, TrainingRequest,
};
use commons_domain::ApiError;
use worker::Response;

use super::{instrument_or_404, no_content, staff_of};
use crate::accounts::auth::require_user;
use crate::accounts::db as accounts_db;
use crate::booking::db;
use crate::ctx::RequestCtx;
use crate::http::{id_param, q_get, query};

/// `GET /api/centers`.
pub async fn list_centers(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let centers = db::instruments::centers(&rc.db()?).await?;
    crate::http::ok_json(&CenterList { centers })
}

/// `GET /api/instruments?q=&center=&category=&page=&per_page=`.
pub async fn list_instruments(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let (page, per_page) = crate::http::paging(rc)?;
    let q = query(rc)?;
    let filter = db::instruments::InstrumentFilter {
        q: q_get(&q, "q").unwrap_or(""),
        center: q_get(&q, "center").unwrap_or(""),
        category: q_get(&q, "category").unwrap_or(""),
    };
    validate_search(filter.q)?;
    let (instruments, total) = db::instruments::search_instruments(&rc.db()?, &filter, page, per_page).await?;
    crate::http::ok_json(&InstrumentList { instruments, meta: PageMeta { total, page, per_page } })
}

/// `GET /api/instruments/{id}`.
pub async fn get_instrument(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let id = id_param(rc)?;
    let row = instrument_or_404(rc, id).await?;
    crate::http::ok_json(&InstrumentEnvelope { instrument: row.view() })
}

/// `PATCH /api/instruments/{id}`: staff of the centre change fees and rules.
/// Existing bookings keep the cost reserved when they were made.
pub async fn update_instrument(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let id = id_param(rc)?;
    let current = instrument_or_404(rc, id).await?.view();
    if !staff_of(&me, &current.center_id) {
        return Err(ApiError::forbidden());
    }
    let u: InstrumentUpdate = rc.json().await?;
    validate_update(&u, &current)?;
    db::instruments::update_instrument(&rc.db()?, id, &u).await?;
    let row = instrument_or_404(rc, id).await?;
    crate::http::ok_json(&InstrumentEnvelope { instrument: row.view() })
}

/// `POST /api/instruments/{id}/trainings`: staff of the instrument's centre only.
pub async fn record_training(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let id = id_param(rc)?;
    let req: TrainingRequest = rc.json().await?;
    let row = instrument_or_404(rc, id).await?;
    if !staff_of(&me, &row.view().center_id) {
        return Err(ApiError::forbidden());
    }
    let dbh = rc.db()?;
    accounts_db::user_by_id(&dbh, req.user_id).await?.ok_or_else(|| ApiError::invalid("user_id: no such user"))?;
    db::instruments::record_training(&dbh, req.user_id, id, me.user.id, rc.now()).await?;
    no_content()
}
