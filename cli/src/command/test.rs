//! `tenor test [PATH…]`: run the `test` blocks; print failures and `N passed, N failed`.

use crate::report;
use std::path::PathBuf;
use tenor_compiler::diagnostic::{Code, Diagnostic};
use tenor_compiler::span::Sources;
use tenor_runtime::{DecideError, TestOutcome};

/// Arguments of `tenor test`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy files or folders (default: the current folder).
    paths: Vec<PathBuf>,
    /// Most rounds of list operations each tested decision may take.
    #[arg(long, default_value_t = tenor_runtime::DEFAULT_STEP_BUDGET)]
    max_steps: u64,
}

/// Runs the command; true when every test passed.
pub fn run(args: Args) -> bool {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths };
    let Some((engine, sources)) = report::compile(&paths) else {
        report::line("0 passed, 0 failed");
        return false;
    };
    let outcomes = engine.with_step_budget(args.max_steps).run_tests();
    let mut failed = 0;
    for outcome in &outcomes {
        let title = if outcome.package.is_empty() { outcome.name.clone() } else { format!("{} › {}", outcome.package, outcome.name) };
        if outcome.passed() {
            report::line(&format!("ok    {title}"));
        } else {
            failed += 1;
            report::line(&format!("FAIL  {title}"));
            print_failure(outcome, &sources);
        }
    }
    report::line(&format!("{} passed, {failed} failed", outcomes.len() - failed));
    failed == 0
}

fn print_failure(outcome: &TestOutcome, sources: &Sources) {
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default().replace('\n', "\n      ");
    match &outcome.error {
        Some(DecideError::Runtime { message, span }) => {
            let d = Diagnostic::error(Code::Runtime, *span, format!("the decision failed: {message}")).with_label("while evaluating this");
            report::out(&report::render(&d, sources));
        }
        Some(other) => report::line(&format!("      error: {other}")),
        None => {}
    }
    for span in &outcome.failed {
        let d = Diagnostic::error(Code::TestFailed, *span, "this expectation does not hold").with_label("false for the actual decision");
        report::out(&report::render(&d, sources));
    }
    report::line(&format!("      given:  {}", pretty(&outcome.input)));
    if let Some(actual) = &outcome.actual {
        report::line(&format!("      actual: {}", pretty(actual)));
    }
}
