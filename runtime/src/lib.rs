//! The Tenor runtime: schema-driven input decoding, the bytecode VM, and the embedding API.
//!
//! ```no_run
//! use tenor_runtime::{source, Engine};
//! let loaded = source::load_paths(&["examples/return_followup".into()]).unwrap();
//! let engine = Engine::compile(&loaded.sources).unwrap();
//! let decision = engine.decide_json("followup", r#"{"customer": {}, "interaction": {}}"#);
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
