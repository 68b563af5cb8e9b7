//! Any text: checking and lowering never panic, and every span lies inside the text.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| {
    let mut sources = tenor_compiler::span::Sources::new();
    sources.add("fuzz.tenor", text);
    let analysis = tenor_compiler::analyze(&sources);
    for d in &analysis.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end as usize <= text.len());
    }
    let _ = tenor_compiler::compile(&sources);
});
