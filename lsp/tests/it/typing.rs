//! Half-typed code: every example file typed one character at a time, with diagnostics, hover
//! and completion requested at the cursor after each keystroke. Nothing may panic; the time of
//! the slowest step is measured and printed (not asserted: the machine is shared).

use super::support::{stdlib_uris, uri};
use std::time::{Duration, Instant};
use tenor_lsp::snapshot::Snapshot;
use tenor_lsp::{completion, diagnostics, hover};

/// Prefixes of each file that get a full round of requests (analysis, diagnostics, hover,
/// completion). A round of a 500-line example takes 0.1 to 1 s in a debug build, so all
/// ~100,000 prefixes of the examples would take hours; the rounds are spread evenly over each
/// file (an odd step, so they land at every kind of place inside tokens and statements), and at
/// every other prefix the top-level item being typed is parsed (the parser works item by item,
/// so that is the part of the file a keystroke changes).
const ROUNDS_PER_FILE: usize = 40;

#[test]
fn typing_every_example_never_panics() {
    let mut slowest = (Duration::ZERO, String::new());
    let mut steps = 0usize;
    let mut parse_only = Duration::ZERO;
    let started = Instant::now();
    let folders = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples")).unwrap();
    let mut folders: Vec<_> = folders.map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    for folder in folders {
        let files: Vec<(String, String)> = ["schema.tenor", "policy.tenor"]
            .iter()
            .filter_map(|n| std::fs::read_to_string(folder.join(n)).ok().map(|t| ((*n).to_owned(), t)))
            .collect();
        for (typed_name, typed_text) in &files {
            let ends: Vec<usize> = typed_text.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
            for (k, end) in ends.iter().enumerate() {
                let prefix = &typed_text[..*end];
                let step_size = (ends.len() / ROUNDS_PER_FILE) | 1;
                let full_round = k % step_size == 0 || k + 1 == ends.len();
                if !full_round {
                    let parsing = Instant::now();
                    let item_start = prefix.rfind("\n\n").map_or(0, |i| i + 2);
                    let _ = tenor_compiler::syntax::parse(tenor_compiler::span::FileId(0), &prefix[item_start..]);
                    parse_only += parsing.elapsed();
                    continue;
                }
                let step = Instant::now();
                let texts = files.iter().map(|(n, t)| (uri(n), if n == typed_name { prefix.to_owned() } else { t.clone() })).collect();
                let snapshot = Snapshot::build(texts, &stdlib_uris());
                let at = snapshot.files.iter().find(|f| f.uri == uri(typed_name)).unwrap();
                let position = at.lines.position(&at.text, at.text.len());
                let _ = diagnostics::all(&snapshot);
                let _ = hover::hover(&snapshot, &uri(typed_name), position);
                let _ = completion::complete(&snapshot, &uri(typed_name), position);
                let took = step.elapsed();
                if took > slowest.0 {
                    slowest = (took, format!("{}/{typed_name} at byte {end}", folder.display()));
                }
                steps += 1;
            }
        }
    }
    println!(
        "typed every example: {steps} request rounds and {parse_only:?} of keystroke parses in {:?}; slowest round {:?} ({})",
        started.elapsed(),
        slowest.0,
        slowest.1
    );
    assert!(steps > 500, "only {steps} rounds");
}
