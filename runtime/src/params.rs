//! Param overrides per environment: a TOML or JSON file of `name = value`, checked against
//! the params' declared types before any of it is used.

mod document;

use crate::engine::Engine;
use serde_json::Value as Json;
use tenor_compiler::bytecode::Program;
use tenor_compiler::diagnostic::suggestion_inline;
use tenor_compiler::literal;
use tenor_compiler::tir::{Const, Type};

/// Why a params file was refused. Nothing of a refused file is applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParamsError {
    /// The file is not valid TOML or JSON.
    #[error("the params file is not valid {format}: {message}")]
    Syntax {
        /// `TOML` or `JSON`.
        format: &'static str,
        /// The parser's message.
        message: String,
    },
    /// A name that no param has.
    #[error("no param named `{name}`{hint}; the params are {available}")]
    Unknown {
        /// The name in the file.
        name: String,
        /// " (did you mean …)" or nothing.
        hint: String,
        /// The params there are.
        available: String,
    },
    /// Two packages declare a param of this name; the file must say which.
    #[error("`{name}` is a param of several packages ({packages}); write `package.{name}`")]
    Ambiguous {
        /// The name in the file.
        name: String,
        /// The packages that declare it.
        packages: String,
    },
    /// Two keys of the file set the same param (`x` and `pkg.x`, or a table and a dotted key).
    #[error("param `{name}` is set twice, by `{first}` and by `{second}`; keep one")]
    Twice {
        /// The param, package-qualified when it has a package.
        name: String,
        /// One key that sets it, as written.
        first: String,
        /// The other.
        second: String,
    },
    /// The file holds nothing (a truncated file must not silently mean "the defaults").
    #[error("the params file is empty; write `name = value` lines (TOML) or a JSON object, or give no params file")]
    Empty,
    /// A value of the wrong type.
    #[error("param `{name}`: {message}")]
    Value {
        /// The param.
        name: String,
        /// What is wrong and what was expected.
        message: String,
    },
}

/// The format of a params file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamsFormat {
    /// `upset_below = -0.4`
    Toml,
    /// `{"upset_below": -0.4}`
    Json,
}

impl ParamsFormat {
    /// The format a file name implies: `.json` is JSON, anything else TOML.
    pub fn of_path(path: &std::path::Path) -> ParamsFormat {
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) {
            ParamsFormat::Json
        } else {
            ParamsFormat::Toml
        }
    }
}

impl Engine {
    /// A copy of this engine whose params take the values in `text`; unlisted params keep their defaults.
    pub fn with_params(&self, text: &str, format: ParamsFormat) -> Result<Engine, ParamsError> {
        let document = document::parse(text, format)?;
        let program = self.program();
        let mut overrides = Vec::new();
        collect(program, &document, &mut Vec::new(), &mut overrides)?;
        let mut values = program.params.iter().map(|p| p.default.clone()).collect::<Vec<_>>();
        for found in overrides {
            if let Some(slot) = values.get_mut(found.index) {
                *slot = found.value;
            }
        }
        Ok(self.with_param_values(&values))
    }
}

/// A param's new value, and the keys that set it (as written, for messages).
struct Override {
    index: usize,
    value: Const,
    place: String,
}

/// Finds the params a (possibly nested) table names and converts their values; `path` holds the keys above `table`.
fn collect(program: &Program, table: &Json, path: &mut Vec<String>, out: &mut Vec<Override>) -> Result<(), ParamsError> {
    let Json::Object(entries) = table else {
        return Err(ParamsError::Syntax { format: "params", message: "expected a table of `name = value`".to_owned() });
    };
    for (key, value) in entries {
        path.push(key.clone());
        let found = entry(program, value, path, out);
        path.pop();
        found?;
    }
    Ok(())
}

/// One key of a table: a param's value, a table of a package's params, or an unknown name.
fn entry(program: &Program, value: &Json, path: &mut Vec<String>, out: &mut Vec<Override>) -> Result<(), ParamsError> {
    let name = path.join(".");
    match find(program, &name)? {
        Some(index) => {
            let param = program.params.get(index);
            let ty = param.map(|p| &p.ty).unwrap_or(&Type::Error);
            let value = to_const(program, value, ty)
                .and_then(|c| if param.is_some_and(|p| p.positive) { positive(c, ty) } else { Ok(c) })
                .map_err(|message| ParamsError::Value { name: name.clone(), message })?;
            let place = document::place(path);
            if let Some(first) = out.iter().find(|o| o.index == index) {
                let name =
                    param.map(|p| if p.package.is_empty() { p.name.clone() } else { format!("{}.{}", p.package, p.name) }).unwrap_or(name);
                return Err(ParamsError::Twice { name, first: first.place.clone(), second: place });
            }
            out.push(Override { index, value, place });
            Ok(())
        }
        None if value.is_object() => collect(program, value, path, out),
        None => {
            let names: Vec<&str> = program.params.iter().map(|p| p.name.as_str()).collect();
            Err(ParamsError::Unknown {
                hint: suggestion_inline(&name, names.iter().copied()),
                available: if names.is_empty() { "none".to_owned() } else { format!("`{}`", names.join("`, `")) },
                name,
            })
        }
    }
}

/// The param called `name` or `package.name`.
fn find(program: &Program, name: &str) -> Result<Option<usize>, ParamsError> {
    let matches: Vec<usize> = program
        .params
        .iter()
        .enumerate()
        .filter(|(_, p)| p.name == name || (!p.package.is_empty() && format!("{}.{}", p.package, p.name) == name))
        .map(|(i, _)| i)
        .collect();
    match matches.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        many => Err(ParamsError::Ambiguous {
            name: name.to_owned(),
            packages: many.iter().filter_map(|i| program.params.get(*i)).map(|p| format!("`{}`", p.package)).collect::<Vec<_>>().join(", "),
        }),
    }
}

/// A JSON value as a constant of type `ty`, with a message naming what was expected.
fn to_const(program: &Program, value: &Json, ty: &Type) -> Result<Const, String> {
    let expected = |what: &str| format!("expected {what}, found {}", shown(value));
    Ok(match (ty, value) {
        (Type::Optional(_), Json::Null) => Const::None,
        (Type::Optional(inner), _) => to_const(program, value, inner)?,
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
        (Type::List(elem) | Type::Set(elem), Json::Array(items)) => {
            Const::List(items.iter().map(|i| to_const(program, i, elem)).collect::<Result<_, _>>()?)
        }
        _ => return Err(expected(&describe(ty))),
    })
}

/// The value of a param the policy uses as a count or a window, refused unless above zero.
fn positive(c: Const, ty: &Type) -> Result<Const, String> {
    match (&c, ty) {
        (Const::Int(n), Type::Duration) if *n <= 0 => Err(format!(
            "the policy uses it as a contact window or gap, so it must be longer than zero, not {}",
            literal::format_duration(*n)
        )),
        (Const::Int(n), _) if *n <= 0 => Err(format!("the policy uses it as a count, so it must be 1 or more, not {n}")),
        _ => Ok(c),
    }
}

fn describe(ty: &Type) -> String {
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
