//! Arithmetic: Int and Float operations, negation, Money addition and ranges, each with the
//! guards under which the VM would compute the same value (else it runs the instruction).

use super::super::abi::layout;
use super::Translator;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{types, InstBuilder};
use tenor_compiler::bytecode::{ArithOp, CmpKind, Reg};

impl Translator<'_, '_> {
    pub(super) fn translate_int(&mut self, pc: u32, op: ArithOp, dst: Reg, a: Reg, b: Reg) -> bool {
        let ok = self.tags_are(&[a, b], layout::INT);
        self.guard(ok, pc, None);
        let x = self.load(types::I64, a, layout::WORD);
        let y = self.load(types::I64, b, layout::WORD);
        let (value, overflow) = match op {
            ArithOp::Add => self.b.ins().sadd_overflow(x, y),
            ArithOp::Sub => self.b.ins().ssub_overflow(x, y),
            ArithOp::Mul => self.b.ins().smul_overflow(x, y),
            ArithOp::Div | ArithOp::Rem => {
                // The VM faults on a zero divisor and on MIN / -1; both go to its slow path.
                let zero = self.b.ins().icmp_imm_s(IntCC::Equal, y, 0);
                let min = self.b.ins().icmp_imm_s(IntCC::Equal, x, i64::MIN);
                let minus_one = self.b.ins().icmp_imm_s(IntCC::Equal, y, -1);
                let both = self.b.ins().band(min, minus_one);
                let bad = self.b.ins().bor(zero, both);
                let fine = self.b.ins().bxor_imm_u(bad, 1);
                self.guard(fine, pc, None);
                let value = if op == ArithOp::Div {
                    self.b.ins().sdiv(x, y)
                } else {
                    // `rem_euclid`: a negative remainder moves up by |b| (wrapping, as for b = MIN).
                    let r = self.b.ins().srem(x, y);
                    let abs = self.b.ins().iabs(y);
                    let up = self.b.ins().iadd(r, abs);
                    let negative = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, r, 0);
                    self.b.ins().select(negative, up, r)
                };
                self.set_word(dst, layout::INT, value);
                return true;
            }
        };
        let fine = self.b.ins().bxor_imm_u(overflow, 1);
        self.guard(fine, pc, None);
        self.set_word(dst, layout::INT, value);
        true
    }

    pub(super) fn translate_float(&mut self, pc: u32, op: ArithOp, dst: Reg, a: Reg, b: Reg) -> bool {
        if op == ArithOp::Rem {
            return false;
        }
        let mut ok = self.tags_are(&[a, b], layout::FLOAT);
        let x = self.load(types::F64, a, layout::WORD);
        let y = self.load(types::F64, b, layout::WORD);
        if op == ArithOp::Div {
            let zero = self.b.ins().f64const(0.0);
            let nonzero = self.b.ins().fcmp(FloatCC::NotEqual, y, zero);
            ok = self.b.ins().band(ok, nonzero);
        }
        self.guard(ok, pc, None);
        let value = match op {
            ArithOp::Add => self.b.ins().fadd(x, y),
            ArithOp::Sub => self.b.ins().fsub(x, y),
            ArithOp::Mul => self.b.ins().fmul(x, y),
            _ => self.b.ins().fdiv(x, y),
        };
        let abs = self.b.ins().fabs(value);
        let infinity = self.b.ins().f64const(f64::INFINITY);
        let finite = self.b.ins().fcmp(FloatCC::LessThan, abs, infinity);
        self.guard(finite, pc, None);
        self.set_word(dst, layout::FLOAT, value);
        true
    }

    pub(super) fn translate_neg(&mut self, pc: u32, dst: Reg, src: Reg) -> bool {
        let int = self.b.create_block();
        let not_int = self.b.create_block();
        let float = self.b.create_block();
        let is_int = self.tag_is(src, layout::INT);
        self.b.ins().brif(is_int, int, &[], not_int, &[]);
        self.b.switch_to_block(not_int);
        let is_float = self.tag_is(src, layout::FLOAT);
        let slow = self.slow_block(pc, None);
        self.b.ins().brif(is_float, float, &[], slow, &[]);
        self.b.switch_to_block(float);
        let f = self.load(types::F64, src, layout::WORD);
        let negated = self.b.ins().fneg(f);
        self.set_word(dst, layout::FLOAT, negated);
        self.next(pc);
        self.b.switch_to_block(int);
        let i = self.load(types::I64, src, layout::WORD);
        let min = self.b.ins().icmp_imm_s(IntCC::NotEqual, i, i64::MIN);
        self.guard(min, pc, None);
        let negated = self.b.ins().ineg(i);
        self.set_word(dst, layout::INT, negated);
        true
    }

    pub(super) fn translate_money_add(&mut self, pc: u32, dst: Reg, a: Reg, b: Reg, sub: bool) -> bool {
        let tags = self.tags_are(&[a, b], layout::MONEY);
        let (same, currency) = self.same_currency(a, b);
        let ok = self.b.ins().band(tags, same);
        self.guard(ok, pc, None);
        let x = self.load(types::I64, a, layout::WORD);
        let y = self.load(types::I64, b, layout::WORD);
        let (amount, overflow) = if sub { self.b.ins().ssub_overflow(x, y) } else { self.b.ins().sadd_overflow(x, y) };
        let fine = self.b.ins().bxor_imm_u(overflow, 1);
        self.guard(fine, pc, None);
        self.set_word(dst, layout::MONEY, amount);
        self.store(currency, dst, layout::AT4);
        true
    }

    pub(super) fn translate_in_range(&mut self, pc: u32, kind: CmpKind, dst: Reg, [value, lo, hi]: [Reg; 3], wrap: bool) -> bool {
        let (v, l, h, ok) = match kind {
            CmpKind::Int => {
                let ok = self.tags_are(&[value, lo, hi], layout::INT);
                let load = |t: &mut Self, r| t.load(types::I64, r, layout::WORD);
                (load(self, value), load(self, lo), load(self, hi), ok)
            }
            CmpKind::Float => {
                let ok = self.tags_are(&[value, lo, hi], layout::FLOAT);
                (self.total_key(value), self.total_key(lo), self.total_key(hi), ok)
            }
            CmpKind::Money | CmpKind::Value => return false,
        };
        self.guard(ok, pc, None);
        let below_hi = self.b.ins().icmp(IntCC::SignedLessThan, v, h);
        let from_lo = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, v, l);
        let both = self.b.ins().band(from_lo, below_hi);
        let result = if wrap {
            let wraps = self.b.ins().icmp(IntCC::SignedLessThan, h, l);
            let either = self.b.ins().bor(from_lo, below_hi);
            self.b.ins().select(wraps, either, both)
        } else {
            both
        };
        self.set_bool(dst, result);
        true
    }
}
