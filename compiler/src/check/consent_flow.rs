//! Where consent-gated data flows, and which consent checks guard it.
//!
//! A read of a field marked `@consent(x)` is *guarded* when a check that `x` is present
//! decides whether the read can matter: the condition of an enclosing `if` (for its `then`
//! branch; a failed `x not in …` for its `else`), the left side of an `and` (of an `or`, when
//! it is false), the arm's own condition and the earlier arms' conditions failing in a rule
//! list, an offer's `requires consent` and earlier `eligible when` lines. The check is
//! `x in <consents>`, `<consents>` being the consent set: the first `Set`/`List` field of an
//! enum with the variant `x` in its record, or such a value itself; a Bool `let` holding such
//! a check counts as the check (`let consented = x in customer.consents`).
//! A consent declared as a Bool flag (`consent x = customer.consent_x`, `consent_source.rs`)
//! is checked by reading that flag, exactly as `x in <consents>` is.
//!
//! Every other read is unguarded. Unguarded reads flow through `let`s and outputs (recorded
//! per local, checked where the local is used) and through functions and tables (reported
//! at the call).

use super::globals::Checker;
use super::scope::{Body, GatedRead};
use crate::ast::BinOp;
use crate::span::Span;
use crate::tir::*;
use std::collections::HashMap;

/// One analysis: the checker's definitions, the body's locals, and the reads found so far
/// inside each function (computed once; `None` while in progress, so recursion ends).
struct Flow<'a> {
    checker: &'a Checker,
    body: &'a Body,
    fns: HashMap<FnId, Option<Vec<(String, String)>>>,
    out: Vec<GatedRead>,
}

impl Checker {
    /// The gated reads in `parts` that no check guards: `conditions` in order, each guarded by
    /// the ones before it holding, then `parts`, guarded by all of them holding.
    pub(super) fn unguarded_reads(&self, body: &Body, conditions: &[&TExpr], parts: &[&TExpr]) -> Vec<GatedRead> {
        let mut flow = Flow { checker: self, body, fns: HashMap::new(), out: Vec::new() };
        let mut held = Vec::new();
        for condition in conditions {
            flow.visit(condition, &held, None);
            held.extend(self.consent_facts(Some(body), condition, true));
        }
        for part in parts {
            flow.visit(part, &held, None);
        }
        flow.out
    }

    /// The gated reads in a rule list that no check guards: an arm is guarded by the
    /// conditions of the arms above it failing, and its value also by its own condition.
    pub(super) fn unguarded_rule_reads(&self, body: &Body, arms: &[TRuleArm]) -> Vec<GatedRead> {
        let mut flow = Flow { checker: self, body, fns: HashMap::new(), out: Vec::new() };
        let mut held = Vec::new();
        for arm in arms {
            let mut inside = held.clone();
            if let Some(condition) = &arm.condition {
                flow.visit(condition, &held, None);
                inside.extend(self.consent_facts(Some(body), condition, true));
                held.extend(self.consent_facts(Some(body), condition, false));
            }
            flow.visit(&arm.value, &inside, None);
        }
        flow.out
    }

    /// The consents known to be present when `e` evaluates to `when`; `body` gives what
    /// its Bool locals prove (none inside a function).
    pub(super) fn consent_facts(&self, body: Option<&Body>, e: &TExpr, when: bool) -> Vec<String> {
        if let (true, Some(consent)) = (when, body.and_then(|b| b.consent_flagged_by(e))) {
            return vec![consent.to_owned()];
        }
        crate::stack::guard(|| match &e.kind {
            TExprKind::Local(id) => body.map(|b| b.consent_checks_of(*id, when).to_vec()).unwrap_or_default(),
            TExprKind::Binary(op @ (BinOp::In | BinOp::NotIn), value, set) if when == (*op == BinOp::In) => {
                self.consent_tested(value, set).into_iter().collect()
            }
            TExprKind::Not(inner) => self.consent_facts(body, inner, !when),
            TExprKind::Binary(op @ (BinOp::And | BinOp::Or), a, b) => {
                let (a, b) = (self.consent_facts(body, a, when), self.consent_facts(body, b, when));
                if (*op == BinOp::And) == when {
                    a.into_iter().chain(b).collect()
                } else {
                    a.into_iter().filter(|c| b.contains(c)).collect()
                }
            }
            _ => Vec::new(),
        })
    }

    /// The consent `value in set` tests, when `value` is a consent variant and `set` its consent set.
    fn consent_tested(&self, value: &TExpr, set: &TExpr) -> Option<String> {
        let (TExprKind::Const(Const::Enum(variant)), Type::Enum(id)) = (&value.kind, &value.ty) else {
            return None;
        };
        let consent = self.out.enums.get(*id as usize)?.variants.get(*variant as usize)?;
        let is_source = match &set.kind {
            TExprKind::Field { record, index, .. } => {
                let fields = self.out.records.get(*record as usize).map(|r| r.fields.as_slice()).unwrap_or_default();
                fields.iter().position(|f| self.consent_enum(&f.ty, consent).is_some()) == Some(*index as usize)
            }
            _ => self.consent_enum(&set.ty, consent).is_some(),
        };
        is_source.then(|| consent.clone())
    }
}

impl Flow<'_> {
    /// Records the unguarded reads in `e`; `call` is the call being followed into a function.
    fn visit(&mut self, e: &TExpr, held: &[String], call: Option<Span>) {
        crate::stack::guard(|| self.visit_unguarded(e, held, call))
    }

    fn visit_unguarded(&mut self, e: &TExpr, held: &[String], call: Option<Span>) {
        let at = call.unwrap_or(e.span);
        match &e.kind {
            TExprKind::If(c, then, other) => {
                self.visit(c, held, call);
                self.visit(then, &self.with_facts(held, c, true, call), call);
                self.visit(other, &self.with_facts(held, c, false, call), call);
                return;
            }
            TExprKind::Binary(op @ (BinOp::And | BinOp::Or), a, b) => {
                self.visit(a, held, call);
                self.visit(b, &self.with_facts(held, a, *op == BinOp::And, call), call);
                return;
            }
            TExprKind::Field { record, index, .. } => {
                let field = self.checker.out.records.get(*record as usize).and_then(|r| r.fields.get(*index as usize));
                for (name, arg) in field.map(|f| f.annotations.as_slice()).unwrap_or_default() {
                    if let (true, Some(consent), Some(field)) = (name == "consent", arg, field) {
                        self.read(held, consent, &field.name, at);
                    }
                }
            }
            TExprKind::Local(id) if call.is_none() => {
                for read in self.body.consents_of(*id) {
                    self.read(held, &read.consent, &read.field, at);
                }
            }
            TExprKind::CallFn(id, _) => {
                for (consent, field) in self.fn_reads(*id) {
                    self.read(held, &consent, &field, at);
                }
            }
            _ => {}
        }
        e.for_each_child(|child| self.visit(child, held, call));
    }

    fn with_facts(&self, held: &[String], condition: &TExpr, when: bool, call: Option<Span>) -> Vec<String> {
        let body = call.is_none().then_some(self.body);
        held.iter().cloned().chain(self.checker.consent_facts(body, condition, when)).collect()
    }

    fn read(&mut self, held: &[String], consent: &str, field: &str, span: Span) {
        let read = GatedRead { consent: consent.to_owned(), field: field.to_owned(), span };
        if !held.iter().any(|c| c == consent) && !self.out.contains(&read) {
            self.out.push(read);
        }
    }

    /// The (consent, field) reads a function's body leaves unguarded.
    fn fn_reads(&mut self, id: FnId) -> Vec<(String, String)> {
        if let Some(known) = self.fns.get(&id) {
            return known.clone().unwrap_or_default();
        }
        self.fns.insert(id, None);
        let outer = std::mem::take(&mut self.out);
        if let Some(def) = self.checker.out.fns.get(id as usize) {
            self.visit(&def.body, &[], Some(def.span));
        }
        let inner = std::mem::replace(&mut self.out, outer);
        let reads: Vec<(String, String)> = inner.into_iter().map(|r| (r.consent, r.field)).collect();
        self.fns.insert(id, Some(reads.clone()));
        reads
    }
}
