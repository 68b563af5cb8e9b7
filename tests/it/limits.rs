//! Hostile input: huge, deeply nested, empty, not UTF-8. Each gets a clear error, never a panic.

use tenor_compiler::diagnostic::Code;
use tenor_runtime::{DecideError, Engine};
use tenor_tests::single;

const POLICY: &str = r#"
record Customer { name: Text, tags: List<Text>, score: Int }
decision greet(customer: Customer) {
  greeting: Text = "Hello {customer.name}"
}
"#;

fn engine() -> Engine {
    Engine::compile(&single("p.tenor", POLICY)).unwrap()
}

fn codes(text: &str) -> Vec<Code> {
    tenor_compiler::analyze(&single("x.tenor", text)).diagnostics.iter().map(|d| d.code).collect()
}

#[test]
fn an_empty_file_is_a_valid_empty_program() {
    assert!(codes("").is_empty());
    assert!(codes("# only a comment\n").is_empty());
}

#[test]
fn unclosed_braces_are_reported_and_later_items_still_checked() {
    let text = "record A { x: Int\n\nrecord B { y: Strng }\n";
    let found = codes(text);
    assert_eq!(found, vec![Code::Syntax, Code::UnknownType], "the broken record and the unknown type in the next one");
}

#[test]
fn a_ten_megabyte_file_is_checked_without_crashing() {
    let item = "record R{} { a: Int }\n";
    let text = item.repeat(10 * 1024 * 1024 / item.len());
    let diagnostics = tenor_compiler::analyze(&single("big.tenor", &text)).diagnostics;
    assert!(!diagnostics.is_empty());
    assert!(diagnostics.iter().all(|d| d.code == Code::Syntax || d.code == Code::Duplicate));
}

#[test]
fn deeply_nested_brackets_are_refused_with_a_message() {
    let text = format!("param p: Int = {}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let diagnostics = tenor_compiler::analyze(&single("deep.tenor", &text)).diagnostics;
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, Code::TooDeep);
    assert!(diagnostics[0].message.contains("levels deep"), "{}", diagnostics[0].message);
}

#[test]
fn long_operator_chains_and_prefix_runs_do_not_overflow_the_stack() {
    let chain = format!("param p: Int = {}1", "1 + ".repeat(50_000));
    assert!(codes(&chain).contains(&Code::TooDeep));
    let nots = format!("param p: Bool = {}true", "not ".repeat(50_000));
    assert!(codes(&nots).contains(&Code::TooDeep));
    let fields = format!("decision d(x: Int) {{ y: Int = x{} }}", ".a".repeat(50_000));
    assert!(!codes(&fields).is_empty());
}

#[test]
fn non_utf8_files_are_reported() {
    let dir = std::env::temp_dir().join(format!("tenor-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.tenor");
    std::fs::write(&file, b"record A { x: Int }\n\xff\xfe").unwrap();
    let diagnostics = tenor_runtime::source::load_paths(&[file]).unwrap().diagnostics;
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, Code::NotUtf8);
    assert_eq!(diagnostics[0].span.start, 20);
}

fn input_error(input: &str) -> String {
    match engine().decide_json("greet", input) {
        Err(DecideError::Input { message, .. }) => message,
        other => panic!("expected an input error, got {other:?}"),
    }
}

#[test]
fn json_nested_ten_thousand_levels_deep_is_refused() {
    let deep = format!("{{\"customer\": {}1{}}}", "[".repeat(10_000), "]".repeat(10_000));
    let message = input_error(&deep);
    assert!(message.starts_with("customer: expected an object (Customer), found an array"), "{message}");
    let deep_unknown = format!("{{\"extra\": {}1{}}}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(input_error(&deep_unknown).contains("unknown field `extra`"));
}

#[test]
fn bad_json_inputs_name_the_place_and_the_fix() {
    assert!(input_error("not json").starts_with("the input is not valid JSON"), "{}", input_error("not json"));
    assert_eq!(
        input_error(r#"{"customer": {"name": "A", "tags": []}}"#).split(" at line").next().unwrap(),
        "customer: Customer is missing `score` (a whole number)"
    );
    assert!(input_error(r#"{"customer": {"name": "A", "tags": [], "score": "7"}}"#)
        .starts_with("customer.score: expected a whole number, found string \"7\""));
    assert!(input_error(r#"{"customer": {"name": "A", "tags": [1], "score": 7}}"#)
        .starts_with("customer.tags[0]: expected a string, found the number 1"));
    assert!(input_error(r#"{"customer": {"name": "A", "tags": [], "score": 7, "scroe": 1}}"#)
        .contains("unknown field `scroe` in Customer (did you mean `score`?); the fields are `name`, `tags`, `score`"));
    assert!(input_error(r#"{"customr": {}}"#).contains("unknown field `customr` in the decision's input (did you mean `customer`?)"));
    assert!(input_error(r#"{"customer": {"name": null, "tags": [], "score": 7}}"#)
        .contains("customer.name: expected a string, found null; this field is required"));
    assert!(input_error(r#"{"customer": {"name": "A", "name": "B", "tags": [], "score": 7}}"#)
        .starts_with("customer: the field `name` appears twice"));
    assert!(input_error("[]").contains("found an array") || input_error("[]").contains("invalid type"));
}

#[test]
fn an_unknown_decision_suggests_the_right_one() {
    match engine().decide_json("gret", "{}") {
        Err(e @ DecideError::UnknownDecision { .. }) => {
            assert_eq!(e.to_string(), "no decision named `gret` (did you mean `greet`?); the decisions are `greet`")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn records_that_flatten_to_billions_of_slots_are_refused() {
    let mut text = String::from("record L0 { x: Int }\n");
    for level in 1..=6 {
        let fields: Vec<String> = (0..64).map(|i| format!("f{i}: L{}", level - 1)).collect();
        text.push_str(&format!("record L{level} {{ {} }}\n", fields.join(", ")));
    }
    text.push_str("decision d(x: L6) { y: Int = 1 }\n");
    let errors = tenor_compiler::compile(&single("huge.tenor", &text)).unwrap_err();
    let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.contains(&"`L4` flattens to more than 1048576 values through its nested records"), "{messages:?}");
}

#[test]
fn byte_order_marks_are_white_space_and_invisible_characters_are_named() {
    assert!(codes("\u{feff}record A { x: Int }\n\u{feff}record B { y: Int }\n").is_empty());
    let found = tenor_compiler::analyze(&single("nul.tenor", "record A { x: Int }\0\n")).diagnostics;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].message, "unexpected NUL byte (`U+0000`)");
    assert_eq!(
        (found[0].span.start, found[0].help.as_deref()),
        (19, Some("remove this character; it may come from a copy-paste or a binary file"))
    );
}

const NESTED_LOOPS: &str = r#"
record C { day: Int }
decision d(cs: List<C>) {
  n: Int = count(a in cs where any(b in cs where b.day == a.day + 1))
}
"#;

fn days(n: usize) -> String {
    let days: Vec<String> = (0..n).map(|i| format!("{{\"day\": {}}}", i * 2)).collect();
    format!("{{\"cs\": [{}]}}", days.join(", "))
}

#[test]
fn a_decision_that_loops_past_its_step_budget_fails_at_the_list_operation() {
    let engine = Engine::compile(&single("loops.tenor", NESTED_LOOPS)).unwrap();
    assert_eq!(engine.step_budget(), tenor_runtime::DEFAULT_STEP_BUDGET);
    // 20 × 20 rounds of the inner `any` plus 20 of the outer `count`: 420 steps.
    assert_eq!(engine.clone().with_step_budget(420).decide_json("d", &days(20)).unwrap(), "{\"n\":0}");
    match engine.clone().with_step_budget(419).decide_json("d", &days(20)) {
        Err(DecideError::Runtime { fault, span }) => {
            let named = Some("d".to_owned());
            assert_eq!(fault, tenor_compiler::semantics::Fault::BudgetExceeded { budget: 419, decision: named });
            assert_eq!(
                fault.to_string(),
                "decision `d` exceeded its budget of 419 steps here; bound the lists it reads, or raise the budget \
                 (`--max-steps`, `Engine::with_step_budget`)"
            );
            // The 420th step is the outer loop's last round.
            assert_eq!(&NESTED_LOOPS[span.start as usize..span.end as usize], "count(a in cs where any(b in cs where b.day == a.day + 1))");
        }
        other => panic!("expected the budget fault, got {other:?}"),
    }
    match engine.with_step_budget(100).decide_json("d", &days(20)) {
        Err(DecideError::Runtime { span, .. }) => {
            assert_eq!(&NESTED_LOOPS[span.start as usize..span.end as usize], "any(b in cs where b.day == a.day + 1)")
        }
        other => panic!("expected the budget fault, got {other:?}"),
    }
}

#[test]
fn the_step_budget_applies_to_tests_and_explanations_too() {
    let text = format!("{NESTED_LOOPS}\ntest \"t\" {{\n  given d(cs: [{{ day: 1 }}, {{ day: 2 }}, {{ day: 3 }}])\n  expect n == 2\n}}\n");
    let engine = Engine::compile(&single("loops.tenor", &text)).unwrap();
    let outcomes = engine.run_tests();
    assert!(outcomes[0].passed(), "{outcomes:?}");
    let outcome = &engine.clone().with_step_budget(5).run_tests()[0];
    assert!(outcome.error.as_ref().is_some_and(DecideError::is_budget_exceeded), "{outcome:?}");
    assert!(outcome.error.as_ref().unwrap().to_string().starts_with("decision `d` exceeded its budget of 5 steps"), "{outcome:?}");
    let explained = engine.with_step_budget(5).decision("d").unwrap().explain_json(&days(3)).unwrap_err();
    assert!(explained.is_budget_exceeded(), "{explained:?}");
    assert!(explained.to_string().starts_with("decision `d` exceeded its budget of 5 steps"), "{explained}");
}

/// A table over `n` Bool columns: row `k` is `false` for the columns before `k`, `true` at `k`
/// and `_` after; `last` is the final row, if any.
fn first_true_table(n: usize, last: Option<&str>) -> String {
    let columns: Vec<String> = (0..n).map(|i| format!("c{i}: Bool")).collect();
    let mut rows: Vec<String> = (0..n)
        .map(|k| {
            let cells: Vec<&str> = (0..n)
                .map(|i| {
                    if i < k {
                        "false"
                    } else if i == k {
                        "true"
                    } else {
                        "_"
                    }
                })
                .collect();
            format!("  {} => {k}", cells.join(", "))
        })
        .collect();
    rows.extend(last.map(|cells| format!("  {cells} => -1")));
    format!("table first_true({}) -> Int {{\n{}\n}}\n", columns.join(", "), rows.join("\n"))
}

#[test]
fn a_table_over_thirty_bool_columns_is_proved_exactly_and_quickly() {
    let all_false = vec!["false"; 30].join(", ");
    assert!(codes(&first_true_table(30, Some(&all_false))).is_empty(), "a complete table is accepted");
    let diagnostics = tenor_compiler::analyze(&single("x.tenor", &first_true_table(30, None))).diagnostics;
    let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, vec![format!("table `first_true` has no row for ({all_false})")]);
}

#[test]
fn tokens_of_any_length_lex_without_deep_recursion() {
    let long = |c: &str| c.repeat(200_000);
    assert!(codes(&format!("{}record A {{ x: Int }}\n", long(" "))).is_empty());
    assert!(codes(&format!("param q: Text = \"{}\"\n# {}\n## {}\nrecord A {{ x: Int }}\n", long("a"), long("c"), long("d"))).is_empty());
    assert!(codes(&format!("param q: Text = \"{}", long("a"))).contains(&Code::Syntax), "an unclosed string");
    assert_eq!(codes(&format!("param {}: Int = 1\n", long("n"))), vec![]);
    assert_eq!(codes(&format!("param w: Int = {}\n", long("1"))), vec![Code::BadLiteral]);
}

#[test]
fn a_table_too_large_to_prove_is_refused_truthfully_not_analysed_forever() {
    let rows: Vec<String> = (0..3_000).map(|i| format!("  _, _, _, _ => {i}")).collect();
    let text = format!("table t(a: Bool, b: Bool, c: Bool, d: Bool) -> Int {{\n{}\n}}\n", rows.join("\n"));
    let found = tenor_compiler::analyze(&single("big.tenor", &text)).diagnostics;
    let messages: Vec<(Code, &str)> = found.iter().map(|d| (d.code, d.message.as_str())).collect();
    assert_eq!(
        messages,
        vec![(Code::TableTooLarge, "table `t` (3000 rows over 4 columns) is too large or irregular to prove free of overlaps")]
    );
}

/// Inputs the fuzzers found, kept as fixtures: every diagnostic's span lies inside its file.
#[test]
fn fuzz_failures_stay_fixed() {
    let dir = tenor_tests::root().join("tests/fuzz-failures");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for d in tenor_compiler::analyze(&single("case.tenor", &text)).diagnostics {
            assert!(
                d.span.start <= d.span.end && d.span.end as usize <= text.len(),
                "{}: span {:?} outside the file of {} bytes ({})",
                path.display(),
                d.span,
                text.len(),
                d.message
            );
        }
        let _ = tenor_compiler::compile(&single("case.tenor", &text));
    }
}
