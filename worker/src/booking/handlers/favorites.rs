//! Smart choices for the booker: similar instruments, favourites with
//! substitutes (offered when the favourite is full), and quick booking.

use commons_domain::booking::{Favorite, FavoriteList, FavoriteRequest, Instrument, QuickList};
use commons_domain::ApiError;
use worker::Response;

use super::bookings::instrument_or_404;
use crate::accounts::auth::require_user;
use crate::booking::db;
use crate::ctx::RequestCtx;
use crate::http::{id_param, q_get, query, time_arg};

/// `GET /api/instruments/{id}/similar`: same category, nearby centres first.
pub async fn similar_instruments(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let id = id_param(rc)?;
    instrument_or_404(rc, id).await?;
    let instruments = db::similar(&rc.db()?, id).await?;
    crate::http::ok_json(&serde_json::json!({ "instruments": instruments }))
}

async fn load(dbh: &worker::D1Database, id: i64) -> Result<Option<Instrument>, ApiError> {
    Ok(db::instrument(dbh, id).await?.map(|r| r.view()))
}

/// `GET /api/me/favorites[?start=&end=]`: with a time, says whether each
/// favourite is free and which substitutes are free then.
pub async fn list_favorites(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let q = query(rc)?;
    let window = match (q_get(&q, "start"), q_get(&q, "end")) {
        (Some(s), Some(e)) => {
            let (s, e) = (time_arg(s, "start")?, time_arg(e, "end")?);
            if e <= s {
                return Err(ApiError::invalid("end: must be after start"));
            }
            Some((s, e))
        }
        (None, None) => None,
        _ => return Err(ApiError::invalid("start and end: give both or neither")),
    };
    let dbh = rc.db()?;
    let mut favorites = Vec::new();
    for (fav, subs) in db::favorites(&dbh, me.user.id).await? {
        let Some(instrument) = load(&dbh, fav).await? else { continue };
        let mut substitutes = Vec::new();
        for s in subs {
            substitutes.extend(load(&dbh, s).await?);
        }
        let (mut free, mut free_substitutes) = (None, Vec::new());
        if let Some((s, e)) = window {
            let fav_free = db::is_free(&dbh, fav, s, e).await?;
            free = Some(fav_free);
            if !fav_free {
                for sub in &substitutes {
                    if db::is_free(&dbh, sub.id, s, e).await? {
                        free_substitutes.push(sub.clone());
                    }
                }
            }
        }
        favorites.push(Favorite { instrument, substitutes, free, free_substitutes });
    }
    crate::http::ok_json(&FavoriteList { favorites })
}

/// `PUT /api/me/favorites/{id}` with `{"substitutes": [ids]}`.
pub async fn put_favorite(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let id = id_param(rc)?;
    let req: FavoriteRequest = rc.json().await?;
    let dbh = rc.db()?;
    instrument_or_404(rc, id).await?;
    if req.substitutes.len() > 5 {
        return Err(ApiError::invalid("substitutes: at most 5"));
    }
    let mut seen = std::collections::HashSet::new();
    for s in &req.substitutes {
        if *s == id || !seen.insert(*s) || load(&dbh, *s).await?.is_none() {
            return Err(ApiError::invalid(format!("substitutes: {s} is not a distinct, existing instrument")));
        }
    }
    db::put_favorite(&dbh, me.user.id, id, &req.substitutes, rc.now()).await?;
    Ok(Response::builder().with_status(204).empty())
}

/// `DELETE /api/me/favorites/{id}`.
pub async fn delete_favorite(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let id = id_param(rc)?;
    if !db::delete_favorite(&rc.db()?, me.user.id, id).await? {
        return Err(ApiError::not_found());
    }
    Ok(Response::builder().with_status(204).empty())
}

/// `GET /api/me/quick-instruments`: the favourites, or (with none) the 5
/// most-booked instruments the user can book now.
pub async fn quick_instruments(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let dbh = rc.db()?;
    let favs = db::favorites(&dbh, me.user.id).await?;
    if !favs.is_empty() {
        let mut instruments = Vec::new();
        for (f, _) in favs {
            instruments.extend(load(&dbh, f).await?);
        }
        return crate::http::ok_json(&QuickList { source: "favorites".into(), instruments });
    }
    let instruments = db::most_booked(&dbh, me.user.id).await?;
    crate::http::ok_json(&QuickList { source: "most_booked".into(), instruments })
}
