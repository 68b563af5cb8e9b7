//! Property tests: the parser, checker and VM never panic, and every span lies inside its file.

use proptest::prelude::*;
use tenor_runtime::Engine;
use tenor_tests::{root, single};

fn example_sources() -> Vec<String> {
    let mut texts = Vec::new();
    for entry in walk(&root().join("examples")).into_iter().chain(walk(&root().join("tests/conformance"))) {
        if entry.extension().is_some_and(|e| e == "tenor") {
            texts.push(std::fs::read_to_string(entry).unwrap());
        }
    }
    texts
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn assert_spans_inside(text: &str) {
    let analysis = tenor_compiler::analyze(&single("fuzz.tenor", text));
    for d in analysis.diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end as usize <= text.len(),
            "span {:?} outside a {}-byte file: {}",
            d.span,
            text.len(),
            d.message
        );
    }
}

/// A source with one edit: bytes cut out, or a fragment of another part pasted in.
fn mutated() -> impl Strategy<Value = String> {
    let seeds = example_sources();
    (0..seeds.len().max(1), any::<u16>(), any::<u16>(), 0..3u8, "[ -~\n]{0,12}").prop_map(move |(i, a, b, kind, junk)| {
        let text = seeds.get(i).cloned().unwrap_or_default();
        let len = text.len().max(1);
        let (mut a, mut b) = ((a as usize) % len, (b as usize) % len);
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        while !text.is_char_boundary(a) {
            a -= 1;
        }
        while !text.is_char_boundary(b) {
            b -= 1;
        }
        match kind {
            0 => format!("{}{}", &text[..a], &text[b..]),
            1 => format!("{}{junk}{}", &text[..a], &text[a..]),
            _ => format!("{}{}{}", &text[..a], &text[a..b].repeat(2), &text[b..]),
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        assert_spans_inside(&text);
    }

    #[test]
    fn token_soup_never_panics(words in prop::collection::vec(prop::sample::select(vec![
        "record", "enum", "decision", "test", "param", "fn", "{", "}", "(", ")", "[", "]", ":", ",", "when", "otherwise",
        "offers", "ranked", "by", "at", "most", "x", "Int", "Text?", "\"s {x}\"", "1", "2.5", "3 USD", "20%", "14d", "08:00",
        "..", "??", "==", "and", "not", "in", "+", "*", "-", "given", "expect", "let", "=", "...", "##", "#", "\n",
    ]), 0..80)) {
        assert_spans_inside(&words.join(" "));
    }

    #[test]
    fn mutated_examples_never_panic(text in mutated()) {
        assert_spans_inside(&text);
    }
}

const POLICY: &str = r#"
enum Tier { basic, gold }
record Order { total: Money<USD>, late: Bool, placed: Date }
record Customer { name: Text, tier: Tier, score: Int, ratio: Float, nick: Text?, orders: List<Order>, tags: Map<Text, Int> }
decision d(c: Customer) {
  let spent = sum(o in c.orders: o.total)
  level { high when spent >= 100 USD and c.score > 3  otherwise low }
  label: Text = "{c.name} {c.nick ?? "-"} {c.score * 2} {c.ratio / 3.0} {count(o in c.orders where o.late)}"
  offers ranked by propensity * value, at most 2 {
    a { eligible when c.tier == gold  value spent }
    b { eligible when any(o in c.orders: o.late)  propensity c.ratio  value 2 }
    c { value c.tags["x"] ?? 0  message "for {c.name}" }
  }
}
enum Level { high, low }
"#;

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(serde_json::Value::from),
        prop::sample::select(vec!["gold", "basic", "x", "12.50 USD", "2026-11-23", "1 EUR", ""]).prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map(
                prop::sample::select(vec!["name", "tier", "score", "ratio", "nick", "orders", "tags", "total", "late", "placed", "x"])
                    .prop_map(String::from),
                inner,
                0..8
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn the_vm_never_panics_on_any_input(customer in json_value()) {
        let engine = Engine::compile(&single("p.tenor", POLICY)).unwrap();
        let input = serde_json::json!({ "c": customer });
        let _ = engine.decision("d").unwrap().decide_value(&input);
        let _ = engine.decide_json("d", &input.to_string());
    }
}
