//! `tests/testing/*.tenor`: policies whose `test` blocks are the subject. Each one's test
//! outcomes (failures with expected and actual), experiment splits and coverage are snapshotted.

use std::fmt::Write as _;
use std::path::PathBuf;
use tenor_compiler::span::Sources;
use tenor_runtime::{Engine, SPLIT_TOLERANCE, SPLIT_UNITS};
use tenor_tests::{load, render, root};

/// What running a fixture's tests gives, as text.
fn outcome(policy: &PathBuf) -> String {
    let sources = load(std::slice::from_ref(policy));
    let engine = match Engine::compile(&sources) {
        Ok(engine) => engine,
        Err(e) => return format!("does not compile:\n{}", render(&e.diagnostics, &sources)),
    };
    let mut out = String::new();
    for test in engine.run_tests() {
        let _ = writeln!(out, "{} {}", if test.passed() { "ok  " } else { "FAIL" }, test.name);
        if let Some(error) = &test.error {
            let _ = writeln!(out, "  error: {error}");
        }
        for failure in &test.failed {
            let _ = writeln!(out, "  `{}` does not hold", sources.snippet(failure.span));
            if let (Some(expected), Some(actual)) = (&failure.expected, &failure.actual) {
                let _ = writeln!(out, "    expected: {expected}\n    actual:   {actual}");
            }
        }
    }
    for split in engine.experiment_splits(SPLIT_UNITS, SPLIT_TOLERANCE) {
        let arms: Vec<String> = split.arms.iter().map(|a| format!("{} {:.2}% ({}%)", a.name, a.measured, a.expected)).collect();
        let _ = writeln!(out, "split {} {}: {}", split.name, if split.passed { "ok" } else { "FAIL" }, arms.join(", "));
    }
    for decision in engine.coverage() {
        let _ = writeln!(out, "coverage {}: {} of {}", decision.decision, decision.covered(), decision.points.len());
        for point in &decision.points {
            let _ = writeln!(
                out,
                "  {:?} line {}{}{}: {}",
                point.kind,
                line(&sources, point.span),
                if point.held { " held" } else { "" },
                if point.failed { " failed" } else { "" },
                sources.snippet(point.span).lines().next().unwrap_or_default().trim()
            );
        }
    }
    out
}

fn line(sources: &Sources, span: tenor_compiler::span::Span) -> usize {
    sources.line_col(span.file, span.start).line
}

#[test]
fn test_blocks_report_these_outcomes() {
    let dir = root().join("tests/testing");
    let mut fixtures: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "tenor")).collect();
    fixtures.sort();
    assert!(fixtures.len() >= 3);
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    for policy in fixtures {
        let stem = policy.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(readme.contains(&format!("`{stem}`")), "tests/testing/README.md does not mention `{stem}`");
        insta::assert_snapshot!(stem.clone(), outcome(&policy));
    }
}

#[test]
fn a_split_off_its_weights_fails_and_names_each_share() {
    let sources = tenor_tests::single("split.tenor", &std::fs::read_to_string(root().join("tests/testing/pins.tenor")).unwrap());
    let engine = Engine::compile(&sources).unwrap();
    let splits = engine.experiment_splits(SPLIT_UNITS, 0.001);
    let subject = splits.iter().find(|s| s.name == "subject_line").unwrap();
    assert!(!subject.passed, "{subject:?}");
    assert_eq!(subject.arms.iter().map(|a| a.expected).collect::<Vec<_>>(), [90.0, 10.0]);
    let total: f64 = subject.arms.iter().map(|a| a.measured).sum();
    assert!((total - 100.0).abs() < 1e-9, "{total}");
    assert!(engine.experiment_splits(SPLIT_UNITS, SPLIT_TOLERANCE).iter().all(|s| s.passed));
}
