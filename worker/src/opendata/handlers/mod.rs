//! Open-data endpoints, one function each.

pub mod catalogue;
pub mod ckan;
pub mod datastore;
pub mod editor;
pub mod participation;
