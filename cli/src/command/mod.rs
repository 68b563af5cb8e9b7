//! One module per `tenor` subcommand.

pub mod check;
pub mod coverage;
pub mod eval;
pub mod test;
