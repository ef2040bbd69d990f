//! Booking endpoints, one function each.

pub mod admin;
pub mod bookings;
pub mod favorites;
pub mod feeds;
pub mod reports;
pub mod usage;
