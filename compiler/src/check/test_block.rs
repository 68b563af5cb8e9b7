//! Checking `test` blocks: the decision called, its literal inputs, and the expectations.

use super::expr::Body;
use super::globals::{Checker, Global};
use crate::ast::{self, ExprKind};
use crate::diagnostic::{suggestion, Code, Diagnostic};
use crate::span::{FileId, Span};
use crate::tir::*;

/// The constant a checked expression stands for, if it is one.
pub(super) fn constant(e: &TExpr) -> Option<Const> {
    crate::stack::guard(|| constant_unguarded(e))
}

fn constant_unguarded(e: &TExpr) -> Option<Const> {
    match &e.kind {
        TExprKind::Const(c) => Some(c.clone()),
        TExprKind::Template(parts) => plain_text(parts).map(Const::Text),
        TExprKind::Neg(inner) => match constant(inner)? {
            Const::Int(i) => i.checked_neg().map(Const::Int),
            Const::Float(f) => Some(Const::Float(-f)),
            Const::Money(a, c) => a.checked_neg().map(|a| Const::Money(a, c)),
            _ => None,
        },
        TExprKind::Convert(Conversion::IntToFloat, inner) => match constant(inner)? {
            Const::Int(i) => Some(Const::Float(i as f64)),
            _ => None,
        },
        TExprKind::Convert(Conversion::Some, inner) => constant(inner),
        TExprKind::List(items) => items.iter().map(constant).collect::<Option<Vec<_>>>().map(Const::List),
        _ => None,
    }
}

impl Checker {
    pub(super) fn check_test(&mut self, file: FileId, test: &ast::TestDecl) {
        let Some(decision_id) = self.test_decision(file, &test.decision) else {
            return;
        };
        let Some(decision) = self.out.decisions.get(decision_id as usize) else {
            return;
        };
        let inputs = decision.inputs.clone();
        let outputs = decision.outputs.clone();
        let offer_enum = decision.offers.as_ref().map(|o| o.names);
        let experiments: Vec<(String, EnumId, Span)> = decision.experiments.iter().map(|e| (e.name.clone(), e.arms, e.span)).collect();
        let mut given = Vec::new();
        for (name, ty) in &inputs {
            match test.given.iter().find(|(n, _)| &n.name == name) {
                Some((_, value)) => given.push(self.given_value(file, value, ty)),
                None => {
                    self.error(
                        Diagnostic::error(Code::MissingField, test.decision.span, format!("`given` has no value for the input `{name}`"))
                            .with_label("input missing")
                            .with_help(format!("add `{name}: {{ ... }}`")),
                    );
                    given.push(Const::None);
                }
            }
        }
        for (name, _) in &test.given {
            if !inputs.iter().any(|(n, _)| n == &name.name) {
                let hint = suggestion(&name.name, inputs.iter().map(|(n, _)| n.as_str()));
                self.error(
                    Diagnostic::error(Code::UnknownName, name.span, format!("`{}` has no input `{}`{hint}", test.decision.name, name.name))
                        .with_label("unknown input")
                        .with_help("name the decision's inputs as it declares them"),
                );
            }
        }
        let mut body = Body::new(file, None);
        for output in &outputs {
            body.declare(&output.name, output.ty.clone(), output.span);
        }
        if let Some(e) = offer_enum {
            body.declare("offer", Type::Optional(Box::new(Type::Enum(e))), test.span);
            body.declare("offers", Type::List(Box::new(Type::Enum(e))), test.span);
            body.declare("suppressed", Type::List(Box::new(Type::Enum(e))), test.span);
        }
        for (name, arms, span) in &experiments {
            body.declare(name, Type::Enum(*arms), *span);
        }
        let expects = test.expects.iter().map(|e| self.check_bool(&mut body, e)).collect();
        self.out.locals.extend(body.scopes(test.span));
        self.out.tests.push(TestDef {
            name: test.name.clone(),
            package: self.package_of(file),
            decision: decision_id,
            given,
            expects,
            locals: body.local_count(),
            span: test.name_span,
        });
    }

    fn test_decision(&mut self, file: FileId, name: &ast::Ident) -> Option<u32> {
        match self.lookup(file, &name.name) {
            Some((Global::Decision(id), target)) => {
                self.reference(name.span, target);
                Some(id)
            }
            _ => {
                let decisions: Vec<String> =
                    self.visible(file).filter(|(_, (g, _))| matches!(g, Global::Decision(_))).map(|(n, _)| n.clone()).collect();
                let hint = suggestion(&name.name, decisions.iter().map(String::as_str));
                self.error(
                    Diagnostic::error(Code::UnknownDecision, name.span, format!("no decision named `{}`{hint}", name.name))
                        .with_label("unknown decision")
                        .with_help("`given` calls a decision of this package or of one it imports"),
                );
                None
            }
        }
    }

    /// A literal test input of type `ty`.
    fn given_value(&mut self, file: FileId, value: &ast::Expr, ty: &Type) -> Const {
        crate::stack::guard(|| self.given_value_unguarded(file, value, ty))
    }

    fn given_value_unguarded(&mut self, file: FileId, value: &ast::Expr, ty: &Type) -> Const {
        match (&value.kind, ty.strip_optional()) {
            (ExprKind::Record(fields, rest), Type::Record(r)) => self.given_record(file, *r, fields, *rest, value.span),
            (ExprKind::List(items), Type::List(elem) | Type::Set(elem)) => {
                let elem = (**elem).clone();
                Const::List(items.iter().map(|i| self.given_value(file, i, &elem)).collect())
            }
            _ => {
                let mut body = Body::new(file, None);
                let v = self.check_expr(&mut body, value, Some(ty));
                let v = self.coerce(v, ty);
                match constant(&v) {
                    Some(c) => c,
                    None => {
                        if !v.ty.is_error() {
                            self.error(
                                Diagnostic::error(Code::NotAllowed, value.span, "test inputs are written as literal values")
                                    .with_label("not a literal")
                                    .with_help("write the value itself, such as `5200 USD`, `vip` or `\"defective\"`"),
                            );
                        }
                        Const::None
                    }
                }
            }
        }
    }

    fn given_record(&mut self, file: FileId, r: RecordId, fields: &[(ast::Ident, ast::Expr)], rest: bool, span: Span) -> Const {
        let Some(def) = self.out.records.get(r as usize).cloned() else {
            return Const::None;
        };
        for (name, _) in fields {
            match def.fields.iter().find(|f| f.name == name.name) {
                Some(f) => self.reference(name.span, f.span),
                None => {
                    let hint = suggestion(&name.name, def.fields.iter().map(|f| f.name.as_str()));
                    self.error(
                        Diagnostic::error(Code::UnknownField, name.span, format!("no field `{}` on `{}`{hint}", name.name, def.name))
                            .with_label("unknown field")
                            .with_help(format!(
                                "the fields of `{}` are `{}`",
                                def.name,
                                def.fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join("`, `")
                            )),
                    );
                }
            }
        }
        let mut values = Vec::new();
        let mut missing = Vec::new();
        for field in &def.fields {
            match fields.iter().find(|(n, _)| n.name == field.name) {
                Some((_, value)) => values.push(self.given_value(file, value, &field.ty)),
                None => {
                    if !rest && !matches!(field.ty, Type::Optional(_)) {
                        missing.push(field.name.clone());
                    }
                    values.push(self.default_value(&field.ty));
                }
            }
        }
        if !missing.is_empty() {
            self.error(
                Diagnostic::error(Code::MissingField, span, format!("this `{}` lacks `{}`", def.name, missing.join("`, `")))
                    .with_label("fields missing")
                    .with_help("write them, or end the record with `...` to give the rest default values"),
            );
        }
        Const::Record(values)
    }

    /// The value `...` gives a field of this type.
    fn default_value(&self, ty: &Type) -> Const {
        crate::stack::guard(|| self.default_value_unguarded(ty))
    }

    fn default_value_unguarded(&self, ty: &Type) -> Const {
        match ty {
            Type::Bool => Const::Bool(false),
            Type::Int | Type::Duration | Type::Time | Type::Date | Type::Timestamp => Const::Int(0),
            Type::Float | Type::Percent => Const::Float(0.0),
            Type::Text => Const::Text(String::new()),
            Type::Money(c) => Const::Money(0, c.unwrap_or_else(|| u32::from_le_bytes(*b"USD\0"))),
            Type::Enum(_) => Const::Enum(0),
            Type::Record(r) => Const::Record(
                self.out.records.get(*r as usize).map(|d| d.fields.iter().map(|f| self.default_value(&f.ty)).collect()).unwrap_or_default(),
            ),
            Type::List(_) | Type::Set(_) | Type::Map(_, _) => Const::List(Vec::new()),
            _ => Const::None,
        }
    }
}
