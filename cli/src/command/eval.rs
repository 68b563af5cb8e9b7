//! `tenor eval PATH --decision NAME --input FILE|-`: one decision, printed as JSON.

use super::EngineKind;
use crate::report;
use std::ffi::{OsStr, OsString};
use std::io::Read;
use std::path::{Path, PathBuf};
use tenor_compiler::diagnostic::{Code, Diagnostic};
use tenor_runtime::DecideError;

/// How `--explain` shows the trace.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ExplainFormat {
    /// The decision's JSON with an `explain` section.
    Json,
    /// The explanation as sentences (the decision itself is in them), without the JSON.
    Text,
}

/// Arguments of `tenor eval`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy files or folders.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The decision to make (`name` or `package.name`).
    #[arg(long)]
    decision: String,
    /// The input JSON file, or `-` for standard input.
    #[arg(long)]
    input: String,
    /// Which engine runs it.
    #[arg(long, value_enum, default_value = "jit")]
    engine: EngineKind,
    /// Explain the decision: which rule arms fired, each offer's eligibility, suppressions and scores
    /// (`--explain`, `--explain text`, `--explain=json`; a following path is not taken as the format).
    #[arg(long, value_enum, num_args = 0..=1, require_equals = true, default_missing_value = "json")]
    explain: Option<ExplainFormat>,
    /// Param overrides for this environment (TOML, or JSON for a `.json` file).
    #[arg(long)]
    params: Option<PathBuf>,
    /// Most rounds of list operations the decision may take.
    #[arg(long, default_value_t = tenor_runtime::DEFAULT_STEP_BUDGET)]
    max_steps: u64,
}

/// Runs the command; true when a decision was printed.
pub fn run(args: Args) -> bool {
    let Some((engine, sources)) = report::compile(&args.paths, args.engine.backend()) else {
        return false;
    };
    let engine = engine.with_step_budget(args.max_steps);
    let Some(engine) = super::under_params(engine, args.params.as_deref()) else { return false };
    let input = match read_input(&args.input) {
        Ok(text) => text,
        Err(message) => {
            report::err_line(&format!("error: {message}"));
            return false;
        }
    };
    let decided = match args.explain {
        None => engine.decide_json(&args.decision, &input).map(|json| serde_json::from_str::<serde_json::Value>(&json).unwrap_or_default()),
        Some(_) => engine.decision(&args.decision).and_then(|d| d.explain_json(&input)),
    };
    match decided {
        Ok(json) => {
            if matches!(args.explain, Some(ExplainFormat::Text)) {
                report::out(&tenor_runtime::explain::to_text(&json));
            } else {
                report::line(&serde_json::to_string_pretty(&json).unwrap_or_default());
            }
            true
        }
        Err(DecideError::Runtime { fault, span }) => {
            let diagnostic = Diagnostic::error(Code::Runtime, span, format!("the decision failed: {fault}"))
                .with_label("while evaluating this")
                .with_help("guard the expression, or check the input values");
            report::err(&report::render(&diagnostic, &sources));
            false
        }
        Err(DecideError::Input { message, .. }) => {
            report::err_line(&format!("error: bad input: {message}"));
            false
        }
        Err(e @ DecideError::InputTooLarge { .. }) => {
            report::err_line(&format!("error: bad input: {e}"));
            false
        }
        Err(e) => {
            report::err_line(&format!("error: {e}"));
            false
        }
    }
}

/// Joins `--explain FORMAT` into `--explain=FORMAT` so that clap (which, with `require_equals`,
/// takes a value only after `=`) reads it as the format; any other next word stays an argument,
/// so `tenor eval --explain policy.tenor …` reads `policy.tenor` as a path. A plain word that names
/// no file (`--explain yaml`) is joined too, so that clap names it as an unknown format.
pub fn join_explain_format(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut out: Vec<OsString> = Vec::new();
    let mut options = true;
    for arg in args {
        options &= arg != "--";
        match out.last_mut() {
            Some(last) if options && last == "--explain" && is_explain_format(&arg) => {
                last.push("=");
                last.push(arg);
            }
            _ => out.push(arg),
        }
    }
    out
}

/// A format name, or a plain word that is no path (a misspelt format).
fn is_explain_format(word: &OsStr) -> bool {
    let Some(word) = word.to_str() else { return false };
    let plain = !word.is_empty() && !word.starts_with('-') && !word.contains(['.', '/']) && !Path::new(word).exists();
    plain || <ExplainFormat as clap::ValueEnum>::from_str(word, false).is_ok()
}

fn read_input(path: &str) -> Result<String, String> {
    if path == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(text);
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read `{path}`: {e}"))?;
    String::from_utf8(bytes).map_err(|_| format!("`{path}` is not UTF-8 text"))
}
