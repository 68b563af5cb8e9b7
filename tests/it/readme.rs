//! The README's policy code compiles and its tests pass, so the tour stays true.

use tenor_runtime::Engine;
use tenor_tests::{render, root, single};

/// The code blocks whose fence starts with `fence` (such as "```tenor").
fn blocks(markdown: &str, fence: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, l) if l.starts_with(fence) => current = Some(String::new()),
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
    let blocks = blocks(&readme, "```tenor");
    assert!(!blocks.is_empty(), "the README has no ```tenor block");
    for block in blocks {
        let sources = single("README.md", &block);
        let analysis = tenor_compiler::analyze(&sources);
        assert!(analysis.diagnostics.is_empty(), "README policy has diagnostics:\n{}", render(&analysis.diagnostics, &sources));
        let outcomes = Engine::compile(&sources).unwrap().run_tests();
        assert!(outcomes.iter().all(|o| o.passed()), "{outcomes:#?}");
    }
}

#[test]
fn the_embedding_example_is_the_runtime_doc_test() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let rust = blocks(&readme, "```rust");
    assert_eq!(rust.len(), 1, "the README has one Rust block, the embedding example");
    let lib = std::fs::read_to_string(root().join("runtime/src/lib.rs")).unwrap();
    let doc_lines: Vec<&str> = lib.lines().filter_map(|l| l.strip_prefix("//!")).map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
    let doc = blocks(&doc_lines.join("\n"), "```").into_iter().next().unwrap();
    let shown: String = doc.lines().filter(|l| !l.starts_with("# ")).map(|l| format!("{l}\n")).collect();
    assert_eq!(shown, rust[0], "runtime/src/lib.rs runs a different example than the README shows");
}
