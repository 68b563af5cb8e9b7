//! The bytecode `Program`: plain, serializable data that the VM (and later the JIT) runs.
//!
//! Register machine. A decision's input is decoded into an arena of value
//! slots whose layout the compiler fixes: every record is flattened, so
//! `customer.purchases` is one constant slot index and never a name lookup.
//! Lists live in the same arena as runs of `stride` slots. See
//! `ARCHITECTURE.md` has the instruction table.

use crate::native::Native;
use crate::span::Span;
use crate::tir::{Const, Type};
use serde::{Deserialize, Serialize};

mod verify;
pub use verify::{InvalidFunction, VerifyError};

/// A register index.
pub type Reg = u32;

/// Integer arithmetic (checked: overflow and division by zero are runtime errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
}

/// Comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// How two values are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CmpKind {
    /// As integers (Int, Duration, Time, Date, Timestamp, enums).
    Int,
    /// As floats (Float, Percent).
    Float,
    /// As amounts of one currency.
    Money,
    /// Structurally (text, lists, optionals, bools); only `==` and `!=`.
    Value,
}

/// One instruction. Operands are registers unless named otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[allow(missing_docs, reason = "each variant's doc line names its operands")]
pub enum Instr {
    /// `dst = arena[slot]`: a scalar input field at a fixed slot.
    Input { dst: Reg, slot: u32 },
    /// `dst = row(slot)`: a record input at a fixed slot, as a row reference.
    InputRow { dst: Reg, slot: u32 },
    /// `dst = params[param]`.
    Param { dst: Reg, param: u32 },
    /// `dst = arena[row + offset]`: a scalar field of a record row.
    Field { dst: Reg, row: Reg, offset: u32 },
    /// `dst = row + offset`: a nested record of a record row.
    FieldRow { dst: Reg, row: Reg, offset: u32 },
    /// `dst = src`.
    Move { dst: Reg, src: Reg },
    /// Integer arithmetic.
    Int { op: ArithOp, dst: Reg, a: Reg, b: Reg },
    /// Float arithmetic.
    Float { op: ArithOp, dst: Reg, a: Reg, b: Reg },
    /// `dst = -src` for an Int, Float or Money.
    Neg { dst: Reg, src: Reg },
    /// `dst = src as Float`.
    IntToFloat { dst: Reg, src: Reg },
    /// Fault unless the Int in `src` is above zero (a count; `duration`: a window, shown as one).
    CheckPositive { src: Reg, duration: bool },
    /// `dst = a ± b` for amounts of one currency (`sub` for minus).
    MoneyAdd { dst: Reg, a: Reg, b: Reg, sub: bool },
    /// `dst = money * factor` (`divide`: `money / factor`), rounded half away from zero.
    MoneyScale { dst: Reg, money: Reg, factor: Reg, divide: bool },
    /// `dst = a / b` for amounts of one currency, as a Float.
    MoneyRatio { dst: Reg, a: Reg, b: Reg },
    /// `dst = amount of money` as a Float.
    MoneyAmount { dst: Reg, src: Reg },
    /// `dst = date ± whole days of duration`; a date outside 0001-01-01..=9999-12-31 is a fault.
    DateShift { dst: Reg, date: Reg, duration: Reg, sub: bool },
    /// `dst = timestamp ± duration`; a timestamp outside years 0001..=9999 is a fault.
    TimestampShift { dst: Reg, timestamp: Reg, duration: Reg, sub: bool },
    /// `dst = (a - b) in days * 86400`: the Duration between two dates.
    DateDiff { dst: Reg, a: Reg, b: Reg },
    /// `dst = time ± duration`, wrapping around midnight.
    TimeShift { dst: Reg, time: Reg, duration: Reg, sub: bool },
    /// `dst = a op b`.
    Cmp { op: CmpOp, kind: CmpKind, dst: Reg, a: Reg, b: Reg },
    /// `dst = not src`.
    Not { dst: Reg, src: Reg },
    /// `dst = lo <= value < hi`; with `wrap`, a range whose end is before its start wraps (times of day).
    InRange { kind: CmpKind, dst: Reg, value: Reg, lo: Reg, hi: Reg, wrap: bool },
    /// `dst = item is an element (a key, for maps) of collection`; elements are `stride` slots apart.
    Contains { dst: Reg, collection: Reg, item: Reg, stride: u32 },
    /// `dst = the value under key in map`, or none; entries are `stride` slots (key first).
    MapGet { dst: Reg, map: Reg, key: Reg, stride: u32, row: bool },
    /// `dst = element index of list`, or none; `row` for record elements.
    ListGet { dst: Reg, list: Reg, index: Reg, stride: u32, row: bool },
    /// `dst = number of elements`.
    Len { dst: Reg, list: Reg },
    /// `dst = element index of list` (index known in range); `row` for record elements.
    Elem { dst: Reg, list: Reg, index: Reg, stride: u32, row: bool },
    /// `dst = the first count elements of list` (all when fewer); a negative count is a fault.
    Take { dst: Reg, list: Reg, count: Reg },
    /// `dst = list ordered by keys` (a list of one key per element, compared as `kind`); stable, so ties keep list order.
    Sort { dst: Reg, list: Reg, keys: Reg, kind: CmpKind, stride: u32, descending: bool },
    /// Starts building a list on the build stack.
    BuildStart,
    /// Pushes `width` slots (a row's slots, or one value) onto the list being built.
    BuildPush { src: Reg, width: u32 },
    /// `dst = the list built since the matching BuildStart`, `stride` slots per element.
    BuildEnd { dst: Reg, stride: u32 },
    /// `dst = the text of templates[template]`.
    Template { dst: Reg, template: u32 },
    /// `dst = the arm of experiments[experiment] for the unit id in `unit` (stable hash).`
    Bucket { dst: Reg, unit: Reg, experiment: u32 },
    /// `dst = native(args[first .. first + count])`.
    CallNative { dst: Reg, native: Native, first: Reg, count: u32 },
    /// Continue at `target`.
    Jump { target: u32 },
    /// Continue at `target` if `cond` is true.
    JumpIf { cond: Reg, target: u32 },
    /// Continue at `target` if `cond` is false.
    JumpIfNot { cond: Reg, target: u32 },
    /// Continue at `target` unless `a op b` (a comparison fused with its branch).
    JumpUnless { op: CmpOp, kind: CmpKind, a: Reg, b: Reg, target: u32 },
    /// Continue at `target` if `src` is not none.
    JumpIfSome { src: Reg, target: u32 },
    /// `dst = src is none`.
    IsNone { dst: Reg, src: Reg },
    /// Stop; the results are in registers.
    Return,
}

/// How the VM represents a register's value: the representation, not the checked type.
///
/// Int stands for Int, Duration, Time, Date, Timestamp and enums; Float for Float and Percent
/// (a fraction); Row for a record (a reference to its first slot); List for lists, sets and maps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegKind {
    /// `Value::Bool`.
    Bool,
    /// `Value::Int`.
    Int,
    /// `Value::Float`.
    Float,
    /// `Value::Money`.
    Money,
    /// `Value::Text`.
    Text,
    /// `Value::List` (a list, set or map).
    List,
    /// `Value::Row` (a record).
    Row,
    /// Only ever `Value::None` (the `none` literal before it meets an optional).
    None,
}

/// The type of a register: what every value written to it is, as a backend needs it.
///
/// This is a small representation type rather than `tir::Type`: registers of `Int`, `Date` and
/// enum values are the same to a backend, and constants (shared between uses) carry no checked type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegType {
    /// The representation of its values.
    pub kind: RegKind,
    /// Whether it may also hold `Value::None`.
    pub optional: bool,
}

impl RegType {
    /// A register that always holds a value of `kind`.
    pub const fn plain(kind: RegKind) -> RegType {
        RegType { kind, optional: false }
    }

    /// The register type of values of a checked type.
    pub fn of(ty: &Type) -> RegType {
        let kind = match ty {
            Type::Bool => RegKind::Bool,
            Type::Int | Type::Duration | Type::Time | Type::Date | Type::Timestamp | Type::Enum(_) => RegKind::Int,
            Type::Float | Type::Percent => RegKind::Float,
            Type::Money(_) => RegKind::Money,
            Type::Text => RegKind::Text,
            Type::Record(_) => RegKind::Row,
            Type::List(_) | Type::Set(_) | Type::Map(..) => RegKind::List,
            Type::Optional(inner) => return RegType { optional: true, ..RegType::of(inner) },
            Type::Range(_) | Type::None | Type::Error => return RegType { kind: RegKind::None, optional: true },
        };
        RegType::plain(kind)
    }

    /// The register type of a constant as the loader puts it in a register (a record constant is a list of its fields).
    pub fn of_const(c: &Const) -> RegType {
        let kind = match c {
            Const::None => return RegType { kind: RegKind::None, optional: true },
            Const::Bool(_) => RegKind::Bool,
            Const::Int(_) | Const::Enum(_) => RegKind::Int,
            Const::Float(_) => RegKind::Float,
            Const::Money(..) => RegKind::Money,
            Const::Text(_) => RegKind::Text,
            Const::List(_) | Const::Record(_) => RegKind::List,
        };
        RegType::plain(kind)
    }

    /// The same representation, possibly none.
    pub const fn or_none(self) -> RegType {
        RegType { optional: true, ..self }
    }
}

/// A piece of a text template.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Piece {
    /// Literal text.
    Text(String),
    /// A register's value, formatted by its type.
    Value(Reg, Type),
}

/// Straight-line code with its constants and a span for each instruction.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Function {
    /// Instructions.
    pub code: Vec<Instr>,
    /// Constants; `preload` puts them in registers before the code runs (no instruction loads them).
    pub consts: Vec<Const>,
    /// `(register, constant index)`: registers that hold a constant from the start and are never written.
    pub preload: Vec<(Reg, u32)>,
    /// How many registers the code uses.
    pub registers: u32,
    /// The type of each register, indexed by register (`types.len() == registers`).
    #[serde(default)]
    pub types: Vec<RegType>,
    /// Registers `0..arguments` are written by the caller before the code runs (a test
    /// expectation's values, a message's captured locals).
    #[serde(default)]
    pub arguments: u32,
    /// For each instruction, the source it came from (runtime errors point there).
    pub spans: Vec<Span>,
}

/// A record's flattened layout.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecordLayout {
    /// Record name.
    pub name: String,
    /// Fields in declaration order.
    pub fields: Vec<FieldLayout>,
    /// Slots the record takes.
    pub size: u32,
}

/// A field's place in its record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldLayout {
    /// Field name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Slot offset from the record's first slot.
    pub offset: u32,
}

/// An enum's variant names (for decoding and output).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnumInfo {
    /// Enum name.
    pub name: String,
    /// Variants in order.
    pub variants: Vec<String>,
}

/// A param with its default.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParamInfo {
    /// Name.
    pub name: String,
    /// Package that declares it.
    pub package: String,
    /// Type.
    pub ty: Type,
    /// Default value.
    pub default: Const,
    /// Used as a count or a contact window: an override must be above zero.
    #[serde(default)]
    pub positive: bool,
}

/// A decision input and its first slot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputSlot {
    /// Input name.
    pub name: String,
    /// Type.
    pub ty: Type,
    /// First slot in the arena.
    pub slot: u32,
}

/// A decision output and the register holding it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutputSlot {
    /// Output name.
    pub name: String,
    /// Type.
    pub ty: Type,
    /// Register holding the value when the body returns.
    pub reg: Reg,
}

/// An offer's registers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferSlot {
    /// Offer name.
    pub name: String,
    /// Register: whether it is eligible.
    pub eligible: Reg,
    /// Register: its score (meaningful when eligible).
    pub score: Reg,
    /// Its message, a function of its own run only when the offer is chosen.
    pub message: Option<MessageCode>,
    /// Index into [`OffersCode::groups`], if the offer belongs to a group.
    pub group: Option<u32>,
    /// Register: the reason it was suppressed by a contact rule (Text), or none.
    pub suppressed: Option<Reg>,
}

/// An offer's message: a function whose arguments are the decision's captures
/// (registers `0..captures.len()` hold the values of [`DecisionCode::captures`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageCode {
    /// The code; it returns with the message text in `result`.
    pub function: Function,
    /// The register holding the text (Text) when the function returns.
    pub result: Reg,
}

/// A decision's offers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OffersCode {
    /// The enum of offer names.
    pub names: u32,
    /// Register holding `at most N`, if given.
    pub limit: Option<Reg>,
    /// Each group's name and the register holding its `at most N`.
    pub groups: Vec<(String, Reg)>,
    /// The offers in declaration order.
    pub offers: Vec<OfferSlot>,
}

/// An experiment as the runtime buckets it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExperimentInfo {
    /// Name, hashed with the unit id.
    pub name: String,
    /// Arm weights in basis points, adding up to 10,000.
    pub weights: Vec<u32>,
}

/// A decision's experiment and the register holding the chosen arm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExperimentSlot {
    /// Name.
    pub name: String,
    /// The enum of arm names.
    pub arms: u32,
    /// Index into [`Program::experiments`].
    pub id: u32,
    /// Register holding the arm when the body returns.
    pub reg: Reg,
}

/// A compiled decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionCode {
    /// Name.
    pub name: String,
    /// Package.
    pub package: String,
    /// Inputs and their slots.
    pub inputs: Vec<InputSlot>,
    /// Slots the inputs take.
    pub frame_size: u32,
    /// The body: outputs, eligibility and scores.
    pub body: Function,
    /// Body registers whose values (when the body returns) the offers' message functions read,
    /// as their arguments `0..captures.len()`.
    #[serde(default)]
    pub captures: Vec<Reg>,
    /// Outputs.
    pub outputs: Vec<OutputSlot>,
    /// Offers, if any.
    pub offers: Option<OffersCode>,
    /// Experiments, in declaration order.
    pub experiments: Vec<ExperimentSlot>,
    /// Where the explain-mode copy of the code leaves its trace (absent in the normal code).
    pub trace: Option<Trace>,
}

/// Registers of an explain-mode decision that record why it decided as it did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    /// Per output, in declaration order.
    pub outputs: Vec<OutputTrace>,
    /// Per offer, in declaration order.
    pub offers: Vec<OfferTrace>,
    /// Every table row the decision runs (a table called twice appears twice).
    pub rows: Vec<RowTrace>,
}

/// How an output's rule list went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutputTrace {
    /// The register holding the index of the arm that fired.
    pub fired: Reg,
    /// Each arm's condition.
    pub arms: Vec<ConditionTrace>,
}

/// One condition (a rule arm's or an offer's `eligible when` line) and how it failed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConditionTrace {
    /// The condition as written (canonical); `otherwise` or `= value` for arms without one.
    pub text: String,
    /// Where it is (the whole arm for rule arms).
    pub span: Span,
    /// The text of each conjunct of `a and b and …`, in order (one entry when it is no `and`).
    pub conjuncts: Vec<String>,
    /// The register holding the index of the first conjunct that failed, when the condition was evaluated and failed.
    pub failed: Option<Reg>,
}

/// How an offer's eligibility and contact rules went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfferTrace {
    /// The register holding the index of its first failing condition.
    pub failed: Reg,
    /// Each `eligible when` line (consents first).
    pub conditions: Vec<ConditionTrace>,
    /// The register holding the index of the contact rule that suppressed the offer.
    pub suppressed_by: Option<Reg>,
    /// Where each contact rule is.
    pub suppressions: Vec<Span>,
}

/// One row of a decision table, inlined into a decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowTrace {
    /// The register that holds `Int(0)` once the row was chosen.
    pub reg: Reg,
    /// The table's name.
    pub table: String,
    /// Where the row is.
    pub span: Span,
}

/// A compiled test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestCode {
    /// Title.
    pub name: String,
    /// Package.
    pub package: String,
    /// Index into [`Program::decisions`].
    pub decision: u32,
    /// Inputs, in the decision's input order.
    pub given: Vec<Const>,
    /// Pinned arms: (experiment name, arm index); the test runs with these arms whatever the unit.
    pub pins: Vec<(String, u32)>,
    /// Each expectation; registers `0..` hold the outputs, then `offer`, `offers` and `suppressed`,
    /// then the experiments' arms, then each offer's message.
    pub expects: Vec<Function>,
    /// The register holding each expectation's result.
    pub results: Vec<Reg>,
    /// For each expectation written `actual == expected`, the registers and types of its two
    /// sides, so that a failure can show both.
    pub sides: Vec<Option<ExpectSides>>,
    /// Source of each expectation.
    pub expect_spans: Vec<Span>,
    /// Where the test is.
    pub span: Span,
}

/// The two sides of an expectation `actual == expected`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExpectSides {
    /// The register and type of the left side (what the decision gave).
    pub actual: (Reg, Type),
    /// The register and type of the right side (what the test expects).
    pub expected: (Reg, Type),
}

/// A whole compiled program.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Program {
    /// Enums, by id.
    pub enums: Vec<EnumInfo>,
    /// Record layouts, by id.
    pub records: Vec<RecordLayout>,
    /// Params, by id.
    pub params: Vec<ParamInfo>,
    /// Text templates, by id.
    pub templates: Vec<Vec<Piece>>,
    /// Experiments of every decision, by id.
    pub experiments: Vec<ExperimentInfo>,
    /// Decisions.
    pub decisions: Vec<DecisionCode>,
    /// The same decisions compiled to also record a trace; run only when an explanation is asked for.
    pub explained: Vec<DecisionCode>,
    /// Tests.
    pub tests: Vec<TestCode>,
}

impl Program {
    /// The decision called `name` (or `package.name`).
    pub fn decision(&self, name: &str) -> Option<(usize, &DecisionCode)> {
        let mut found = self.decisions.iter().enumerate().filter(|(_, d)| d.name == name || format!("{}.{}", d.package, d.name) == name);
        let first = found.next()?;
        match found.next() {
            Some(_) => None,
            None => Some(first),
        }
    }

    /// Slots a value of this type takes in the arena.
    pub fn size_of(&self, ty: &Type) -> u32 {
        match ty {
            Type::Record(r) => self.records.get(*r as usize).map(|l| l.size).unwrap_or(1),
            Type::Optional(inner) if matches!(**inner, Type::Record(_)) => self.size_of(inner).saturating_add(1),
            _ => 1,
        }
    }

    /// Slots between elements of a list, set or map of this type.
    pub fn stride_of(&self, ty: &Type) -> u32 {
        match ty {
            Type::List(e) | Type::Set(e) => self.size_of(e),
            Type::Map(_, v) => self.size_of(v).saturating_add(1),
            _ => 1,
        }
    }
}

impl Function {
    /// A readable listing, one instruction per line, for snapshot tests and debugging.
    pub fn listing(&self) -> String {
        let mut out = String::new();
        for (reg, k) in &self.preload {
            let c = self.consts.get(*k as usize);
            out.push_str(&format!("  r{reg} = {c:?}\n"));
        }
        for (pc, instr) in self.code.iter().enumerate() {
            out.push_str(&format!("{pc:4}  {instr:?}\n"));
        }
        out
    }
}

impl Program {
    /// A readable listing of every decision.
    pub fn listing(&self) -> String {
        let mut out = String::new();
        for d in &self.decisions {
            out.push_str(&format!("decision {} ({} registers, {} input slots)\n", d.name, d.body.registers, d.frame_size));
            for o in &d.outputs {
                out.push_str(&format!("  output {} in r{}\n", o.name, o.reg));
            }
            if let Some(offers) = &d.offers {
                for o in &offers.offers {
                    let message = o.message.as_ref().map(|m| format!(", message in r{}", m.result)).unwrap_or_default();
                    out.push_str(&format!("  offer {}: eligible r{}, score r{}{message}\n", o.name, o.eligible, o.score));
                }
            }
            out.push_str(&d.body.listing());
            for (o, m) in d.offers.iter().flat_map(|o| &o.offers).filter_map(|o| Some((o, o.message.as_ref()?))) {
                out.push_str(&format!("message of {} (captures {:?})\n", o.name, d.captures));
                out.push_str(&m.function.listing());
            }
        }
        out
    }
}
