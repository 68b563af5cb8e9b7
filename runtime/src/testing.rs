//! Running the `test` blocks of a program.

use crate::decode;
use crate::engine::{decision_value, with_scratch, Engine};
use crate::error::DecideError;
use crate::format::JsonValue;
use crate::load::LoadedProgram;
use crate::scratch::Scratch;
use crate::value::Value;
use crate::vm;
use serde_json::{json, Map};
use tenor_compiler::bytecode::{DecisionCode, ExpectSides, Program, TestCode};
use tenor_compiler::literal;
use tenor_compiler::span::Span;
use tenor_compiler::tir::{Const, Type};

/// How one test went.
#[derive(Clone, Debug, PartialEq)]
pub struct TestOutcome {
    /// The test's title.
    pub name: String,
    /// Its package.
    pub package: String,
    /// Where the test is.
    pub span: Span,
    /// The expectations that did not hold.
    pub failed: Vec<FailedExpect>,
    /// The input the test gave, as JSON.
    pub input: serde_json::Value,
    /// The decision it got, as JSON (absent when deciding failed).
    pub actual: Option<serde_json::Value>,
    /// Why deciding failed, if it did.
    pub error: Option<DecideError>,
}

/// An expectation that did not hold.
#[derive(Clone, Debug, PartialEq)]
pub struct FailedExpect {
    /// Where it is.
    pub span: Span,
    /// For `actual == expected`: the value the decision gave (left side), as JSON.
    pub actual: Option<serde_json::Value>,
    /// For `actual == expected`: the value the test expects (right side), as JSON.
    pub expected: Option<serde_json::Value>,
}

impl TestOutcome {
    /// Whether every expectation held.
    pub fn passed(&self) -> bool {
        self.failed.is_empty() && self.error.is_none()
    }
}

impl Engine {
    /// Runs every test block of the program, in order.
    pub fn run_tests(&self) -> Vec<TestOutcome> {
        (0..self.program().tests.len()).filter_map(|i| self.run_test(i)).collect()
    }

    fn run_test(&self, index: usize) -> Option<TestOutcome> {
        let loaded = self.loaded();
        let test = loaded.program.tests.get(index)?;
        let code = loaded.program.decisions.get(test.decision as usize)?;
        let input = given_json(&loaded.program, test);
        let mut outcome = TestOutcome {
            name: test.name.clone(),
            package: test.package.clone(),
            span: test.span,
            failed: vec![],
            input,
            actual: None,
            error: None,
        };
        let functions = loaded.tests.get(index)?;
        let result = with_scratch(|scratch| -> Result<(), DecideError> {
            self.with_test_pins(index, scratch, |scratch| {
                decode::decode_value(&loaded.program, code, &outcome.input, self.input_limits(), scratch)?;
                self.evaluate(test.decision as usize, scratch)
            })?;
            outcome.actual = Some(decision_value(loaded, scratch, code));
            let args = expect_arguments(scratch, code);
            for (i, expect) in test.expects.iter().enumerate() {
                let Some(function) = functions.get(i) else { continue };
                scratch.regs.clear();
                scratch.regs.extend_from_slice(&function.initial);
                for (slot, arg) in scratch.regs.iter_mut().zip(&args).take(expect.arguments as usize) {
                    *slot = *arg;
                }
                vm::run(loaded, expect, scratch)?;
                let held = test.results.get(i).and_then(|r| scratch.regs.get(*r as usize)) == Some(&Value::Bool(true));
                if !held {
                    let sides = test.sides.get(i).and_then(Option::as_ref);
                    let side =
                        |pick: fn(&ExpectSides) -> &(u32, tenor_compiler::tir::Type)| sides.map(|s| side_json(loaded, scratch, pick(s)));
                    outcome.failed.push(FailedExpect {
                        span: test.expect_spans.get(i).copied().unwrap_or(test.span),
                        actual: side(|s| &s.actual),
                        expected: side(|s| &s.expected),
                    });
                }
            }
            Ok(())
        });
        if let Err(e) = result {
            outcome.error = Some(e);
        }
        Some(outcome)
    }

    /// Runs `f` with the experiment arms test `index` pins, and without them afterwards.
    pub(crate) fn with_test_pins<R>(&self, index: usize, scratch: &mut Scratch, f: impl FnOnce(&mut Scratch) -> R) -> R {
        scratch.pins.clear();
        if let Some(test) = self.program().tests.get(index) {
            scratch.pins.extend(test.pins.iter().map(|(name, arm)| (name.clone(), i64::from(*arm))));
        }
        let result = f(scratch);
        scratch.pins.clear();
        result
    }
}

/// The values an expectation reads, in the order of its locals: the outputs, then `offer`,
/// `offers` and `suppressed`, then each experiment's arm, then each offer's message.
fn expect_arguments(scratch: &mut Scratch, code: &DecisionCode) -> Vec<Value> {
    let mut args: Vec<Value> = scratch.outcome.outputs.clone();
    let slots = code.offers.iter().flat_map(|o| o.offers.iter());
    if code.offers.is_some() {
        args.push(scratch.chosen.first().map(|c| Value::Int(i64::from(c.offer))).unwrap_or(Value::None));
        let mark = scratch.stack.len();
        for chosen in &scratch.chosen {
            scratch.stack.push(Value::Int(i64::from(chosen.offer)));
        }
        args.push(scratch.stack_to_list(mark, 1).map(Value::List).unwrap_or(Value::None));
        let mark = scratch.stack.len();
        for (i, offer) in scratch.outcome.offers.iter().enumerate() {
            if offer.suppressed.is_some() {
                scratch.stack.push(Value::Int(i as i64));
            }
        }
        args.push(scratch.stack_to_list(mark, 1).map(Value::List).unwrap_or(Value::None));
    }
    args.extend(scratch.outcome.arms.iter().copied());
    for (i, _) in slots.enumerate() {
        let chosen = scratch.chosen.iter().find(|c| c.offer as usize == i);
        args.push(chosen.and_then(|c| c.message).map(Value::Text).unwrap_or(Value::None));
    }
    args
}

/// One side of a failed `==` expectation, as JSON.
fn side_json(loaded: &LoadedProgram, scratch: &Scratch, (reg, ty): &(u32, tenor_compiler::tir::Type)) -> serde_json::Value {
    let value = scratch.regs.get(*reg as usize).copied().unwrap_or(Value::None);
    serde_json::to_value(JsonValue { loaded, scratch, value, ty }).unwrap_or(serde_json::Value::Null)
}

/// The test's literal inputs as the JSON a host would send.
pub(crate) fn given_json(program: &Program, test: &TestCode) -> serde_json::Value {
    let mut map = Map::new();
    if let Some(code) = program.decisions.get(test.decision as usize) {
        for (input, value) in code.inputs.iter().zip(&test.given) {
            map.insert(input.name.clone(), const_json(program, value, &input.ty));
        }
    }
    serde_json::Value::Object(map)
}

/// A map key as the JSON object key a host would send.
fn key_text(program: &Program, key: &Const, ty: &Type) -> String {
    match const_json(program, key, ty) {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}

fn const_json(program: &Program, value: &Const, ty: &Type) -> serde_json::Value {
    let ty = ty.strip_optional();
    match (value, ty) {
        (Const::None, _) => serde_json::Value::Null,
        (Const::Bool(b), _) => json!(b),
        (Const::Int(i), Type::Duration) => json!(literal::format_duration(*i)),
        (Const::Int(i), Type::Time) => json!(literal::format_time(*i)),
        (Const::Int(i), Type::Date) => json!(literal::format_date(*i)),
        (Const::Int(i), Type::Timestamp) => json!(literal::format_timestamp(*i)),
        (Const::Int(i), _) => json!(i),
        (Const::Enum(i), Type::Enum(e)) => {
            json!(program.enums.get(*e as usize).and_then(|e| e.variants.get(*i as usize)).cloned().unwrap_or_default())
        }
        (Const::Float(f), Type::Percent) => json!(literal::format_percent(*f)),
        (Const::Float(f), _) => json!(f),
        (Const::Money(a, c), _) => {
            json!({"amount": literal::format_amount(*a), "currency": literal::format_currency(*c)})
        }
        (Const::Text(t), _) => json!(t),
        (Const::List(items), Type::List(elem) | Type::Set(elem)) => {
            serde_json::Value::Array(items.iter().map(|i| const_json(program, i, elem)).collect())
        }
        (Const::Record(fields), Type::Record(r)) => {
            let mut map = Map::new();
            if let Some(layout) = program.records.get(*r as usize) {
                for (field, value) in layout.fields.iter().zip(fields) {
                    map.insert(field.name.clone(), const_json(program, value, &field.ty));
                }
            }
            serde_json::Value::Object(map)
        }
        (Const::List(entries), Type::Map(k, v)) => {
            let mut map = Map::new();
            for entry in entries {
                if let Const::List(pair) = entry {
                    if let [key, value] = pair.as_slice() {
                        map.insert(key_text(program, key, k), const_json(program, value, v));
                    }
                }
            }
            serde_json::Value::Object(map)
        }
        (Const::List(_), _) => json!({}),
        _ => serde_json::Value::Null,
    }
}
