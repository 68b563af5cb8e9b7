//! Limits a host sets on one decision: the JSON input it reads and the work it does.

/// How much JSON input one decision may read. Generous for sane inputs; a host that
/// needs more raises them with [`Engine::with_input_limits`](crate::Engine::with_input_limits):
///
/// ```
/// use tenor_runtime::{Engine, InputLimits};
/// # let engine = Engine::new(Default::default()).unwrap();
/// let engine = engine.with_input_limits(InputLimits { max_elements: 1_000_000, ..InputLimits::default() });
/// assert_eq!(engine.input_limits().max_input_bytes, 16 * 1024 * 1024);
/// ```
///
/// Nesting is limited separately and not configurable: at most [`MAX_NESTING`] levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InputLimits {
    /// Most bytes of JSON text a decision reads (`decide_json`); default 16 MiB.
    /// A parsed `serde_json::Value` (`decide_value`) has no text and is not measured.
    pub max_input_bytes: usize,
    /// Most elements of one list, set or map in the input; default 100,000.
    pub max_elements: usize,
}

impl Default for InputLimits {
    fn default() -> InputLimits {
        InputLimits { max_input_bytes: 16 * 1024 * 1024, max_elements: 100_000 }
    }
}

/// Most levels of JSON objects and arrays the decoder reads, below serde_json's own limit
/// of 128 so that the error can name the JSON path.
pub const MAX_NESTING: usize = 100;

/// Steps (rounds of list operations, nested ones multiplied) a decision may take by default:
/// a thousand-item list inside a thousand-item list, far more than a sane policy needs, and
/// about 70 ms of work at worst (BENCHMARKS.md). A host changes it with
/// [`Engine::with_step_budget`](crate::Engine::with_step_budget).
pub const DEFAULT_STEP_BUDGET: u64 = 1_000_000;
