//! Param overrides per environment: a TOML or JSON file of `name = value`, checked against
//! the params' declared types before any of it is used.

mod convert;
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
    #[error("param `{name}`{at}: {message}")]
    Value {
        /// The param.
        name: String,
        /// Where inside the param's value, as ` at `[1].discount``; empty for the value itself.
        at: String,
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
            let value = convert::to_const(program, value, ty)
                .and_then(|c| if param.is_some_and(|p| p.positive) { positive(c, ty).map_err(convert::here) } else { Ok(c) })
                .map_err(|(at, message)| ParamsError::Value { name: name.clone(), at: convert::shown_place(&at), message })?;
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
