//! Instrument booking (貴重儀器預約): the shapes on the wire ([`wire`],
//! [`quota`], [`favorites`], [`reports`], [`ics`]) and the pure rules
//! ([`rules`]: overlap, cost, opening hours, horizon, cancellation deadline).
//!
//! Everything is re-exported here, so `commons_domain::booking::BookingRequest`
//! names a type wherever it is defined.

pub mod favorites;
pub mod ics;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod quota;
pub mod reports;
pub mod rules;
pub mod wire;

pub use favorites::*;
pub use ics::CalendarFeed;
pub use quota::*;
pub use rules::*;
pub use wire::*;
