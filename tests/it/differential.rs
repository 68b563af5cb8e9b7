//! The JIT against the VM (the reference): identical decisions, byte for byte (scores bit for
//! bit), or the same fault with the same span. Over every example's sample inputs and tests,
//! over generated inputs for every example decision, and over generated policies
//! (`tenor_tests::drt`). The long run: `DRT_PAIRS=100000 cargo test -p tenor-tests --release
//! --test it differential::generated_policies -- --nocapture`.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::path::PathBuf;
use tenor_runtime::Engine;
use tenor_tests::drt::{self, Rng};
use tenor_tests::{load, root};

/// Each example package compiled, on the VM and on the JIT.
fn examples() -> Vec<(PathBuf, Engine, Engine)> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("policy.tenor").is_file())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let (vm, jit) = drt::both(&Engine::compile(&load(std::slice::from_ref(&dir))).unwrap()).unwrap();
            (dir, vm, jit)
        })
        .collect()
}

#[test]
fn every_example_sample_input_and_test_decides_the_same() {
    let mut inputs = 0;
    for (dir, vm, jit) in examples() {
        for entry in std::fs::read_dir(dir.join("inputs")).unwrap() {
            let folder = entry.unwrap().path();
            let decision = folder.file_name().unwrap().to_string_lossy().into_owned();
            for file in std::fs::read_dir(&folder).unwrap() {
                let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
                let decided = drt::compare(&vm, &jit, &decision, &text).unwrap();
                assert!(decided.is_ok(), "{}: {decided:?}", folder.display());
                inputs += 1;
            }
        }
        let (on_vm, on_jit) = (vm.run_tests(), jit.run_tests());
        assert_eq!(on_vm, on_jit, "{}: the tests went differently", dir.display());
        assert!(on_jit.iter().all(|t| t.passed()), "{}: a test fails on the JIT", dir.display());
    }
    assert!(inputs >= 20, "only {inputs} sample inputs");
}

#[test]
fn generated_inputs_decide_the_same_for_every_example_decision() {
    for (dir, vm, jit) in examples() {
        for (index, decision) in vm.program().decisions.iter().enumerate() {
            let mut runner = TestRunner::new(Config { cases: 48, failure_persistence: None, ..Config::default() });
            let result = runner.run(&any::<u64>(), |seed| {
                let input = drt::input(vm.program(), index, &mut Rng::new(seed)).to_string();
                let _decided = drt::compare(&vm, &jit, &decision.name, &input).map_err(TestCaseError::fail)?;
                Ok(())
            });
            assert!(result.is_ok(), "{} `{}`: {result:?}", dir.display(), decision.name);
        }
    }
}

/// Generated policies, each with several generated inputs: (policies that compiled, pairs compared).
fn run_generated(seed: u64, pairs: usize) -> (usize, usize, usize) {
    let (mut compiled, mut compared, mut faults, mut policies) = (0, 0, 0, 0);
    let mut rng = Rng::new(seed);
    while compared < pairs {
        policies += 1;
        let text = drt::policy(&mut rng);
        let Ok(engine) = Engine::compile(&tenor_tests::single("generated.tenor", &text)) else { continue };
        compiled += 1;
        let (vm, jit) = drt::both(&engine).unwrap_or_else(|e| panic!("{e}\n{text}"));
        for _ in 0..8 {
            let input = drt::input(vm.program(), 0, &mut rng).to_string();
            match drt::compare(&vm, &jit, "d", &input) {
                Ok(Err(_)) => faults += 1,
                Ok(Ok(_)) => {}
                Err(difference) => panic!("{difference}\npolicy:\n{text}"),
            }
            compared += 1;
        }
    }
    assert!(compiled * 3 >= policies, "only {compiled} of {policies} generated policies compile");
    (compiled, compared, faults)
}

#[test]
fn generated_policies_decide_the_same() {
    let pairs = std::env::var("DRT_PAIRS").ok().and_then(|p| p.parse().ok()).unwrap_or(400);
    let seed = std::env::var("DRT_SEED").ok().and_then(|p| p.parse().ok()).unwrap_or(20_261_127);
    let started = std::time::Instant::now();
    let (policies, compared, faults) = run_generated(seed, pairs);
    let seconds = started.elapsed().as_secs_f64();
    println!("{policies} generated policies, {compared} program/input pairs ({faults} faults), identical on both engines ({seconds:.1} s)");
    assert!(faults > 0 && faults < compared, "the generated pairs should both decide and fault");
}
