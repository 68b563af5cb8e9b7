//! The Tenor runtime: schema-driven input decoding, the bytecode VM, and the embedding API.
//!
//! The README's embedding example, run from the repository root (`tests/it/readme.rs` keeps
//! the two copies the same):
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))?;
//! use tenor_runtime::{source, Engine};
//!
//! let loaded = source::load_paths(&["examples/return_followup".into()])?;
//! let engine = Engine::compile(&loaded.sources)?; // compile once
//! let followup = engine.decision("followup")?; // look the decision up once
//! let input = std::fs::read_to_string("examples/return_followup/inputs/followup/first_time_defective.json")?;
//! let decision: String = followup.decide_json(&input)?; // JSON in, JSON out
//! assert!(decision.starts_with(r#"{"tone":"apologetic""#));
//! # Ok(())
//! # }
//! ```

mod coverage;
mod decode;
mod engine;
mod error;
pub mod explain;
mod format;
mod limits;
mod load;
mod natives;
mod params;
mod scratch;
pub mod source;
mod splits;
mod testing;
mod value;
mod vm;

pub use coverage::{CoveragePoint, DecisionCoverage, PointKind};
pub use engine::{CompileError, Decision, Engine};
pub use error::DecideError;
pub use limits::{InputLimits, DEFAULT_STEP_BUDGET, MAX_NESTING};
pub use params::{ParamsError, ParamsFormat};
pub use splits::{ArmShare, SplitOutcome, SPLIT_TOLERANCE, SPLIT_UNITS};
pub use testing::{FailedExpect, TestOutcome};
