//! Building one function: registers, constants, jumps, and the decision-level shapes (rule lists, offers).

use crate::bytecode::*;
use crate::span::Span;
use crate::tir::*;

/// Where a local's value is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Binding {
    /// In a register.
    Reg(Reg),
    /// A scalar input at a fixed arena slot.
    Slot(u32),
    /// A record input starting at a fixed arena slot.
    Row(u32),
}

pub(super) struct FunctionBuilder<'a> {
    pub checked: &'a Checked,
    pub program: &'a mut Program,
    code: Vec<Instr>,
    spans: Vec<Span>,
    consts: Vec<Const>,
    registers: u32,
    /// Local bindings: the body's frame, then one frame per inlined function call.
    frames: Vec<Vec<Option<Binding>>>,
    pub span: Span,
}

impl<'a> FunctionBuilder<'a> {
    pub fn new(checked: &'a Checked, program: &'a mut Program, locals: u32) -> FunctionBuilder<'a> {
        FunctionBuilder {
            checked,
            program,
            code: Vec::new(),
            spans: Vec::new(),
            consts: Vec::new(),
            registers: 0,
            frames: vec![vec![None; locals as usize]],
            span: Span::default(),
        }
    }

    pub fn fresh(&mut self) -> Reg {
        self.registers += 1;
        self.registers - 1
    }

    pub fn bind(&mut self, local: LocalId, binding: Binding) {
        if let Some(frame) = self.frames.last_mut() {
            if frame.len() <= local as usize {
                frame.resize(local as usize + 1, None);
            }
            if let Some(slot) = frame.get_mut(local as usize) {
                *slot = Some(binding);
            }
        }
    }

    pub fn binding(&self, local: LocalId) -> Option<Binding> {
        self.frames.last().and_then(|f| f.get(local as usize).copied().flatten())
    }

    /// Runs `body` with a fresh frame of locals (an inlined function call).
    pub fn with_frame<T>(&mut self, locals: u32, body: impl FnOnce(&mut Self) -> T) -> T {
        self.frames.push(vec![None; locals as usize]);
        let result = body(self);
        self.frames.pop();
        result
    }

    pub fn emit(&mut self, instr: Instr) -> u32 {
        self.code.push(instr);
        self.spans.push(self.span);
        (self.code.len() - 1) as u32
    }

    pub fn here(&self) -> u32 {
        self.code.len() as u32
    }

    /// Points the jump at `at` to `target`.
    pub fn patch(&mut self, at: u32, target: u32) {
        if let Some(
            Instr::Jump { target: t }
            | Instr::JumpIf { target: t, .. }
            | Instr::JumpIfNot { target: t, .. }
            | Instr::JumpIfSome { target: t, .. },
        ) = self.code.get_mut(at as usize)
        {
            *t = target;
        }
    }

    /// A register holding the constant `c`.
    pub fn constant(&mut self, c: Const) -> Reg {
        let k = match self.consts.iter().position(|x| *x == c) {
            Some(k) => k,
            None => {
                self.consts.push(c);
                self.consts.len() - 1
            }
        };
        let dst = self.fresh();
        self.emit(Instr::Const { dst, k: k as u32 });
        dst
    }

    /// Evaluates an ordered rule list into one register.
    pub fn rules(&mut self, arms: &[TRuleArm]) -> Reg {
        let dst = self.fresh();
        let mut to_end = Vec::new();
        for arm in arms {
            self.span = arm.span;
            match &arm.condition {
                Some(condition) => {
                    let c = self.expr(condition);
                    let skip = self.emit(Instr::JumpIfNot { cond: c, target: 0 });
                    let v = self.expr(&arm.value);
                    self.emit(Instr::Move { dst, src: v });
                    to_end.push(self.emit(Instr::Jump { target: 0 }));
                    let next = self.here();
                    self.patch(skip, next);
                }
                None => {
                    let v = self.expr(&arm.value);
                    self.emit(Instr::Move { dst, src: v });
                    break;
                }
            }
        }
        let end = self.here();
        for at in to_end {
            self.patch(at, end);
        }
        dst
    }

    /// Eligibility and score of every offer, and the limit.
    pub fn offers(&mut self, offers: &OffersDef) -> OffersCode {
        let limit = offers.limit.as_ref().map(|l| self.expr(l));
        let mut slots = Vec::new();
        for offer in &offers.offers {
            self.span = offer.span;
            let eligible = self.fresh();
            let score = self.fresh();
            let mut to_skip = Vec::new();
            for condition in &offer.eligible {
                let c = self.expr(condition);
                to_skip.push(self.emit(Instr::JumpIfNot { cond: c, target: 0 }));
            }
            let parts = [&offer.propensity, &offer.value, &offer.lever].map(|e| self.expr(e));
            for (local, reg) in offers.formula_locals.iter().zip(parts) {
                self.bind(*local, Binding::Reg(reg));
            }
            let s = self.expr(&offers.ranking);
            self.emit(Instr::Move { dst: score, src: s });
            let yes = self.constant(Const::Bool(true));
            self.emit(Instr::Move { dst: eligible, src: yes });
            let done = self.emit(Instr::Jump { target: 0 });
            let skip = self.here();
            for at in to_skip {
                self.patch(at, skip);
            }
            let no = self.constant(Const::Bool(false));
            self.emit(Instr::Move { dst: eligible, src: no });
            let end = self.here();
            self.patch(done, end);
            slots.push(OfferSlot { name: offer.name.clone(), eligible, score, message: None });
        }
        OffersCode { names: offers.names, limit, offers: slots }
    }

    /// Ends the body with `Return`, then appends each offer's message code.
    pub fn finish_with_messages(mut self, def: Option<&OffersDef>, mut code: Option<OffersCode>) -> (Function, Option<OffersCode>) {
        self.emit(Instr::Return);
        if let (Some(def), Some(code)) = (def, code.as_mut()) {
            for (offer, slot) in def.offers.iter().zip(code.offers.iter_mut()) {
                if let Some(message) = &offer.message {
                    let start = self.here();
                    let r = self.expr(message);
                    self.emit(Instr::Return);
                    slot.message = Some((start, r));
                }
            }
        }
        (self.build(), code)
    }

    /// Ends the function; the result is in the returned register.
    pub fn finish_returning(mut self, result: Reg) -> (Function, Reg) {
        self.emit(Instr::Return);
        (self.build(), result)
    }

    fn build(self) -> Function {
        Function { code: self.code, consts: self.consts, registers: self.registers, spans: self.spans }
    }
}
