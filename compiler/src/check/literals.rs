//! Literal values of any type, as a test's `given` inputs and params' defaults write them:
//! records as `{ field: value }`, maps as `{ key: value }` (`given_map.rs`), lists as `[…]`,
//! and scalars as checked constant expressions.

use super::constant::constant;
use super::globals::Checker;
use super::scope::Body;
use crate::ast::{self, ExprKind};
use crate::diagnostic::{suggestion, Code, Diagnostic};
use crate::span::{FileId, Span};
use crate::tir::*;

/// Where a literal value is written; its errors say which rule it broke.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum LiteralSite<'a> {
    /// A test's `given` input.
    Test,
    /// The default of the param named.
    Param(&'a str),
}

impl LiteralSite<'_> {
    /// The code of an error in a literal written here.
    pub(super) fn code(self) -> Code {
        match self {
            LiteralSite::Test => Code::TestInput,
            LiteralSite::Param(_) => Code::ParamDefault,
        }
    }
}

impl Checker {
    /// A param's default: a literal value of the param's type, as the program holds it.
    pub(super) fn param_default(&mut self, file: FileId, param: &ast::ParamDecl, ty: &Type) -> Const {
        self.literal_value(file, &param.default, ty, LiteralSite::Param(&param.name.name))
    }

    /// A literal value of type `ty` written at `site`.
    pub(super) fn literal_value(&mut self, file: FileId, value: &ast::Expr, ty: &Type, site: LiteralSite) -> Const {
        crate::stack::guard(|| self.literal_value_unguarded(file, value, ty, site))
    }

    fn literal_value_unguarded(&mut self, file: FileId, value: &ast::Expr, ty: &Type, site: LiteralSite) -> Const {
        match (&value.kind, ty.strip_optional()) {
            (ExprKind::Record(fields, rest), Type::Record(r)) => self.literal_record(file, *r, (fields, *rest), value.span, site),
            (ExprKind::Record(entries, rest), Type::Map(k, v)) => self.given_map(file, (k, v), (entries, *rest), value.span, site),
            (ExprKind::List(items), Type::List(elem) | Type::Set(elem)) => {
                let elem = (**elem).clone();
                Const::List(items.iter().map(|i| self.literal_value(file, i, &elem, site)).collect())
            }
            (ExprKind::Record(_, _), other) if !other.is_error() => {
                let message = format!("expected {}, found a value written `{{ name: value }}`", self.show(ty));
                self.error(
                    Diagnostic::error(Code::TypeMismatch, value.span, message)
                        .with_label("a record or a map")
                        .with_help(format!("`{{ … }}` writes a record or a map; write a value of type {} here", self.show(ty))),
                );
                Const::None
            }
            // A record for a type that does not resolve: the unknown type is the one error.
            (ExprKind::Record(_, _), _) => Const::None,
            _ => {
                let mut body = Body::new(file, None);
                let v = self.check_expr(&mut body, value, Some(ty));
                let v = self.coerce(v, ty);
                match constant(&v) {
                    Some(c) => c,
                    None => {
                        if !v.ty.is_error() {
                            self.error(not_literal(value.span, site));
                        }
                        Const::None
                    }
                }
            }
        }
    }

    fn literal_record(
        &mut self,
        file: FileId,
        r: RecordId,
        (fields, rest): (&[(ast::Ident, ast::Expr)], bool),
        span: Span,
        site: LiteralSite,
    ) -> Const {
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
        let fills = rest && site == LiteralSite::Test;
        let mut values = Vec::new();
        let mut missing = Vec::new();
        for field in &def.fields {
            match fields.iter().find(|(n, _)| n.name == field.name) {
                Some((_, value)) => values.push(self.literal_value(file, value, &field.ty, site)),
                None => {
                    if !fills && !matches!(field.ty, Type::Optional(_)) {
                        missing.push(field.name.clone());
                    }
                    values.push(if fills { self.default_value(&field.ty) } else { Const::None });
                }
            }
        }
        if rest && !fills {
            self.error(
                Diagnostic::error(Code::ParamDefault, span, format!("a param's default writes every field of `{}`", def.name))
                    .with_label("`...` here")
                    .with_help("write the remaining fields; `...` fills a record only in a test's `given`"),
            );
        } else if !missing.is_empty() {
            let help = match site {
                LiteralSite::Test => "write them, or end the record with `...` to give the rest default values",
                LiteralSite::Param(_) => "write them: a param's default holds every field that is not optional",
            };
            self.error(
                Diagnostic::error(Code::MissingField, span, format!("this `{}` lacks `{}`", def.name, missing.join("`, `")))
                    .with_label("fields missing")
                    .with_help(help),
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

/// The error for a computed value where a literal is needed.
fn not_literal(span: Span, site: LiteralSite) -> Diagnostic {
    match site {
        LiteralSite::Test => Diagnostic::error(Code::TestInput, span, "test inputs are written as literal values")
            .with_label("not a literal")
            .with_help("write the value itself, such as `5200 USD`, `vip` or `\"defective\"`"),
        LiteralSite::Param(name) => Diagnostic::error(Code::ParamDefault, span, format!("the default of `{name}` must be a literal value"))
            .with_label("computed, not a literal")
            .with_help("write the value itself, such as `3000 USD` or `-0.3`; a computed value belongs in a `let`"),
    }
}
