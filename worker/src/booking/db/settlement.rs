//! SQL for the end of a booking: settlement with the quota trued up or a
//! numbered cash receipt, and no-shows.

use commons_domain::booking::Receipt;
use commons_domain::common::locale::rfc3339_utc;
use commons_domain::ApiError;
use serde::Deserialize;
use worker::D1Database;

use crate::db::{changes, d1_err, int, text};

/// Settles a confirmed booking that has started (by `now`) in one batch:
/// status → completed with the actual cost; the quota reservation is trued up
/// (a CHECK failure refuses an unaffordable overrun); cash gets the centre's
/// next receipt number. Returns false if the booking was not confirmed or has
/// not started: the compare-and-swap decides both, so nothing is settled,
/// trued up or receipted for an experiment that has not happened.
pub async fn complete(db: &D1Database, id: &str, actual: i64, staff: i64, now: i64) -> Result<bool, ApiError> {
    let res = db
        .batch(vec![
            crate::db::stmt(
                db,
                "UPDATE bookings SET status = 'completed', actual_cost = ?2, updated_at = ?3 \
                 WHERE id = ?1 AND status = 'confirmed' AND start_at <= ?3",
                &[text(id), int(actual), int(now)],
            )?,
            crate::db::stmt(
                db,
                "INSERT INTO quota_ledger (pi_user_id, booking_id, kind, delta, created_at) \
                 SELECT pi_user_id, id, 'settle', estimated_cost - actual_cost, ?2 FROM bookings \
                 WHERE id = ?1 AND status = 'completed' AND payment = 'quota' AND pi_user_id IS NOT NULL \
                   AND NOT EXISTS (SELECT 1 FROM quota_ledger WHERE booking_id = ?1 AND kind = 'settle')",
                &[text(id), int(now)],
            )?,
            crate::db::stmt(
                db,
                "INSERT INTO receipts (center_id, number, booking_id, amount, payer_name, issued_by, issued_at) \
                 SELECT i.center_id, COALESCE((SELECT MAX(r.number) FROM receipts r WHERE r.center_id = i.center_id), 0) + 1, \
                        b.id, b.actual_cost, u.display_name, ?2, ?3 \
                 FROM bookings b JOIN instruments i ON i.id = b.instrument_id JOIN users u ON u.id = b.user_id \
                 WHERE b.id = ?1 AND b.status = 'completed' AND b.payment = 'cash' \
                   AND NOT EXISTS (SELECT 1 FROM receipts WHERE booking_id = ?1)",
                &[text(id), int(staff), int(now)],
            )?,
        ])
        .await
        .map_err(d1_err)?;
    Ok(res.first().map(changes) == Some(1))
}

/// Marks a confirmed booking that has started (by `now`) as a no-show; the
/// reservation stays charged. Returns false if the booking was not confirmed
/// or has not started.
pub async fn no_show(db: &D1Database, id: &str, now: i64) -> Result<bool, ApiError> {
    Ok(crate::db::run(
        db,
        "UPDATE bookings SET status = 'no_show', actual_cost = estimated_cost, updated_at = ?2 \
         WHERE id = ?1 AND status = 'confirmed' AND start_at <= ?2",
        &[text(id), int(now)],
    )
    .await?
        == 1)
}

#[derive(Deserialize)]
struct ReceiptRow {
    center_id: String,
    number: i64,
    booking_id: String,
    amount: i64,
    payer_name: String,
    issued_at: i64,
}

/// The receipt of a booking, if one was issued.
pub async fn receipt(db: &D1Database, booking_id: &str) -> Result<Option<Receipt>, ApiError> {
    Ok(crate::db::first::<ReceiptRow>(
        db,
        "SELECT center_id, number, booking_id, amount, payer_name, issued_at FROM receipts WHERE booking_id = ?1",
        &[text(booking_id)],
    )
    .await?
    .map(|r| Receipt {
        center_id: r.center_id,
        number: r.number,
        booking_id: r.booking_id,
        amount: r.amount,
        payer_name: r.payer_name,
        issued_at: rfc3339_utc(r.issued_at),
    }))
}
