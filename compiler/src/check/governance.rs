//! Data governance: consent-gated fields, the consents an offer requires, and `@pii`.
//!
//! A `@pii` field may be used in conditions and calculations, but its value may not reach
//! the decision's output; `@pii(messages)` lets it appear inside message text (templates).
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

/// A `@pii` value that reaches an output.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct PiiFlow {
    field: String,
    allowed_in_messages: bool,
    in_template: bool,
    span: Span,
}

impl Checker {
    /// The `@pii` values that `e`'s value carries (reads under conditions and numbers do not).
    pub(super) fn pii_flows(&self, body: &Body, e: &TExpr, in_template: bool, out: &mut Vec<PiiFlow>) {
        crate::stack::guard(|| self.pii_flows_unguarded(body, e, in_template, out))
    }

    fn pii_flows_unguarded(&self, body: &Body, e: &TExpr, in_template: bool, out: &mut Vec<PiiFlow>) {
        if matches!(e.ty, Type::Bool | Type::Int | Type::Float | Type::Percent | Type::Duration | Type::Money(_)) {
            return;
        }
        match &e.kind {
            TExprKind::Field { record, index, .. } => {
                let field = self.out.records.get(*record as usize).and_then(|r| r.fields.get(*index as usize));
                if let Some(field) = field {
                    if let Some((_, arg)) = field.annotations.iter().find(|(name, _)| name == "pii") {
                        out.push(PiiFlow {
                            field: field.name.clone(),
                            allowed_in_messages: arg.as_deref() == Some("messages"),
                            in_template,
                            span: e.span,
                        });
                    }
                }
            }
            TExprKind::Local(id) => out.extend(body.pii_of(*id).iter().map(|f| PiiFlow {
                in_template: f.in_template || in_template,
                span: e.span,
                ..f.clone()
            })),
            TExprKind::Template(parts) => parts.iter().for_each(|p| {
                if let TemplatePart::Value(v) = p {
                    self.pii_flows(body, v, true, out);
                }
            }),
            TExprKind::If(_, a, b) | TExprKind::Binary(crate::ast::BinOp::Coalesce, a, b) => {
                self.pii_flows(body, a, in_template, out);
                self.pii_flows(body, b, in_template, out);
            }
            TExprKind::Convert(_, x)
            | TExprKind::Index(x, _)
            | TExprKind::ListOp(_, x, _)
            | TExprKind::Sort { source: x, .. }
            | TExprKind::IfSome { then: x, .. } => self.pii_flows(body, x, in_template, out),
            TExprKind::CallNative(_, args) | TExprKind::CallFn(_, args) | TExprKind::List(args) => {
                args.iter().for_each(|a| self.pii_flows(body, a, in_template, out))
            }
            _ => {}
        }
    }

    /// Reports `@pii` values that reach `what` (an output or a message) where they are not allowed.
    pub(super) fn check_pii(&mut self, body: &Body, what: &str, e: &TExpr) {
        let mut flows = Vec::new();
        self.pii_flows(body, e, false, &mut flows);
        let mut reported: Vec<Span> = Vec::new();
        for flow in flows {
            if (flow.in_template && flow.allowed_in_messages) || reported.contains(&flow.span) {
                continue;
            }
            reported.push(flow.span);
            let (message, help) = if flow.in_template {
                (
                    format!("`{}` is personal data (`@pii`) and may not appear in {what}", flow.field),
                    format!("if customers may see it in messages, mark the field `@pii(messages)`; otherwise leave `{}` out", flow.field),
                )
            } else {
                (
                    format!("`{}` is personal data (`@pii`) and may not be part of {what}", flow.field),
                    "personal data may appear only inside message text, for fields marked `@pii(messages)`".to_owned(),
                )
            };
            self.error(Diagnostic::error(Code::PersonalData, flow.span, message).with_label("personal data").with_help(help));
        }
    }

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
