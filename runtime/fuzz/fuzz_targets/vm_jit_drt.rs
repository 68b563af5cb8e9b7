//! Differential fuzzing of the JIT against the VM: the bytes drive the generator of
//! `tenor_tests::drt` (a well-typed policy over a fixed schema, and four inputs), and both
//! engines must give the same decision JSON, or the same fault with the same span.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    tenor_tests::drt::fuzz_case(bytes);
});
