//! Decoded inputs: decode once, decide many times (benchmarks of evaluation alone, batch runs
//! and backtests that replay one input against several policies or params).

use crate::decode;
use crate::engine::{with_scratch, Decision, DecisionJson};
use crate::error::DecideError;
use crate::scratch::Scratch;
use crate::value::Value;

/// A decision's input decoded into value slots, owned and reusable: deciding it again skips
/// JSON parsing entirely ([`Decision::decode`], [`Decision::decide_decoded`]).
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedInput {
    /// The decision it was decoded for (index into the program's decisions).
    decision: usize,
    /// The name of that decision, for the message when it is given to another one.
    name: String,
    /// The input's slots (the frame, then list elements), as the decoder laid them out.
    arena: Vec<Value>,
    /// The input's text.
    text: String,
}

impl DecodedInput {
    /// Puts the input into `scratch` as the decoder left it, reusing the scratch's buffers.
    fn load_into(&self, scratch: &mut Scratch) {
        scratch.reset(0);
        scratch.arena.extend_from_slice(&self.arena);
        scratch.text.push_str(&self.text);
    }
}

impl Decision<'_> {
    /// Decodes a JSON input text for this decision once, to decide it any number of times.
    pub fn decode(&self, input: &str) -> Result<DecodedInput, DecideError> {
        let loaded = self.engine().loaded();
        let code = self.code().ok_or_else(|| self.missing())?;
        let mut scratch = Scratch::default();
        decode::decode_str(&loaded.program, code, input, self.engine().input_limits(), &mut scratch)?;
        Ok(DecodedInput { decision: self.index(), name: code.name.clone(), arena: scratch.arena, text: scratch.text })
    }

    /// Decides a decoded input; returns the decision as JSON text.
    pub fn decide_decoded(&self, input: &DecodedInput) -> Result<String, DecideError> {
        let mut out = String::with_capacity(256);
        self.decide_decoded_into(input, &mut out)?;
        Ok(out)
    }

    /// Decides a decoded input, writing the decision's JSON into `out` (cleared first); with a
    /// reused buffer, a warm decision allocates nothing.
    pub fn decide_decoded_into(&self, input: &DecodedInput, out: &mut String) -> Result<(), DecideError> {
        let loaded = self.engine().loaded();
        let code = self.code().ok_or_else(|| self.missing())?;
        self.check_decoded_for(input)?;
        out.clear();
        with_scratch(|scratch| {
            input.load_into(scratch);
            self.engine().evaluate(self.index(), scratch)?;
            DecisionJson { loaded, scratch, code }.write_into(out)
        })
    }

    /// Evaluation alone, for benchmarks: runs the decision on a decoded input (body, arbitration,
    /// the chosen offers' messages) without writing JSON; returns how many offers were chosen.
    pub fn evaluate_decoded(&self, input: &DecodedInput) -> Result<usize, DecideError> {
        self.check_decoded_for(input)?;
        with_scratch(|scratch| {
            input.load_into(scratch);
            self.engine().evaluate(self.index(), scratch)?;
            Ok(scratch.chosen.len())
        })
    }

    /// An input decoded for another decision is refused: its slots follow that decision's layout.
    fn check_decoded_for(&self, input: &DecodedInput) -> Result<(), DecideError> {
        if input.decision == self.index() {
            return Ok(());
        }
        let name = self.code().map(|c| c.name.as_str()).unwrap_or_default();
        let message = format!(
            "this input was decoded for decision `{}`, not `{name}`; decode it with `Decision::decode` of the decision that decides it",
            input.name
        );
        Err(DecideError::Input { message, path: String::new() })
    }
}
