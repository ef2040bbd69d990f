//! Open-data statements, one function per statement or batch, all bound.

pub mod datasets;
pub mod datastore;
pub mod feedback;
pub mod import;
pub mod organizations;
pub mod overdue;
pub mod requests;
pub mod search;
pub mod showcases;
pub mod viewer;

/// The old path of the dataset lookup, which Q&A still uses to link a question
/// to a dataset (`qa/handlers`); Q&A can call [`datasets::dataset`] and this goes.
pub mod catalogue {
    pub use super::datasets::dataset;
}
