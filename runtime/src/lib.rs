//! The Tenor runtime: schema-driven input decoding, the bytecode VM, and the embedding API.
//!
//! A host needs only this crate: [`live::LiveEngine`] serves a policy folder and reloads it as it
//! changes; [`live::PolicyVersion`] is one compiled version; [`compiler`] re-exports the compiler
//! (diagnostics, [`Sources`], `compile`) for tools that check policies themselves.
//!
//! The README's embedding example, run from the repository root (`tests/it/readme.rs` keeps
//! the two copies the same):
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))?;
//! use tenor_runtime::LiveEngine;
//!
//! let engine = LiveEngine::builder("examples/return_followup").open()?; // compile once; `.watch()` reloads on save
//! let followup = engine.decision("followup")?; // owned handle: keep it in your struct
//! let input = std::fs::read_to_string("examples/return_followup/inputs/followup/first_time_defective.json")?;
//! let decided = followup.decide_json(&input)?; // or `decide(&any_serialize)`, `decide_value(&json)`
//! assert!(decided.json().starts_with(r#"{"tone":"apologetic""#));
//! println!("decided by version {}", decided.version().as_str());
//! # Ok(())
//! # }
//! ```

mod backend;
mod coverage;
mod decode;
mod decoded;
mod engine;
mod error;
pub mod explain;
mod format;
pub mod jit;
mod limits;
pub mod live;
mod load;
mod natives;
mod outcome;
mod params;
mod scratch;
pub mod source;
mod splits;
mod testing;
mod value;
mod vm;

pub use backend::BackendKind;
pub use coverage::{CoveragePoint, DecisionCoverage, PointKind};
pub use decoded::DecodedInput;
pub use engine::{CompileError, Decision, Engine};
pub use error::DecideError;
pub use jit::JitError;
pub use limits::{InputLimits, DEFAULT_STEP_BUDGET, MAX_NESTING};
pub use live::{Decided, DecisionHandle, Input, LiveEngine, LiveError, LoadFailure, PolicyVersion, VersionId};
pub use params::{ParamsError, ParamsFormat};
pub use splits::{units_changing_arm, ArmShare, SplitOutcome, SPLIT_TOLERANCE, SPLIT_UNITS};
/// The compiler, for hosts that check or compile policies themselves (one dependency suffices).
pub use tenor_compiler as compiler;
pub use tenor_compiler::diagnostic::Diagnostic;
pub use tenor_compiler::span::Sources;
pub use testing::{FailedExpect, TestOutcome};
