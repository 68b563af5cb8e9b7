//! Parsing a params file into one JSON tree: TOML or JSON, with the places of syntax errors,
//! no key twice in one JSON object, and no non-finite TOML float (`nan`, `inf`).

use super::{ParamsError, ParamsFormat};
use serde::de::{Deserialize, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value as Json};

/// The file's text as a JSON tree; an empty file is refused (a truncated file must not mean "defaults").
pub(super) fn parse(text: &str, format: ParamsFormat) -> Result<Json, ParamsError> {
    if text.trim().is_empty() {
        return Err(ParamsError::Empty);
    }
    match format {
        ParamsFormat::Json => {
            let mut deserializer = serde_json::Deserializer::from_str(text);
            let parsed = UniqueKeys::deserialize(&mut deserializer).and_then(|UniqueKeys(json)| deserializer.end().map(|()| json));
            parsed.map_err(|e| ParamsError::Syntax { format: "JSON", message: e.to_string() })
        }
        ParamsFormat::Toml => {
            let table: toml::Table = text.parse().map_err(|e: toml::de::Error| toml_syntax(text, &e))?;
            from_toml(toml::Value::Table(table), &mut Vec::new())
        }
    }
}

/// A TOML syntax error as one line ending with its line and column, as serde_json writes them.
fn toml_syntax(text: &str, error: &toml::de::Error) -> ParamsError {
    let what = error.message().trim().replace('\n', "; ");
    let message = match error.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or(text);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            format!("{what} at line {line} column {column}")
        }
        None => what,
    };
    ParamsError::Syntax { format: "TOML", message }
}

/// A TOML value as JSON: dates and times become their text; `nan` and `inf` are refused.
fn from_toml(value: toml::Value, path: &mut Vec<String>) -> Result<Json, ParamsError> {
    Ok(match value {
        toml::Value::String(s) => Json::String(s),
        toml::Value::Integer(i) => Json::from(i),
        toml::Value::Float(f) => match serde_json::Number::from_f64(f) {
            Some(n) => Json::Number(n),
            None => {
                return Err(ParamsError::Value {
                    name: place(path),
                    at: String::new(),
                    message: format!("expected a finite number, found `{}`; `nan` and `inf` are not allowed", toml_float(f)),
                })
            }
        },
        toml::Value::Boolean(b) => Json::Bool(b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(items) => Json::Array(items.into_iter().map(|i| from_toml(i, path)).collect::<Result<_, _>>()?),
        toml::Value::Table(table) => {
            let mut map = Map::new();
            for (key, value) in table {
                path.push(key);
                let converted = from_toml(value, path)?;
                map.insert(path.pop().unwrap_or_default(), converted);
            }
            Json::Object(map)
        }
    })
}

/// A non-finite float as TOML writes it.
fn toml_float(f: f64) -> &'static str {
    match (f.is_nan(), f.is_sign_negative()) {
        (true, _) => "nan",
        (false, false) => "inf",
        (false, true) => "-inf",
    }
}

/// Keys as written: `pkg.x` for a nested table, `"pkg.x"` for one quoted key.
pub(super) fn place(path: &[String]) -> String {
    let keys: Vec<String> = path.iter().map(|k| if k.contains('.') || k.is_empty() { format!("\"{k}\"") } else { k.clone() }).collect();
    keys.join(".")
}

/// A JSON value read with every object's keys checked for repeats (serde_json keeps the last).
struct UniqueKeys(Json);

impl<'de> Deserialize<'de> for UniqueKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<UniqueKeys, D::Error> {
        deserializer.deserialize_any(UniqueVisitor).map(UniqueKeys)
    }
}

struct UniqueVisitor;

impl<'de> Visitor<'de> for UniqueVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Json, E> {
        Ok(Json::from(i))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Json, E> {
        Ok(Json::from(u))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Json, E> {
        Ok(serde_json::Number::from_f64(f).map_or(Json::Null, Json::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Json, E> {
        Ok(Json::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Json, E> {
        Ok(Json::String(s))
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(UniqueKeys(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Json, A::Error> {
        let mut map = Map::new();
        while let Some(key) = entries.next_key::<String>()? {
            if map.contains_key(&key) {
                return Err(A::Error::custom(format!("the key `{key}` appears twice in one object; keep one")));
            }
            let UniqueKeys(value) = entries.next_value()?;
            map.insert(key, value);
        }
        Ok(Json::Object(map))
    }
}
