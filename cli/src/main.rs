//! `tenor`: check, evaluate and test Tenor policies.

#![forbid(unsafe_code)]
// Output goes through `report::out`/`report::err`, which tolerate a closed pipe.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod command;
mod report;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Tenor: typed personalization policies, checked, tested and decided.
#[derive(Parser)]
#[command(name = "tenor", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and type-check policies; exit 1 on errors.
    Check(command::check::Args),
    /// Make one decision from a JSON input and print it as JSON.
    Eval(command::eval::Args),
    /// Rewrite policy files in the canonical layout (`--check`: only show what would change).
    Fmt(command::fmt::Args),
    /// Run the policies' `test` blocks.
    Test(command::test::Args),
    /// Serve decisions over HTTP, reloading the policy folder as it changes.
    Serve(command::serve::Args),
    /// Make one decision per line of a JSON Lines file, on all cores, in input order.
    Batch(command::batch::Args),
    /// Compare two versions of a policy in business terms, and what their decisions do differently.
    Diff(command::diff::Args),
    /// Run the language server on standard input and output (for editors).
    Lsp(command::lsp::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse_from(command::eval::join_explain_format(std::env::args_os()));
    let ok = match cli.command {
        Command::Check(args) => command::check::run(args),
        Command::Eval(args) => command::eval::run(args),
        Command::Fmt(args) => command::fmt::run(args),
        Command::Test(args) => command::test::run(args),
        Command::Serve(args) => command::serve::run(args),
        Command::Batch(args) => command::batch::run(args),
        Command::Diff(args) => command::diff::run(args),
        Command::Lsp(args) => command::lsp::run(args),
    };
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
