//! Booking's SQL, one function per statement or batch, every value bound.
//!
//! Overlaps and negative balances are refused by the schema itself (see
//! `migrations/0002_booking.sql`): the overlap trigger, `CHECK (balance >= 0)`
//! and conditional writes decide every race, and `crate::db::d1_err` turns
//! their failures into `slot_taken` and `quota_exceeded`.

pub mod bookings;
pub mod calendar;
pub mod favorites;
pub mod feeds;
pub mod instruments;
pub mod invariants;
pub mod quota;
pub mod reindex;
pub mod reminders;
pub mod reports;
pub mod settlement;
pub mod waitlist;
