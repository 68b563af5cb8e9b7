//! One module per `tenor` subcommand.

pub mod check;
pub mod eval;
pub mod test;
