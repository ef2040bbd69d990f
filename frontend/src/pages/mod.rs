//! One module per page of the SPA.

pub mod account;
pub mod home;
pub mod login;
pub mod not_found;
pub mod register;
pub mod service;
