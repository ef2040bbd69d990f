//! Account endpoints, one function each.

pub mod admin;
pub mod notifications;
pub mod reset;
pub mod session;
