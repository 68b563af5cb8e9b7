//! The README's policy code compiles and its tests pass, so the tour stays true.

use tenor_runtime::Engine;
use tenor_tests::{render, root, single};

fn tenor_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, l) if l.starts_with("```tenor") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    blocks
}

#[test]
fn readme_policies_compile_and_their_tests_pass() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let blocks = tenor_blocks(&readme);
    assert!(!blocks.is_empty(), "the README has no ```tenor block");
    for block in blocks {
        let sources = single("README.md", &block);
        let analysis = tenor_compiler::analyze(&sources);
        assert!(analysis.diagnostics.is_empty(), "README policy has diagnostics:\n{}", render(&analysis.diagnostics, &sources));
        let outcomes = Engine::compile(&sources).unwrap().run_tests();
        assert!(outcomes.iter().all(|o| o.passed()), "{outcomes:#?}");
    }
}
