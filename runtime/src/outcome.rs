//! What a decision body produced, read by offer arbitration and output formatting: every
//! engine fills one, so nothing after the body depends on how the body was run.

use crate::value::{TextRef, Value};
use tenor_compiler::bytecode::DecisionCode;

/// The results of one run of a decision body. Lives in the scratch and is refilled (cleared,
/// not freed) for every decision, so a warm decision allocates nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Each output's value, in [`DecisionCode::outputs`] order.
    pub outputs: Vec<Value>,
    /// Each offer's result, in declaration order.
    pub offers: Vec<OfferOutcome>,
    /// Each experiment's arm (an `Int`), in [`DecisionCode::experiments`] order.
    pub arms: Vec<Value>,
    /// The `at most N` of the offers (`Int`), or `None` without one.
    pub limit: Value,
    /// Each arbitration group's `at most N` (`Int`), in [`tenor_compiler::bytecode::OffersCode::groups`] order.
    pub group_caps: Vec<Value>,
    /// The values of [`DecisionCode::captures`]: the arguments of the offers' message functions.
    pub captures: Vec<Value>,
}

/// How one offer came out of the body.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OfferOutcome {
    /// Whether it is eligible (conditions held, no contact rule or score floor held it back).
    pub eligible: bool,
    /// Its score (meaningful when eligible).
    pub score: f64,
    /// The reason a contact rule or the score floor suppressed it, if one did.
    pub suppressed: Option<TextRef>,
}

impl Outcome {
    /// Empties every part, keeping the buffers.
    pub fn clear(&mut self) {
        self.outputs.clear();
        self.offers.clear();
        self.arms.clear();
        self.limit = Value::None;
        self.group_caps.clear();
        self.captures.clear();
    }

    /// Reads the results out of the registers the VM left them in, as `code` names them.
    pub fn read_registers(&mut self, code: &DecisionCode, regs: &[Value]) {
        let reg = |r: u32| regs.get(r as usize).copied().unwrap_or(Value::None);
        self.clear();
        self.outputs.extend(code.outputs.iter().map(|o| reg(o.reg)));
        self.arms.extend(code.experiments.iter().map(|e| reg(e.reg)));
        self.captures.extend(code.captures.iter().map(|r| reg(*r)));
        let Some(offers) = &code.offers else { return };
        self.limit = offers.limit.map(reg).unwrap_or(Value::None);
        self.group_caps.extend(offers.groups.iter().map(|(_, r)| reg(*r)));
        self.offers.extend(offers.offers.iter().map(|o| OfferOutcome {
            eligible: reg(o.eligible) == Value::Bool(true) && matches!(reg(o.score), Value::Float(_)),
            score: match reg(o.score) {
                Value::Float(f) => f,
                _ => 0.0,
            },
            suppressed: match o.suppressed.map(reg) {
                Some(Value::Text(t)) => Some(t),
                _ => None,
            },
        }));
    }
}
