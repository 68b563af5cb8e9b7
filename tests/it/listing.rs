//! Disassembly of the benchmark policy, so a reviewer sees the code the VM runs.

use tenor_tests::{root, single};

#[test]
fn the_benchmark_policy_compiles_to_this_bytecode() {
    let text = std::fs::read_to_string(root().join("runtime/benches/followup.tenor")).unwrap();
    let (program, _) = tenor_compiler::compile(&single("followup.tenor", &text)).unwrap();
    insta::assert_snapshot!(program.listing());
}

#[test]
fn every_compiled_fixture_passes_the_bytecode_verifier() {
    let mut dirs = vec![root().join("examples"), root().join("tests/conformance")];
    let mut checked = 0;
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "tenor") {
                let sources = tenor_tests::load(&[path.parent().unwrap().to_path_buf()]);
                let Ok((program, _)) = tenor_compiler::compile(&sources) else { continue };
                for d in &program.decisions {
                    d.body.verify().unwrap_or_else(|e| panic!("{}: {}: {e}", path.display(), d.name));
                }
                for t in &program.tests {
                    for f in &t.expects {
                        f.verify().unwrap_or_else(|e| panic!("{}: test {}: {e}", path.display(), t.name));
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 10);
}
