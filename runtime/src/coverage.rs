//! Test coverage: which rule arms, table rows, offer conditions and contact rules the `test`
//! blocks exercise, read from the trace each test's decision leaves in explain mode.

use crate::decode;
use crate::engine::{evaluate_explained, with_scratch, Engine};
use crate::scratch::Scratch;
use crate::value::Value;
use tenor_compiler::bytecode::{DecisionCode, Trace};
use tenor_compiler::span::Span;

/// What kind of place a coverage point is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointKind {
    /// An arm of an output's rule list: covered when it fired.
    Arm,
    /// A row of a decision table: covered when it was chosen.
    Row,
    /// An offer's `eligible when` line: covered when one test saw it hold and one saw it fail.
    Condition,
    /// An offer's contact rule: covered when it suppressed the offer.
    Suppression,
}

/// One place of a decision that tests should exercise.
#[derive(Clone, Debug, PartialEq)]
pub struct CoveragePoint {
    /// What it is.
    pub kind: PointKind,
    /// Where it is.
    pub span: Span,
    /// A test made it fire (arm), chose it (row), saw it hold (condition) or suppress (contact rule).
    pub held: bool,
    /// A test saw it fail (conditions only).
    pub failed: bool,
}

impl CoveragePoint {
    /// Whether the tests exercised it fully.
    pub fn covered(&self) -> bool {
        self.held && (self.kind != PointKind::Condition || self.failed)
    }

    fn new(kind: PointKind, span: Span) -> CoveragePoint {
        CoveragePoint { kind, span, held: false, failed: false }
    }
}

/// The coverage of one decision, its points in source order.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionCoverage {
    /// The decision's name.
    pub decision: String,
    /// Its package.
    pub package: String,
    /// How many tests call it.
    pub tests: usize,
    /// Its places, each once (a table row once even when the table is called twice).
    pub points: Vec<CoveragePoint>,
}

impl DecisionCoverage {
    /// Points the tests exercised fully.
    pub fn covered(&self) -> usize {
        self.points.iter().filter(|p| p.covered()).count()
    }
}

impl Engine {
    /// Runs every test's decision in explain mode and reports, per decision, which places the
    /// tests exercised. A test whose decision fails to decide exercises nothing.
    pub fn coverage(&self) -> Vec<DecisionCoverage> {
        let loaded = self.loaded();
        let mut report: Vec<DecisionCoverage> = loaded
            .program
            .explained
            .iter()
            .map(|code| DecisionCoverage {
                decision: code.name.clone(),
                package: code.package.clone(),
                tests: 0,
                points: code.trace.as_ref().map(points).unwrap_or_default(),
            })
            .collect();
        for (index, test) in loaded.program.tests.iter().enumerate() {
            let Some(code) = loaded.program.explained.get(test.decision as usize) else { continue };
            let Some(entry) = report.get_mut(test.decision as usize) else { continue };
            entry.tests += 1;
            let input = crate::testing::given_json(&loaded.program, test);
            with_scratch(|scratch| {
                let ran = self.with_test_pins(index, scratch, |scratch| {
                    decode::decode_value(&loaded.program, code, &input, self.input_limits(), scratch)?;
                    evaluate_explained(loaded, test.decision as usize, self.step_budget(), scratch)
                });
                if ran.is_ok() {
                    if let Some(trace) = &code.trace {
                        mark(&mut entry.points, trace, code, scratch);
                    }
                }
            });
        }
        report
    }
}

/// Every place of a traced decision, in source order, each span once.
fn points(trace: &Trace) -> Vec<CoveragePoint> {
    let mut out: Vec<CoveragePoint> = Vec::new();
    let arms = trace.outputs.iter().flat_map(|o| &o.arms).filter(|a| !a.text.starts_with("= "));
    out.extend(arms.map(|a| CoveragePoint::new(PointKind::Arm, a.span)));
    out.extend(trace.rows.iter().map(|r| CoveragePoint::new(PointKind::Row, r.span)));
    for offer in &trace.offers {
        out.extend(offer.conditions.iter().map(|c| CoveragePoint::new(PointKind::Condition, c.span)));
        out.extend(offer.suppressions.iter().map(|s| CoveragePoint::new(PointKind::Suppression, *s)));
    }
    out.sort_by_key(|p| p.span);
    out.dedup_by_key(|p| p.span);
    out
}

/// Marks the places the decision just run in `scratch` exercised.
fn mark(points: &mut [CoveragePoint], trace: &Trace, code: &DecisionCode, scratch: &Scratch) {
    let reg = |r: u32| scratch.regs.get(r as usize).copied().unwrap_or(Value::None);
    let mut hit = |kind: PointKind, span: Span, held: bool, failed: bool| {
        if let Some(p) = points.iter_mut().find(|p| p.span == span && p.kind == kind) {
            p.held |= held;
            p.failed |= failed;
        }
    };
    for output in &trace.outputs {
        if let Value::Int(i) = reg(output.fired) {
            if let Some(arm) = output.arms.get(i as usize) {
                hit(PointKind::Arm, arm.span, true, false);
            }
        }
    }
    for row in &trace.rows {
        if reg(row.reg) == Value::Int(0) {
            hit(PointKind::Row, row.span, true, false);
        }
    }
    let slots = code.offers.iter().flat_map(|o| &o.offers);
    for (offer, slot) in trace.offers.iter().zip(slots) {
        let first_failed = match reg(offer.failed) {
            Value::Int(i) => usize::try_from(i).unwrap_or(usize::MAX),
            _ if reg(slot.eligible) == Value::Bool(true) || offer.suppressed_by.is_some_and(|r| reg(r) != Value::None) => usize::MAX,
            _ => continue,
        };
        for (i, condition) in offer.conditions.iter().enumerate() {
            if i > first_failed {
                break;
            }
            hit(PointKind::Condition, condition.span, i < first_failed, i == first_failed);
        }
        if let Some(Value::Int(i)) = offer.suppressed_by.map(reg) {
            if let Some(span) = offer.suppressions.get(i as usize) {
                hit(PointKind::Suppression, *span, true, false);
            }
        }
    }
}
