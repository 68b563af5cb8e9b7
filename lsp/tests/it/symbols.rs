//! Document symbols (outline) and workspace symbols.

use super::support::{snapshot, uri, POLICY, SCHEMA};
use tenor_lsp::symbols::{document, workspace};
use tower_lsp_server::ls_types::DocumentSymbol;

fn outline(symbols: &[DocumentSymbol], depth: usize, out: &mut String) {
    for s in symbols {
        out.push_str(&format!("{}{:?} {} — {}\n", "  ".repeat(depth), s.kind, s.name, s.detail.clone().unwrap_or_default()));
        outline(s.children.as_deref().unwrap_or_default(), depth + 1, out);
    }
}

#[test]
fn outline_of_both_files() {
    let snapshot = snapshot(&[("schema.tenor", SCHEMA), ("policy.tenor", POLICY)]);
    let mut out = String::new();
    for file in ["schema.tenor", "policy.tenor"] {
        out.push_str(&format!("# {file}\n"));
        outline(&document(&snapshot, &uri(file)), 0, &mut out);
    }
    insta::assert_snapshot!(out);
}

#[test]
fn workspace_symbols_match_by_substring() {
    let snapshot = snapshot(&[("schema.tenor", SCHEMA), ("policy.tenor", POLICY)]);
    let found: Vec<String> =
        workspace(&snapshot, "TI").iter().map(|s| format!("{:?} {} in {:?}", s.kind, s.name, s.container_name)).collect();
    insta::assert_snapshot!(found.join("\n"));
}
