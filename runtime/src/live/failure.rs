//! Why a policy version was not loaded. A refused version never replaces the live one.

use crate::source::LoadError;
use tenor_compiler::diagnostic::Diagnostic;
use tenor_compiler::span::Sources;

/// Why a policy version could not be loaded: its files, its code, its params or its tests.
#[derive(Clone, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadFailure {
    /// A file or folder could not be read.
    #[error("{0}")]
    Read(LoadError),
    /// The folder holds no policy file.
    #[error("no .tenor files found in `{path}`; add a policy file or give another folder")]
    NoFiles {
        /// The folder.
        path: String,
    },
    /// A policy file is empty: most likely a save caught between its truncation and its writing,
    /// which must not go live as a policy without decisions.
    #[error("`{path}` is empty (a save in progress?); a policy file must declare something, or delete it")]
    EmptyFile {
        /// The file.
        path: String,
    },
    /// The policy does not parse or type-check.
    #[error("the policy has {errors} error{}; first: {first}", if *.errors == 1 { "" } else { "s" })]
    Compile {
        /// How many errors.
        errors: usize,
        /// The first error as `file:line:column: message`.
        first: String,
        /// Every diagnostic (errors and warnings).
        diagnostics: Vec<Diagnostic>,
        /// The files the diagnostics point into.
        sources: Sources,
    },
    /// The compiled code failed the bytecode verifier (a compiler bug, never the policy's fault).
    #[error("internal error: the code of {name} failed the bytecode verifier {message}; please report it")]
    Verify {
        /// The function: "decision `d`", "expectation 2 of test `t`", ….
        name: String,
        /// What the verifier found, and at which instruction ("at instruction 4: …").
        message: String,
    },
    /// The JIT could not compile a decision (a bug in the JIT, never the policy's fault).
    #[error("internal error: {0}")]
    Jit(#[from] crate::jit::JitError),
    /// The params file could not be read or does not fit the params.
    #[error("`{path}`: {message}")]
    Params {
        /// The params file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// Some of the policy's own tests fail (only when tests gate loading).
    #[error("{} of {total} test{} failed: `{}`; fix the policy or its tests", .failed.len(), if *.total == 1 { "" } else { "s" }, .failed.join("`, `"))]
    Tests {
        /// How many tests ran.
        total: usize,
        /// The titles of the failing tests.
        failed: Vec<String>,
    },
}

impl LoadFailure {
    /// A compile failure from the compiler's diagnostics.
    pub(crate) fn compile(diagnostics: Vec<Diagnostic>, sources: Sources) -> LoadFailure {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        let first = diagnostics.iter().find(|d| d.is_error()).map(|d| located(d, &sources)).unwrap_or_default();
        LoadFailure::Compile { errors, first, diagnostics, sources }
    }
}

/// `file:line:column: message`.
fn located(diagnostic: &Diagnostic, sources: &Sources) -> String {
    let file = sources.get(diagnostic.span.file).map(|f| f.name.as_str()).unwrap_or("?");
    let at = sources.line_col(diagnostic.span.file, diagnostic.span.start);
    format!("{file}:{}:{}: {}", at.line, at.column, diagnostic.message)
}
