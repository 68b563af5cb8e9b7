//! `let name: Type { value when condition … otherwise value }`: a rule list bound as a local.
//!
//! The arms are checked exactly as an output's (types, `otherwise` required, unreachable arms),
//! then folded into one `if … then … else …` chain, so the first arm whose condition holds wins.

use super::expr::typed;
use super::globals::Checker;
use super::scope::Body;
use crate::ast;
use crate::tir::*;

impl Checker {
    /// Checks a `let` rule list and binds its name; the consents and `@pii` values of every arm
    /// (conditions included) go with the local, as for any `let`.
    pub(super) fn let_rules(&mut self, body: &mut Body, decl: &ast::OutputDecl) -> TStmt {
        let (ty, arms) = self.output(body, decl);
        let value = if_chain(arms, &ty, decl);
        let consents = self.unguarded_reads(body, &[], &[&value]);
        let mut pii = Vec::new();
        self.pii_flows(body, &value, false, &mut pii);
        let checks = [true, false].map(|when| self.consent_facts(Some(body), &value, when));
        let local = body.declare(&decl.name.name, ty, decl.name.span);
        body.set_consents(local, consents);
        body.set_consent_checks(local, checks);
        body.set_pii(local, pii);
        TStmt::Let(local, value)
    }
}

/// `a when c1, b when c2, otherwise d` as `if c1 then a else if c2 then b else d`.
fn if_chain(arms: Vec<TRuleArm>, ty: &Type, decl: &ast::OutputDecl) -> TExpr {
    let mut arms = arms.into_iter().rev();
    let mut chain = match arms.next() {
        Some(TRuleArm { value, condition: None, .. }) => value,
        Some(arm) => typed(TExprKind::Error, ty.clone(), arm.span),
        None => typed(TExprKind::Error, ty.clone(), decl.span),
    };
    for arm in arms {
        chain = match arm.condition {
            Some(condition) => {
                let span = arm.span.to(chain.span);
                typed(TExprKind::If(Box::new(condition), Box::new(arm.value), Box::new(chain)), ty.clone(), span)
            }
            None => arm.value,
        };
    }
    chain
}
