//! Nesting at every depth from 1 to 100,000, in every construct that nests, and flat code of any width.
//!
//! Below the nesting limit a policy checks and decides (the right value, on a test thread's small
//! stack); above it there is exactly one `too-deep` error, at the token that goes one level too far.
//! Flat sequences (long sums, wide enums and records, many inputs) are not nesting and always pass.

use serde_json::{json, Value};
use tenor_compiler::diagnostic::{Code, Diagnostic};
use tenor_runtime::Engine;
use tenor_tests::single;

/// A construct that nests: how to write it `n` levels deep around the input `x: Int`, its type,
/// its value for `x = 3`, and the text of the token that opens each level.
struct Construct {
    name: &'static str,
    write: fn(usize) -> String,
    ty: &'static str,
    value: fn(usize) -> Value,
    opener: &'static str,
}

const CONSTRUCTS: &[Construct] = &[
    Construct {
        name: "else-if chain",
        write: |n| format!("{}0", (0..n).map(|i| format!("if x == {} then {i} else ", i + 10)).collect::<String>()),
        ty: "Int",
        value: |_| json!(0),
        opener: "if ",
    },
    Construct {
        name: "if in a condition",
        write: |n| format!("{}x == 3{}", "if ".repeat(n), " then true else false".repeat(n)),
        ty: "Bool",
        value: |_| json!(true),
        opener: "if ",
    },
    Construct {
        name: "parentheses",
        write: |n| format!("{}x{}", "(".repeat(n), ")".repeat(n)),
        ty: "Int",
        value: |_| json!(3),
        opener: "(",
    },
    Construct { name: "not", write: |n| format!("{}x == 3", "not ".repeat(n)), ty: "Bool", value: |n| json!(n % 2 == 0), opener: "not " },
    Construct {
        name: "unary minus",
        write: |n| format!("{}x", "- ".repeat(n)),
        ty: "Int",
        value: |n| json!(if n % 2 == 0 { 3 } else { -3 }),
        opener: "- ",
    },
    Construct {
        name: "calls",
        write: |n| format!("{}x{}", "math.max(".repeat(n), ", 1)".repeat(n)),
        ty: "Int",
        value: |_| json!(3),
        opener: "(",
    },
    Construct {
        name: "interpolation",
        write: |n| format!("{}x{}", "\"{".repeat(n), "}\"".repeat(n)),
        ty: "Text",
        value: |_| json!("3"),
        opener: "{",
    },
    Construct {
        name: "list index",
        write: |n| format!("{}x{}", "[".repeat(n), "][0] ?? 0".repeat(n)),
        ty: "Int",
        value: |_| json!(3),
        opener: "[",
    },
];

/// Depths that must check and decide; the decision's own `{` is one more level.
const ACCEPTED: &[usize] = &[1, 100, 255];
/// Depths that must be refused with one clear error.
const REFUSED: &[usize] = &[256, 1_000, 3_000, 10_000, 24_700, 100_000];

fn policy(c: &Construct, n: usize) -> String {
    format!("decision d(x: Int) {{\n  out: {} = {}\n}}\n", c.ty, (c.write)(n))
}

#[track_caller]
fn decide(text: &str) -> Value {
    let engine = Engine::compile(&single("deep.tenor", text)).unwrap_or_else(|e| panic!("{e:?}"));
    let out = engine.decide_json("d", r#"{"x": 3}"#).unwrap();
    serde_json::from_str::<Value>(&out).unwrap()["out"].clone()
}

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    tenor_compiler::analyze(&single("deep.tenor", text)).diagnostics
}

#[test]
fn every_construct_decides_below_the_nesting_limit() {
    for c in CONSTRUCTS {
        for &n in ACCEPTED {
            let text = policy(c, n);
            assert_eq!(decide(&text), (c.value)(n), "{} at depth {n}", c.name);
        }
    }
}

#[test]
fn every_construct_is_refused_above_the_limit_at_the_deep_spot() {
    for c in CONSTRUCTS {
        for &n in REFUSED {
            let text = policy(c, n);
            let found = diagnostics(&text);
            assert_eq!(found.len(), 1, "{} at depth {n}: {:?}", c.name, found.iter().map(|d| &d.message).collect::<Vec<_>>());
            let error = &found[0];
            assert_eq!((error.code, error.message.as_str()), (Code::TooDeep, "this nests more than 256 levels deep"), "{}", c.name);
            // The decision's `{` is level 1, so the 256th opener of the expression is level 257.
            let expression_start = text.find("= ").unwrap();
            let opener = text[expression_start..].match_indices(c.opener).nth(255).unwrap().0 + expression_start;
            let span = error.span.start as usize..error.span.end as usize;
            assert!(span.start <= opener && opener < span.end.max(span.start + 1), "{} at depth {n}: {span:?} vs {opener}", c.name);
        }
    }
}

#[test]
fn nesting_in_functions_params_and_tests_is_bounded_too() {
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    for text in [
        format!("fn f(x: Int) -> Int = {deep}\n"),
        format!("param p: Int = {deep}\n"),
        format!("decision d(x: Int) {{ out: Int = x }}\ntest \"t\" {{\n  given d(x: {deep})\n  expect out == 1\n}}\n"),
        format!("decision d(x: Int) {{ out: Int = x }}\ntest \"t\" {{\n  given d(x: 1)\n  expect out == {deep}\n}}\n"),
    ] {
        let codes: Vec<Code> = diagnostics(&text).iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![Code::TooDeep], "{}", &text[..40]);
    }
    let shallow = format!("{}1{}", "(".repeat(200), ")".repeat(200));
    let text = format!(
        "param p: Int = {shallow}\nfn f(x: Int) -> Int = x + {shallow}\ndecision d(x: Int) {{ out: Int = f(x) + p }}\n\
         test \"t\" {{\n  given d(x: {shallow})\n  expect out == {shallow} + 2\n}}\n"
    );
    assert_eq!(diagnostics(&text).len(), 0);
    assert_eq!(decide(&text), json!(5));
}

#[test]
fn type_arguments_nest_like_brackets() {
    let ty = |n: usize| format!("{}Int{}", "List<".repeat(n), ">".repeat(n));
    let text = format!("decision d(x: Int, l: {}) {{\n  out: Int = x\n}}\n", ty(200));
    assert_eq!(diagnostics(&text).len(), 0);
    for n in [300, 100_000] {
        let text = format!("record R {{ l: {} }}\n", ty(n));
        let codes: Vec<Code> = diagnostics(&text).iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![Code::TooDeep], "{n} levels");
    }
    assert_eq!(diagnostics("decision d(x: Int, m: Map<Text, List<Int>>) {\n  out: Bool = x < 3 and x > 1\n}\n").len(), 0);
}

#[test]
fn flat_chains_of_hundreds_of_terms_check_and_decide() {
    for terms in [17, 500, 1_990] {
        let sum = vec!["x"; terms].join(" + ");
        assert_eq!(decide(&format!("decision d(x: Int) {{\n  out: Int = {sum}\n}}\n")), json!(3 * terms), "{terms} terms");
        let all = vec!["x == 3"; terms].join(" and ");
        assert_eq!(decide(&format!("decision d(x: Int) {{\n  out: Bool = {all}\n}}\n")), json!(true), "{terms} conjuncts");
        let nots = vec!["not x == 4"; terms].join(" and ");
        assert_eq!(decide(&format!("decision d(x: Int) {{\n  out: Bool = {nots}\n}}\n")), json!(true), "{terms} negations");
        let negs = vec!["-x"; terms].join(" * ");
        let expected = (0..terms).try_fold(1i64, |acc, _| acc.checked_mul(-3));
        if let Some(expected) = expected {
            assert_eq!(decide(&format!("decision d(x: Int) {{\n  out: Int = {negs}\n}}\n")), json!(expected), "{terms} factors");
        }
    }
}

#[test]
fn a_chain_too_long_for_the_tree_is_refused_with_a_message() {
    let sum = vec!["x"; 50_000].join(" + ");
    let found = diagnostics(&format!("decision d(x: Int) {{\n  out: Int = {sum}\n}}\n"));
    let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages, vec!["this expression is more than 2000 operations tall"]);
}

#[test]
fn wide_declarations_are_not_nesting() {
    let variants: Vec<String> = (0..1_000).map(|i| format!("V{i}")).collect();
    let fields: Vec<String> = (0..500).map(|i| format!("f{i}: Int")).collect();
    let inputs: Vec<String> = (0..30).map(|i| format!("i{i}: Int")).collect();
    let outputs: Vec<String> = ["age", "ltv", "vip", "sms", "web", "tip", "fee", "tax", "cap", "net"]
        .iter()
        .map(|name| format!("  {name}: Int = row.f1"))
        .collect();
    let text = format!(
        "enum Currency {{ {} }}\nrecord Row {{ {} }}\ndecision d(row: Row, c: Currency, {}) {{\n{}\n  is_v999: Bool = c == V999\n}}\n",
        variants.join(", "),
        fields.join("  "),
        inputs.join(", "),
        outputs.join("\n")
    );
    assert_eq!(diagnostics(&text).len(), 0, "{:?}", diagnostics(&text).first().map(|d| &d.message));
    let engine = Engine::compile(&single("wide.tenor", &text)).unwrap();
    let row: serde_json::Map<String, Value> = (0..500).map(|i| (format!("f{i}"), json!(i))).collect();
    let mut input = json!({"row": row, "c": "V999"});
    for i in 0..30 {
        input[format!("i{i}")] = json!(i);
    }
    let out: Value = serde_json::from_str(&engine.decide_json("d", &input.to_string()).unwrap()).unwrap();
    assert_eq!((out["net"].clone(), out["is_v999"].clone()), (json!(1), json!(true)));
}

#[test]
fn records_nested_past_the_limit_or_in_a_cycle_are_refused() {
    let chain = |n: usize| {
        let mut text: String = (0..n).map(|i| format!("record R{i} {{ a: R{} }}\n", i + 1)).collect();
        text.push_str(&format!("record R{n} {{ v: Int }}\ndecision d(r: R0) {{ out: Int = 1 }}\n"));
        text.push_str("test \"t\" {\n  given d(r: { ... })\n  expect out == 1\n}\n");
        text
    };
    assert_eq!(diagnostics(&chain(63)).len(), 0);
    for n in [64, 12_000] {
        let messages: Vec<String> = diagnostics(&chain(n)).into_iter().map(|d| d.message).collect();
        assert_eq!(messages, vec![format!("`R0` nests records {} levels deep; the limit is 64", n + 1)]);
    }
    for text in [
        "record A { b: B }\nrecord B { a: A }\n",
        "record A { b: B? }\nrecord B { a: A? }\n",
        "record B { a: A? }\nrecord A { b: B, n: Int }\n",
    ] {
        let found = diagnostics(text);
        assert_eq!(found.len(), 1, "{text}");
        assert_eq!(found[0].code, Code::Recursion);
        assert!(found[0].message.contains("contains itself through"), "{}", found[0].message);
    }
    assert_eq!(diagnostics("record Node { children: List<Node>, n: Int }\n").len(), 0);
}
