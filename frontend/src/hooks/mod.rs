//! Hooks and providers shared by pages.

pub mod session;
