//! Hooks and providers shared by pages.

pub mod api;
pub mod session;
pub mod submit;
pub mod title;
