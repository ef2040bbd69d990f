//! Open-data statements, one function per statement or batch, all bound.

pub mod catalogue;
pub mod datastore;
pub mod participation;
