//! Deciding allocates nothing once warm: inputs are decoded into reused slots, text is
//! rendered into a reused buffer, and the caller may reuse the output buffer too.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests stop loudly on a broken fixture"
)]

use tenor_compiler::span::Sources;
use tenor_runtime::Engine;

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

#[test]
fn deciding_allocates_nothing_once_warm() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let mut sources = Sources::new();
    sources.add("followup.tenor", include_str!("../benches/followup.tenor"));
    let engine = Engine::compile(&sources).unwrap();
    let decision = engine.decision("followup").unwrap();
    let decoded = decision.decode(include_str!("../benches/followup.json")).unwrap();
    for _ in 0..3 {
        assert_eq!(decision.evaluate_decoded(&decoded).unwrap(), 1);
    }
    let before = dhat::HeapStats::get().total_blocks;
    for _ in 0..1000 {
        decision.evaluate_decoded(&decoded).unwrap();
    }
    let after = dhat::HeapStats::get().total_blocks;
    assert_eq!(after - before, 0, "heap blocks allocated during 1000 warm evaluations");

    // A decoded input decided to JSON text, with a reused output buffer.
    let mut out = String::new();
    for _ in 0..3 {
        decision.decide_decoded_into(&decoded, &mut out).unwrap();
    }
    let before = dhat::HeapStats::get().total_blocks;
    for _ in 0..1000 {
        decision.decide_decoded_into(&decoded, &mut out).unwrap();
    }
    let after = dhat::HeapStats::get().total_blocks;
    assert_eq!(after - before, 0, "heap blocks allocated during 1000 warm decisions of a decoded input");

    // The whole path, JSON text in and JSON text out, with a reused output buffer.
    let input = include_str!("../benches/followup.json");
    let mut out = String::new();
    for _ in 0..3 {
        decision.decide_json_into(input, &mut out).unwrap();
    }
    let before = dhat::HeapStats::get().total_blocks;
    for _ in 0..1000 {
        decision.decide_json_into(input, &mut out).unwrap();
    }
    let after = dhat::HeapStats::get().total_blocks;
    assert!(out.starts_with(r#"{"tone":"apologetic","route":"expert","offers":[{"offer":"apology_20","score":24.0"#), "{out}");
    assert_eq!(after - before, 0, "heap blocks allocated during 1000 warm JSON-to-JSON decisions");
}
