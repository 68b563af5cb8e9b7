//! End-to-end tests over whole programs: fixtures in, behaviour out.

mod conformance;
mod diagnostics;
mod examples;
mod limits;
mod listing;
mod properties;
mod readme;
