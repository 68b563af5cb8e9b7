//! The pest parser over `grammar/tenor.pest`, and the lowering of its pairs into the AST.

use super::errors::syntax_error;
use super::lexer::{self, Token};
use super::nesting;
use super::recovery::Recovery;
use super::Parsed;
use crate::ast::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Span};
use crate::stack;
use pest::iterators::Pair;
use pest::Parser as _;
use std::cell::{Cell, RefCell};

mod expr;
mod ordering;

#[derive(pest_derive::Parser)]
#[grammar = "../../grammar/tenor.pest"]
pub(super) struct TenorParser;

/// Deepest nesting (brackets, `if`s, prefix operators, interpolations) accepted in one item.
pub const MAX_NESTING: usize = 256;
/// Stack the pest parser and the tree builder need besides the levels of nesting.
const PARSE_STACK_BASE: usize = 256 * 1024;
/// Stack they need per level of nesting (measured: under 8 KiB in a debug build).
const PARSE_STACK_PER_LEVEL: usize = 16 * 1024;
/// Syntax errors reported in one file before the parser gives up on it.
pub(super) const MAX_SYNTAX_ERRORS: usize = 100;

pub(super) fn parse_file(file: FileId, src: &str) -> Parsed {
    pest::set_error_detail(true);
    let lexemes = lexer::tokens(src);
    let mut parsed = Parsed { trivia: lexer::trivia(&lexemes), ..Parsed::default() };
    let mut syntax_errors = 0;
    for chunk in lexer::chunks(src, &lexemes) {
        let in_chunk = lexemes.get(chunk.lexemes.clone()).unwrap_or_default();
        if in_chunk.iter().all(|l| matches!(l.token, Token::Comment | Token::DocComment)) {
            continue;
        }
        if syntax_errors >= MAX_SYNTAX_ERRORS {
            let span = Span::new(file, chunk.start, chunk.start);
            let message = format!("more than {MAX_SYNTAX_ERRORS} syntax errors; the rest of the file was not read");
            parsed
                .diagnostics
                .push(Diagnostic::error(Code::Syntax, span, message).with_label("stopped here").with_help("fix the errors above first"));
            break;
        }
        let depth = match nesting::measure(src, in_chunk, MAX_NESTING) {
            Ok(depth) => depth,
            Err(deep) => {
                syntax_errors += 1;
                parsed.diagnostics.push(too_deep(Span::new(file, deep.at.start, deep.at.end)));
                continue;
            }
        };
        let text = src.get(chunk.start..chunk.end).unwrap_or("");
        let stack = PARSE_STACK_BASE + depth * PARSE_STACK_PER_LEVEL;
        if !stack::with_at_least(stack, || parse_item(file, chunk.start, text, &mut parsed)) {
            syntax_errors += 1;
        }
    }
    parsed
}

/// Parses one item chunk into `parsed`; false when it has a syntax error.
///
/// Runs with [`PARSE_STACK`] of stack: pest recurses once per level of nesting, up to [`MAX_NESTING`].
fn parse_item(file: FileId, offset: usize, text: &str, parsed: &mut Parsed) -> bool {
    match TenorParser::parse(Rule::item_chunk, text) {
        Ok(mut pairs) => {
            let builder = Builder::new(file, offset, offset + text.len());
            if let Some(item) = pairs.next().and_then(|chunk_pair| chunk_pair.into_inner().next()) {
                builder.item(item, &mut parsed.module);
            }
            parsed.diagnostics.extend(builder.into_diagnostics());
            true
        }
        Err(error) if matches!(&error.variant, pest::error::ErrorVariant::CustomError { .. }) => {
            // pest's own guard ran out of stack or calls: the nesting estimate fell short.
            parsed.diagnostics.push(too_deep(Span::new(file, offset, offset)));
            false
        }
        Err(error) => {
            let original = syntax_error(&error, file, offset, text);
            let mut recovery = Recovery::new(file, offset, text);
            parsed.module.items.extend(recovery.item(original));
            parsed.diagnostics.extend(recovery.diagnostics);
            false
        }
    }
}

/// The error for nesting past [`MAX_NESTING`], at the token that goes one level too deep.
fn too_deep(span: Span) -> Diagnostic {
    Diagnostic::error(Code::TooDeep, span, format!("this nests more than {MAX_NESTING} levels deep"))
        .with_label(format!("level {} starts here", MAX_NESTING + 1))
        .with_help("brackets, `if`s, `not`s and interpolations nest; name the inner parts with `let` bindings")
}

/// Turns pest pairs into AST nodes, collecting literal errors.
pub(super) struct Builder {
    file: FileId,
    offset: usize,
    /// One past the last byte of real source the chunk covers; spans are clamped to it, since
    /// recovery completes broken headers with stand-in text (`}`, ` 0`) past the source.
    limit: usize,
    diagnostics: RefCell<Vec<Diagnostic>>,
    /// Whether the statement being built was already reported as too tall.
    too_tall_reported: Cell<bool>,
}

type Depth = u32;

impl Builder {
    /// A builder for a chunk of real source from byte `offset` to byte `limit` of the file.
    pub(super) fn new(file: FileId, offset: usize, limit: usize) -> Builder {
        Builder { file, offset, limit, diagnostics: RefCell::new(Vec::new()), too_tall_reported: Cell::new(false) }
    }

    /// The span of bytes `start..end` of the chunk, clamped to the real source.
    fn at(&self, start: usize, end: usize) -> Span {
        let clamp = |at: usize| (self.offset + at).min(self.limit);
        Span::new(self.file, clamp(start), clamp(end))
    }

    /// The literal and height errors found while building.
    pub(super) fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics.into_inner()
    }

    /// The pair's span without trailing whitespace and comments (pest keeps the skip before an empty `*` group).
    pub(super) fn span(&self, pair: &Pair<Rule>) -> Span {
        let s = pair.as_span();
        let text = pair.as_str();
        let end = if text.ends_with(char::is_whitespace) {
            let code = lexer::tokens(text).into_iter().rev().find(|l| !matches!(l.token, Token::Comment | Token::DocComment));
            s.start() + code.map(|l| l.end).unwrap_or(0)
        } else {
            s.end()
        };
        self.at(s.start(), end)
    }

    fn error(&self, diagnostic: Diagnostic) {
        self.diagnostics.borrow_mut().push(diagnostic);
    }

    pub(super) fn ident(&self, pair: Pair<Rule>) -> Ident {
        Ident { name: pair.as_str().to_owned(), span: self.span(&pair) }
    }

    pub(super) fn item(&self, pair: Pair<Rule>, module: &mut Module) {
        match pair.as_rule() {
            Rule::package_decl => {
                let path = self.path(inner_of(pair, Rule::path));
                if let (Some(existing), Some(path)) = (&module.package, &path) {
                    self.error(
                        Diagnostic::error(Code::Package, path.span, "a file has one `package` line")
                            .with_note(existing.span, "first declared here")
                            .with_help("remove this line"),
                    );
                } else {
                    module.package = path;
                }
            }
            Rule::import_decl => module.imports.extend(self.path(inner_of(pair, Rule::path))),
            Rule::record_decl => module.items.push(Item::Record(self.record(pair))),
            Rule::enum_decl => module.items.push(Item::Enum(self.enum_decl(pair))),
            Rule::param_decl => module.items.push(Item::Param(self.param(pair))),
            Rule::fn_decl => module.items.push(Item::Fn(self.fn_decl(pair))),
            Rule::table_decl => module.items.push(Item::Table(self.table(pair))),
            Rule::decision_decl => module.items.push(Item::Decision(self.decision(pair))),
            Rule::test_decl => module.items.push(Item::Test(self.test(pair))),
            _ => {}
        }
    }

    fn path(&self, pair: Option<Pair<Rule>>) -> Option<Path> {
        let pair = pair?;
        let span = self.span(&pair);
        Some(Path { parts: pair.into_inner().map(|p| self.ident(p)).collect(), span })
    }

    fn docs(&self, pair: Pair<Rule>) -> Docs {
        Docs(
            pair.into_inner()
                .map(|d| {
                    let text = d.as_str().trim_start_matches("##");
                    text.strip_prefix(' ').unwrap_or(text).trim_end().to_owned()
                })
                .collect(),
        )
    }

    fn record(&self, pair: Pair<Rule>) -> RecordDecl {
        let span = self.span(&pair);
        let mut parts = Parts::new(pair);
        let docs = parts.docs(self);
        let name = parts.ident(self);
        let fields = parts.rest(Rule::field_decl).map(|f| self.field(f)).collect();
        RecordDecl { docs, name, fields, span }
    }

    pub(super) fn field(&self, pair: Pair<Rule>) -> FieldDecl {
        let span = self.span(&pair);
        let mut parts = Parts::new(pair);
        let docs = parts.docs(self);
        let name = parts.ident(self);
        let ty = parts.type_expr(self);
        let annotations = parts
            .rest(Rule::annotation)
            .map(|a| {
                let span = self.span(&a);
                let mut inner = a.into_inner();
                let name = inner.next().map(|p| self.ident(p)).unwrap_or_else(|| missing_ident(span));
                let arg = inner.next().map(|p| self.ident(p));
                Annotation { name, arg, span }
            })
            .collect();
        FieldDecl { docs, name, ty, annotations, span }
    }

    fn enum_decl(&self, pair: Pair<Rule>) -> EnumDecl {
        let span = self.span(&pair);
        let mut parts = Parts::new(pair);
        let docs = parts.docs(self);
        let name = parts.ident(self);
        let variants = parts.rest(Rule::variant).map(|v| self.variant(v)).collect();
        EnumDecl { docs, name, variants, span }
    }

    /// One enum variant with its docs.
    pub(super) fn variant(&self, v: Pair<Rule>) -> (Docs, Ident) {
        let mut vp = Parts::new(v);
        (vp.docs(self), vp.ident(self))
    }

    fn param(&self, pair: Pair<Rule>) -> ParamDecl {
        let span = self.span(&pair);
        let mut parts = Parts::new(pair);
        let docs = parts.docs(self);
        let name = parts.ident(self);
        let ty = parts.type_expr(self);
        let default = parts.expr(self);
        ParamDecl { docs, name, ty, default, span }
    }

    fn fn_decl(&self, pair: Pair<Rule>) -> FnDecl {
        let span = self.span(&pair);
        let mut parts = Parts::new(pair);
        let docs = parts.docs(self);
        let is_extern = parts.take(Rule::kw_extern).is_some();
        let name = parts.ident(self);
        let params = parts.take(Rule::fn_params).map(|p| self.bindings(p)).unwrap_or_default();
        let result = parts.type_expr(self);
        let body = parts.take(Rule::expr).map(|e| self.expr(e));
        FnDecl { docs, is_extern, name, params, result, body, span }
    }

    fn table(&self, pair: Pair<Rule>) -> TableDecl {
        let span = self.span(&pair);
        let mut parts = Parts::new(pair);
        let docs = parts.docs(self);
        let name = parts.ident(self);
        let params = parts.take(Rule::fn_params).map(|p| self.bindings(p)).unwrap_or_default();
        let result = parts.type_expr(self);
        let rows = parts.rest(Rule::table_row).map(|row| self.table_row(row)).collect();
        TableDecl { docs, name, params, result, rows, span }
    }

    /// One row of a decision table.
    pub(super) fn table_row(&self, row: Pair<Rule>) -> TableRow {
        let span = self.span(&row);
        let mut cells = Vec::new();
        let mut value = None;
        for part in row.into_inner() {
            match part.as_rule() {
                Rule::table_cell => cells.push(part.into_inner().next().filter(|c| c.as_rule() == Rule::expr).map(|e| self.expr(e))),
                _ => value = Some(self.expr(part)),
            }
        }
        TableRow { cells, value: value.unwrap_or(Expr::new(ExprKind::Error, span)), span }
    }

    fn bindings(&self, pair: Pair<Rule>) -> Vec<Binding> {
        pair.into_inner()
            .map(|b| {
                let mut parts = Parts::new(b);
                Binding { name: parts.ident(self), ty: parts.type_expr(self) }
            })
            .collect()
    }

    fn type_expr(&self, pair: Pair<Rule>) -> TypeExpr {
        let span = self.span(&pair);
        let mut parts = Parts::new(pair);
        let name = parts.ident(self);
        let args = parts.take(Rule::type_args).map(|a| a.into_inner().map(|t| self.type_expr(t)).collect()).unwrap_or_default();
        let optional = parts.take(Rule::optional_mark).is_some();
        TypeExpr { name, args, optional, span }
    }

    fn decision(&self, pair: Pair<Rule>) -> DecisionDecl {
        let span = self.span(&pair);
        let mut parts = Parts::new(pair);
        let docs = parts.docs(self);
        let name = parts.ident(self);
        let inputs = parts.take(Rule::fn_params).map(|p| self.bindings(p)).unwrap_or_default();
        let stmts = parts.remaining().filter_map(|s| self.stmt(s)).collect();
        DecisionDecl { docs, name, inputs, stmts, span }
    }

    pub(super) fn stmt(&self, pair: Pair<Rule>) -> Option<Stmt> {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::let_stmt => {
                let mut parts = Parts::new(pair);
                let docs = parts.docs(self);
                let name = parts.ident(self);
                let ty = parts.take(Rule::type_expr).map(|t| self.type_expr(t));
                Some(Stmt::Let { docs, name, ty, value: parts.expr(self), span })
            }
            Rule::output_value | Rule::output_rules | Rule::let_rules => {
                let rule = pair.as_rule();
                let is_rules = rule != Rule::output_value;
                let mut parts = Parts::new(pair);
                let docs = parts.docs(self);
                let name = parts.ident(self);
                let ty = parts.take(Rule::type_expr).map(|t| self.type_expr(t));
                let body = if is_rules {
                    OutputBody::Rules(parts.rest(Rule::rule_arm).map(|arm| self.arm(arm)).collect())
                } else {
                    OutputBody::Value(parts.expr(self))
                };
                let (consents, fallback) = parts.take(Rule::output_consent).map(|c| self.output_consent(c)).unwrap_or_default();
                let decl = OutputDecl { docs, name, ty, body, consents, fallback, span };
                Some(if rule == Rule::let_rules { Stmt::LetRules(decl) } else { Stmt::Output(decl) })
            }
            Rule::offers_block => Some(Stmt::Offers(Box::new(self.offers(pair)))),
            Rule::consent_source => {
                let mut parts = Parts::new(pair);
                let docs = parts.docs(self);
                let consent = parts.ident(self);
                Some(Stmt::Consent(ConsentSource { docs, consent, source: parts.expr(self), span }))
            }
            Rule::experiment => {
                let mut parts = Parts::new(pair);
                let docs = parts.docs(self);
                let name = parts.ident(self);
                let unit = parts.expr(self);
                let arms = parts
                    .rest(Rule::experiment_arm)
                    .map(|arm| {
                        let mut ap = Parts::new(arm);
                        let _ = ap.docs(self);
                        (ap.ident(self), ap.expr(self))
                    })
                    .collect();
                Some(Stmt::Experiment(ExperimentDecl { docs, name, unit, arms, span }))
            }
            _ => None,
        }
    }

    /// `requires consent a requires consent b otherwise v`.
    fn output_consent(&self, pair: Pair<Rule>) -> (Vec<Ident>, Option<Expr>) {
        let mut parts = Parts::new(pair);
        let consents = parts.rest(Rule::ident).map(|i| self.ident(i)).collect();
        (consents, parts.take(Rule::expr).map(|e| self.expr(e)))
    }

    pub(super) fn arm(&self, pair: Pair<Rule>) -> RuleArm {
        let span = self.span(&pair);
        let arm = pair.into_inner().next();
        let is_when = arm.as_ref().is_some_and(|a| a.as_rule() == Rule::when_arm);
        let exprs: Vec<Expr> =
            arm.into_iter().flat_map(|a| a.into_inner()).filter(|p| p.as_rule() == Rule::expr).map(|e| self.expr(e)).collect();
        let mut exprs = exprs.into_iter();
        let value = exprs.next().unwrap_or(Expr::new(ExprKind::Error, span));
        let condition = if is_when { exprs.next() } else { None };
        RuleArm { value, condition, span }
    }

    fn offers(&self, pair: Pair<Rule>) -> OffersBlock {
        let span = self.span(&pair);
        let mut block = OffersBlock {
            ranking: None,
            limit: None,
            floor: None,
            offers: Vec::new(),
            groups: Vec::new(),
            history: None,
            contact_caps: Vec::new(),
            span,
        };
        for part in pair.into_inner() {
            self.offers_part(part, &mut block);
        }
        block
    }

    /// Adds one part of an `offers` block (its ranking, limit, history, a cap, a group or an offer).
    pub(super) fn offers_part(&self, part: Pair<Rule>, block: &mut OffersBlock) {
        match part.as_rule() {
            Rule::ranking => block.ranking = Parts::new(part).take(Rule::expr).map(|e| self.expr(e)),
            Rule::limit => block.limit = Parts::new(part).take(Rule::expr).map(|e| self.expr(e)),
            Rule::floor => block.floor = Parts::new(part).take(Rule::expr).map(|e| self.expr(e)),
            Rule::offer_decl => block.offers.push(self.offer(part)),
            Rule::history => {
                let mut hp = Parts::new(part);
                block.history = Some((hp.expr(self), hp.expr(self)));
            }
            Rule::block_contact => {
                let rule_span = self.span(&part);
                let scope_pair = part.clone().into_inner().find(|p| matches!(p.as_rule(), Rule::contact_group | Rule::contact_channel));
                let mut cp = Parts::new(part);
                let cap = cp.expr(self);
                let window = cp.expr(self);
                let scope = match scope_pair {
                    Some(p) if p.as_rule() == Rule::contact_group => ContactScope::Group(Parts::new(p).ident(self)),
                    Some(p) => ContactScope::Channel(Parts::new(p).expr(self)),
                    None => ContactScope::All,
                };
                block.contact_caps.push(BlockContactCap { cap, window, scope, span: rule_span });
            }
            Rule::group_limit => {
                let mut gp = Parts::new(part);
                block.groups.push((gp.ident(self), gp.expr(self)));
            }
            _ => {}
        }
    }

    pub(super) fn offer(&self, pair: Pair<Rule>) -> OfferDecl {
        let span = self.span(&pair);
        let mut parts = Parts::new(pair);
        let docs = parts.docs(self);
        let name = parts.ident(self);
        let mut offer = OfferDecl {
            docs,
            name,
            eligible: vec![],
            requires: vec![],
            propensity: None,
            value: None,
            lever: None,
            weight: None,
            group: None,
            contact_caps: vec![],
            contact_gaps: vec![],
            message: None,
            span,
        };
        for prop in parts.remaining() {
            self.offer_prop(prop, &mut offer);
        }
        offer
    }

    /// Adds one property to an offer.
    pub(super) fn offer_prop(&self, prop: Pair<Rule>, offer: &mut OfferDecl) {
        let rule = prop.as_rule();
        let mut inner = Parts::new(prop);
        match rule {
            Rule::eligible_prop => offer.eligible.push(inner.expr(self)),
            Rule::requires_prop => offer.requires.push(inner.ident(self)),
            Rule::propensity_prop => offer.propensity = Some(inner.expr(self)),
            Rule::value_prop => offer.value = Some(inner.expr(self)),
            Rule::lever_prop => offer.lever = Some(inner.expr(self)),
            Rule::weight_prop => offer.weight = Some(inner.expr(self)),
            Rule::group_prop => offer.group = Some(inner.ident(self)),
            Rule::contact_cap => offer.contact_caps.push((inner.expr(self), inner.expr(self))),
            Rule::contact_gap => offer.contact_gaps.push(inner.expr(self)),
            Rule::message_prop => offer.message = Some(inner.expr(self)),
            _ => {}
        }
    }

    fn test(&self, pair: Pair<Rule>) -> TestDecl {
        let span = self.span(&pair);
        let mut parts = Parts::new(pair);
        let docs = parts.docs(self);
        let title = parts.take(Rule::string);
        let name_span = title.as_ref().map(|t| self.span(t)).unwrap_or(span);
        let name = title.map(|t| self.template_text(t)).unwrap_or_default();
        let given = parts.take(Rule::given);
        let Given { decision, args: given, pins } = match given {
            Some(g) => self.given(g),
            None => Given { decision: missing_ident(span), args: Vec::new(), pins: Vec::new() },
        };
        let expects = parts.rest(Rule::expect).map(|e| self.expect(e)).collect();
        TestDecl { docs, name, name_span, decision, given, pins, expects, span }
    }

    /// `given decision(name: value, …) with experiment x = arm, …`: the decision, the named
    /// inputs and the pinned experiment arms.
    pub(super) fn given(&self, g: Pair<Rule>) -> Given {
        let mut gp = Parts::new(g);
        let decision = gp.ident(self);
        let args = gp
            .rest(Rule::named_arg)
            .map(|a| {
                let mut ap = Parts::new(a);
                (ap.ident(self), ap.expr(self))
            })
            .collect();
        let pins = gp
            .rest(Rule::pin)
            .map(|p| {
                let mut pp = Parts::new(p);
                (pp.ident(self), pp.ident(self))
            })
            .collect();
        Given { decision, args, pins }
    }

    /// `expect condition`.
    pub(super) fn expect(&self, e: Pair<Rule>) -> Expr {
        Parts::new(e).expr(self)
    }
}

/// A test's `given`: the decision called, its named inputs and the pinned experiment arms.
pub(super) struct Given {
    pub decision: Ident,
    pub args: Vec<(Ident, Expr)>,
    pub pins: Vec<(Ident, Ident)>,
}

fn missing_ident(span: Span) -> Ident {
    Ident { name: String::new(), span }
}

fn inner_of(pair: Pair<Rule>, rule: Rule) -> Option<Pair<Rule>> {
    pair.into_inner().find(|p| p.as_rule() == rule)
}

/// A cursor over a pair's children that takes them by rule, in order.
struct Parts<'i> {
    inner: std::iter::Peekable<pest::iterators::Pairs<'i, Rule>>,
    span: Span,
}

impl<'i> Parts<'i> {
    fn new(pair: Pair<'i, Rule>) -> Parts<'i> {
        let s = pair.as_span();
        Parts { inner: pair.into_inner().peekable(), span: Span { file: FileId(0), start: s.start() as u32, end: s.end() as u32 } }
    }

    fn skip_keywords(&mut self) {
        while self.inner.peek().is_some_and(|p| format!("{:?}", p.as_rule()).starts_with("kw_")) {
            self.inner.next();
        }
    }

    fn take(&mut self, rule: Rule) -> Option<Pair<'i, Rule>> {
        if rule != Rule::kw_extern {
            self.skip_keywords();
        }
        if self.inner.peek().is_some_and(|p| p.as_rule() == rule) {
            self.inner.next()
        } else {
            None
        }
    }

    fn rest(&mut self, rule: Rule) -> impl Iterator<Item = Pair<'i, Rule>> + '_ {
        std::iter::from_fn(move || self.take(rule))
    }

    fn remaining(&mut self) -> impl Iterator<Item = Pair<'i, Rule>> + '_ {
        self.skip_keywords();
        self.inner.by_ref().filter(|p| !format!("{:?}", p.as_rule()).starts_with("kw_"))
    }

    fn docs(&mut self, b: &Builder) -> Docs {
        self.take(Rule::docs).map(|d| b.docs(d)).unwrap_or_default()
    }

    fn ident(&mut self, b: &Builder) -> Ident {
        match self.take(Rule::ident) {
            Some(p) => b.ident(p),
            None => missing_ident(b.at(self.span.start as usize, self.span.start as usize)),
        }
    }

    fn type_expr(&mut self, b: &Builder) -> TypeExpr {
        match self.take(Rule::type_expr) {
            Some(p) => b.type_expr(p),
            None => {
                let span = b.at(self.span.start as usize, self.span.start as usize);
                TypeExpr { name: missing_ident(span), args: vec![], optional: false, span }
            }
        }
    }

    fn expr(&mut self, b: &Builder) -> Expr {
        match self.take(Rule::expr) {
            Some(p) => b.expr(p),
            None => Expr::new(ExprKind::Error, b.at(self.span.start as usize, self.span.end as usize)),
        }
    }
}
