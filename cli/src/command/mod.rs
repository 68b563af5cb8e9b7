//! One module per `tenor` subcommand.

pub mod batch;
pub mod check;
pub mod coverage;
pub mod eval;
pub mod serve;
pub mod test;
