//! Contact policies: frequency caps and minimum gaps read from the contact history in the input.
//!
//! `contact history customer.contacts as of now` names the history (records with
//! `offer: Text` and `at: Timestamp`) and the decision's clock. Each offer rule becomes a
//! [`Suppression`]: `contact at most N per W` is `count(c in history where c.offer == "o"
//! and now - c.at < W) >= N`, `contact at least G apart` is `any(c in history where
//! c.offer == "o": now - c.at < G)`.

use super::counts::{after_check, hoist_check, Positive};
use super::globals::Checker;
use super::scope::Body;
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
    /// The history's `channel` field and its type, if it has one.
    channel_field: Option<(u32, Type)>,
    now: TExpr,
}

fn node(kind: TExprKind, ty: Type, span: Span) -> TExpr {
    TExpr { kind, ty, span }
}

fn binary(op: BinOp, l: TExpr, r: TExpr, ty: Type, span: Span) -> TExpr {
    node(TExprKind::Binary(op, Box::new(l), Box::new(r)), ty, span)
}

/// `" time"` when `count` is 1, else `" times"`.
fn times(count: TExpr, span: Span) -> TExpr {
    let text = |t: &str| node(TExprKind::Template(vec![TemplatePart::Text(t.into())]), Type::Text, span);
    let one = node(TExprKind::Const(Const::Int(1)), Type::Int, span);
    let is_one = binary(BinOp::Eq, count, one, Type::Bool, span);
    node(TExprKind::If(Box::new(is_one), Box::new(text(" time")), Box::new(text(" times"))), Type::Text, span)
}

/// `count(c in history where filter) >= cap`, with the reason "contacted N time(s) in the last W{label}; the cap is C";
/// `window_check` runs first (see [`hoist_check`]).
fn cap_rule(
    h: &History,
    binder: LocalId,
    filter: TExpr,
    cap: TExpr,
    (window, window_check): (TExpr, Option<TExpr>),
    label: &str,
    span: Span,
) -> Suppression {
    let kind = TExprKind::Comprehension {
        aggregate: Aggregate::Count,
        binder,
        source: Box::new(h.list.clone()),
        filter: Some(Box::new(filter)),
        body: None,
    };
    let count = node(kind, Type::Int, span);
    let condition = after_check(window_check, binary(BinOp::Ge, count.clone(), cap.clone(), Type::Bool, span));
    let parts = vec![
        TemplatePart::Text("contacted ".into()),
        TemplatePart::Value(count.clone()),
        TemplatePart::Value(times(count, span)),
        TemplatePart::Text(" in the last ".into()),
        TemplatePart::Value(window),
        TemplatePart::Text(format!("{label}; the cap is ")),
        TemplatePart::Value(cap),
    ];
    Suppression { condition, reason: node(TExprKind::Template(parts), Type::Text, span) }
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
            (Some(record), Some(offer_field), Some(at_field)) => {
                let channel_field =
                    fields.iter().position(|f| f.name == "channel").and_then(|i| fields.get(i).map(|f| (i as u32, f.ty.clone())));
                Some(History { list, record, offer_field, at_field, channel_field, now })
            }
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
                        Code::NeedsContactHistory,
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
            let cap = self.positive(body, cap, Positive::ContactCap);
            let (window, check) = hoist_check(self.positive(body, window, Positive::ContactWindow));
            let span = cap.span.to(window.span);
            let (binder, same_offer, recent) = self.contact_terms(body, history, &offer.name.name, &window, span);
            let filter = binary(BinOp::And, same_offer, recent, Type::Bool, span);
            out.push(cap_rule(history, binder, filter, cap, (window, check), "", span));
        }
        for gap in &offer.contact_gaps {
            let (gap, check) = hoist_check(self.positive(body, gap, Positive::ContactGap));
            let span = gap.span;
            let (binder, same_offer, recent) = self.contact_terms(body, history, &offer.name.name, &gap, span);
            let kind = TExprKind::Comprehension {
                aggregate: Aggregate::Any,
                binder,
                source: Box::new(history.list.clone()),
                filter: Some(Box::new(same_offer)),
                body: Some(Box::new(recent)),
            };
            let condition = after_check(check, node(kind, Type::Bool, span));
            let parts =
                vec![TemplatePart::Text("last contacted less than ".into()), TemplatePart::Value(gap), TemplatePart::Text(" ago".into())];
            out.push(Suppression { condition, reason: node(TExprKind::Template(parts), Type::Text, span) });
        }
        out
    }

    /// Block-level caps: each becomes a suppression of every offer it covers, as `(offer indexes, rule)`.
    pub(super) fn block_contact_rules(
        &mut self,
        body: &mut Body,
        block: &ast::OffersBlock,
        history: Option<&History>,
    ) -> Vec<(Vec<usize>, Suppression)> {
        let mut out = Vec::new();
        for rule in &block.contact_caps {
            let Some(history) = history else {
                if block.history.is_none() {
                    self.error(
                        Diagnostic::error(Code::NeedsContactHistory, rule.span, "this contact cap needs the contact history")
                            .with_label("no history")
                            .with_help("add `contact history customer.contacts as of now` after `offers`"),
                    );
                }
                continue;
            };
            let cap = self.positive(body, &rule.cap, Positive::ContactCap);
            let (window, check) = hoist_check(self.positive(body, &rule.window, Positive::ContactWindow));
            let span = rule.span;
            let binder = body.hidden(Type::Record(history.record), span);
            let contact = node(TExprKind::Local(binder), Type::Record(history.record), span);
            let field =
                |index: u32, ty: Type| node(TExprKind::Field { base: Box::new(contact.clone()), record: history.record, index }, ty, span);
            let age = binary(BinOp::Sub, history.now.clone(), field(history.at_field, Type::Timestamp), Type::Duration, span);
            let recent = binary(BinOp::Lt, age, window.clone(), Type::Bool, span);
            let (affected, scope_filter, label): (Vec<usize>, Option<TExpr>, String) = match &rule.scope {
                ast::ContactScope::All => ((0..block.offers.len()).collect(), None, "all offers".to_owned()),
                ast::ContactScope::Group(g) => {
                    let members: Vec<usize> = block
                        .offers
                        .iter()
                        .enumerate()
                        .filter(|(_, o)| o.group.as_ref().is_some_and(|og| og.name == g.name))
                        .map(|(i, _)| i)
                        .collect();
                    if members.is_empty() {
                        self.error(
                            Diagnostic::error(Code::UnknownName, g.span, format!("no offer is in group `{}`", g.name))
                                .with_label("empty group")
                                .with_help("put offers in it with `group name`"),
                        );
                        continue;
                    }
                    let names = members
                        .iter()
                        .filter_map(|i| block.offers.get(*i))
                        .map(|o| node(TExprKind::Const(Const::Text(o.name.name.clone())), Type::Text, span))
                        .collect();
                    let list = node(TExprKind::List(names), Type::List(Box::new(Type::Text)), span);
                    (
                        members,
                        Some(binary(BinOp::In, field(history.offer_field, Type::Text), list, Type::Bool, span)),
                        format!("group {}", g.name),
                    )
                }
                ast::ContactScope::Channel(expr) => {
                    let Some((index, ty)) = history.channel_field.clone() else {
                        self.error(
                            Diagnostic::error(Code::UnknownField, expr.span, "the contact history has no `channel` field")
                                .with_label("no channel to count by")
                                .with_help("add `channel: Channel` to the history's record"),
                        );
                        continue;
                    };
                    let channel = self.contact_value(body, expr, ty.clone());
                    let label = format!("channel {}", crate::print::expr(expr));
                    ((0..block.offers.len()).collect(), Some(binary(BinOp::Eq, field(index, ty), channel, Type::Bool, span)), label)
                }
            };
            let filter = match scope_filter {
                Some(f) => binary(BinOp::And, f, recent, Type::Bool, span),
                None => recent,
            };
            out.push((affected, cap_rule(history, binder, filter, cap, (window, check), &format!(" ({label})"), span)));
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
