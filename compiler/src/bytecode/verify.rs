//! The bytecode verifier: what a backend may assume of a function before it runs or compiles it.
//!
//! Checked on every load ([`Function::verify`]): one span per instruction; every register an
//! instruction names exists; every register is written before it is read on every path (a
//! forward must-be-written dataflow over the jump graph, preloaded constants and arguments
//! counting as written); each operand's [`RegType`] fits its instruction; every jump lands on an
//! instruction; templates exist.

use super::{CmpKind, Function, Instr, Piece, Program, Reg, RegKind};

/// Why a function failed verification, and at which instruction.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("at instruction {pc}: {message}")]
pub struct VerifyError {
    /// The instruction (index into [`Function::code`]); the code's length for function-wide problems.
    pub pc: usize,
    /// What is wrong.
    pub message: String,
}

/// The registers an instruction reads, each with the kind it needs (`None`: any kind).
type Reads = Vec<(Reg, Option<RegKind>)>;

/// What an instruction reads and what it writes (with the kind it writes, `None` for any).
struct Operands {
    reads: Reads,
    write: Option<(Reg, Option<RegKind>)>,
}

/// The kind operands of a comparison of `kind` need.
fn compared(kind: CmpKind) -> Option<RegKind> {
    match kind {
        CmpKind::Int => Some(RegKind::Int),
        CmpKind::Float => Some(RegKind::Float),
        CmpKind::Money => Some(RegKind::Money),
        CmpKind::Value => None,
    }
}

/// The operands of `instr`; template pieces come from `program`.
fn operands(instr: &Instr, program: &Program) -> Result<Operands, String> {
    let k = Some;
    let (reads, write): (Reads, _) = match *instr {
        Instr::Input { dst, .. } | Instr::Param { dst, .. } => (vec![], Some((dst, None))),
        Instr::InputRow { dst, .. } => (vec![], Some((dst, k(RegKind::Row)))),
        Instr::Field { dst, row, .. } => (vec![(row, k(RegKind::Row))], Some((dst, None))),
        Instr::FieldRow { dst, row, .. } => (vec![(row, k(RegKind::Row))], Some((dst, k(RegKind::Row)))),
        Instr::Move { dst, src } => (vec![(src, None)], Some((dst, None))),
        Instr::Int { dst, a, b, .. } => (vec![(a, k(RegKind::Int)), (b, k(RegKind::Int))], Some((dst, k(RegKind::Int)))),
        Instr::Float { dst, a, b, .. } => (vec![(a, k(RegKind::Float)), (b, k(RegKind::Float))], Some((dst, k(RegKind::Float)))),
        Instr::Neg { dst, src } => (vec![(src, None)], Some((dst, None))),
        Instr::IntToFloat { dst, src } => (vec![(src, k(RegKind::Int))], Some((dst, k(RegKind::Float)))),
        Instr::CheckPositive { src, .. } => (vec![(src, k(RegKind::Int))], None),
        Instr::MoneyAdd { dst, a, b, .. } => (vec![(a, k(RegKind::Money)), (b, k(RegKind::Money))], Some((dst, k(RegKind::Money)))),
        Instr::MoneyScale { dst, money, factor, .. } => {
            (vec![(money, k(RegKind::Money)), (factor, k(RegKind::Float))], Some((dst, k(RegKind::Money))))
        }
        Instr::MoneyRatio { dst, a, b } => (vec![(a, k(RegKind::Money)), (b, k(RegKind::Money))], Some((dst, k(RegKind::Float)))),
        Instr::MoneyAmount { dst, src } => (vec![(src, k(RegKind::Money))], Some((dst, k(RegKind::Float)))),
        Instr::DateShift { dst, date: a, duration: b, .. }
        | Instr::TimestampShift { dst, timestamp: a, duration: b, .. }
        | Instr::TimeShift { dst, time: a, duration: b, .. }
        | Instr::DateDiff { dst, a, b } => (vec![(a, k(RegKind::Int)), (b, k(RegKind::Int))], Some((dst, k(RegKind::Int)))),
        Instr::Cmp { kind, dst, a, b, .. } => (vec![(a, compared(kind)), (b, compared(kind))], Some((dst, k(RegKind::Bool)))),
        Instr::Not { dst, src } => (vec![(src, k(RegKind::Bool))], Some((dst, k(RegKind::Bool)))),
        Instr::InRange { kind, dst, value, lo, hi, .. } => {
            (vec![(value, compared(kind)), (lo, compared(kind)), (hi, compared(kind))], Some((dst, k(RegKind::Bool))))
        }
        Instr::Contains { dst, collection, item, .. } => {
            (vec![(collection, k(RegKind::List)), (item, None)], Some((dst, k(RegKind::Bool))))
        }
        Instr::MapGet { dst, map, key, .. } => (vec![(map, k(RegKind::List)), (key, None)], Some((dst, None))),
        Instr::ListGet { dst, list, index, .. } | Instr::Elem { dst, list, index, .. } => {
            (vec![(list, k(RegKind::List)), (index, k(RegKind::Int))], Some((dst, None)))
        }
        Instr::Len { dst, list } => (vec![(list, k(RegKind::List))], Some((dst, k(RegKind::Int)))),
        Instr::Take { dst, list, count } => (vec![(list, k(RegKind::List)), (count, k(RegKind::Int))], Some((dst, k(RegKind::List)))),
        Instr::Sort { dst, list, keys, .. } => (vec![(list, k(RegKind::List)), (keys, k(RegKind::List))], Some((dst, k(RegKind::List)))),
        Instr::BuildStart | Instr::Jump { .. } | Instr::Return => (vec![], None),
        Instr::BuildPush { src, width } => (vec![(src, if width > 1 { k(RegKind::Row) } else { None })], None),
        Instr::BuildEnd { dst, .. } => (vec![], Some((dst, k(RegKind::List)))),
        Instr::Template { dst, template } => {
            let pieces = program.templates.get(template as usize).ok_or_else(|| format!("template {template} does not exist"))?;
            let reads = pieces
                .iter()
                .filter_map(|p| match p {
                    Piece::Value(r, _) => Some((*r, None)),
                    Piece::Text(_) => None,
                })
                .collect();
            (reads, Some((dst, k(RegKind::Text))))
        }
        Instr::Bucket { dst, unit, .. } => (vec![(unit, None)], Some((dst, k(RegKind::Int)))),
        Instr::CallNative { dst, first, count, .. } => ((0..count).map(|i| (first.saturating_add(i), None)).collect(), Some((dst, None))),
        Instr::JumpIf { cond, .. } | Instr::JumpIfNot { cond, .. } => (vec![(cond, k(RegKind::Bool))], None),
        Instr::JumpUnless { kind, a, b, .. } => (vec![(a, compared(kind)), (b, compared(kind))], None),
        Instr::JumpIfSome { src, .. } => (vec![(src, None)], None),
        Instr::IsNone { dst, src } => (vec![(src, None)], Some((dst, k(RegKind::Bool)))),
    };
    Ok(Operands { reads, write })
}

/// The instructions control may go to after `instr` at `pc`.
fn successors(instr: &Instr, pc: usize) -> (Option<usize>, Option<usize>) {
    match *instr {
        Instr::Return => (None, None),
        Instr::Jump { target } => (Some(target as usize), None),
        Instr::JumpIf { target, .. }
        | Instr::JumpIfNot { target, .. }
        | Instr::JumpUnless { target, .. }
        | Instr::JumpIfSome { target, .. } => (Some(pc + 1), Some(target as usize)),
        _ => (Some(pc + 1), None),
    }
}

/// A set of registers, one bit each.
#[derive(Clone, PartialEq)]
struct Regs(Vec<u64>);

impl Regs {
    fn empty(n: usize) -> Regs {
        Regs(vec![0; n.div_ceil(64)])
    }

    fn insert(&mut self, r: Reg) {
        if let Some(word) = self.0.get_mut(r as usize / 64) {
            *word |= 1 << (r % 64);
        }
    }

    fn contains(&self, r: Reg) -> bool {
        self.0.get(r as usize / 64).is_some_and(|w| w & (1 << (r % 64)) != 0)
    }

    /// Keeps only what `other` holds too; whether anything changed.
    fn meet(&mut self, other: &Regs) -> bool {
        let mut changed = false;
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            let met = *a & *b;
            changed |= met != *a;
            *a = met;
        }
        changed
    }
}

impl Function {
    /// Verifies the function against the program it belongs to (see the module docs for the rules).
    pub fn verify(&self, program: &Program) -> Result<(), VerifyError> {
        let whole = |message: String| VerifyError { pc: self.code.len(), message };
        if self.spans.len() != self.code.len() {
            return Err(whole(format!("{} instructions but {} spans: every instruction needs a span", self.code.len(), self.spans.len())));
        }
        if self.types.len() != self.registers as usize {
            return Err(whole(format!("{} registers but {} register types", self.registers, self.types.len())));
        }
        if self.arguments > self.registers {
            return Err(whole(format!("{} arguments but only {} registers", self.arguments, self.registers)));
        }
        if let Some(bad) = self.preload.iter().find(|(r, k)| *r >= self.registers || *k as usize >= self.consts.len()) {
            return Err(whole(format!("preload {bad:?} is out of range")));
        }
        let all: Vec<Operands> =
            self.code.iter().enumerate().map(|(pc, instr)| self.check_instr(pc, instr, program)).collect::<Result<_, _>>()?;
        self.check_written_before_read(&all)
    }

    /// Registers exist, operand and result types fit, jumps land on instructions.
    fn check_instr(&self, pc: usize, instr: &Instr, program: &Program) -> Result<Operands, VerifyError> {
        let fail = |message: String| VerifyError { pc, message };
        let ops = operands(instr, program).map_err(fail)?;
        let target = match *instr {
            Instr::Jump { target }
            | Instr::JumpIf { target, .. }
            | Instr::JumpIfNot { target, .. }
            | Instr::JumpUnless { target, .. }
            | Instr::JumpIfSome { target, .. } => Some(target as usize),
            _ => None,
        };
        if let Some(t) = target.filter(|t| *t >= self.code.len()) {
            return Err(fail(format!("{instr:?} jumps to {t}, outside the code")));
        }
        if !matches!(instr, Instr::Jump { .. } | Instr::Return) && pc + 1 >= self.code.len() {
            return Err(fail(format!("{instr:?} runs past the end of the code")));
        }
        let fits = |r: Reg, want: Option<RegKind>, what: &str| -> Result<RegKind, VerifyError> {
            let have = self.types.get(r as usize).ok_or_else(|| fail(format!("{instr:?} {what} r{r}, which does not exist")))?.kind;
            match want {
                Some(want) if have != want && have != RegKind::None => {
                    Err(fail(format!("{instr:?} {what} r{r} as {want:?}, but it holds {have:?}")))
                }
                _ => Ok(have),
            }
        };
        let read_kinds: Vec<RegKind> = ops.reads.iter().map(|(r, want)| fits(*r, *want, "reads")).collect::<Result<_, _>>()?;
        if let Some((dst, want)) = ops.write {
            let have = fits(dst, want, "writes")?;
            let copied = match instr {
                Instr::Move { .. } | Instr::Neg { .. } => read_kinds.first().copied(),
                _ => None,
            };
            if let Some(src) = copied.filter(|s| *s != have && *s != RegKind::None && have != RegKind::None) {
                return Err(fail(format!("{instr:?} writes {src:?} into r{dst}, which holds {have:?}")));
            }
        }
        if let (Instr::Neg { .. }, Some(k)) = (instr, read_kinds.first()) {
            if !matches!(k, RegKind::Int | RegKind::Float | RegKind::Money) {
                return Err(fail(format!("{instr:?} negates {k:?}")));
            }
        }
        Ok(ops)
    }

    /// The forward must-be-written dataflow: at each instruction, the registers written on every
    /// path from the entry; each read must be among them.
    fn check_written_before_read(&self, all: &[Operands]) -> Result<(), VerifyError> {
        let n = self.registers as usize;
        let mut entry = Regs::empty(n);
        (0..self.arguments).for_each(|r| entry.insert(r));
        self.preload.iter().for_each(|(r, _)| entry.insert(*r));
        let mut state: Vec<Option<Regs>> = vec![None; self.code.len()];
        let mut work = vec![0usize];
        if let Some(first) = state.first_mut() {
            *first = Some(entry);
        }
        while let Some(pc) = work.pop() {
            let (Some(Some(before)), Some(ops), Some(instr)) = (state.get(pc), all.get(pc), self.code.get(pc)) else {
                continue;
            };
            let mut after = before.clone();
            if let Some((dst, _)) = ops.write {
                after.insert(dst);
            }
            let (a, b) = successors(instr, pc);
            for succ in [a, b].into_iter().flatten() {
                let Some(slot) = state.get_mut(succ) else { continue };
                let changed = match slot {
                    Some(known) => known.meet(&after),
                    None => {
                        *slot = Some(after.clone());
                        true
                    }
                };
                if changed {
                    work.push(succ);
                }
            }
        }
        for (pc, ((ops, before), instr)) in all.iter().zip(&state).zip(&self.code).enumerate() {
            let Some(before) = before else { continue };
            if let Some((r, _)) = ops.reads.iter().find(|(r, _)| !before.contains(*r)) {
                return Err(VerifyError { pc, message: format!("{instr:?} reads r{r} before it is written on some path") });
            }
        }
        Ok(())
    }
}

/// A function of a program that failed verification, named as a person finds it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{function} {error}")]
pub struct InvalidFunction {
    /// Which function: "decision `d`", "the explain-mode copy of decision `d`", "the message of
    /// offer `o` of decision `d`", "expectation 2 of test `t`".
    pub function: String,
    /// What is wrong, and where.
    pub error: VerifyError,
}

impl Program {
    /// Verifies every function of the program: each decision and its explain-mode copy, their
    /// offers' message functions, and every test expectation.
    pub fn verify(&self) -> Result<(), InvalidFunction> {
        let named = |function: String, f: &Function| f.verify(self).map_err(|error| InvalidFunction { function, error });
        for (copy, decisions) in [("", &self.decisions), ("the explain-mode copy of ", &self.explained)] {
            for d in decisions {
                named(format!("{copy}decision `{}`", d.name), &d.body)?;
                for o in d.offers.iter().flat_map(|o| &o.offers) {
                    if let Some(m) = &o.message {
                        named(format!("the message of offer `{}` of {copy}decision `{}`", o.name, d.name), &m.function)?;
                    }
                }
            }
        }
        for t in &self.tests {
            for (i, f) in t.expects.iter().enumerate() {
                named(format!("expectation {} of test `{}`", i + 1, t.name), f)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
