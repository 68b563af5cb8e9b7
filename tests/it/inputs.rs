//! The input decoder's limits and messages, and where runtime faults point.

use serde_json::{json, Value};
use tenor_runtime::{DecideError, Engine, InputLimits, ParamsFormat, MAX_NESTING};
use tenor_tests::single;

fn engine(text: &str) -> Engine {
    Engine::compile(&single("p.tenor", text)).unwrap()
}

fn input_error(engine: &Engine, decision: &str, input: &str) -> String {
    match engine.decide_json(decision, input) {
        Err(DecideError::Input { message, .. }) => message,
        other => panic!("expected an input error, got {other:?}"),
    }
}

const TREE: &str = "record Node { name: Text, children: List<Node> }\ndecision tree(root: Node) { name: Text = root.name }\n";

/// A tree `depth` nodes deep, as JSON text.
fn tree(depth: usize) -> String {
    let mut node = r#"{"name": "leaf", "children": []}"#.to_owned();
    for _ in 0..depth {
        node = format!(r#"{{"name": "n", "children": [{node}]}}"#);
    }
    format!(r#"{{"root": {node}}}"#)
}

#[test]
fn input_nested_past_the_limit_is_refused_at_its_path() {
    let engine = engine(TREE);
    assert!(engine.decide_json("tree", &tree(48)).is_ok(), "100 levels of objects and arrays");
    let path = format!("root{}.children", ".children[0]".repeat(49));
    let refused = format!("{path}: the input nests objects and arrays more than {MAX_NESTING} levels deep; flatten the data");
    assert!(input_error(&engine, "tree", &tree(49)).starts_with(&refused), "101 levels");
    let message = input_error(&engine, "tree", &tree(200));
    assert!(message.starts_with(&refused), "{message}");
    assert!(!message.contains("recursion limit"), "{message}");
}

#[test]
fn a_parsed_json_value_nested_past_the_limit_is_refused_without_overflowing() {
    let engine = engine(TREE);
    let mut node = json!({"name": "leaf", "children": []});
    for _ in 0..150 {
        node = json!({"name": "n", "children": [node]});
    }
    let got = engine.decision("tree").unwrap().decide_value(&json!({ "root": node }));
    match got {
        Err(DecideError::Input { message, .. }) => assert!(message.contains("more than 100 levels deep"), "{message}"),
        other => panic!("{other:?}"),
    }
}

const COLLECTIONS: &str = "record C { tags: List<Text>, ids: Set<Int>, scores: Map<Text, Int> }\n\
                           decision count(c: C) { n: Int = count(t in c.tags) + count(i in c.ids) + count(k in c.scores) }\n";

fn collections(tags: usize, ids: usize, scores: usize) -> String {
    let tags: Vec<Value> = (0..tags).map(|i| json!(format!("t{i}"))).collect();
    let ids: Vec<Value> = (0..ids).map(|i| json!(i)).collect();
    let scores: serde_json::Map<String, Value> = (0..scores).map(|i| (format!("k{i}"), json!(i))).collect();
    json!({"c": {"tags": tags, "ids": ids, "scores": scores}}).to_string()
}

#[test]
fn lists_sets_and_maps_past_the_element_limit_are_refused() {
    let engine = engine(COLLECTIONS).with_input_limits(InputLimits { max_elements: 3, ..InputLimits::default() });
    assert_eq!(engine.decide_json("count", &collections(3, 3, 3)).unwrap(), r#"{"n":9}"#);
    let hint = "elements, the limit; the host can raise `InputLimits::max_elements`";
    assert!(input_error(&engine, "count", &collections(4, 0, 0)).starts_with(&format!("c.tags: the array has more than 3 {hint}")));
    assert!(input_error(&engine, "count", &collections(0, 4, 0)).starts_with(&format!("c.ids: the array has more than 3 {hint}")));
    assert!(input_error(&engine, "count", &collections(0, 0, 4)).starts_with(&format!("c.scores: the map has more than 3 {hint}")));
    let parsed: Value = serde_json::from_str(&collections(4, 0, 0)).unwrap();
    assert!(engine.decision("count").unwrap().decide_value(&parsed).is_err(), "the limit holds for parsed JSON too");
}

#[test]
fn the_default_limits_are_generous_and_hold() {
    let engine = engine(COLLECTIONS);
    assert_eq!(engine.input_limits(), InputLimits { max_input_bytes: 16 * 1024 * 1024, max_elements: 100_000 });
    assert!(engine.decide_json("count", &collections(100_000, 0, 0)).is_ok());
    let message = input_error(&engine, "count", &collections(100_001, 0, 0));
    assert!(message.starts_with("c.tags: the array has more than 100000 elements"), "{message}");
}

#[test]
fn input_text_past_the_byte_limit_is_refused_before_parsing() {
    let engine = engine(COLLECTIONS).with_input_limits(InputLimits { max_input_bytes: 100, ..InputLimits::default() });
    let small = collections(1, 1, 1);
    assert!(small.len() <= 100 && engine.decide_json("count", &small).is_ok());
    let big = format!("{}{}", collections(1, 1, 1), " ".repeat(101 - small.len()));
    let refused = engine.decide_json("count", &big).unwrap_err();
    assert_eq!(refused, DecideError::InputTooLarge { bytes: 101, limit: 100 });
    assert!(refused.is_input_too_large());
    assert_eq!(
        refused.to_string(),
        "the input is 101 bytes, more than the limit of 100 bytes; the host can raise `InputLimits::max_input_bytes`"
    );
}

#[test]
fn a_wrong_json_kind_for_any_type_names_the_path() {
    let types = [
        "Bool",
        "Int",
        "Float",
        "Text",
        "Money",
        "Money<USD>",
        "Percent",
        "Duration",
        "Time",
        "Date",
        "Timestamp",
        "Tier",
        "R",
        "List<Int>",
        "Set<Text>",
        "Map<Int, Int>",
        "Map<Tier, Date>",
        "Int?",
        "R?",
    ];
    let values = [
        json!(true),
        json!(1),
        json!(-1),
        json!(1.5),
        json!(18446744073709551615u64),
        json!("s"),
        json!(null),
        json!([1]),
        json!({"x": 1}),
        json!({"amount": true, "currency": "USD"}),
        json!({"amount": "1", "currency": [1]}),
        json!({"amount": {}, "currency": "USD"}),
    ];
    for ty in types {
        let policy = format!("enum Tier {{ gold }}\nrecord R {{ x: Int }}\nrecord I {{ v: {ty} }}\ndecision d(i: I) {{ n: Int = 1 }}\n");
        let engine = engine(&policy);
        for value in &values {
            let input = json!({"i": {"v": value}}).to_string();
            if let Err(DecideError::Input { message, .. }) = engine.decide_json("d", &input) {
                assert!(message.starts_with("i.v"), "{ty} given {value}: {message}");
            }
        }
    }
}

#[test]
fn a_runtime_fault_points_at_the_expression() {
    let text = "record I { day: Date, wait: Duration }\ndecision d(i: I) {\n  later: Date = i.day + i.wait\n}\n";
    let engine = engine(text);
    match engine.decide_json("d", r#"{"i": {"day": "2026-11-23", "wait": "20000000000w"}}"#) {
        Err(DecideError::Runtime { fault, span }) => {
            assert_eq!(fault.to_string(), "the date is out of range: dates go from 0001-01-01 to 9999-12-31");
            assert_eq!(&text[span.start as usize..span.end as usize], "i.day + i.wait");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn params_share_the_input_ranges() {
    let engine =
        engine("param launch: Date = 2026-01-01\nparam limit: Int = 1\ndecision d(x: Int) { on: Date = launch  n: Int = limit }\n");
    let refuse = |text: &str| engine.with_params(text, ParamsFormat::Json).unwrap_err().to_string();
    assert_eq!(
        refuse(r#"{"launch": "+10000-01-01"}"#),
        "param `launch`: `+10000-01-01` is out of range: dates go from 0001-01-01 to 9999-12-31"
    );
    assert_eq!(
        refuse(r#"{"limit": 9223372036854775808}"#),
        "param `limit`: the number 9.223372036854776e18 is out of range: whole numbers go from -9223372036854775808 to 9223372036854775807"
    );
    assert_eq!(refuse(r#"{"limit": 2.5}"#), "param `limit`: expected a whole number, found 2.5");
    let whole = engine.with_params(r#"{"limit": 3.0, "launch": "9999-12-31"}"#, ParamsFormat::Json).unwrap();
    assert_eq!(whole.decide_json("d", r#"{"x": 1}"#).unwrap(), r#"{"on":"9999-12-31","n":3}"#);
}

#[test]
fn a_decoded_input_decides_as_its_json_does_any_number_of_times() {
    let text = std::fs::read_to_string(tenor_tests::root().join("runtime/benches/followup.tenor")).unwrap();
    let input = std::fs::read_to_string(tenor_tests::root().join("runtime/benches/followup.json")).unwrap();
    let engine = Engine::compile(&tenor_tests::single("followup.tenor", &text)).unwrap();
    let decision = engine.decision("followup").unwrap();
    let decoded = decision.decode(&input).unwrap();
    let direct = decision.decide_json(&input).unwrap();
    for _ in 0..3 {
        assert_eq!(decision.decide_decoded(&decoded).unwrap(), direct);
    }
    assert_eq!(decision.evaluate_decoded(&decoded).unwrap(), 1);
    assert!(decision.decode("{\"customer\": 1}").unwrap_err().to_string().starts_with("customer: expected"));

    let other = "decision other(x: Int) { y: Int = x }\ndecision another(x: Int) { y: Int = x + 1 }\n";
    let engine = Engine::compile(&tenor_tests::single("other.tenor", other)).unwrap();
    let decoded = engine.decision("other").unwrap().decode("{\"x\": 4}").unwrap();
    assert_eq!(engine.decision("other").unwrap().decide_decoded(&decoded).unwrap(), "{\"y\":4}");
    assert_eq!(
        engine.decision("another").unwrap().decide_decoded(&decoded).unwrap_err().to_string(),
        "this input was decoded for decision `other`, not `another`; decode it with `Decision::decode` of the decision that decides it"
    );
}
