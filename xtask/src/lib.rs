//! Commons' developer and CI commands as a library: the `cargo xtask` binary
//! (`main.rs`) parses the verb and calls in here, and the test crate uses
//! the import client and the demo-data generators.
//!
//! One folder per service where a command has per-service parts: `seed/`
//! (the demo data) and `bench/` (the scenarios of ../shared/BENCH.md).

pub mod bench;
pub mod build;
pub mod fuzz;
pub mod import;
pub mod modgraph;
pub mod openapi;
pub mod procs;
pub mod rng;
pub mod seed;
pub mod stack;
pub mod tools;
pub mod verbs;

use std::path::PathBuf;

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_else(|| PathBuf::from("."))
}

/// A failure of an xtask step, with what to do about it.
pub type Result<T> = std::result::Result<T, String>;
