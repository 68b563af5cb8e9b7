//! Lowering safe access and ordering: `first`, `last`, `take`, `a?.b`, `sort` and `top`, and the
//! loop over a list's elements that comprehensions and sorts share.

use super::builder::{Binding, FunctionBuilder, PENDING};
use super::expr::cmp_kind;
use crate::bytecode::*;
use crate::tir::*;

/// An Int register.
const INT: RegType = RegType::plain(RegKind::Int);

/// The jumps a loop body leaves to patch: to the next element, and out of the loop.
#[derive(Default)]
pub(super) struct LoopExits {
    /// Jumps to the next element.
    pub next: Vec<u32>,
    /// Jumps past the loop.
    pub exit: Vec<u32>,
}

impl FunctionBuilder<'_> {
    /// Runs `body` once per element of the list in `list` (of type `list_ty`), with `binder` bound to it.
    pub fn each_element(&mut self, list: Reg, list_ty: &Type, binder: LocalId, body: impl FnOnce(&mut Self, Reg, &mut LoopExits)) {
        let elem_ty = list_ty.element().cloned().unwrap_or(Type::Error);
        let stride = self.program.stride_of(list_ty);
        let row = matches!(elem_ty, Type::Record(_));
        let len = self.fresh(INT);
        self.emit(Instr::Len { dst: len, list });
        let zero = self.constant(Const::Int(0));
        let counter = self.fresh(INT);
        self.emit(Instr::Move { dst: counter, src: zero });
        let one = self.constant(Const::Int(1));
        let top = self.here();
        let done = self.emit(Instr::JumpUnless { op: CmpOp::Lt, kind: CmpKind::Int, a: counter, b: len, target: PENDING });
        let element = self.fresh_of(&elem_ty);
        self.emit(Instr::Elem { dst: element, list, index: counter, stride, row });
        self.bind(binder, Binding::Reg(element));
        let mut exits = LoopExits::default();
        body(self, element, &mut exits);
        let next = self.here();
        self.patch_all(exits.next, next);
        self.emit(Instr::Int { op: ArithOp::Add, dst: counter, a: counter, b: one });
        self.emit(Instr::Jump { target: top });
        let end = self.here();
        self.patch(done, end);
        self.patch_all(exits.exit, end);
    }

    /// `first(xs)`, `last(xs)`, `take(n, xs)`.
    pub(super) fn list_op(&mut self, op: ListOp, list: &TExpr, count: Option<&TExpr>, ty: &Type) -> Reg {
        let l = self.expr(list);
        let dst = self.fresh_of(ty);
        match (op, count) {
            (ListOp::Take, Some(count)) => {
                let count = self.expr(count);
                self.emit(Instr::Take { dst, list: l, count });
            }
            _ => {
                let stride = self.program.stride_of(&list.ty);
                let row = matches!(ty.strip_optional(), Type::Record(_));
                let index = match op {
                    ListOp::Last => {
                        let len = self.fresh(INT);
                        self.emit(Instr::Len { dst: len, list: l });
                        let one = self.constant(Const::Int(1));
                        let last = self.fresh(INT);
                        self.emit(Instr::Int { op: ArithOp::Sub, dst: last, a: len, b: one });
                        last
                    }
                    _ => self.constant(Const::Int(0)),
                };
                self.emit(Instr::ListGet { dst, list: l, index, stride, row });
            }
        }
        dst
    }

    /// The elements of `source` ordered by `key`: the keys are built as a list, then sorted with the elements.
    pub(super) fn sort(&mut self, binder: LocalId, source: &TExpr, key: &TExpr, descending: bool) -> Reg {
        let list = self.expr(source);
        self.emit(Instr::BuildStart);
        self.each_element(list, &source.ty, binder, |f, _, _| {
            let k = f.expr(key);
            f.emit(Instr::BuildPush { src: k, width: 1 });
        });
        let keys = self.fresh(RegType::plain(RegKind::List));
        self.emit(Instr::BuildEnd { dst: keys, stride: 1 });
        let dst = self.fresh_of(&source.ty);
        let stride = self.program.stride_of(&source.ty);
        self.emit(Instr::Sort { dst, list, keys, kind: cmp_kind(&key.ty), stride, descending });
        dst
    }

    /// `value?.…`: none when `value` is none, else `then` with `binder` bound to the value.
    pub(super) fn if_some(&mut self, value: &TExpr, binder: LocalId, then: &TExpr) -> Reg {
        let v = self.expr(value);
        let dst = self.fresh_of(&then.ty);
        // When `value` is none the result is none: a none constant, so `dst` holds only `then`'s kind.
        let none = self.constant(Const::None);
        self.emit(Instr::Move { dst, src: none });
        let absent = self.fresh(RegType::plain(RegKind::Bool));
        self.emit(Instr::IsNone { dst: absent, src: v });
        let skip = self.emit(Instr::JumpIf { cond: absent, target: PENDING });
        self.bind(binder, Binding::Reg(v));
        let t = self.expr(then);
        self.emit(Instr::Move { dst, src: t });
        let end = self.here();
        self.patch(skip, end);
        dst
    }
}
