//! The typed IR: what the checker produces and lowering consumes.
//!
//! Every name is resolved to an id, every expression carries its type, and
//! implicit conversions are explicit nodes. Ids index the tables of [`Checked`].

use crate::ast::{Aggregate, BinOp, Docs};
use crate::native::Native;
use crate::span::Span;
use serde::{Deserialize, Serialize};

/// Index into [`Checked::enums`].
pub type EnumId = u32;
/// Index into [`Checked::records`].
pub type RecordId = u32;
/// Index into [`Checked::params`].
pub type ParamId = u32;
/// Index into [`Checked::fns`].
pub type FnId = u32;
/// Index of a local variable within its owner (decision, function or test).
pub type LocalId = u32;

/// A Tenor type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Type {
    /// `Bool`
    Bool,
    /// `Int`
    Int,
    /// `Float`
    Float,
    /// `Text`
    Text,
    /// `Money`, with its currency when the checker knows it.
    Money(Option<u32>),
    /// `Percent`
    Percent,
    /// `Duration`
    Duration,
    /// `Time` of day
    Time,
    /// `Date`
    Date,
    /// `Timestamp`
    Timestamp,
    /// An enum (offers of a decision are an enum too).
    Enum(EnumId),
    /// A record.
    Record(RecordId),
    /// `T?`
    Optional(Box<Type>),
    /// `List<T>`
    List(Box<Type>),
    /// `Set<T>`
    Set(Box<Type>),
    /// `Map<K, V>`
    Map(Box<Type>, Box<Type>),
    /// `a..b`, only as the right side of `in`.
    Range(Box<Type>),
    /// The type of `none` before it meets an optional.
    None,
    /// A type that could not be worked out; its error is already reported.
    Error,
}

impl Type {
    /// `T` for `T?`, else the type itself.
    pub fn strip_optional(&self) -> &Type {
        match self {
            Type::Optional(inner) => inner,
            other => other,
        }
    }

    /// Whether values of this type are numbers one can add and compare.
    pub fn is_numeric(&self) -> bool {
        matches!(self, Type::Int | Type::Float)
    }

    /// Whether `<` and friends work on it.
    pub fn is_ordered(&self) -> bool {
        matches!(
            self,
            Type::Int | Type::Float | Type::Money(_) | Type::Percent | Type::Duration | Type::Time | Type::Date | Type::Timestamp
        )
    }

    /// Whether the type is `Error` (so no further errors should be reported about it).
    pub fn is_error(&self) -> bool {
        matches!(self, Type::Error)
    }

    /// The element type of a list or set, or the key type of a map.
    pub fn element(&self) -> Option<&Type> {
        match self {
            Type::List(t) | Type::Set(t) | Type::Map(t, _) => Some(t),
            _ => None,
        }
    }
}

/// A constant value, as literals and test inputs hold it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Const {
    /// Absent optional.
    None,
    /// Bool.
    Bool(bool),
    /// Int, and Duration/Time/Date/Timestamp in their integer units.
    Int(i64),
    /// Float, and Percent as a fraction.
    Float(f64),
    /// Ten-thousandths and packed currency.
    Money(i64, u32),
    /// Text.
    Text(String),
    /// Enum variant index.
    Enum(u32),
    /// A list, set or map (as key/value pairs in a list of two-element lists).
    List(Vec<Const>),
    /// A record's fields in declaration order.
    Record(Vec<Const>),
}

/// A typed expression.
#[derive(Clone, Debug, PartialEq)]
pub struct TExpr {
    /// What it is.
    pub kind: TExprKind,
    /// Its type.
    pub ty: Type,
    /// Where it is.
    pub span: Span,
}

/// Explicit conversions the checker inserts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conversion {
    /// Int to Float.
    IntToFloat,
    /// Percent to Float points (20% → 20.0).
    PercentToPoints,
    /// Percent to Float fraction (20% → 0.2).
    PercentToFraction,
    /// Money to its amount as a Float.
    MoneyAmount,
    /// A value to `T?` (present).
    Some,
    /// The same Int or Duration, checked to be above zero when it runs (a count or window).
    Positive,
}

/// What a typed expression is.
#[derive(Clone, Debug, PartialEq)]
pub enum TExprKind {
    /// A constant.
    Const(Const),
    /// Text with interpolations.
    Template(Vec<TemplatePart>),
    /// A local variable.
    Local(LocalId),
    /// A param.
    Param(ParamId),
    /// A field of a record value.
    Field {
        /// The record value.
        base: Box<TExpr>,
        /// Its record type.
        record: RecordId,
        /// Field index in declaration order.
        index: u32,
    },
    /// `map[key]` or `list[i]`: optional result.
    Index(Box<TExpr>, Box<TExpr>),
    /// `not a`
    Not(Box<TExpr>),
    /// `-a`
    Neg(Box<TExpr>),
    /// `a op b` (operand types decide the instruction).
    Binary(BinOp, Box<TExpr>, Box<TExpr>),
    /// `if c then a else b`
    If(Box<TExpr>, Box<TExpr>, Box<TExpr>),
    /// A conversion.
    Convert(Conversion, Box<TExpr>),
    /// A comprehension.
    Comprehension {
        /// Which aggregate.
        aggregate: Aggregate,
        /// The element's local.
        binder: LocalId,
        /// What is iterated.
        source: Box<TExpr>,
        /// `where` condition.
        filter: Option<Box<TExpr>>,
        /// Body (condition or value).
        body: Option<Box<TExpr>>,
    },
    /// `[a, b]`
    List(Vec<TExpr>),
    /// `first(xs)`, `last(xs)` (optional results) or `take(n, xs)` (the count is the second operand).
    ListOp(ListOp, Box<TExpr>, Option<Box<TExpr>>),
    /// The elements of `source` ordered by `key` (computed with `binder` as each element); stable.
    Sort {
        /// The element's local while the key is computed.
        binder: LocalId,
        /// The list or set ordered.
        source: Box<TExpr>,
        /// The key: an Int-like, Float, Money or enum value.
        key: Box<TExpr>,
        /// Highest key first (ties still in list order).
        descending: bool,
    },
    /// `value?.…`: when `value` is present, it is bound to `binder` and `then` (an optional) is the
    /// result; when it is none, the result is none.
    IfSome {
        /// The optional tested.
        value: Box<TExpr>,
        /// The local holding the present value.
        binder: LocalId,
        /// The result when present.
        then: Box<TExpr>,
    },
    /// A call of a Tenor function (inlined by lowering).
    CallFn(FnId, Vec<TExpr>),
    /// A call of a native standard-library function.
    CallNative(Native, Vec<TExpr>),
    /// A node whose error is already reported.
    Error,
}

impl TExpr {
    /// Calls `f` on this expression and every expression inside it, outermost first.
    pub fn walk(&self, f: &mut impl FnMut(&TExpr)) {
        crate::stack::guard(|| self.walk_unguarded(f))
    }

    fn walk_unguarded(&self, f: &mut impl FnMut(&TExpr)) {
        f(self);
        self.for_each_child(|child| child.walk(f));
    }

    /// Calls `f` on each expression directly inside this one, in evaluation order.
    pub fn for_each_child<'a>(&'a self, mut f: impl FnMut(&'a TExpr)) {
        match &self.kind {
            TExprKind::Template(parts) => parts.iter().for_each(|p| {
                if let TemplatePart::Value(v) = p {
                    f(v);
                }
            }),
            TExprKind::Field { base, .. } | TExprKind::Not(base) | TExprKind::Neg(base) | TExprKind::Convert(_, base) => f(base),
            TExprKind::Index(a, b) | TExprKind::Binary(_, a, b) => {
                f(a);
                f(b);
            }
            TExprKind::If(a, b, c) => [a, b, c].into_iter().for_each(|e| f(e)),
            TExprKind::Comprehension { source, filter, body, .. } => {
                f(source);
                filter.iter().chain(body.iter()).for_each(|e| f(e));
            }
            TExprKind::ListOp(_, list, count) => {
                f(list);
                count.iter().for_each(|e| f(e));
            }
            TExprKind::Sort { source: a, key: b, .. } | TExprKind::IfSome { value: a, then: b, .. } => {
                f(a);
                f(b);
            }
            TExprKind::List(items) | TExprKind::CallFn(_, items) | TExprKind::CallNative(_, items) => items.iter().for_each(f),
            TExprKind::Const(_) | TExprKind::Local(_) | TExprKind::Param(_) | TExprKind::Error => {}
        }
    }
}

/// A built-in list function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListOp {
    /// `first(xs)`: the first element, or none.
    First,
    /// `last(xs)`: the last element, or none.
    Last,
    /// `take(n, xs)`: the first `n` elements (all of them when there are fewer).
    Take,
}

impl ListOp {
    /// The built-in called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<ListOp> {
        match name {
            "first" => Some(ListOp::First),
            "last" => Some(ListOp::Last),
            "take" => Some(ListOp::Take),
            _ => None,
        }
    }
}

/// A part of a text template.
#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    /// Literal text.
    Text(String),
    /// An interpolated value.
    Value(TExpr),
}

/// The text of a template that interpolates nothing; `None` when it interpolates a value.
pub fn plain_text(parts: &[TemplatePart]) -> Option<String> {
    parts
        .iter()
        .map(|p| match p {
            TemplatePart::Text(t) => Some(t.as_str()),
            TemplatePart::Value(_) => None,
        })
        .collect()
}

/// A record declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordDef {
    /// Name.
    pub name: String,
    /// Package it belongs to.
    pub package: String,
    /// Fields in order.
    pub fields: Vec<FieldDef>,
    /// Docs.
    pub docs: Docs,
    /// Where the name is declared.
    pub span: Span,
}

/// A field of a record.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDef {
    /// Name.
    pub name: String,
    /// Type.
    pub ty: Type,
    /// Annotation names (`pii`, `consent`) with their argument.
    pub annotations: Vec<(String, Option<String>)>,
    /// Docs.
    pub docs: Docs,
    /// Where the name is declared.
    pub span: Span,
}

/// An enum declaration (or a decision's set of offers).
#[derive(Clone, Debug, PartialEq)]
pub struct EnumDef {
    /// Name.
    pub name: String,
    /// Variant names in order.
    pub variants: Vec<String>,
    /// Where each variant is declared.
    pub variant_spans: Vec<Span>,
    /// Docs.
    pub docs: Docs,
    /// Where the name is declared.
    pub span: Span,
}

/// A param.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamDef {
    /// Name.
    pub name: String,
    /// Package that declares it.
    pub package: String,
    /// Type.
    pub ty: Type,
    /// Default value.
    pub default: Const,
    /// Used as a count or a contact window, so an override must be above zero.
    pub positive: bool,
    /// Docs.
    pub docs: Docs,
    /// Where the name is declared.
    pub span: Span,
}

/// A Tenor function.
#[derive(Clone, Debug, PartialEq)]
pub struct FnDef {
    /// Name.
    pub name: String,
    /// Parameter types; parameter `i` is local `i` of the body.
    pub params: Vec<(String, Type)>,
    /// Result type.
    pub result: Type,
    /// Body.
    pub body: TExpr,
    /// Number of locals the body uses.
    pub locals: u32,
    /// For a table, where each row is, in order: the body is an `if` per row but the last, whose
    /// value is the final `else`. Empty for a function.
    pub rows: Vec<Span>,
    /// Where the name is declared.
    pub span: Span,
}

/// A decision.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionDef {
    /// Name.
    pub name: String,
    /// Package it belongs to.
    pub package: String,
    /// Inputs; input `i` is local `i`.
    pub inputs: Vec<(String, Type)>,
    /// Statements in order.
    pub stmts: Vec<TStmt>,
    /// Outputs, in declaration order.
    pub outputs: Vec<OutputDef>,
    /// The offers, if the decision has any.
    pub offers: Option<OffersDef>,
    /// Experiments, in declaration order.
    pub experiments: Vec<ExperimentDef>,
    /// Number of locals.
    pub locals: u32,
    /// Docs.
    pub docs: Docs,
    /// Where the name is declared.
    pub span: Span,
}

/// A decision statement.
#[derive(Clone, Debug, PartialEq)]
pub enum TStmt {
    /// Bind a local.
    Let(LocalId, TExpr),
    /// Put the arm of experiment `index` for the unit into local `local`.
    Experiment {
        /// Index into [`DecisionDef::experiments`].
        index: u32,
        /// The local holding the arm.
        local: LocalId,
        /// The unit id (Text or Int).
        unit: TExpr,
    },
    /// Compute output `index` into local `local`.
    Output {
        /// Index into [`DecisionDef::outputs`].
        index: u32,
        /// The local holding the value.
        local: LocalId,
        /// How it is computed.
        rules: Vec<TRuleArm>,
    },
}

/// An experiment: units hashed into buckets, buckets split among arms by weight.
#[derive(Clone, Debug, PartialEq)]
pub struct ExperimentDef {
    /// Name (part of the hash, so renaming reshuffles units).
    pub name: String,
    /// The enum of arm names.
    pub arms: EnumId,
    /// Each arm's weight in basis points; they add up to 10,000.
    pub weights: Vec<u32>,
    /// Where it is declared.
    pub span: Span,
}

/// A rule arm; `condition` is `None` for `otherwise`.
#[derive(Clone, Debug, PartialEq)]
pub struct TRuleArm {
    /// Value.
    pub value: TExpr,
    /// Condition.
    pub condition: Option<TExpr>,
    /// The condition as written (canonical), or `otherwise`, for explanations.
    pub text: String,
    /// The text of each conjunct of the condition (`a and b` gives `a`, `b`), for explanations.
    pub conjuncts: Vec<String>,
    /// Span of the arm.
    pub span: Span,
}

/// An output of a decision.
#[derive(Clone, Debug, PartialEq)]
pub struct OutputDef {
    /// Name.
    pub name: String,
    /// Type.
    pub ty: Type,
    /// Where it is declared.
    pub span: Span,
}

/// A decision's offers and their arbitration.
#[derive(Clone, Debug, PartialEq)]
pub struct OffersDef {
    /// The enum of offer names.
    pub names: EnumId,
    /// Ranking formula over locals `propensity`, `weight`, `value`, `lever`; Float.
    pub ranking: TExpr,
    /// The locals the formula reads: propensity, weight, value, lever.
    pub formula_locals: [LocalId; 4],
    /// `group name at most N` caps (N is an Int).
    pub groups: Vec<(String, TExpr)>,
    /// `at most N` (Int), if given.
    pub limit: Option<TExpr>,
    /// `score at least X` (Float), if given: offers scoring below it are suppressed.
    pub floor: Option<TExpr>,
    /// The offers in declaration order.
    pub offers: Vec<OfferDef>,
}

/// One offer.
#[derive(Clone, Debug, PartialEq)]
pub struct OfferDef {
    /// Name.
    pub name: String,
    /// Consents the offer requires (each also an eligibility condition).
    pub requires: Vec<String>,
    /// Conditions, all of which must hold.
    pub eligible: Vec<TExpr>,
    /// Each condition as written (canonical), for explanations.
    pub eligible_texts: Vec<String>,
    /// The text of each conjunct of each condition, for explanations.
    pub eligible_conjuncts: Vec<Vec<String>>,
    /// Propensity as Float.
    pub propensity: TExpr,
    /// Value as Float.
    pub value: TExpr,
    /// Lever as Float.
    pub lever: TExpr,
    /// Context weight as Float.
    pub weight: TExpr,
    /// Index into [`OffersDef::groups`], if the offer belongs to a group.
    pub group: Option<u32>,
    /// Contact rules: an eligible offer is suppressed by the first whose condition holds.
    pub suppressions: Vec<Suppression>,
    /// Message, Text.
    pub message: Option<TExpr>,
    /// Where it is declared.
    pub span: Span,
}

/// A contact rule of an offer, desugared: when `condition` holds the offer is suppressed, for `reason`.
#[derive(Clone, Debug, PartialEq)]
pub struct Suppression {
    /// Bool: the rule is broken (too many or too recent contacts).
    pub condition: TExpr,
    /// Text: why, for the decision's `suppressed` list.
    pub reason: TExpr,
}

/// A test block.
#[derive(Clone, Debug, PartialEq)]
pub struct TestDef {
    /// Title.
    pub name: String,
    /// Package it belongs to.
    pub package: String,
    /// Index of the decision called.
    pub decision: u32,
    /// Input values, in the decision's input order.
    pub given: Vec<Const>,
    /// Pinned arms: (index into the decision's experiments, arm).
    pub pins: Vec<(u32, u32)>,
    /// Conditions over the outputs: locals `0..outputs` are the outputs, then `offer`, `offers` and
    /// `suppressed`, then the experiments' arms, then each offer's message (`message of offer`).
    pub expects: Vec<TExpr>,
    /// Number of locals the expectations use.
    pub locals: u32,
    /// Where the test is.
    pub span: Span,
}

/// A use of a declared name, for go-to-definition and rename.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reference {
    /// Where the name is used.
    pub span: Span,
    /// Where it is declared.
    pub target: Span,
}

/// Everything the checker knows about a program.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checked {
    /// Records.
    pub records: Vec<RecordDef>,
    /// Enums, offer sets included.
    pub enums: Vec<EnumDef>,
    /// Params.
    pub params: Vec<ParamDef>,
    /// Tenor functions.
    pub fns: Vec<FnDef>,
    /// Decisions.
    pub decisions: Vec<DecisionDef>,
    /// Tests.
    pub tests: Vec<TestDef>,
    /// Every resolved use of a declared name.
    pub references: Vec<Reference>,
    /// Every named local (input, `let`, output, parameter, comprehension binder) and where it
    /// can be used: the scopes the editor completes names from.
    pub locals: Vec<LocalDef>,
}

/// A local name and the region where it is visible.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalDef {
    /// Name.
    pub name: String,
    /// Type.
    pub ty: Type,
    /// Where it is declared.
    pub span: Span,
    /// Where it can be used: from its declaration to the end of its body or comprehension.
    pub scope: Span,
}
