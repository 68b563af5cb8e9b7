//! Code actions: did-you-mean, missing `otherwise`, required consent.

use super::support::{snapshot, uri, SCHEMA};
use tenor_lsp::code_actions::actions;
use tower_lsp_server::ls_types::{CodeActionOrCommand, Position, Range};

fn apply(policy: &str) -> String {
    let snapshot = snapshot(&[("schema.tenor", SCHEMA), ("policy.tenor", policy)]);
    let whole = Range::new(Position::new(0, 0), Position::new(999, 0));
    let mut report = String::new();
    for action in actions(&snapshot, &uri("policy.tenor"), whole) {
        let CodeActionOrCommand::CodeAction(action) = action else { continue };
        let edits = action.edit.and_then(|e| e.changes).and_then(|mut c| c.remove(&uri("policy.tenor"))).unwrap_or_default();
        let mut text = policy.to_owned();
        for edit in edits.iter().rev() {
            let lines = tenor_lsp::position::LineIndex::new(&text);
            let (start, end) = (lines.offset(&text, edit.range.start), lines.offset(&text, edit.range.end));
            text.replace_range(start..end, &edit.new_text);
        }
        report.push_str(&format!("== {}\n{text}\n", action.title));
    }
    report
}

#[test]
fn did_you_mean_replaces_the_name() {
    insta::assert_snapshot!(apply("decision d(c: Customer) {\n  tier = c.tierr\n}\n"));
}

#[test]
fn missing_otherwise_adds_an_arm() {
    insta::assert_snapshot!(apply("decision d(c: Customer) {\n  tone {\n    \"warm\" when c.tier == gold\n  }\n}\n"));
}

#[test]
fn required_consent_is_added_to_the_offer() {
    insta::assert_snapshot!(apply(
        "decision d(c: Customer) {\n  offers {\n    guide {\n      message \"More {c.interest}\"\n    }\n  }\n}\n"
    ));
}
