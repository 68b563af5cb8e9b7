//! One module per `tenor` subcommand.

pub mod check;
pub mod eval;
pub mod lsp;
pub mod test;
