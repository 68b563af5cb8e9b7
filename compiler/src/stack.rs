//! Stack headroom for the recursive passes over syntax trees and types.
//!
//! Expressions are limited in nesting (see `syntax::nesting`) and in height,
//! but a tall tree still recurses deeply in every pass that walks it, and a
//! caller may run the compiler on a small thread stack (test threads get
//! 2 MiB, tokio workers as little). Each recursive pass calls [`guard`] on its
//! way down: when less than [`RED_ZONE`] bytes of stack remain, the rest of the
//! recursion continues on a fresh heap-allocated segment (rustc's
//! `ensure_sufficient_stack`, from the same `stacker` crate).

/// Remaining stack below which a new segment is started.
pub const RED_ZONE: usize = 256 * 1024;
/// Size of each new segment.
pub const SEGMENT: usize = 4 * 1024 * 1024;

/// Runs `f`, first moving to a new stack segment if this one is nearly used up.
#[inline]
pub fn guard<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, SEGMENT, f)
}

/// Runs `f` with at least `bytes` of stack, for code that recurses without calling [`guard`]
/// (the pest parser generated from the grammar).
pub fn with_at_least<R>(bytes: usize, f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(bytes, bytes.max(SEGMENT), f)
}
