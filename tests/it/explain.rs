//! Explanations: the traced code decides exactly like the normal code, and its trace reads well.

use std::path::PathBuf;
use tenor_runtime::{explain, Engine};
use tenor_tests::{engines, load, root, single};

/// Every (example dir, decision, input file) of the bundled examples.
fn sample_inputs() -> Vec<(PathBuf, String, PathBuf)> {
    let mut out = Vec::new();
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("policy.tenor").is_file())
        .collect();
    examples.sort();
    for dir in examples {
        let mut decisions: Vec<PathBuf> = std::fs::read_dir(dir.join("inputs")).unwrap().map(|e| e.unwrap().path()).collect();
        decisions.sort();
        for decision in decisions {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&decision).unwrap().map(|e| e.unwrap().path()).collect();
            files.sort();
            let name = decision.file_name().unwrap().to_string_lossy().into_owned();
            out.extend(files.into_iter().map(|f| (dir.clone(), name.clone(), f)));
        }
    }
    out
}

/// The explained decision (always run by the VM) is the plain decision of every engine.
#[test]
fn explaining_never_changes_the_decision() {
    let mut checked = 0;
    for (dir, decision, file) in sample_inputs() {
        let compiled = Engine::compile(&load(std::slice::from_ref(&dir))).unwrap();
        let input = std::fs::read_to_string(&file).unwrap();
        let mut explained = compiled.decision(&decision).unwrap().explain_json(&input).unwrap();
        explained.as_object_mut().unwrap().remove("explain");
        for kind in engines() {
            let plain = kind.decide(&compiled, &decision, &serde_json::from_str(&input).unwrap()).unwrap();
            assert_eq!(plain, explained, "{} [{}]", file.display(), kind.name());
        }
        checked += 1;
    }
    assert!(checked >= 15);
}

#[test]
fn use_case_1_explained() {
    let dir = root().join("examples/return_followup");
    let engine = Engine::compile(&load(std::slice::from_ref(&dir))).unwrap();
    let mut report = String::new();
    for (_, decision, file) in sample_inputs().into_iter().filter(|(d, _, _)| *d == dir) {
        let input = std::fs::read_to_string(&file).unwrap();
        let explained = engine.decision(&decision).unwrap().explain_json(&input).unwrap();
        report.push_str(&format!("== {}\n{}\n", file.file_name().unwrap().to_string_lossy(), explain::to_text(&explained)));
        if report.len() < 4000 {
            report.push_str(&format!("{}\n", serde_json::to_string_pretty(&explained["explain"]).unwrap()));
        }
    }
    insta::assert_snapshot!(report);
}

/// A policy whose conditions are conjunctions, for the explanations of failing conjuncts.
const CONJUNCTS: &str = r#"
record Case { faulty: Bool, upset: Bool, vip: Bool, consents: Set<Consent> }
enum Consent { marketing }
enum Tone { apologetic warm plain }
decision handle(c: Case) {
  tone: Tone {
    apologetic when c.faulty and c.upset
    warm when c.vip and not c.upset and c.faulty
    otherwise plain
  }
  offers ranked by propensity {
    goodwill {
      requires consent marketing
      eligible when c.vip
      eligible when c.faulty and c.upset and not c.vip
    }
  }
}
"#;

#[test]
fn explanations_name_the_failing_conjunct_and_what_failed_above_otherwise() {
    let engine = Engine::compile(&tenor_tests::single("conjuncts.tenor", CONJUNCTS)).unwrap();
    let mut report = String::new();
    for input in [
        r#"{"c": {"faulty": true, "upset": false, "vip": true, "consents": ["marketing"]}}"#,
        r#"{"c": {"faulty": false, "upset": true, "vip": false, "consents": []}}"#,
        r#"{"c": {"faulty": true, "upset": true, "vip": true, "consents": ["marketing"]}}"#,
    ] {
        let explained = engine.decision("handle").unwrap().explain_json(input).unwrap();
        report.push_str(&format!(
            "== {input}\n{}{}\n",
            explain::to_text(&explained),
            serde_json::to_string_pretty(&explained["explain"]).unwrap()
        ));
    }
    insta::assert_snapshot!(report);
}

#[test]
fn text_shows_numbers_short_and_json_keeps_them_exact() {
    let source = "record C { p: Float }\ndecision d(c: C) {\n  total: Float = c.p * 3.0\n  offers { one { value c.p * 3.0 } }\n}\n";
    let engine = Engine::compile(&single("short.tenor", source)).unwrap();
    let explained = engine.decision("d").unwrap().explain_json(r#"{"c": {"p": 0.1}}"#).unwrap();
    assert_eq!(explained["total"], serde_json::json!(0.1 * 3.0));
    assert_eq!(explained["offers"][0]["score"], serde_json::json!(0.1 * 3.0));
    assert_ne!(format!("{}", 0.1 * 3.0), "0.3", "the case needs a product that prints long");
    assert_eq!(explain::to_text(&explained), "total = 0.3: computed as `c.p * 3.0`\noffer one: chosen, score 0.3\n");
}
