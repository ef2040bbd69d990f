//! Open data's scheduled work: overdue updates (逾期通知), run hourly by the
//! cron and on demand by `POST /api/admin/jobs/overdue`.

use commons_domain::common::locale::parse_rfc3339;
use commons_domain::opendata::normalize_datetime;
use commons_domain::opendata::participation::overdue_at;
use commons_domain::ApiError;
use worker::D1Database;

use crate::opendata::db::overdue as db;

/// Flags datasets past their declared update frequency at `at`, clears the
/// flags of updated ones and notifies the agencies' publishers of new flags.
/// Returns how many were newly flagged. Safe to run twice: a flagged dataset
/// is not flagged (nor announced) again.
pub async fn overdue(dbh: &D1Database, at: i64) -> Result<usize, ApiError> {
    let rows = db::freshness(dbh).await?;
    let mut flag = Vec::new();
    let mut clear = Vec::new();
    for r in rows {
        let last = normalize_datetime(&r.last).and_then(|t| parse_rfc3339(&t));
        let due = last.and_then(|l| overdue_at(&r.accrual_periodicity, l)).filter(|due| *due <= at);
        match due {
            // Newly overdue: flag it (and tell its publishers) once.
            Some(due_at) if r.flagged == 0 => flag.push(db::NewFlag {
                dataset: r.id,
                due_at,
                organization_id: r.organization_id,
                identifier: r.identifier,
                title: r.title,
            }),
            Some(_) => {}
            // No longer overdue (updated, or no regular frequency): clear the flag.
            None if r.flagged != 0 => clear.push(r.id),
            None => {}
        }
    }
    let flagged = flag.len();
    db::apply_overdue(dbh, &flag, &clear, at).await?;
    Ok(flagged)
}

/// Rewrites the next batch of datasets' search entries with the current
/// tokens (variant folding, no bigram across a number's unit), until the
/// catalogue is at `INDEX_VERSION` (migrations/0014). Returns the datasets
/// rewritten: 0 once the catalogue is current.
pub async fn reindex(dbh: &D1Database) -> Result<usize, ApiError> {
    use crate::opendata::db::reindex as db;
    let Some(after) = crate::reindex::pending(dbh, crate::reindex::Corpus::Datasets).await? else {
        return Ok(0);
    };
    let sources = db::sources(dbh, after).await?;
    let rows: Vec<_> = sources
        .iter()
        .map(|s| {
            let input = commons_domain::opendata::DatasetInput {
                title: s.title.clone(),
                description: s.description.clone(),
                // Stored by the import as a JSON array; an unreadable one indexes no keyword.
                keywords: serde_json::from_str(&s.keywords).unwrap_or_default(),
                organization: s.organization.clone(),
                category: s.category.clone(),
                field_description: s.field_description.clone(),
                ..Default::default()
            };
            let (title, body) = commons_domain::opendata::index_text(&input);
            (s, title, body)
        })
        .collect();
    db::rewrite(dbh, after, &rows).await?;
    Ok(rows.len())
}
