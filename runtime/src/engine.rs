//! The embedding API: compile once, then decide many times, JSON in and JSON out.

use crate::backend::{Backend, BackendKind, DecisionRef, VmBackend};
use crate::decode;
use crate::error::DecideError;
use crate::format::{self, JsonValue};
use crate::limits::{InputLimits, DEFAULT_STEP_BUDGET};
use crate::live::LoadFailure;
use crate::load::LoadedProgram;
use crate::scratch::{Chosen, Scratch};
use crate::value::Value;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use std::cell::RefCell;
use std::sync::Arc;
use tenor_compiler::bytecode::{DecisionCode, OffersCode, Program};
use tenor_compiler::diagnostic::{did_you_mean, Diagnostic};
use tenor_compiler::semantics::Fault;
use tenor_compiler::span::Sources;

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's scratch memory.
pub(crate) fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut scratch) => f(&mut scratch),
        Err(_) => f(&mut Scratch::default()),
    })
}

/// A compiled policy, ready to answer decisions. Cheap to clone and share across threads.
#[derive(Clone, Debug)]
pub struct Engine {
    loaded: Arc<LoadedProgram>,
    backend: Arc<dyn Backend>,
    step_budget: u64,
    limits: InputLimits,
}

/// The policy did not compile.
#[derive(Clone, Debug, thiserror::Error)]
#[error("the policy has {} error(s)", .diagnostics.iter().filter(|d| d.is_error()).count())]
pub struct CompileError {
    /// Every diagnostic, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

impl Engine {
    /// An engine for a compiled program, on the default backend ([`BackendKind::Jit`]). Every
    /// function of the program is verified first ([`Program::verify`]): a program from disk or
    /// a cache is never run unchecked.
    pub fn new(program: Program) -> Result<Engine, LoadFailure> {
        Engine::new_on(program, BackendKind::default())
    }

    /// An engine for a compiled program whose decisions run on `kind` (verified first, as by
    /// [`Engine::new`]; the JIT compiles every decision here, and a decision it cannot compile
    /// is a load failure naming it, never a silent fallback to the VM).
    pub fn new_on(program: Program, kind: BackendKind) -> Result<Engine, LoadFailure> {
        program.verify().map_err(|e| LoadFailure::Verify { name: e.function, message: e.error.to_string() })?;
        let loaded = Arc::new(LoadedProgram::new(program));
        let backend = kind.build(&loaded)?;
        Ok(Engine { loaded, backend, step_budget: DEFAULT_STEP_BUDGET, limits: InputLimits::default() })
    }

    /// This engine with its decisions run by another backend (explanations and coverage stay on the VM).
    pub fn with_backend(self, kind: BackendKind) -> Result<Engine, LoadFailure> {
        if self.backend() == kind {
            return Ok(self);
        }
        let backend = kind.build(&self.loaded)?;
        Ok(Engine { backend, ..self })
    }

    /// The backend that runs this engine's decisions.
    pub fn backend(&self) -> BackendKind {
        self.backend.kind()
    }

    /// This engine with another step budget: how many rounds of list operations (`count`, `any`,
    /// `sum`, `filter`, … with nested ones multiplied) one decision may take before it fails.
    pub fn with_step_budget(self, steps: u64) -> Engine {
        Engine { step_budget: steps, ..self }
    }

    /// The step budget of each decision.
    pub fn step_budget(&self) -> u64 {
        self.step_budget
    }

    /// This engine with other limits on the JSON input its decisions read.
    pub fn with_input_limits(self, limits: InputLimits) -> Engine {
        Engine { limits, ..self }
    }

    /// The limits on the JSON input its decisions read.
    pub fn input_limits(&self) -> InputLimits {
        self.limits
    }

    /// Compiles policy sources into an engine. Code that fails the bytecode verifier (a
    /// compiler bug) is reported as one error diagnostic.
    pub fn compile(sources: &Sources) -> Result<Engine, CompileError> {
        let (program, _warnings) = tenor_compiler::compile(sources).map_err(|diagnostics| CompileError { diagnostics })?;
        Engine::new(program).map_err(|e| CompileError {
            diagnostics: vec![Diagnostic::error(tenor_compiler::diagnostic::Code::Runtime, Default::default(), e.to_string())],
        })
    }

    /// A copy of this engine with these param values (one per param, in declaration order).
    pub(crate) fn with_param_values(&self, values: &[tenor_compiler::tir::Const]) -> Engine {
        let mut loaded = (*self.loaded).clone();
        loaded.set_params(values);
        Engine { loaded: Arc::new(loaded), backend: self.backend.clone(), step_budget: self.step_budget, limits: self.limits }
    }

    /// The compiled program.
    pub fn program(&self) -> &Program {
        &self.loaded.program
    }

    pub(crate) fn loaded(&self) -> &LoadedProgram {
        &self.loaded
    }

    /// A handle on the decision called `name` (or `package.name`).
    pub fn decision(&self, name: &str) -> Result<Decision<'_>, DecideError> {
        match self.loaded.program.decision(name) {
            Some((index, _)) => Ok(Decision { engine: self, index }),
            None => Err(no_such_decision(&self.loaded.program, name)),
        }
    }

    /// The decision at `index` of the program (an index the caller looked up).
    pub(crate) fn decision_at(&self, index: usize) -> Decision<'_> {
        Decision { engine: self, index }
    }

    /// Decides `name` for a JSON input text; returns the decision as JSON text.
    pub fn decide_json(&self, name: &str, input: &str) -> Result<String, DecideError> {
        self.decision(name)?.decide_json(input)
    }
}

/// Why `name` picks no decision: several packages declare it, or none does. Decision names
/// are shown qualified (`package.name`) wherever a plain name would not say which one.
fn no_such_decision(program: &Program, name: &str) -> DecideError {
    let shown = |d: &DecisionCode| {
        let shared = program.decisions.iter().filter(|o| o.name == d.name).count() > 1;
        if shared && !d.package.is_empty() {
            format!("{}.{}", d.package, d.name)
        } else {
            d.name.clone()
        }
    };
    let listed = |ds: Vec<String>| format!("`{}`", ds.join("`, `"));
    let same: Vec<String> = program.decisions.iter().filter(|d| d.name == name).map(shown).collect();
    if same.len() > 1 {
        return DecideError::AmbiguousDecision { name: name.to_owned(), candidates: listed(same) };
    }
    let names: Vec<String> = program.decisions.iter().map(shown).collect();
    let plain = program.decisions.iter().map(|d| d.name.as_str());
    let hint = match did_you_mean(name, names.iter().map(String::as_str).chain(plain)) {
        Some(close) => {
            let meant: Vec<String> = program.decisions.iter().filter(|d| d.name == close || shown(d) == close).map(shown).collect();
            format!(" (did you mean `{}`?)", meant.join("` or `"))
        }
        None => String::new(),
    };
    let available = if names.is_empty() { "none".to_owned() } else { listed(names) };
    DecideError::UnknownDecision { name: name.to_owned(), hint, available }
}

/// One decision of an engine.
#[derive(Clone, Copy, Debug)]
pub struct Decision<'e> {
    engine: &'e Engine,
    index: usize,
}

impl Decision<'_> {
    /// The decision's compiled code.
    pub fn code(&self) -> Option<&DecisionCode> {
        self.engine.loaded.program.decisions.get(self.index)
    }

    /// Decides for a JSON input text; returns the decision as JSON text.
    pub fn decide_json(&self, input: &str) -> Result<String, DecideError> {
        let mut out = String::with_capacity(256);
        self.decide_json_into(input, &mut out)?;
        Ok(out)
    }

    /// Decides for a JSON input text, writing the decision's JSON into `out` (cleared first).
    ///
    /// With a reused buffer, a warm decision allocates nothing at all.
    pub fn decide_json_into(&self, input: &str, out: &mut String) -> Result<(), DecideError> {
        let loaded = self.engine.loaded();
        let code = self.code().ok_or_else(|| self.missing())?;
        out.clear();
        with_scratch(|scratch| {
            decode::decode_str(&loaded.program, code, input, self.engine.limits, scratch)?;
            self.engine.evaluate(self.index, scratch)?;
            DecisionJson { loaded, scratch, code }.write_into(out)
        })
    }

    /// Decides for a parsed JSON input; returns the decision as a JSON value.
    pub fn decide_value(&self, input: &serde_json::Value) -> Result<serde_json::Value, DecideError> {
        let loaded = self.engine.loaded();
        let code = self.code().ok_or_else(|| self.missing())?;
        with_scratch(|scratch| {
            decode::decode_value(&loaded.program, code, input, self.engine.limits, scratch)?;
            self.engine.evaluate(self.index, scratch)?;
            Ok(decision_value(loaded, scratch, code))
        })
    }

    /// Decides for a JSON input text and explains it: the decision's JSON with an `explain` section
    /// (which arm fired for each output, each offer's eligibility, first failing condition,
    /// suppression and score). Runs a traced copy of the code; plain decisions never pay for it.
    pub fn explain_json(&self, input: &str) -> Result<serde_json::Value, DecideError> {
        let loaded = self.engine.loaded();
        let code = loaded.program.explained.get(self.index).ok_or_else(|| self.missing())?;
        with_scratch(|scratch| {
            decode::decode_str(&loaded.program, code, input, self.engine.limits, scratch)?;
            crate::engine::evaluate_explained(loaded, self.index, self.engine.step_budget, scratch)?;
            let mut value = decision_value(loaded, scratch, code);
            if let serde_json::Value::Object(map) = &mut value {
                map.insert("explain".to_owned(), crate::explain::trace(loaded, scratch, code));
            }
            Ok(value)
        })
    }

    /// The engine it belongs to.
    pub(crate) fn engine(&self) -> &Engine {
        self.engine
    }

    /// Its index in the program's decisions.
    pub(crate) fn index(&self) -> usize {
        self.index
    }

    pub(crate) fn missing(&self) -> DecideError {
        DecideError::UnknownDecision { name: format!("#{}", self.index), hint: String::new(), available: String::new() }
    }
}

/// The decision in `scratch` as a JSON value.
pub(crate) fn decision_value(loaded: &LoadedProgram, scratch: &Scratch, code: &DecisionCode) -> serde_json::Value {
    serde_json::to_value(DecisionJson { loaded, scratch, code }).unwrap_or(serde_json::Value::Null)
}

impl Engine {
    /// Runs decision `index` on the input decoded into `scratch` with this engine's backend:
    /// its body, then offer arbitration and the messages of the chosen offers.
    pub(crate) fn evaluate(&self, index: usize, scratch: &mut Scratch) -> Result<(), DecideError> {
        scratch.set_budget(self.step_budget);
        let loaded = &*self.loaded;
        run_decision(&*self.backend, loaded, index, false, scratch)
    }
}

/// Runs a decoded decision with its explain-mode code on the VM, which also leaves a trace in registers.
pub(crate) fn evaluate_explained(loaded: &LoadedProgram, index: usize, budget: u64, scratch: &mut Scratch) -> Result<(), DecideError> {
    scratch.set_budget(budget);
    run_decision(&VmBackend, loaded, index, true, scratch)
}

/// A budget fault names the decision that ran out (the VM does not know it).
fn name_budget_fault(error: DecideError, code: &DecisionCode) -> DecideError {
    match error {
        DecideError::Runtime { fault: Fault::BudgetExceeded { budget, decision: None }, span } => {
            DecideError::Runtime { fault: Fault::BudgetExceeded { budget, decision: Some(code.name.clone()) }, span }
        }
        other => other,
    }
}

fn run_decision(
    backend: &dyn Backend,
    loaded: &LoadedProgram,
    index: usize,
    explained: bool,
    scratch: &mut Scratch,
) -> Result<(), DecideError> {
    let decision = DecisionRef { index, explained };
    let (code, _) = decision.code(loaded)?;
    backend.run_body(loaded, decision, scratch).map_err(|e| name_budget_fault(e, code))?;
    let Some(offers) = &code.offers else {
        return Ok(());
    };
    arbitrate(offers, scratch);
    for c in 0..scratch.chosen.len() {
        let Some(chosen) = scratch.chosen.get(c).copied() else {
            continue;
        };
        let message = backend.run_message(loaded, decision, chosen.offer as usize, scratch).map_err(|e| name_budget_fault(e, code))?;
        if let Some(slot) = scratch.chosen.get_mut(c) {
            slot.message = message;
        }
    }
    Ok(())
}

/// Offer arbitration over the outcome in `scratch`: eligible offers by score (stable), then the
/// group caps and `at most N`; the winners go to `scratch.chosen`, best first.
fn arbitrate(offers: &OffersCode, scratch: &mut Scratch) {
    let Scratch { chosen, outcome, group_counts, .. } = scratch;
    for (i, offer) in outcome.offers.iter().enumerate() {
        if offer.eligible {
            chosen.push(Chosen { offer: i as u32, score: offer.score, message: None });
        }
    }
    chosen.sort_by(|a, b| b.score.total_cmp(&a.score));
    let cap = |value: Option<&Value>| match value {
        Some(Value::Int(n)) => u32::try_from(*n).unwrap_or(if *n < 0 { 0 } else { u32::MAX }),
        _ => u32::MAX,
    };
    let limit = cap(Some(&outcome.limit));
    group_counts.clear();
    group_counts.resize(outcome.group_caps.len(), 0);
    let mut kept = 0u32;
    chosen.retain(|c| {
        let group = offers.offers.get(c.offer as usize).and_then(|o| o.group);
        let group_full = group.is_some_and(|g| {
            let used = group_counts.get(g as usize).copied().unwrap_or(0);
            used >= cap(outcome.group_caps.get(g as usize))
        });
        if kept >= limit || group_full {
            return false;
        }
        if let Some(count) = group.and_then(|g| group_counts.get_mut(g as usize)) {
            *count += 1;
        }
        kept += 1;
        true
    });
}

/// The output of the decision in `scratch`, serializable as JSON.
pub(crate) struct DecisionJson<'a> {
    pub loaded: &'a LoadedProgram,
    pub scratch: &'a Scratch,
    pub code: &'a DecisionCode,
}

impl DecisionJson<'_> {
    /// Writes the decision as JSON text into `out` (which must be empty), reusing its buffer.
    pub(crate) fn write_into(&self, out: &mut String) -> Result<(), DecideError> {
        let mut bytes = std::mem::take(out).into_bytes();
        let written = serde_json::to_writer(&mut bytes, self);
        *out = String::from_utf8(bytes).unwrap_or_default();
        written.map_err(|e| DecideError::Runtime { fault: Fault::Internal(e.to_string()), span: Default::default() })
    }
}

impl Serialize for DecisionJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        for (i, output) in self.code.outputs.iter().enumerate() {
            let value = self.scratch.outcome.outputs.get(i).copied().unwrap_or(Value::None);
            map.serialize_entry(&output.name, &JsonValue { loaded: self.loaded, scratch: self.scratch, value, ty: &output.ty })?;
        }
        if let Some(offers) = &self.code.offers {
            map.serialize_entry("offers", &ChosenOffers { json: self, names: offers.names })?;
            if offers.offers.iter().any(|o| o.suppressed.is_some()) {
                map.serialize_entry("suppressed", &SuppressedOffers(self))?;
            }
        }
        if !self.code.experiments.is_empty() {
            map.serialize_entry("experiments", &ExperimentArms(self))?;
        }
        map.end()
    }
}

/// `{"experiment": "arm", …}`.
struct ExperimentArms<'a>(&'a DecisionJson<'a>);

impl Serialize for ExperimentArms<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let DecisionJson { loaded, scratch, code } = *self.0;
        let mut map = s.serialize_map(Some(code.experiments.len()))?;
        for (e, value) in code.experiments.iter().zip(&scratch.outcome.arms) {
            let value = *value;
            map.serialize_entry(&e.name, &JsonValue { loaded, scratch, value, ty: &tenor_compiler::tir::Type::Enum(e.arms) })?;
        }
        map.end()
    }
}

/// `[{"offer": …, "reason": …}]`: eligible offers a contact rule held back.
struct SuppressedOffers<'a>(&'a DecisionJson<'a>);

impl Serialize for SuppressedOffers<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let DecisionJson { loaded, scratch, code } = *self.0;
        let mut seq = s.serialize_seq(None)?;
        for (offer, outcome) in code.offers.iter().flat_map(|o| o.offers.iter()).zip(&scratch.outcome.offers) {
            if let Some(reason) = outcome.suppressed {
                seq.serialize_element(&SuppressedJson { offer: &offer.name, reason: format::text(loaded, scratch, reason) })?;
            }
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct SuppressedJson<'a> {
    offer: &'a str,
    reason: &'a str,
}

struct ChosenOffers<'a> {
    json: &'a DecisionJson<'a>,
    names: u32,
}

impl Serialize for ChosenOffers<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let DecisionJson { loaded, scratch, .. } = *self.json;
        let mut seq = s.serialize_seq(Some(scratch.chosen.len()))?;
        for chosen in &scratch.chosen {
            let name = loaded
                .program
                .enums
                .get(self.names as usize)
                .and_then(|e| e.variants.get(chosen.offer as usize))
                .map(String::as_str)
                .unwrap_or("");
            let message = chosen.message.map(|t| format::text(loaded, scratch, t));
            seq.serialize_element(&OfferJson { offer: name, score: chosen.score, message })?;
        }
        seq.end()
    }
}

#[derive(Serialize)]
struct OfferJson<'a> {
    offer: &'a str,
    score: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
}
