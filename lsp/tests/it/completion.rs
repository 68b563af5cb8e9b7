//! Completion: fields after `.` (even inside a broken template), variants, stdlib functions,
//! names in scope, decisions after `given`, keywords by place.

use super::support::{package, uri};
use tenor_lsp::completion::complete;

fn labels(policy_marked: &str) -> String {
    let (snapshot, position) = package(policy_marked);
    let items = complete(&snapshot, &uri("policy.tenor"), position);
    items.iter().map(|i| format!("{} — {}", i.label, i.detail.clone().unwrap_or_default())).collect::<Vec<_>>().join("\n")
}

fn policy_with(plain: &str, marked: &str) -> String {
    assert!(super::support::POLICY.contains(plain), "{plain}");
    super::support::POLICY.replacen(plain, marked, 1)
}

#[test]
fn fields_after_a_dot_in_a_broken_template() {
    insta::assert_snapshot!(labels(&policy_with("{customer.}", "{customer.$0}")));
}

#[test]
fn variants_after_an_enum_name() {
    insta::assert_snapshot!(labels(&policy_with("label = name", "label = Tier.$0")));
}

#[test]
fn stdlib_functions_after_their_module() {
    let found = labels(&policy_with("text.capitalize", "text.$0capitalize"));
    assert!(found.contains("capitalize — text.capitalize(s: Text) -> Text"), "{found}");
    assert!(found.contains("lower — text.lower("), "{found}");
}

#[test]
fn names_in_scope_and_statement_keywords() {
    let found = labels(&policy_with("label = name", "label = $0name"));
    for expected in [
        "customer — Customer",
        "name — Text",
        "max_offers — param max_offers: Int",
        "gold — Tier.gold",
        "let — keyword",
        "text — standard library",
    ] {
        assert!(found.contains(expected), "missing {expected} in\n{found}");
    }
}

#[test]
fn decisions_after_given() {
    insta::assert_snapshot!(labels(&policy_with("given greet(", "given $0greet(")));
}

#[test]
fn offer_keywords_inside_an_offer() {
    let found = labels(&policy_with("card { eligible", "card { $0eligible"));
    assert!(found.contains("propensity — keyword"), "{found}");
    assert!(!found.contains("\nlet — keyword"), "{found}");
}

#[test]
fn item_keywords_at_the_top_level() {
    let found = labels(&format!("{}\n$0", super::support::POLICY));
    assert!(found.contains("decision — keyword") && found.contains("record — keyword"), "{found}");
}

#[test]
fn variants_where_an_enum_is_expected() {
    insta::assert_snapshot!(labels(&policy_with("customer.tier == gold\n    otherwise", "customer.tier == $0\n    otherwise")), @r"
    gold — Tier.gold
    silver — Tier.silver
    ");
}
