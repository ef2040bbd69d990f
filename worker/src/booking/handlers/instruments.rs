//! Centres and instruments: the lists, one instrument, the staff's changes
//! to fees and rules, and the trainings staff record.

use commons_domain::api::PageMeta;
use commons_domain::booking::{
    search_patterns, validate_filter, validate_holding_limits, validate_update, CenterLimits, CenterList,
    HoldingLimits, InstrumentEnvelope, InstrumentList, InstrumentUpdate, TrainingRequest,
};
use commons_domain::{ApiError, ErrorKind};
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
    // Word by word, so every LIKE pattern stays within D1's 50 bytes.
    let patterns = search_patterns(q_get(&q, "q").unwrap_or(""))?;
    let (center, category) = (q_get(&q, "center").unwrap_or(""), q_get(&q, "category").unwrap_or(""));
    validate_filter(center, "center")?;
    validate_filter(category, "category")?;
    let filter = db::instruments::InstrumentFilter { patterns: &patterns, center, category };
    let (instruments, total) = db::instruments::search_instruments(&rc.db()?, &filter, page, per_page).await?;
    crate::http::ok_json(&InstrumentList { instruments, meta: PageMeta { total, page, per_page } })
}

/// `GET /api/instruments/{id}`.
pub async fn get_instrument(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let id = id_param(rc)?;
    let row = instrument_or_404(rc, id).await?;
    crate::http::ok_json(&InstrumentEnvelope { instrument: row.view() })
}

/// `PUT /api/centers/{id}/booking-limits`: staff of the centre (or admins)
/// set what one person may hold of all its instruments ahead of time.
pub async fn update_center_limits(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let center = rc.param("id").unwrap_or_default().to_string();
    if !staff_of(&me, &center) {
        return Err(ApiError::forbidden());
    }
    let limits: HoldingLimits = rc.json().await?;
    validate_holding_limits(&limits)?;
    if !db::instruments::update_center_limits(&rc.db()?, &center, &limits).await? {
        return Err(ApiError::new(ErrorKind::NotFound, "no such centre"));
    }
    crate::http::ok_json(&CenterLimits { center_id: center, limits })
}

/// `PATCH /api/instruments/{id}`: staff of the centre change fees, rules and holding limits.
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
    // The names never change here, so the new search text is the stored names with the new description.
    let search_text = u.description.as_deref().map(|d| {
        commons_domain::booking::instrument_search_text(&current.name_zh, &current.name_en, &current.category, d)
    });
    db::instruments::update_instrument(&rc.db()?, id, &u, search_text.as_deref()).await?;
    let row = instrument_or_404(rc, id).await?;
    crate::http::ok_json(&InstrumentEnvelope { instrument: row.view() })
}

/// `POST /api/instruments/{id}/trainings`: staff of the instrument's centre only.
pub async fn record_training(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let id = id_param(rc)?;
    let row = instrument_or_404(rc, id).await?;
    // The role first: whatever a non-staff member sends is a 403.
    if !staff_of(&me, &row.view().center_id) {
        return Err(ApiError::forbidden());
    }
    let req: TrainingRequest = rc.json().await?;
    let dbh = rc.db()?;
    accounts_db::user_by_id(&dbh, req.user_id).await?.ok_or_else(|| ApiError::invalid("user_id: no such user"))?;
    db::instruments::record_training(&dbh, req.user_id, id, me.user.id, rc.now()).await?;
    no_content()
}
