//! The JIT frees what it compiles: 1,000 compile/decide/drop cycles of one program leave
//! resident memory flat (within 10% of what it was after the first 100, once allocators warmed).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test stops loudly on setup errors")]

use tenor_compiler::span::Sources;
use tenor_runtime::{BackendKind, Engine};

const POLICY: &str = include_str!("../benches/followup.tenor");
const INPUT: &str = include_str!("../benches/followup.json");

/// Resident memory in bytes, from `/proc/self/statm` (Linux).
fn resident() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[test]
fn compiling_and_dropping_a_program_a_thousand_times_keeps_memory_flat() {
    let mut sources = Sources::new();
    sources.add("followup.tenor", POLICY);
    let program = Engine::compile(&sources).unwrap().program().clone();
    let cycle = || {
        let engine = Engine::new_on(program.clone(), BackendKind::Jit).unwrap();
        let decided = engine.decide_json("followup", INPUT).unwrap();
        assert!(decided.starts_with(r#"{"tone":"apologetic""#), "{decided}");
    };
    for _ in 0..100 {
        cycle();
    }
    let Some(warm) = resident() else { return };
    for _ in 100..1_000 {
        cycle();
    }
    let end = resident().unwrap();
    println!("resident memory: {} KiB after 100 cycles, {} KiB after 1,000", warm / 1024, end / 1024);
    assert!(end * 10 <= warm * 11, "resident memory grew from {warm} to {end} bytes over 900 compile/drop cycles");
}
