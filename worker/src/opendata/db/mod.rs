//! Open-data statements, one function per statement or batch, all bound.

pub mod datasets;
pub mod datastore;
pub mod drafts;
pub mod feedback;
pub mod import;
pub mod organizations;
pub mod overdue;
pub mod reindex;
pub mod requests;
pub mod search;
pub mod showcases;
pub mod viewer;
