//! Checking expressions: name resolution, operators, calls and comprehensions.

use super::globals::{Checker, Global};
use super::scope::Body;
use super::types::convert;
use crate::ast::{self, Aggregate, ExprKind, Literal, UnOp};
use crate::diagnostic::{suggestion, Code, Diagnostic};
use crate::literal;
use crate::native::STDLIB;
use crate::span::Span;
use crate::tir::*;

pub(super) fn error_expr(span: Span) -> TExpr {
    TExpr { kind: TExprKind::Error, ty: Type::Error, span }
}

pub(super) fn typed(kind: TExprKind, ty: Type, span: Span) -> TExpr {
    TExpr { kind, ty, span }
}

pub(super) fn is_stdlib_module(name: &str) -> bool {
    STDLIB.iter().any(|(m, _)| *m == name)
}

impl Checker {
    /// Checks an expression; `expected` guides bare enum variants, `none` and empty lists.
    pub(super) fn check_expr(&mut self, body: &mut Body, expr: &ast::Expr, expected: Option<&Type>) -> TExpr {
        crate::stack::guard(|| self.check_expr_unguarded(body, expr, expected))
    }

    fn check_expr_unguarded(&mut self, body: &mut Body, expr: &ast::Expr, expected: Option<&Type>) -> TExpr {
        let mut checked = self.check_expr_kind(body, expr, expected);
        if let Type::Optional(inner) = &checked.ty {
            if matches!(expr.kind, ExprKind::Name(_) | ExprKind::Field(_, _) | ExprKind::OptionalField(_, _) | ExprKind::Index(_, _))
                && !body.narrowed.is_empty()
                && body.is_present(&crate::print::expr(expr))
            {
                checked.ty = (**inner).clone();
            }
        }
        checked
    }

    fn check_expr_kind(&mut self, body: &mut Body, expr: &ast::Expr, expected: Option<&Type>) -> TExpr {
        let span = expr.span;
        match &expr.kind {
            ExprKind::Literal(lit, _) => self.literal(lit, expected, span),
            ExprKind::Template(parts) => self.template(body, parts, span),
            ExprKind::Name(name) => self.name(body, name, expected, span),
            ExprKind::Field(base, field) => self.field(body, base, field, span),
            ExprKind::OptionalField(base, field) => self.optional_field(body, base, field, span),
            ExprKind::Sort(sort) => self.sort(body, sort, span),
            ExprKind::Index(base, index) => self.index(body, base, index, span),
            ExprKind::Call(callee, args) => self.call(body, callee, args, span),
            ExprKind::Unary(op, operand) => self.unary(body, *op, operand, span),
            ExprKind::Binary(op, l, r) => self.binary(body, *op, l, r, expected, span),
            ExprKind::If(c, t, e) => self.if_expr(body, c, t, e, expected, span),
            ExprKind::Comprehension { aggregate, binder, source, filter, body: b } => {
                let source_expected = if *aggregate == Aggregate::Filter { expected } else { None };
                self.comprehension(body, *aggregate, binder, (source, source_expected), filter.as_deref(), b.as_deref(), span)
            }
            ExprKind::List(items) => self.list(body, items, expected, span),
            ExprKind::Record(_, _) => {
                self.error(
                    Diagnostic::error(Code::RecordValue, span, "a record value can only be written as a test input or a param's default")
                        .with_label("record value")
                        .with_help("read the fields of an input or a param instead"),
                );
                error_expr(span)
            }
            ExprKind::Error => error_expr(span),
        }
    }

    /// `apology_20.message` in a test: the test sees which offers were chosen, not their parts.
    fn offer_field_in_test(&mut self, body: &Body, base: &ast::Expr, field: &ast::Ident, span: Span) -> Option<TExpr> {
        let ExprKind::Name(owner) = &base.kind else { return None };
        let (_, Type::List(offers), _) = body.lookup("offers")? else { return None };
        let Type::Enum(e) = *offers else { return None };
        if body.lookup(owner).is_some() || !self.out.enums.get(e as usize)?.variants.contains(owner) {
            return None;
        }
        self.error(
            Diagnostic::error(
                Code::OfferInTest,
                span,
                format!("`{owner}` is an offer: a test sees which offers were chosen, not an offer's `.{}`", field.name),
            )
            .with_label("offer part")
            .with_help(format!(
                "check the choice: `expect offer == {owner}` or `expect {owner} in offers`; `tenor eval` shows the message"
            )),
        );
        Some(error_expr(span))
    }

    /// Checks an expression that must be a Bool.
    pub(super) fn check_bool(&mut self, body: &mut Body, expr: &ast::Expr) -> TExpr {
        let value = self.check_expr(body, expr, Some(&Type::Bool));
        self.coerce(value, &Type::Bool)
    }

    fn literal(&mut self, lit: &Literal, expected: Option<&Type>, span: Span) -> TExpr {
        let (c, ty) = match lit {
            Literal::Bool(b) => (Const::Bool(*b), Type::Bool),
            Literal::Int(i) => (Const::Int(*i), Type::Int),
            Literal::Float(f) => (Const::Float(*f), Type::Float),
            Literal::Percent(f) => (Const::Float(*f), Type::Percent),
            Literal::Duration(s) => (Const::Int(*s), Type::Duration),
            Literal::Time(s) => (Const::Int(*s), Type::Time),
            Literal::Date(d) => (Const::Int(*d), Type::Date),
            Literal::Timestamp(t) => (Const::Int(*t), Type::Timestamp),
            Literal::Money(amount, code) => match literal::parse_currency(code) {
                Ok(c) => (Const::Money(*amount, c), Type::Money(Some(c))),
                Err(message) => {
                    self.error(Diagnostic::error(Code::BadLiteral, span, message).with_label("here"));
                    return error_expr(span);
                }
            },
            Literal::None => {
                let ty = match expected {
                    Some(t @ Type::Optional(_)) => t.clone(),
                    _ => Type::None,
                };
                (Const::None, ty)
            }
        };
        typed(TExprKind::Const(c), ty, span)
    }

    fn template(&mut self, body: &mut Body, parts: &[ast::TemplatePart], span: Span) -> TExpr {
        let mut out = Vec::new();
        for part in parts {
            match part {
                ast::TemplatePart::Text { value, .. } => out.push(TemplatePart::Text(value.clone())),
                ast::TemplatePart::Interp(e) => {
                    let value = self.check_expr(body, e, None);
                    match &value.ty {
                        Type::Optional(_) | Type::None => self.error(
                            Diagnostic::error(
                                Code::UnhandledOptional,
                                e.span,
                                "this value may be none, so it cannot go into a text as it is",
                            )
                            .with_label(format!("{} may be none", self.show(&value.ty)))
                            .with_help("give a default: `{value ?? \"…\"}`"),
                        ),
                        Type::List(_) | Type::Set(_) | Type::Map(_, _) | Type::Record(_) | Type::Range(_) => self.error(
                            Diagnostic::error(Code::TypeMismatch, e.span, format!("{} cannot go into a text", self.show(&value.ty)))
                                .with_label("not a single value")
                                .with_help("interpolate one field or a count instead"),
                        ),
                        _ => {}
                    }
                    out.push(TemplatePart::Value(value));
                }
            }
        }
        typed(TExprKind::Template(out), Type::Text, span)
    }

    fn name(&mut self, body: &mut Body, name: &str, expected: Option<&Type>, span: Span) -> TExpr {
        if let Some((id, ty, target)) = body.lookup(name) {
            self.reference(span, target);
            return typed(TExprKind::Local(id), ty, span);
        }
        if let Some(Type::Enum(e)) = expected.map(Type::strip_optional) {
            if let Some(found) = self.variant(*e, name, span) {
                return found;
            }
        }
        match self.lookup(body.file, name) {
            Some((Global::Param(id), target)) => {
                self.reference(span, target);
                let ty = self.out.params.get(id as usize).map(|p| p.ty.clone()).unwrap_or(Type::Error);
                typed(TExprKind::Param(id), ty, span)
            }
            Some((Global::Enum(_) | Global::Record(_), _)) => {
                self.error(
                    Diagnostic::error(Code::NotAValue, span, format!("`{name}` is a type, not a value"))
                        .with_label("a type")
                        .with_help(format!("for an enum variant write `{name}.variant`")),
                );
                error_expr(span)
            }
            Some((Global::Fn(_), _)) => {
                self.error(
                    Diagnostic::error(Code::NotAValue, span, format!("`{name}` is a function"))
                        .with_label("not called")
                        .with_help(format!("call it: `{name}(…)`")),
                );
                error_expr(span)
            }
            Some((Global::Decision(_), _)) => {
                self.error(
                    Diagnostic::error(Code::NotAValue, span, format!("`{name}` is a decision, not a value"))
                        .with_label("a decision")
                        .with_help("decisions are called by the host or by tests"),
                );
                error_expr(span)
            }
            None => {
                self.unknown_name(body, name, expected, span);
                error_expr(span)
            }
        }
    }

    fn unknown_name(&mut self, body: &Body, name: &str, expected: Option<&Type>, span: Span) {
        if let Some(offer) = name.strip_prefix(ast::MESSAGE_OF) {
            self.unknown_message(body, offer, span);
            return;
        }
        if let Some(Type::Enum(e)) = expected.map(Type::strip_optional) {
            if let Some(def) = self.out.enums.get(*e as usize) {
                let hint = suggestion(name, def.variants.iter().map(String::as_str));
                let list = def.variants.join("`, `");
                let message = format!("`{}` has no variant `{name}`{hint}", def.name);
                self.error(
                    Diagnostic::error(Code::UnknownName, span, message)
                        .with_label("unknown variant")
                        .with_help(format!("the variants are `{list}`")),
                );
                return;
            }
        }
        let mut candidates: Vec<String> = body.names().filter(|n| !n.starts_with(ast::MESSAGE_OF)).map(str::to_owned).collect();
        candidates.extend(self.visible(body.file).filter(|(_, (g, _))| matches!(g, Global::Param(_))).map(|(n, _)| n.clone()));
        let hint = suggestion(name, candidates.iter().map(String::as_str));
        let enum_owner = self.out.enums.iter().find(|e| e.variants.iter().any(|v| v == name)).map(|e| e.name.clone());
        let help = match enum_owner {
            Some(owner) => {
                format!("`{name}` is a variant of `{owner}`; write `{owner}.{name}` here")
            }
            None => "declare it with `let`, as a decision input, or as a `param`".to_owned(),
        };
        self.error(
            Diagnostic::error(Code::UnknownName, span, format!("nothing named `{name}` is in scope{hint}"))
                .with_label("unknown name")
                .with_help(help),
        );
    }

    /// `message of offer` where no such offer's message is in scope.
    fn unknown_message(&mut self, body: &Body, offer: &str, span: Span) {
        let offers: Vec<&str> = body.names().filter_map(|n| n.strip_prefix(ast::MESSAGE_OF)).collect();
        let diagnostic = if offers.is_empty() {
            Diagnostic::error(Code::OfferInTest, span, "`message of` is read only in the `expect` of a test whose decision has offers")
                .with_label("no offer messages here")
                .with_help("in a test of a decision with offers, write `expect message of offer_name == \"…\"`")
        } else {
            let hint = suggestion(offer, offers.iter().copied());
            Diagnostic::error(Code::UnknownName, span, format!("the decision has no offer `{offer}`{hint}"))
                .with_label("unknown offer")
                .with_help(format!("the offers are `{}`", offers.join("`, `")))
        };
        self.error(diagnostic);
    }

    fn variant(&mut self, e: EnumId, name: &str, span: Span) -> Option<TExpr> {
        let def = self.out.enums.get(e as usize)?;
        let index = def.variants.iter().position(|v| v == name)?;
        let target = def.variant_spans.get(index).copied();
        if let Some(target) = target {
            self.reference(span, target);
        }
        Some(typed(TExprKind::Const(Const::Enum(index as u32)), Type::Enum(e), span))
    }

    pub(super) fn field(&mut self, body: &mut Body, base: &ast::Expr, field: &ast::Ident, span: Span) -> TExpr {
        if let ExprKind::Name(owner) = &base.kind {
            if body.lookup(owner).is_none() {
                if let Some((Global::Enum(e), target)) = self.lookup(body.file, owner) {
                    self.reference(base.span, target);
                    if let Some(v) = self.variant(e, &field.name, span) {
                        return v;
                    }
                    self.unknown_name(body, &field.name, Some(&Type::Enum(e)), field.span);
                    return error_expr(span);
                }
                if is_stdlib_module(owner) {
                    self.error(
                        Diagnostic::error(Code::NotAValue, span, format!("`{owner}.{}` is a function", field.name))
                            .with_label("not called")
                            .with_help(format!("call it: `{owner}.{}(…)`", field.name)),
                    );
                    return error_expr(span);
                }
            }
        }
        if let Some(error) = self.offer_field_in_test(body, base, field, span) {
            return error;
        }
        let base_text = crate::print::expr(base);
        let base = self.check_expr(body, base, None);
        self.field_of(base, field, span, &base_text)
    }

    /// Reads `field` from an already checked record value, written `base_text` in the source.
    pub(super) fn field_of(&mut self, base: TExpr, field: &ast::Ident, span: Span, base_text: &str) -> TExpr {
        match &base.ty {
            Type::Error => error_expr(span),
            Type::Record(r) => {
                let r = *r;
                let Some(def) = self.out.records.get(r as usize) else {
                    return error_expr(span);
                };
                match def.fields.iter().position(|f| f.name == field.name) {
                    Some(index) => {
                        let (ty, target) = def.fields.get(index).map(|f| (f.ty.clone(), f.span)).unwrap_or((Type::Error, span));
                        self.reference(field.span, target);
                        typed(TExprKind::Field { base: Box::new(base), record: r, index: index as u32 }, ty, span)
                    }
                    None => {
                        let hint = suggestion(&field.name, def.fields.iter().map(|f| f.name.as_str()));
                        let names = def.fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join("`, `");
                        let message = format!("no field `{}` on `{}`{hint}", field.name, def.name);
                        self.error(
                            Diagnostic::error(Code::UnknownField, field.span, message)
                                .with_label("unknown field")
                                .with_help(format!("the fields of `{}` are `{names}`", def.name)),
                        );
                        error_expr(span)
                    }
                }
            }
            Type::Optional(inner) if matches!(**inner, Type::Record(_)) => {
                self.error(
                    Diagnostic::error(
                        Code::UnhandledOptional,
                        base.span,
                        format!("this {} may be none, so `.{}` cannot be read from it", self.show(&base.ty), field.name),
                    )
                    .with_label("may be none")
                    .with_help(format!(
                        "test it first: `if {0} != none then {0}.{1} else …`, or `{0} != none and …`",
                        base_text, field.name
                    )),
                );
                error_expr(span)
            }
            other => {
                let message = format!("{} has no fields, so `.{}` cannot be read", self.show(other), field.name);
                self.error(
                    Diagnostic::error(Code::UnknownField, field.span, message)
                        .with_label("no such field")
                        .with_help("fields are read from records"),
                );
                error_expr(span)
            }
        }
    }

    fn index(&mut self, body: &mut Body, base: &ast::Expr, index: &ast::Expr, span: Span) -> TExpr {
        let base = self.check_expr(body, base, None);
        let (key_ty, value_ty) = match &base.ty {
            Type::Error => return error_expr(span),
            Type::Map(k, v) => ((**k).clone(), (**v).clone()),
            Type::List(t) => (Type::Int, (**t).clone()),
            other => {
                let message = format!("{} cannot be indexed with `[…]`", self.show(other));
                self.error(
                    Diagnostic::error(Code::BadOperands, span, message)
                        .with_label("not a list or map")
                        .with_help("index a List with an Int or a Map with its key"),
                );
                return error_expr(span);
            }
        };
        let key = self.check_expr(body, index, Some(&key_ty));
        let key = self.coerce(key, &key_ty);
        let result = match value_ty {
            Type::Optional(_) => value_ty,
            other => Type::Optional(Box::new(other)),
        };
        typed(TExprKind::Index(Box::new(base), Box::new(key)), result, span)
    }

    fn unary(&mut self, body: &mut Body, op: UnOp, operand: &ast::Expr, span: Span) -> TExpr {
        match op {
            UnOp::Not => {
                let v = self.check_bool(body, operand);
                typed(TExprKind::Not(Box::new(v)), Type::Bool, span)
            }
            UnOp::Neg => {
                let v = self.check_expr(body, operand, None);
                match v.ty {
                    Type::Int | Type::Float | Type::Money(_) | Type::Percent | Type::Duration => {
                        let ty = v.ty.clone();
                        typed(TExprKind::Neg(Box::new(v)), ty, span)
                    }
                    Type::Error => error_expr(span),
                    _ => {
                        let message = format!("`-` does not work on {}", self.show(&v.ty));
                        self.error(
                            Diagnostic::error(Code::BadOperands, span, message)
                                .with_label("here")
                                .with_help("negate a number, amount, percentage or duration"),
                        );
                        error_expr(span)
                    }
                }
            }
        }
    }

    fn if_expr(&mut self, body: &mut Body, c: &ast::Expr, t: &ast::Expr, e: &ast::Expr, expected: Option<&Type>, span: Span) -> TExpr {
        let cond = self.check_bool(body, c);
        let then = body.with_present(present_if(c, true), |body| self.check_expr(body, t, expected));
        let want = expected.cloned().unwrap_or_else(|| then.ty.clone());
        let other = body.with_present(present_if(c, false), |body| self.check_expr(body, e, Some(&want)));
        let (then, other) = self.unify(then, other);
        let ty = if then.ty == Type::None { other.ty.clone() } else { then.ty.clone() };
        typed(TExprKind::If(Box::new(cond), Box::new(then), Box::new(other)), ty, span)
    }

    /// Makes two values the same type for `if`, `==` and the like (Int widens to Float, values to optionals).
    pub(super) fn unify(&mut self, a: TExpr, b: TExpr) -> (TExpr, TExpr) {
        if Checker::compatible(&a.ty, &b.ty) && Checker::compatible(&b.ty, &a.ty) {
            return (a, b);
        }
        match (&a.ty, &b.ty) {
            (Type::None, Type::Optional(_)) | (Type::Optional(_), Type::None) => (a, b),
            (Type::None, other) => {
                let t = Type::Optional(Box::new(other.clone()));
                (a, convert(Conversion::Some, b, t))
            }
            (other, Type::None) => {
                let t = Type::Optional(Box::new(other.clone()));
                (convert(Conversion::Some, a, t), b)
            }
            (Type::Int, Type::Float) => (convert(Conversion::IntToFloat, a, Type::Float), b),
            (Type::Float, Type::Int) => (a, convert(Conversion::IntToFloat, b, Type::Float)),
            (_, Type::Optional(_)) => {
                let want = b.ty.clone();
                let a = self.coerce(a, &want);
                (a, b)
            }
            _ => {
                let want = a.ty.clone();
                let b = self.coerce(b, &want);
                (a, b)
            }
        }
    }

    fn list(&mut self, body: &mut Body, items: &[ast::Expr], expected: Option<&Type>, span: Span) -> TExpr {
        let elem_expected = expected.and_then(|t| t.strip_optional().element()).cloned();
        let mut elem_ty = elem_expected.clone();
        let mut out = Vec::new();
        for item in items {
            let v = self.check_expr(body, item, elem_ty.as_ref());
            let v = match &elem_ty {
                Some(t) => self.coerce(v, t),
                None => {
                    elem_ty = Some(v.ty.clone());
                    v
                }
            };
            out.push(v);
        }
        let ty = Type::List(Box::new(elem_ty.unwrap_or(Type::Error)));
        typed(TExprKind::List(out), ty, span)
    }

    #[allow(clippy::too_many_arguments, reason = "a comprehension has this many parts")]
    fn comprehension(
        &mut self,
        body: &mut Body,
        aggregate: Aggregate,
        binder: &ast::Ident,
        (source, source_expected): (&ast::Expr, Option<&Type>),
        filter: Option<&ast::Expr>,
        value: Option<&ast::Expr>,
        span: Span,
    ) -> TExpr {
        let source = self.check_expr(body, source, source_expected);
        let elem = match &source.ty {
            Type::List(t) | Type::Set(t) | Type::Map(t, _) => (**t).clone(),
            Type::Error => Type::Error,
            other => {
                let message = format!("`{}` goes over a list, set or map, not {}", aggregate.keyword(), self.show(other));
                self.error(
                    Diagnostic::error(Code::TypeMismatch, source.span, message)
                        .with_label("not a collection")
                        .with_help("iterate over a List, Set or Map field"),
                );
                Type::Error
            }
        };
        let mark = body.mark();
        let binder_id = body.declare(&binder.name, elem.clone(), binder.span);
        body.limit_scope(binder_id, span);
        let filter = filter.map(|f| Box::new(self.check_bool(body, f)));
        let needs_value = matches!(aggregate, Aggregate::Sum | Aggregate::Min | Aggregate::Max);
        let is_condition = matches!(aggregate, Aggregate::Any | Aggregate::All | Aggregate::Count | Aggregate::Filter);
        let value = match value {
            Some(v) if is_condition => Some(Box::new(self.check_bool(body, v))),
            Some(v) => Some(Box::new(self.check_expr(body, v, None))),
            None if needs_value
                && !matches!(elem, Type::Int | Type::Float | Type::Money(_) | Type::Percent | Type::Duration | Type::Error) =>
            {
                let message = format!(
                    "`{}` needs a value to add up or compare: `{}({} in …: {}.amount)`",
                    aggregate.keyword(),
                    aggregate.keyword(),
                    binder.name,
                    binder.name
                );
                self.error(
                    Diagnostic::error(Code::AggregateBody, span, message)
                        .with_label("no value")
                        .with_help("write `: expression` after the list"),
                );
                None
            }
            None if matches!(aggregate, Aggregate::Any | Aggregate::All)
                && filter.is_none()
                && elem != Type::Bool
                && elem != Type::Error =>
            {
                let message =
                    format!("`{}` needs a condition: `{}({} in …: condition)`", aggregate.keyword(), aggregate.keyword(), binder.name);
                self.error(
                    Diagnostic::error(Code::AggregateBody, span, message)
                        .with_label("no condition")
                        .with_help("write `: condition` after the list"),
                );
                None
            }
            None => None,
        };
        body.reset(mark);
        let value_ty = value.as_ref().map(|v| v.ty.clone()).unwrap_or_else(|| elem.clone());
        let ty = match aggregate {
            Aggregate::Any | Aggregate::All => Type::Bool,
            Aggregate::Count => Type::Int,
            Aggregate::Filter => match &source.ty {
                Type::Map(k, _) => Type::List(k.clone()),
                Type::Set(t) => Type::Set(t.clone()),
                _ => Type::List(Box::new(elem.clone())),
            },
            Aggregate::Sum => {
                if !matches!(value_ty, Type::Int | Type::Float | Type::Money(_) | Type::Percent | Type::Duration | Type::Error) {
                    let message = format!("`sum` adds numbers, amounts or durations, not {}", self.show(&value_ty));
                    self.error(
                        Diagnostic::error(Code::TypeMismatch, span, message)
                            .with_label("cannot add these")
                            .with_help("sum a numeric field"),
                    );
                }
                value_ty.clone()
            }
            Aggregate::Min | Aggregate::Max => {
                if !value_ty.is_ordered() && !value_ty.is_error() {
                    let message = format!("`{}` compares values that have an order, not {}", aggregate.keyword(), self.show(&value_ty));
                    self.error(
                        Diagnostic::error(Code::TypeMismatch, span, message)
                            .with_label("no order")
                            .with_help("compare numbers, amounts, dates or times"),
                    );
                }
                Type::Optional(Box::new(value_ty.clone()))
            }
        };
        let kind = TExprKind::Comprehension { aggregate, binder: binder_id, source: Box::new(source), filter, body: value };
        typed(kind, ty, span)
    }
}

/// The optionals (canonical text) known to be present when `cond` evaluates to `truth`.
pub(super) fn present_if(cond: &ast::Expr, truth: bool) -> Vec<String> {
    crate::stack::guard(|| present_if_unguarded(cond, truth))
}

fn present_if_unguarded(cond: &ast::Expr, truth: bool) -> Vec<String> {
    let is_none = |e: &ast::Expr| matches!(e.kind, ExprKind::Literal(Literal::None, _));
    match (&cond.kind, truth) {
        (ExprKind::Binary(ast::BinOp::Ne, l, r), true) | (ExprKind::Binary(ast::BinOp::Eq, l, r), false) => {
            if is_none(r) {
                vec![crate::print::expr(l)]
            } else if is_none(l) {
                vec![crate::print::expr(r)]
            } else {
                Vec::new()
            }
        }
        (ExprKind::Binary(ast::BinOp::And, l, r), true) | (ExprKind::Binary(ast::BinOp::Or, l, r), false) => {
            let mut facts = present_if(l, truth);
            facts.extend(present_if(r, truth));
            facts
        }
        (ExprKind::Unary(UnOp::Not, inner), _) => present_if(inner, !truth),
        _ => Vec::new(),
    }
}
