//! The Tenor runtime: schema-driven input decoding, the bytecode VM, and the embedding API.
//!
//! A host needs only this crate: [`live::LiveEngine`] serves a policy folder and reloads it as it
//! changes; [`live::PolicyVersion`] is one compiled version; [`compiler`] re-exports the compiler
//! (diagnostics, [`Sources`], `compile`) for tools that check policies themselves.
//!
//! ```no_run
//! use tenor_runtime::{source, Engine};
//! let loaded = source::load_paths(&["examples/return_followup".into()]).unwrap();
//! let engine = Engine::compile(&loaded.sources).unwrap();
//! let decision = engine.decide_json("followup", r#"{"customer": {}, "interaction": {}}"#);
//! ```

mod decode;
mod engine;
mod error;
pub mod explain;
mod format;
mod limits;
pub mod live;
mod load;
mod natives;
mod params;
mod scratch;
pub mod source;
mod testing;
mod value;
mod vm;

pub use engine::{CompileError, Decision, Engine};
pub use error::DecideError;
pub use limits::{InputLimits, DEFAULT_STEP_BUDGET, MAX_NESTING};
pub use live::{Decided, DecisionHandle, Input, LiveEngine, LiveError, LoadFailure, PolicyVersion, VersionId};
pub use params::{ParamsError, ParamsFormat};
/// The compiler, for hosts that check or compile policies themselves (one dependency suffices).
pub use tenor_compiler as compiler;
pub use tenor_compiler::diagnostic::Diagnostic;
pub use tenor_compiler::span::Sources;
pub use testing::TestOutcome;
