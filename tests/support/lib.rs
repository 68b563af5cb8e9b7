//! Shared helpers for the end-to-end tests: compiling fixtures, rendering diagnostics,
//! and the conformance-case format every engine runs.

pub mod drt;

use miette::{GraphicalReportHandler, GraphicalTheme};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use tenor_compiler::diagnostic::Diagnostic;
use tenor_compiler::span::Sources;
use tenor_runtime::{BackendKind, DecideError, Engine};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Reads policy files as the CLI does.
pub fn load(paths: &[PathBuf]) -> Sources {
    match tenor_runtime::source::load_paths(paths) {
        Ok(loaded) => loaded.sources,
        Err(e) => {
            eprintln!("{e}");
            Sources::new()
        }
    }
}

/// Sources made of one in-memory file.
pub fn single(name: &str, text: &str) -> Sources {
    let mut sources = Sources::new();
    sources.add(name, text);
    sources
}

/// Every diagnostic rendered without color at a fixed width, as a snapshot shows them.
pub fn render(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let handler = GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor()).with_width(100);
    let mut out = String::new();
    for d in diagnostics {
        let _ = handler.render_report(&mut out, &d.report(sources));
    }
    out
}

/// One way of running decisions; every engine runs the same conformance cases.
pub trait DecisionEngine {
    /// The engine's name in test output.
    fn name(&self) -> &'static str;
    /// Decides `decision` for `input` with `engine`'s program.
    fn decide(&self, engine: &Engine, decision: &str, input: &serde_json::Value) -> Result<serde_json::Value, DecideError>;
}

/// A runtime backend (the VM, and every backend that joins [`BackendKind::ALL`]).
pub struct Backend(pub BackendKind);

impl DecisionEngine for Backend {
    fn name(&self) -> &'static str {
        self.0.name()
    }

    fn decide(&self, engine: &Engine, decision: &str, input: &serde_json::Value) -> Result<serde_json::Value, DecideError> {
        let engine = engine.clone().with_backend(self.0).map_err(|e| DecideError::Input { message: e.to_string(), path: String::new() })?;
        let json = engine.decision(decision)?.decide_json(&input.to_string())?;
        serde_json::from_str(&json)
            .map_err(|e| DecideError::Input { message: format!("the engine wrote invalid JSON: {e}"), path: String::new() })
    }
}

/// Every engine the conformance suite and the differential tests run: each runtime backend.
pub fn engines() -> Vec<Box<dyn DecisionEngine>> {
    BackendKind::ALL.iter().map(|kind| Box::new(Backend(*kind)) as Box<dyn DecisionEngine>).collect()
}

/// A conformance case: `<case>.tenor` beside `<case>.json` holding this.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// The decision every run calls.
    pub decision: String,
    /// Inputs and what they must give.
    pub runs: Vec<Run>,
}

/// One input and its expected result.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Run {
    /// What the run checks.
    pub name: String,
    /// The decision's input.
    pub input: serde_json::Value,
    /// Param overrides for this run, as a params file in JSON would write them.
    #[serde(default)]
    pub params: Option<serde_json::Value>,
    /// The exact decision expected.
    #[serde(default)]
    pub expect: Option<serde_json::Value>,
    /// The error expected instead.
    #[serde(default)]
    pub error: Option<ExpectedError>,
}

/// An expected error: its kind and a part of its message.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedError {
    /// `input` or `runtime`.
    pub kind: String,
    /// Text the message must contain.
    pub contains: String,
    /// For a runtime error: the source text its span must cover.
    #[serde(default)]
    pub at: Option<String>,
}

/// Runs one case on one engine; returns every mismatch as a line of text.
pub fn run_case(policy: &Path, case: &Case, engine_kind: &dyn DecisionEngine) -> Vec<String> {
    let sources = load(&[policy.to_path_buf()]);
    let engine = match Engine::compile(&sources) {
        Ok(e) => e,
        Err(e) => return vec![format!("{}: does not compile:\n{}", policy.display(), render(&e.diagnostics, &sources))],
    };
    let mut problems: Vec<String> = engine
        .run_tests()
        .iter()
        .filter(|t| !t.passed())
        .map(|t| format!("{}: test \"{}\" failed: {:?}", policy.display(), t.name, t.error))
        .collect();
    for run in &case.runs {
        let label = format!("{} [{}] {}", policy.display(), engine_kind.name(), run.name);
        let overridden = match &run.params {
            Some(params) => match engine.with_params(&params.to_string(), tenor_runtime::ParamsFormat::Json) {
                Ok(e) => e,
                Err(e) => {
                    problems.push(format!("{label}: the params were refused: {e}"));
                    continue;
                }
            },
            None => engine.clone(),
        };
        let got = engine_kind.decide(&overridden, &case.decision, &run.input);
        match (&run.expect, &run.error, got) {
            (Some(want), None, Ok(got)) if *want == got => {}
            (Some(want), None, Ok(got)) => problems.push(format!("{label}: expected {want}, got {got}")),
            (None, Some(want), Err(e)) => {
                let kind = match e {
                    DecideError::Input { .. } | DecideError::InputTooLarge { .. } => "input",
                    DecideError::Runtime { .. } => "runtime",
                    _ => "other",
                };
                let message = e.to_string();
                if kind != want.kind || !message.contains(&want.contains) {
                    problems.push(format!("{label}: expected a {} error containing `{}`, got {kind}: {message}", want.kind, want.contains));
                }
                if let (Some(at), DecideError::Runtime { span, .. }) = (&want.at, &e) {
                    let text = sources.snippet(*span);
                    if text != at {
                        problems.push(format!("{label}: expected the error at `{at}`, got it at `{text}`"));
                    }
                }
            }
            (_, _, Ok(got)) => problems.push(format!("{label}: expected an error, got {got}")),
            (_, _, Err(e)) => problems.push(format!("{label}: unexpected error: {e}")),
        }
    }
    problems
}
