//! Errors a decision can end with: unknown decision, bad input, or a runtime fault.

use tenor_compiler::semantics::Fault;
use tenor_compiler::span::Span;

/// Why a decision could not be made.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DecideError {
    /// No decision has that name.
    #[error("no decision named `{name}`{hint}; the decisions are {available}")]
    UnknownDecision {
        /// The name asked for.
        name: String,
        /// "; did you mean …" or nothing.
        hint: String,
        /// The names there are.
        available: String,
    },
    /// Decisions of several packages have that name; the caller must say which.
    #[error("`{name}` names decisions of several packages: {candidates}; ask for one by its qualified name")]
    AmbiguousDecision {
        /// The name asked for.
        name: String,
        /// The qualified names of the decisions it could mean.
        candidates: String,
    },
    /// The input does not match the decision's inputs.
    #[error("{message}")]
    Input {
        /// The message, starting with the JSON path.
        message: String,
        /// The JSON path of the bad value (`customer.predicted_ltv`).
        path: String,
    },
    /// The input text is over the host's byte limit (`InputLimits::max_input_bytes`); it was not parsed.
    #[error("the input is {bytes} bytes, more than the limit of {limit} bytes; the host can raise `InputLimits::max_input_bytes`")]
    InputTooLarge {
        /// The input's length in bytes.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// The policy hit an error while deciding (overflow, division by zero, mixed currencies).
    #[error("{fault}")]
    Runtime {
        /// What went wrong.
        fault: Fault,
        /// The source of the failing instruction.
        span: Span,
    },
}

impl DecideError {
    /// Whether the decision ran out of its step budget (`Engine::with_step_budget`).
    pub fn is_budget_exceeded(&self) -> bool {
        matches!(self, DecideError::Runtime { fault: Fault::BudgetExceeded { .. }, .. })
    }

    /// Whether the JSON input was over the host's byte limit (`InputLimits::max_input_bytes`).
    pub fn is_input_too_large(&self) -> bool {
        matches!(self, DecideError::InputTooLarge { .. })
    }
}
