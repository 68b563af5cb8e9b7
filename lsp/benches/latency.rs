//! Diagnostics latency: a 2,000-line policy re-analysed after a one-line change (what the
//! server does per keystroke, after its debounce), for BENCHMARKS.md.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "a benchmark stops loudly on setup errors"
)]
#![allow(missing_docs, reason = "benchmark internals")]

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "../tests/it/support.rs"]
#[allow(dead_code, reason = "the bench uses only the policy generator of the tests' support")]
mod support;

fn latency(c: &mut Criterion) {
    let text = support::policy(2_000);
    let changed = text.replacen("c.spend > 7\n", "c.spend > 8\n", 1);
    c.bench_function("diagnostics_2000_lines_one_line_change", |b| {
        b.iter(|| {
            let snapshot = support::snapshot(&[("policy.tenor", &changed)]);
            tenor_lsp::diagnostics::all(&snapshot)
        })
    });
}

criterion_group!(benches, latency);
criterion_main!(benches);
