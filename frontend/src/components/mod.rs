//! Reusable pieces of the UI.

pub mod error_notice;
pub mod field;
pub mod footer;
pub mod header;
pub mod loading;
