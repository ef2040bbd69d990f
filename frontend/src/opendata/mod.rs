//! Open data (開放資料): the catalogue's pages for the public, and the
//! publisher's. Compiled into the open-data bundle only.

pub mod common;
pub mod dataset;
pub mod editor;
pub mod history;
pub mod home;
pub mod organization;
pub mod participation;
pub mod preview;
pub mod publisher;
pub mod requests;
pub mod review;
pub mod search;
pub mod showcases;
