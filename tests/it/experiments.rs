//! Experiment arms over many units: shares match the weights, and the same unit always gets the same arm.

use tenor_runtime::Engine;
use tenor_tests::{load, root};

fn shares(units: usize) -> (Vec<f64>, Vec<f64>) {
    let engine = Engine::compile(&load(&[root().join("tests/conformance/experiments/split.tenor")])).unwrap();
    let decision = engine.decision("subject").unwrap();
    let (mut subject, mut layout) = (vec![0usize; 2], vec![0usize; 3]);
    let mut out = String::new();
    for n in 0..units {
        decision.decide_json_into(&format!(r#"{{"c": {{"id": "customer-{n}", "number": {n}}}}}"#), &mut out).unwrap();
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        subject[usize::from(json["experiments"]["subject_line"] == "challenger")] += 1;
        let arm = json["experiments"]["layout"].as_str().unwrap();
        layout[["a", "b", "c"].iter().position(|a| *a == arm).unwrap()] += 1;
    }
    let share = |counts: Vec<usize>| counts.iter().map(|c| *c as f64 / units as f64).collect();
    (share(subject), share(layout))
}

#[test]
fn over_100_000_units_each_arm_gets_its_weight() {
    let (subject, layout) = shares(100_000);
    eprintln!("champion/challenger shares: {subject:?}; layout a/b/c shares: {layout:?}");
    for (got, want) in subject.iter().zip([0.9, 0.1]).chain(layout.iter().zip([0.5, 0.3, 0.2])) {
        assert!((got - want).abs() < 0.01, "share {got} is not within 1 point of {want}");
    }
}

#[test]
fn the_same_unit_gets_the_same_arm_from_a_fresh_engine() {
    let first = shares(500);
    let second = shares(500);
    assert_eq!(first, second);
}

/// `tenor diff`'s share of units that change arm: none for the same split, the moved weight
/// when weights move, about half for a renamed 50/50 experiment (its hash seed changes).
#[test]
fn units_changing_arm_follow_the_moved_weight() {
    use tenor_runtime::units_changing_arm;
    let arms = |a: u32, b: u32| vec![("formal".to_owned(), a), ("casual".to_owned(), b)];
    assert_eq!(units_changing_arm("greeting", &arms(5000, 5000), "greeting", &arms(5000, 5000), 100_000), 0.0);
    let moved = units_changing_arm("greeting", &arms(5000, 5000), "greeting", &arms(7000, 3000), 100_000);
    assert!((moved - 20.0).abs() < 0.5, "{moved}");
    let renamed = units_changing_arm("greeting", &arms(5000, 5000), "salutation", &arms(5000, 5000), 100_000);
    assert!((renamed - 50.0).abs() < 1.0, "{renamed}");
}
