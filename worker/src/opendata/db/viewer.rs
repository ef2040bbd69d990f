//! SQL for what a signed-in viewer does on a dataset: following it and
//! rating it.

use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{d1_err, first, int, run, stmt};

/// Subscribes (idempotent).
pub async fn subscribe(db: &D1Database, user: i64, dataset: i64, now: i64) -> Result<(), ApiError> {
    run(
        db,
        "INSERT OR IGNORE INTO dataset_subscriptions (user_id, dataset_id, created_at) VALUES (?1, ?2, ?3)",
        &[int(user), int(dataset), int(now)],
    )
    .await
    .map(|_| ())
}

/// Unsubscribes (idempotent).
pub async fn unsubscribe(db: &D1Database, user: i64, dataset: i64) -> Result<(), ApiError> {
    run(db, "DELETE FROM dataset_subscriptions WHERE user_id = ?1 AND dataset_id = ?2", &[int(user), int(dataset)])
        .await
        .map(|_| ())
}

/// What the viewer has done with a dataset: (subscribed, their stars).
pub async fn viewer_state(db: &D1Database, user: i64, dataset: i64) -> Result<(bool, Option<i64>), ApiError> {
    #[derive(Deserialize)]
    struct V {
        subscribed: i64,
        stars: Option<i64>,
    }
    let v: Option<V> = first(
        db,
        "SELECT EXISTS (SELECT 1 FROM dataset_subscriptions WHERE user_id = ?1 AND dataset_id = ?2) AS subscribed, \
         (SELECT stars FROM dataset_ratings WHERE user_id = ?1 AND dataset_id = ?2) AS stars",
        &[int(user), int(dataset)],
    )
    .await?;
    Ok(v.map(|v| (v.subscribed != 0, v.stars)).unwrap_or((false, None)))
}

/// Rates (or re-rates) a dataset and refreshes its average in the same batch;
/// returns (average, count).
pub async fn rate(db: &D1Database, user: i64, dataset: i64, stars: i64, now: i64) -> Result<(f64, i64), ApiError> {
    let results = db
        .batch(vec![
            stmt(
                db,
                "INSERT INTO dataset_ratings (dataset_id, user_id, stars, rated_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (dataset_id, user_id) DO UPDATE SET stars = excluded.stars, rated_at = excluded.rated_at",
                &[int(dataset), int(user), int(stars), int(now)],
            )?,
            stmt(
                db,
                "UPDATE datasets SET rating = (SELECT AVG(stars) FROM dataset_ratings WHERE dataset_id = ?1), \
                 rating_count = (SELECT COUNT(*) FROM dataset_ratings WHERE dataset_id = ?1) WHERE id = ?1",
                &[int(dataset)],
            )?,
            stmt(db, "SELECT rating, rating_count FROM datasets WHERE id = ?1", &[int(dataset)])?,
        ])
        .await
        .map_err(d1_err)?;
    #[derive(Deserialize)]
    struct R {
        rating: Option<f64>,
        rating_count: i64,
    }
    let r: Option<R> = match results.into_iter().nth(2) {
        Some(r) => r.results::<R>().map_err(d1_err)?.into_iter().next(),
        None => None,
    };
    Ok(r.map(|r| (r.rating.unwrap_or(0.0), r.rating_count)).unwrap_or((0.0, 0)))
}
