//! Checking each experiment's split: over many generated unit ids, every arm's share of the
//! units must be its weight, within a tolerance.

use crate::engine::Engine;
use crate::vm::arm_of;

/// How many unit ids `tenor test` draws per experiment.
pub const SPLIT_UNITS: u32 = 100_000;

/// How far, in percentage points, an arm's measured share may be from its weight.
pub const SPLIT_TOLERANCE: f64 = 1.0;

/// One arm's share of the generated units.
#[derive(Clone, Debug, PartialEq)]
pub struct ArmShare {
    /// The arm's name.
    pub name: String,
    /// Its weight, in percent.
    pub expected: f64,
    /// The share of the units it got, in percent.
    pub measured: f64,
}

/// The measured split of one experiment.
#[derive(Clone, Debug, PartialEq)]
pub struct SplitOutcome {
    /// The experiment's name.
    pub name: String,
    /// The decision that runs it.
    pub decision: String,
    /// Its package.
    pub package: String,
    /// Each arm, in declaration order.
    pub arms: Vec<ArmShare>,
    /// Whether every arm is within the tolerance of its weight.
    pub passed: bool,
}

impl Engine {
    /// Buckets the unit ids `0`, `1`, … `units - 1` (the text an Int id hashes as) into every
    /// experiment's arms, as decisions do, and compares each arm's share with its weight.
    pub fn experiment_splits(&self, units: u32, tolerance_points: f64) -> Vec<SplitOutcome> {
        let program = self.program();
        let mut out = Vec::new();
        for code in &program.decisions {
            for slot in &code.experiments {
                let Some(info) = program.experiments.get(slot.id as usize) else { continue };
                let seed = xxhash_rust::xxh3::xxh3_64(info.name.as_bytes());
                let mut counts = vec![0u32; info.weights.len()];
                let mut digits = itoa::Buffer::new();
                for id in 0..units {
                    if let Some(count) = counts.get_mut(arm_of(&info.weights, seed, digits.format(id).as_bytes())) {
                        *count += 1;
                    }
                }
                let names = program.enums.get(slot.arms as usize).map(|e| e.variants.clone()).unwrap_or_default();
                let arms: Vec<ArmShare> = names
                    .into_iter()
                    .zip(info.weights.iter().zip(&counts))
                    .map(|(name, (weight, count))| ArmShare {
                        name,
                        expected: f64::from(*weight) / 100.0,
                        measured: f64::from(*count) * 100.0 / f64::from(units.max(1)),
                    })
                    .collect();
                let passed = arms.iter().all(|a| (a.measured - a.expected).abs() <= tolerance_points);
                out.push(SplitOutcome {
                    name: info.name.clone(),
                    decision: code.name.clone(),
                    package: code.package.clone(),
                    arms,
                    passed,
                });
            }
        }
        out
    }
}

/// An experiment's arms, each with its weight in basis points (10,000 = 100%).
pub type Arms<'a> = &'a [(String, u32)];

/// The share of the unit ids `0` … `units - 1`, in percent, whose arm (by name) differs between
/// two versions of an experiment, bucketed as decisions bucket them (the name seeds the hash).
pub fn units_changing_arm(old_name: &str, old: Arms<'_>, new_name: &str, new: Arms<'_>, units: u32) -> f64 {
    let weights = |arms: Arms<'_>| -> Vec<u32> { arms.iter().map(|(_, w)| *w).collect() };
    let (old_weights, new_weights) = (weights(old), weights(new));
    let old_seed = xxhash_rust::xxh3::xxh3_64(old_name.as_bytes());
    let new_seed = xxhash_rust::xxh3::xxh3_64(new_name.as_bytes());
    let mut digits = itoa::Buffer::new();
    let mut moved = 0u32;
    for id in 0..units {
        let id = digits.format(id).as_bytes();
        let before = old.get(arm_of(&old_weights, old_seed, id)).map(|(name, _)| name);
        let after = new.get(arm_of(&new_weights, new_seed, id)).map(|(name, _)| name);
        if before != after {
            moved += 1;
        }
    }
    f64::from(moved) * 100.0 / f64::from(units.max(1))
}
