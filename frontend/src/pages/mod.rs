//! One module per page of the SPA.

pub mod account;
pub mod booking;
pub mod center;
pub mod data_common;
pub mod data_dataset;
pub mod data_home;
pub mod data_org;
pub mod data_preview;
pub mod data_search;
pub mod home;
pub mod instrument;
pub mod login;
pub mod my_bookings;
pub mod not_found;
pub mod participation_dataset;
pub mod participation_publisher;
pub mod participation_requests;
pub mod participation_showcases;
pub mod register;
pub mod reports;
pub mod service;
