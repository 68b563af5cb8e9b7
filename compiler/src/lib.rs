//! The Tenor compiler: source text to a checked, lowered bytecode [`Program`](bytecode::Program).
//!
//! Pipeline, one module per stage:
//! `syntax::parse` (text → [`ast::Module`]) → `check::check` (modules → [`tir`])
//! → `lower::lower` (typed IR → [`bytecode::Program`]).
//! The compiler is pure: it reads no files, clock or environment (enforced by clippy.toml).

#![deny(clippy::disallowed_methods)]
#![forbid(unsafe_code)]

pub mod ast;
pub mod bytecode;
pub mod check;
pub mod diagnostic;
pub mod diff;
pub mod format;
pub mod literal;
pub mod lower;
pub mod native;
pub mod print;
pub mod semantics;
pub mod span;
pub mod stack;
pub mod syntax;
pub mod tir;

use diagnostic::Diagnostic;
use span::Sources;

/// Everything known about a set of sources: syntax trees, the typed program and every diagnostic.
#[derive(Debug)]
pub struct Analysis {
    /// Each file's parse, in file order.
    pub parsed: Vec<(span::FileId, syntax::Parsed)>,
    /// The typed program (partial when there are errors).
    pub checked: tir::Checked,
    /// Every diagnostic, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks every file of `sources` together.
pub fn analyze(sources: &Sources) -> Analysis {
    let parsed: Vec<(span::FileId, syntax::Parsed)> = sources.iter().map(|(id, f)| (id, syntax::parse(id, &f.text))).collect();
    let modules: Vec<(span::FileId, &ast::Module)> = parsed.iter().map(|(id, p)| (*id, &p.module)).collect();
    let (checked, mut diagnostics) = check::check(&modules);
    diagnostics.extend(parsed.iter().flat_map(|(_, p)| p.diagnostics.iter().cloned()));
    if !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.extend(lower::oversized_records(&checked));
    }
    diagnostic::sort(&mut diagnostics);
    Analysis { parsed, checked, diagnostics }
}

/// Compiles `sources` to a program, with its warnings; or every diagnostic when there are errors.
pub fn compile(sources: &Sources) -> Result<(bytecode::Program, Vec<Diagnostic>), Vec<Diagnostic>> {
    let analysis = analyze(sources);
    if analysis.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(analysis.diagnostics);
    }
    Ok((lower::lower(&analysis.checked), analysis.diagnostics))
}
