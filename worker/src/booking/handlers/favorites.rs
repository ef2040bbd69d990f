//! Smart choices for the booker: similar instruments, favourites with
//! substitutes (offered when the favourite is full), and quick booking.

use commons_domain::booking::{
    both_or_neither, validate_interval, validate_substitutes, Favorite, FavoriteList, FavoriteRequest, Instrument,
    QuickList, QuickSource, SimilarList, MAX_FAVORITES, MAX_SUBSTITUTES,
};
use commons_domain::ApiError;
use worker::{D1Database, Response};

use super::{instrument_or_404, no_content};
use crate::accounts::auth::require_user;
use crate::booking::db;
use crate::ctx::RequestCtx;
use crate::http::{id_param, q_get, query, time_arg};

/// `GET /api/instruments/{id}/similar`: same category, nearby centres first.
pub async fn similar_instruments(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let id = id_param(rc)?;
    instrument_or_404(rc, id).await?;
    let instruments = db::favorites::similar(&rc.db()?, id).await?;
    crate::http::ok_json(&SimilarList { instruments })
}

/// An active instrument's wire form, if there is one.
async fn load(dbh: &D1Database, id: i64) -> Result<Option<Instrument>, ApiError> {
    Ok(db::instruments::instrument(dbh, id).await?.map(|r| r.view()))
}

/// `GET /api/me/favorites[?start=&end=]`: with a time (at most 42 days), says
/// whether each favourite is free and which substitutes are free then. Two
/// statements whatever the number of favourites (at most `MAX_FAVORITES`).
pub async fn list_favorites(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let q = query(rc)?;
    let window = match both_or_neither(q_get(&q, "start"), q_get(&q, "end"))? {
        Some((s, e)) => {
            let (s, e) = (time_arg(s, "start")?, time_arg(e, "end")?);
            validate_interval(s, e)?;
            Some((s, e))
        }
        None => None,
    };
    let dbh = rc.db()?;
    let favs = db::favorites::favorites(&dbh, me.user.id).await?;
    let busy = match window {
        Some((s, e)) => Some(db::favorites::busy_favorites(&dbh, me.user.id, s, e).await?),
        None => None,
    };
    let favorites = favs
        .into_iter()
        .map(|(instrument, substitutes)| {
            let free = busy.as_ref().map(|b| !b.contains(&instrument.id));
            // Substitutes are offered only when the favourite is full.
            let free_substitutes = match (&busy, free) {
                (Some(b), Some(false)) => substitutes.iter().filter(|s| !b.contains(&s.id)).cloned().collect(),
                _ => Vec::new(),
            };
            Favorite { instrument, substitutes, free, free_substitutes }
        })
        .collect();
    crate::http::ok_json(&FavoriteList { favorites })
}

/// `PUT /api/me/favorites/{id}` with `{"substitutes": [ids]}`; 409 past `MAX_FAVORITES`.
pub async fn put_favorite(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let id = id_param(rc)?;
    let req: FavoriteRequest = rc.json().await?;
    let dbh = rc.db()?;
    instrument_or_404(rc, id).await?;
    // Look up no more than the rule allows: a longer list is refused by its count.
    let mut existing = Vec::new();
    for s in req.substitutes.iter().take(MAX_SUBSTITUTES) {
        if load(&dbh, *s).await?.is_some() {
            existing.push(*s);
        }
    }
    validate_substitutes(id, &req.substitutes, |s| existing.contains(&s))?;
    if !db::favorites::put_favorite(&dbh, me.user.id, id, &req.substitutes, rc.now()).await? {
        return Err(ApiError::conflict(format!(
            "at most {MAX_FAVORITES} favourites: remove one before adding another"
        )));
    }
    no_content()
}

/// `/api/me/favorites/{id}` with the delete method: no longer a favourite.
pub async fn delete_favorite(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let id = id_param(rc)?;
    if !db::favorites::delete_favorite(&rc.db()?, me.user.id, id).await? {
        return Err(ApiError::not_found());
    }
    no_content()
}

/// `GET /api/me/quick-instruments`: the favourites, or (with none) the 5
/// most-booked instruments the user can book now.
pub async fn quick_instruments(rc: &mut RequestCtx) -> Result<Response, ApiError> {
    let me = require_user(rc).await?;
    let dbh = rc.db()?;
    let favs = db::favorites::favorites(&dbh, me.user.id).await?;
    if !favs.is_empty() {
        let instruments = favs.into_iter().map(|(f, _)| f).collect();
        return crate::http::ok_json(&QuickList { source: QuickSource::Favorites, instruments });
    }
    let instruments = db::favorites::most_booked(&dbh, me.user.id).await?;
    crate::http::ok_json(&QuickList { source: QuickSource::MostBooked, instruments })
}
