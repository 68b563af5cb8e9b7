//! Expressions from their pairs: the Pratt parser over operators, primaries, literals, templates and comprehensions.

use super::{missing_ident, Builder, Depth, Parts, Rule};
use crate::ast::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::literal;
use crate::span::Span;
use crate::stack;
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};
use std::sync::LazyLock;

/// Tallest expression tree accepted: nesting plus the length of operator chains.
pub const MAX_EXPR_HEIGHT: u32 = 2_000;

static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::op_or, Assoc::Left))
        .op(Op::infix(Rule::op_and, Assoc::Left))
        .op(Op::prefix(Rule::op_not))
        .op(Op::infix(Rule::op_eq, Assoc::Left)
            | Op::infix(Rule::op_ne, Assoc::Left)
            | Op::infix(Rule::op_lt, Assoc::Left)
            | Op::infix(Rule::op_le, Assoc::Left)
            | Op::infix(Rule::op_gt, Assoc::Left)
            | Op::infix(Rule::op_ge, Assoc::Left)
            | Op::infix(Rule::op_in, Assoc::Left)
            | Op::infix(Rule::op_not_in, Assoc::Left))
        .op(Op::infix(Rule::op_range, Assoc::Left))
        .op(Op::infix(Rule::op_coalesce, Assoc::Left))
        .op(Op::infix(Rule::op_add, Assoc::Left) | Op::infix(Rule::op_sub, Assoc::Left))
        .op(Op::infix(Rule::op_mul, Assoc::Left) | Op::infix(Rule::op_div, Assoc::Left) | Op::infix(Rule::op_rem, Assoc::Left))
        .op(Op::prefix(Rule::op_neg))
        .op(Op::postfix(Rule::field_access) | Op::postfix(Rule::opt_field) | Op::postfix(Rule::index_access) | Op::postfix(Rule::call_args))
});

impl Builder {
    pub(super) fn template_text(&self, pair: Pair<Rule>) -> String {
        pair.into_inner()
            .map(|p| match p.as_rule() {
                Rule::escape => unescape(p.as_str()),
                _ => p.as_str().to_owned(),
            })
            .collect()
    }

    pub(super) fn expr(&self, pair: Pair<Rule>) -> Expr {
        self.too_tall_reported.set(false);
        let (expr, depth) = self.expr_depth(pair);
        if depth > MAX_EXPR_HEIGHT {
            return self.too_deep_expr(expr.span);
        }
        expr
    }

    /// An error node for an expression past [`MAX_EXPR_HEIGHT`], reported once per statement.
    fn too_deep_expr(&self, span: Span) -> Expr {
        if self.too_tall_reported.replace(true) {
            return Expr::new(ExprKind::Error, span);
        }
        self.error(
            Diagnostic::error(Code::TooDeep, span, format!("this expression is more than {MAX_EXPR_HEIGHT} operations tall"))
                .with_label("too long")
                .with_help("a chain of operators counts one level per operator; split it into steps with `let` bindings"),
        );
        Expr::new(ExprKind::Error, span)
    }

    pub(super) fn capped(&self, expr: Expr, depth: Depth) -> (Expr, Depth) {
        if depth > MAX_EXPR_HEIGHT {
            let span = expr.span;
            drop(expr);
            (self.too_deep_expr(span), 1)
        } else {
            (expr, depth)
        }
    }

    pub(super) fn expr_depth(&self, pair: Pair<Rule>) -> (Expr, Depth) {
        stack::guard(|| self.pratt(pair))
    }

    fn pratt(&self, pair: Pair<Rule>) -> (Expr, Depth) {
        PRATT
            .map_primary(|p| self.primary(p))
            .map_prefix(|op, (rhs, d)| {
                let span = self.span(&op).to(rhs.span);
                let op = if op.as_rule() == Rule::op_not { UnOp::Not } else { UnOp::Neg };
                self.capped(Expr::new(ExprKind::Unary(op, Box::new(rhs)), span), d + 1)
            })
            .map_postfix(|(lhs, d), op| self.postfix(lhs, d, op))
            .map_infix(|(lhs, dl), op, (rhs, dr)| {
                let span = lhs.span.to(rhs.span);
                let op = binop(op.as_rule());
                self.capped(Expr::new(ExprKind::Binary(op, Box::new(lhs), Box::new(rhs)), span), dl.max(dr) + 1)
            })
            .parse(pair.into_inner())
    }

    fn postfix(&self, lhs: Expr, depth: Depth, op: Pair<Rule>) -> (Expr, Depth) {
        let span = lhs.span.to(self.span(&op));
        match op.as_rule() {
            Rule::field_access => {
                let field = Parts::new(op).ident(self);
                self.capped(Expr::new(ExprKind::Field(Box::new(lhs), field), span), depth + 1)
            }
            Rule::opt_field => {
                let field = Parts::new(op).ident(self);
                self.capped(Expr::new(ExprKind::OptionalField(Box::new(lhs), field), span), depth + 1)
            }
            Rule::index_access => {
                let (index, di) =
                    Parts::new(op).take(Rule::expr).map(|e| self.expr_depth(e)).unwrap_or((Expr::new(ExprKind::Error, span), 1));
                self.capped(Expr::new(ExprKind::Index(Box::new(lhs), Box::new(index)), span), depth.max(di) + 1)
            }
            _ => {
                let mut max = depth;
                let args = op
                    .into_inner()
                    .map(|a| {
                        let (e, d) = self.expr_depth(a);
                        max = max.max(d);
                        e
                    })
                    .collect();
                self.capped(Expr::new(ExprKind::Call(Box::new(lhs), args), span), max + 1)
            }
        }
    }

    fn primary(&self, pair: Pair<Rule>) -> (Expr, Depth) {
        let span = self.span(&pair);
        let leaf = |kind| (Expr::new(kind, span), 1);
        match pair.as_rule() {
            Rule::paren => match pair.into_inner().next() {
                Some(inner) => {
                    let (mut e, d) = self.expr_depth(inner);
                    e.span = span;
                    e.parens = e.parens.saturating_add(1);
                    (e, d + 1)
                }
                None => leaf(ExprKind::Error),
            },
            Rule::if_expr => {
                let mut max = 0;
                let mut parts: Vec<Expr> = pair
                    .into_inner()
                    .filter(|p| p.as_rule() == Rule::expr)
                    .map(|e| {
                        let (e, d) = self.expr_depth(e);
                        max = max.max(d);
                        e
                    })
                    .collect();
                let otherwise = parts.pop();
                let then = parts.pop();
                let cond = parts.pop();
                match (cond, then, otherwise) {
                    (Some(c), Some(t), Some(o)) => {
                        self.capped(Expr::new(ExprKind::If(Box::new(c), Box::new(t), Box::new(o)), span), max + 1)
                    }
                    _ => leaf(ExprKind::Error),
                }
            }
            Rule::comprehension => self.comprehension(pair, span),
            Rule::ordering => self.ordering(pair, span),
            Rule::list_lit => {
                let mut max = 0;
                let items = pair
                    .into_inner()
                    .map(|e| {
                        let (e, d) = self.expr_depth(e);
                        max = max.max(d);
                        e
                    })
                    .collect();
                self.capped(Expr::new(ExprKind::List(items), span), max + 1)
            }
            Rule::record_lit => {
                let mut max = 0;
                let mut rest = false;
                let mut fields = Vec::new();
                for p in pair.into_inner() {
                    if p.as_rule() == Rule::rest_marker {
                        rest = true;
                        continue;
                    }
                    let mut fp = Parts::new(p);
                    let name = fp.ident(self);
                    let (value, d) = fp.take(Rule::expr).map(|e| self.expr_depth(e)).unwrap_or((Expr::new(ExprKind::Error, span), 1));
                    max = max.max(d);
                    fields.push((name, value));
                }
                self.capped(Expr::new(ExprKind::Record(fields, rest), span), max + 1)
            }
            Rule::string => self.template(pair, span),
            Rule::ident => leaf(ExprKind::Name(pair.as_str().to_owned())),
            Rule::message_of => {
                let offer = pair.into_inner().find(|p| p.as_rule() == Rule::ident).map(|p| p.as_str()).unwrap_or_default();
                leaf(ExprKind::Name(format!("{MESSAGE_OF}{offer}")))
            }
            Rule::bool_lit => leaf(ExprKind::Literal(Literal::Bool(pair.as_str() == "true"), pair.as_str().to_owned())),
            Rule::none_lit => leaf(ExprKind::Literal(Literal::None, pair.as_str().to_owned())),
            _ => leaf(self.literal(pair, span)),
        }
    }

    fn literal(&self, pair: Pair<Rule>, span: Span) -> ExprKind {
        let text = pair.as_str();
        let rule = pair.as_rule();
        let result = match pair.as_rule() {
            Rule::int_lit => text.parse::<i64>().map(Literal::Int).map_err(|_| format!("`{text}` is too large for an Int")),
            Rule::float_lit => text.parse::<f64>().map(Literal::Float).map_err(|_| format!("`{text}` is not a number")),
            Rule::percent_lit => literal::parse_percent(text).map(Literal::Percent),
            Rule::duration_lit => literal::parse_duration(text).map(Literal::Duration),
            Rule::time_lit => literal::parse_time(text).map(Literal::Time),
            Rule::date_lit => literal::parse_date(text).map(Literal::Date),
            Rule::timestamp_lit => literal::parse_timestamp(text).map(Literal::Timestamp),
            Rule::money_lit => {
                let mut inner = pair.into_inner();
                let amount = inner.next().map(|p| p.as_str()).unwrap_or("");
                let currency = inner.next().map(|p| p.as_str()).unwrap_or("");
                literal::parse_amount(amount).map(|a| Literal::Money(a, currency.to_owned()))
            }
            _ => Err(format!("`{text}` is not a value")),
        };
        match result {
            Ok(lit) => ExprKind::Literal(lit, text.to_owned()),
            Err(message) => {
                self.error(Diagnostic::error(Code::BadLiteral, span, message).with_label("here").with_help(literal_help(rule)));
                ExprKind::Error
            }
        }
    }

    fn comprehension(&self, pair: Pair<Rule>, span: Span) -> (Expr, Depth) {
        let mut aggregate = Aggregate::Any;
        let mut binder = missing_ident(span);
        let mut exprs: Vec<(Rule, Expr)> = Vec::new();
        let mut max = 0;
        let mut after_where = false;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::aggregate => aggregate = aggregate_of(p.as_str()),
                Rule::ident => binder = self.ident(p),
                Rule::kw_where => after_where = true,
                Rule::expr => {
                    let (e, d) = self.expr_depth(p);
                    max = max.max(d);
                    let role = if exprs.is_empty() {
                        Rule::kw_in
                    } else if after_where && !exprs.iter().any(|(r, _)| *r == Rule::kw_where) {
                        Rule::kw_where
                    } else {
                        Rule::expr
                    };
                    exprs.push((role, e));
                }
                _ => {}
            }
        }
        let mut source = None;
        let mut filter = None;
        let mut body = None;
        for (role, e) in exprs {
            match role {
                Rule::kw_in => source = Some(Box::new(e)),
                Rule::kw_where => filter = Some(Box::new(e)),
                _ => body = Some(Box::new(e)),
            }
        }
        let source = source.unwrap_or_else(|| Box::new(Expr::new(ExprKind::Error, span)));
        self.capped(Expr::new(ExprKind::Comprehension { aggregate, binder, source, filter, body }, span), max + 1)
    }

    fn template(&self, pair: Pair<Rule>, span: Span) -> (Expr, Depth) {
        let mut parts = Vec::new();
        let mut max = 0;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::text_chunk => push_text(&mut parts, p.as_str(), p.as_str()),
                Rule::escape => push_text(&mut parts, &unescape(p.as_str()), p.as_str()),
                Rule::interp => {
                    if let Some(e) = p.into_inner().next() {
                        let (e, d) = self.expr_depth(e);
                        max = max.max(d);
                        parts.push(TemplatePart::Interp(e));
                    }
                }
                _ => {}
            }
        }
        self.capped(Expr::new(ExprKind::Template(parts), span), max + 1)
    }
}

fn literal_help(rule: Rule) -> &'static str {
    match rule {
        Rule::date_lit => "write a date that exists, as YYYY-MM-DD",
        Rule::time_lit => "write a time of day from 00:00 to 23:59, as HH:MM",
        Rule::timestamp_lit => "write a timestamp as 2026-11-23T08:00:00Z",
        Rule::int_lit => "whole numbers go up to 9223372036854775807",
        Rule::money_lit => "amounts have at most four decimal places",
        _ => "check how the value is written",
    }
}

/// Appends text (`value` decoded, `raw` as written) to the template, joining it to the text before.
fn push_text(parts: &mut Vec<TemplatePart>, value: &str, raw: &str) {
    if let Some(TemplatePart::Text { value: last, raw: last_raw }) = parts.last_mut() {
        last.push_str(value);
        last_raw.push_str(raw);
    } else {
        parts.push(TemplatePart::Text { value: value.to_owned(), raw: raw.to_owned() });
    }
}

fn unescape(escape: &str) -> String {
    match escape {
        "\\n" => "\n".to_owned(),
        "\\t" => "\t".to_owned(),
        other => other.trim_start_matches('\\').to_owned(),
    }
}

fn aggregate_of(text: &str) -> Aggregate {
    match text {
        "all" => Aggregate::All,
        "count" => Aggregate::Count,
        "sum" => Aggregate::Sum,
        "min" => Aggregate::Min,
        "max" => Aggregate::Max,
        "filter" => Aggregate::Filter,
        _ => Aggregate::Any,
    }
}

fn binop(rule: Rule) -> BinOp {
    match rule {
        Rule::op_or => BinOp::Or,
        Rule::op_and => BinOp::And,
        Rule::op_eq => BinOp::Eq,
        Rule::op_ne => BinOp::Ne,
        Rule::op_lt => BinOp::Lt,
        Rule::op_le => BinOp::Le,
        Rule::op_gt => BinOp::Gt,
        Rule::op_ge => BinOp::Ge,
        Rule::op_in => BinOp::In,
        Rule::op_not_in => BinOp::NotIn,
        Rule::op_range => BinOp::Range,
        Rule::op_coalesce => BinOp::Coalesce,
        Rule::op_add => BinOp::Add,
        Rule::op_sub => BinOp::Sub,
        Rule::op_mul => BinOp::Mul,
        Rule::op_div => BinOp::Div,
        _ => BinOp::Rem,
    }
}
