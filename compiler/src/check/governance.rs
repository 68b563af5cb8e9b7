//! Data governance: consent-gated fields, the consents an offer requires, and `@pii`.
//!
//! A `@pii` field may be used in conditions and calculations, but its value may not reach
//! the decision's output; `@pii(messages)` lets it appear inside message text (templates).
//!
//! A field annotated `@consent(x)` may reach a decision's result (an output, an offer's
//! eligibility, scores or message, an experiment's unit) only under a check that `x` is
//! present (`consent_flow.rs`); `requires consent x` on an offer or an output is such a
//! check: the offer is eligible, and the output has its value, only when `x` is among the
//! consents the input carries (the first `Set`/`List` of an enum with a variant `x`).

use super::globals::Checker;
use super::scope::{Body, GatedRead, PiiFlow};
use crate::ast::{self, BinOp, Ident};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;
use crate::tir::*;

/// Where consent-gated data would leave the decision.
#[derive(Clone, Copy, Debug)]
pub(super) enum Sink<'a> {
    /// An output (its arms, conditions and fallback).
    Output(&'a str),
    /// An offer (eligibility, scores, message).
    Offer(&'a str),
    /// An experiment's unit (the arm it assigns).
    Experiment(&'a str),
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

    /// Reports each consent-gated read that reaches `sink` unguarded, with the two ways to fix it.
    pub(super) fn report_consent_reads(&mut self, body: &Body, sink: Sink, reads: &[GatedRead]) {
        for read in reads {
            let GatedRead { consent, field, span } = read;
            let check = self.consent_check(body, consent, true);
            let (message, help) = match sink {
                Sink::Output(name) => (
                    format!("output `{name}` uses `{field}`, which needs the customer's consent `{consent}`"),
                    format!(
                        "check `{check}` first (in an `if`, before an `and`, or in the arm's `when`), \
                         or add `requires consent {consent}` to the output (without the consent it is then none, or its `otherwise` value)"
                    ),
                ),
                Sink::Offer(name) => (
                    format!("offer `{name}` uses `{field}`, which needs the customer's consent `{consent}`"),
                    format!("add `requires consent {consent}` to the offer, or check the consent first: `eligible when {check}`"),
                ),
                Sink::Experiment(name) => (
                    format!("experiment `{name}` assigns arms by `{field}`, which needs the customer's consent `{consent}`"),
                    format!("check the consent first (`by if {check} then … else …`), or assign arms by an id that needs no consent"),
                ),
            };
            self.error(
                Diagnostic::error(Code::ConsentRequired, *span, message).with_label(format!("needs consent `{consent}`")).with_help(help),
            );
        }
    }

    /// The check that `consent` is present (`present`) or missing, as written in a policy:
    /// `marketing in customer.consents`, or `customer.consent_marketing` for a declared flag.
    pub(super) fn consent_check(&self, body: &Body, consent: &str, present: bool) -> String {
        match (body.consent_flag(consent), present) {
            (Some(flag), true) => flag.text.clone(),
            (Some(flag), false) => format!("not {}", flag.text),
            (None, _) => {
                let set = self.consent_set_text(body, consent).unwrap_or_else(|| "customer.consents".to_owned());
                format!("{consent} {}in {set}", if present { "" } else { "not " })
            }
        }
    }

    /// The text of the consent set that holds `consent`, such as `customer.consents`.
    pub(super) fn consent_set_text(&self, body: &Body, consent: &str) -> Option<String> {
        body.inputs().iter().find_map(|(input, ty)| match ty {
            Type::Record(r) => {
                let fields = self.out.records.get(*r as usize).map(|d| d.fields.as_slice()).unwrap_or_default();
                let field = fields.iter().find(|f| self.consent_enum(&f.ty, consent).is_some())?;
                Some(format!("{input}.{}", field.name))
            }
            _ => self.consent_enum(ty, consent).map(|_| input.clone()),
        })
    }

    /// `requires consent x … otherwise v` on an output: one arm per consent, first, giving the
    /// fallback (none when not written, which makes the type optional) when `x` is missing.
    pub(super) fn gate_output(
        &mut self,
        body: &mut Body,
        output: &ast::OutputDecl,
        ty: Type,
        rules: Vec<TRuleArm>,
    ) -> (Type, Vec<TRuleArm>) {
        let Some(first) = output.consents.first() else { return (ty, rules) };
        let (ty, fallback) = match (&output.fallback, &ty) {
            (Some(f), _) => {
                let v = self.check_expr(body, f, Some(&ty));
                let v = self.coerce(v, &ty);
                (ty, v)
            }
            (None, Type::Optional(_) | Type::Error) => (ty.clone(), none_of(ty, first.span)),
            (None, _) if output.ty.is_none() => {
                let ty = Type::Optional(Box::new(ty));
                (ty.clone(), none_of(ty, first.span))
            }
            (None, _) => {
                let shown = self.show(&ty);
                self.error(
                    Diagnostic::error(
                        Code::ConsentRequired,
                        first.span,
                        format!("output `{}` requires consent `{}` but has no value without it", output.name.name, first.name),
                    )
                    .with_label("no value without the consent")
                    .with_help(format!(
                        "declare the type `{shown}?` so that it is none without the consent, or give its value: `requires consent {} otherwise …`",
                        first.name
                    )),
                );
                (ty, TExpr { kind: TExprKind::Error, ty: Type::Error, span: first.span })
            }
        };
        let mut arms = Vec::new();
        for consent in &output.consents {
            if let Some(present) = self.consent_condition(body, consent) {
                let condition = TExpr { kind: TExprKind::Not(Box::new(present)), ty: Type::Bool, span: consent.span };
                let text = self.consent_check(body, &consent.name, false);
                let conjuncts = vec![text.clone()];
                arms.push(TRuleArm { value: fallback.clone(), condition: Some(condition), text, conjuncts, span: consent.span });
            }
        }
        for arm in rules {
            let value = self.coerce(arm.value, &ty);
            arms.push(TRuleArm { value, ..arm });
        }
        (ty, arms)
    }

    /// The condition `consent in <input>.<consents>` for `requires consent <consent>`.
    pub(super) fn consent_condition(&mut self, body: &Body, consent: &Ident) -> Option<TExpr> {
        let span = consent.span;
        if let Some(flag) = body.consent_flag(&consent.name) {
            return Some(TExpr { span, ..flag.source.clone() });
        }
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
                    .with_help(format!(
                        "give a decision input a field such as `consents: Set<Consent>`, with `enum Consent {{ {0}, … }}`, \
                         or declare the Bool field that holds it: `consent {0} = customer.consent_{0}`",
                        consent.name
                    )),
            );
            return None;
        };
        let value = TExpr { kind: TExprKind::Const(Const::Enum(variant)), ty: Type::Enum(enum_id), span };
        Some(TExpr { kind: TExprKind::Binary(BinOp::In, Box::new(value), Box::new(set)), ty: Type::Bool, span })
    }

    /// The enum and variant index, when `ty` is a set or list of an enum with this variant.
    pub(super) fn consent_enum(&self, ty: &Type, consent: &str) -> Option<(EnumId, u32)> {
        let (Type::Set(e) | Type::List(e)) = ty else { return None };
        let Type::Enum(id) = **e else { return None };
        let index = self.out.enums.get(id as usize)?.variants.iter().position(|v| v == consent)?;
        Some((id, index as u32))
    }
}

/// The constant none of an optional type.
fn none_of(ty: Type, span: Span) -> TExpr {
    TExpr { kind: TExprKind::Const(Const::None), ty, span }
}
