//! In-process tests of the language server's features, one module per feature, cursor
//! markers drawn into insta snapshots.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests stop loudly on a broken fixture"
)]

mod bad_input;
mod code_actions;
mod completion;
mod diagnostics;
mod folding;
mod hover;
mod latency;
mod navigation;
mod rename;
mod semantic_tokens;
mod support;
mod symbols;
mod typing;
mod workspace;
