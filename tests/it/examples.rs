//! The bundled examples: they check clean, their tests pass, and their sample inputs decide as recorded.

use std::path::PathBuf;
use tenor_runtime::Engine;
use tenor_tests::{load, render, root};

/// The policy packages under `examples/` (folders with a `policy.tenor`; `examples/embed` is a Rust host).
fn examples() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("policy.tenor").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn compile(dir: &PathBuf) -> Engine {
    let sources = load(std::slice::from_ref(dir));
    let analysis = tenor_compiler::analyze(&sources);
    assert!(analysis.diagnostics.is_empty(), "{} has diagnostics:\n{}", dir.display(), render(&analysis.diagnostics, &sources));
    Engine::compile(&sources).unwrap()
}

#[test]
fn there_are_examples_for_the_use_cases() {
    assert!(examples().len() >= 5, "expected at least five example packages");
}

#[test]
fn every_example_checks_clean_and_its_tests_pass() {
    for dir in examples() {
        let engine = compile(&dir);
        let outcomes = engine.run_tests();
        assert!(outcomes.len() >= 4, "{} has only {} tests", dir.display(), outcomes.len());
        let failed: Vec<String> =
            outcomes.iter().filter(|o| !o.passed()).map(|o| format!("{} (actual: {:?}, error: {:?})", o.name, o.actual, o.error)).collect();
        assert!(failed.is_empty(), "{}: failing tests: {failed:#?}", dir.display());
    }
}

#[test]
fn the_examples_tests_exercise_every_rule_arm_and_table_row() {
    use tenor_runtime::PointKind;
    for dir in examples() {
        let sources = load(std::slice::from_ref(&dir));
        let engine = compile(&dir);
        let missed: Vec<String> = engine
            .coverage()
            .iter()
            .flat_map(|d| &d.points)
            .filter(|p| matches!(p.kind, PointKind::Arm | PointKind::Row) && !p.covered())
            .map(|p| format!("{}:{}", dir.display(), sources.line_col(p.span.file, p.span.start).line))
            .collect();
        assert!(missed.is_empty(), "rule arms or table rows no test exercises: {missed:#?}");
    }
}

#[test]
fn sample_inputs_decide_as_recorded() {
    for dir in examples() {
        let engine = compile(&dir);
        let inputs = dir.join("inputs");
        let mut report = String::new();
        let mut decisions: Vec<PathBuf> = std::fs::read_dir(&inputs).unwrap().map(|e| e.unwrap().path()).collect();
        decisions.sort();
        for decision_dir in decisions {
            let decision = decision_dir.file_name().unwrap().to_string_lossy().into_owned();
            let mut files: Vec<PathBuf> = std::fs::read_dir(&decision_dir).unwrap().map(|e| e.unwrap().path()).collect();
            files.sort();
            assert!(files.len() >= 3, "{} has fewer than 3 sample inputs", decision_dir.display());
            for file in files {
                let input = std::fs::read_to_string(&file).unwrap();
                let result = match engine.decide_json(&decision, &input) {
                    Ok(json) => serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(&json).unwrap()).unwrap(),
                    Err(e) => format!("error: {e}"),
                };
                report.push_str(&format!("== {decision}/{}\n{result}\n\n", file.file_name().unwrap().to_string_lossy()));
            }
        }
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("example_{name}"), report);
    }
}
