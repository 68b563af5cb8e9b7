//! Data governance: consent-gated fields and the consents an offer requires.
//!
//! A field annotated `@consent(x)` may feed an offer (its eligibility, scores or message)
//! only if the offer says `requires consent x`; reads through `let`s and outputs count.
//! `requires consent x` also makes the offer eligible only when `x` is among the
//! consents the input carries (the first `Set`/`List` of an enum with a variant `x`).

use super::expr::Body;
use super::globals::Checker;
use crate::ast::{BinOp, Ident};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;
use crate::tir::*;

impl Checker {
    /// The consents `e` needs: `@consent(x)` fields it reads, directly, through locals or inside the functions it calls.
    pub(super) fn consents_read(&self, body: &Body, e: &TExpr) -> Vec<(String, Span)> {
        let mut found = Vec::new();
        let mut visited = Vec::new();
        self.collect_consents(body, e, e.span, &mut visited, &mut found);
        found
    }

    /// `at` is the span reported: the expression itself, or the call that leads to the read.
    fn collect_consents(&self, body: &Body, e: &TExpr, at: Span, visited: &mut Vec<FnId>, found: &mut Vec<(String, Span)>) {
        let mut calls = Vec::new();
        e.walk(&mut |x| {
            let here = if at == e.span { x.span } else { at };
            match &x.kind {
                TExprKind::Field { record, index, .. } => {
                    let field = self.out.records.get(*record as usize).and_then(|r| r.fields.get(*index as usize));
                    for (name, arg) in field.map(|f| f.annotations.as_slice()).unwrap_or_default() {
                        if let (true, Some(consent)) = (name == "consent", arg) {
                            found.push((consent.clone(), here));
                        }
                    }
                }
                TExprKind::Local(id) if at == e.span => found.extend(body.consents_of(*id).iter().map(|c| (c.clone(), x.span))),
                TExprKind::CallFn(id, _) => calls.push((*id, here)),
                _ => {}
            }
        });
        for (id, span) in calls {
            if visited.contains(&id) {
                continue;
            }
            visited.push(id);
            if let Some(def) = self.out.fns.get(id as usize) {
                self.collect_consents(body, &def.body, span, visited, found);
            }
        }
    }

    /// Reports every consent-gated read in `parts` that `required` does not cover.
    pub(super) fn check_consents(&mut self, body: &Body, offer: &str, required: &[String], parts: &[&TExpr]) {
        let mut reported: Vec<(String, Span)> = Vec::new();
        for part in parts {
            for (consent, span) in self.consents_read(body, part) {
                if required.contains(&consent) || reported.contains(&(consent.clone(), span)) {
                    continue;
                }
                self.error(
                    Diagnostic::error(
                        Code::ConsentRequired,
                        span,
                        format!("offer `{offer}` uses data that needs the customer's consent `{consent}`"),
                    )
                    .with_label(format!("needs consent `{consent}`"))
                    .with_help(format!("add `requires consent {consent}` to the offer, or stop using this value in it")),
                );
                reported.push((consent, span));
            }
        }
    }

    /// The condition `consent in <input>.<consents>` for `requires consent <consent>`.
    pub(super) fn consent_condition(&mut self, body: &Body, consent: &Ident) -> Option<TExpr> {
        let span = consent.span;
        let holder = body.inputs().iter().enumerate().find_map(|(i, (_, ty))| {
            let local = TExpr { kind: TExprKind::Local(i as LocalId), ty: ty.clone(), span };
            match ty {
                Type::Record(r) => {
                    let fields = self.out.records.get(*r as usize).map(|d| d.fields.as_slice()).unwrap_or_default();
                    fields.iter().enumerate().find_map(|(f, field)| {
                        let e = self.consent_enum(&field.ty, &consent.name)?;
                        let kind = TExprKind::Field { base: Box::new(local.clone()), record: *r, index: f as u32 };
                        Some((TExpr { kind, ty: field.ty.clone(), span }, e))
                    })
                }
                _ => self.consent_enum(ty, &consent.name).map(|e| (local, e)),
            }
        });
        let Some((set, (enum_id, variant))) = holder else {
            self.error(
                Diagnostic::error(Code::UnknownName, span, format!("no input carries the consent `{}`", consent.name))
                    .with_label("unknown consent")
                    .with_help("give a decision input a field such as `consents: Set<Consent>`, with `enum Consent { marketing, … }`"),
            );
            return None;
        };
        let value = TExpr { kind: TExprKind::Const(Const::Enum(variant)), ty: Type::Enum(enum_id), span };
        Some(TExpr { kind: TExprKind::Binary(BinOp::In, Box::new(value), Box::new(set)), ty: Type::Bool, span })
    }

    /// The enum and variant index, when `ty` is a set or list of an enum with this variant.
    fn consent_enum(&self, ty: &Type, consent: &str) -> Option<(EnumId, u32)> {
        let (Type::Set(e) | Type::List(e)) = ty else { return None };
        let Type::Enum(id) = **e else { return None };
        let index = self.out.enums.get(id as usize)?.variants.iter().position(|v| v == consent)?;
        Some((id, index as u32))
    }
}
