//! The parts of xtask that tests and benchmarks share with the CLI: the
//! catalogue import client and the demo-data generators.

pub mod booking_seed;
pub mod datasets_seed;
pub mod import;
pub mod qa_seed;
pub mod rng;
