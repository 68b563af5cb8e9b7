//! `math.min` and `math.max` of two or more values of one ordered type: numbers, amounts,
//! percentages, durations, times, dates or timestamps. Checked as a chain of two-value calls.

use super::expr::{error_expr, typed};
use super::globals::Checker;
use super::scope::Body;
use crate::ast;
use crate::diagnostic::{Code, Diagnostic};
use crate::native::Native;
use crate::span::Span;
use crate::tir::*;

impl Checker {
    /// `math.min(a, b, …)` or `math.max(a, b, …)`.
    pub(super) fn extremum(&mut self, body: &mut Body, native: Native, args: &[ast::Expr], span: Span) -> TExpr {
        let name = native.qualified_name();
        if args.len() < 2 {
            let message =
                format!("`{name}` takes 2 or more arguments, but {} {} given", args.len(), if args.len() == 1 { "was" } else { "were" });
            self.error(
                Diagnostic::error(Code::ArgumentCount, span, message)
                    .with_label("this call")
                    .with_help(format!("compare two or more values: `{name}(a, b, c)`")),
            );
            self.check_args_for_errors(body, args);
            return error_expr(span);
        }
        let values: Vec<TExpr> = args.iter().map(|a| self.check_expr(body, a, None)).collect();
        let widened = values.iter().any(|v| v.ty == Type::Float) && values.iter().all(|v| v.ty.is_numeric() || v.ty.is_error());
        let ty = if widened { Type::Float } else { values.iter().map(|v| v.ty.clone()).find(|t| !t.is_error()).unwrap_or(Type::Error) };
        if !ty.is_ordered() && !ty.is_error() {
            let message = format!("`{name}` compares values that have an order, not {}", self.show(&ty));
            let help = if matches!(ty, Type::Optional(_)) {
                "give a default with `??` first"
            } else {
                "compare numbers, amounts, percentages, durations, times, dates or timestamps"
            };
            self.error(Diagnostic::error(Code::BadOperands, span, message).with_label("no order").with_help(help));
            return error_expr(span);
        }
        let mut values = values.into_iter().map(|v| self.coerce(v, &ty));
        let first = values.next().unwrap_or_else(|| error_expr(span));
        values.fold(first, |acc, next| typed(TExprKind::CallNative(native, vec![acc, next]), ty.clone(), span))
    }
}
