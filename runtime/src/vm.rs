//! The bytecode interpreter: the reference semantics of Tenor.

use crate::error::DecideError;
use crate::format;
use crate::load::{LoadedDecision, LoadedProgram};
use crate::natives;
use crate::scratch::Scratch;
use crate::value::{ListRef, Pool, RowRef, TextRef, Value};
use std::cmp::Ordering;
use tenor_compiler::bytecode::{CmpKind, CmpOp, DecisionCode, Function, Instr, Reg};
use tenor_compiler::semantics::{self as sem, Fault};
use tenor_compiler::span::Span;

/// Runs `function` until `Return`, on the registers and arena in `scratch`.
///
/// The registers must already hold the function's initial values (its preloaded constants and arguments).
pub fn run(loaded: &LoadedProgram, function: &Function, scratch: &mut Scratch) -> Result<(), DecideError> {
    Vm { loaded, function, scratch }.run(0)
}

/// Runs a decision's body on the input decoded into `scratch`, its code run by `run` (the VM's
/// [`run`], or native code), and reads its results into `scratch.outcome`.
/// `only`: see [`reset`].
pub(crate) fn body_with(
    code: &DecisionCode,
    function: &LoadedDecision,
    only: Option<&[Reg]>,
    scratch: &mut Scratch,
    run: impl FnOnce(&mut Scratch) -> Result<(), DecideError>,
) -> Result<(), DecideError> {
    reset(&mut scratch.regs, &function.body.initial, only);
    run(scratch)?;
    let Scratch { outcome, regs, .. } = scratch;
    outcome.read_registers(code, regs);
    Ok(())
}

/// Runs the message function of offer `offer` on the captures in `scratch.outcome`, in registers
/// of its own (the body's stay as they were), its code run by `run` (the VM's [`run`], or native
/// code); its text, if the offer has a message.
pub(crate) fn message_with(
    code: &DecisionCode,
    function: &LoadedDecision,
    (offer, only): (usize, Option<&[Reg]>),
    scratch: &mut Scratch,
    run: impl FnOnce(&Function, &mut Scratch) -> Result<(), DecideError>,
) -> Result<Option<TextRef>, DecideError> {
    let message = code.offers.as_ref().and_then(|o| o.offers.get(offer)).and_then(|o| o.message.as_ref());
    let (Some(message), Some(Some(initial))) = (message, function.messages.get(offer)) else {
        return Ok(None);
    };
    std::mem::swap(&mut scratch.regs, &mut scratch.message_regs);
    reset(&mut scratch.regs, &initial.initial, only);
    for (slot, value) in scratch.regs.iter_mut().zip(&scratch.outcome.captures) {
        *slot = *value;
    }
    let ran = run(&message.function, scratch);
    let text = match scratch.regs.get(message.result as usize) {
        Some(Value::Text(t)) => Some(*t),
        _ => None,
    };
    std::mem::swap(&mut scratch.regs, &mut scratch.message_regs);
    ran.map(|()| text)
}

/// Puts a function's initial registers (`initial`) in place: all of them, or with `only`, when
/// the register file already has the function's size, just those registers. `only` is for
/// code that never reads a register it has not written (what the verifier proves of every
/// function), so it lists the preloaded constants and the registers read after it returns
/// that it may leave unwritten (a suppression reason): the JIT's native code, which would
/// otherwise spend a third of a large decision copying registers.
fn reset(regs: &mut Vec<Value>, initial: &[Value], only: Option<&[Reg]>) {
    match only {
        Some(only) if regs.len() == initial.len() => {
            for r in only {
                if let (Some(slot), Some(value)) = (regs.get_mut(*r as usize), initial.get(*r as usize)) {
                    *slot = *value;
                }
            }
        }
        _ => {
            regs.clear();
            regs.extend_from_slice(initial);
        }
    }
}

/// Runs the one instruction at `pc` as [`run`] would, for a backend that runs the rest of the
/// code itself (the JIT reaches the VM here for every instruction it does not emit inline, and
/// for every fault, so both engines share one semantics). A backward jump is returned, not spent.
pub(crate) fn step_at(loaded: &LoadedProgram, function: &Function, scratch: &mut Scratch, pc: usize) -> Result<Flow, DecideError> {
    let mut vm = Vm { loaded, function, scratch };
    let Some(instr) = function.code.get(pc).copied() else {
        return Err(vm.fail(pc, internal("ran past the end of the code")));
    };
    vm.step(instr).map_err(|message| vm.fail(pc, message))
}

/// The fault of a decision whose budget ran out at the backward jump at `pc`.
pub(crate) fn out_of_steps(function: &Function, budget: u64, pc: usize) -> DecideError {
    let span = function.spans.get(pc).copied().unwrap_or(Span::default());
    DecideError::Runtime { fault: Fault::BudgetExceeded { budget, decision: None }, span }
}

struct Vm<'a> {
    loaded: &'a LoadedProgram,
    function: &'a Function,
    scratch: &'a mut Scratch,
}

/// A broken invariant of checked programs.
#[cold]
#[inline(never)]
pub(crate) fn internal(what: &str) -> Fault {
    Fault::Internal(what.to_owned())
}

/// A value of the wrong kind in a register: impossible for checked programs.
#[cold]
#[inline(never)]
fn wrong_kind(expected: &str, found: Value) -> Fault {
    internal(&format!("expected {expected}, found {found:?}"))
}

impl Vm<'_> {
    fn run(&mut self, mut pc: usize) -> Result<(), DecideError> {
        loop {
            let Some(instr) = self.function.code.get(pc).copied() else {
                return Err(self.fail(pc, internal("ran past the end of the code")));
            };
            match self.step(instr) {
                Ok(Flow::Next) => pc += 1,
                Ok(Flow::Jump(target)) => {
                    // A jump back is the next round of a loop (a list operation): it spends one step.
                    if target as usize <= pc {
                        self.spend_step().map_err(|fault| self.fail(pc, fault))?;
                    }
                    pc = target as usize;
                }
                Ok(Flow::Return) => return Ok(()),
                Err(message) => return Err(self.fail(pc, message)),
            }
        }
    }

    /// Spends one step of the decision's budget; a fault once none is left.
    #[inline(always)]
    fn spend_step(&mut self) -> Result<(), Fault> {
        match self.scratch.steps_left.checked_sub(1) {
            Some(left) => {
                self.scratch.steps_left = left;
                Ok(())
            }
            None => Err(Fault::BudgetExceeded { budget: self.scratch.step_budget, decision: None }),
        }
    }

    fn fail(&self, pc: usize, fault: Fault) -> DecideError {
        let span = self.function.spans.get(pc).copied().unwrap_or(Span::default());
        DecideError::Runtime { fault, span }
    }

    #[inline(always)]
    fn get(&self, r: u32) -> Result<Value, Fault> {
        self.scratch.regs.get(r as usize).copied().ok_or_else(|| internal("register out of range"))
    }

    #[inline(always)]
    fn set(&mut self, r: u32, v: Value) -> Result<(), Fault> {
        let slot = self.scratch.regs.get_mut(r as usize).ok_or_else(|| internal("register out of range"))?;
        *slot = v;
        Ok(())
    }

    #[inline(always)]
    fn int(&self, r: u32) -> Result<i64, Fault> {
        match self.get(r)? {
            Value::Int(i) => Ok(i),
            other => Err(wrong_kind("an integer", other)),
        }
    }

    #[inline(always)]
    fn float(&self, r: u32) -> Result<f64, Fault> {
        match self.get(r)? {
            Value::Float(f) => Ok(f),
            other => Err(wrong_kind("a float", other)),
        }
    }

    #[inline(always)]
    fn boolean(&self, r: u32) -> Result<bool, Fault> {
        match self.get(r)? {
            Value::Bool(b) => Ok(b),
            other => Err(wrong_kind("a bool", other)),
        }
    }

    #[inline(always)]
    fn money(&self, r: u32) -> Result<(i64, u32), Fault> {
        match self.get(r)? {
            Value::Money { amount, currency } => Ok((amount, currency)),
            other => Err(wrong_kind("an amount", other)),
        }
    }

    #[inline(always)]
    fn list(&self, r: u32) -> Result<ListRef, Fault> {
        match self.get(r)? {
            Value::List(l) => Ok(l),
            Value::None => Ok(ListRef { pool: Pool::Scratch, start: 0, len: 0 }),
            other => Err(wrong_kind("a list", other)),
        }
    }

    #[inline(always)]
    fn slot(&self, pool: Pool, index: usize) -> Result<Value, Fault> {
        let values = match pool {
            Pool::Program => &self.loaded.values,
            Pool::Scratch => &self.scratch.arena,
        };
        values.get(index).copied().ok_or_else(|| internal("slot out of range"))
    }

    #[inline(always)]
    fn step(&mut self, instr: Instr) -> Result<Flow, Fault> {
        match instr {
            Instr::Input { dst, slot } => {
                let v = self.slot(Pool::Scratch, slot as usize)?;
                self.set(dst, v)?;
            }
            Instr::InputRow { dst, slot } => self.set(dst, Value::Row(RowRef { pool: Pool::Scratch, start: slot }))?,
            Instr::Param { dst, param } => {
                let v = self.loaded.params.get(param as usize).copied().ok_or_else(|| internal("param out of range"))?;
                self.set(dst, v)?;
            }
            Instr::Field { dst, row, offset } => {
                let base = self.row(row)?;
                let v = self.slot(base.pool, base.start as usize + offset as usize)?;
                self.set(dst, v)?;
            }
            Instr::FieldRow { dst, row, offset } => {
                let base = self.row(row)?;
                self.set(dst, Value::Row(base.at(offset)))?;
            }
            Instr::Move { dst, src } => {
                let v = self.get(src)?;
                self.set(dst, v)?;
            }
            Instr::Int { op, dst, a, b } => {
                let v = sem::int_arith(op, self.int(a)?, self.int(b)?)?;
                self.set(dst, Value::Int(v))?;
            }
            Instr::Float { op, dst, a, b } => {
                let v = sem::float_arith(op, self.float(a)?, self.float(b)?)?;
                self.set(dst, Value::Float(v))?;
            }
            Instr::Neg { dst, src } => {
                let v = match self.get(src)? {
                    Value::Int(i) => Value::Int(sem::neg_int(i)?),
                    Value::Float(f) => Value::Float(sem::neg_float(f)),
                    Value::Money { amount, currency } => money(sem::neg_amount((amount, currency))?),
                    other => return Err(internal(&format!("cannot negate {other:?}"))),
                };
                self.set(dst, v)?;
            }
            Instr::CheckPositive { src, duration } => {
                sem::check_positive(self.int(src)?, duration)?;
            }
            Instr::IntToFloat { dst, src } => {
                let v = sem::int_to_float(self.int(src)?);
                self.set(dst, Value::Float(v))?;
            }
            Instr::MoneyAdd { dst, a, b, sub } => {
                let v = sem::money_add(self.money(a)?, self.money(b)?, sub)?;
                self.set(dst, money(v))?;
            }
            Instr::MoneyScale { dst, money: m, factor, divide } => {
                let v = sem::money_scale(self.money(m)?, self.float(factor)?, divide)?;
                self.set(dst, money(v))?;
            }
            Instr::MoneyRatio { dst, a, b } => {
                let v = sem::money_ratio(self.money(a)?, self.money(b)?)?;
                self.set(dst, Value::Float(v))?;
            }
            Instr::MoneyAmount { dst, src } => {
                let (amount, _) = self.money(src)?;
                self.set(dst, Value::Float(sem::money_amount(amount)))?;
            }
            Instr::DateShift { dst, date, duration, sub } => {
                let v = sem::shift_date(self.int(date)?, self.int(duration)?, sub)?;
                self.set(dst, Value::Int(v))?;
            }
            Instr::TimestampShift { dst, timestamp, duration, sub } => {
                let v = sem::shift_timestamp(self.int(timestamp)?, self.int(duration)?, sub)?;
                self.set(dst, Value::Int(v))?;
            }
            Instr::DateDiff { dst, a, b } => {
                let v = sem::date_diff(self.int(a)?, self.int(b)?)?;
                self.set(dst, Value::Int(v))?;
            }
            Instr::TimeShift { dst, time, duration, sub } => {
                let v = sem::shift_time(self.int(time)?, self.int(duration)?, sub);
                self.set(dst, Value::Int(v))?;
            }
            Instr::Cmp { op, kind, dst, a, b } => {
                let v = self.compare(op, kind, a, b)?;
                self.set(dst, Value::Bool(v))?;
            }
            Instr::Not { dst, src } => {
                let v = !self.boolean(src)?;
                self.set(dst, Value::Bool(v))?;
            }
            Instr::InRange { kind, dst, value, lo, hi, wrap } => {
                let hi_lo = if wrap { self.order(kind, hi, lo)? } else { Ordering::Equal };
                let v = sem::in_range(self.order(kind, value, lo)?, self.order(kind, value, hi)?, hi_lo, wrap);
                self.set(dst, Value::Bool(v))?;
            }
            Instr::Contains { dst, collection, item, stride } => {
                let list = self.list(collection)?;
                let needle = self.get(item)?;
                let mut found = false;
                for i in 0..list.len as usize {
                    let v = self.slot(list.pool, list.start as usize + i * stride as usize)?;
                    if self.equal(v, needle)? {
                        found = true;
                        break;
                    }
                }
                self.set(dst, Value::Bool(found))?;
            }
            Instr::MapGet { dst, map, key, stride, row } => {
                let list = self.list(map)?;
                let needle = self.get(key)?;
                let mut result = Value::None;
                for i in 0..list.len as usize {
                    let at = list.start as usize + i * stride as usize;
                    if self.equal(self.slot(list.pool, at)?, needle)? {
                        result =
                            if row { Value::Row(RowRef { pool: list.pool, start: at as u32 + 1 }) } else { self.slot(list.pool, at + 1)? };
                        break;
                    }
                }
                self.set(dst, result)?;
            }
            Instr::ListGet { dst, list, index, stride, row } => {
                let l = self.list(list)?;
                let i = self.int(index)?;
                let v = if i >= 0 && (i as u64) < u64::from(l.len) { self.element(l, i as usize, stride, row)? } else { Value::None };
                self.set(dst, v)?;
            }
            Instr::Len { dst, list } => {
                let l = self.list(list)?;
                self.set(dst, Value::Int(i64::from(l.len)))?;
            }
            Instr::Elem { dst, list, index, stride, row } => {
                let l = self.list(list)?;
                let i = self.int(index)?;
                let v = self.element(l, usize::try_from(i).map_err(|_| internal("negative index"))?, stride, row)?;
                self.set(dst, v)?;
            }
            Instr::Take { dst, list, count } => {
                let l = self.list(list)?;
                let kept = sem::take_count(self.int(count)?, l.len)?;
                self.set(dst, Value::List(ListRef { len: kept, ..l }))?;
            }
            Instr::Sort { dst, list, keys, kind, stride, descending } => {
                let sorted = self.sort(list, keys, kind, stride, descending)?;
                self.set(dst, Value::List(sorted))?;
            }
            Instr::BuildStart => self.scratch.marks.push(self.scratch.stack.len()),
            Instr::BuildPush { src, width } => match self.get(src)? {
                Value::Row(base) => {
                    let from = base.start as usize;
                    let Scratch { arena, stack, .. } = &mut *self.scratch;
                    let pool = match base.pool {
                        Pool::Program => &self.loaded.values,
                        Pool::Scratch => arena,
                    };
                    let slots = pool.get(from..from + width as usize).ok_or_else(|| internal("row out of range"))?;
                    stack.extend_from_slice(slots);
                }
                v => self.scratch.stack.push(v),
            },
            Instr::BuildEnd { dst, stride } => {
                let mark = self.scratch.marks.pop().ok_or_else(|| internal("unbalanced list building"))?;
                let list = self.scratch.stack_to_list(mark, stride).ok_or(Fault::ListTooLarge)?;
                self.set(dst, Value::List(list))?;
            }
            Instr::Template { dst, template } => {
                let pieces = self.loaded.program.templates.get(template as usize).ok_or_else(|| internal("template out of range"))?;
                let start = self.scratch.text.len();
                for piece in pieces {
                    match piece {
                        tenor_compiler::bytecode::Piece::Text(t) => self.scratch.text.push_str(t),
                        tenor_compiler::bytecode::Piece::Value(r, ty) => {
                            let v = self.get(*r)?;
                            format::append(self.loaded, self.scratch, v, ty);
                        }
                    }
                }
                let text =
                    crate::value::TextRef { pool: Pool::Scratch, start: start as u32, len: (self.scratch.text.len() - start) as u32 };
                self.set(dst, Value::Text(text))?;
            }
            Instr::Bucket { dst, unit, experiment } => {
                let arm = self.bucket(unit, experiment)?;
                self.set(dst, Value::Int(arm))?;
            }
            Instr::CallNative { dst, native, first, count } => {
                let mut args = [Value::None; 4];
                for (i, slot) in args.iter_mut().enumerate().take(count as usize) {
                    *slot = self.get(first + i as u32)?;
                }
                let v = natives::call(self.loaded, self.scratch, native, &args)?;
                self.set(dst, v)?;
            }
            Instr::Jump { target } => return Ok(Flow::Jump(target)),
            Instr::JumpIf { cond, target } => {
                if self.boolean(cond)? {
                    return Ok(Flow::Jump(target));
                }
            }
            Instr::JumpIfNot { cond, target } => {
                if !self.boolean(cond)? {
                    return Ok(Flow::Jump(target));
                }
            }
            Instr::JumpUnless { op, kind, a, b, target } => {
                if !self.compare(op, kind, a, b)? {
                    return Ok(Flow::Jump(target));
                }
            }
            Instr::JumpIfSome { src, target } => {
                if self.get(src)? != Value::None {
                    return Ok(Flow::Jump(target));
                }
            }
            Instr::IsNone { dst, src } => {
                let v = self.get(src)? == Value::None;
                self.set(dst, Value::Bool(v))?;
            }
            Instr::Return => return Ok(Flow::Return),
        }
        Ok(Flow::Next)
    }

    /// The arm of an experiment for a unit id: `xxh3_64(id, seed = xxh3_64(name)) mod 10000`
    /// picks a bucket, and arms own consecutive runs of buckets sized by their weights.
    fn bucket(&self, unit: u32, experiment: u32) -> Result<i64, Fault> {
        let info = self.loaded.program.experiments.get(experiment as usize).ok_or_else(|| internal("experiment out of range"))?;
        if let Some((_, arm)) = self.scratch.pins.iter().find(|(name, _)| *name == info.name) {
            return Ok(*arm);
        }
        let seed = self.loaded.experiment_seeds.get(experiment as usize).copied().unwrap_or(0);
        let mut digits = itoa::Buffer::new();
        let id: &[u8] = match self.get(unit)? {
            Value::Text(t) => format::text(self.loaded, self.scratch, t).as_bytes(),
            Value::Int(i) => digits.format(i).as_bytes(),
            other => return Err(wrong_kind("an id", other)),
        };
        Ok(arm_of(&info.weights, seed, id) as i64)
    }

    /// The elements of `list` ordered by the matching elements of `keys`: a stable sort, so
    /// elements with equal keys keep their order in the list, ascending or descending.
    fn sort(&mut self, list: u32, keys: u32, kind: CmpKind, stride: u32, descending: bool) -> Result<ListRef, Fault> {
        let (l, k) = (self.list(list)?, self.list(keys)?);
        for _ in 0..l.len {
            self.spend_step()?;
        }
        let mut order = std::mem::take(&mut self.scratch.order);
        order.clear();
        order.extend(0..l.len.min(k.len));
        let mut fault = None;
        order.sort_by(|a, b| {
            let (x, y) = (self.slot(k.pool, (k.start + a) as usize), self.slot(k.pool, (k.start + b) as usize));
            let ordering = match (x, y) {
                (Ok(x), Ok(y)) => order_values(kind, x, y),
                (Err(e), _) | (_, Err(e)) => Err(e),
            };
            let ordering = ordering.unwrap_or_else(|e| {
                fault.get_or_insert(e);
                Ordering::Equal
            });
            if descending {
                ordering.reverse()
            } else {
                ordering
            }
        });
        let result = match fault {
            Some(e) => Err(e),
            None => self.gather(l, &order, stride),
        };
        self.scratch.order = order;
        result
    }

    /// A new list of the elements of `list` at `order`, `stride` slots each.
    fn gather(&mut self, list: ListRef, order: &[u32], stride: u32) -> Result<ListRef, Fault> {
        let mark = self.scratch.stack.len();
        for i in order {
            let at = list.start as usize + *i as usize * stride as usize;
            for s in 0..stride as usize {
                let v = self.slot(list.pool, at + s)?;
                self.scratch.stack.push(v);
            }
        }
        self.scratch.stack_to_list(mark, stride).ok_or(Fault::ListTooLarge)
    }

    #[inline(always)]
    fn row(&self, r: u32) -> Result<RowRef, Fault> {
        match self.get(r)? {
            Value::Row(base) => Ok(base),
            other => Err(wrong_kind("a record", other)),
        }
    }

    #[inline(always)]
    fn element(&self, list: ListRef, index: usize, stride: u32, row: bool) -> Result<Value, Fault> {
        let at = list.start as usize + index * stride as usize;
        if row {
            return Ok(Value::Row(RowRef { pool: list.pool, start: at as u32 }));
        }
        self.slot(list.pool, at)
    }

    #[inline(always)]
    fn order(&self, kind: CmpKind, a: u32, b: u32) -> Result<Ordering, Fault> {
        Ok(match kind {
            CmpKind::Int => self.int(a)?.cmp(&self.int(b)?),
            CmpKind::Float => sem::order_float(self.float(a)?, self.float(b)?),
            CmpKind::Money => sem::order_money("compare", self.money(a)?, self.money(b)?)?,
            CmpKind::Value => return Err(internal("ordering of unordered values")),
        })
    }

    #[inline(always)]
    fn compare(&self, op: CmpOp, kind: CmpKind, a: u32, b: u32) -> Result<bool, Fault> {
        if kind == CmpKind::Value {
            let equal = self.equal(self.get(a)?, self.get(b)?)?;
            return match op {
                CmpOp::Eq => Ok(equal),
                CmpOp::Ne => Ok(!equal),
                _ => Err(internal("ordering of unordered values")),
            };
        }
        Ok(sem::holds(op, self.order(kind, a, b)?))
    }

    /// Structural equality: text by content, lists element by element.
    fn equal(&self, a: Value, b: Value) -> Result<bool, Fault> {
        Ok(match (a, b) {
            (Value::Text(x), Value::Text(y)) => format::text(self.loaded, self.scratch, x) == format::text(self.loaded, self.scratch, y),
            (Value::List(x), Value::List(y)) => {
                if x.len != y.len {
                    return Ok(false);
                }
                for i in 0..x.len as usize {
                    let (ex, ey) = (self.slot(x.pool, x.start as usize + i)?, self.slot(y.pool, y.start as usize + i)?);
                    if !self.equal(ex, ey)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Value::Money { amount: x, currency: cx }, Value::Money { amount: y, currency: cy }) => {
                sem::order_money("compare", (x, cx), (y, cy))? == Ordering::Equal
            }
            (x, y) => x == y,
        })
    }
}

/// Where the code goes after an instruction.
pub(crate) enum Flow {
    /// To the next instruction.
    Next,
    /// To this instruction.
    Jump(u32),
    /// Out: the function returned.
    Return,
}

/// How two sort keys compare.
fn order_values(kind: CmpKind, a: Value, b: Value) -> Result<Ordering, Fault> {
    match (kind, a, b) {
        (CmpKind::Int, Value::Int(x), Value::Int(y)) => Ok(x.cmp(&y)),
        (CmpKind::Float, Value::Float(x), Value::Float(y)) => Ok(sem::order_float(x, y)),
        (CmpKind::Money, Value::Money { amount: x, currency: cx }, Value::Money { amount: y, currency: cy }) => {
            sem::order_money("order", (x, cx), (y, cy))
        }
        (_, x, _) => Err(wrong_kind("a sort key", x)),
    }
}

/// An amount as a value.
fn money((amount, currency): sem::Amount) -> Value {
    Value::Money { amount, currency }
}

/// The arm of a unit id: `xxh3_64(id, seed) mod 10000` picks a bucket, and arms (weights in
/// basis points) own consecutive runs of buckets, in order.
pub(crate) fn arm_of(weights: &[u32], seed: u64, id: &[u8]) -> usize {
    let bucket = (xxhash_rust::xxh3::xxh3_64_with_seed(id, seed) % 10_000) as u32;
    let mut upper = 0u32;
    for (arm, weight) in weights.iter().enumerate() {
        upper = upper.saturating_add(*weight);
        if bucket < upper {
            return arm;
        }
    }
    weights.len().saturating_sub(1)
}
