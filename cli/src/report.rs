//! Printing diagnostics for people (miette) and for machines (JSON), and loading policies.

use miette::{GraphicalReportHandler, GraphicalTheme};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use tenor_compiler::diagnostic::Diagnostic;
use tenor_compiler::span::Sources;
use tenor_runtime::source;

/// Writes to standard output; a closed pipe (`tenor test | head`) is not an error.
pub fn out(text: &str) {
    let _ = std::io::stdout().write_all(text.as_bytes());
}

/// Writes to standard error; a closed pipe is not an error.
pub fn err(text: &str) {
    let _ = std::io::stderr().write_all(text.as_bytes());
}

/// Writes a line to standard output.
pub fn line(text: &str) {
    out(&format!("{text}\n"));
}

/// Writes a line to standard error.
pub fn err_line(text: &str) {
    err(&format!("{text}\n"));
}

/// Renders one diagnostic as a miette report (colored when stderr is a terminal).
pub fn render(diagnostic: &Diagnostic, sources: &Sources) -> String {
    let theme = if std::io::stderr().is_terminal() { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    let mut out = String::new();
    if handler.render_report(&mut out, &diagnostic.report(sources)).is_err() {
        out = format!("{}: {}\n", diagnostic.code.as_str(), diagnostic.message);
    }
    out
}

/// Prints diagnostics to stderr.
pub fn print_all(diagnostics: &[Diagnostic], sources: &Sources) {
    for d in diagnostics {
        err(&render(d, sources));
    }
}

/// Reads the policy files under `paths`, printing what was skipped, or why loading failed.
pub fn load(paths: &[PathBuf]) -> Option<(Sources, Vec<Diagnostic>)> {
    match source::load_paths(paths) {
        Ok(loaded) => {
            for skipped in &loaded.skipped {
                err_line(&format!("warning: {skipped}"));
            }
            if loaded.sources.iter().next().is_none() {
                let names: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
                err_line(&format!("error: no .tenor files found in {}", names.join(", ")));
                return None;
            }
            Some((loaded.sources, loaded.diagnostics))
        }
        Err(e) => {
            err_line(&format!("error: {e}"));
            None
        }
    }
}

/// Loads and compiles, printing every diagnostic; the engine, its decisions run by `backend`
/// (compiled for it once), when there are no errors.
pub fn compile(paths: &[PathBuf], backend: tenor_runtime::BackendKind) -> Option<(tenor_runtime::Engine, Sources)> {
    let (sources, load_errors) = load(paths)?;
    if !load_errors.is_empty() {
        print_all(&load_errors, &sources);
        return None;
    }
    match tenor_compiler::compile(&sources) {
        Ok((program, warnings)) => {
            print_all(&warnings, &sources);
            match tenor_runtime::Engine::new_on(program, backend) {
                Ok(engine) => Some((engine, sources)),
                Err(e) => {
                    err_line(&format!("error: {e}"));
                    None
                }
            }
        }
        Err(diagnostics) => {
            print_all(&diagnostics, &sources);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            err_line(&format!("error: the policy has {errors} error{}; nothing was run", if errors == 1 { "" } else { "s" }));
            None
        }
    }
}
