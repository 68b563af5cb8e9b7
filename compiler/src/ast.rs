//! The syntax tree: what the parser produces, with a span on every node.
//!
//! The tree is plain data. Names are not resolved here; `check` resolves them
//! and produces the typed IR (`tir`).

use crate::span::Span;

/// A name as written, with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    /// The name.
    pub name: String,
    /// Where it is.
    pub span: Span,
}

/// One parsed file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Module {
    /// `package a.b`, if declared.
    pub package: Option<Path>,
    /// `import a.b` lines.
    pub imports: Vec<Path>,
    /// Declarations in source order.
    pub items: Vec<Item>,
}

/// A dotted name such as `retail.common`.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    /// The parts.
    pub parts: Vec<Ident>,
    /// The whole path.
    pub span: Span,
}

impl Path {
    /// The path as written, dots included.
    pub fn dotted(&self) -> String {
        self.parts.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(".")
    }
}

/// A top-level declaration.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// `record Name { … }`
    Record(RecordDecl),
    /// `enum Name { … }`
    Enum(EnumDecl),
    /// `param name: Type = default`
    Param(ParamDecl),
    /// `fn name(…) -> Type = body` or `extern fn …`
    Fn(FnDecl),
    /// `table name(…) -> Type { row => value … }`
    Table(TableDecl),
    /// `decision name(…) { … }`
    Decision(DecisionDecl),
    /// `test "…" { given … expect … }`
    Test(TestDecl),
}

/// `message of offer` (in a test's `expect`) is a name with this prefix, which no identifier can have.
pub const MESSAGE_OF: &str = "message of ";

impl Item {
    /// The whole declaration.
    pub fn span(&self) -> Span {
        match self {
            Item::Record(r) => r.span,
            Item::Enum(e) => e.span,
            Item::Param(p) => p.span,
            Item::Fn(f) => f.span,
            Item::Table(t) => t.span,
            Item::Decision(d) => d.span,
            Item::Test(t) => t.span,
        }
    }
}

/// Documentation lines from `##` comments, without the `##`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Docs(pub Vec<String>);

impl Docs {
    /// The lines joined with newlines.
    pub fn text(&self) -> String {
        self.0.join("\n")
    }
}

/// A record: the shape of host data.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordDecl {
    /// Doc comment.
    pub docs: Docs,
    /// Record name.
    pub name: Ident,
    /// Fields in order.
    pub fields: Vec<FieldDecl>,
    /// The whole declaration.
    pub span: Span,
}

/// One field of a record.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDecl {
    /// Doc comment.
    pub docs: Docs,
    /// Field name.
    pub name: Ident,
    /// Declared type.
    pub ty: TypeExpr,
    /// `@pii`, `@consent(marketing)`, …
    pub annotations: Vec<Annotation>,
    /// The whole field.
    pub span: Span,
}

/// `@name` or `@name(arg)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Annotation {
    /// The annotation's name.
    pub name: Ident,
    /// Its argument, if any.
    pub arg: Option<Ident>,
    /// The whole annotation.
    pub span: Span,
}

/// An enumeration.
#[derive(Clone, Debug, PartialEq)]
pub struct EnumDecl {
    /// Doc comment.
    pub docs: Docs,
    /// Enum name.
    pub name: Ident,
    /// Variants in order, each with its docs.
    pub variants: Vec<(Docs, Ident)>,
    /// The whole declaration.
    pub span: Span,
}

/// A named, typed, overridable constant.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamDecl {
    /// Doc comment.
    pub docs: Docs,
    /// Param name.
    pub name: Ident,
    /// Declared type.
    pub ty: TypeExpr,
    /// Default value.
    pub default: Expr,
    /// The whole declaration.
    pub span: Span,
}

/// A function: `fn` with a body (inlined, never recursive) or `extern fn` (native).
#[derive(Clone, Debug, PartialEq)]
pub struct FnDecl {
    /// Doc comment.
    pub docs: Docs,
    /// Whether it is implemented natively by the runtime.
    pub is_extern: bool,
    /// Function name.
    pub name: Ident,
    /// Parameters.
    pub params: Vec<Binding>,
    /// Result type.
    pub result: TypeExpr,
    /// Body, for non-extern functions.
    pub body: Option<Expr>,
    /// The whole declaration.
    pub span: Span,
}

/// A decision table: a function given by rows.
#[derive(Clone, Debug, PartialEq)]
pub struct TableDecl {
    /// Doc comment.
    pub docs: Docs,
    /// Table name (called like a function).
    pub name: Ident,
    /// Its columns.
    pub params: Vec<Binding>,
    /// The type of the values.
    pub result: TypeExpr,
    /// Rows in order.
    pub rows: Vec<TableRow>,
    /// The whole table.
    pub span: Span,
}

/// One row: a cell per column (`None` for `_`) and the value.
#[derive(Clone, Debug, PartialEq)]
pub struct TableRow {
    /// Cells; `None` matches anything.
    pub cells: Vec<Option<Expr>>,
    /// The value when the row matches.
    pub value: Expr,
    /// The whole row.
    pub span: Span,
}

/// `name: Type`, as a parameter or decision input.
#[derive(Clone, Debug, PartialEq)]
pub struct Binding {
    /// The name.
    pub name: Ident,
    /// Its type.
    pub ty: TypeExpr,
}

/// A type as written: `Int`, `Text?`, `List<Order>`, `Money<USD>`.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    /// The type's name.
    pub name: Ident,
    /// Type arguments in angle brackets.
    pub args: Vec<TypeExpr>,
    /// Whether it ends in `?`.
    pub optional: bool,
    /// The whole type.
    pub span: Span,
}

/// A decision: a named entry point.
#[derive(Clone, Debug, PartialEq)]
pub struct DecisionDecl {
    /// Doc comment.
    pub docs: Docs,
    /// Decision name.
    pub name: Ident,
    /// Typed inputs.
    pub inputs: Vec<Binding>,
    /// Body statements in order.
    pub stmts: Vec<Stmt>,
    /// The whole declaration.
    pub span: Span,
}

/// A statement in a decision body.
#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// `let name = expr`
    Let {
        /// Doc comment.
        docs: Docs,
        /// The bound name.
        name: Ident,
        /// Declared type, if written.
        ty: Option<TypeExpr>,
        /// The value.
        value: Expr,
        /// The whole statement, its docs included.
        span: Span,
    },
    /// `let name: Type { arms }`: a rule list bound like a `let` (not an output).
    LetRules(OutputDecl),
    /// A declared output: `name = expr` or `name { arms }`.
    Output(OutputDecl),
    /// `offers … { … }`
    Offers(Box<OffersBlock>),
    /// `experiment name by unit { arm weight … }`
    Experiment(ExperimentDecl),
    /// `consent marketing = customer.consent_marketing`
    Consent(ConsentSource),
}

/// Where a consent comes from when the host sends it as a Bool flag.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsentSource {
    /// Doc comment.
    pub docs: Docs,
    /// The consent (`marketing`).
    pub consent: Ident,
    /// The Bool input field that holds it (`customer.consent_marketing`).
    pub source: Expr,
    /// The whole declaration.
    pub span: Span,
}

/// A split of units (customers, sessions) into arms by declared weights.
#[derive(Clone, Debug, PartialEq)]
pub struct ExperimentDecl {
    /// Doc comment.
    pub docs: Docs,
    /// Experiment name: with the unit id, it decides the arm, so keep it stable.
    pub name: Ident,
    /// The unit id hashed into a bucket.
    pub unit: Expr,
    /// Arms in order with their weights (Percent).
    pub arms: Vec<(Ident, Expr)>,
    /// The whole experiment.
    pub span: Span,
}

/// A decision output.
#[derive(Clone, Debug, PartialEq)]
pub struct OutputDecl {
    /// Doc comment.
    pub docs: Docs,
    /// Output name.
    pub name: Ident,
    /// Declared type, if written.
    pub ty: Option<TypeExpr>,
    /// How its value is computed.
    pub body: OutputBody,
    /// `requires consent x …`: the consents the output needs.
    pub consents: Vec<Ident>,
    /// `otherwise v` after the consents: the value without them (none when absent).
    pub fallback: Option<Expr>,
    /// The whole output.
    pub span: Span,
}

/// The value of an output.
#[derive(Clone, Debug, PartialEq)]
pub enum OutputBody {
    /// `= expr`
    Value(Expr),
    /// An ordered rule list: the first arm whose condition holds wins.
    Rules(Vec<RuleArm>),
}

/// `value when condition`, or `otherwise value` when `condition` is `None`.
#[derive(Clone, Debug, PartialEq)]
pub struct RuleArm {
    /// The arm's value.
    pub value: Expr,
    /// Its condition; `None` for `otherwise`.
    pub condition: Option<Expr>,
    /// The whole arm.
    pub span: Span,
}

/// The offers of a decision and how they are arbitrated.
#[derive(Clone, Debug, PartialEq)]
pub struct OffersBlock {
    /// `ranked by formula`.
    pub ranking: Option<Expr>,
    /// `at most N`.
    pub limit: Option<Expr>,
    /// `score at least X`: the lowest score an offer may be chosen with.
    pub floor: Option<Expr>,
    /// The offers in declaration order (the tie-break order).
    pub offers: Vec<OfferDecl>,
    /// `group name at most N` lines.
    pub groups: Vec<(Ident, Expr)>,
    /// `contact history <list> as of <now>`.
    pub history: Option<(Expr, Expr)>,
    /// Block-level contact caps: `contact at most N per W [for group g | for channel c]`.
    pub contact_caps: Vec<BlockContactCap>,
    /// The whole block.
    pub span: Span,
}

/// A contact cap over several offers.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockContactCap {
    /// N.
    pub cap: Expr,
    /// The window.
    pub window: Expr,
    /// Which past contacts count, and which offers it holds back.
    pub scope: ContactScope,
    /// The whole rule.
    pub span: Span,
}

/// What a block-level contact cap covers.
#[derive(Clone, Debug, PartialEq)]
pub enum ContactScope {
    /// Every offer.
    All,
    /// The offers of a group.
    Group(Ident),
    /// Contacts on a channel (compared with the history's `channel` field).
    Channel(Expr),
}

/// One offer.
#[derive(Clone, Debug, PartialEq)]
pub struct OfferDecl {
    /// Doc comment.
    pub docs: Docs,
    /// Offer name, stable across versions.
    pub name: Ident,
    /// `eligible when …` conditions, all of which must hold.
    pub eligible: Vec<Expr>,
    /// `requires consent X` lines.
    pub requires: Vec<Ident>,
    /// `propensity …`.
    pub propensity: Option<Expr>,
    /// `value …`.
    pub value: Option<Expr>,
    /// `lever …`.
    pub lever: Option<Expr>,
    /// `weight …`: the context weight.
    pub weight: Option<Expr>,
    /// `group name`.
    pub group: Option<Ident>,
    /// `contact at most N per <window>` caps.
    pub contact_caps: Vec<(Expr, Expr)>,
    /// `contact at least <gap> apart`.
    pub contact_gaps: Vec<Expr>,
    /// `message …`.
    pub message: Option<Expr>,
    /// The whole offer.
    pub span: Span,
}

/// A test written in the language.
#[derive(Clone, Debug, PartialEq)]
pub struct TestDecl {
    /// Doc comment.
    pub docs: Docs,
    /// The test's title.
    pub name: String,
    /// Span of the title.
    pub name_span: Span,
    /// The decision called.
    pub decision: Ident,
    /// The named inputs.
    pub given: Vec<(Ident, Expr)>,
    /// `with experiment name = arm`: arms the test pins.
    pub pins: Vec<(Ident, Ident)>,
    /// Each `expect` condition.
    pub expects: Vec<Expr>,
    /// The whole test.
    pub span: Span,
}

/// An expression with its span.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where it is (its parentheses included).
    pub span: Span,
    /// How many pairs of parentheses were written around it: `((a))` is `a` with 2. They change
    /// nothing but the text; the tree already says how operators group.
    pub parens: u32,
}

impl Expr {
    /// An expression written without parentheses.
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span, parens: 0 }
    }
}

/// Binary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `or`
    Or,
    /// `and`
    And,
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
    /// `in`
    In,
    /// `not in`
    NotIn,
    /// `..`
    Range,
    /// `??`
    Coalesce,
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

impl BinOp {
    /// The operator as written.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::In => "in",
            BinOp::NotIn => "not in",
            BinOp::Range => "..",
            BinOp::Coalesce => "??",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Rem => "%",
        }
    }
}

/// Unary operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnOp {
    /// `not`
    Not,
    /// `-`
    Neg,
}

/// The aggregate of a comprehension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Aggregate {
    /// True if the body holds for some element.
    Any,
    /// True if the body holds for every element.
    All,
    /// How many elements pass.
    Count,
    /// Sum of the body over the elements.
    Sum,
    /// Smallest body value, none when empty.
    Min,
    /// Largest body value, none when empty.
    Max,
    /// The elements that pass.
    Filter,
}

impl Aggregate {
    /// The keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            Aggregate::Any => "any",
            Aggregate::All => "all",
            Aggregate::Count => "count",
            Aggregate::Sum => "sum",
            Aggregate::Min => "min",
            Aggregate::Max => "max",
            Aggregate::Filter => "filter",
        }
    }
}

/// A literal value.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `true`, `false`
    Bool(bool),
    /// `42`
    Int(i64),
    /// `0.8`
    Float(f64),
    /// `3000 USD`: amount in ten-thousandths, and the currency code.
    Money(i64, String),
    /// `20%`, as a fraction (0.2).
    Percent(f64),
    /// `14d`, in seconds.
    Duration(i64),
    /// `08:30`, seconds since midnight.
    Time(i64),
    /// `2026-11-23`, days since 1970-01-01.
    Date(i64),
    /// `2026-11-23T08:00:00Z`, seconds since the Unix epoch.
    Timestamp(i64),
    /// `none`
    None,
}

/// A part of a string literal.
#[derive(Clone, Debug, PartialEq)]
pub enum TemplatePart {
    /// Literal text.
    Text {
        /// The text, escapes resolved.
        value: String,
        /// The text as written, escapes included.
        raw: String,
    },
    /// `{expr}`
    Interp(Expr),
}

/// What an expression is.
#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    /// A literal: its value and its text as written (`48h`, `12.50 EUR`, `0.50`), for the formatter.
    Literal(Literal, String),
    /// A string, possibly with interpolations.
    Template(Vec<TemplatePart>),
    /// A bare name.
    Name(String),
    /// `base.field`
    Field(Box<Expr>, Ident),
    /// `base?.field`: none when `base` is none, else its field (an optional either way).
    OptionalField(Box<Expr>, Ident),
    /// `base[index]`
    Index(Box<Expr>, Box<Expr>),
    /// `callee(args)`
    Call(Box<Expr>, Vec<Expr>),
    /// `a op b`
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `op a`
    Unary(UnOp, Box<Expr>),
    /// `if c then a else b`
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `agg(x in source where filter: body)`
    Comprehension {
        /// Which aggregate.
        aggregate: Aggregate,
        /// The element name.
        binder: Ident,
        /// The list, set or map iterated.
        source: Box<Expr>,
        /// `where` condition.
        filter: Option<Box<Expr>>,
        /// `: body`.
        body: Option<Box<Expr>>,
    },
    /// `sort(x in source where filter by key descending)`, or `top(count, x in source by key)`.
    Sort(Box<SortExpr>),
    /// `[a, b]`
    List(Vec<Expr>),
    /// `{ a: 1, b: 2, ... }`; the flag says whether `...` was written.
    Record(Vec<(Ident, Expr)>, bool),
    /// A node the parser could not build; its error is already reported.
    Error,
}

/// The direction word of a `sort` or `top`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortDirection {
    /// `ascending`
    Ascending,
    /// `descending`
    Descending,
}

impl SortDirection {
    /// The keyword.
    pub fn keyword(self) -> &'static str {
        match self {
            SortDirection::Ascending => "ascending",
            SortDirection::Descending => "descending",
        }
    }
}

/// A bounded ordering of a list: `sort(…)`, or `top(count, …)` (the highest keys first).
#[derive(Clone, Debug, PartialEq)]
pub struct SortExpr {
    /// The element name.
    pub binder: Ident,
    /// The list or set sorted.
    pub source: Expr,
    /// `where` condition: only the elements that pass are kept.
    pub filter: Option<Expr>,
    /// `by key`.
    pub key: Expr,
    /// `descending` was written (or the form is `top`).
    pub descending: bool,
    /// The direction word as written, if any (`top` ignores it).
    pub direction: Option<SortDirection>,
    /// `top(count, …)`: how many of the first elements are kept.
    pub top: Option<Expr>,
}
