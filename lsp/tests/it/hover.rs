//! Hover: type and docs of names, fields, params, offers, variants and stdlib functions.

use super::support::{draw, package, uri};
use tenor_lsp::hover::hover;
use tower_lsp_server::ls_types::HoverContents;

/// Each case marks the cursor with `$0` in the policy.
const CASES: &[(&str, &str)] = &[
    ("input", "customer: $0Customer"),
    ("field", "text.capitalize(customer.first$0_name)"),
    ("stdlib_function", "text.capit$0alize("),
    ("variant", "customer.tier == go$0ld\n    otherwise"),
    ("param", "offers at most max_$0offers"),
    ("offer_in_test", "expect offer == ca$0rd"),
    ("decision_in_test", "given gr$0eet("),
    ("let", "label = na$0me"),
];

#[test]
fn hover_shows_signature_and_docs() {
    let mut report = String::new();
    for (name, marked) in CASES {
        let plain = marked.replace("$0", "");
        let policy = super::support::POLICY.replacen(&plain, marked, 1);
        let (snapshot, position) = package(&policy);
        let hover = hover(&snapshot, &uri("policy.tenor"), position).unwrap_or_else(|| panic!("{name}: no hover"));
        let HoverContents::Markup(markup) = hover.contents else { panic!("{name}: not markdown") };
        let text = &snapshot.files[1].text;
        let line = draw(text, Some(position), &hover.range.into_iter().collect::<Vec<_>>());
        let line = line.lines().nth(position.line as usize).unwrap_or_default().to_owned();
        report.push_str(&format!("== {name}\n{}\n--\n{}\n\n", line.trim(), markup.value));
    }
    insta::assert_snapshot!(report);
}

#[test]
fn hover_on_nothing_is_none() {
    let (snapshot, position) = package(&super::support::POLICY.replacen("## Greets", "## Gr$0eets", 1));
    assert_eq!(hover(&snapshot, &uri("policy.tenor"), position), None);
}
