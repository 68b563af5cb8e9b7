//! Contact policies: frequency caps and minimum gaps read from the contact history in the input.
//!
//! `contact history customer.contacts as of now` names the history (records with
//! `offer: Text` and `at: Timestamp`) and the decision's clock. Each offer rule becomes a
//! [`Suppression`]: `contact at most N per W` is `count(c in history where c.offer == "o"
//! and now - c.at < W) >= N`, `contact at least G apart` is `any(c in history where
//! c.offer == "o": now - c.at < G)`.

use super::expr::Body;
use super::globals::Checker;
use crate::ast::{self, Aggregate, BinOp};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;
use crate::tir::*;

/// The checked history clause: the list, its record, the record's `offer` and `at` fields, and `now`.
pub(super) struct History {
    list: TExpr,
    record: RecordId,
    offer_field: u32,
    at_field: u32,
    now: TExpr,
}

fn node(kind: TExprKind, ty: Type, span: Span) -> TExpr {
    TExpr { kind, ty, span }
}

fn binary(op: BinOp, l: TExpr, r: TExpr, ty: Type, span: Span) -> TExpr {
    node(TExprKind::Binary(op, Box::new(l), Box::new(r)), ty, span)
}

impl Checker {
    pub(super) fn contact_history(&mut self, body: &mut Body, block: &ast::OffersBlock) -> Option<History> {
        let (list, now) = block.history.as_ref()?;
        let list = self.check_expr(body, list, None);
        let now_v = self.check_expr(body, now, Some(&Type::Timestamp));
        let now = self.coerce(now_v, &Type::Timestamp);
        let record = match &list.ty {
            Type::List(e) => match **e {
                Type::Record(r) => Some(r),
                _ => None,
            },
            Type::Error => return None,
            _ => None,
        };
        let fields = record.and_then(|r| self.out.records.get(r as usize)).map(|d| d.fields.clone()).unwrap_or_default();
        let find = |name: &str, ty: &Type| fields.iter().position(|f| f.name == name && f.ty == *ty).map(|i| i as u32);
        match (record, find("offer", &Type::Text), find("at", &Type::Timestamp)) {
            (Some(record), Some(offer_field), Some(at_field)) => Some(History { list, record, offer_field, at_field, now }),
            _ => {
                let message = format!(
                    "the contact history must be a list of records with `offer: Text` and `at: Timestamp`, not {}",
                    self.show(&list.ty)
                );
                self.error(
                    Diagnostic::error(Code::TypeMismatch, list.span, message)
                        .with_label("not a contact history")
                        .with_help("declare `record Contact { offer: Text, at: Timestamp }` and pass a `List<Contact>`"),
                );
                None
            }
        }
    }

    /// The offer's contact rules as suppressions; `declared` says whether the block names a history at all.
    pub(super) fn contact_rules(
        &mut self,
        body: &mut Body,
        offer: &ast::OfferDecl,
        history: Option<&History>,
        declared: bool,
    ) -> Vec<Suppression> {
        let rules = offer.contact_caps.len() + offer.contact_gaps.len();
        let Some(history) = history else {
            if rules > 0 && !declared {
                self.error(
                    Diagnostic::error(
                        Code::NotAllowed,
                        offer.name.span,
                        format!("offer `{}` has contact rules but the offers have no contact history", offer.name.name),
                    )
                    .with_label("contact rules need a history")
                    .with_help("add `contact history customer.contacts as of now` after `offers`"),
                );
            }
            return Vec::new();
        };
        let mut out = Vec::new();
        for (cap, window) in &offer.contact_caps {
            let cap = self.contact_value(body, cap, Type::Int);
            let window = self.contact_value(body, window, Type::Duration);
            let span = cap.span.to(window.span);
            let (binder, same_offer, recent) = self.contact_terms(body, history, &offer.name.name, &window, span);
            let filter = binary(BinOp::And, same_offer, recent, Type::Bool, span);
            let kind = TExprKind::Comprehension {
                aggregate: Aggregate::Count,
                binder,
                source: Box::new(history.list.clone()),
                filter: Some(Box::new(filter)),
                body: None,
            };
            let count = node(kind, Type::Int, span);
            let condition = binary(BinOp::Ge, count.clone(), cap.clone(), Type::Bool, span);
            let parts = vec![
                TemplatePart::Text("contacted ".into()),
                TemplatePart::Value(count),
                TemplatePart::Text(" times in the last ".into()),
                TemplatePart::Value(window),
                TemplatePart::Text("; the cap is ".into()),
                TemplatePart::Value(cap),
            ];
            out.push(Suppression { condition, reason: node(TExprKind::Template(parts), Type::Text, span) });
        }
        for gap in &offer.contact_gaps {
            let gap = self.contact_value(body, gap, Type::Duration);
            let span = gap.span;
            let (binder, same_offer, recent) = self.contact_terms(body, history, &offer.name.name, &gap, span);
            let kind = TExprKind::Comprehension {
                aggregate: Aggregate::Any,
                binder,
                source: Box::new(history.list.clone()),
                filter: Some(Box::new(same_offer)),
                body: Some(Box::new(recent)),
            };
            let condition = node(kind, Type::Bool, span);
            let parts =
                vec![TemplatePart::Text("last contacted less than ".into()), TemplatePart::Value(gap), TemplatePart::Text(" ago".into())];
            out.push(Suppression { condition, reason: node(TExprKind::Template(parts), Type::Text, span) });
        }
        out
    }

    fn contact_value(&mut self, body: &mut Body, e: &ast::Expr, ty: Type) -> TExpr {
        let v = self.check_expr(body, e, Some(&ty));
        self.coerce(v, &ty)
    }

    /// A fresh binder over the history, `c.offer == "<offer>"` and `now - c.at < window`.
    fn contact_terms(&mut self, body: &mut Body, h: &History, offer: &str, window: &TExpr, span: Span) -> (LocalId, TExpr, TExpr) {
        let binder = body.hidden(Type::Record(h.record), span);
        let contact = node(TExprKind::Local(binder), Type::Record(h.record), span);
        let field = |index: u32, ty: Type| node(TExprKind::Field { base: Box::new(contact.clone()), record: h.record, index }, ty, span);
        let name = node(TExprKind::Const(Const::Text(offer.to_owned())), Type::Text, span);
        let same_offer = binary(BinOp::Eq, field(h.offer_field, Type::Text), name, Type::Bool, span);
        let age = binary(BinOp::Sub, h.now.clone(), field(h.at_field, Type::Timestamp), Type::Duration, span);
        let recent = binary(BinOp::Lt, age, window.clone(), Type::Bool, span);
        (binder, same_offer, recent)
    }
}
