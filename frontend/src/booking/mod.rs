//! Instrument booking (貴重儀器預約): search, calendars, my bookings, the
//! centre's day view and reports. Compiled into the booking bundle only.

pub mod calendar;
pub mod center;
pub mod home;
pub mod instrument;
pub mod mine;
pub mod reports;
