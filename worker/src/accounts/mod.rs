//! Accounts: registration, sessions and roles, the admin's user list, and
//! the notification bell every service rings.

pub mod auth;
pub mod db;
pub mod handlers;
