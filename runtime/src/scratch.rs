//! Per-thread working memory of a decision, reused so that deciding allocates nothing once warm.

use crate::outcome::Outcome;
use crate::value::{ListRef, Pool, TextRef, Value};

/// Buffers a decision works in. Cleared, not freed, between decisions.
#[derive(Debug, Default)]
pub struct Scratch {
    /// Input slots (the frame first), then list elements.
    pub arena: Vec<Value>,
    /// Input text and rendered text.
    pub text: String,
    /// Registers.
    pub regs: Vec<Value>,
    /// The registers of a message function, kept apart so the body's registers stay readable
    /// (explanations and coverage read its trace registers after the messages ran).
    pub message_regs: Vec<Value>,
    /// What the last decision body produced.
    pub outcome: Outcome,
    /// Lists being built (`BuildStart` … `BuildEnd`) and lists being decoded.
    pub stack: Vec<Value>,
    /// Where each list under construction starts on `stack`.
    pub marks: Vec<usize>,
    /// The offers chosen by the last decision, best first.
    pub chosen: Vec<Chosen>,
    /// Where the input decoder is, for error messages.
    pub path: Vec<PathSegment>,
    /// Offers chosen so far in each arbitration group.
    pub group_counts: Vec<u32>,
    /// Element order of the list being sorted (`Sort`), reused between sorts.
    pub order: Vec<u32>,
    /// Loop rounds the running decision may still take.
    pub steps_left: u64,
    /// The running decision's whole budget, for the message when it runs out.
    pub step_budget: u64,
    /// Experiment arms a test pins: (experiment name, arm). Empty outside tests.
    pub pins: Vec<(String, i64)>,
}

/// One step of a JSON path, as plain indexes so the path buffer can be reused.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PathSegment {
    /// The decision's input `i`.
    Input(u32),
    /// Field `field` of record `record`.
    Field(u32, u32),
    /// Element `i` of a list.
    Index(u32),
    /// A map key kept in the scratch text.
    Key(TextRef),
    /// A map key that is variant `variant` of enum `enum_id`.
    Variant(u32, u32),
}

/// An offer that won arbitration.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Chosen {
    /// Index of the offer in the decision.
    pub offer: u32,
    /// Its score.
    pub score: f64,
    /// Its rendered message, if it has one.
    pub message: Option<TextRef>,
}

/// Most slots one decision may use (inputs and built lists).
pub const MAX_ARENA_SLOTS: usize = 16 * 1024 * 1024;

impl Scratch {
    /// Gives the next decision `budget` steps (rounds of its list operations).
    pub fn set_budget(&mut self, budget: u64) {
        self.steps_left = budget;
        self.step_budget = budget;
    }

    /// Empties every buffer and sets aside `frame` input slots.
    pub fn reset(&mut self, frame: usize) {
        self.arena.clear();
        self.arena.resize(frame, Value::None);
        self.text.clear();
        self.stack.clear();
        self.marks.clear();
        self.chosen.clear();
        self.path.clear();
    }

    /// Appends text and returns its reference.
    pub fn push_text(&mut self, s: &str) -> TextRef {
        let start = self.text.len() as u32;
        self.text.push_str(s);
        TextRef { pool: Pool::Scratch, start, len: s.len() as u32 }
    }

    /// Moves `stack[from..]` into the arena as a list of `stride`-slot elements.
    pub fn stack_to_list(&mut self, from: usize, stride: u32) -> Option<ListRef> {
        let start = self.arena.len();
        if start + self.stack.len().saturating_sub(from) > MAX_ARENA_SLOTS {
            return None;
        }
        let slots = self.stack.drain(from..);
        let count = slots.len();
        self.arena.extend(slots);
        let len = if stride == 0 { 0 } else { count / stride as usize };
        Some(ListRef { pool: Pool::Scratch, start: start as u32, len: len as u32 })
    }
}
