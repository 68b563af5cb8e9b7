//! Decisions: their inputs (the host's call), and the parts inside them, each by
//! `package.decision.part`: outputs and their rule arms, lets, experiments, consent sources,
//! offers and their arbitration (`offers`).

use super::index::insert;
use super::model::{Detail, Kind, Split, Status};
use super::sequence::{self, Element};
use super::{harmless, offers, text, Entry, Rules};
use crate::ast::{
    ConsentSource, DecisionDecl, ExperimentDecl, ExprKind, Literal, OfferDecl, OffersBlock, OutputBody, OutputDecl, RuleArm, Stmt,
};
use std::collections::BTreeMap;

/// Compares decisions by name, then the parts of each decision both versions have.
pub(super) fn compare(old: &BTreeMap<String, &DecisionDecl>, new: &BTreeMap<String, &DecisionDecl>, out: &mut Vec<Entry>) {
    let decisions = Rules { kind: Kind::Decision, details: inputs, added: harmless, removed: decision_removed };
    super::compare(&decisions, old, new, out);
    let mut old_parts = Parts::default();
    let mut new_parts = Parts::default();
    for (name, n) in new {
        if let Some(o) = old.get(name) {
            old_parts.add(name, o);
            new_parts.add(name, n);
        }
    }
    old_parts.compare(&new_parts, out);
}

fn decision_removed(_: &DecisionDecl) -> Option<String> {
    Some("hosts that still call it get an unknown-decision error".to_owned())
}

/// Inputs: one added, removed or retyped changes what every host sends.
fn inputs(old: &DecisionDecl, new: &DecisionDecl) -> Vec<Detail> {
    let list = |d: &DecisionDecl| -> Vec<(String, String)> { d.inputs.iter().map(|b| (b.name.name.clone(), text::ty(&b.ty))).collect() };
    let optional: Vec<String> = new.inputs.iter().filter(|b| b.ty.optional).map(|b| format!("input `{}`", b.name.name)).collect();
    text::keyed(|name| format!("input `{name}`"), &list(old), &list(new))
        .into_iter()
        .map(|detail| match detail.status {
            Status::Added if optional.contains(&detail.what) => detail,
            Status::Added => detail.breaking("hosts must now send this input"),
            Status::Removed => detail.breaking("hosts that still send this input are refused (unknown field)"),
            _ => detail.breaking("hosts must send this input with its new type"),
        })
        .collect()
}

/// The named parts of the decisions both versions have.
#[derive(Default)]
struct Parts<'a> {
    outputs: BTreeMap<String, &'a OutputDecl>,
    lets: BTreeMap<String, &'a Stmt>,
    offers: BTreeMap<String, &'a OfferDecl>,
    arbitration: BTreeMap<String, &'a OffersBlock>,
    experiments: BTreeMap<String, &'a ExperimentDecl>,
    consents: BTreeMap<String, &'a ConsentSource>,
}

impl<'a> Parts<'a> {
    fn add(&mut self, decision: &str, d: &'a DecisionDecl) {
        let part = |name: &str| format!("{decision}.{name}");
        for stmt in &d.stmts {
            match stmt {
                Stmt::Let { name, .. } => insert(&mut self.lets, part(&name.name), stmt),
                Stmt::LetRules(o) => insert(&mut self.lets, part(&o.name.name), stmt),
                Stmt::Output(o) => insert(&mut self.outputs, part(&o.name.name), o),
                Stmt::Offers(block) => {
                    insert(&mut self.arbitration, decision.to_owned(), block.as_ref());
                    for offer in &block.offers {
                        insert(&mut self.offers, part(&offer.name.name), offer);
                    }
                }
                Stmt::Experiment(e) => insert(&mut self.experiments, part(&e.name.name), e),
                Stmt::Consent(c) => insert(&mut self.consents, part(&c.consent.name), c),
            }
        }
    }

    fn compare(&self, new: &Parts<'a>, out: &mut Vec<Entry>) {
        let outputs = Rules { kind: Kind::Output, details: output, added: harmless, removed: output_removed };
        super::compare(&outputs, &self.outputs, &new.outputs, out);
        let lets = Rules { kind: Kind::Let, details: binding, added: harmless, removed: harmless };
        super::compare(&lets, &self.lets, &new.lets, out);
        let offer_rules = Rules { kind: Kind::Offer, details: offers::offer, added: harmless, removed: harmless };
        super::compare(&offer_rules, &self.offers, &new.offers, out);
        let arbitration = Rules { kind: Kind::Arbitration, details: offers::arbitration, added: harmless, removed: harmless };
        super::compare(&arbitration, &self.arbitration, &new.arbitration, out);
        let consents = Rules { kind: Kind::Consent, details: consent, added: harmless, removed: harmless };
        super::compare(&consents, &self.consents, &new.consents, out);
        let from = out.len();
        let experiments = Rules { kind: Kind::Experiment, details: experiment, added: harmless, removed: harmless };
        super::compare(&experiments, &self.experiments, &new.experiments, out);
        for entry in out.iter_mut().skip(from).filter(|e| e.status == Status::Changed) {
            if let (Some(o), Some(n)) = (self.experiments.get(&entry.name), new.experiments.get(&entry.name)) {
                entry.split = split(o, n);
            }
        }
    }
}

fn output_removed(_: &OutputDecl) -> Option<String> {
    Some("hosts that read this output no longer get it".to_owned())
}

/// An output's type, value or rule arms, consents and value without consent.
fn output(old: &OutputDecl, new: &OutputDecl) -> Vec<Detail> {
    let mut out: Vec<Detail> = Vec::new();
    if let Some(d) = text::option("type", text::ty_opt(old.ty.as_ref()), text::ty_opt(new.ty.as_ref())) {
        out.push(d.breaking("hosts read a value of the new type"));
    }
    out.extend(body(&old.body, &new.body));
    let consents = |o: &OutputDecl| -> Vec<String> { o.consents.iter().map(|c| c.name.clone()).collect() };
    out.extend(text::set("required consent", &consents(old), &consents(new)));
    out.extend(text::option("value without consent", text::expr_opt(old.fallback.as_ref()), text::expr_opt(new.fallback.as_ref())));
    out
}

/// A `let`: its type and value, or its rule arms.
fn binding(old: &Stmt, new: &Stmt) -> Vec<Detail> {
    match (old, new) {
        (Stmt::LetRules(o), Stmt::LetRules(n)) => output(o, n),
        _ => {
            let (old_ty, old_body) = let_parts(old);
            let (new_ty, new_body) = let_parts(new);
            let mut out: Vec<Detail> = text::option("type", old_ty, new_ty).into_iter().collect();
            out.extend(text::value("value", old_body, new_body));
            out
        }
    }
}

/// A `let`'s declared type and its value as one text.
fn let_parts(stmt: &Stmt) -> (Option<String>, String) {
    match stmt {
        Stmt::Let { ty, value, .. } => (text::ty_opt(ty.as_ref()), text::expr(value)),
        Stmt::LetRules(o) | Stmt::Output(o) => (text::ty_opt(o.ty.as_ref()), body_text(&o.body)),
        _ => (None, String::new()),
    }
}

/// A value against a value, arms against arms (added, removed, reordered, changed), or one form for the other.
fn body(old: &OutputBody, new: &OutputBody) -> Vec<Detail> {
    match (old, new) {
        (OutputBody::Value(o), OutputBody::Value(n)) => text::value("value", text::expr(o), text::expr(n)).into_iter().collect(),
        (OutputBody::Rules(o), OutputBody::Rules(n)) => sequence::ordered("arm", &arms(o), &arms(n)),
        _ => text::value("value", body_text(old), body_text(new)).into_iter().collect(),
    }
}

fn body_text(body: &OutputBody) -> String {
    match body {
        OutputBody::Value(e) => text::expr(e),
        OutputBody::Rules(arms_list) => arms(arms_list).into_iter().map(|a| a.text).collect::<Vec<_>>().join("; "),
    }
}

fn arms(list: &[RuleArm]) -> Vec<Element> {
    list.iter()
        .map(|arm| {
            let value = text::expr(&arm.value);
            match &arm.condition {
                Some(c) => {
                    let guard = text::expr(c);
                    Element { text: format!("{value} when {guard}"), guard, value }
                }
                None => Element { text: format!("otherwise {value}"), guard: "otherwise".to_owned(), value },
            }
        })
        .collect()
}

/// Where a consent comes from.
fn consent(old: &ConsentSource, new: &ConsentSource) -> Vec<Detail> {
    text::value("source", text::expr(&old.source), text::expr(&new.source)).into_iter().collect()
}

/// An experiment's unit and arm weights.
fn experiment(old: &ExperimentDecl, new: &ExperimentDecl) -> Vec<Detail> {
    let mut out: Vec<Detail> = text::value("unit", text::expr(&old.unit), text::expr(&new.unit)).into_iter().collect();
    let weights = |e: &ExperimentDecl| -> Vec<(String, String)> { e.arms.iter().map(|(a, w)| (a.name.clone(), text::expr(w))).collect() };
    out.extend(text::keyed(|arm| format!("weight of arm `{arm}`"), &weights(old), &weights(new)));
    out
}

/// Both sides' arms and weights, when every weight is a literal percent.
fn split(old: &ExperimentDecl, new: &ExperimentDecl) -> Option<Split> {
    let arms = |e: &ExperimentDecl| -> Option<Vec<(String, u32)>> {
        e.arms.iter().map(|(a, w)| Some((a.name.clone(), basis_points(&w.kind)?))).collect()
    };
    let (old_arms, new_arms) = (arms(old)?, arms(new)?);
    if old_arms == new_arms {
        return None;
    }
    Some(Split { old_name: old.name.name.clone(), old_arms, new_name: new.name.name.clone(), new_arms, units_moved_percent: None })
}

/// A literal percent in basis points, as the checker computes an experiment's weights.
fn basis_points(kind: &ExprKind) -> Option<u32> {
    match kind {
        ExprKind::Literal(Literal::Percent(p), _) if (0.0..=1.0).contains(p) => Some((p * 10_000.0).round() as u32),
        _ => None,
    }
}
