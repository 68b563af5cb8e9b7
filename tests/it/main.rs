//! End-to-end tests over whole programs: fixtures in, behaviour out.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests stop loudly on a broken fixture"
)]

mod conformance;
mod depth;
mod diagnostics;
mod differential;
mod examples;
mod experiments;
mod explain;
mod format;
mod inputs;
mod limits;
mod listing;
mod long_lines;
mod packages;
mod params;
mod properties;
mod readme;
mod stdlib;
mod symbols;
mod testing;
