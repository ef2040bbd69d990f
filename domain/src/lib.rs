//! Shared JSON types and pure rules for Commons.
//!
//! This crate has no I/O. It compiles natively (so its rules are unit- and
//! property-tested in milliseconds) and to wasm32, where both the Worker and
//! the SPA use it, so the two sides can never disagree on a wire format or a
//! rule.

// Input from users and the network must never panic the Worker or the page.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]

pub mod accounts;
pub mod api;
pub mod booking;
pub mod common;
pub mod error;
pub mod i18n;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod opendata;
pub mod qa;

pub use error::{ApiError, ErrorBody, ErrorKind};
