//! Checking binary operators: which operand types each operator accepts and what it gives.
//!
//! The checker normalizes operands so that lowering sees few shapes: Ints
//! next to Floats are widened, Percent in arithmetic with numbers becomes its
//! fraction, and a number times an amount is written amount times number.

use super::globals::Checker;
use super::scope::Body;
use super::types::convert;
use crate::ast::{self, BinOp, ExprKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::literal;
use crate::semantics;
use crate::span::Span;
use crate::tir::*;

fn error_expr(span: Span) -> TExpr {
    TExpr { kind: TExprKind::Error, ty: Type::Error, span }
}

fn binary(op: BinOp, l: TExpr, r: TExpr, ty: Type, span: Span) -> TExpr {
    TExpr { kind: TExprKind::Binary(op, Box::new(l), Box::new(r)), ty, span }
}

impl Checker {
    pub(super) fn binary(
        &mut self,
        body: &mut Body,
        op: BinOp,
        l: &ast::Expr,
        r: &ast::Expr,
        expected: Option<&Type>,
        span: Span,
    ) -> TExpr {
        match op {
            BinOp::And | BinOp::Or => {
                let facts = super::expr::present_if(l, op == BinOp::And);
                let l = self.check_bool(body, l);
                let r = body.with_present(facts, |body| self.check_bool(body, r));
                binary(op, l, r, Type::Bool, span)
            }
            BinOp::Eq | BinOp::Ne => self.equality(body, op, l, r, span),
            BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => self.ordering(body, op, l, r, span),
            BinOp::In | BinOp::NotIn => self.membership(body, op, l, r, span),
            BinOp::Range => {
                self.error(
                    Diagnostic::error(Code::RangeOutsideIn, span, "a range is only used after `in`")
                        .with_label("range")
                        .with_help("write `x in start..end`"),
                );
                error_expr(span)
            }
            BinOp::Coalesce => self.coalesce(body, l, r, expected, span),
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => {
                let l = self.check_expr(body, l, expected);
                let r = self.check_expr(body, r, None);
                let result = self.arithmetic(op, l, r, span);
                self.constant_time_in_range(&result);
                result
            }
        }
    }

    /// Checks both sides of a comparison, letting a bare enum variant on either side take the other side's type.
    ///
    /// When the other side is already an error, a bare name is not reported as unknown: its type
    /// was to come from that side (`customer.teir == gold` reports `teir` only).
    fn pair(&mut self, body: &mut Body, l: &ast::Expr, r: &ast::Expr) -> (TExpr, TExpr) {
        let is_bare = |checker: &Self, body: &Body, e: &ast::Expr| matches!(&e.kind, ExprKind::Name(n) if !checker.is_known_name(body, n));
        if is_bare(self, body, l) {
            let r = self.check_expr(body, r, None);
            if r.ty.is_error() {
                return (error_expr(l.span), r);
            }
            let want = r.ty.strip_optional().clone();
            let l = self.check_expr(body, l, Some(&want));
            (l, r)
        } else {
            let l = self.check_expr(body, l, None);
            if l.ty.is_error() && is_bare(self, body, r) {
                return (l, error_expr(r.span));
            }
            let want = match &l.ty {
                Type::Optional(inner) => (**inner).clone(),
                other => other.clone(),
            };
            let r = self.check_expr(body, r, Some(&want));
            (l, r)
        }
    }

    fn equality(&mut self, body: &mut Body, op: BinOp, l: &ast::Expr, r: &ast::Expr, span: Span) -> TExpr {
        let (l, r) = self.pair(body, l, r);
        if l.ty.is_error() || r.ty.is_error() {
            return error_expr(span);
        }
        let against_none = l.ty == Type::None || r.ty == Type::None;
        if !against_none && matches!(l.ty.strip_optional(), Type::Record(_) | Type::Map(_, _)) {
            let message = format!("{} values cannot be compared with `{}`", self.show(&l.ty), op.symbol());
            self.error(Diagnostic::error(Code::BadOperands, span, message).with_label("here").with_help(
                "compare the fields that identify them, such as `a.id == b.id`; only `none` compares with a whole record or map (`x != none`)",
            ));
            return error_expr(span);
        }
        let (l, r) = match (&l.ty, &r.ty) {
            (Type::Optional(inner), other) | (other, Type::Optional(inner)) if Checker::compatible(other, inner) => (l, r),
            (Type::Optional(_), Type::Optional(_)) | (Type::None, _) | (_, Type::None) => (l, r),
            _ => self.same_type(l, r, op, span),
        };
        if let (Type::Money(Some(a)), Type::Money(Some(b))) = (l.ty.strip_optional(), r.ty.strip_optional()) {
            if a != b {
                self.currency_mismatch(*a, *b, span);
            }
        }
        binary(op, l, r, Type::Bool, span)
    }

    /// Widens Int to Float when the other side is Float, else requires matching types.
    fn same_type(&mut self, l: TExpr, r: TExpr, op: BinOp, span: Span) -> (TExpr, TExpr) {
        match (&l.ty, &r.ty) {
            (Type::Money(Some(a)), Type::Money(Some(b))) if a != b => {
                self.currency_mismatch(*a, *b, span);
                (error_expr(l.span), error_expr(r.span))
            }
            (Type::Int, Type::Float) => (convert(Conversion::IntToFloat, l, Type::Float), r),
            (Type::Float, Type::Int) => (l, convert(Conversion::IntToFloat, r, Type::Float)),
            (a, b) if Checker::compatible(a, b) || Checker::compatible(b, a) => (l, r),
            (a, b) => {
                let message = format!("`{}` cannot compare {} with {}", op.symbol(), self.show(a), self.show(b));
                let help = if matches!((a, b), (Type::Enum(_), Type::Text) | (Type::Text, Type::Enum(_))) {
                    "write the enum variant without quotes"
                } else {
                    "compare values of the same type"
                };
                self.error(Diagnostic::error(Code::BadOperands, span, message).with_label("different types").with_help(help));
                (error_expr(l.span), error_expr(r.span))
            }
        }
    }

    fn ordering(&mut self, body: &mut Body, op: BinOp, l: &ast::Expr, r: &ast::Expr, span: Span) -> TExpr {
        let (l, r) = self.pair(body, l, r);
        if l.ty.is_error() || r.ty.is_error() {
            return error_expr(span);
        }
        for side in [&l, &r] {
            if matches!(side.ty, Type::Optional(_) | Type::None) {
                self.optional_operand(side, op);
                return error_expr(span);
            }
        }
        let (l, r) = self.same_type(l, r, op, span);
        if l.ty.is_error() {
            return error_expr(span);
        }
        if !l.ty.is_ordered() {
            let help = if l.ty == Type::Text {
                "text can only be compared with `==` and `!=`"
            } else {
                "compare numbers, amounts, percentages, durations, dates or times"
            };
            let message = format!("`{}` cannot order {} values", op.symbol(), self.show(&l.ty));
            self.error(Diagnostic::error(Code::BadOperands, span, message).with_label("no order").with_help(help));
            return error_expr(span);
        }
        if let (Type::Money(Some(a)), Type::Money(Some(b))) = (&l.ty, &r.ty) {
            if a != b {
                self.currency_mismatch(*a, *b, span);
            }
        }
        binary(op, l, r, Type::Bool, span)
    }

    fn optional_operand(&mut self, side: &TExpr, op: BinOp) {
        let message = format!("this value may be none, so `{}` cannot use it", op.symbol());
        let default = match side.ty.strip_optional() {
            Type::Int => "0",
            Type::Float => "0.0",
            Type::Percent => "0%",
            Type::Text => "\"\"",
            Type::Duration => "0s",
            Type::Time => "00:00",
            _ => "…",
        };
        let help = format!("test it first (`value != none and value {0} …`), or give a default: `(value ?? {default}) {0} …`", op.symbol());
        self.error(
            Diagnostic::error(Code::UnhandledOptional, side.span, message)
                .with_label(format!("{} may be none", self.show(&side.ty)))
                .with_help(help),
        );
    }

    fn currency_mismatch(&mut self, a: u32, b: u32, span: Span) {
        let (a, b) = (literal::format_currency(a), literal::format_currency(b));
        self.error(
            Diagnostic::error(Code::CurrencyMismatch, span, format!("amounts in {a} and {b} cannot be combined"))
                .with_label("different currencies")
                .with_help("use amounts in one currency, or convert one side with an explicit rate"),
        );
    }

    fn membership(&mut self, body: &mut Body, op: BinOp, l: &ast::Expr, r: &ast::Expr, span: Span) -> TExpr {
        if let ExprKind::Binary(BinOp::Range, lo, hi) = &r.kind {
            let value = self.check_expr(body, l, None);
            if matches!(value.ty, Type::Optional(_)) {
                self.optional_operand(&value, op);
                return error_expr(span);
            }
            let want = value.ty.clone();
            let lo_v = self.check_expr(body, lo, Some(&want));
            let hi_v = self.check_expr(body, hi, Some(&want));
            let (value, lo_v) = self.same_type(value, lo_v, op, span);
            let (value, hi_v) = self.same_type(value, hi_v, op, span);
            if value.ty.is_error() || lo_v.ty.is_error() || hi_v.ty.is_error() {
                return error_expr(span);
            }
            if !value.ty.is_ordered() {
                let message = format!("{} values have no order, so they cannot be in a range", self.show(&value.ty));
                self.error(
                    Diagnostic::error(Code::BadOperands, span, message)
                        .with_label("no order")
                        .with_help("use a list instead: `x in [a, b]`"),
                );
                return error_expr(span);
            }
            let range_ty = Type::Range(Box::new(value.ty.clone()));
            let range = binary(BinOp::Range, lo_v, hi_v, range_ty, r.span);
            return binary(op, value, range, Type::Bool, span);
        }
        let l_is_bare = matches!(&l.kind, ExprKind::Name(n) if !self.is_known_name(body, n));
        let (value, collection) = if l_is_bare {
            let c = self.check_expr(body, r, None);
            let want = c.ty.element().cloned();
            (self.check_expr(body, l, want.as_ref()), c)
        } else {
            let v = self.check_expr(body, l, None);
            let want = Type::List(Box::new(v.ty.strip_optional().clone()));
            let c = self.check_expr(body, r, Some(&want));
            (v, c)
        };
        if value.ty.is_error() || collection.ty.is_error() {
            return error_expr(span);
        }
        let Some(elem) = collection.ty.element().cloned() else {
            let message = format!("`{}` needs a list, set, map or range on its right, not {}", op.symbol(), self.show(&collection.ty));
            self.error(
                Diagnostic::error(Code::BadOperands, collection.span, message)
                    .with_label("not a collection")
                    .with_help("write `x in [a, b]` or `t in 08:00..20:00`"),
            );
            return error_expr(span);
        };
        if matches!(elem, Type::Record(_)) {
            let message = format!(
                "`{}` cannot look for `{}` records in a collection: records are not compared as a whole",
                op.symbol(),
                self.show(&elem)
            );
            self.error(
                Diagnostic::error(Code::BadOperands, span, message)
                    .with_label("records")
                    .with_help("use `any(x in list: x.id == …)` to compare a field"),
            );
            return error_expr(span);
        }
        let value = match (&value.ty, &elem) {
            (Type::Int, Type::Float) => convert(Conversion::IntToFloat, value, Type::Float),
            // Like `==`: an absent value is in no collection (and `not in` every one).
            (Type::Optional(inner), b) if Checker::compatible(inner, b) => value,
            (Type::Optional(_), _) => {
                self.optional_operand(&value, op);
                return error_expr(span);
            }
            (a, b) if Checker::compatible(a, b) => value,
            (a, b) => {
                let message = format!("a {} cannot be in a collection of {}", self.show(a), self.show(b));
                self.error(
                    Diagnostic::error(Code::BadOperands, span, message)
                        .with_label("different types")
                        .with_help("look for a value of the collection's element type"),
                );
                return error_expr(span);
            }
        };
        binary(op, value, collection, Type::Bool, span)
    }

    fn coalesce(&mut self, body: &mut Body, l: &ast::Expr, r: &ast::Expr, expected: Option<&Type>, span: Span) -> TExpr {
        let want_l = expected.map(|t| Type::Optional(Box::new(t.strip_optional().clone())));
        let l = self.check_expr(body, l, want_l.as_ref());
        let inner = match &l.ty {
            Type::Optional(inner) => (**inner).clone(),
            Type::Error => return error_expr(span),
            other => {
                let message = format!("this {} is never none, so `??` has nothing to do", self.show(other));
                self.error(Diagnostic::warning(Code::NeedlessDefault, l.span, message).with_label("never none").with_help("remove `?? …`"));
                other.clone()
            }
        };
        let r = self.check_expr(body, r, Some(&inner));
        let (r, ty) = match (&r.ty, &inner) {
            (Type::Int, Type::Float) => (convert(Conversion::IntToFloat, r, Type::Float), Type::Float),
            (Type::Optional(ri), _) if Checker::compatible(ri, &inner) => {
                let ty = r.ty.clone();
                (r, ty)
            }
            _ => {
                let r = self.coerce(r, &inner);
                (r, inner.clone())
            }
        };
        binary(BinOp::Coalesce, l, r, ty, span)
    }

    fn arithmetic(&mut self, op: BinOp, l: TExpr, r: TExpr, span: Span) -> TExpr {
        use Type::*;
        if l.ty.is_error() || r.ty.is_error() {
            return error_expr(span);
        }
        for side in [&l, &r] {
            if matches!(side.ty, Optional(_) | None) {
                self.optional_operand(side, op);
                return error_expr(span);
            }
        }
        let fraction = |e: TExpr| convert(Conversion::PercentToFraction, e, Float);
        let widen = |e: TExpr| {
            if e.ty == Int {
                convert(Conversion::IntToFloat, e, Float)
            } else {
                e
            }
        };
        let (lt, rt) = (l.ty.clone(), r.ty.clone());
        match (op, &lt, &rt) {
            (BinOp::Div, Int, Int) => binary(op, widen(l), widen(r), Float, span),
            (_, Int, Int) => binary(op, l, r, Int, span),
            (_, Int | Float, Int | Float) => binary(op, widen(l), widen(r), Float, span),
            (BinOp::Add | BinOp::Sub, Money(a), Money(b)) => match (a, b) {
                (Some(x), Some(y)) if x != y => {
                    self.currency_mismatch(*x, *y, span);
                    error_expr(span)
                }
                _ => binary(op, l, r, Money(a.or(*b)), span),
            },
            (BinOp::Div, Money(a), Money(b)) => {
                if let (Some(x), Some(y)) = (a, b) {
                    if x != y {
                        self.currency_mismatch(*x, *y, span);
                    }
                }
                binary(op, l, r, Float, span)
            }
            (BinOp::Mul | BinOp::Div, Money(_), Int | Float) => binary(op, l, widen(r), lt, span),
            (BinOp::Mul | BinOp::Div, Money(_), Percent) => binary(op, l, fraction(r), lt, span),
            (BinOp::Mul, Int | Float, Money(_)) => binary(op, r, widen(l), rt, span),
            (BinOp::Mul, Percent, Money(_)) => binary(op, r, fraction(l), rt, span),
            (BinOp::Add | BinOp::Sub | BinOp::Mul, Percent, Percent) => binary(op, l, r, Percent, span),
            (BinOp::Mul | BinOp::Div, Percent, Int | Float) => binary(op, fraction(l), widen(r), Float, span),
            (BinOp::Mul, Int | Float, Percent) => binary(op, widen(l), fraction(r), Float, span),
            (BinOp::Add | BinOp::Sub, Duration, Duration) => binary(op, l, r, Duration, span),
            (BinOp::Mul | BinOp::Div, Duration, Int) => binary(op, l, r, Duration, span),
            (BinOp::Mul, Int, Duration) => binary(op, r, l, Duration, span),
            (BinOp::Div, Duration, Duration) => binary(op, l, r, Float, span),
            (BinOp::Add | BinOp::Sub, Timestamp | Date | Time, Duration) => binary(op, l, r, lt, span),
            (BinOp::Add, Duration, Timestamp | Date | Time) => binary(op, r, l, rt, span),
            (BinOp::Sub, Timestamp, Timestamp) | (BinOp::Sub, Date, Date) | (BinOp::Sub, Time, Time) => binary(op, l, r, Duration, span),
            _ => {
                let message = format!("`{}` does not work on {} and {}", op.symbol(), self.show(&lt), self.show(&rt));
                let help = match (&lt, &rt) {
                    (Text, _) | (_, Text) => "build text with a template: \"{a} {b}\"",
                    (Money(_), Money(_)) => "amounts add and subtract; multiply an amount by a number or percentage",
                    _ => "see the operator table in grammar/README.md",
                };
                self.error(Diagnostic::error(Code::BadOperands, span, message).with_label("here").with_help(help));
                error_expr(span)
            }
        }
    }

    /// Time arithmetic on constants (`2026-11-23 + 20000000000w`) is computed as the VM would,
    /// so a result out of range is an error here instead of a fault at every run.
    fn constant_time_in_range(&mut self, e: &TExpr) {
        let TExprKind::Binary(op, l, r) = &e.kind else {
            return;
        };
        let (Some(Const::Int(a)), Some(Const::Int(b))) = (super::constant::constant(l), super::constant::constant(r)) else {
            return;
        };
        let sub = *op == BinOp::Sub;
        let too_long = || format!("the duration is too long: {}", literal::DURATION_LIMIT);
        let result = match (op, &l.ty, &r.ty) {
            (_, Type::Date, Type::Duration) => semantics::shift_date(a, b, sub).map_err(|f| f.to_string()),
            (_, Type::Timestamp, Type::Duration) => semantics::shift_timestamp(a, b, sub).map_err(|f| f.to_string()),
            (BinOp::Add, Type::Duration, Type::Duration) => a.checked_add(b).ok_or_else(too_long),
            (BinOp::Sub, Type::Duration, Type::Duration) => a.checked_sub(b).ok_or_else(too_long),
            (BinOp::Mul, Type::Duration, Type::Int) => a.checked_mul(b).ok_or_else(too_long),
            _ => return,
        };
        if let Err(message) = result {
            self.error(
                Diagnostic::error(Code::BadLiteral, e.span, message)
                    .with_label("out of range")
                    .with_help("this is computed from constants, so every run would fail; use a smaller duration"),
            );
        }
    }

    pub(super) fn is_known_name(&self, body: &Body, name: &str) -> bool {
        body.names().any(|n| n == name) || self.lookup(body.file, name).is_some()
    }
}
