//! Diagnostics latency for a 2,000-line policy after a one-line change, measured and printed
//! (for BENCHMARKS.md; `cargo bench -p tenor-lsp` gives the optimized figure).

use super::support::{policy, snapshot};
use std::time::Instant;
use tenor_lsp::diagnostics;

#[test]
fn diagnostics_after_a_one_line_change_of_a_2000_line_policy() {
    let text = policy(2_000);
    assert!(text.lines().count() >= 2_000);
    let changed = text.replacen("c.spend > 7\n", "c.spend > 8\n", 1);
    let first = snapshot(&[("policy.tenor", &text)]);
    assert!(diagnostics::all(&first).iter().all(|(_, d)| d.is_empty()), "{:?}", diagnostics::all(&first));
    let mut times = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let snap = snapshot(&[("policy.tenor", &changed)]);
        let _ = diagnostics::all(&snap);
        times.push(started.elapsed());
    }
    times.sort();
    let started = Instant::now();
    let mut sources = tenor_compiler::span::Sources::new();
    sources.add("policy.tenor", changed.as_str());
    let _ = tenor_compiler::analyze(&sources);
    println!("of which the compiler's analysis: {:?}", started.elapsed());
    println!("2,000-line policy, one-line change, debug build: median {:?} (min {:?})", times[2], times[0]);
}
