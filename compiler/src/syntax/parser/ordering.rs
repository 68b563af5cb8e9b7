//! Building `sort(…)` and `top(…)` expressions from their pairs.

use super::{missing_ident, Builder, Depth, Rule};
use crate::ast::{Expr, ExprKind, SortDirection, SortExpr};
use crate::span::Span;
use pest::iterators::Pair;

impl Builder {
    /// `sort(x in xs where p by key descending)` or `top(n, x in xs by key)`.
    pub(super) fn ordering(&self, pair: Pair<Rule>, span: Span) -> (Expr, Depth) {
        let error = || Expr::new(ExprKind::Error, span);
        let mut is_top = false;
        let mut direction = None;
        let mut binder = missing_ident(span);
        let mut exprs: Vec<Expr> = Vec::new();
        let mut filter_at = None;
        let mut max = 0;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::kw_top => is_top = true,
                Rule::ident => binder = self.ident(p),
                Rule::kw_where => filter_at = Some(exprs.len()),
                Rule::direction => {
                    direction = Some(if p.as_str() == "descending" { SortDirection::Descending } else { SortDirection::Ascending })
                }
                Rule::expr => {
                    let (e, d) = self.expr_depth(p);
                    max = max.max(d);
                    exprs.push(e);
                }
                _ => {}
            }
        }
        let mut exprs = exprs.into_iter().enumerate();
        let top = if is_top { exprs.next().map(|(_, e)| e) } else { None };
        let mut source = None;
        let mut filter = None;
        let mut key = None;
        for (i, e) in exprs {
            if source.is_none() {
                source = Some(e);
            } else if Some(i) == filter_at {
                filter = Some(e);
            } else {
                key = Some(e);
            }
        }
        let sort = SortExpr {
            binder,
            source: source.unwrap_or_else(error),
            filter,
            key: key.unwrap_or_else(error),
            descending: direction == Some(SortDirection::Descending) || is_top,
            direction,
            top,
        };
        self.capped(Expr::new(ExprKind::Sort(Box::new(sort)), span), max + 1)
    }
}
