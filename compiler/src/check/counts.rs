//! Counts and windows: `at most N` of offers and groups, contact caps, contact windows and gaps.
//!
//! Each must be above zero: a count of 1 or more, a window longer than zero. A count of
//! 0 or less would silently choose nothing (or never contact), so it is refused rather
//! than given a meaning: to switch offers off, give them an `eligible when` condition.
//! A constant is checked here; a param is checked here for its default and marked
//! [`ParamDef::positive`] so the runtime refuses an override below 1 when params load;
//! any other value is wrapped in [`Conversion::Positive`], a runtime fault at its span.

use super::constant::constant;
use super::globals::Checker;
use super::scope::Body;
use crate::ast::{self, BinOp};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;
use crate::tir::*;

/// Which count or window a value is, for the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Positive {
    /// `offers … at most N`.
    OfferLimit,
    /// `group g at most N`.
    GroupLimit,
    /// `contact at most N per W`: the N.
    ContactCap,
    /// `contact at most N per W`: the W.
    ContactWindow,
    /// `contact at least G apart`.
    ContactGap,
}

impl Positive {
    fn ty(self) -> Type {
        match self {
            Positive::OfferLimit | Positive::GroupLimit | Positive::ContactCap => Type::Int,
            Positive::ContactWindow | Positive::ContactGap => Type::Duration,
        }
    }

    /// "the offer limit must be 1 or more, not 0" and its help.
    fn problem(self, value: i64) -> (String, &'static str) {
        let duration = crate::literal::format_duration(value);
        match self {
            Positive::OfferLimit => (
                format!("the offer limit must be 1 or more, not {value}"),
                "`at most N` keeps the N best offers; to make no offer, give the offers an `eligible when` condition",
            ),
            Positive::GroupLimit => (
                format!("a group limit must be 1 or more, not {value}"),
                "`group g at most N` keeps the N best offers of the group; to leave the group out, give its offers an `eligible when` condition",
            ),
            Positive::ContactCap => (
                format!("a contact cap must be 1 or more, not {value}"),
                "`contact at most N per W` allows N contacts in any window W; to stop contacting, give the offer an `eligible when` condition",
            ),
            Positive::ContactWindow => (
                format!("a contact window must be longer than zero, not {duration}"),
                "write the window the cap counts contacts in, such as `30d`",
            ),
            Positive::ContactGap => (
                format!("a contact gap must be longer than zero, not {duration}"),
                "write the least time between two contacts, such as `7d`",
            ),
        }
    }
}

impl Checker {
    /// Checks a count or window: above zero now if constant or a param's default, else when it runs.
    pub(super) fn positive(&mut self, body: &mut Body, e: &ast::Expr, what: Positive) -> TExpr {
        let ty = what.ty();
        let value = self.check_expr(body, e, Some(&ty));
        let value = self.coerce(value, &ty);
        if value.ty.is_error() {
            return value;
        }
        if let Some(Const::Int(n)) = constant(&value) {
            if n <= 0 {
                self.not_positive(what, n, value.span, None);
            }
            return value;
        }
        if let TExprKind::Param(id) = value.kind {
            self.positive_param(id, what, value.span);
        }
        let span = value.span;
        TExpr { kind: TExprKind::Convert(Conversion::Positive, Box::new(value)), ty, span }
    }

    /// Marks a param as a count (overrides are checked at load) and checks its default.
    fn positive_param(&mut self, id: ParamId, what: Positive, use_span: Span) {
        let Some(param) = self.out.params.get_mut(id as usize) else { return };
        param.positive = true;
        if let Const::Int(n) = param.default {
            if n <= 0 {
                let note = (param.span, format!("`{}` is declared here with the default {}", param.name, shown(what, n)));
                self.not_positive(what, n, use_span, Some(note));
            }
        }
    }

    fn not_positive(&mut self, what: Positive, value: i64, span: Span, note: Option<(Span, String)>) {
        let (message, help) = what.problem(value);
        let mut diagnostic = Diagnostic::error(Code::BadLiteral, span, message).with_label("not above zero").with_help(help);
        if let Some((at, label)) = note {
            diagnostic = diagnostic.with_note(at, label);
        }
        self.error(diagnostic);
    }
}

/// A count as a number, a window as a duration.
fn shown(what: Positive, value: i64) -> String {
    match what.ty() {
        Type::Duration => crate::literal::format_duration(value),
        _ => value.to_string(),
    }
}

/// A window read inside a loop over the contact history, split in two: the plain value for
/// the loop, and a condition (`window > 0s`, true when it holds) that runs the check once
/// before the loop, so that an empty history does not skip it.
pub(super) fn hoist_check(window: TExpr) -> (TExpr, Option<TExpr>) {
    let TExprKind::Convert(Conversion::Positive, plain) = &window.kind else {
        return (window, None);
    };
    let plain = (**plain).clone();
    let span = window.span;
    let zero = TExpr { kind: TExprKind::Const(Const::Int(0)), ty: window.ty.clone(), span };
    let check = TExpr { kind: TExprKind::Binary(BinOp::Gt, Box::new(window), Box::new(zero)), ty: Type::Bool, span };
    (plain, Some(check))
}

/// `check and condition`, or the condition alone.
pub(super) fn after_check(check: Option<TExpr>, condition: TExpr) -> TExpr {
    match check {
        Some(check) => {
            let span = condition.span;
            TExpr { kind: TExprKind::Binary(BinOp::And, Box::new(check), Box::new(condition)), ty: Type::Bool, span }
        }
        None => condition,
    }
}
