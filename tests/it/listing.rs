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
                program.verify().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                checked += 1;
            }
        }
    }
    assert!(checked > 10);
}

#[test]
fn engines_refuse_a_program_that_fails_the_verifier_naming_the_function_and_place() {
    let text = std::fs::read_to_string(root().join("runtime/benches/followup.tenor")).unwrap();
    let (program, _) = tenor_compiler::compile(&single("followup.tenor", &text)).unwrap();
    let mut broken = program.clone();
    let last = broken.decisions[0].body.code.len() - 1;
    broken.decisions[0].body.code[last] = tenor_compiler::bytecode::Instr::Jump { target: 9999 };
    let error = tenor_runtime::Engine::new(broken).unwrap_err().to_string();
    assert_eq!(
        error,
        format!(
            "internal error: the code of decision `followup` failed the bytecode verifier at instruction {last}: \
             Jump {{ target: 9999 }} jumps to 9999, outside the code; please report it"
        )
    );
    let mut broken = program;
    let message = broken.decisions[0].offers.as_mut().unwrap().offers[0].message.as_mut().unwrap();
    message.function.types[0] = tenor_compiler::bytecode::RegType::plain(tenor_compiler::bytecode::RegKind::Int);
    let error = tenor_runtime::Engine::new(broken).unwrap_err().to_string();
    assert!(error.starts_with("internal error: the code of the message of offer `apology_20` of decision `followup` failed"), "{error}");
}
