//! Differential random testing of the JIT against the VM (the reference): a seeded generator of
//! well-typed policies over a fixed schema, a generator of JSON inputs for any decision from its
//! declared input types, and the comparison (same decision JSON byte for byte, so scores bit for
//! bit, or the same fault with the same span). Used by `tests/it/differential.rs`, the long run
//! (`DRT_PAIRS=100000 cargo test -p tenor-tests --release --test it differential::long_run`)
//! and the `vm-jit-drt` fuzz target.

use serde_json::{json, Map, Value as Json};
use tenor_compiler::bytecode::Program;
use tenor_compiler::literal;
use tenor_compiler::tir::Type;
use tenor_runtime::{BackendKind, DecideError, Engine};

/// SplitMix64: small and seeded, so a failing seed reproduces. Given bytes (a fuzzer's),
/// each draw is also mixed with the next bytes, so the fuzzer steers the choices.
pub struct Rng {
    state: u64,
    bytes: Vec<u8>,
    at: usize,
}

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed, bytes: Vec::new(), at: 0 }
    }

    /// A generator driven by `bytes`, then by a seed made of them once they run out.
    pub fn from_bytes(bytes: &[u8]) -> Rng {
        Rng { state: fnv(bytes), bytes: bytes.to_vec(), at: 0 }
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        let mut drawn = z ^ (z >> 31);
        if let Some(byte) = self.bytes.get(self.at) {
            self.at += 1;
            drawn = (drawn & !0xFF) | u64::from(*byte);
        }
        drawn
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// True `percent`% of the time.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = self.below(items.len());
        &items[i.min(items.len().saturating_sub(1))]
    }
}

/// A 64-bit hash of bytes (FNV-1a): a seed from a fuzzer's input.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01B3))
}

/// One fuzz case: a policy and four inputs generated from `bytes`, decided on both engines;
/// panics with the policy and input on any difference. Returns the pairs compared.
pub fn fuzz_case(bytes: &[u8]) -> usize {
    let mut rng = Rng::from_bytes(bytes);
    let text = policy(&mut rng);
    let Ok(engine) = Engine::compile(&crate::single("fuzz.tenor", &text)) else { return 0 };
    let (vm, jit) = both(&engine).unwrap_or_else(|e| panic!("{e}\npolicy:\n{text}"));
    for _ in 0..4 {
        let input = input(vm.program(), 0, &mut rng).to_string();
        if let Err(difference) = compare(&vm, &jit, "d", &input) {
            panic!("{difference}\npolicy:\n{text}");
        }
    }
    4
}

// ---------------------------------------------------------------- inputs from declared types

const INTS: [i64; 14] = [0, 1, -1, 2, 3, 7, 10, 42, -17, 1000, 86_400, i64::MAX, i64::MIN, 4_611_686_018_427_387_904];
const FLOATS: [f64; 12] = [0.0, -0.0, 0.5, 1.5, -2.25, 0.1, 3.0, 100.0, 1e300, -1e300, 1e-300, 0.3];
const TEXTS: [&str; 8] = ["", "a", "abc", "Hello", "héllo wörld", "defective", "A-1", "red"];
const AMOUNTS: [&str; 10] = ["0", "1", "12.50", "-3.5", "0.0001", "1000000", "900000000000000.9999", "20", "7.25", "3"];
const CURRENCIES: [&str; 6] = ["USD", "USD", "USD", "USD", "USD", "EUR"];

/// A JSON input for decision `decision` of `program`, from its declared input types.
pub fn input(program: &Program, decision: usize, rng: &mut Rng) -> Json {
    let mut object = Map::new();
    for slot in program.decisions.get(decision).map(|d| d.inputs.as_slice()).unwrap_or_default() {
        object.insert(slot.name.clone(), value(program, &slot.ty, rng, 0));
    }
    Json::Object(object)
}

fn two(n: usize) -> String {
    format!("{n:02}")
}

fn date(rng: &mut Rng) -> String {
    let year = *rng.pick(&[1, 1970, 2000, 2026, 2026, 2026, 9999]);
    format!("{year:04}-{}-{}", two(1 + rng.below(12)), two(1 + rng.below(28)))
}

/// A JSON value of type `ty`.
pub fn value(program: &Program, ty: &Type, rng: &mut Rng, depth: usize) -> Json {
    match ty {
        Type::Bool => json!(rng.chance(50)),
        Type::Int => {
            if rng.chance(85) {
                json!(rng.below(21) as i64 - 10)
            } else {
                json!(*rng.pick(&INTS))
            }
        }
        Type::Float => json!(if rng.chance(50) { (rng.below(2001) as f64 - 1000.0) / 100.0 } else { *rng.pick(&FLOATS) }),
        Type::Text => json!(*rng.pick(&TEXTS)),
        Type::Money(currency) => {
            let code = match currency {
                Some(c) => literal::format_currency(*c),
                None => (*rng.pick(&CURRENCIES)).to_owned(),
            };
            json!({ "amount": *rng.pick(&AMOUNTS), "currency": code })
        }
        Type::Percent => json!(format!("{}%", rng.below(301) as i64 - 50)),
        Type::Duration => json!(format!("{}{}", rng.below(40) as i64 - 5, rng.pick(&["d", "h", "m", "s"]))),
        Type::Time => json!(format!("{}:{}", two(rng.below(24)), two(rng.below(60)))),
        Type::Date => json!(date(rng)),
        Type::Timestamp => json!(format!("{}T{}:{}:00Z", date(rng), two(rng.below(24)), two(rng.below(60)))),
        Type::Enum(e) => {
            let variants = program.enums.get(*e as usize).map(|e| e.variants.as_slice()).unwrap_or_default();
            json!(rng.pick(variants).clone())
        }
        Type::Record(r) => {
            let mut object = Map::new();
            for field in program.records.get(*r as usize).map(|r| r.fields.as_slice()).unwrap_or_default() {
                if matches!(field.ty, Type::Optional(_)) && rng.chance(20) {
                    continue;
                }
                object.insert(field.name.clone(), value(program, &field.ty, rng, depth + 1));
            }
            Json::Object(object)
        }
        Type::Optional(inner) => {
            if rng.chance(25) {
                Json::Null
            } else {
                value(program, inner, rng, depth)
            }
        }
        Type::List(e) | Type::Set(e) => {
            let n = if depth > 3 { 0 } else { rng.below(5) };
            Json::Array((0..n).map(|_| value(program, e, rng, depth + 1)).collect())
        }
        Type::Map(k, v) => {
            let n = if depth > 3 { 0 } else { rng.below(4) };
            let mut object = Map::new();
            for _ in 0..n {
                let key = match value(program, k, rng, depth + 1) {
                    Json::String(s) => s,
                    other => other.to_string(),
                };
                object.insert(key, value(program, v, rng, depth + 1));
            }
            Json::Object(object)
        }
        Type::Range(_) | Type::None | Type::Error => Json::Null,
    }
}

// ---------------------------------------------------------------- comparing the engines

/// The VM and the JIT engine of an engine (same program, params and limits).
pub fn both(engine: &Engine) -> Result<(Engine, Engine), String> {
    let vm = engine.clone().with_backend(BackendKind::Vm).map_err(|e| e.to_string())?;
    let jit = engine.clone().with_backend(BackendKind::Jit).map_err(|e| e.to_string())?;
    Ok((vm, jit))
}

/// Decides `decision` for `input` on both engines (from [`both`]); a description of any difference.
pub fn compare(vm: &Engine, jit: &Engine, decision: &str, input: &str) -> Result<Result<String, DecideError>, String> {
    let reference = vm.decide_json(decision, input);
    let native = jit.decide_json(decision, input);
    if reference == native {
        Ok(reference)
    } else {
        Err(format!("decision `{decision}` differs on input {input}:\n  vm:  {reference:?}\n  jit: {native:?}"))
    }
}

// ---------------------------------------------------------------- generated policies

/// The schema every generated policy decides over.
pub const SCHEMA: &str = "enum Color { red, green, blue }
record Item { k: Int, v: Float, c: Color, name: Text, amount: Money<USD>, on: Date, opt: Int? }
record R {
  i: Int
  j: Int
  f: Float
  g: Float
  b: Bool
  m: Money
  n: Money
  u: Money<USD>
  t: Text
  e: Color
  oi: Int?
  of: Float?
  d: Date
  ts: Timestamp
  tm: Time
  du: Duration
  p: Percent
  tags: Set<Color>
  prices: Map<Text, Int>
  items: List<Item>
  nums: List<Int>
}
";

/// Types of generated expressions.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum G {
    Int,
    Float,
    Bool,
    Money,
    Text,
    Date,
    Timestamp,
    Duration,
    Color,
}

impl G {
    fn name(self) -> &'static str {
        match self {
            G::Int => "Int",
            G::Float => "Float",
            G::Bool => "Bool",
            G::Money => "Money",
            G::Text => "Text",
            G::Date => "Date",
            G::Timestamp => "Timestamp",
            G::Duration => "Duration",
            G::Color => "Color",
        }
    }
}

const OUTPUT_TYPES: [G; 9] = [G::Int, G::Float, G::Bool, G::Money, G::Text, G::Date, G::Timestamp, G::Duration, G::Color];

/// A generated policy: the schema and one decision `d(x: R, now: Timestamp)`.
pub fn policy(rng: &mut Rng) -> String {
    let mut out = String::from(SCHEMA);
    out.push_str("\ndecision d(x: R, now: Timestamp) {\n");
    let lets = rng.below(3);
    let mut locals = Vec::new();
    for l in 0..lets {
        let ty = *rng.pick(&OUTPUT_TYPES);
        let e = Expr { rng, locals: &locals }.of(ty, 3);
        out.push_str(&format!("  let v{l} = {e}\n"));
        locals.push((format!("v{l}"), ty));
    }
    for o in 0..1 + rng.below(4) {
        let ty = *rng.pick(&OUTPUT_TYPES);
        let e = Expr { rng, locals: &locals }.of(ty, 4);
        out.push_str(&format!("  o{o}: {} = {e}\n", ty.name()));
    }
    if rng.chance(50) {
        let mut g = Expr { rng, locals: &locals };
        let arm = |g: &mut Expr<'_>| (*g.rng.pick(&["0", "1", "2", "x.i", "x.j", "42"])).to_owned();
        let (a, b, c) = (arm(&mut g), arm(&mut g), arm(&mut g));
        let (p, q) = (g.of(G::Bool, 3), g.of(G::Bool, 3));
        out.push_str(&format!("  r: Int {{\n    {a} when {p}\n    {b} when {q}\n    otherwise {c}\n  }}\n"));
    }
    match rng.below(4) {
        0 => out.push_str(&format!("  l: List<Int> = {}\n", Expr { rng, locals: &locals }.list())),
        1 => out.push_str(&format!("  s: List<Item> = {}\n", Expr { rng, locals: &locals }.items())),
        _ => {}
    }
    if rng.chance(60) {
        offers(rng, &locals, &mut out);
    }
    out.push_str("}\n");
    out
}

fn offers(rng: &mut Rng, locals: &[(String, G)], out: &mut String) {
    let limit = 1 + rng.below(3);
    out.push_str(&format!("  offers ranked by propensity * value * lever, at most {limit} {{\n"));
    for o in 0..1 + rng.below(4) {
        let mut g = Expr { rng, locals };
        let (eligible, propensity, lever, message) = (g.of(G::Bool, 3), g.of(G::Float, 3), g.of(G::Float, 2), g.template(2));
        let value = if g.rng.chance(50) { g.of(G::Int, 2) } else { g.of(G::Money, 2) };
        out.push_str(&format!(
            "    offer{o} {{\n      eligible when {eligible}\n      propensity {propensity}\n      value {value}\n      lever {lever}\n      message {message}\n    }}\n"
        ));
    }
    out.push_str("  }\n");
}

/// Generates expressions of a type.
struct Expr<'a> {
    rng: &'a mut Rng,
    locals: &'a [(String, G)],
}

impl Expr<'_> {
    fn of(&mut self, ty: G, depth: usize) -> String {
        let locals: Vec<&String> = self.locals.iter().filter(|(_, t)| *t == ty).map(|(n, _)| n).collect();
        if !locals.is_empty() && self.rng.chance(20) {
            return (*self.rng.pick(&locals)).clone();
        }
        let leaf = depth == 0 || self.rng.chance(30);
        match ty {
            G::Int => self.int(depth, leaf),
            G::Float => self.float(depth, leaf),
            G::Bool => self.boolean(depth, leaf),
            G::Money => self.money(depth, leaf),
            G::Text => self.text(depth, leaf),
            G::Date => self.date(depth, leaf),
            G::Timestamp => self.timestamp(depth, leaf),
            G::Duration => self.duration(depth, leaf),
            G::Color => self.color(depth, leaf),
        }
    }

    fn sub(&mut self, ty: G, depth: usize) -> String {
        self.of(ty, depth.saturating_sub(1))
    }

    fn int(&mut self, depth: usize, leaf: bool) -> String {
        if leaf {
            let choices = [
                "0",
                "1",
                "2",
                "3",
                "7",
                "100",
                "x.i",
                "x.j",
                "x.i",
                "(x.oi ?? 5)",
                "4611686018427387904",
                "count(it in x.items where it.k > 0)",
                "sum(n in x.nums: n)",
                "text.length(x.t)",
                "time.hour(x.tm)",
                "(x.prices[\"a\"] ?? 0)",
                "(max(n in x.nums: n) ?? 0)",
                "(first(x.items)?.k ?? 0)",
                "(x.nums[1] ?? -1)",
                "(last(x.items)?.opt ?? 3)",
            ];
            return (*self.rng.pick(&choices)).to_owned();
        }
        let d = depth;
        match self.rng.below(12) {
            0..=4 => {
                let op = *self.rng.pick(&["+", "-", "*", "%", "*"]);
                format!("({} {op} {})", self.sub(G::Int, d), self.sub(G::Int, d))
            }
            5 => format!("(-{})", self.sub(G::Int, d)),
            6 => format!("(if {} then {} else {})", self.sub(G::Bool, d), self.sub(G::Int, d), self.sub(G::Int, d)),
            7 => {
                let f = *self.rng.pick(&["math.min", "math.max"]);
                format!("{f}({}, {})", self.sub(G::Int, d), self.sub(G::Int, d))
            }
            8 => format!("math.abs({})", self.sub(G::Int, d)),
            9 => format!("math.round({})", self.sub(G::Float, d)),
            10 => format!("count(it in x.items where {})", self.item_bool(d)),
            _ => format!("sum(it in x.items where {}: it.k)", self.item_bool(d)),
        }
    }

    fn float(&mut self, depth: usize, leaf: bool) -> String {
        if leaf {
            let choices = [
                "0.0",
                "1.5",
                "-2.25",
                "0.1",
                "100000000000000000000.0",
                "x.f",
                "x.g",
                "x.f",
                "(x.of ?? 0.5)",
                "sum(it in x.items: it.v)",
                "(max(it in x.items: it.v) ?? 0.0)",
                "(min(it in x.items: it.v) ?? 1.0)",
                "time.days(x.du)",
            ];
            return (*self.rng.pick(&choices)).to_owned();
        }
        let d = depth;
        match self.rng.below(10) {
            0..=4 => {
                let op = *self.rng.pick(&["+", "-", "*", "/", "%"]);
                format!("({} {op} {})", self.sub(G::Float, d), self.sub(G::Float, d))
            }
            5 => format!("(-{})", self.sub(G::Float, d)),
            6 => format!("(if {} then {} else {})", self.sub(G::Bool, d), self.sub(G::Float, d), self.sub(G::Float, d)),
            7 if self.rng.chance(50) => format!("math.to_float({})", self.sub(G::Int, d)),
            7 => format!("({} / {})", self.sub(G::Int, d), self.sub(G::Int, d)),
            8 => format!("({} / {})", self.sub(G::Money, d), self.sub(G::Money, d)),
            _ => {
                let f = *self.rng.pick(&["math.min", "math.max", "math.pow"]);
                format!("{f}({}, {})", self.sub(G::Float, d), self.sub(G::Float, d))
            }
        }
    }

    fn item_bool(&mut self, depth: usize) -> String {
        let n = self.sub(G::Int, depth.min(1));
        match self.rng.below(5) {
            0 => format!("it.k > {n}"),
            1 => "it.v < 0.5".to_owned(),
            2 => "it.c == red".to_owned(),
            3 => "it.opt != none".to_owned(),
            _ => format!("it.amount >= {} USD", self.rng.below(30)),
        }
    }

    fn boolean(&mut self, depth: usize, leaf: bool) -> String {
        if leaf {
            let choices = [
                "true",
                "false",
                "x.b",
                "x.b",
                "(x.e in x.tags)",
                "(x.tm in 08:00..20:00)",
                "(x.tm in 20:00..08:00)",
                "(x.oi == none)",
                "(x.of != none)",
                "(\"a\" in x.prices)",
                "text.contains(x.t, \"a\")",
                "(x.e in [red, blue])",
                "(x.e == green)",
                "(3 in x.nums)",
                "any(it in x.items: it.v > 0.0)",
                "all(n in x.nums: n > 0)",
            ];
            return (*self.rng.pick(&choices)).to_owned();
        }
        let d = depth;
        let cmp = *self.rng.pick(&["==", "!=", "<", "<=", ">", ">="]);
        match self.rng.below(11) {
            0 => format!("({} {cmp} {})", self.sub(G::Int, d), self.sub(G::Int, d)),
            1 => format!("({} {cmp} {})", self.sub(G::Float, d), self.sub(G::Float, d)),
            2 => format!("({} {cmp} {})", self.sub(G::Money, d), self.sub(G::Money, d)),
            3 => format!("({} {cmp} {})", self.sub(G::Date, d), self.sub(G::Date, d)),
            4 => format!("({} == {})", self.sub(G::Text, d), self.sub(G::Text, d)),
            5 => format!("({} != {})", self.sub(G::Color, d), self.sub(G::Color, d)),
            6 => format!("({} and {})", self.sub(G::Bool, d), self.sub(G::Bool, d)),
            7 => format!("({} or {})", self.sub(G::Bool, d), self.sub(G::Bool, d)),
            8 => format!("(not {})", self.sub(G::Bool, d)),
            9 => format!("({} in {}..{})", self.sub(G::Int, d), self.sub(G::Int, d), self.sub(G::Int, d)),
            _ => format!("any(it in x.items where {})", self.item_bool(d)),
        }
    }

    fn money(&mut self, depth: usize, leaf: bool) -> String {
        if leaf {
            let choices = ["x.m", "x.n", "x.u", "5 USD", "2.50 USD", "x.m", "sum(it in x.items: it.amount)", "0 USD"];
            return (*self.rng.pick(&choices)).to_owned();
        }
        let d = depth;
        match self.rng.below(6) {
            0 | 1 => {
                let op = *self.rng.pick(&["+", "-"]);
                format!("({} {op} {})", self.sub(G::Money, d), self.sub(G::Money, d))
            }
            2 => format!("({} * {})", self.sub(G::Money, d), self.sub(G::Float, d)),
            3 => format!("({} / {})", self.sub(G::Money, d), self.sub(G::Float, d)),
            4 => format!("(-{})", self.sub(G::Money, d)),
            _ => format!("(if {} then {} else {})", self.sub(G::Bool, d), self.sub(G::Money, d), self.sub(G::Money, d)),
        }
    }

    fn template(&mut self, depth: usize) -> String {
        let (a, b) = (*self.rng.pick(&[G::Int, G::Float, G::Money, G::Color]), *self.rng.pick(&[G::Text, G::Date, G::Duration, G::Bool]));
        format!("\"<{{{}}}|{{{}}}>\"", self.sub(a, depth), self.sub(b, depth))
    }

    fn text(&mut self, depth: usize, leaf: bool) -> String {
        if leaf {
            let choices = ["x.t", "\"lit\"", "\"\"", "text.upper(x.t)", "(first(x.items)?.name ?? \"none\")", "text.capitalize(x.t)"];
            return (*self.rng.pick(&choices)).to_owned();
        }
        match self.rng.below(3) {
            0 => self.template(depth.saturating_sub(1)),
            1 => format!("text.lower({})", self.sub(G::Text, depth)),
            _ => format!("(if {} then {} else {})", self.sub(G::Bool, depth), self.sub(G::Text, depth), self.sub(G::Text, depth)),
        }
    }

    fn date(&mut self, depth: usize, leaf: bool) -> String {
        if leaf {
            return (*self.rng.pick(&["x.d", "2026-11-23", "time.date_of(x.ts)", "(first(x.items)?.on ?? x.d)"])).to_owned();
        }
        let op = *self.rng.pick(&["+", "-"]);
        format!("({} {op} {})", self.sub(G::Date, depth), self.sub(G::Duration, depth))
    }

    fn timestamp(&mut self, depth: usize, leaf: bool) -> String {
        if leaf {
            return (*self.rng.pick(&["x.ts", "now", "2026-11-23T08:00:00Z"])).to_owned();
        }
        let op = *self.rng.pick(&["+", "-"]);
        format!("({} {op} {})", self.sub(G::Timestamp, depth), self.sub(G::Duration, depth))
    }

    fn duration(&mut self, depth: usize, leaf: bool) -> String {
        if leaf {
            return (*self.rng.pick(&["x.du", "1d", "3h", "(x.ts - now)", "30m"])).to_owned();
        }
        match self.rng.below(3) {
            0 => format!("({} + {})", self.sub(G::Duration, depth), self.sub(G::Duration, depth)),
            1 => format!("({} - {})", self.sub(G::Timestamp, depth), self.sub(G::Timestamp, depth)),
            _ => format!("({} * {})", self.sub(G::Duration, depth), self.sub(G::Int, depth)),
        }
    }

    fn color(&mut self, depth: usize, leaf: bool) -> String {
        if leaf {
            return (*self.rng.pick(&["x.e", "x.e", "(first(x.items)?.c ?? x.e)"])).to_owned();
        }
        format!("(if {} then {} else {})", self.sub(G::Bool, depth), self.sub(G::Color, depth), self.sub(G::Color, depth))
    }

    /// A `List<Int>` expression.
    fn list(&mut self) -> String {
        let n = self.of(G::Int, 1);
        match self.rng.below(4) {
            0 => format!("take({n}, x.nums)"),
            1 => "sort(n in x.nums by n descending)".to_owned(),
            2 => format!("filter(n in x.nums: n > {n})"),
            _ => "x.nums".to_owned(),
        }
    }

    /// A `List<Item>` expression.
    fn items(&mut self) -> String {
        match self.rng.below(3) {
            0 => "top(2, it in x.items by it.v)".to_owned(),
            1 => "sort(it in x.items by it.amount)".to_owned(),
            _ => format!("filter(it in x.items: {})", self.item_bool(1)),
        }
    }
}
