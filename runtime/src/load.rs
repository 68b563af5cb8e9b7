//! A `Program` made ready to run: constants turned into values once, params resolved.

use crate::value::{ListRef, Pool, TextRef, Value};
use tenor_compiler::bytecode::{Function, Program};
use tenor_compiler::tir::Const;

/// A function's register file as it starts: constants preloaded, the rest `None`.
#[derive(Clone, Debug, Default)]
pub struct LoadedFunction {
    /// The initial registers.
    pub initial: Vec<Value>,
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
    /// Constants of each decision body, by decision index.
    pub decisions: Vec<LoadedFunction>,
    /// The same for the explain-mode copies.
    pub explained: Vec<LoadedFunction>,
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
        loaded.decisions = program.decisions.iter().map(|d| loaded.function(&d.body)).collect();
        loaded.explained = program.explained.iter().map(|d| loaded.function(&d.body)).collect();
        loaded.tests = program.tests.iter().map(|t| t.expects.iter().map(|f| loaded.function(f)).collect()).collect();
        loaded.params = program.params.iter().map(|p| loaded.value(&p.default)).collect();
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
        loaded.program = program;
        loaded
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
