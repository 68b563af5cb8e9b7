//! Bytecode → Cranelift IR, one `translate_<family>` method per instruction family.
//!
//! Every instruction has a block. Scalar instructions are emitted inline on the register file
//! in memory, behind guards (the operands have the expected kinds, the result does not
//! overflow, no fault): when a guard fails, the slow path runs the same instruction with the
//! VM ([`abi::step`]), which computes it or produces its fault. So the inline code only ever
//! takes the easy case, and every hard case, every fault and every other instruction (text,
//! collections, natives, experiments) is the VM's own code. Control flow is native; a backward
//! jump spends a step of the budget, as the VM's loop does.

use super::abi::{layout, offsets, NOT_TEXT, STATUS_FAULT, STATUS_OK, STEP_JUMPED, STEP_NEXT, STEP_RETURNED};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, AliasRegion, AliasRegionData, Block, FuncRef, InstBuilder, MemFlagsData, Type, Value};
use cranelift_codegen::isa::TargetFrontendConfig;
use cranelift_frontend::{FunctionBuilder, Variable};
use std::collections::BTreeMap;
use tenor_compiler::bytecode::{CmpKind, CmpOp, Function, Instr, Reg, RegKind, RegType};

mod arith;
mod memory;

/// The helpers a translated function calls.
pub(super) struct Helpers {
    /// [`super::abi::step`].
    pub step: FuncRef,
    /// [`super::abi::out_of_steps`].
    pub out_of_steps: FuncRef,
    /// [`super::abi::text_equal`].
    pub text_equal: FuncRef,
}

/// Code still to be emitted once every instruction's block exists.
enum Pending {
    /// Run instruction `pc` with the VM; `target` for jumps.
    Slow { block: Block, pc: u32, target: Option<u32> },
    /// Spend a step, then continue at `target` (a backward jump from `from`).
    Spend { block: Block, from: u32, target: u32 },
    /// Run `pc` (past the end of the code) with the VM, which faults.
    PastEnd { block: Block, pc: u32 },
}

/// Translates one entry of a function into the body of a Cranelift function.
pub(super) struct Translator<'a, 'b> {
    b: FunctionBuilder<'b>,
    function: &'a Function,
    helpers: Helpers,
    ptr: Type,
    context: Value,
    regs: Variable,
    blocks: BTreeMap<u32, Block>,
    slow: BTreeMap<u32, Block>,
    past_end: BTreeMap<u32, Block>,
    fault: Option<Block>,
    pending: Vec<Pending>,
    regions: Regions,
}

/// Registers and arena slots are read with these flags: aligned, never trapping (every
/// access is inside the register file or bounds-checked first).
fn trusted() -> MemFlagsData {
    MemFlagsData::trusted()
}

/// The alias regions of a function: registers, pools and the context are disjoint memory, so
/// Cranelift forwards a register's last store to its next load and drops repeated loads across
/// instructions, as long as no helper call (which may touch any memory) or other register
/// store comes between. (A region per register was measured: no faster, and compiling took 3×.)
struct Regions {
    registers: AliasRegion,
    pools: AliasRegion,
    context: AliasRegion,
}

impl Regions {
    fn new(b: &mut FunctionBuilder<'_>) -> Regions {
        let mut region = |user_id: u32, description: &'static str| {
            b.func.dfg.alias_regions.insert(AliasRegionData { user_id, description: description.into() })
        };
        Regions { registers: region(0, "registers"), pools: region(1, "pools"), context: region(2, "context") }
    }
}

/// The instructions reachable from `entry`, in order (unreachable code gets no block).
fn reachable(function: &Function, entry: u32) -> Vec<u32> {
    let len = function.code.len() as u32;
    let mut seen = vec![false; function.code.len()];
    let mut work = vec![entry];
    while let Some(pc) = work.pop() {
        let Some(instr) = function.code.get(pc as usize) else { continue };
        match seen.get_mut(pc as usize) {
            Some(s) if !*s => *s = true,
            _ => continue,
        }
        let (next, target) = match instr {
            Instr::Return => (None, None),
            Instr::Jump { target } => (None, Some(*target)),
            Instr::JumpIf { target, .. }
            | Instr::JumpIfNot { target, .. }
            | Instr::JumpUnless { target, .. }
            | Instr::JumpIfSome { target, .. } => (Some(pc + 1), Some(*target)),
            _ => (Some(pc + 1), None),
        };
        work.extend(next.into_iter().chain(target).filter(|t| *t < len));
    }
    seen.iter().enumerate().filter(|(_, s)| **s).map(|(pc, _)| pc as u32).collect()
}

impl<'a, 'b> Translator<'a, 'b> {
    /// Emits the code of `function` (what is reachable from its start) into `b`, whose
    /// signature is `(context pointer) -> status`.
    pub fn translate(
        mut b: FunctionBuilder<'b>,
        function: &'a Function,
        helpers: Helpers,
        target: TargetFrontendConfig,
    ) -> Result<(), String> {
        let ptr = target.pointer_type();
        let start = b.create_block();
        b.append_block_params_for_function_params(start);
        b.switch_to_block(start);
        let Some(context) = b.block_params(start).first().copied() else {
            return Err("the native signature takes no context".to_owned());
        };
        let regs = b.declare_var(ptr);
        let regions = Regions::new(&mut b);
        let mut t = Translator {
            b,
            function,
            helpers,
            ptr,
            context,
            regs,
            blocks: BTreeMap::new(),
            slow: BTreeMap::new(),
            past_end: BTreeMap::new(),
            fault: None,
            pending: Vec::new(),
            regions,
        };
        t.reload_regs();
        let pcs = reachable(function, 0);
        for pc in &pcs {
            let block = t.b.create_block();
            t.blocks.insert(*pc, block);
        }
        let first = t.block_for(0);
        t.b.ins().jump(first, &[]);
        for pc in pcs {
            let (Some(block), Some(instr)) = (t.blocks.get(&pc).copied(), function.code.get(pc as usize).copied()) else {
                continue;
            };
            t.b.switch_to_block(block);
            t.translate_instr(pc, instr);
        }
        t.emit_pending();
        t.b.seal_all_blocks();
        t.b.finalize(target);
        Ok(())
    }

    // ------------------------------------------------------------ blocks and control

    /// The block of instruction `pc`, or one that faults as the VM does past the end.
    fn block_for(&mut self, pc: u32) -> Block {
        if let Some(block) = self.blocks.get(&pc) {
            return *block;
        }
        if let Some(block) = self.past_end.get(&pc) {
            return *block;
        }
        let block = self.b.create_block();
        self.past_end.insert(pc, block);
        self.pending.push(Pending::PastEnd { block, pc });
        block
    }

    /// The block that continues at `target` after the jump at `from` (spending a step when backward).
    fn edge(&mut self, from: u32, target: u32) -> Block {
        if target > from {
            return self.block_for(target);
        }
        let block = self.b.create_block();
        self.pending.push(Pending::Spend { block, from, target });
        block
    }

    /// The block that runs instruction `pc` with the VM (its slow path).
    fn slow_block(&mut self, pc: u32, target: Option<u32>) -> Block {
        if let Some(block) = self.slow.get(&pc) {
            return *block;
        }
        let block = self.b.create_block();
        self.slow.insert(pc, block);
        self.pending.push(Pending::Slow { block, pc, target });
        block
    }

    fn fault_block(&mut self) -> Block {
        match self.fault {
            Some(block) => block,
            None => {
                let block = self.b.create_block();
                self.fault = Some(block);
                block
            }
        }
    }

    /// Continues in a new block when `ok`, else takes instruction `pc`'s slow path.
    fn guard(&mut self, ok: Value, pc: u32, target: Option<u32>) {
        let fast = self.b.create_block();
        let slow = self.slow_block(pc, target);
        self.b.ins().brif(ok, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
    }

    fn next(&mut self, pc: u32) {
        let next = self.block_for(pc + 1);
        self.b.ins().jump(next, &[]);
    }

    fn reload_regs(&mut self) {
        let regs = self.context_load(self.ptr, offsets::REGS);
        self.b.def_var(self.regs, regs);
    }

    /// Calls the VM on instruction `pc`; returns its `STEP_*` status.
    fn call_step(&mut self, pc: u32) -> Value {
        let pc_value = self.b.ins().iconst(types::I32, i64::from(pc));
        let call = self.b.ins().call(self.helpers.step, &[self.context, pc_value]);
        let status = self.b.inst_results(call).first().copied();
        self.reload_regs();
        status.unwrap_or_else(|| self.b.ins().iconst(types::I32, i64::from(STEP_FAULT_STATUS)))
    }

    fn emit_pending(&mut self) {
        while let Some(p) = self.pending.pop() {
            match p {
                Pending::Slow { block, pc, target } => {
                    self.b.switch_to_block(block);
                    self.emit_slow(pc, target);
                }
                Pending::Spend { block, from, target } => {
                    self.b.switch_to_block(block);
                    self.emit_spend(from, target);
                }
                Pending::PastEnd { block, pc } => {
                    self.b.switch_to_block(block);
                    self.call_step(pc);
                    let fault = self.fault_block();
                    self.b.ins().jump(fault, &[]);
                }
            }
        }
        if let Some(fault) = self.fault {
            self.b.switch_to_block(fault);
            let status = self.b.ins().iconst(types::I32, i64::from(STATUS_FAULT));
            self.b.ins().return_(&[status]);
        }
    }

    /// The VM runs instruction `pc`; the code goes where the VM says.
    fn emit_slow(&mut self, pc: u32, target: Option<u32>) {
        let status = self.call_step(pc);
        let next = self.block_for(pc + 1);
        let other = self.b.create_block();
        let is_next = self.b.ins().icmp_imm_s(IntCC::Equal, status, i64::from(STEP_NEXT));
        self.b.ins().brif(is_next, next, &[], other, &[]);
        self.b.switch_to_block(other);
        if let Some(target) = target {
            let jumped = self.edge(pc, target);
            let not_jumped = self.b.create_block();
            let is_jump = self.b.ins().icmp_imm_s(IntCC::Equal, status, i64::from(STEP_JUMPED));
            self.b.ins().brif(is_jump, jumped, &[], not_jumped, &[]);
            self.b.switch_to_block(not_jumped);
        }
        let returned = self.b.create_block();
        let fault = self.fault_block();
        let is_return = self.b.ins().icmp_imm_s(IntCC::Equal, status, i64::from(STEP_RETURNED));
        self.b.ins().brif(is_return, returned, &[], fault, &[]);
        self.b.switch_to_block(returned);
        let ok = self.b.ins().iconst(types::I32, i64::from(STATUS_OK));
        self.b.ins().return_(&[ok]);
    }

    /// One step of the budget, then `target`; out of steps, the VM's budget fault.
    fn emit_spend(&mut self, from: u32, target: u32) {
        let steps = self.context_load(types::I64, offsets::STEPS_LEFT);
        let spend = self.b.create_block();
        let out = self.b.create_block();
        self.b.ins().brif(steps, spend, &[], out, &[]);
        self.b.switch_to_block(spend);
        let left = self.b.ins().iadd_imm_s(steps, -1);
        self.context_store(left, offsets::STEPS_LEFT);
        let to = self.block_for(target);
        self.b.ins().jump(to, &[]);
        self.b.switch_to_block(out);
        let pc = self.b.ins().iconst(types::I32, i64::from(from));
        self.b.ins().call(self.helpers.out_of_steps, &[self.context, pc]);
        let fault = self.fault_block();
        self.b.ins().jump(fault, &[]);
    }

    // ------------------------------------------------------------ registers

    /// Whether every register exists (else the VM's slow path reports it).
    fn exist(&self, regs: &[Reg]) -> bool {
        regs.iter().all(|r| *r < self.function.registers)
    }

    fn offset(r: Reg, field: i32) -> i32 {
        (r as i32).wrapping_mul(layout::SIZE as i32).wrapping_add(field)
    }

    /// Flags of an access to a register.
    fn in_register(&self) -> MemFlagsData {
        trusted().with_alias_region(Some(self.regions.registers))
    }

    /// Flags of an access to an arena or pool slot.
    fn in_pools(&self) -> MemFlagsData {
        trusted().with_alias_region(Some(self.regions.pools))
    }

    /// Loads the context field at `offset`.
    fn context_load(&mut self, ty: Type, offset: i32) -> Value {
        let flags = trusted().with_alias_region(Some(self.regions.context));
        self.b.ins().load(ty, flags, self.context, offset)
    }

    /// Stores into the context field at `offset`.
    fn context_store(&mut self, value: Value, offset: i32) {
        let flags = trusted().with_alias_region(Some(self.regions.context));
        self.b.ins().store(flags, value, self.context, offset);
    }

    fn load(&mut self, ty: Type, r: Reg, field: i32) -> Value {
        let regs = self.b.use_var(self.regs);
        let flags = self.in_register();
        self.b.ins().load(ty, flags, regs, Self::offset(r, field))
    }

    fn store(&mut self, value: Value, r: Reg, field: i32) {
        let regs = self.b.use_var(self.regs);
        let flags = self.in_register();
        self.b.ins().store(flags, value, regs, Self::offset(r, field));
    }

    /// Whether register `r` holds a value of the kind `tag` stands for. Known true without a
    /// look when the verified register type says so (a register of a non-optional kind holds
    /// that kind whenever it is read: `Engine::new_on` verifies the program before it is compiled).
    fn tag_is(&mut self, r: Reg, tag: i64) -> Value {
        let kind = match tag {
            layout::BOOL_TAG => Some(RegKind::Bool),
            layout::INT => Some(RegKind::Int),
            layout::FLOAT => Some(RegKind::Float),
            layout::MONEY => Some(RegKind::Money),
            layout::LIST => Some(RegKind::List),
            layout::ROW => Some(RegKind::Row),
            _ => None,
        };
        if kind.is_some_and(|k| self.function.types.get(r as usize) == Some(&RegType::plain(k))) {
            return self.b.ins().iconst(types::I8, 1);
        }
        let t = self.load(types::I8, r, layout::TAG);
        self.b.ins().icmp_imm_s(IntCC::Equal, t, tag)
    }

    fn tags_are(&mut self, regs: &[Reg], tag: i64) -> Value {
        let mut all = self.b.ins().iconst(types::I8, 1);
        for r in regs {
            let is = self.tag_is(*r, tag);
            all = self.b.ins().band(all, is);
        }
        all
    }

    fn set_tag(&mut self, r: Reg, tag: i64) {
        let t = self.b.ins().iconst(types::I8, tag);
        self.store(t, r, layout::TAG);
    }

    fn set_word(&mut self, r: Reg, tag: i64, word: Value) {
        self.set_tag(r, tag);
        self.store(word, r, layout::WORD);
    }

    fn set_bool(&mut self, r: Reg, b: Value) {
        self.set_tag(r, layout::BOOL_TAG);
        self.store(b, r, layout::BOOL);
    }

    /// Copies the 16 bytes of the pool slot at `from` into register `dst`.
    fn copy_to(&mut self, dst: Reg, from: Value) {
        let flags = self.in_pools();
        let lo = self.b.ins().load(types::I64, flags, from, 0);
        let hi = self.b.ins().load(types::I64, flags, from, 8);
        self.store(lo, dst, 0);
        self.store(hi, dst, 8);
    }

    /// A Float's bits as an Int ordered as `f64::total_cmp` orders the floats.
    fn total_key(&mut self, r: Reg) -> Value {
        let x = self.load(types::I64, r, layout::WORD);
        let sign = self.b.ins().sshr_imm_u(x, 63);
        let mask = self.b.ins().ushr_imm_u(sign, 1);
        self.b.ins().bxor(x, mask)
    }

    /// Loads of operands that compare as Ints (Int kind, or Float by total order): (guard, a, b).
    fn ordered_pair(&mut self, kind: CmpKind, a: Reg, b: Reg) -> Option<(Value, Value, Value)> {
        match kind {
            CmpKind::Int => {
                let ok = self.tags_are(&[a, b], layout::INT);
                Some((ok, self.load(types::I64, a, layout::WORD), self.load(types::I64, b, layout::WORD)))
            }
            CmpKind::Float => {
                let ok = self.tags_are(&[a, b], layout::FLOAT);
                Some((ok, self.total_key(a), self.total_key(b)))
            }
            CmpKind::Money => {
                let tags = self.tags_are(&[a, b], layout::MONEY);
                let same = self.same_currency(a, b).0;
                let ok = self.b.ins().band(tags, same);
                Some((ok, self.load(types::I64, a, layout::WORD), self.load(types::I64, b, layout::WORD)))
            }
            CmpKind::Value => None,
        }
    }

    /// Whether two amounts' currencies agree (one may be the currency-less zero), and the common one.
    fn same_currency(&mut self, a: Reg, b: Reg) -> (Value, Value) {
        let ca = self.load(types::I32, a, layout::AT4);
        let cb = self.load(types::I32, b, layout::AT4);
        let a_none = self.b.ins().icmp_imm_s(IntCC::Equal, ca, 0);
        let b_none = self.b.ins().icmp_imm_s(IntCC::Equal, cb, 0);
        let equal = self.b.ins().icmp(IntCC::Equal, ca, cb);
        let either = self.b.ins().bor(a_none, b_none);
        let ok = self.b.ins().bor(either, equal);
        let currency = self.b.ins().select(a_none, cb, ca);
        (ok, currency)
    }

    fn int_cc(op: CmpOp) -> IntCC {
        match op {
            CmpOp::Eq => IntCC::Equal,
            CmpOp::Ne => IntCC::NotEqual,
            CmpOp::Lt => IntCC::SignedLessThan,
            CmpOp::Le => IntCC::SignedLessThanOrEqual,
            CmpOp::Gt => IntCC::SignedGreaterThan,
            CmpOp::Ge => IntCC::SignedGreaterThanOrEqual,
        }
    }

    /// `a op b` compared inline, after its guard; `None` for kinds left to the VM.
    fn compare(&mut self, pc: u32, op: CmpOp, kind: CmpKind, a: Reg, b: Reg, target: Option<u32>) -> Option<Value> {
        if kind == CmpKind::Value {
            return self.text_compare(pc, op, a, b, target);
        }
        let (ok, x, y) = self.ordered_pair(kind, a, b)?;
        self.guard(ok, pc, target);
        Some(self.b.ins().icmp(Self::int_cc(op), x, y))
    }

    /// `a == b` or `a != b` of two texts, by the text helper; other values go to the VM.
    fn text_compare(&mut self, pc: u32, op: CmpOp, a: Reg, b: Reg, target: Option<u32>) -> Option<Value> {
        let cc = match op {
            CmpOp::Eq => IntCC::NotEqual,
            CmpOp::Ne => IntCC::Equal,
            _ => return None,
        };
        let (ra, rb) = (self.b.ins().iconst(types::I32, i64::from(a)), self.b.ins().iconst(types::I32, i64::from(b)));
        let call = self.b.ins().call(self.helpers.text_equal, &[self.context, ra, rb]);
        let equal = self.b.inst_results(call).first().copied()?;
        let texts = self.b.ins().icmp_imm_u(IntCC::NotEqual, equal, i64::from(NOT_TEXT));
        self.guard(texts, pc, target);
        Some(self.b.ins().icmp_imm_u(cc, equal, 0))
    }

    // ------------------------------------------------------------ instructions

    fn translate_instr(&mut self, pc: u32, instr: Instr) {
        let handled = match instr {
            Instr::Jump { target } => {
                let to = self.edge(pc, target);
                self.b.ins().jump(to, &[]);
                true
            }
            Instr::Return => {
                let ok = self.b.ins().iconst(types::I32, i64::from(STATUS_OK));
                self.b.ins().return_(&[ok]);
                true
            }
            Instr::JumpIf { cond, target } | Instr::JumpIfNot { cond, target } if self.exist(&[cond]) => {
                let ok = self.tag_is(cond, layout::BOOL_TAG);
                self.guard(ok, pc, Some(target));
                let value = self.load(types::I8, cond, layout::BOOL);
                let (jump, next) = (self.edge(pc, target), self.block_for(pc + 1));
                if matches!(instr, Instr::JumpIf { .. }) {
                    self.b.ins().brif(value, jump, &[], next, &[]);
                } else {
                    self.b.ins().brif(value, next, &[], jump, &[]);
                }
                true
            }
            Instr::JumpUnless { op, kind, a, b, target } if self.exist(&[a, b]) => match self.compare(pc, op, kind, a, b, Some(target)) {
                Some(holds) => {
                    let (jump, next) = (self.edge(pc, target), self.block_for(pc + 1));
                    self.b.ins().brif(holds, next, &[], jump, &[]);
                    true
                }
                None => false,
            },
            Instr::JumpIfSome { src, target } if self.exist(&[src]) => {
                let none = self.tag_is(src, layout::NONE);
                let (jump, next) = (self.edge(pc, target), self.block_for(pc + 1));
                self.b.ins().brif(none, next, &[], jump, &[]);
                true
            }
            _ => self.translate_data(pc, instr),
        };
        if !handled {
            let target = match instr {
                Instr::Jump { target }
                | Instr::JumpIf { target, .. }
                | Instr::JumpIfNot { target, .. }
                | Instr::JumpUnless { target, .. }
                | Instr::JumpIfSome { target, .. } => Some(target),
                _ => None,
            };
            let slow = self.slow_block(pc, target);
            self.b.ins().jump(slow, &[]);
        }
    }

    /// Instructions that compute a value: inline when they are scalar, then on to `pc + 1`.
    /// Returns false for those left to the VM.
    fn translate_data(&mut self, pc: u32, instr: Instr) -> bool {
        let done = match instr {
            Instr::Move { dst, src } if self.exist(&[dst, src]) => {
                let lo = self.load(types::I64, src, 0);
                let hi = self.load(types::I64, src, 8);
                self.store(lo, dst, 0);
                self.store(hi, dst, 8);
                true
            }
            Instr::Input { dst, slot } if self.exist(&[dst]) => self.translate_slot(pc, dst, offsets::ARENA, offsets::ARENA_LEN, slot),
            Instr::Param { dst, param } if self.exist(&[dst]) => self.translate_slot(pc, dst, offsets::PARAMS, offsets::PARAMS_LEN, param),
            Instr::InputRow { dst, slot } if self.exist(&[dst]) => {
                self.set_tag(dst, layout::ROW);
                let pool = self.b.ins().iconst(types::I8, layout::POOL_SCRATCH);
                self.store(pool, dst, layout::AT4);
                let start = self.b.ins().iconst(types::I32, i64::from(slot));
                self.store(start, dst, layout::AT8);
                true
            }
            Instr::Field { dst, row, offset } if self.exist(&[dst, row]) => self.translate_field(pc, dst, row, offset),
            Instr::FieldRow { dst, row, offset } if self.exist(&[dst, row]) => self.translate_field_row(pc, dst, row, offset),
            Instr::Int { op, dst, a, b } if self.exist(&[dst, a, b]) => self.translate_int(pc, op, dst, a, b),
            Instr::Float { op, dst, a, b } if self.exist(&[dst, a, b]) => self.translate_float(pc, op, dst, a, b),
            Instr::Neg { dst, src } if self.exist(&[dst, src]) => self.translate_neg(pc, dst, src),
            Instr::IntToFloat { dst, src } if self.exist(&[dst, src]) => {
                let ok = self.tag_is(src, layout::INT);
                self.guard(ok, pc, None);
                let i = self.load(types::I64, src, layout::WORD);
                let f = self.b.ins().fcvt_from_sint(types::F64, i);
                self.set_word(dst, layout::FLOAT, f);
                true
            }
            Instr::CheckPositive { src, .. } if self.exist(&[src]) => {
                let int = self.tag_is(src, layout::INT);
                let n = self.load(types::I64, src, layout::WORD);
                let positive = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, n, 0);
                let ok = self.b.ins().band(int, positive);
                self.guard(ok, pc, None);
                true
            }
            Instr::MoneyAdd { dst, a, b, sub } if self.exist(&[dst, a, b]) => self.translate_money_add(pc, dst, a, b, sub),
            Instr::MoneyAmount { dst, src } if self.exist(&[dst, src]) => {
                let ok = self.tag_is(src, layout::MONEY);
                self.guard(ok, pc, None);
                let amount = self.load(types::I64, src, layout::WORD);
                let f = self.b.ins().fcvt_from_sint(types::F64, amount);
                let scale = self.b.ins().f64const(tenor_compiler::literal::MONEY_SCALE as f64);
                let v = self.b.ins().fdiv(f, scale);
                self.set_word(dst, layout::FLOAT, v);
                true
            }
            Instr::Cmp { op, kind, dst, a, b } if self.exist(&[dst, a, b]) => match self.compare(pc, op, kind, a, b, None) {
                Some(v) => {
                    self.set_bool(dst, v);
                    true
                }
                None => false,
            },
            Instr::Not { dst, src } if self.exist(&[dst, src]) => {
                let ok = self.tag_is(src, layout::BOOL_TAG);
                self.guard(ok, pc, None);
                let v = self.load(types::I8, src, layout::BOOL);
                let not = self.b.ins().bxor_imm_u(v, 1);
                self.set_bool(dst, not);
                true
            }
            Instr::IsNone { dst, src } if self.exist(&[dst, src]) => {
                let none = self.tag_is(src, layout::NONE);
                self.set_bool(dst, none);
                true
            }
            Instr::InRange { kind, dst, value, lo, hi, wrap } if self.exist(&[dst, value, lo, hi]) => {
                self.translate_in_range(pc, kind, dst, [value, lo, hi], wrap)
            }
            Instr::Elem { dst, list, index, stride, row } if self.exist(&[dst, list, index]) => {
                self.translate_element(pc, dst, [list, index], stride, row, false)
            }
            Instr::ListGet { dst, list, index, stride, row } if self.exist(&[dst, list, index]) => {
                self.translate_element(pc, dst, [list, index], stride, row, true)
            }
            Instr::Contains { dst, collection, item, stride } if self.exist(&[dst, collection, item]) => {
                self.translate_contains(pc, dst, collection, item, stride)
            }
            Instr::Len { dst, list } if self.exist(&[dst, list]) => {
                let ok = self.tag_is(list, layout::LIST);
                self.guard(ok, pc, None);
                let len = self.load(types::I32, list, layout::LIST_LEN);
                let len = self.b.ins().uextend(types::I64, len);
                self.set_word(dst, layout::INT, len);
                true
            }
            _ => false,
        };
        if done {
            self.next(pc);
        }
        done
    }
}

/// The status a missing call result stands for (never happens: the helper returns one value).
const STEP_FAULT_STATUS: u32 = super::abi::STEP_FAULT;
