//! Building one function: registers, constants, jumps, and the decision-level shapes (rule lists, offers).

use crate::bytecode::*;
use crate::span::Span;
use crate::tir::*;

/// A register holding an index (of an arm, a conjunct, a contact rule) that is set on some paths only.
const INDEX: RegType = RegType { kind: RegKind::Int, optional: true };

/// The target of a jump not patched yet; the VM reports it instead of looping if one slips through.
pub(super) const PENDING: u32 = u32::MAX;

/// A local of a function lowered earlier, as a later function of the same decision sees it.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum OuterLocal {
    /// A constant.
    Const(Const),
    /// An input in the arena (the same slots for every function of the decision).
    Arena(Binding),
    /// A register of the earlier function, of this type: to be captured.
    Reg(Reg, RegType),
}

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
    /// The register preloaded with each constant.
    const_regs: Vec<Reg>,
    /// The type of each register allocated so far.
    types: Vec<RegType>,
    /// Local bindings: the body's frame, then one frame per inlined function call.
    frames: Vec<Vec<Option<Binding>>>,
    pub span: Span,
    /// Whether to record a trace (explain mode).
    pub explain: bool,
    /// The trace registers so far (explain mode).
    pub trace: Trace,
    /// The trace of the last rule list lowered (explain mode).
    pub last_rules: Option<OutputTrace>,
}

impl<'a> FunctionBuilder<'a> {
    pub fn new(checked: &'a Checked, program: &'a mut Program, locals: u32) -> FunctionBuilder<'a> {
        FunctionBuilder {
            checked,
            program,
            code: Vec::new(),
            spans: Vec::new(),
            consts: Vec::new(),
            const_regs: Vec::new(),
            types: Vec::new(),
            frames: vec![vec![None; locals as usize]],
            span: Span::default(),
            explain: false,
            trace: Trace::default(),
            last_rules: None,
        }
    }

    /// A new register that holds values of `ty`.
    pub fn fresh(&mut self, ty: RegType) -> Reg {
        self.types.push(ty);
        (self.types.len() - 1) as Reg
    }

    /// A new register for values of the checked type `ty`.
    pub fn fresh_of(&mut self, ty: &Type) -> Reg {
        self.fresh(RegType::of(ty))
    }

    /// The register the next [`Self::fresh`] gives.
    pub fn next_reg(&self) -> Reg {
        self.types.len() as Reg
    }

    /// The type of register `r`.
    pub fn type_of(&self, r: Reg) -> RegType {
        self.types.get(r as usize).copied().unwrap_or(RegType { kind: RegKind::None, optional: true })
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

    /// Points every jump in `at` to `target`.
    pub fn patch_all(&mut self, at: Vec<u32>, target: u32) {
        for a in at {
            self.patch(a, target);
        }
    }

    /// Points the jump at `at` to `target`.
    pub fn patch(&mut self, at: u32, target: u32) {
        if let Some(
            Instr::Jump { target: t }
            | Instr::JumpIf { target: t, .. }
            | Instr::JumpIfNot { target: t, .. }
            | Instr::JumpIfSome { target: t, .. }
            | Instr::JumpUnless { target: t, .. },
        ) = self.code.get_mut(at as usize)
        {
            *t = target;
        }
    }

    /// A register holding the constant `c` from the start (shared by every use; never written).
    pub fn constant(&mut self, c: Const) -> Reg {
        if let Some(k) = self.consts.iter().position(|x| same_const(x, &c)) {
            if let Some(r) = self.const_regs.get(k) {
                return *r;
            }
        }
        let r = self.fresh(RegType::of_const(&c));
        self.consts.push(c);
        self.const_regs.push(r);
        r
    }

    /// The constant a register was preloaded with, if it is a constant register.
    pub fn constant_in(&self, r: Reg) -> Option<&Const> {
        let k = self.const_regs.iter().position(|x| *x == r)?;
        self.consts.get(k)
    }

    /// Evaluates an ordered rule list into one register (in explain mode, also its trace into `last_rules`).
    pub fn rules(&mut self, arms: &[TRuleArm], ty: &Type) -> Reg {
        let dst = self.fresh_of(ty);
        let arm_reg = self.explain.then(|| self.fresh(INDEX));
        let mut to_end = Vec::new();
        let mut traces = Vec::new();
        for (index, arm) in arms.iter().enumerate() {
            self.span = arm.span;
            let skips = match &arm.condition {
                Some(c) => {
                    let (skips, trace) = self.condition(c, &arm.text, &arm.conjuncts, arm.span);
                    traces.push(trace);
                    Some(skips)
                }
                None => {
                    traces.push(ConditionTrace { text: arm.text.clone(), span: arm.span, conjuncts: Vec::new(), failed: None });
                    None
                }
            };
            let v = self.expr(&arm.value);
            self.emit(Instr::Move { dst, src: v });
            if let Some(arm_reg) = arm_reg {
                let k = self.constant(Const::Int(index as i64));
                self.emit(Instr::Move { dst: arm_reg, src: k });
            }
            let Some(skips) = skips else { break };
            to_end.push(self.emit(Instr::Jump { target: PENDING }));
            let next = self.here();
            self.patch_all(skips, next);
        }
        let end = self.here();
        self.patch_all(to_end, end);
        self.last_rules = arm_reg.map(|fired| OutputTrace { fired, arms: traces });
        dst
    }

    /// Jumps taken when `cond` is false, as [`Self::branch_unless`]; in explain mode the index of
    /// the first conjunct that failed also goes into the trace's `failed` register.
    pub fn condition(&mut self, cond: &TExpr, text: &str, conjuncts: &[String], span: Span) -> (Vec<u32>, ConditionTrace) {
        let mut trace = ConditionTrace { text: text.to_owned(), span, conjuncts: vec![text.to_owned()], failed: None };
        if !self.explain {
            return (self.branch_unless(cond), trace);
        }
        let mut parts = Vec::new();
        conjuncts_of(cond, &mut parts);
        if parts.len() == conjuncts.len() {
            trace.conjuncts = conjuncts.to_vec();
        } else {
            parts = vec![cond];
        }
        let failures: Vec<Vec<u32>> = parts.iter().map(|p| self.branch_unless(p)).collect();
        let held = self.emit(Instr::Jump { target: PENDING });
        let failed = self.fresh(INDEX);
        let mut to_false = Vec::new();
        for (index, jumps) in failures.into_iter().enumerate() {
            let pad = self.here();
            self.patch_all(jumps, pad);
            let k = self.constant(Const::Int(index as i64));
            self.emit(Instr::Move { dst: failed, src: k });
            to_false.push(self.emit(Instr::Jump { target: PENDING }));
        }
        let end = self.here();
        self.patch(held, end);
        trace.failed = Some(failed);
        (to_false, trace)
    }

    /// A table's `if` chain with a mark per row that records, in explain mode, that the row was chosen.
    pub fn table(&mut self, body: &TExpr, rows: &[Span], name: &str) -> Reg {
        let dst = self.fresh_of(&body.ty);
        let mut rest = body;
        let mut to_end = Vec::new();
        for (index, span) in rows.iter().enumerate() {
            let mark = self.fresh(INDEX);
            self.trace.rows.push(RowTrace { reg: mark, table: name.to_owned(), span: *span });
            let chosen = self.constant(Const::Int(0));
            match &rest.kind {
                TExprKind::If(c, then, otherwise) if index + 1 < rows.len() => {
                    let skips = self.branch_unless(c);
                    let v = self.expr(then);
                    self.emit(Instr::Move { dst, src: v });
                    self.emit(Instr::Move { dst: mark, src: chosen });
                    to_end.push(self.emit(Instr::Jump { target: PENDING }));
                    let next = self.here();
                    self.patch_all(skips, next);
                    rest = otherwise;
                }
                _ => {
                    let v = self.expr(rest);
                    self.emit(Instr::Move { dst, src: v });
                    self.emit(Instr::Move { dst: mark, src: chosen });
                    break;
                }
            }
        }
        let end = self.here();
        self.patch_all(to_end, end);
        dst
    }

    /// Eligibility and score of every offer, and the limit.
    pub fn offers(&mut self, offers: &OffersDef) -> OffersCode {
        let limit = offers.limit.as_ref().map(|l| self.expr(l));
        let floor = offers.floor.as_ref().map(|f| self.expr(f));
        let groups = offers.groups.iter().map(|(name, cap)| (name.clone(), self.expr(cap))).collect();
        let mut slots = Vec::new();
        for offer in &offers.offers {
            self.span = offer.span;
            let eligible = self.fresh(RegType::plain(RegKind::Bool));
            let score = self.fresh(RegType::plain(RegKind::Float));
            let mut to_skip = Vec::new();
            let mut failures: Vec<(usize, Vec<u32>)> = Vec::new();
            let mut conditions = Vec::new();
            for (index, condition) in offer.eligible.iter().enumerate() {
                let text = offer.eligible_texts.get(index).map(String::as_str).unwrap_or_default();
                let conjuncts = offer.eligible_conjuncts.get(index).map(Vec::as_slice).unwrap_or_default();
                let (jumps, trace) = self.condition(condition, text, conjuncts, condition.span);
                conditions.push(trace);
                if self.explain {
                    failures.push((index, jumps));
                } else {
                    to_skip.extend(jumps);
                }
            }
            let suppressed =
                (!offer.suppressions.is_empty() || floor.is_some()).then(|| self.fresh(RegType::plain(RegKind::Text).or_none()));
            let suppressed_by = (self.explain && suppressed.is_some()).then(|| self.fresh(INDEX));
            for (index, (rule, reason_reg)) in offer.suppressions.iter().zip(suppressed.into_iter().cycle()).enumerate() {
                let allowed = self.branch_unless(&rule.condition);
                let reason = self.expr(&rule.reason);
                self.emit(Instr::Move { dst: reason_reg, src: reason });
                if let Some(by) = suppressed_by {
                    let k = self.constant(Const::Int(index as i64));
                    self.emit(Instr::Move { dst: by, src: k });
                }
                to_skip.push(self.emit(Instr::Jump { target: PENDING }));
                let next = self.here();
                self.patch_all(allowed, next);
            }
            let parts = [&offer.propensity, &offer.weight, &offer.value, &offer.lever].map(|e| self.expr(e));
            for (local, reg) in offers.formula_locals.iter().zip(parts) {
                self.bind(*local, Binding::Reg(reg));
            }
            let s = self.expr(&offers.ranking);
            self.emit(Instr::Move { dst: score, src: s });
            if let (Some(floor), Some(reason)) = (floor, suppressed) {
                to_skip.push(self.below_floor(score, floor, reason));
            }
            let yes = self.constant(Const::Bool(true));
            self.emit(Instr::Move { dst: eligible, src: yes });
            let done = self.emit(Instr::Jump { target: PENDING });
            if self.explain {
                let failed = self.fresh(INDEX);
                for (index, jumps) in failures {
                    let pad = self.here();
                    self.patch_all(jumps, pad);
                    let k = self.constant(Const::Int(index as i64));
                    self.emit(Instr::Move { dst: failed, src: k });
                    to_skip.push(self.emit(Instr::Jump { target: PENDING }));
                }
                let suppressions = offer.suppressions.iter().map(|s| s.reason.span).collect();
                self.trace.offers.push(OfferTrace { failed, conditions, suppressed_by, suppressions });
            }
            let skip = self.here();
            self.patch_all(to_skip, skip);
            let no = self.constant(Const::Bool(false));
            self.emit(Instr::Move { dst: eligible, src: no });
            let end = self.here();
            self.patch(done, end);
            slots.push(OfferSlot { name: offer.name.clone(), eligible, score, message: None, group: offer.group, suppressed });
        }
        OffersCode { names: offers.names, limit, groups, offers: slots }
    }

    /// What each local of the outermost frame is bound to, for functions lowered after this one
    /// that read the same locals (offer messages).
    pub fn outer_locals(&self) -> Vec<Option<OuterLocal>> {
        let frame = self.frames.first().map(Vec::as_slice).unwrap_or_default();
        frame
            .iter()
            .map(|b| {
                Some(match (*b)? {
                    Binding::Reg(r) => match self.constant_in(r) {
                        Some(c) => OuterLocal::Const(c.clone()),
                        None => OuterLocal::Reg(r, self.type_of(r)),
                    },
                    other => OuterLocal::Arena(other),
                })
            })
            .collect()
    }

    /// Ends the function with `Return`.
    pub fn finish(mut self) -> Function {
        self.emit(Instr::Return);
        self.build()
    }

    /// Ends the function; the result is in the returned register.
    pub fn finish_returning(mut self, result: Reg) -> (Function, Reg) {
        self.emit(Instr::Return);
        (self.build(), result)
    }

    fn build(self) -> Function {
        let preload = self.const_regs.iter().enumerate().map(|(k, r)| (*r, k as u32)).collect();
        let registers = self.types.len() as u32;
        Function { code: self.code, consts: self.consts, preload, registers, types: self.types, arguments: 0, spans: self.spans }
    }
}

/// Constant identity for sharing registers: floats by bits, so `-0.0` keeps its sign.
fn same_const(a: &Const, b: &Const) -> bool {
    match (a, b) {
        (Const::Float(x), Const::Float(y)) => x.to_bits() == y.to_bits(),
        _ => a == b,
    }
}

/// The conjuncts of `a and b and …`, in order (the expression itself when it is no `and`).
fn conjuncts_of<'e>(e: &'e TExpr, out: &mut Vec<&'e TExpr>) {
    let mut pending = vec![e];
    while let Some(e) = pending.pop() {
        match &e.kind {
            TExprKind::Binary(crate::ast::BinOp::And, l, r) => {
                pending.push(r);
                pending.push(l);
            }
            _ => out.push(e),
        }
    }
}

impl FunctionBuilder<'_> {
    /// When `score` is below `floor`, writes the reason into `reason` and jumps (the returned
    /// jump, to be patched to the offer's "not eligible" code); falls through otherwise.
    fn below_floor(&mut self, score: Reg, floor: Reg, reason: Reg) -> u32 {
        let at_floor = self.emit(Instr::JumpUnless { op: CmpOp::Lt, kind: CmpKind::Float, a: score, b: floor, target: PENDING });
        let pieces = vec![
            Piece::Text("score ".to_owned()),
            Piece::Value(score, Type::Float),
            Piece::Text(" is below the floor ".to_owned()),
            Piece::Value(floor, Type::Float),
        ];
        let template = self.program.templates.len() as u32;
        self.program.templates.push(pieces);
        self.emit(Instr::Template { dst: reason, template });
        let suppressed = self.emit(Instr::Jump { target: PENDING });
        let next = self.here();
        self.patch(at_floor, next);
        suppressed
    }
}
