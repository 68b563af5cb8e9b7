//! JSON Schema (draft 2020-12) of a decision's input, as the decoder reads it.

use serde_json::{json, Map, Value};
use tenor_compiler::bytecode::{DecisionCode, Program};
use tenor_compiler::tir::Type;

/// The schema of the JSON object a decision reads: one property per input; a record's
/// optional fields may be left out, every other field is required.
///
/// ```
/// use tenor_runtime::live::{schema, PolicyVersion};
/// let version = PolicyVersion::from_text("p.tenor", "decision d(n: Int, note: Text?) { same: Int = n }").unwrap();
/// let code = &version.program().decisions[0];
/// let schema = schema::input_schema(version.program(), code);
/// assert_eq!(schema["properties"]["n"]["type"], "integer");
/// assert_eq!(schema["required"], serde_json::json!(["n"]));
/// ```
pub fn input_schema(program: &Program, code: &DecisionCode) -> Value {
    let fields = code.inputs.iter().map(|input| (input.name.as_str(), &input.ty));
    let mut schema = object_schema(program, fields);
    if let Value::Object(map) = &mut schema {
        map.insert("$schema".to_owned(), json!("https://json-schema.org/draft/2020-12/schema"));
        map.insert("title".to_owned(), json!(code.name));
    }
    schema
}

/// `{"type": "object", "properties": …, "required": …}` for named fields.
fn object_schema<'a>(program: &Program, fields: impl Iterator<Item = (&'a str, &'a Type)>) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (name, ty) in fields {
        if !matches!(ty, Type::Optional(_)) {
            required.push(json!(name));
        }
        properties.insert(name.to_owned(), type_schema(program, ty));
    }
    json!({"type": "object", "properties": properties, "required": required})
}

/// The schema of one value of type `ty`.
fn type_schema(program: &Program, ty: &Type) -> Value {
    match ty {
        Type::Bool => json!({"type": "boolean"}),
        Type::Int => json!({"type": "integer"}),
        Type::Float => json!({"type": "number"}),
        Type::Text => json!({"type": "string"}),
        Type::Money(_) => money_schema(),
        Type::Percent => json!({"type": "string", "examples": ["20%"]}),
        Type::Duration => json!({"type": ["string", "integer"], "examples": ["14d", "90m"]}),
        Type::Time => json!({"type": "string", "examples": ["08:30"]}),
        Type::Date => json!({"type": "string", "format": "date"}),
        Type::Timestamp => json!({"type": "string", "format": "date-time"}),
        Type::Enum(e) => json!({"enum": program.enums.get(*e as usize).map(|e| e.variants.clone()).unwrap_or_default()}),
        Type::Record(r) => match program.records.get(*r as usize) {
            Some(layout) => {
                let mut schema = object_schema(program, layout.fields.iter().map(|f| (f.name.as_str(), &f.ty)));
                if let Value::Object(map) = &mut schema {
                    map.insert("title".to_owned(), json!(layout.name));
                }
                schema
            }
            None => json!({"type": "object"}),
        },
        Type::Optional(inner) => json!({"anyOf": [type_schema(program, inner), {"type": "null"}]}),
        Type::List(e) => json!({"type": "array", "items": type_schema(program, e)}),
        Type::Set(e) => json!({"type": "array", "items": type_schema(program, e), "uniqueItems": true}),
        Type::Map(_, v) => json!({"type": "object", "additionalProperties": type_schema(program, v)}),
        Type::Range(_) | Type::None | Type::Error => json!({}),
    }
}

/// `{"amount": "12.50", "currency": "USD"}` or `"12.50 USD"`.
fn money_schema() -> Value {
    json!({"anyOf": [
        {"type": "object", "properties": {"amount": {"type": ["string", "number"]}, "currency": {"type": "string"}},
         "required": ["amount", "currency"]},
        {"type": "string", "examples": ["12.50 USD"]}
    ]})
}
