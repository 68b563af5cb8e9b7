//! `tenor check PATH…`: parse and type-check, print diagnostics, exit 1 on errors.

use crate::report;
use std::path::PathBuf;
use tenor_compiler::diagnostic::Diagnostic;

/// Output formats.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// Source excerpts with labels and help, for people.
    Human,
    /// One JSON array of diagnostics, for tools.
    Json,
}

/// Arguments of `tenor check`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy files or folders (every `.tenor` file below a folder).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
}

/// Runs the command; true when there are no errors.
pub fn run(args: Args) -> bool {
    let Some((sources, mut diagnostics)) = report::load(&args.paths) else {
        return false;
    };
    diagnostics.extend(tenor_compiler::analyze(&sources).diagnostics);
    tenor_compiler::diagnostic::sort(&mut diagnostics);
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    match args.format {
        Format::Json => {
            let json: Vec<_> = diagnostics.iter().map(|d| d.to_json(&sources)).collect();
            report::line(&serde_json::to_string_pretty(&json).unwrap_or_else(|_| "[]".to_owned()));
        }
        Format::Human => {
            report::print_all(&diagnostics, &sources);
            let files = sources.iter().count();
            report::err_line(&format!("checked {files} file{}: {}", plural(files), summary(errors, warnings)));
        }
    }
    !diagnostics.iter().any(Diagnostic::is_error)
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn summary(errors: usize, warnings: usize) -> String {
    match (errors, warnings) {
        (0, 0) => "no problems".to_owned(),
        (e, w) => format!("{e} error{}, {w} warning{}", plural(e), plural(w)),
    }
}
