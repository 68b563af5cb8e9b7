//! One module per `tenor` subcommand.

pub mod batch;
pub mod check;
pub mod eval;
pub mod serve;
pub mod test;
