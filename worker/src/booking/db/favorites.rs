//! SQL for the booker's shortcuts: similar instruments, favourites with
//! their substitutes, and the most-booked list for quick booking.
//!
//! A person keeps at most `MAX_FAVORITES` favourites (decided by the
//! insert itself), and every favourite with its substitutes, and whether
//! each is free at a time, is read in one statement each: the number of
//! statements of a request never grows with the list.

use std::collections::HashSet;

use commons_domain::booking::{Instrument, MAX_FAVORITES};
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use super::instruments::{instrument_select, InstrumentRow};
use crate::db::{changes, d1_err, int};

/// Instruments of the same category at other centres or this one, nearest (same city) first.
pub async fn similar(db: &D1Database, id: i64) -> Result<Vec<Instrument>, ApiError> {
    let rows = crate::db::all::<InstrumentRow>(
        db,
        &format!(
            "{} JOIN instruments me ON me.id = ?1 JOIN centers mc ON mc.id = me.center_id \
             WHERE i.category = me.category AND i.id <> me.id AND i.active = 1 \
             ORDER BY (c.city = mc.city) DESC, (i.center_id = me.center_id) DESC, i.id LIMIT 6",
            instrument_select()
        ),
        &[int(id)],
    )
    .await?;
    Ok(rows.iter().map(InstrumentRow::view).collect())
}

/// Which favourite a row of [`favorites`] belongs to, and where in it.
#[derive(Deserialize)]
struct FavPlace {
    fav: i64,
    /// -1 for the favourite itself, else the substitute's position.
    pos: i64,
}

/// A user's favourites, oldest first, each with its substitutes in order of
/// preference (active instruments only), in one statement.
pub async fn favorites(db: &D1Database, user_id: i64) -> Result<Vec<(Instrument, Vec<Instrument>)>, ApiError> {
    let res = crate::db::stmt(
        db,
        &format!(
            "SELECT x.fav, x.pos, {} FROM (\
               SELECT f.instrument_id AS fav, -1 AS pos, f.instrument_id AS target, f.created_at AS at, f.rowid AS seq \
                 FROM favorites f WHERE f.user_id = ?1 \
               UNION ALL \
               SELECT s.instrument_id, s.position, s.substitute_id, f.created_at, f.rowid \
                 FROM favorite_substitutes s JOIN favorites f ON f.user_id = s.user_id AND f.instrument_id = s.instrument_id \
                 WHERE s.user_id = ?1) x \
             JOIN instruments i ON i.id = x.target JOIN centers c ON c.id = i.center_id \
             WHERE i.active = 1 ORDER BY x.at, x.seq, x.pos",
            super::instruments::INSTRUMENT_COLS
        ),
        &[int(user_id)],
    )?
    .all()
    .await
    .map_err(d1_err)?;
    let places = res.results::<FavPlace>().map_err(d1_err)?;
    let rows = res.results::<InstrumentRow>().map_err(d1_err)?;
    let mut out: Vec<(i64, Instrument, Vec<Instrument>)> = Vec::new();
    for (p, r) in places.iter().zip(&rows) {
        if p.pos < 0 {
            out.push((p.fav, r.view(), Vec::new()));
        } else if let Some((_, _, subs)) = out.iter_mut().rev().find(|(f, _, _)| *f == p.fav) {
            subs.push(r.view());
        }
    }
    Ok(out.into_iter().map(|(_, f, s)| (f, s)).collect())
}

#[derive(Deserialize)]
struct Id {
    id: i64,
}

/// The user's favourites and substitutes that are busy (an active booking or
/// a blackout) at some moment of `[start, end)`, in one statement.
///
/// Only for answers and offers: a booking itself is decided by the overlap
/// trigger, never by this.
pub async fn busy_favorites(db: &D1Database, user_id: i64, start: i64, end: i64) -> Result<HashSet<i64>, ApiError> {
    let mine = "SELECT instrument_id FROM favorites WHERE user_id = ?1 \
                UNION SELECT substitute_id FROM favorite_substitutes WHERE user_id = ?1";
    let rows = crate::db::all::<Id>(
        db,
        &format!(
            "SELECT b.instrument_id AS id FROM bookings b WHERE b.instrument_id IN ({mine}) \
               AND b.status IN ('pending', 'confirmed') AND b.start_at < ?3 AND b.end_at > ?2 \
             UNION SELECT i.id FROM instruments i JOIN blackouts x ON x.center_id = i.center_id \
               AND (x.instrument_id IS NULL OR x.instrument_id = i.id) \
             WHERE i.id IN ({mine}) AND x.start_at < ?3 AND x.end_at > ?2"
        ),
        &[int(user_id), int(start), int(end)],
    )
    .await?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Sets a favourite and replaces its substitutes, in one batch. A new
/// favourite is stored only while the user has fewer than `MAX_FAVORITES`
/// (the insert decides, so parallel requests cannot pass the cap); returns
/// false if it was refused for that.
pub async fn put_favorite(
    db: &D1Database,
    user_id: i64,
    instrument_id: i64,
    subs: &[i64],
    now: i64,
) -> Result<bool, ApiError> {
    let mut stmts = vec![
        crate::db::stmt(
            db,
            "INSERT OR IGNORE INTO favorites (user_id, instrument_id, created_at) SELECT ?1, ?2, ?3 \
             WHERE (SELECT COUNT(*) FROM favorites WHERE user_id = ?1) < ?4",
            &[int(user_id), int(instrument_id), int(now), int(MAX_FAVORITES as i64)],
        )?,
        crate::db::stmt(
            db,
            "DELETE FROM favorite_substitutes WHERE user_id = ?1 AND instrument_id = ?2",
            &[int(user_id), int(instrument_id)],
        )?,
    ];
    for (pos, s) in subs.iter().enumerate() {
        stmts.push(crate::db::stmt(
            db,
            "INSERT INTO favorite_substitutes (user_id, instrument_id, substitute_id, position) SELECT ?1, ?2, ?3, ?4 \
             WHERE EXISTS (SELECT 1 FROM favorites WHERE user_id = ?1 AND instrument_id = ?2)",
            &[int(user_id), int(instrument_id), int(*s), int(pos as i64)],
        )?);
    }
    stmts.push(crate::db::stmt(
        db,
        "SELECT COUNT(*) AS n FROM favorites WHERE user_id = ?1 AND instrument_id = ?2",
        &[int(user_id), int(instrument_id)],
    )?);
    let res = db.batch(stmts).await.map_err(d1_err)?;
    let stored = match res.last() {
        Some(r) => r.results::<crate::db::Count>().map_err(d1_err)?.first().map(|c| c.n).unwrap_or(0),
        None => 0,
    };
    Ok(stored == 1)
}

/// Removes a favourite (and its substitutes); false if it was not one.
pub async fn delete_favorite(db: &D1Database, user_id: i64, instrument_id: i64) -> Result<bool, ApiError> {
    let res = db
        .batch(vec![
            crate::db::stmt(
                db,
                "DELETE FROM favorite_substitutes WHERE user_id = ?1 AND instrument_id = ?2",
                &[int(user_id), int(instrument_id)],
            )?,
            crate::db::stmt(
                db,
                "DELETE FROM favorites WHERE user_id = ?1 AND instrument_id = ?2",
                &[int(user_id), int(instrument_id)],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    Ok(res.get(1).map(changes) == Some(1))
}

/// The user's 5 most-booked instruments that they can book now (active, and trained where required).
pub async fn most_booked(db: &D1Database, user_id: i64) -> Result<Vec<Instrument>, ApiError> {
    let rows = crate::db::all::<InstrumentRow>(
        db,
        &format!(
            "{} JOIN (SELECT instrument_id, COUNT(*) AS n, MAX(start_at) AS last FROM bookings \
               WHERE user_id = ?1 GROUP BY instrument_id) u ON u.instrument_id = i.id \
             WHERE i.active = 1 AND (i.requires_training = 0 OR EXISTS \
               (SELECT 1 FROM trainings t WHERE t.user_id = ?1 AND t.instrument_id = i.id)) \
             ORDER BY u.n DESC, u.last DESC LIMIT 5",
            instrument_select()
        ),
        &[int(user_id)],
    )
    .await?;
    Ok(rows.iter().map(InstrumentRow::view).collect())
}
