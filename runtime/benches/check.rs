//! `tenor check` on a generated 10,000-line policy: renamed copies of `benches/nba.tenor`
//! (types, params, decision and test titles suffixed per copy) in one file, parsed and checked
//! (`tenor_compiler::analyze`, what `tenor check` runs), and compiled to bytecode as well.
//! Run with `cargo bench -p tenor-runtime --bench check`; the figure is in BENCHMARKS.md.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a benchmark stops loudly on setup errors")]
#![allow(missing_docs, reason = "benchmark internals")]

use criterion::{criterion_group, criterion_main, Criterion};
use std::time::Duration;
use tenor_compiler::span::Sources;

const POLICY: &str = include_str!("nba.tenor");

/// Names declared by the policy, renamed in each copy.
const DECLARED: [&str; 15] = [
    "Segment",
    "Channel",
    "Intent",
    "Tone",
    "Route",
    "Consent",
    "Contact",
    "Customer",
    "Visit",
    "Model",
    "card_min_score",
    "loan_min_score",
    "rich_balance",
    "big_spender",
    "nba",
];

/// `text` with every declared name suffixed by `_{n}`.
fn renamed(text: &str, n: usize) -> String {
    let mut out = String::with_capacity(text.len() + 1024);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(word);
        if DECLARED.contains(&word.as_str()) {
            out.push_str(&format!("_{n}"));
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out.replace("test \"", &format!("test \"copy {n}: "))
}

/// A policy of at least `lines` lines.
pub fn policy(lines: usize) -> String {
    // `tone { … }` is short for `tone: Tone { … }`: spelled out, so the renamed type is named.
    let body: String = POLICY.lines().filter(|l| !l.starts_with("package ")).collect::<Vec<_>>().join("\n");
    let body = body.replace("  tone {", "  tone: Tone {").replace("  route {", "  route: Route {");
    let mut text = String::from("package bench.generated\n\n");
    let mut n = 0;
    while text.lines().count() < lines {
        text.push_str(&renamed(&body, n));
        text.push('\n');
        n += 1;
    }
    text
}

fn check(c: &mut Criterion) {
    let text = policy(10_000);
    let mut sources = Sources::new();
    sources.add("generated.tenor", &text);
    let analysis = tenor_compiler::analyze(&sources);
    if let Some(error) = analysis.diagnostics.iter().find(|d| d.is_error()) {
        panic!("the generated policy does not check: {error:?}");
    }
    let mut group = c.benchmark_group("check");
    group.sample_size(10).measurement_time(Duration::from_secs(5));
    group.bench_function(format!("analyze_{}_lines", text.lines().count()), |b| b.iter(|| tenor_compiler::analyze(&sources)));
    group.bench_function(format!("compile_{}_lines", text.lines().count()), |b| b.iter(|| tenor_compiler::compile(&sources)));
    group.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
