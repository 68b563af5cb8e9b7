//! The Tenor language server (`tenor lsp`): diagnostics, hover, completion, navigation, rename,
//! symbols, folding, semantic tokens and code actions, on the compiler's own APIs
//! (`tenor_compiler::analyze`, the checker's references and scopes, the diagnostics' codes).
//!
//! One module per feature, each a pure function of a [`snapshot::Snapshot`] (so tests call
//! them in-process); [`server`] adapts them to LSP over tower-lsp-server.

pub mod code_actions;
pub mod completion;
pub mod diagnostics;
pub mod folding;
pub mod hover;
pub mod index;
pub mod navigation;
pub mod position;
pub mod rename;
pub mod semantic_tokens;
pub mod server;
pub mod snapshot;
pub mod stdlib_files;
pub mod symbols;
pub mod workspace;
pub mod world;

pub use server::{serve_stdio, service};
