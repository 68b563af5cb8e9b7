//! Canonical text of expressions: one spelling per meaning, with only the parentheses needed.
//!
//! Used to compare rule conditions for unreachable arms, and by the formatter.

use crate::ast::{BinOp, Expr, ExprKind, Literal, TemplatePart, UnOp};
use crate::literal;

/// The canonical text of an expression.
pub fn expr(e: &Expr) -> String {
    let mut out = String::new();
    write(&mut out, e, 0);
    out
}

/// The canonical text of each conjunct of `a and b and …`, in order (the whole text when `e` is no `and`).
pub fn conjuncts(e: &Expr) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = vec![e];
    while let Some(e) = pending.pop() {
        match &e.kind {
            ExprKind::Binary(BinOp::And, l, r) => {
                pending.push(r);
                pending.push(l);
            }
            _ => out.push(expr(e)),
        }
    }
    out
}

/// How tightly an operator binds (higher binds tighter); operators of one level chain together
/// (`a + b - c`). The levels are the parser's.
pub(crate) fn precedence(op: BinOp) -> u8 {
    match op {
        BinOp::Or => 1,
        BinOp::And => 2,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::In | BinOp::NotIn => 4,
        BinOp::Range => 5,
        BinOp::Coalesce => 6,
        BinOp::Add | BinOp::Sub => 7,
        BinOp::Mul | BinOp::Div | BinOp::Rem => 8,
    }
}

const NOT_PRECEDENCE: u8 = 3;
const NEG_PRECEDENCE: u8 = 9;

fn write(out: &mut String, e: &Expr, outer: u8) {
    crate::stack::guard(|| write_unguarded(out, e, outer))
}

fn write_unguarded(out: &mut String, e: &Expr, outer: u8) {
    match &e.kind {
        ExprKind::Literal(lit, _) => out.push_str(&literal_text(lit)),
        ExprKind::Template(parts) => {
            out.push('"');
            for part in parts {
                match part {
                    TemplatePart::Text { value, .. } => out.push_str(&escape(value)),
                    TemplatePart::Interp(inner) => {
                        out.push('{');
                        write(out, inner, 0);
                        out.push('}');
                    }
                }
            }
            out.push('"');
        }
        ExprKind::Name(n) => out.push_str(n),
        ExprKind::Field(base, field) => {
            write(out, base, 10);
            out.push('.');
            out.push_str(&field.name);
        }
        ExprKind::Index(base, index) => {
            write(out, base, 10);
            out.push('[');
            write(out, index, 0);
            out.push(']');
        }
        ExprKind::Call(callee, args) => {
            write(out, callee, 10);
            out.push('(');
            list(out, args);
            out.push(')');
        }
        ExprKind::Unary(op, operand) => {
            let (text, prec) = match op {
                UnOp::Not => ("not ", NOT_PRECEDENCE),
                UnOp::Neg => ("-", NEG_PRECEDENCE),
            };
            paren(out, outer > prec, |out| {
                out.push_str(text);
                write(out, operand, prec);
            });
        }
        ExprKind::Binary(op, l, r) => {
            let prec = precedence(*op);
            paren(out, outer > prec, |out| {
                write(out, l, prec);
                out.push(' ');
                out.push_str(op.symbol());
                out.push(' ');
                write(out, r, prec + 1);
            });
        }
        ExprKind::If(c, t, f) => paren(out, outer > 0, |out| {
            out.push_str("if ");
            write(out, c, 0);
            out.push_str(" then ");
            write(out, t, 0);
            out.push_str(" else ");
            write(out, f, 0);
        }),
        ExprKind::Comprehension { aggregate, binder, source, filter, body } => {
            out.push_str(aggregate.keyword());
            out.push('(');
            out.push_str(&binder.name);
            out.push_str(" in ");
            write(out, source, 0);
            if let Some(f) = filter {
                out.push_str(" where ");
                write(out, f, 0);
            }
            if let Some(b) = body {
                out.push_str(": ");
                write(out, b, 0);
            }
            out.push(')');
        }
        ExprKind::OptionalField(base, field) => {
            write(out, base, 10);
            out.push_str("?.");
            out.push_str(&field.name);
        }
        ExprKind::Sort(sort) => sort_text(out, sort),
        ExprKind::List(items) => {
            out.push('[');
            list(out, items);
            out.push(']');
        }
        ExprKind::Record(fields, rest) => {
            out.push_str("{ ");
            let mut parts: Vec<String> = fields.iter().map(|(name, value)| format!("{}: {}", name.name, expr(value))).collect();
            if *rest {
                parts.push("...".to_owned());
            }
            out.push_str(&parts.join(", "));
            out.push_str(" }");
        }
        ExprKind::Error => out.push_str("<error>"),
    }
}

fn sort_text(out: &mut String, sort: &crate::ast::SortExpr) {
    match &sort.top {
        Some(count) => {
            out.push_str("top(");
            write(out, count, 0);
            out.push_str(", ");
        }
        None => out.push_str("sort("),
    }
    out.push_str(&sort.binder.name);
    out.push_str(" in ");
    write(out, &sort.source, 0);
    if let Some(f) = &sort.filter {
        out.push_str(" where ");
        write(out, f, 0);
    }
    out.push_str(" by ");
    write(out, &sort.key, 0);
    if sort.descending && sort.top.is_none() {
        out.push_str(" descending");
    }
    out.push(')');
}

fn paren(out: &mut String, needed: bool, body: impl FnOnce(&mut String)) {
    if needed {
        out.push('(');
    }
    body(out);
    if needed {
        out.push(')');
    }
}

fn list(out: &mut String, items: &[Expr]) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write(out, item, 0);
    }
}

fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"").replace('{', "\\{").replace('}', "\\}").replace('\n', "\\n").replace('\t', "\\t")
}

/// The canonical text of a literal.
pub fn literal_text(lit: &Literal) -> String {
    match lit {
        Literal::Bool(b) => b.to_string(),
        Literal::Int(i) => i.to_string(),
        Literal::Float(f) => format!("{f:?}"),
        Literal::Money(amount, code) => format!("{} {code}", literal::format_amount(*amount)),
        Literal::Percent(p) => literal::format_percent(*p),
        Literal::Duration(s) => literal::format_duration(*s),
        Literal::Time(s) => literal::format_time(*s),
        Literal::Date(d) => literal::format_date(*d),
        Literal::Timestamp(t) => literal::format_timestamp(*t),
        Literal::None => "none".to_owned(),
    }
}
