//! Schema-driven input decoding: JSON straight into the decision's slot layout.
//!
//! One `DeserializeSeed` walks the JSON and the declared types together and
//! writes each value into its arena slot, so no intermediate document is
//! built. Every error names the JSON path and says what was expected.

use crate::error::DecideError;
use crate::limits::{InputLimits, MAX_NESTING};
use crate::scratch::{PathSegment, Scratch, MAX_ARENA_SLOTS};
use crate::value::Value;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::fmt;
use tenor_compiler::bytecode::{DecisionCode, FieldLayout, InputSlot, Program};
use tenor_compiler::diagnostic::{suggestion, suggestion_inline};
use tenor_compiler::literal;
use tenor_compiler::tir::Type;

mod money;
use money::decode_money_object;

/// Decodes `json` into `scratch` for `decision`.
pub fn decode_str(
    program: &Program,
    decision: &DecisionCode,
    json: &str,
    limits: InputLimits,
    scratch: &mut Scratch,
) -> Result<(), DecideError> {
    if json.len() > limits.max_input_bytes {
        return Err(DecideError::InputTooLarge { bytes: json.len(), limit: limits.max_input_bytes });
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let not_json = |e: &serde_json::Error| matches!(e.classify(), serde_json::error::Category::Syntax | serde_json::error::Category::Eof);
    match decode_with(program, decision, &mut de, limits, scratch) {
        Ok(()) => {}
        Err((e, _)) if not_json(&e) => return Err(input_error(&format!("the input is not valid JSON: {e}"), "")),
        Err((e, path)) => return Err(input_error(&e.to_string(), &path)),
    }
    de.end().map_err(|e| input_error(&format!("the input is not valid JSON: unexpected text after the input object: {e}"), ""))
}

/// Decodes an already parsed JSON value into `scratch` for `decision`.
pub fn decode_value(
    program: &Program,
    decision: &DecisionCode,
    json: &serde_json::Value,
    limits: InputLimits,
    scratch: &mut Scratch,
) -> Result<(), DecideError> {
    decode_with(program, decision, json, limits, scratch).map_err(|(e, path)| input_error(&e.to_string(), &path))
}

/// Decodes into the frame; on failure, the error and the JSON path where it happened.
fn decode_with<'de, D: de::Deserializer<'de>>(
    program: &Program,
    decision: &DecisionCode,
    de: D,
    limits: InputLimits,
    scratch: &mut Scratch,
) -> Result<(), (D::Error, String)> {
    scratch.reset(decision.frame_size as usize);
    let mut ctx = Ctx { program, inputs: &decision.inputs, scratch, limits };
    let seed = ObjectSeed { ctx: &mut ctx, fields: Fields::Inputs(&decision.inputs), base: Dest::Arena(0), what: "the decision's input" };
    seed.deserialize(de).map_err(|e| (e, ctx.path_text()))
}

fn input_error(message: &str, path: &str) -> DecideError {
    DecideError::Input { message: message.to_owned(), path: path.to_owned() }
}

/// The fields of an object: a record's, or the decision's inputs. Borrowed, never collected.
#[derive(Clone, Copy)]
enum Fields<'p> {
    Record(u32, &'p [FieldLayout]),
    Inputs(&'p [InputSlot]),
}

impl<'p> Fields<'p> {
    fn len(self) -> usize {
        match self {
            Fields::Record(_, f) => f.len(),
            Fields::Inputs(f) => f.len(),
        }
    }

    /// Name, type and slot offset of field `i`.
    fn get(self, i: usize) -> Option<(&'p str, &'p Type, u32)> {
        match self {
            Fields::Record(_, f) => f.get(i).map(|f| (f.name.as_str(), &f.ty, f.offset)),
            Fields::Inputs(f) => f.get(i).map(|f| (f.name.as_str(), &f.ty, f.slot)),
        }
    }

    /// The path segment of field `i`.
    fn segment(self, i: usize) -> PathSegment {
        match self {
            Fields::Record(r, _) => PathSegment::Field(r, i as u32),
            Fields::Inputs(_) => PathSegment::Input(i as u32),
        }
    }

    fn position(self, name: &str) -> Option<usize> {
        (0..self.len()).find(|i| self.get(*i).is_some_and(|f| f.0 == name))
    }

    fn names(self) -> Vec<&'p str> {
        (0..self.len()).filter_map(|i| self.get(i).map(|f| f.0)).collect()
    }
}

/// Which fields of an object were given: a bit mask, or a list for very wide records.
struct Seen {
    mask: u128,
    wide: Vec<bool>,
}

impl Seen {
    fn new(len: usize) -> Seen {
        Seen { mask: 0, wide: if len > 128 { vec![false; len] } else { Vec::new() } }
    }

    /// Marks field `i`; false when it was already marked.
    fn mark(&mut self, i: usize) -> bool {
        if let Some(flag) = self.wide.get_mut(i) {
            return !std::mem::replace(flag, true);
        }
        let bit = 1u128 << (i % 128);
        let fresh = self.mask & bit == 0;
        self.mask |= bit;
        fresh
    }

    fn has(&self, i: usize) -> bool {
        match self.wide.get(i) {
            Some(flag) => *flag,
            None => self.mask & (1u128 << (i % 128)) != 0,
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Dest {
    Arena(usize),
    Stack(usize),
}

impl Dest {
    fn at(self, offset: u32) -> Dest {
        match self {
            Dest::Arena(i) => Dest::Arena(i + offset as usize),
            Dest::Stack(i) => Dest::Stack(i + offset as usize),
        }
    }
}

struct Ctx<'a> {
    program: &'a Program,
    inputs: &'a [InputSlot],
    scratch: &'a mut Scratch,
    limits: InputLimits,
}

impl Ctx<'_> {
    fn write(&mut self, dest: Dest, value: Value) {
        let slot = match dest {
            Dest::Arena(i) => self.scratch.arena.get_mut(i),
            Dest::Stack(i) => self.scratch.stack.get_mut(i),
        };
        if let Some(slot) = slot {
            *slot = value;
        }
    }

    fn path_text(&self) -> String {
        let mut out = String::new();
        for segment in &self.scratch.path {
            let name = match *segment {
                PathSegment::Index(i) => {
                    out.push_str(&format!("[{i}]"));
                    continue;
                }
                PathSegment::Input(i) => self.inputs.get(i as usize).map(|f| f.name.as_str()),
                PathSegment::Field(r, f) => {
                    self.program.records.get(r as usize).and_then(|l| l.fields.get(f as usize)).map(|f| f.name.as_str())
                }
                PathSegment::Key(t) => {
                    push_key(&mut out, self.scratch.text.get(t.start as usize..(t.start + t.len) as usize));
                    continue;
                }
                PathSegment::Variant(e, v) => {
                    push_key(&mut out, self.program.enums.get(e as usize).and_then(|e| e.variants.get(v as usize)).map(String::as_str));
                    continue;
                }
            };
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(name.unwrap_or("?"));
        }
        out
    }

    fn here(&self) -> String {
        let path = self.path_text();
        if path.is_empty() {
            "input".to_owned()
        } else {
            path
        }
    }

    fn describe(&self, ty: &Type) -> String {
        match ty {
            Type::Bool => "true or false".into(),
            Type::Int => "a whole number".into(),
            Type::Float => "a number".into(),
            Type::Text => "a string".into(),
            Type::Money(Some(c)) => {
                format!("Money like 12.50 or {{\"amount\": \"12.50\", \"currency\": \"{}\"}}", literal::format_currency(*c))
            }
            Type::Money(None) => "Money like {\"amount\": \"12.50\", \"currency\": \"USD\"}".into(),
            Type::Percent => "a percentage like \"20%\"".into(),
            Type::Duration => "a duration like \"14d\" (or a number of seconds)".into(),
            Type::Time => "a time of day like \"08:30\"".into(),
            Type::Date => "a date like \"2026-11-23\"".into(),
            Type::Timestamp => "a timestamp like \"2026-11-23T08:00:00Z\"".into(),
            Type::Enum(e) => {
                let variants = self.program.enums.get(*e as usize).map(|e| e.variants.join("\", \"")).unwrap_or_default();
                format!("one of \"{variants}\"")
            }
            Type::Record(r) => {
                format!("an object ({})", self.program.records.get(*r as usize).map(|r| r.name.as_str()).unwrap_or("record"))
            }
            Type::List(_) | Type::Set(_) => "an array".into(),
            Type::Map(_, _) => "an object".into(),
            Type::Optional(inner) => format!("{} or null", self.describe(inner)),
            _ => "a value".into(),
        }
    }

    fn mismatch<E: de::Error>(&self, ty: &Type, found: &str) -> E {
        E::custom(format!("{}: expected {}, found {found}", self.here(), self.describe(ty)))
    }

    fn invalid<E: de::Error>(&self, message: &str) -> E {
        E::custom(format!("{}: {message}", self.here()))
    }

    /// Refuses an object or array nested more than [`MAX_NESTING`] levels deep.
    fn nest<E: de::Error>(&self) -> Result<(), E> {
        if self.scratch.path.len() < MAX_NESTING {
            return Ok(());
        }
        Err(self.invalid(&format!("the input nests objects and arrays more than {MAX_NESTING} levels deep; flatten the data")))
    }

    /// Refuses the `count`th element of a `what` (list or map) past the host's limit.
    fn count<E: de::Error>(&self, count: usize, what: &str) -> Result<(), E> {
        if count <= self.limits.max_elements {
            return Ok(());
        }
        let limit = self.limits.max_elements;
        Err(self.invalid(&format!("the {what} has more than {limit} elements, the limit; the host can raise `InputLimits::max_elements`")))
    }
}

/// Appends a map key to a path as `["key"]`.
fn push_key(out: &mut String, key: Option<&str>) {
    out.push('[');
    out.push_str(&serde_json::to_string(key.unwrap_or("?")).unwrap_or_default());
    out.push(']');
}

/// A JSON number as an Int: whole numbers (`-0`, `3.0`) in range; fractions and
/// numbers past the range of Int are errors that say so.
pub(crate) fn whole_number(n: f64) -> Result<i64, String> {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if n.fract() != 0.0 {
        Err(format!("expected a whole number, found {n}"))
    } else if n.abs() >= LIMIT || !n.is_finite() {
        Err(out_of_range(&format!("{n:e}")))
    } else {
        Ok(n as i64)
    }
}

fn out_of_range(number: &str) -> String {
    format!("the number {number} is out of range: whole numbers go from {} to {}", i64::MIN, i64::MAX)
}

fn found_str(s: &str) -> String {
    let shown: String = s.chars().take(40).collect();
    format!("string \"{shown}\"")
}

/// Decodes one value of type `ty` into `dest`.
struct SlotSeed<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    ty: &'a Type,
    dest: Dest,
}

impl<'de> DeserializeSeed<'de> for SlotSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for SlotSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.ctx.describe(self.ty))
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<(), E> {
        match self.ty.strip_optional() {
            Type::Bool => {
                self.ctx.write(self.dest, Value::Bool(b));
                Ok(())
            }
            _ => Err(self.ctx.mismatch(self.ty, &b.to_string())),
        }
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<(), E> {
        let value = match self.ty.strip_optional() {
            Type::Int | Type::Duration => Value::Int(n),
            Type::Float => Value::Float(n as f64),
            // The currency is in the type, so a host may send the bare amount.
            Type::Money(Some(currency)) => {
                Value::Money { amount: literal::amount_from_int(n).map_err(|m| self.ctx.invalid(&m))?, currency: *currency }
            }
            _ => return Err(self.ctx.mismatch(self.ty, &format!("the number {n}"))),
        };
        self.ctx.write(self.dest, value);
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<(), E> {
        match (i64::try_from(n), self.ty.strip_optional()) {
            (Ok(i), _) => self.visit_i64(i),
            (Err(_), Type::Float) => self.visit_f64(n as f64),
            (Err(_), Type::Int | Type::Duration) => Err(self.ctx.invalid(&out_of_range(&n.to_string()))),
            (Err(_), Type::Money(Some(_))) => Err(self.ctx.invalid(&format!("the amount {n} is too large"))),
            (Err(_), _) => Err(self.ctx.mismatch(self.ty, &format!("the number {n}"))),
        }
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<(), E> {
        match self.ty.strip_optional() {
            Type::Float if n.is_finite() => {
                self.ctx.write(self.dest, Value::Float(n));
                Ok(())
            }
            Type::Int | Type::Duration => match whole_number(n) {
                Ok(i) => self.visit_i64(i),
                Err(message) => Err(self.ctx.invalid(&message)),
            },
            Type::Money(Some(currency)) => {
                let amount = literal::amount_from_float(n).map_err(|m| self.ctx.invalid(&m))?;
                self.ctx.write(self.dest, Value::Money { amount, currency: *currency });
                Ok(())
            }
            _ => Err(self.ctx.mismatch(self.ty, &format!("the number {n}"))),
        }
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<(), E> {
        let ty = self.ty.strip_optional();
        let parsed = match ty {
            Type::Text => Ok(Value::Text(self.ctx.scratch.push_text(s))),
            Type::Enum(e) => enum_value(self.ctx, *e, s),
            Type::Money(currency) => money_from_text(s, *currency),
            Type::Percent => literal::parse_percent(s).map(Value::Float),
            Type::Duration => literal::parse_duration(s).map(Value::Int),
            Type::Time => literal::parse_time(s).map(Value::Int),
            Type::Date => literal::parse_date(s).map(Value::Int),
            Type::Timestamp => literal::parse_timestamp(s).map(Value::Int),
            _ => return Err(self.ctx.mismatch(self.ty, &found_str(s))),
        };
        match parsed {
            Ok(v) => {
                self.ctx.write(self.dest, v);
                Ok(())
            }
            Err(message) => Err(self.ctx.invalid(&message)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        match self.ty {
            Type::Optional(_) => Ok(()),
            _ => Err(self.ctx.invalid(&format!("expected {}, found null; this field is required", self.ctx.describe(self.ty)))),
        }
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let elem = match self.ty.strip_optional() {
            Type::List(e) | Type::Set(e) => e.as_ref(),
            _ => return Err(self.ctx.mismatch(self.ty, "an array")),
        };
        self.ctx.nest()?;
        let stride = self.ctx.program.size_of(elem) as usize;
        let mark = self.ctx.scratch.stack.len();
        let mut index = 0;
        loop {
            let at = self.ctx.scratch.stack.len();
            if at + stride > MAX_ARENA_SLOTS {
                return Err(self.ctx.invalid("the input is too large"));
            }
            self.ctx.scratch.stack.resize(at + stride, Value::None);
            self.ctx.scratch.path.push(PathSegment::Index(index));
            let found = seq.next_element_seed(SlotSeed { ctx: &mut *self.ctx, ty: elem, dest: Dest::Stack(at) })?;
            self.ctx.scratch.path.pop();
            if found.is_none() {
                self.ctx.scratch.stack.truncate(at);
                break;
            }
            index += 1;
            self.ctx.count(index as usize, "array")?;
        }
        let list = self.ctx.scratch.stack_to_list(mark, stride as u32).ok_or_else(|| self.ctx.invalid("the input is too large"))?;
        self.ctx.write(self.dest, Value::List(list));
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.ctx.nest()?;
        match self.ty {
            Type::Record(r) => {
                let program = self.ctx.program;
                let Some(layout) = program.records.get(*r as usize) else {
                    return Err(self.ctx.mismatch(self.ty, "an object"));
                };
                ObjectSeed { ctx: self.ctx, fields: Fields::Record(*r, &layout.fields), base: self.dest, what: &layout.name }.visit_map(map)
            }
            Type::Optional(inner) if matches!(**inner, Type::Record(_)) => {
                self.ctx.write(self.dest, Value::Bool(true));
                SlotSeed { ctx: self.ctx, ty: inner, dest: self.dest.at(1) }.visit_map(map)
            }
            Type::Optional(inner) => SlotSeed { ctx: self.ctx, ty: inner, dest: self.dest }.visit_map(map),
            Type::Map(k, v) => decode_map(self.ctx, k, v, self.dest, map),
            Type::Money(currency) => decode_money_object(self.ctx, *currency, self.dest, map),
            _ => Err(self.ctx.mismatch(self.ty, "an object")),
        }
    }
}

fn enum_value(ctx: &Ctx<'_>, e: u32, s: &str) -> Result<Value, String> {
    let variants = ctx.program.enums.get(e as usize).map(|e| e.variants.as_slice()).unwrap_or_default();
    match variants.iter().position(|v| v == s) {
        Some(i) => Ok(Value::Int(i as i64)),
        None => Err(format!(
            "expected one of \"{}\", found \"{}\"{}",
            variants.join("\", \""),
            s.chars().take(40).collect::<String>(),
            suggestion(s, variants.iter().map(String::as_str))
        )),
    }
}

fn money_from_text(s: &str, want: Option<u32>) -> Result<Value, String> {
    literal::parse_money(s, want).map(|(amount, currency)| Value::Money { amount, currency })
}

/// Decodes the fields of a JSON object into slots `base + offset`.
struct ObjectSeed<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    fields: Fields<'a>,
    base: Dest,
    what: &'a str,
}

impl<'de> DeserializeSeed<'de> for ObjectSeed<'_, '_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ObjectSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with the fields `{}`", self.fields.names().join("`, `"))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = Seen::new(self.fields.len());
        while let Some(index) = map.next_key_seed(FieldKey { ctx: &*self.ctx, fields: self.fields, what: self.what })? {
            let Some((name, ty, offset)) = self.fields.get(index) else { continue };
            if !seen.mark(index) {
                return Err(self.ctx.invalid(&format!("the field `{name}` appears twice")));
            }
            self.ctx.scratch.path.push(self.fields.segment(index));
            map.next_value_seed(SlotSeed { ctx: &mut *self.ctx, ty, dest: self.base.at(offset) })?;
            self.ctx.scratch.path.pop();
        }
        let missing: Vec<String> = (0..self.fields.len())
            .filter(|i| !seen.has(*i))
            .filter_map(|i| self.fields.get(i))
            .filter(|(_, ty, _)| !matches!(ty, Type::Optional(_)))
            .map(|(name, ty, _)| format!("`{name}` ({})", self.ctx.describe(ty)))
            .collect();
        if !missing.is_empty() {
            return Err(self.ctx.invalid(&format!("{} is missing {}", self.what, missing.join(", "))));
        }
        Ok(())
    }
}

fn decode_map<'de, 'a, A: MapAccess<'de>>(
    ctx: &mut Ctx<'a>,
    key_ty: &Type,
    value_ty: &'a Type,
    dest: Dest,
    mut map: A,
) -> Result<(), A::Error> {
    let stride = 1 + ctx.program.size_of(value_ty) as usize;
    let mark = ctx.scratch.stack.len();
    let mut count = 0;
    while let Some((key, segment)) = map.next_key_seed(MapKey { ctx: &mut *ctx, ty: key_ty })? {
        count += 1;
        ctx.count(count, "map")?;
        let at = ctx.scratch.stack.len();
        if at + stride > MAX_ARENA_SLOTS {
            return Err(ctx.invalid("the input is too large"));
        }
        ctx.scratch.stack.resize(at + stride, Value::None);
        ctx.write(Dest::Stack(at), key);
        ctx.scratch.path.push(segment);
        map.next_value_seed(SlotSeed { ctx: &mut *ctx, ty: value_ty, dest: Dest::Stack(at + 1) })?;
        ctx.scratch.path.pop();
    }
    let list = ctx.scratch.stack_to_list(mark, stride as u32).ok_or_else(|| ctx.invalid("the input is too large"))?;
    ctx.write(dest, Value::List(list));
    Ok(())
}

/// Matches an object key against the fields without allocating; an unknown key is an error.
struct FieldKey<'c, 'a> {
    ctx: &'c Ctx<'a>,
    fields: Fields<'a>,
    what: &'a str,
}

impl<'de> DeserializeSeed<'de> for FieldKey<'_, '_> {
    type Value = usize;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for FieldKey<'_, '_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        self.fields.position(key).ok_or_else(|| {
            let names = self.fields.names();
            let hint = suggestion_inline(key, names.iter().copied());
            let shown: String = key.chars().take(40).collect();
            self.ctx.invalid(&format!("unknown field `{shown}` in {}{hint}; the fields are `{}`", self.what, names.join("`, `")))
        })
    }
}

/// Reads a map key by the map's declared key type, with its path segment.
struct MapKey<'c, 'a, 't> {
    ctx: &'c mut Ctx<'a>,
    ty: &'t Type,
}

impl<'de> DeserializeSeed<'de> for MapKey<'_, '_, '_> {
    type Value = (Value, PathSegment);

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for MapKey<'_, '_, '_> {
    type Value = (Value, PathSegment);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        let text = self.ctx.scratch.push_text(key);
        let segment = PathSegment::Key(text);
        let value = match self.ty {
            Type::Enum(e) => match enum_value(self.ctx, *e, key) {
                Ok(Value::Int(i)) => return Ok((Value::Int(i), PathSegment::Variant(*e, i as u32))),
                other => other,
            },
            Type::Text => Ok(Value::Text(text)),
            Type::Int => key
                .parse::<i64>()
                .ok()
                .filter(|n| n.to_string() == key)
                .map(Value::Int)
                .ok_or_else(|| format!("expected an Int key like \"42\", found {}", found_str(key))),
            Type::Bool => match key {
                "true" | "false" => Ok(Value::Bool(key == "true")),
                _ => Err(format!("expected a Bool key, \"true\" or \"false\", found {}", found_str(key))),
            },
            Type::Duration => literal::parse_duration(key).map(Value::Int),
            Type::Time => literal::parse_time(key).map(Value::Int),
            Type::Date => literal::parse_date(key).map(Value::Int),
            Type::Timestamp => literal::parse_timestamp(key).map(Value::Int),
            other => Err(format!("a map with {} keys cannot be read from JSON", self.ctx.describe(other))),
        };
        value.map(|v| (v, segment)).map_err(|message| {
            self.ctx.scratch.path.push(segment);
            self.ctx.invalid(&message)
        })
    }
}
