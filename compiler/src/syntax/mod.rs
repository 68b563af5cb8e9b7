//! Syntax: source text to [`Module`] with spans, all syntax errors and the comment trivia.

mod errors;
pub mod lexer;
mod nesting;
mod parser;
mod recovery;

use crate::ast::Module;
use crate::diagnostic::Diagnostic;
use crate::span::FileId;

pub use lexer::Trivia;

/// The result of parsing one file: a module (possibly partial), its errors and its comments.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The items that parsed; broken items are left out.
    pub module: Module,
    /// Syntax errors, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// Every comment, for the formatter and the editor.
    pub trivia: Vec<Trivia>,
}

/// Parses one file. Never fails: errors are in [`Parsed::diagnostics`].
pub fn parse(file: FileId, src: &str) -> Parsed {
    parser::parse_file(file, src)
}
