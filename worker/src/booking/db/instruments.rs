//! SQL for centres, instruments (search, one, the staff's update) and the
//! trainings that some instruments require.

use commons_domain::booking::{Center, FeeUnit, HoldingLimits, Instrument, InstrumentUpdate, SlotRules};
use commons_domain::ApiError;
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::D1Database;

use crate::db::{int, text};

/// An instrument joined with its centre's rules.
#[derive(Debug, Clone, Deserialize)]
pub struct InstrumentRow {
    id: i64,
    center_id: String,
    center_name_zh: String,
    center_name_en: String,
    name_zh: String,
    name_en: String,
    category: String,
    description: String,
    photo_url: Option<String>,
    fee_unit: String,
    fee_academic: i64,
    fee_industry: i64,
    min_minutes: i64,
    max_minutes: i64,
    horizon_days: i64,
    cancel_hours: i64,
    requires_training: i64,
    requires_approval: i64,
    open_minute: i64,
    close_minute: i64,
    open_weekdays: String,
    #[serde(default)]
    external_url: Option<String>,
    max_future_bookings: i64,
    max_future_hours: i64,
    center_max_future_bookings: i64,
    center_max_future_hours: i64,
}

impl InstrumentRow {
    /// The wire form.
    pub fn view(&self) -> Instrument {
        Instrument {
            id: self.id,
            center_id: self.center_id.clone(),
            center_name_zh: self.center_name_zh.clone(),
            center_name_en: self.center_name_en.clone(),
            name_zh: self.name_zh.clone(),
            name_en: self.name_en.clone(),
            category: self.category.clone(),
            description: self.description.clone(),
            photo_url: self.photo_url.clone(),
            fee_unit: FeeUnit::from_stored(&self.fee_unit),
            fee_academic: self.fee_academic,
            fee_industry: self.fee_industry,
            requires_training: self.requires_training != 0,
            requires_approval: self.requires_approval != 0,
            cancel_hours: self.cancel_hours,
            rules: SlotRules {
                min_minutes: self.min_minutes,
                max_minutes: self.max_minutes,
                horizon_days: self.horizon_days,
                open_minute: self.open_minute,
                close_minute: self.close_minute,
                open_weekdays: self.open_weekdays.clone(),
            },
            external_url: self.external_url.clone(),
            limits: HoldingLimits {
                max_future_bookings: self.max_future_bookings,
                max_future_hours: self.max_future_hours,
            },
            center_limits: HoldingLimits {
                max_future_bookings: self.center_max_future_bookings,
                max_future_hours: self.center_max_future_hours,
            },
        }
    }
}

/// The columns of [`InstrumentRow`] over `instruments i JOIN centers c`.
pub(super) const INSTRUMENT_COLS: &str =
    "i.id, i.center_id, c.name_zh AS center_name_zh, c.name_en AS center_name_en, \
     i.name_zh, i.name_en, i.category, i.description, i.photo_url, i.fee_unit, i.fee_academic, i.fee_industry, \
     i.min_minutes, i.max_minutes, i.horizon_days, i.cancel_hours, i.requires_training, i.requires_approval, \
     c.open_minute, c.close_minute, c.open_weekdays, i.external_url, i.max_future_bookings, i.max_future_hours, \
     c.max_future_bookings AS center_max_future_bookings, c.max_future_hours AS center_max_future_hours";

/// `SELECT` [`INSTRUMENT_COLS`] `FROM instruments i JOIN centers c`; callers
/// add their own joins and conditions after it.
pub(super) fn instrument_select() -> String {
    format!("SELECT {INSTRUMENT_COLS} FROM instruments i JOIN centers c ON c.id = i.center_id")
}

#[derive(Deserialize)]
struct CenterRow {
    id: String,
    name_zh: String,
    name_en: String,
    city: String,
    instrument_count: i64,
}

/// Every centre with its instrument count.
pub async fn centers(db: &D1Database) -> Result<Vec<Center>, ApiError> {
    let rows = crate::db::all::<CenterRow>(
        db,
        "SELECT c.id, c.name_zh, c.name_en, c.city, \
         (SELECT COUNT(*) FROM instruments i WHERE i.center_id = c.id AND i.active = 1) AS instrument_count \
         FROM centers c ORDER BY c.id",
        &[],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Center {
            id: r.id,
            name_zh: r.name_zh,
            name_en: r.name_en,
            city: r.city,
            instrument_count: r.instrument_count,
        })
        .collect())
}

/// Filters for the instrument search.
pub struct InstrumentFilter<'a> {
    /// LIKE patterns (`commons_domain::booking::search_patterns`), every one of
    /// which must match the name, category or description.
    pub patterns: &'a [String],
    /// Centre id, or empty.
    pub center: &'a str,
    /// Category, or empty.
    pub category: &'a str,
}

/// The WHERE clause of a search with `words` patterns, bound from `?3` on.
/// The patterns are folded and match the folded `search_text`; a row not yet
/// re-indexed (`search_text = ''`, migrations/0014) is matched on its raw columns.
fn instrument_where(words: usize) -> String {
    let mut w = String::from(" WHERE i.active = 1 AND (?1 = '' OR i.center_id = ?1) AND (?2 = '' OR i.category = ?2)");
    for n in 3..3 + words {
        w.push_str(&format!(
            " AND (i.search_text LIKE ?{n} ESCAPE '\\' OR (i.search_text = '' AND (i.name_zh LIKE ?{n} ESCAPE '\\' \
             OR i.name_en LIKE ?{n} ESCAPE '\\' OR i.category LIKE ?{n} ESCAPE '\\' OR i.description LIKE ?{n} ESCAPE '\\')))"
        ));
    }
    w
}

/// One page of matching instruments and the total.
pub async fn search_instruments(
    db: &D1Database,
    f: &InstrumentFilter<'_>,
    page: u32,
    per_page: u32,
) -> Result<(Vec<Instrument>, u64), ApiError> {
    let mut args = vec![text(f.center), text(f.category)];
    args.extend(f.patterns.iter().map(|p| text(p)));
    let filter = instrument_where(f.patterns.len());
    let n = args.len();
    let offset = (page.saturating_sub(1) as i64) * per_page as i64;
    let mut paged = args.clone();
    paged.extend([int(per_page as i64), int(offset)]);
    let rows = crate::db::all::<InstrumentRow>(
        db,
        &format!("{}{filter} ORDER BY i.center_id, i.id LIMIT ?{} OFFSET ?{}", instrument_select(), n + 1, n + 2),
        &paged,
    )
    .await?;
    let total = crate::db::count(db, &format!("SELECT COUNT(*) AS n FROM instruments i{filter}"), &args).await? as u64;
    Ok((rows.iter().map(InstrumentRow::view).collect(), total))
}

/// One active instrument.
pub async fn instrument(db: &D1Database, id: i64) -> Result<Option<InstrumentRow>, ApiError> {
    crate::db::first::<InstrumentRow>(
        db,
        &format!("{} WHERE i.id = ?1 AND i.active = 1", instrument_select()),
        &[int(id)],
    )
    .await
}

/// Applies an instrument update; `None` fields keep their stored values.
/// `search_text` is the folded search text of the new description
/// (`commons_domain::booking::instrument_search_text`), written with it.
pub async fn update_instrument(
    db: &D1Database,
    id: i64,
    u: &InstrumentUpdate,
    search_text: Option<&str>,
) -> Result<(), ApiError> {
    let opt_i = |v: Option<i64>| v.map(int).unwrap_or(JsValue::NULL);
    let opt_b = |v: Option<bool>| v.map(|b| int(b as i64)).unwrap_or(JsValue::NULL);
    crate::db::run(
        db,
        "UPDATE instruments SET fee_academic = COALESCE(?2, fee_academic), fee_industry = COALESCE(?3, fee_industry), \
         min_minutes = COALESCE(?4, min_minutes), max_minutes = COALESCE(?5, max_minutes), horizon_days = COALESCE(?6, horizon_days), \
         cancel_hours = COALESCE(?7, cancel_hours), requires_training = COALESCE(?8, requires_training), \
         requires_approval = COALESCE(?9, requires_approval), description = COALESCE(?10, description), \
         max_future_bookings = COALESCE(?11, max_future_bookings), max_future_hours = COALESCE(?12, max_future_hours), \
         search_text = COALESCE(?13, search_text) WHERE id = ?1",
        &[
            int(id),
            opt_i(u.fee_academic),
            opt_i(u.fee_industry),
            opt_i(u.min_minutes),
            opt_i(u.max_minutes),
            opt_i(u.horizon_days),
            opt_i(u.cancel_hours),
            opt_b(u.requires_training),
            opt_b(u.requires_approval),
            u.description.as_deref().map(text).unwrap_or(JsValue::NULL),
            opt_i(u.max_future_bookings),
            opt_i(u.max_future_hours),
            search_text.map(text).unwrap_or(JsValue::NULL),
        ],
    )
    .await?;
    Ok(())
}

/// Sets a centre's per-person holding limits; false if there is no such centre.
pub async fn update_center_limits(db: &D1Database, center: &str, l: &HoldingLimits) -> Result<bool, ApiError> {
    Ok(crate::db::run(
        db,
        "UPDATE centers SET max_future_bookings = ?2, max_future_hours = ?3 WHERE id = ?1",
        &[text(center), int(l.max_future_bookings), int(l.max_future_hours)],
    )
    .await?
        == 1)
}

/// Whether a user is trained on an instrument.
pub async fn is_trained(db: &D1Database, user_id: i64, instrument_id: i64) -> Result<bool, ApiError> {
    Ok(crate::db::count(
        db,
        "SELECT COUNT(*) AS n FROM trainings WHERE user_id = ?1 AND instrument_id = ?2",
        &[int(user_id), int(instrument_id)],
    )
    .await?
        > 0)
}

/// Records a training (idempotent).
pub async fn record_training(
    db: &D1Database,
    user_id: i64,
    instrument_id: i64,
    by: i64,
    now: i64,
) -> Result<(), ApiError> {
    crate::db::run(
        db,
        "INSERT OR IGNORE INTO trainings (user_id, instrument_id, trained_by, trained_at) VALUES (?1, ?2, ?3, ?4)",
        &[int(user_id), int(instrument_id), int(by), int(now)],
    )
    .await?;
    Ok(())
}
