//! The Tenor compiler: source text to a checked, lowered bytecode [`Program`](bytecode::Program).
//!
//! Pipeline, one module per stage:
//! `syntax::parse` (text → [`ast::Module`]) → `check::check` (modules → [`tir`])
//! → `lower::lower` (typed IR → [`bytecode::Program`]).
//! The compiler is pure: it reads no files, clock or environment.

pub mod ast;
pub mod diagnostic;
pub mod literal;
pub mod span;
pub mod syntax;
pub mod check;
pub mod native;
pub mod print;
pub mod tir;
pub mod bytecode;
pub mod lower;
