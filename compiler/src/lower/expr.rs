//! Lowering expressions to instructions; each returns the register holding its value.

use super::builder::{Binding, FunctionBuilder, PENDING};
use crate::ast::{Aggregate, BinOp};
use crate::bytecode::*;
use crate::semantics;
use crate::tir::*;

/// The slot kind used to compare values of a type.
pub(super) fn cmp_kind(ty: &Type) -> CmpKind {
    match ty {
        Type::Int | Type::Duration | Type::Time | Type::Date | Type::Timestamp | Type::Enum(_) => CmpKind::Int,
        Type::Float | Type::Percent => CmpKind::Float,
        Type::Money(_) => CmpKind::Money,
        _ => CmpKind::Value,
    }
}

/// How two operands of a comparison are compared: optionals structurally, else by type.
fn compare_kind(l: &TExpr, r: &TExpr) -> CmpKind {
    let optional = |t: &Type| matches!(t, Type::Optional(_) | Type::None);
    if optional(&l.ty) || optional(&r.ty) {
        CmpKind::Value
    } else {
        cmp_kind(&l.ty)
    }
}

fn cmp_op(op: BinOp) -> CmpOp {
    match op {
        BinOp::Ne => CmpOp::Ne,
        BinOp::Lt => CmpOp::Lt,
        BinOp::Le => CmpOp::Le,
        BinOp::Gt => CmpOp::Gt,
        BinOp::Ge => CmpOp::Ge,
        _ => CmpOp::Eq,
    }
}

fn arith_op(op: BinOp) -> ArithOp {
    match op {
        BinOp::Sub => ArithOp::Sub,
        BinOp::Mul => ArithOp::Mul,
        BinOp::Div => ArithOp::Div,
        BinOp::Rem => ArithOp::Rem,
        _ => ArithOp::Add,
    }
}

impl FunctionBuilder<'_> {
    /// Lowers `e`; its value ends up in the returned register.
    pub fn expr(&mut self, e: &TExpr) -> Reg {
        crate::stack::guard(|| self.expr_unguarded(e))
    }

    fn expr_unguarded(&mut self, e: &TExpr) -> Reg {
        if let Some(c) = self.fold(e) {
            return self.constant(c);
        }
        let outer = self.span;
        self.span = e.span;
        let r = self.expr_inner(e);
        self.span = outer;
        r
    }

    /// The value of `e` when it is known at compile time, computed by the VM's own operations
    /// ([`crate::semantics`]); an operation that would fault is left to fault at run time.
    fn fold(&self, e: &TExpr) -> Option<Const> {
        crate::stack::guard(|| self.fold_unguarded(e))
    }

    fn fold_unguarded(&self, e: &TExpr) -> Option<Const> {
        match &e.kind {
            TExprKind::Const(c) => Some(c.clone()),
            TExprKind::Error => Some(Const::None),
            TExprKind::Local(id) => match self.binding(*id)? {
                Binding::Reg(r) => self.constant_in(r).cloned(),
                _ => None,
            },
            TExprKind::Template(parts) => plain_text(parts).map(Const::Text),
            TExprKind::Convert(conversion, inner) => match (conversion, self.fold(inner)?) {
                (Conversion::Some | Conversion::PercentToFraction, c) => Some(c),
                (Conversion::IntToFloat, Const::Int(i)) => Some(Const::Float(semantics::int_to_float(i))),
                (Conversion::PercentToPoints, Const::Float(f)) => semantics::percent_to_points(f).ok().map(Const::Float),
                (Conversion::MoneyAmount, Const::Money(a, _)) => Some(Const::Float(semantics::money_amount(a))),
                (Conversion::Positive, Const::Int(n)) => semantics::check_positive(n, false).ok().map(Const::Int),
                _ => None,
            },
            TExprKind::Binary(op @ (BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem), l, r) => {
                let numeric = |t: &Type| matches!(t, Type::Int | Type::Float | Type::Percent);
                if !numeric(&l.ty) || !numeric(&r.ty) {
                    return None;
                }
                match (self.fold(l)?, self.fold(r)?) {
                    (Const::Int(a), Const::Int(b)) => semantics::int_arith(arith_op(*op), a, b).ok().map(Const::Int),
                    (Const::Float(a), Const::Float(b)) => semantics::float_arith(arith_op(*op), a, b).ok().map(Const::Float),
                    _ => None,
                }
            }
            TExprKind::Neg(inner) if matches!(e.ty, Type::Int | Type::Float | Type::Percent) => match self.fold(inner)? {
                Const::Int(i) => semantics::neg_int(i).ok().map(Const::Int),
                Const::Float(f) => Some(Const::Float(semantics::neg_float(f))),
                _ => None,
            },
            _ => None,
        }
    }

    /// Jumps taken when `cond` is false (to be patched to the false target); falls through when true.
    pub fn branch_unless(&mut self, cond: &TExpr) -> Vec<u32> {
        crate::stack::guard(|| self.branch_unless_unguarded(cond))
    }

    fn branch_unless_unguarded(&mut self, cond: &TExpr) -> Vec<u32> {
        match &cond.kind {
            TExprKind::Binary(BinOp::And, l, r) => {
                let mut jumps = self.branch_unless(l);
                jumps.extend(self.branch_unless(r));
                jumps
            }
            TExprKind::Binary(BinOp::Or, l, r) => {
                let to_true = self.branch_if(l);
                let jumps = self.branch_unless(r);
                let here = self.here();
                self.patch_all(to_true, here);
                jumps
            }
            TExprKind::Not(inner) => self.branch_if(inner),
            TExprKind::Binary(op @ (BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge), l, r)
                if self.fold(cond).is_none() =>
            {
                let kind = compare_kind(l, r);
                let a = self.expr(l);
                let b = self.expr(r);
                vec![self.emit(Instr::JumpUnless { op: cmp_op(*op), kind, a, b, target: PENDING })]
            }
            _ => {
                let c = self.expr(cond);
                vec![self.emit(Instr::JumpIfNot { cond: c, target: PENDING })]
            }
        }
    }

    /// Jumps taken when `cond` is true; falls through when false.
    pub fn branch_if(&mut self, cond: &TExpr) -> Vec<u32> {
        crate::stack::guard(|| self.branch_if_unguarded(cond))
    }

    fn branch_if_unguarded(&mut self, cond: &TExpr) -> Vec<u32> {
        match &cond.kind {
            TExprKind::Binary(BinOp::Or, l, r) => {
                let mut jumps = self.branch_if(l);
                jumps.extend(self.branch_if(r));
                jumps
            }
            TExprKind::Binary(BinOp::And, l, r) => {
                let to_false = self.branch_unless(l);
                let jumps = self.branch_if(r);
                let here = self.here();
                self.patch_all(to_false, here);
                jumps
            }
            TExprKind::Not(inner) => self.branch_unless(inner),
            _ => {
                let c = self.expr(cond);
                vec![self.emit(Instr::JumpIf { cond: c, target: PENDING })]
            }
        }
    }

    fn expr_inner(&mut self, e: &TExpr) -> Reg {
        match &e.kind {
            TExprKind::Const(c) => self.constant(c.clone()),
            TExprKind::Error => self.constant(Const::None),
            TExprKind::Template(parts) => self.template(parts),
            TExprKind::Local(id) => self.local(*id, &e.ty),
            TExprKind::Param(p) => {
                let dst = self.fresh_of(&e.ty);
                self.emit(Instr::Param { dst, param: *p });
                dst
            }
            TExprKind::Field { .. } => self.field(e),
            TExprKind::Index(base, index) => self.index(base, index, &e.ty),
            TExprKind::Not(inner) => {
                let src = self.expr(inner);
                let dst = self.fresh(BOOL);
                self.emit(Instr::Not { dst, src });
                dst
            }
            TExprKind::Neg(inner) => {
                let src = self.expr(inner);
                let dst = self.fresh_of(&e.ty);
                self.emit(Instr::Neg { dst, src });
                dst
            }
            TExprKind::Binary(op, l, r) => self.binary(*op, l, r, &e.ty),
            TExprKind::If(c, t, f) => {
                let dst = self.fresh_of(&e.ty);
                let skips = self.branch_unless(c);
                let a = self.expr(t);
                self.emit(Instr::Move { dst, src: a });
                let done = self.emit(Instr::Jump { target: PENDING });
                let else_at = self.here();
                self.patch_all(skips, else_at);
                let b = self.expr(f);
                self.emit(Instr::Move { dst, src: b });
                let end = self.here();
                self.patch(done, end);
                dst
            }
            TExprKind::Convert(conversion, inner) => self.convert(*conversion, inner),
            TExprKind::Comprehension { aggregate, binder, source, filter, body } => {
                self.comprehension(*aggregate, *binder, source, filter.as_deref(), body.as_deref(), &e.ty)
            }
            TExprKind::List(items) => {
                self.emit(Instr::BuildStart);
                for item in items {
                    let src = self.expr(item);
                    self.emit(Instr::BuildPush { src, width: 1 });
                }
                let dst = self.fresh_of(&e.ty);
                self.emit(Instr::BuildEnd { dst, stride: 1 });
                dst
            }
            TExprKind::ListOp(op, list, count) => self.list_op(*op, list, count.as_deref(), &e.ty),
            TExprKind::Sort { binder, source, key, descending } => self.sort(*binder, source, key, *descending),
            TExprKind::IfSome { value, binder, then } => self.if_some(value, *binder, then),
            TExprKind::CallFn(id, args) => self.call_fn(*id, args),
            TExprKind::CallNative(native, args) => {
                let values: Vec<Reg> = args.iter().map(|a| self.expr(a)).collect();
                let first = self.registers_block(&values);
                let dst = self.fresh_of(&e.ty);
                self.emit(Instr::CallNative { dst, native: *native, first, count: values.len() as u32 });
                dst
            }
        }
    }

    /// Copies values into consecutive fresh registers and returns the first.
    fn registers_block(&mut self, values: &[Reg]) -> Reg {
        let first = self.next_reg();
        for src in values {
            let dst = self.fresh(self.type_of(*src));
            self.emit(Instr::Move { dst, src: *src });
        }
        first
    }

    fn local(&mut self, id: LocalId, ty: &Type) -> Reg {
        match self.binding(id) {
            Some(Binding::Reg(r)) => r,
            Some(Binding::Slot(slot)) => {
                let dst = self.fresh_of(ty);
                self.emit(Instr::Input { dst, slot });
                dst
            }
            Some(Binding::Row(slot)) => {
                let dst = self.fresh(RegType::plain(RegKind::Row));
                self.emit(Instr::InputRow { dst, slot });
                dst
            }
            None => self.constant(Const::None),
        }
    }

    /// The arena slot of an input field known at compile time (`customer.address.city`).
    fn static_slot(&self, e: &TExpr) -> Option<u32> {
        crate::stack::guard(|| self.static_slot_unguarded(e))
    }

    fn static_slot_unguarded(&self, e: &TExpr) -> Option<u32> {
        match &e.kind {
            TExprKind::Local(id) => match self.binding(*id) {
                Some(Binding::Row(slot)) | Some(Binding::Slot(slot)) => Some(slot),
                _ => None,
            },
            TExprKind::Field { base, record, index } => Some(self.record_start(base)? + self.field_offset(*record, *index)),
            _ => None,
        }
    }

    /// The arena slot where the fields of a record value known at compile time start: an optional
    /// record field has a presence slot first.
    fn record_start(&self, e: &TExpr) -> Option<u32> {
        let slot = self.static_slot(e)?;
        Some(if self.is_optional_record_field(e) { slot + 1 } else { slot })
    }

    /// Whether `e` reads a field declared as an optional record (a presence slot, then the record).
    fn is_optional_record_field(&self, e: &TExpr) -> bool {
        let TExprKind::Field { record, index, .. } = &e.kind else { return false };
        let declared = self.program.records.get(*record as usize).and_then(|r| r.fields.get(*index as usize)).map(|f| &f.ty);
        matches!(declared, Some(Type::Optional(inner)) if matches!(**inner, Type::Record(_)))
    }

    fn field_offset(&self, record: RecordId, index: u32) -> u32 {
        self.program.records.get(record as usize).and_then(|r| r.fields.get(index as usize)).map(|f| f.offset).unwrap_or(0)
    }

    /// A field's value; an optional record is none, or a row of the record after its presence slot.
    fn field(&mut self, e: &TExpr) -> Reg {
        let dst = self.fresh_of(&e.ty);
        let place = match (self.static_slot(e), &e.kind) {
            (Some(slot), _) => Place::Slot(slot),
            (None, TExprKind::Field { base, record, index }) => {
                let row = self.expr(base);
                Place::Field(row, self.field_offset(*record, *index))
            }
            _ => return dst,
        };
        if !self.is_optional_record_field(e) {
            self.load(dst, place, matches!(e.ty, Type::Record(_)));
            return dst;
        }
        // The presence slot (true, or none) is read into a register of its own, so `dst` only ever holds a row or none.
        let present = self.fresh(BOOL.or_none());
        self.load(present, place, false);
        let absent = self.fresh(BOOL);
        self.emit(Instr::IsNone { dst: absent, src: present });
        let none = self.constant(Const::None);
        self.emit(Instr::Move { dst, src: none });
        let skip = self.emit(Instr::JumpIf { cond: absent, target: PENDING });
        let record = match place {
            Place::Slot(slot) => Place::Slot(slot + 1),
            Place::Field(row, offset) => Place::Field(row, offset + 1),
        };
        self.load(dst, record, true);
        let end = self.here();
        self.patch(skip, end);
        dst
    }

    fn load(&mut self, dst: Reg, place: Place, row: bool) {
        self.emit(match (place, row) {
            (Place::Slot(slot), true) => Instr::InputRow { dst, slot },
            (Place::Slot(slot), false) => Instr::Input { dst, slot },
            (Place::Field(row, offset), true) => Instr::FieldRow { dst, row, offset },
            (Place::Field(row, offset), false) => Instr::Field { dst, row, offset },
        });
    }

    fn index(&mut self, base: &TExpr, index: &TExpr, result: &Type) -> Reg {
        let collection = self.expr(base);
        let key = self.expr(index);
        let stride = self.program.stride_of(&base.ty);
        let row = matches!(result.strip_optional(), Type::Record(_));
        let dst = self.fresh_of(result);
        match base.ty {
            Type::Map(_, _) => self.emit(Instr::MapGet { dst, map: collection, key, stride, row }),
            _ => self.emit(Instr::ListGet { dst, list: collection, index: key, stride, row }),
        };
        dst
    }

    fn template(&mut self, parts: &[TemplatePart]) -> Reg {
        let mut pieces = Vec::new();
        for part in parts {
            match part {
                TemplatePart::Text(t) => pieces.push(Piece::Text(t.clone())),
                TemplatePart::Value(v) => {
                    let r = self.expr(v);
                    pieces.push(Piece::Value(r, v.ty.clone()));
                }
            }
        }
        let template = self.program.templates.len() as u32;
        self.program.templates.push(pieces);
        let dst = self.fresh(RegType::plain(RegKind::Text));
        self.emit(Instr::Template { dst, template });
        dst
    }

    fn convert(&mut self, conversion: Conversion, inner: &TExpr) -> Reg {
        let src = self.expr(inner);
        match conversion {
            Conversion::Some | Conversion::PercentToFraction => src,
            Conversion::IntToFloat => {
                let dst = self.fresh(FLOAT);
                self.emit(Instr::IntToFloat { dst, src });
                dst
            }
            Conversion::MoneyAmount => {
                let dst = self.fresh(FLOAT);
                self.emit(Instr::MoneyAmount { dst, src });
                dst
            }
            Conversion::Positive => {
                self.emit(Instr::CheckPositive { src, duration: inner.ty == Type::Duration });
                src
            }
            Conversion::PercentToPoints => {
                let hundred = self.constant(Const::Float(100.0));
                let dst = self.fresh(FLOAT);
                self.emit(Instr::Float { op: ArithOp::Mul, dst, a: src, b: hundred });
                dst
            }
        }
    }

    fn call_fn(&mut self, id: FnId, args: &[TExpr]) -> Reg {
        let values: Vec<Reg> = args.iter().map(|a| self.expr(a)).collect();
        let checked = self.checked;
        let Some(def) = checked.fns.get(id as usize) else {
            return self.constant(Const::None);
        };
        self.with_frame(def.locals, |f| {
            for (i, r) in values.iter().enumerate() {
                f.bind(i as LocalId, Binding::Reg(*r));
            }
            if f.explain && !def.rows.is_empty() {
                f.table(&def.body, &def.rows, &def.name)
            } else {
                f.expr(&def.body)
            }
        })
    }

    fn binary(&mut self, op: BinOp, l: &TExpr, r: &TExpr, ty: &Type) -> Reg {
        match op {
            BinOp::And | BinOp::Or => return self.logical(op, l, r),
            BinOp::Coalesce => return self.coalesce(l, r, ty),
            BinOp::In | BinOp::NotIn => return self.membership(op, l, r),
            _ => {}
        }
        let a = self.expr(l);
        let b = self.expr(r);
        let dst = self.fresh_of(ty);
        let instr = match op {
            BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
                Instr::Cmp { op: cmp_op(op), kind: compare_kind(l, r), dst, a, b }
            }
            _ => self.arithmetic(op, &l.ty, &r.ty, dst, a, b),
        };
        self.emit(instr);
        dst
    }

    fn arithmetic(&mut self, op: BinOp, lt: &Type, rt: &Type, dst: Reg, a: Reg, b: Reg) -> Instr {
        use Type::*;
        match (lt, rt) {
            (Float | Percent, _) => Instr::Float { op: arith_op(op), dst, a, b },
            (Money(_), Money(_)) if op == BinOp::Div => Instr::MoneyRatio { dst, a, b },
            (Money(_), Money(_)) => Instr::MoneyAdd { dst, a, b, sub: op == BinOp::Sub },
            (Money(_), _) => Instr::MoneyScale { dst, money: a, factor: b, divide: op == BinOp::Div },
            (Date, Duration) => Instr::DateShift { dst, date: a, duration: b, sub: op == BinOp::Sub },
            (Date, Date) => Instr::DateDiff { dst, a, b },
            (Timestamp, Duration) => Instr::TimestampShift { dst, timestamp: a, duration: b, sub: op == BinOp::Sub },
            (Time, Duration) => Instr::TimeShift { dst, time: a, duration: b, sub: op == BinOp::Sub },
            (Duration, Duration) if op == BinOp::Div => {
                let fa = self.fresh(FLOAT);
                let fb = self.fresh(FLOAT);
                self.emit(Instr::IntToFloat { dst: fa, src: a });
                self.emit(Instr::IntToFloat { dst: fb, src: b });
                Instr::Float { op: ArithOp::Div, dst, a: fa, b: fb }
            }
            _ => Instr::Int { op: arith_op(op), dst, a, b },
        }
    }

    fn logical(&mut self, op: BinOp, l: &TExpr, r: &TExpr) -> Reg {
        let dst = self.fresh(BOOL);
        let a = self.expr(l);
        self.emit(Instr::Move { dst, src: a });
        let short = match op {
            BinOp::And => self.emit(Instr::JumpIfNot { cond: dst, target: PENDING }),
            _ => self.emit(Instr::JumpIf { cond: dst, target: PENDING }),
        };
        let b = self.expr(r);
        self.emit(Instr::Move { dst, src: b });
        let end = self.here();
        self.patch(short, end);
        dst
    }

    fn coalesce(&mut self, l: &TExpr, r: &TExpr, ty: &Type) -> Reg {
        // Optional while the left side is in it, whatever the result's type.
        let dst = self.fresh(RegType::of(ty).or_none());
        let a = self.expr(l);
        self.emit(Instr::Move { dst, src: a });
        let present = self.emit(Instr::JumpIfSome { src: dst, target: PENDING });
        let b = self.expr(r);
        self.emit(Instr::Move { dst, src: b });
        let end = self.here();
        self.patch(present, end);
        dst
    }

    fn membership(&mut self, op: BinOp, l: &TExpr, r: &TExpr) -> Reg {
        let value = self.expr(l);
        let dst = self.fresh(BOOL);
        match &r.kind {
            TExprKind::Binary(BinOp::Range, lo, hi) => {
                let lo_r = self.expr(lo);
                let hi_r = self.expr(hi);
                let wrap = l.ty == Type::Time;
                self.emit(Instr::InRange { kind: cmp_kind(&l.ty), dst, value, lo: lo_r, hi: hi_r, wrap });
            }
            _ => {
                let collection = self.expr(r);
                let stride = self.program.stride_of(&r.ty);
                self.emit(Instr::Contains { dst, collection, item: value, stride });
            }
        }
        if op == BinOp::NotIn {
            self.emit(Instr::Not { dst, src: dst });
        }
        dst
    }

    fn comprehension(
        &mut self,
        aggregate: Aggregate,
        binder: LocalId,
        source: &TExpr,
        filter: Option<&TExpr>,
        body: Option<&TExpr>,
        ty: &Type,
    ) -> Reg {
        // `any(x in xs where p)` and `all(x in xs where p)` without `: condition` test `p` itself.
        let (filter, body) = match (aggregate, filter, body) {
            (Aggregate::Any | Aggregate::All, Some(condition), None) => (None, Some(condition)),
            (_, filter, body) => (filter, body),
        };
        let list = self.expr(source);
        let elem_ty = source.ty.element().cloned().unwrap_or(Type::Error);
        let width = self.program.size_of(&elem_ty);
        let acc = self.fresh_of(ty);
        let init = match aggregate {
            Aggregate::Any => Const::Bool(false),
            Aggregate::All => Const::Bool(true),
            Aggregate::Count => Const::Int(0),
            Aggregate::Sum => zero_of(ty),
            Aggregate::Min | Aggregate::Max | Aggregate::Filter => Const::None,
        };
        let init = self.constant(init);
        self.emit(Instr::Move { dst: acc, src: init });
        if aggregate == Aggregate::Filter {
            self.emit(Instr::BuildStart);
        }
        self.each_element(list, &source.ty, binder, |f, element, exits| {
            if let Some(condition) = filter {
                exits.next.extend(f.branch_unless(condition));
            }
            f.accumulate(aggregate, acc, (element, &elem_ty), width, body, &mut exits.next, &mut exits.exit);
        });
        if aggregate == Aggregate::Filter {
            self.emit(Instr::BuildEnd { dst: acc, stride: width });
        }
        acc
    }

    #[allow(clippy::too_many_arguments, reason = "the loop's registers and jump lists")]
    fn accumulate(
        &mut self,
        aggregate: Aggregate,
        acc: Reg,
        (element, elem_ty): (Reg, &Type),
        width: u32,
        body: Option<&TExpr>,
        to_next: &mut Vec<u32>,
        to_exit: &mut Vec<u32>,
    ) {
        match aggregate {
            Aggregate::Any | Aggregate::All => {
                let found = self.constant(Const::Bool(aggregate == Aggregate::Any));
                let skips = match (body, aggregate) {
                    (Some(b), Aggregate::Any) => self.branch_unless(b),
                    (Some(b), _) => self.branch_if(b),
                    (None, Aggregate::Any) => vec![self.emit(Instr::JumpIfNot { cond: element, target: PENDING })],
                    (None, _) => vec![self.emit(Instr::JumpIf { cond: element, target: PENDING })],
                };
                self.emit(Instr::Move { dst: acc, src: found });
                to_exit.push(self.emit(Instr::Jump { target: PENDING }));
                to_next.extend(skips);
            }
            Aggregate::Count | Aggregate::Filter => {
                if let Some(b) = body {
                    to_next.extend(self.branch_unless(b));
                }
                if aggregate == Aggregate::Count {
                    let one = self.constant(Const::Int(1));
                    self.emit(Instr::Int { op: ArithOp::Add, dst: acc, a: acc, b: one });
                } else {
                    self.emit(Instr::BuildPush { src: element, width });
                }
            }
            Aggregate::Sum => {
                let (v, ty) = match body {
                    Some(b) => (self.expr(b), b.ty.clone()),
                    None => (element, elem_ty.clone()),
                };
                let instr = self.arithmetic(BinOp::Add, &ty, &ty, acc, acc, v);
                self.emit(instr);
            }
            Aggregate::Min | Aggregate::Max => {
                let (v, ty) = match body {
                    Some(b) => (self.expr(b), b.ty.clone()),
                    None => (element, elem_ty.clone()),
                };
                let better = self.fresh(BOOL);
                self.emit(Instr::IsNone { dst: better, src: acc });
                let take = self.emit(Instr::JumpIf { cond: better, target: PENDING });
                let op = if aggregate == Aggregate::Min { CmpOp::Lt } else { CmpOp::Gt };
                self.emit(Instr::Cmp { op, kind: cmp_kind(&ty), dst: better, a: v, b: acc });
                to_next.push(self.emit(Instr::JumpIfNot { cond: better, target: PENDING }));
                let at = self.here();
                self.patch(take, at);
                self.emit(Instr::Move { dst: acc, src: v });
            }
        }
    }
}

/// A Bool register.
const BOOL: RegType = RegType::plain(RegKind::Bool);

/// A Float register.
const FLOAT: RegType = RegType::plain(RegKind::Float);

/// Where a field is: a fixed arena slot, or an offset from a record row in a register.
#[derive(Clone, Copy)]
enum Place {
    Slot(u32),
    Field(Reg, u32),
}

fn zero_of(ty: &Type) -> Const {
    match ty {
        Type::Float | Type::Percent => Const::Float(0.0),
        Type::Money(c) => Const::Money(0, c.unwrap_or(0)),
        _ => Const::Int(0),
    }
}
