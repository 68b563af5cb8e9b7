//! Any bytes: parsing never panics, and every span lies inside the text.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = tenor_compiler::syntax::parse(tenor_compiler::span::FileId(0), &text);
    for d in &parsed.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end as usize <= text.len());
    }
});
