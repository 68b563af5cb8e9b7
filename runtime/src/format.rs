//! Values as text (templates) and as JSON (decision output), by their declared type.

use crate::load::LoadedProgram;
use crate::scratch::Scratch;
use crate::value::{Pool, RowRef, TextRef, Value};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use std::fmt::Write as _;
use tenor_compiler::literal;
use tenor_compiler::tir::Type;

/// The text a reference points to ("" if it is out of range).
pub fn text<'a>(loaded: &'a LoadedProgram, scratch: &'a Scratch, t: TextRef) -> &'a str {
    let pool = match t.pool {
        Pool::Program => &loaded.texts,
        Pool::Scratch => &scratch.text,
    };
    pool.get(t.start as usize..(t.start + t.len) as usize).unwrap_or("")
}

/// Appends `v`, of type `ty`, to the scratch text as a person would read it.
pub fn append(loaded: &LoadedProgram, scratch: &mut Scratch, v: Value, ty: &Type) {
    match (v, ty.strip_optional()) {
        (Value::Text(t), _) => match t.pool {
            Pool::Scratch => {
                let range = t.start as usize..(t.start + t.len) as usize;
                if scratch.text.get(range.clone()).is_some() {
                    scratch.text.extend_from_within(range);
                }
            }
            Pool::Program => {
                let s = text(loaded, scratch, t).to_owned();
                scratch.text.push_str(&s);
            }
        },
        (Value::Int(i), Type::Enum(e)) => {
            let name = loaded.program.enums.get(*e as usize).and_then(|e| e.variants.get(i as usize)).map(String::as_str).unwrap_or("?");
            scratch.text.push_str(name);
        }
        (v, ty) => {
            let _ = write!(scratch.text, "{}", Display { v, ty });
        }
    }
}

/// Scalar values as text.
struct Display<'a> {
    v: Value,
    ty: &'a Type,
}

impl std::fmt::Display for Display<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.v, self.ty) {
            (Value::None, _) => f.write_str("none"),
            (Value::Bool(b), _) => write!(f, "{b}"),
            (Value::Int(i), Type::Duration) => f.write_str(&literal::format_duration(i)),
            (Value::Int(i), Type::Time) => f.write_str(&literal::format_time(i)),
            (Value::Int(i), Type::Date) => f.write_str(&literal::format_date(i)),
            (Value::Int(i), Type::Timestamp) => f.write_str(&literal::format_timestamp(i)),
            (Value::Int(i), _) => write!(f, "{i}"),
            (Value::Float(x), Type::Percent) => f.write_str(&literal::format_percent(x)),
            (Value::Float(x), _) => write!(f, "{x}"),
            (Value::Money { amount, currency }, _) => {
                write!(f, "{} {}", literal::format_amount(amount), literal::format_currency(currency))
            }
            _ => Ok(()),
        }
    }
}

/// A value of a known type, serializable as the decision's JSON output.
pub struct JsonValue<'a> {
    /// The program (enum names, layouts) and its pool.
    pub loaded: &'a LoadedProgram,
    /// The arena and text of the decision.
    pub scratch: &'a Scratch,
    /// The value.
    pub value: Value,
    /// Its type.
    pub ty: &'a Type,
}

impl JsonValue<'_> {
    fn with<'b>(&'b self, value: Value, ty: &'b Type) -> JsonValue<'b> {
        JsonValue { loaded: self.loaded, scratch: self.scratch, value, ty }
    }

    fn slot(&self, pool: Pool, index: usize) -> Value {
        match pool {
            Pool::Program => self.loaded.values.get(index).copied(),
            Pool::Scratch => self.scratch.arena.get(index).copied(),
        }
        .unwrap_or(Value::None)
    }

    /// The value of type `ty` stored from slot `at`: a record is a row there, an optional record
    /// a presence slot and then the row (none when absent), anything else the slot itself.
    fn stored(&self, pool: Pool, at: u32, ty: &Type) -> Value {
        match ty {
            Type::Record(_) => Value::Row(RowRef { pool, start: at }),
            Type::Optional(inner) if matches!(**inner, Type::Record(_)) => match self.slot(pool, at as usize) {
                Value::None => Value::None,
                _ => Value::Row(RowRef { pool, start: at + 1 }),
            },
            _ => self.slot(pool, at as usize),
        }
    }
}

impl Serialize for JsonValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match (self.value, self.ty.strip_optional()) {
            (Value::None, _) => s.serialize_none(),
            (Value::Bool(b), _) => s.serialize_bool(b),
            (Value::Int(i), Type::Int) => s.serialize_i64(i),
            (Value::Int(i), Type::Enum(e)) => {
                let name =
                    self.loaded.program.enums.get(*e as usize).and_then(|e| e.variants.get(i as usize)).map(String::as_str).unwrap_or("");
                s.serialize_str(name)
            }
            (Value::Float(x), Type::Float) => {
                if x.is_finite() {
                    s.serialize_f64(x)
                } else {
                    s.serialize_none()
                }
            }
            (Value::Money { amount, currency }, _) => {
                let mut map = s.serialize_map(Some(2))?;
                map.serialize_entry("amount", &literal::format_amount(amount))?;
                map.serialize_entry("currency", &literal::format_currency(currency))?;
                map.end()
            }
            (Value::Text(t), _) => s.serialize_str(text(self.loaded, self.scratch, t)),
            (Value::List(list), Type::Map(k, v)) => {
                let stride = self.loaded.program.stride_of(self.ty.strip_optional()) as usize;
                let mut map = s.serialize_map(Some(list.len as usize))?;
                for i in 0..list.len as usize {
                    let at = list.start as usize + i * stride;
                    let key = self.with(self.slot(list.pool, at), k);
                    let value = self.stored(list.pool, at as u32 + 1, v);
                    map.serialize_entry(&key, &self.with(value, v))?;
                }
                map.end()
            }
            (Value::List(list), ty @ (Type::List(elem) | Type::Set(elem))) => {
                let stride = self.loaded.program.stride_of(ty) as usize;
                let mut seq = s.serialize_seq(Some(list.len as usize))?;
                for i in 0..list.len as usize {
                    let at = list.start as usize + i * stride;
                    let value = self.stored(list.pool, at as u32, elem);
                    seq.serialize_element(&self.with(value, elem))?;
                }
                seq.end()
            }
            (Value::Row(base), Type::Record(r)) => {
                let Some(layout) = self.loaded.program.records.get(*r as usize) else {
                    return s.serialize_none();
                };
                let mut map = s.serialize_map(Some(layout.fields.len()))?;
                for field in &layout.fields {
                    let at = base.at(field.offset);
                    let value = self.stored(at.pool, at.start, &field.ty);
                    map.serialize_entry(&field.name, &self.with(value, &field.ty))?;
                }
                map.end()
            }
            (v, ty) => s.collect_str(&Display { v, ty }),
        }
    }
}
