//! Sweeps: many sites from a list, in parallel, into one output folder with a summary.

pub mod build;
pub mod dirs;
pub mod engine;
#[cfg(test)]
mod engine_tests;
pub mod journal;
pub mod limits;
pub mod merge;
pub mod model;
pub mod pace;
pub mod shard;

pub use build::summarize_sweep;
pub use engine::{run_sweep, StopFlag, SweepConfig, SweepItem, SweepProgress};
pub use model::*;
