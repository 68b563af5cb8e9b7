//! A param's value from a params file (as JSON) to a constant of the param's type: scalars,
//! lists and sets (arrays), maps (tables keyed by variant name or text) and records (tables of
//! fields), with errors that say where inside the value they are.

use serde_json::Value as Json;
use tenor_compiler::bytecode::Program;
use tenor_compiler::diagnostic::suggestion_inline;
use tenor_compiler::literal;
use tenor_compiler::tir::{Const, Type};

/// Where inside the value (`[1].discount`, built outwards from the culprit) and what is wrong.
pub(super) type Fault = (String, String);

/// A message about the value itself, not a part of it.
pub(super) fn here(message: String) -> Fault {
    (String::new(), message)
}

/// ` at `[1].discount`` for a place inside the value, nothing for the value itself.
pub(super) fn shown_place(at: &str) -> String {
    match at.strip_prefix('.').unwrap_or(at) {
        "" => String::new(),
        at => format!(" at `{at}`"),
    }
}

/// A JSON value as a constant of type `ty`, with a message naming what was expected.
pub(super) fn to_const(program: &Program, value: &Json, ty: &Type) -> Result<Const, Fault> {
    tenor_compiler::stack::guard(|| to_const_unguarded(program, value, ty))
}

fn to_const_unguarded(program: &Program, value: &Json, ty: &Type) -> Result<Const, Fault> {
    match (ty, value) {
        (Type::Optional(_), Json::Null) => Ok(Const::None),
        (Type::Optional(inner), _) => to_const(program, value, inner),
        (Type::List(elem) | Type::Set(elem), Json::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| to_const(program, item, elem).map_err(|(at, m)| (format!("[{i}]{at}"), m)))
            .collect::<Result<_, _>>()
            .map(Const::List),
        (Type::Map(key, elem), Json::Object(entries)) => entries
            .iter()
            .map(|(k, v)| {
                let inside = |(at, m): Fault| (format!(".{k}{at}"), m);
                let k = to_const(program, &map_key(k, key), key).map_err(inside)?;
                Ok(Const::List(vec![k, to_const(program, v, elem).map_err(inside)?]))
            })
            .collect::<Result<_, _>>()
            .map(Const::List),
        (Type::Record(r), Json::Object(entries)) => record(program, *r, entries),
        _ => scalar(program, value, ty).map_err(here),
    }
}

/// A map key as written (table keys are text) in the form its type reads: numbers for Int keys.
fn map_key(key: &str, ty: &Type) -> Json {
    match (ty, key.parse::<i64>()) {
        (Type::Int, Ok(i)) => Json::from(i),
        _ => Json::String(key.to_owned()),
    }
}

/// A record from a table of its fields: every field that is not optional is needed, no other.
fn record(program: &Program, r: u32, entries: &serde_json::Map<String, Json>) -> Result<Const, Fault> {
    let Some(layout) = program.records.get(r as usize) else {
        return Err(here("expected a record".to_owned()));
    };
    let names = || layout.fields.iter().map(|f| f.name.as_str());
    if let Some(unknown) = entries.keys().find(|k| !names().any(|n| n == k.as_str())) {
        let hint = suggestion_inline(unknown, names());
        let fields = names().collect::<Vec<_>>().join("`, `");
        return Err(here(format!("`{}` has no field `{unknown}`{hint}; its fields are `{fields}`", layout.name)));
    }
    let mut values = Vec::new();
    for field in &layout.fields {
        values.push(match (entries.get(&field.name), &field.ty) {
            (Some(v), ty) => to_const(program, v, ty).map_err(|(at, m)| (format!(".{}{at}", field.name), m))?,
            (None, Type::Optional(_)) => Const::None,
            (None, _) => {
                return Err(here(format!("this `{}` lacks `{}`; write every field that is not optional", layout.name, field.name)))
            }
        });
    }
    Ok(Const::Record(values))
}

/// A value of one slot's type.
fn scalar(program: &Program, value: &Json, ty: &Type) -> Result<Const, String> {
    let expected = |what: &str| format!("expected {what}, found {}", shown(value));
    Ok(match (ty, value) {
        (Type::Bool, Json::Bool(b)) => Const::Bool(*b),
        (Type::Int, Json::Number(n)) => Const::Int(match n.as_i64() {
            Some(i) => i,
            None => crate::decode::whole_number(n.as_f64().unwrap_or(f64::INFINITY))?,
        }),
        (Type::Float, Json::Number(n)) => Const::Float(n.as_f64().ok_or_else(|| expected("a number"))?),
        (Type::Text, Json::String(s)) => Const::Text(s.clone()),
        (Type::Percent, Json::String(s)) => Const::Float(literal::parse_percent(s)?),
        (Type::Duration, Json::String(s)) => Const::Int(literal::parse_duration(s)?),
        (Type::Time, Json::String(s)) => Const::Int(literal::parse_time(s)?),
        (Type::Date, Json::String(s)) => Const::Int(literal::parse_date(s)?),
        (Type::Timestamp, Json::String(s)) => Const::Int(literal::parse_timestamp(s)?),
        (Type::Money(Some(currency)), Json::Number(n)) => {
            let amount = match n.as_i64() {
                Some(i) => literal::amount_from_int(i)?,
                None => literal::amount_from_float(n.as_f64().ok_or_else(|| expected("an amount"))?)?,
            };
            Const::Money(amount, *currency)
        }
        (Type::Money(want), Json::String(s)) => {
            let (amount, currency) = literal::parse_money(s, *want)?;
            Const::Money(amount, currency)
        }
        (Type::Enum(e), Json::String(s)) => {
            let variants = program.enums.get(*e as usize).map(|e| e.variants.as_slice()).unwrap_or_default();
            let index = variants
                .iter()
                .position(|v| v == s)
                .ok_or_else(|| format!("expected one of \"{}\", found \"{s}\"", variants.join("\", \"")))?;
            Const::Enum(index as u32)
        }
        _ => return Err(expected(&describe(program, ty))),
    })
}

fn describe(program: &Program, ty: &Type) -> String {
    match ty {
        Type::Bool => "true or false".into(),
        Type::Int => "a whole number".into(),
        Type::Float => "a number".into(),
        Type::Text => "a string".into(),
        Type::Money(_) => "an amount like \"2500 USD\"".into(),
        Type::Percent => "a percentage like \"20%\"".into(),
        Type::Duration => "a duration like \"14d\"".into(),
        Type::Time => "a time of day like \"08:30\"".into(),
        Type::Date => "a date like \"2026-11-23\"".into(),
        Type::Timestamp => "a timestamp like \"2026-11-23T08:00:00Z\"".into(),
        Type::Enum(_) => "a variant name".into(),
        Type::List(_) | Type::Set(_) => "an array".into(),
        Type::Map(_, _) => "a table of `key = value`".into(),
        Type::Record(r) => match program.records.get(*r as usize) {
            Some(layout) => format!("a table of the fields of `{}`", layout.name),
            None => "a table of fields".into(),
        },
        _ => "a value of the param's type".into(),
    }
}

fn shown(value: &Json) -> String {
    match value {
        Json::Null => "null".into(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => format!("the number {n}"),
        Json::String(s) => format!("\"{}\"", s.chars().take(40).collect::<String>()),
        Json::Array(_) => "an array".into(),
        Json::Object(_) => "a table".into(),
    }
}
