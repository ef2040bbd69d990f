//! SQL for the booker's shortcuts: similar instruments, favourites with
//! their substitutes, and the most-booked list for quick booking.

use commons_domain::booking::Instrument;
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use super::instruments::{InstrumentRow, INSTRUMENT_SELECT};
use crate::db::{changes, d1_err, int};

/// Instruments of the same category at other centres or this one, nearest (same city) first.
pub async fn similar(db: &D1Database, id: i64) -> Result<Vec<Instrument>, ApiError> {
    let rows = crate::db::all::<InstrumentRow>(
        db,
        &format!(
            "{INSTRUMENT_SELECT} JOIN instruments me ON me.id = ?1 JOIN centers mc ON mc.id = me.center_id \
             WHERE i.category = me.category AND i.id <> me.id AND i.active = 1 \
             ORDER BY (c.city = mc.city) DESC, (i.center_id = me.center_id) DESC, i.id LIMIT 6"
        ),
        &[int(id)],
    )
    .await?;
    Ok(rows.iter().map(InstrumentRow::view).collect())
}

#[derive(Deserialize)]
struct FavRow {
    instrument_id: i64,
    substitute_id: Option<i64>,
}

/// A user's favourites as (favourite, substitutes in order).
pub async fn favorites(db: &D1Database, user_id: i64) -> Result<Vec<(i64, Vec<i64>)>, ApiError> {
    let rows = crate::db::all::<FavRow>(
        db,
        "SELECT f.instrument_id, s.substitute_id FROM favorites f \
         LEFT JOIN favorite_substitutes s ON s.user_id = f.user_id AND s.instrument_id = f.instrument_id \
         WHERE f.user_id = ?1 ORDER BY f.created_at, f.instrument_id, s.position",
        &[int(user_id)],
    )
    .await?;
    let mut out: Vec<(i64, Vec<i64>)> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some((id, subs)) if *id == r.instrument_id => subs.extend(r.substitute_id),
            _ => out.push((r.instrument_id, r.substitute_id.into_iter().collect())),
        }
    }
    Ok(out)
}

/// Sets a favourite and replaces its substitutes, in one batch.
pub async fn put_favorite(
    db: &D1Database,
    user_id: i64,
    instrument_id: i64,
    subs: &[i64],
    now: i64,
) -> Result<(), ApiError> {
    let mut stmts = vec![
        crate::db::stmt(
            db,
            "INSERT OR IGNORE INTO favorites (user_id, instrument_id, created_at) VALUES (?1, ?2, ?3)",
            &[int(user_id), int(instrument_id), int(now)],
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
            "INSERT INTO favorite_substitutes (user_id, instrument_id, substitute_id, position) VALUES (?1, ?2, ?3, ?4)",
            &[int(user_id), int(instrument_id), int(*s), int(pos as i64)],
        )?);
    }
    db.batch(stmts).await.map_err(d1_err)?;
    Ok(())
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
            "{INSTRUMENT_SELECT} JOIN (SELECT instrument_id, COUNT(*) AS n, MAX(start_at) AS last FROM bookings \
               WHERE user_id = ?1 GROUP BY instrument_id) u ON u.instrument_id = i.id \
             WHERE i.active = 1 AND (i.requires_training = 0 OR EXISTS \
               (SELECT 1 FROM trainings t WHERE t.user_id = ?1 AND t.instrument_id = i.id)) \
             ORDER BY u.n DESC, u.last DESC LIMIT 5"
        ),
        &[int(user_id)],
    )
    .await?;
    Ok(rows.iter().map(InstrumentRow::view).collect())
}
