//! Safe access and bounded ordering: `first`, `last`, `take`, optional chaining (`a?.b`),
//! `sort(…)` and `top(…)`.

use super::expr::{error_expr, typed};
use super::globals::Checker;
use super::scope::Body;
use super::types::convert;
use crate::ast;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;
use crate::tir::*;

impl Checker {
    /// `base?.field`: none when `base` is none, else the field (an optional either way).
    pub(super) fn optional_field(&mut self, body: &mut Body, base: &ast::Expr, field: &ast::Ident, span: Span) -> TExpr {
        let base_text = crate::print::expr(base);
        let value = self.check_expr(body, base, None);
        let inner = match &value.ty {
            Type::Optional(inner) => (**inner).clone(),
            Type::Record(_) => {
                let message = format!("this {} is always present, so `?.` is not needed", self.show(&value.ty));
                self.error(
                    Diagnostic::error(Code::TypeMismatch, field.span, message)
                        .with_label("never none")
                        .with_help(format!("read the field with `.{}`", field.name)),
                );
                return error_expr(span);
            }
            _ => return self.field_of(value, field, span, &base_text),
        };
        let binder = body.hidden(inner.clone(), value.span);
        let present = typed(TExprKind::Local(binder), inner, value.span);
        let read = self.field_of(present, field, span, &base_text);
        let then = match &read.ty {
            Type::Error => return error_expr(span),
            Type::Optional(_) => read,
            other => {
                let ty = Type::Optional(Box::new(other.clone()));
                convert(Conversion::Some, read, ty)
            }
        };
        let ty = then.ty.clone();
        typed(TExprKind::IfSome { value: Box::new(value), binder, then: Box::new(then) }, ty, span)
    }

    /// `first(xs)`, `last(xs)` or `take(n, xs)`.
    pub(super) fn list_op(&mut self, body: &mut Body, op: ListOp, name: &str, args: &[ast::Expr], span: Span) -> TExpr {
        let want = if op == ListOp::Take { 2 } else { 1 };
        if !self.arity(name, want, args.len(), span) {
            self.check_args_for_errors(body, args);
            return error_expr(span);
        }
        let (count, list) = match (op, args) {
            (ListOp::Take, [count, list]) => (Some(count), list),
            (_, [list, ..]) => (None, list),
            _ => return error_expr(span),
        };
        let count = count.map(|c| {
            let n = self.check_expr(body, c, Some(&Type::Int));
            let n = self.coerce(n, &Type::Int);
            self.not_negative(&n);
            Box::new(n)
        });
        let list = self.check_expr(body, list, None);
        let elem = match &list.ty {
            Type::List(t) => (**t).clone(),
            Type::Error => return error_expr(span),
            other => {
                let message = format!("`{name}` takes a list, not {}", self.show(other));
                self.error(
                    Diagnostic::error(Code::TypeMismatch, list.span, message)
                        .with_label("not a list")
                        .with_help("`first`, `last` and `take` work on lists; order a set first: `sort(x in s by x)`"),
                );
                return error_expr(span);
            }
        };
        let ty = match op {
            ListOp::Take => list.ty.clone(),
            _ if matches!(elem, Type::Optional(_)) => elem,
            _ => Type::Optional(Box::new(elem)),
        };
        typed(TExprKind::ListOp(op, Box::new(list), count), ty, span)
    }

    /// A constant count below zero is refused (`take(-1, xs)`); other values are checked when they run.
    fn not_negative(&mut self, count: &TExpr) {
        if let Some(Const::Int(n)) = super::constant::constant(count) {
            if n < 0 {
                self.error(
                    Diagnostic::error(Code::BadLiteral, count.span, format!("a count of elements cannot be negative, not {n}"))
                        .with_label("negative")
                        .with_help("write how many elements to keep: 0 or more"),
                );
            }
        }
    }

    /// `sort(x in xs where p by key descending)` and `top(n, x in xs where p by key)`.
    pub(super) fn sort(&mut self, body: &mut Body, sort: &ast::SortExpr, span: Span) -> TExpr {
        let keyword = if sort.top.is_some() { "top" } else { "sort" };
        let source = self.check_expr(body, &sort.source, None);
        let (elem, list_ty) = match &source.ty {
            Type::List(t) | Type::Set(t) => ((**t).clone(), Type::List(t.clone())),
            Type::Error => (Type::Error, Type::Error),
            other => {
                let message = format!("`{keyword}` orders a list or set, not {}", self.show(other));
                self.error(
                    Diagnostic::error(Code::TypeMismatch, source.span, message)
                        .with_label("not a list or set")
                        .with_help("order a List or Set field"),
                );
                (Type::Error, Type::Error)
            }
        };
        let mark = body.mark();
        let binder = body.declare(&sort.binder.name, elem, sort.binder.span);
        let filter = sort.filter.as_ref().map(|f| Box::new(self.check_bool(body, f)));
        let key = self.check_expr(body, &sort.key, None);
        body.reset(mark);
        self.sort_key(keyword, &key);
        let source = match filter {
            Some(filter) => {
                let kind = TExprKind::Comprehension {
                    aggregate: ast::Aggregate::Filter,
                    binder,
                    source: Box::new(source),
                    filter: Some(filter),
                    body: None,
                };
                typed(kind, list_ty.clone(), span)
            }
            None => source,
        };
        let sorted = typed(
            TExprKind::Sort { binder, source: Box::new(source), key: Box::new(key), descending: sort.descending },
            list_ty.clone(),
            span,
        );
        match &sort.top {
            Some(count) => {
                let n = self.check_expr(body, count, Some(&Type::Int));
                let n = self.coerce(n, &Type::Int);
                self.not_negative(&n);
                typed(TExprKind::ListOp(ListOp::Take, Box::new(sorted), Some(Box::new(n))), list_ty, span)
            }
            None => sorted,
        }
    }

    /// A sort key must have an order and be present.
    fn sort_key(&mut self, keyword: &str, key: &TExpr) {
        match &key.ty {
            Type::Error => {}
            t if t.is_ordered() || matches!(t, Type::Enum(_)) => {}
            Type::Optional(inner) if inner.is_ordered() || matches!(**inner, Type::Enum(_)) => self.error(
                Diagnostic::error(
                    Code::UnhandledOptional,
                    key.span,
                    format!("`{keyword}` needs a key for every element, but this may be none"),
                )
                .with_label(format!("{} may be none", self.show(&key.ty)))
                .with_help("give a default with `??`, such as `by c.score ?? 0`"),
            ),
            other => {
                let message = format!("`{keyword}` cannot order by {}: it has no order", self.show(other));
                self.error(
                    Diagnostic::error(Code::BadOperands, key.span, message)
                        .with_label("no order")
                        .with_help("order by a number, amount, percentage, duration, date, time, timestamp or enum"),
                );
            }
        }
    }
}
