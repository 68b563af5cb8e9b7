//! Packages across files and folders: `import` makes another package's declarations visible.

use tenor_compiler::diagnostic::Code;
use tenor_runtime::Engine;
use tenor_tests::{load, render, root};

#[test]
fn an_imported_package_lends_its_types_params_and_functions() {
    let dir = root().join("tests/packages");
    let sources = load(&[dir.join("common"), dir.join("store")]);
    let analysis = tenor_compiler::analyze(&sources);
    assert!(analysis.diagnostics.is_empty(), "{}", render(&analysis.diagnostics, &sources));
    let engine = Engine::compile(&sources).unwrap();
    assert!(engine.run_tests().iter().all(|t| t.passed()));
    let decision = engine.decide_json("greet", r#"{"customer": {"name": "Bo", "segment": "vip"}, "sentiment": -0.9}"#).unwrap();
    assert_eq!(decision, r#"{"greeting":"hello"}"#);
}

#[test]
fn without_the_import_the_names_are_unknown_and_a_missing_package_is_named() {
    let dir = root().join("tests/packages");
    let sources = load(&[dir.join("common"), dir.join("broken")]);
    let diagnostics = tenor_compiler::analyze(&sources).diagnostics;
    let found: Vec<(Code, String)> = diagnostics.iter().map(|d| (d.code, d.message.clone())).collect();
    assert_eq!(
        found,
        vec![
            (Code::UnknownPackage, "no package `retail.comon` is loaded; did you mean `retail.common`?".to_owned()),
            (Code::UnknownType, "no type named `Customer`".to_owned()),
        ]
    );
}

#[test]
fn a_name_seen_from_two_packages_is_refused_at_the_import_with_both_declarations() {
    let dir = root().join("tests/packages");
    let sources = load(&[dir.join("common"), dir.join("loyalty"), dir.join("clash")]);
    let diagnostics = tenor_compiler::analyze(&sources).diagnostics;
    let place = |span: tenor_compiler::span::Span| {
        let file = sources.get(span.file).map(|f| f.name.clone()).unwrap_or_default();
        let folder = std::path::Path::new(&file).parent().and_then(|p| p.file_name()).unwrap_or_default().to_string_lossy().into_owned();
        format!("{folder}: {}", sources.snippet(span))
    };
    let places: Vec<Vec<String>> =
        diagnostics.iter().map(|d| [d.span].into_iter().chain(d.notes.iter().map(|n| n.span)).map(place).collect()).collect();
    assert_eq!(
        places,
        vec![
            vec!["clash: retail.common", "clash: upset_below", "common: upset_below"],
            vec!["clash: retail.loyalty", "common: Customer", "loyalty: Customer"],
            vec!["clash: retail.loyalty", "common: is_vip", "loyalty: is_vip"],
        ]
    );
    let found: Vec<(Code, String)> = diagnostics.iter().map(|d| (d.code, d.message.clone())).collect();
    assert_eq!(
        found,
        vec![
            (Code::Duplicate, "`import retail.common` brings in `upset_below`, but this package declares `upset_below` too".to_owned()),
            (Code::Duplicate, "the imported packages `retail.common` and `retail.loyalty` both declare `Customer`".to_owned()),
            (Code::Duplicate, "the imported packages `retail.common` and `retail.loyalty` both declare `is_vip`".to_owned()),
        ]
    );
}

#[test]
fn a_decision_name_two_packages_share_must_be_asked_for_qualified() {
    let dir = root().join("tests/packages");
    let engine = Engine::compile(&load(&[dir.join("common"), dir.join("store"), dir.join("loyalty")])).unwrap();
    let refused = |name: &str| engine.decision(name).map(|_| ()).unwrap_err().to_string();
    assert_eq!(
        refused("greet"),
        "`greet` names decisions of several packages: `retail.store.greet`, `retail.loyalty.greet`; ask for one by its qualified name"
    );
    assert_eq!(
        refused("gret"),
        "no decision named `gret` (did you mean `retail.store.greet` or `retail.loyalty.greet`?); the decisions are `retail.store.greet`, `retail.loyalty.greet`"
    );
    let loyalty = engine.decide_json("retail.loyalty.greet", r#"{"customer": {"name": "Bo", "points": 5}}"#).unwrap();
    assert_eq!(loyalty, r#"{"greeting":"welcome back"}"#);
    let store = engine.decide_json("retail.store.greet", r#"{"customer": {"name": "Bo", "segment": "vip"}, "sentiment": -0.9}"#).unwrap();
    assert_eq!(store, r#"{"greeting":"hello"}"#);
}
