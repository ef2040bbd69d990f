//! Instrument booking (貴重儀器預約): centres, instruments, calendars,
//! bookings and their settlement, favourites, feeds and the centres' reports.

pub mod db;
pub mod handlers;
pub mod jobs;
