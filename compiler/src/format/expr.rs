//! Expressions: literals and strings as written, parentheses as written, operator chains that
//! break before each operator, lists and calls that break one item per line.

use super::{Doc, Printer, Trailing, INDENT};
use crate::ast::{BinOp, Expr, ExprKind, SortExpr, TemplatePart, TypeExpr, UnOp};
use crate::print::precedence;
use crate::stack;

impl Printer<'_> {
    /// An expression with the parentheses written around it.
    pub(super) fn expr(&mut self, e: &Expr) -> Doc {
        stack::guard(|| {
            let mut doc = self.bare(e);
            for _ in 0..e.parens {
                doc = Doc::text("(").append(doc).append(Doc::text(")"));
            }
            doc
        })
    }

    fn bare(&mut self, e: &Expr) -> Doc {
        match &e.kind {
            ExprKind::Literal(_, text) => Doc::text(literal(text)),
            ExprKind::Template(parts) => self.template(parts),
            ExprKind::Name(name) => Doc::text(name.clone()),
            ExprKind::Field(base, field) => self.expr(base).append(Doc::text(format!(".{}", field.name))),
            ExprKind::OptionalField(base, field) => self.expr(base).append(Doc::text(format!("?.{}", field.name))),
            ExprKind::Index(base, index) => {
                let base = self.expr(base);
                base.append(Doc::text("[")).append(self.expr(index)).append(Doc::text("]"))
            }
            ExprKind::Call(callee, args) => {
                let callee = self.expr(callee);
                let items = args.iter().map(|a| (a.span.start as usize, a)).collect();
                callee.append(self.list("(", items, self.close_of(e), ")", |p, a| p.expr(a)))
            }
            ExprKind::Binary(op, _, _) => self.chain(e, *op),
            ExprKind::Unary(op, operand) => {
                let text = match op {
                    UnOp::Not => "not ",
                    UnOp::Neg => "-",
                };
                Doc::text(text).append(self.expr(operand))
            }
            ExprKind::If(..) => self.if_chain(e),
            ExprKind::Comprehension { aggregate, binder, source, filter, body } => {
                let head = Doc::text(format!("{}({} in ", aggregate.keyword(), binder.name)).append(self.expr(source));
                let mut rest = Doc::nil();
                if let Some(f) = filter {
                    rest = rest.append(Doc::line().append(Doc::text("where ")).append(self.expr(f)).nest(INDENT));
                }
                if let Some(b) = body {
                    rest = rest.append(Doc::text(":")).append(Doc::line().append(self.expr(b)).nest(INDENT));
                }
                head.append(rest).append(Doc::line_()).append(Doc::text(")")).group()
            }
            ExprKind::Sort(sort) => self.sort(sort),
            ExprKind::List(items) => {
                let items = items.iter().map(|i| (i.span.start as usize, i)).collect();
                self.list("[", items, self.close_of(e), "]", |p, i| p.expr(i))
            }
            ExprKind::Record(fields, rest) => {
                let mut items: Vec<(usize, Option<_>)> = fields.iter().map(|f| (f.0.span.start as usize, Some(f))).collect();
                if *rest {
                    items.push((self.src.back(self.close_of(e), 1), None));
                }
                let trailing = if *rest { Trailing::Nothing } else { Trailing::Comma };
                self.list_with("{", items, self.close_of(e), "}", trailing, |p, field| match field {
                    Some((name, value)) => Doc::text(format!("{}: ", name.name)).append(p.expr(value)),
                    None => Doc::text("..."),
                })
            }
            ExprKind::Error => Doc::text("<error>"),
        }
    }

    /// `if a then x else if b then y else z`: when it does not fit on one line, each `then`,
    /// `else if` and `else` starts a line, all one level in (an `else if` chain does not step right).
    fn if_chain(&mut self, e: &Expr) -> Doc {
        let mut doc = Doc::nil();
        let mut current = e;
        let mut keyword = "if ";
        loop {
            match &current.kind {
                ExprKind::If(c, t, f) if keyword == "if " || current.parens == 0 => {
                    let c = self.expr(c);
                    let t = self.expr(t);
                    let head = Doc::text(keyword).append(c);
                    doc = if keyword == "if " { head } else { doc.append(Doc::line().append(head).nest(INDENT)) };
                    doc = doc.append(Doc::line().append(Doc::text("then ")).append(t).nest(INDENT));
                    keyword = "else if ";
                    current = f;
                }
                _ => {
                    let f = self.expr(current);
                    return doc.append(Doc::line().append(Doc::text("else ")).append(f).nest(INDENT)).group();
                }
            }
        }
    }

    /// `a op b op c`: the operands of one chain of operators of the same precedence, written
    /// without parentheses. An `and`, `or`, `+`, `-` or `??` chain that does not fit on one line
    /// puts each operator at the start of a line; other operators never break.
    fn chain(&mut self, e: &Expr, op: BinOp) -> Doc {
        let mut operands = Vec::new();
        let mut ops = Vec::new();
        let mut left = e;
        while let ExprKind::Binary(o, l, r) = &left.kind {
            if (left.parens > 0 && !std::ptr::eq(left, e)) || precedence(*o) != precedence(op) {
                break;
            }
            operands.push(r.as_ref());
            ops.push(*o);
            left = l;
        }
        operands.push(left);
        operands.reverse();
        ops.reverse();
        let mut iter = operands.into_iter();
        let first = iter.next().map(|f| self.expr(f)).unwrap_or_else(Doc::nil);
        let mut rest = Doc::nil();
        for (o, operand) in ops.into_iter().zip(iter) {
            let leading = self.src.leading(self.src.back(operand.span.start as usize, op_tokens(o)));
            let operand = self.expr(operand);
            rest = match o {
                BinOp::And | BinOp::Or | BinOp::Add | BinOp::Sub | BinOp::Coalesce => {
                    rest.append(Doc::line()).append(leading).append(Doc::text(format!("{} ", o.symbol())))
                }
                BinOp::Range => rest.append(leading).append(Doc::text("..")),
                _ => rest.append(Doc::space()).append(leading).append(Doc::text(format!("{} ", o.symbol()))),
            }
            .append(operand);
        }
        first.append(rest.nest(INDENT)).group()
    }

    fn template(&mut self, parts: &[TemplatePart]) -> Doc {
        let mut text = String::from("\"");
        for part in parts {
            match part {
                TemplatePart::Text { raw, .. } => text.push_str(raw),
                TemplatePart::Interp(inner) => {
                    let mut flat = String::new();
                    let muted = std::mem::replace(&mut self.src.muted, true);
                    let _ = self.expr(inner).render_fmt(FLAT, &mut flat);
                    self.src.muted = muted;
                    text.push('{');
                    text.push_str(&flat);
                    text.push('}');
                }
            }
        }
        text.push('"');
        Doc::text(text)
    }

    fn sort(&mut self, sort: &SortExpr) -> Doc {
        let head = match &sort.top {
            Some(count) => Doc::text("top(").append(self.expr(count)).append(Doc::text(", ")),
            None => Doc::text("sort("),
        };
        let head = head.append(Doc::text(format!("{} in ", sort.binder.name))).append(self.expr(&sort.source));
        let mut rest = Doc::nil();
        if let Some(f) = &sort.filter {
            rest = rest.append(Doc::line().append(Doc::text("where ")).append(self.expr(f)).nest(INDENT));
        }
        let mut by = Doc::text("by ").append(self.expr(&sort.key));
        if let Some(direction) = sort.direction {
            by = by.append(Doc::text(format!(" {}", direction.keyword())));
        }
        rest = rest.append(Doc::line().append(by).nest(INDENT));
        head.append(rest).append(Doc::line_()).append(Doc::text(")")).group()
    }

    /// Where an expression's closing bracket is (inside its own parentheses).
    fn close_of(&self, e: &Expr) -> usize {
        self.src.back(e.span.end as usize, 1 + e.parens as usize)
    }

    /// A type: `Int`, `Text?`, `Map<Text, Int>`.
    pub(super) fn type_expr(&self, t: &TypeExpr) -> Doc {
        Doc::text(type_text(t))
    }
}

/// A width no interpolation reaches: an interpolation stays on one line.
const FLAT: usize = 1 << 30;

/// A type's canonical text.
pub(super) fn type_text(t: &TypeExpr) -> String {
    let mut out = t.name.name.clone();
    if !t.args.is_empty() {
        out.push('<');
        out.push_str(&t.args.iter().map(type_text).collect::<Vec<_>>().join(", "));
        out.push('>');
    }
    if t.optional {
        out.push('?');
    }
    out
}

/// A literal as written, with one space between an amount and its currency.
fn literal(text: &str) -> String {
    let trimmed = text.trim_end_matches(|c: char| c.is_ascii_uppercase());
    let code = text.get(trimmed.len()..).unwrap_or("");
    if code.len() == 3 && !trimmed.is_empty() {
        format!("{} {code}", trimmed.trim_end())
    } else {
        text.to_owned()
    }
}

/// How many tokens an operator is (`not in` is two).
fn op_tokens(op: BinOp) -> usize {
    match op {
        BinOp::NotIn => 2,
        _ => 1,
    }
}
