//! Constant values of checked expressions (param defaults, weights, counts, test literals).

use crate::semantics;
use crate::tir::*;

/// The constant a checked expression stands for, if it is one.
pub(super) fn constant(e: &TExpr) -> Option<Const> {
    crate::stack::guard(|| constant_unguarded(e))
}

fn constant_unguarded(e: &TExpr) -> Option<Const> {
    match &e.kind {
        TExprKind::Const(c) => Some(c.clone()),
        TExprKind::Template(parts) => plain_text(parts).map(Const::Text),
        TExprKind::Neg(inner) => match constant(inner)? {
            Const::Int(i) => semantics::neg_int(i).ok().map(Const::Int),
            Const::Float(f) => Some(Const::Float(semantics::neg_float(f))),
            Const::Money(a, c) => semantics::neg_amount((a, c)).ok().map(|(a, c)| Const::Money(a, c)),
            _ => None,
        },
        TExprKind::Convert(Conversion::IntToFloat, inner) => match constant(inner)? {
            Const::Int(i) => Some(Const::Float(semantics::int_to_float(i))),
            _ => None,
        },
        TExprKind::Convert(Conversion::Some, inner) => constant(inner),
        TExprKind::List(items) => items.iter().map(constant).collect::<Option<Vec<_>>>().map(Const::List),
        _ => None,
    }
}
