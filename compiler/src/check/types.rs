//! Type expressions to types, display of types, and the coercion rules.

use super::globals::{Checker, Global};
use crate::ast;
use crate::diagnostic::{suggestion, Code, Diagnostic};
use crate::literal;
use crate::span::FileId;
use crate::tir::*;

const BUILTIN_TYPES: &[&str] =
    &["Bool", "Int", "Float", "Text", "Money", "Percent", "Duration", "Time", "Date", "Timestamp", "List", "Set", "Map"];

/// Whether a map may have keys of this type: the types with one text form, read from JSON object keys.
fn map_key_type(ty: &Type) -> bool {
    matches!(
        ty,
        Type::Text | Type::Int | Type::Bool | Type::Date | Type::Time | Type::Timestamp | Type::Duration | Type::Enum(_) | Type::Error
    )
}

/// How a type is written in messages: `Money<USD>`, `List<Order>`, `Text?`.
pub fn display_type(checked: &Checked, ty: &Type) -> String {
    match ty {
        Type::Bool => "Bool".into(),
        Type::Int => "Int".into(),
        Type::Float => "Float".into(),
        Type::Text => "Text".into(),
        Type::Money(None) => "Money".into(),
        Type::Money(Some(c)) => format!("Money<{}>", literal::format_currency(*c)),
        Type::Percent => "Percent".into(),
        Type::Duration => "Duration".into(),
        Type::Time => "Time".into(),
        Type::Date => "Date".into(),
        Type::Timestamp => "Timestamp".into(),
        Type::Enum(id) => checked.enums.get(*id as usize).map(|e| e.name.clone()).unwrap_or_default(),
        Type::Record(id) => checked.records.get(*id as usize).map(|r| r.name.clone()).unwrap_or_default(),
        Type::Optional(inner) => format!("{}?", display_type(checked, inner)),
        Type::List(inner) => format!("List<{}>", display_type(checked, inner)),
        Type::Set(inner) => format!("Set<{}>", display_type(checked, inner)),
        Type::Map(k, v) => format!("Map<{}, {}>", display_type(checked, k), display_type(checked, v)),
        Type::Range(inner) => format!("a range of {}", display_type(checked, inner)),
        Type::None => "none".into(),
        Type::Error => "?".into(),
    }
}

impl Checker {
    pub fn show(&self, ty: &Type) -> String {
        display_type(&self.out, ty)
    }

    pub fn resolve_type(&mut self, file: FileId, ty: &ast::TypeExpr) -> Type {
        crate::stack::guard(|| self.resolve_type_unguarded(file, ty))
    }

    fn resolve_type_unguarded(&mut self, file: FileId, ty: &ast::TypeExpr) -> Type {
        let base = self.resolve_base_type(file, ty);
        if ty.optional && !base.is_error() {
            if matches!(base, Type::Optional(_)) {
                return base;
            }
            return Type::Optional(Box::new(base));
        }
        base
    }

    fn resolve_base_type(&mut self, file: FileId, ty: &ast::TypeExpr) -> Type {
        let name = ty.name.name.as_str();
        let arity = match name {
            "List" | "Set" => 1,
            "Map" => 2,
            "Money" => ty.args.len().min(1),
            _ => 0,
        };
        if ty.args.len() != arity {
            let help = match name {
                "List" | "Set" => format!("write `{name}<Type>`"),
                "Map" => "write `Map<KeyType, ValueType>`".to_owned(),
                "Money" => "write `Money` or `Money<USD>`".to_owned(),
                _ => format!("`{name}` takes no type arguments"),
            };
            self.error(
                Diagnostic::error(
                    Code::TypeMismatch,
                    ty.span,
                    format!("`{name}` takes {arity} type argument{}", if arity == 1 { "" } else { "s" }),
                )
                .with_label("here")
                .with_help(help),
            );
            return Type::Error;
        }
        let mut args = ty.args.iter();
        match name {
            "Bool" => Type::Bool,
            "Int" => Type::Int,
            "Float" => Type::Float,
            "Text" => Type::Text,
            "Percent" => Type::Percent,
            "Duration" => Type::Duration,
            "Time" => Type::Time,
            "Date" => Type::Date,
            "Timestamp" => Type::Timestamp,
            "Money" => match args.next() {
                None => Type::Money(None),
                Some(code) => match literal::parse_currency(&code.name.name) {
                    Ok(c) => Type::Money(Some(c)),
                    Err(message) => {
                        self.error(
                            Diagnostic::error(Code::UnknownType, code.span, message)
                                .with_label("here")
                                .with_help("write a three-letter code such as USD or EUR"),
                        );
                        Type::Error
                    }
                },
            },
            "List" | "Set" | "Map" => {
                let first_expr = args.next();
                let first = first_expr.map(|a| self.resolve_type(file, a)).unwrap_or(Type::Error);
                match name {
                    "List" => Type::List(Box::new(first)),
                    "Set" => Type::Set(Box::new(first)),
                    _ => {
                        let value = args.next().map(|a| self.resolve_type(file, a)).unwrap_or(Type::Error);
                        match first_expr {
                            Some(key) if !map_key_type(&first) => self.bad_map_key(key, &first),
                            _ => Type::Map(Box::new(first), Box::new(value)),
                        }
                    }
                }
            }
            _ => self.resolve_named_type(file, &ty.name),
        }
    }

    /// Refuses a map key type that a JSON object key cannot hold.
    fn bad_map_key(&mut self, key: &ast::TypeExpr, ty: &Type) -> Type {
        let message = format!("a `Map` key cannot be {}: inputs write maps as JSON objects, whose keys are text", self.show(ty));
        self.error(
            Diagnostic::error(Code::MapKeyType, key.span, message)
                .with_label("key type")
                .with_help("use Text, Int, Bool, Date, Time, Timestamp, Duration or an enum as the key, or a List of records"),
        );
        Type::Error
    }

    fn resolve_named_type(&mut self, file: FileId, name: &ast::Ident) -> Type {
        match self.lookup(file, &name.name) {
            Some((Global::Record(id), target)) => {
                self.reference(name.span, target);
                Type::Record(id)
            }
            Some((Global::Enum(id), target)) => {
                self.reference(name.span, target);
                Type::Enum(id)
            }
            _ if name.name.is_empty() => Type::Error,
            _ => {
                let mut candidates: Vec<String> = BUILTIN_TYPES.iter().map(|s| (*s).to_owned()).collect();
                candidates.extend(
                    self.visible(file).filter(|(_, (g, _))| matches!(g, Global::Record(_) | Global::Enum(_))).map(|(n, _)| n.clone()),
                );
                let hint = suggestion(&name.name, candidates.iter().map(String::as_str));
                self.error(
                    Diagnostic::error(Code::UnknownType, name.span, format!("no type named `{}`{hint}", name.name))
                        .with_label("unknown type")
                        .with_help("declare it with `record` or `enum`, or use a built-in type such as Int, Text or Money"),
                );
                Type::Error
            }
        }
    }

    /// Whether a value of type `actual` may stand where `expected` is needed, without conversion.
    pub fn compatible(actual: &Type, expected: &Type) -> bool {
        match (actual, expected) {
            (Type::Error, _) | (_, Type::Error) => true,
            (Type::Money(a), Type::Money(b)) => a.is_none() || b.is_none() || a == b,
            (Type::None, Type::Optional(_)) => true,
            (Type::Optional(a), Type::Optional(b))
            | (Type::List(a), Type::List(b))
            | (Type::Set(a), Type::Set(b))
            | (Type::Range(a), Type::Range(b)) => Checker::compatible(a, b),
            (Type::List(a), Type::Set(b)) => Checker::compatible(a, b),
            (Type::Map(ak, av), Type::Map(bk, bv)) => Checker::compatible(ak, bk) && Checker::compatible(av, bv),
            (a, b) => a == b,
        }
    }

    /// Converts `value` to `expected` where the language allows it, else reports a mismatch.
    pub fn coerce(&mut self, value: TExpr, expected: &Type) -> TExpr {
        if Checker::compatible(&value.ty, expected) {
            return value;
        }
        let span = value.span;
        match (&value.ty, expected) {
            (Type::Int, Type::Float) => return convert(Conversion::IntToFloat, value, Type::Float),
            (Type::Int, Type::Optional(inner)) if **inner == Type::Float => {
                let v = convert(Conversion::IntToFloat, value, Type::Float);
                return convert(Conversion::Some, v, expected.clone());
            }
            (actual, Type::Optional(inner)) if Checker::compatible(actual, inner) => {
                return convert(Conversion::Some, value, expected.clone())
            }
            (Type::Optional(inner), want) if Checker::compatible(inner, want) => {
                self.error(
                    Diagnostic::error(Code::UnhandledOptional, span, format!("this value may be none, but {} is needed", self.show(want)))
                        .with_label(format!("{} may be none", self.show(&value.ty)))
                        .with_help("give a default with `??`, for example `value ?? 0`"),
                );
            }
            (Type::Money(Some(a)), Type::Money(Some(b))) => {
                self.error(
                    Diagnostic::error(
                        Code::CurrencyMismatch,
                        span,
                        format!("this amount is in {} but {} is needed", literal::format_currency(*a), literal::format_currency(*b)),
                    )
                    .with_label("wrong currency")
                    .with_help("amounts in different currencies cannot be mixed; convert with an explicit rate first"),
                );
            }
            (actual, want) => {
                let hint = mismatch_help(actual, want);
                self.error(
                    Diagnostic::error(Code::TypeMismatch, span, format!("expected {}, found {}", self.show(want), self.show(actual)))
                        .with_label(format!("this is {}", self.show(actual)))
                        .with_help(hint),
                );
            }
        }
        TExpr { kind: TExprKind::Error, ty: Type::Error, span }
    }
}

fn mismatch_help(actual: &Type, want: &Type) -> String {
    match (actual, want) {
        (Type::Float, Type::Int) => "round it with `math.round(x)`".to_owned(),
        (Type::Text, Type::Enum(_)) => "write the variant without quotes".to_owned(),
        (Type::Int | Type::Float, Type::Money(_)) => "write the amount with its currency, such as `20 USD`".to_owned(),
        (Type::Int | Type::Float, Type::Percent) => "write a percentage such as `20%`".to_owned(),
        (Type::Int, Type::Duration) => "write a duration with its unit, such as `3d` or `12h`".to_owned(),
        _ => "change the value, or the declared type".to_owned(),
    }
}

pub fn convert(conversion: Conversion, value: TExpr, ty: Type) -> TExpr {
    let span = value.span;
    TExpr { kind: TExprKind::Convert(conversion, Box::new(value)), ty, span }
}
