//! A `Program` made ready to run: constants turned into values once, params resolved.

use crate::value::{ListRef, Pool, RowRef, TextRef, Value};
use tenor_compiler::bytecode::{DecisionCode, Function, Program};
use tenor_compiler::tir::{Const, Type};

/// A function's register file as it starts: constants preloaded, the rest `None`.
#[derive(Clone, Debug, Default)]
pub struct LoadedFunction {
    /// The initial registers.
    pub initial: Vec<Value>,
}

/// A decision's functions as they start: the body, and each offer's message function (by offer index).
#[derive(Clone, Debug, Default)]
pub struct LoadedDecision {
    /// The body.
    pub body: LoadedFunction,
    /// Each offer's message function, if it has a message.
    pub messages: Vec<Option<LoadedFunction>>,
}

/// A program with its constant pool, ready for the VM.
#[derive(Clone, Debug)]
pub struct LoadedProgram {
    /// The compiled program.
    pub program: Program,
    /// Text of constants.
    pub texts: String,
    /// Elements of constant lists.
    pub values: Vec<Value>,
    /// Constants of each decision's functions, by decision index.
    pub decisions: Vec<LoadedDecision>,
    /// The same for the explain-mode copies.
    pub explained: Vec<LoadedDecision>,
    /// Constants of each test's expectations, by test index.
    pub tests: Vec<Vec<LoadedFunction>>,
    /// Param values, by param index.
    pub params: Vec<Value>,
    /// Literal text of each template piece, resolved to the pool.
    pub template_texts: Vec<Vec<TextRef>>,
    /// Each experiment's hash seed: xxh3 of its name.
    pub experiment_seeds: Vec<u64>,
}

impl LoadedProgram {
    /// Loads a program.
    pub fn new(program: Program) -> LoadedProgram {
        let mut loaded = LoadedProgram {
            program: Program::default(),
            texts: String::new(),
            values: Vec::new(),
            decisions: Vec::new(),
            explained: Vec::new(),
            tests: Vec::new(),
            params: Vec::new(),
            template_texts: Vec::new(),
            experiment_seeds: program.experiments.iter().map(|e| xxhash_rust::xxh3::xxh3_64(e.name.as_bytes())).collect(),
        };
        loaded.decisions = program.decisions.iter().map(|d| loaded.decision(d)).collect();
        loaded.explained = program.explained.iter().map(|d| loaded.decision(d)).collect();
        loaded.tests = program.tests.iter().map(|t| t.expects.iter().map(|f| loaded.function(f)).collect()).collect();
        loaded.template_texts = program
            .templates
            .iter()
            .map(|pieces| {
                pieces
                    .iter()
                    .map(|p| match p {
                        tenor_compiler::bytecode::Piece::Text(t) => loaded.text(t),
                        tenor_compiler::bytecode::Piece::Value(..) => TextRef { pool: Pool::Program, start: 0, len: 0 },
                    })
                    .collect()
            })
            .collect();
        let defaults: Vec<Const> = program.params.iter().map(|p| p.default.clone()).collect();
        loaded.program = program;
        loaded.set_params(&defaults);
        loaded
    }

    /// Puts param values (one per param, in order) into the program pool, laid out as inputs of their types are.
    pub(crate) fn set_params(&mut self, values: &[Const]) {
        let LoadedProgram { program, texts, values: pool, params, .. } = self;
        let mut encoder = ParamEncoder { program, texts, values: pool };
        *params = program.params.iter().zip(values).map(|(p, c)| encoder.value(c, &p.ty)).collect();
    }

    fn decision(&mut self, code: &DecisionCode) -> LoadedDecision {
        let offers = code.offers.iter().flat_map(|o| &o.offers);
        let messages = offers.map(|o| o.message.as_ref().map(|m| self.function(&m.function))).collect();
        LoadedDecision { body: self.function(&code.body), messages }
    }

    fn function(&mut self, f: &Function) -> LoadedFunction {
        let mut initial = vec![Value::None; f.registers as usize];
        for (reg, k) in &f.preload {
            let value = f.consts.get(*k as usize).map(|c| self.value(c)).unwrap_or(Value::None);
            if let Some(slot) = initial.get_mut(*reg as usize) {
                *slot = value;
            }
        }
        LoadedFunction { initial }
    }

    fn text(&mut self, t: &str) -> TextRef {
        let start = self.texts.len() as u32;
        self.texts.push_str(t);
        TextRef { pool: Pool::Program, start, len: t.len() as u32 }
    }

    /// A constant as a value in the program pool.
    pub fn value(&mut self, c: &Const) -> Value {
        match c {
            Const::None => Value::None,
            Const::Bool(b) => Value::Bool(*b),
            Const::Int(i) => Value::Int(*i),
            Const::Enum(i) => Value::Int(i64::from(*i)),
            Const::Float(f) => Value::Float(*f),
            Const::Money(amount, currency) => Value::Money { amount: *amount, currency: *currency },
            Const::Text(t) => Value::Text(self.text(t)),
            Const::List(items) | Const::Record(items) => {
                let values: Vec<Value> = items.iter().map(|i| self.value(i)).collect();
                let start = self.values.len() as u32;
                self.values.extend(values);
                Value::List(ListRef { pool: Pool::Program, start, len: items.len() as u32 })
            }
        }
    }
}

/// Writes param values into the program pool with the layout the input decoder gives their
/// types: records flattened into their slots (an optional record after a presence slot), list
/// elements `stride` slots apart, map entries as a key and then the value.
struct ParamEncoder<'a> {
    program: &'a Program,
    texts: &'a mut String,
    values: &'a mut Vec<Value>,
}

impl ParamEncoder<'_> {
    /// The value a register holds for `c` of type `ty`: a record is a row into the pool.
    fn value(&mut self, c: &Const, ty: &Type) -> Value {
        if let Type::Record(_) = ty {
            let mut slots = Vec::new();
            self.slots(c, ty, &mut slots);
            let start = self.values.len() as u32;
            self.values.extend(slots);
            return Value::Row(RowRef { pool: Pool::Program, start });
        }
        self.scalar(c, ty)
    }

    /// Appends the `size_of(ty)` slots of `c` to `out`.
    fn slots(&mut self, c: &Const, ty: &Type, out: &mut Vec<Value>) {
        let size = self.program.size_of(ty) as usize;
        let end = out.len() + size;
        match (ty, c) {
            (Type::Record(r), Const::Record(fields)) => {
                let layout = self.program.records.get(*r as usize).map(|l| l.fields.clone()).unwrap_or_default();
                for (field, value) in layout.iter().zip(fields) {
                    self.slots(value, &field.ty, out);
                }
            }
            (Type::Optional(inner), c) if matches!(**inner, Type::Record(_)) && *c != Const::None => {
                out.push(Value::Bool(true));
                self.slots(c, inner, out);
            }
            (Type::Record(_) | Type::Optional(_), _) if size > 1 => {}
            _ => out.push(self.scalar(c, ty)),
        }
        out.resize(end, Value::None);
    }

    /// A one-slot value; a list, set or map is written to the pool and referenced.
    fn scalar(&mut self, c: &Const, ty: &Type) -> Value {
        match (ty, c) {
            (Type::Optional(inner), c) if *c != Const::None => self.scalar(c, inner),
            (Type::List(elem) | Type::Set(elem), Const::List(items)) => {
                let mut slots = Vec::new();
                for item in items {
                    self.slots(item, elem, &mut slots);
                }
                self.list(slots, items.len())
            }
            (Type::Map(key, value), Const::List(entries)) => {
                let mut slots = Vec::new();
                for entry in entries {
                    let (k, v) = match entry {
                        Const::List(pair) => (pair.first().unwrap_or(&Const::None), pair.get(1).unwrap_or(&Const::None)),
                        _ => (&Const::None, &Const::None),
                    };
                    self.slots(k, key, &mut slots);
                    self.slots(v, value, &mut slots);
                }
                self.list(slots, entries.len())
            }
            (_, Const::Text(t)) => {
                let start = self.texts.len() as u32;
                self.texts.push_str(t);
                Value::Text(TextRef { pool: Pool::Program, start, len: t.len() as u32 })
            }
            (_, Const::Bool(b)) => Value::Bool(*b),
            (_, Const::Int(i)) => Value::Int(*i),
            (_, Const::Enum(i)) => Value::Int(i64::from(*i)),
            (_, Const::Float(f)) => Value::Float(*f),
            (_, Const::Money(amount, currency)) => Value::Money { amount: *amount, currency: *currency },
            _ => Value::None,
        }
    }

    /// A list of `len` elements whose slots are `slots`, appended to the pool.
    fn list(&mut self, slots: Vec<Value>, len: usize) -> Value {
        let start = self.values.len() as u32;
        self.values.extend(slots);
        Value::List(ListRef { pool: Pool::Program, start, len: len as u32 })
    }
}
