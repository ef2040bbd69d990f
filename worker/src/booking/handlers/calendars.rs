//! Busy time: an instrument's calendar and a centre's day with every
//! instrument side by side. Only the viewer's own bookings say whose they are.

use commons_domain::booking::{taipei_midnight, validate_window, Calendar, CenterDay, DayColumn};
use commons_domain::common::locale::rfc3339_utc;
use commons_domain::{ApiError, ErrorKind};
use worker::Response;

use super::instrument_or_404;
use crate::accounts::auth::current_user;
use crate::booking::db;
use crate::ctx::RequestCtx;
use crate::http::{id_param, q_get, query, time_arg};

/// `GET /api/instruments/{id}/calendar?from=&to=`: busy time in the window.
pub async fn get_calendar(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let id = id_param(rc)?;
    let q = query(rc)?;
    let from = time_arg(q_get(&q, "from").ok_or_else(|| ApiError::invalid("from: required"))?, "from")?;
    let to = time_arg(q_get(&q, "to").ok_or_else(|| ApiError::invalid("to: required"))?, "to")?;
    validate_window(from, to)?;
    let row = instrument_or_404(rc, id).await?;
    let viewer = current_user(rc).await?.map(|u| u.user.id);
    let busy = db::calendar::busy(&rc.db()?, id, from, to).await?.iter().map(|b| b.slot(viewer)).collect();
    crate::http::ok_json(&Calendar { instrument: row.view(), from: rfc3339_utc(from), to: rfc3339_utc(to), busy })
}

/// The most instruments a centre's day shows (one page of the search).
const DAY_COLUMNS: u32 = 100;

/// `GET /api/centers/{id}/day?date=YYYY-MM-DD`: every instrument of the centre side by side.
pub async fn center_day(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let center = rc.param("id").unwrap_or_default().to_string();
    let q = query(rc)?;
    let date = q_get(&q, "date").ok_or_else(|| ApiError::invalid("date: required, YYYY-MM-DD"))?.to_string();
    let from = taipei_midnight(&date).ok_or_else(|| ApiError::invalid("date: not a YYYY-MM-DD date"))?;
    let to = from + 86_400;
    let dbh = rc.db()?;
    let filter = db::instruments::InstrumentFilter { patterns: &[], center: &center, category: "" };
    let (instruments, total) = db::instruments::search_instruments(&dbh, &filter, 1, DAY_COLUMNS).await?;
    if total == 0 {
        return Err(ApiError::new(ErrorKind::NotFound, "no such centre"));
    }
    let viewer = current_user(rc).await?.map(|u| u.user.id);
    let busy = db::calendar::center_busy(&dbh, &center, from, to).await?;
    let columns = instruments
        .into_iter()
        .map(|instrument| {
            let busy = busy.iter().filter(|(id, _)| *id == instrument.id).map(|(_, b)| b.slot(viewer)).collect();
            DayColumn { instrument, busy }
        })
        .collect();
    crate::http::ok_json(&CenterDay { center_id: center, date, from: rfc3339_utc(from), columns })
}
