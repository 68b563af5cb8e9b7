//! Semantic tokens from the lexer, names classified by what they refer to.

use super::support::{snapshot, uri, POLICY, SCHEMA};
use tenor_lsp::semantic_tokens::{legend, tokens};

#[test]
fn tokens_of_the_first_lines() {
    let snapshot = snapshot(&[("schema.tenor", SCHEMA), ("policy.tenor", POLICY)]);
    let legend = legend();
    let text = &snapshot.files[1].text;
    let lines: Vec<&str> = text.lines().collect();
    let (mut line, mut col) = (0u32, 0u32);
    let mut out = String::new();
    for t in tokens(&snapshot, &uri("policy.tenor")).data {
        line += t.delta_line;
        col = if t.delta_line == 0 { col + t.delta_start } else { t.delta_start };
        if line > 3 {
            break;
        }
        let source: String = lines[line as usize].chars().skip(col as usize).take(t.length as usize).collect();
        out.push_str(&format!("{line}:{col} {:?} {}\n", legend.token_types[t.token_type as usize].as_str(), source));
    }
    insta::assert_snapshot!(out);
}
