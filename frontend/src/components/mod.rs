//! Reusable pieces of the UI.

pub mod bell;
#[cfg(any(feature = "opendata", feature = "booking", feature = "qa"))]
pub mod chart;
pub mod error_notice;
pub mod field;
pub mod footer;
pub mod header;
pub mod loading;
#[cfg(any(feature = "opendata", feature = "booking"))]
pub mod related_qa;
