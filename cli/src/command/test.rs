//! `tenor test [PATH…]`: run the `test` blocks and check each experiment's split; print
//! failures and `N passed, N failed`; with `--coverage`, what the tests left unexercised; with
//! `--params FILE`, under that environment's param values.

use super::coverage;
use crate::report;
use std::path::PathBuf;
use tenor_compiler::diagnostic::{Code, Diagnostic};
use tenor_compiler::span::Sources;
use tenor_runtime::{DecideError, SplitOutcome, TestOutcome};

/// Arguments of `tenor test`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy files or folders (default: the current folder).
    paths: Vec<PathBuf>,
    /// Param overrides to run the tests under (TOML, or JSON for a `.json` file), as `tenor eval --params`.
    #[arg(long)]
    params: Option<PathBuf>,
    /// Most rounds of list operations each tested decision may take.
    #[arg(long, default_value_t = tenor_runtime::DEFAULT_STEP_BUDGET)]
    max_steps: u64,
    /// Which engine runs the tested decisions (coverage always reruns them on the VM).
    #[arg(long, value_enum, default_value = "jit")]
    engine: super::EngineKind,
    /// Report, per decision, the rule arms, table rows, offer conditions and contact rules no test exercised.
    #[arg(long)]
    coverage: bool,
    /// With coverage: fail when less than this percentage of those places is exercised.
    #[arg(long, value_name = "PERCENT", value_parser = percentage)]
    fail_under: Option<f64>,
}

/// A percentage from 0 to 100.
fn percentage(text: &str) -> Result<f64, String> {
    match text.trim_end_matches('%').parse::<f64>() {
        Ok(p) if (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err(format!("`{text}` is not a percentage from 0 to 100")),
    }
}

/// Runs the command; true when every test passed, every split held and coverage is high enough.
pub fn run(args: Args) -> bool {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths };
    let Some((engine, sources)) = report::compile(&paths, args.engine.backend()) else {
        report::line("0 passed, 0 failed");
        return false;
    };
    let engine = engine.with_step_budget(args.max_steps);
    let Some(engine) = super::under_params(engine, args.params.as_deref()) else { return false };
    let outcomes = engine.run_tests();
    let mut failed = 0;
    for outcome in &outcomes {
        let title = titled(&outcome.package, &outcome.name);
        if outcome.passed() {
            report::line(&format!("ok    {title}"));
        } else {
            failed += 1;
            report::line(&format!("FAIL  {title}"));
            print_failure(outcome, &sources);
        }
    }
    let splits = engine.experiment_splits(tenor_runtime::SPLIT_UNITS, tenor_runtime::SPLIT_TOLERANCE);
    for split in &splits {
        if !print_split(split) {
            failed += 1;
        }
    }
    let checks = outcomes.len() + splits.len();
    report::line(&format!("{} passed, {failed} failed", checks - failed));
    let covered = match (args.coverage || args.fail_under.is_some(), args.fail_under) {
        (false, _) => true,
        (true, floor) => coverage::report(&engine.coverage(), &sources, floor),
    };
    failed == 0 && covered
}

/// `package › name`, or the name alone outside a package.
fn titled(package: &str, name: &str) -> String {
    if package.is_empty() {
        name.to_owned()
    } else {
        format!("{package} › {name}")
    }
}

/// Prints an experiment's measured split; true when it is within the tolerance.
fn print_split(split: &SplitOutcome) -> bool {
    let shares: Vec<String> = split.arms.iter().map(|a| format!("{} {:.2}% ({}%)", a.name, a.measured, trim_float(a.expected))).collect();
    let status = if split.passed { "ok   " } else { "FAIL " };
    report::line(&format!("{status} {}: {}", titled(&split.package, &format!("experiment {}", split.name)), shares.join(", ")));
    if !split.passed {
        report::line(&format!(
            "      over {} generated unit ids an arm is more than {} percentage point from its weight: the bucketing does not follow the weights",
            tenor_runtime::SPLIT_UNITS,
            tenor_runtime::SPLIT_TOLERANCE
        ));
    }
    split.passed
}

/// `90` for 90.0, `12.5` for 12.5.
fn trim_float(x: f64) -> String {
    let text = format!("{x:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

fn print_failure(outcome: &TestOutcome, sources: &Sources) {
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap_or_default().replace('\n', "\n      ");
    match &outcome.error {
        Some(DecideError::Runtime { fault, span }) => {
            let d = Diagnostic::error(Code::Runtime, *span, format!("the decision failed: {fault}")).with_label("while evaluating this");
            report::out(&report::render(&d, sources));
        }
        Some(other) => report::line(&format!("      error: {other}")),
        None => {}
    }
    for failure in &outcome.failed {
        let d =
            Diagnostic::error(Code::TestFailed, failure.span, "this expectation does not hold").with_label("false for the actual decision");
        report::out(&report::render(&d, sources));
        if let (Some(expected), Some(actual)) = (&failure.expected, &failure.actual) {
            report::line(&format!("      expected: {}", pretty(expected)));
            report::line(&format!("      actual:   {}", pretty(actual)));
        }
    }
    report::line(&format!("      given:  {}", pretty(&outcome.input)));
    if let Some(actual) = &outcome.actual {
        report::line(&format!("      decision: {}", pretty(actual)));
    }
}
