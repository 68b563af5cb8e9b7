//! Folding ranges: blocks and comment runs.

use super::support::{snapshot, uri, SCHEMA};
use tenor_lsp::folding::ranges;

#[test]
fn blocks_and_comment_runs_fold() {
    let snapshot = snapshot(&[("schema.tenor", SCHEMA)]);
    let found: Vec<String> =
        ranges(&snapshot, &uri("schema.tenor")).iter().map(|r| format!("{}..{} {:?}", r.start_line, r.end_line, r.kind)).collect();
    insta::assert_snapshot!(found.join("\n"));
}
