//! The shell's pages, in every bundle: home, sign-in, registration, the
//! account page, and the pages for a route another bundle serves or none does.

pub mod account;
pub mod elsewhere;
pub mod home;
pub mod login;
pub mod not_found;
pub mod password_reset;
pub mod register;
