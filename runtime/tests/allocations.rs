//! The evaluation path allocates nothing once warm: inputs are decoded into reused slots,
//! and text is rendered into a reused buffer.

use tenor_compiler::span::Sources;
use tenor_runtime::Engine;

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

#[test]
fn evaluating_a_decision_allocates_nothing_once_warm() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let mut sources = Sources::new();
    sources.add("followup.tenor", include_str!("../benches/followup.tenor"));
    let engine = Engine::compile(&sources).unwrap();
    let decision = engine.decision("followup").unwrap();
    let mut evaluate = decision.evaluator(include_str!("../benches/followup.json")).unwrap();
    for _ in 0..3 {
        assert_eq!(evaluate().unwrap(), 1);
    }
    let before = dhat::HeapStats::get().total_blocks;
    for _ in 0..1000 {
        evaluate().unwrap();
    }
    let after = dhat::HeapStats::get().total_blocks;
    assert_eq!(after - before, 0, "heap blocks allocated during 1000 warm evaluations");
}
