//! Checking decisions: inputs, `let`, outputs with rule lists, and offers.

use super::counts::Positive;
use super::globals::{Checker, Global};
use super::governance::Sink;
use super::scope::Body;
use super::types::convert;
use crate::ast::{self, BinOp, OutputBody, Stmt};
use crate::diagnostic::{Code, Diagnostic};
use crate::print;
use crate::span::{FileId, Span};
use crate::tir::*;
use std::collections::HashMap;

/// The names the ranking formula reads, bound per offer.
const FORMULA_NAMES: [&str; 4] = ["propensity", "weight", "value", "lever"];

const RESERVED_OUTPUTS: &[&str] = &["offers", "offer", "decision"];

impl Checker {
    pub(super) fn check_decision(&mut self, file: FileId, decl: &ast::DecisionDecl) {
        let Some(id) = self.out.decisions.iter().position(|d| d.span == decl.name.span) else {
            return;
        };
        let mut body = Body::new(file, None);
        let mut inputs = Vec::new();
        let mut names: HashMap<String, Span> = HashMap::new();
        for input in &decl.inputs {
            let ty = self.resolve_type(file, &input.ty);
            self.unique_name(&mut names, &input.name);
            body.declare_input(&input.name.name, ty.clone(), input.name.span);
            inputs.push((input.name.name.clone(), ty));
        }
        self.consent_sources(&mut body, &decl.stmts);
        let mut stmts = Vec::new();
        let mut outputs: Vec<OutputDef> = Vec::new();
        let mut offers: Option<OffersDef> = None;
        let mut experiments: Vec<ExperimentDef> = Vec::new();
        for stmt in &decl.stmts {
            match stmt {
                Stmt::Experiment(e) => {
                    self.unique_name(&mut names, &e.name);
                    let (def, unit) = self.experiment(&mut body, &decl.name.name, e);
                    let local = body.declare(&e.name.name, Type::Enum(def.arms), e.name.span);
                    stmts.push(TStmt::Experiment { index: experiments.len() as u32, local, unit });
                    experiments.push(def);
                }
                Stmt::Consent(_) => {}
                Stmt::Let { name, ty, value, .. } => {
                    let want = ty.as_ref().map(|t| self.resolve_type(file, t));
                    let v = self.check_expr(&mut body, value, want.as_ref());
                    let v = match &want {
                        Some(t) => self.coerce(v, t),
                        None => v,
                    };
                    self.unique_name(&mut names, name);
                    let consents = self.unguarded_reads(&body, &[], &[&v]);
                    let mut pii = Vec::new();
                    self.pii_flows(&body, &v, false, &mut pii);
                    let local = body.declare(&name.name, v.ty.clone(), name.span);
                    body.set_consents(local, consents);
                    body.set_consent_checks(local, [true, false].map(|when| self.consent_facts(Some(&body), &v, when)));
                    body.set_pii(local, pii);
                    stmts.push(TStmt::Let(local, v));
                }
                Stmt::LetRules(rules) => {
                    self.unique_name(&mut names, &rules.name);
                    stmts.push(self.let_rules(&mut body, rules));
                }
                Stmt::Output(output) => {
                    if RESERVED_OUTPUTS.contains(&output.name.name.as_str()) {
                        self.error(
                            Diagnostic::error(
                                Code::ReservedName,
                                output.name.span,
                                format!("`{}` is reserved for the chosen offers", output.name.name),
                            )
                            .with_label("reserved name")
                            .with_help("give the output another name"),
                        );
                    }
                    self.unique_name(&mut names, &output.name);
                    let (ty, rules) = self.output(&mut body, output);
                    for arm in &rules {
                        self.check_pii(&body, &format!("the output `{}`", output.name.name), &arm.value);
                    }
                    let reads = self.unguarded_rule_reads(&body, &rules);
                    self.report_consent_reads(&body, Sink::Output(&output.name.name), &reads);
                    let local = body.declare(&output.name.name, ty.clone(), output.name.span);
                    stmts.push(TStmt::Output { index: outputs.len() as u32, local, rules });
                    outputs.push(OutputDef { name: output.name.name.clone(), ty, span: output.name.span });
                }
                Stmt::Offers(block) => {
                    if offers.is_some() {
                        self.error(
                            Diagnostic::error(Code::Duplicate, block.span, "a decision has one `offers` block")
                                .with_label("second block")
                                .with_help("move these offers into the first block"),
                        );
                        continue;
                    }
                    offers = Some(self.offers(&mut body, &decl.name.name, block));
                }
            }
        }
        if let Some(def) = self.out.decisions.get_mut(id) {
            def.inputs = inputs;
            def.stmts = stmts;
            def.outputs = outputs;
            def.offers = offers;
            def.experiments = experiments;
            def.locals = body.local_count();
        }
        self.out.locals.extend(body.scopes(decl.span));
    }

    fn unique_name(&mut self, names: &mut HashMap<String, Span>, name: &ast::Ident) {
        if let Some(first) = names.insert(name.name.clone(), name.span) {
            self.error(
                Diagnostic::error(Code::Duplicate, name.span, format!("`{}` is already defined in this decision", name.name))
                    .with_label("defined again")
                    .with_note(first, "first defined here")
                    .with_help("use another name"),
            );
        }
    }

    fn output_type(&mut self, file: FileId, output: &ast::OutputDecl) -> Option<Type> {
        if let Some(t) = &output.ty {
            return Some(self.resolve_type(file, t));
        }
        if !matches!(output.body, OutputBody::Rules(_)) {
            return None;
        }
        let enum_name = pascal_case(&output.name.name);
        match self.lookup(file, &enum_name) {
            Some((Global::Enum(e), target)) => {
                self.reference(output.name.span, target);
                Some(Type::Enum(e))
            }
            _ => None,
        }
    }

    pub(super) fn output(&mut self, body: &mut Body, output: &ast::OutputDecl) -> (Type, Vec<TRuleArm>) {
        let declared = self.output_type(body.file, output);
        let (ty, rules) = self.output_rules(body, output, declared);
        self.gate_output(body, output, ty, rules)
    }

    fn output_rules(&mut self, body: &mut Body, output: &ast::OutputDecl, declared: Option<Type>) -> (Type, Vec<TRuleArm>) {
        match &output.body {
            OutputBody::Value(value) => {
                let v = self.check_expr(body, value, declared.as_ref());
                let v = match &declared {
                    Some(t) => self.coerce(v, t),
                    None => v,
                };
                let ty = declared.unwrap_or_else(|| v.ty.clone());
                (
                    ty,
                    vec![TRuleArm {
                        value: v,
                        condition: None,
                        text: format!("= {}", print::expr(value)),
                        conjuncts: Vec::new(),
                        span: value.span,
                    }],
                )
            }
            OutputBody::Rules(arms) => self.rules(body, output, declared, arms),
        }
    }

    fn rules(&mut self, body: &mut Body, output: &ast::OutputDecl, declared: Option<Type>, arms: &[ast::RuleArm]) -> (Type, Vec<TRuleArm>) {
        let declared_here = declared.is_some();
        let mut ty = declared;
        let mut out = Vec::new();
        let mut seen: HashMap<String, Span> = HashMap::new();
        let mut decided: Option<Span> = None;
        for arm in arms {
            if ty.is_none() && matches!(arm.value.kind, ast::ExprKind::Name(_)) && !self.is_known_name(body, &print::expr(&arm.value)) {
                let enum_name = pascal_case(&output.name.name);
                self.error(
                    Diagnostic::error(Code::UnknownType, output.name.span, format!("the values of `{}` need a type", output.name.name))
                        .with_label("no type")
                        .with_help(format!(
                            "declare `enum {enum_name} {{ … }}` with its values, or write `{}: Type {{ … }}`",
                            output.name.name
                        )),
                );
                ty = Some(Type::Error);
            }
            let undeclared_label = ty == Some(Type::Error) && matches!(arm.value.kind, ast::ExprKind::Name(_));
            let facts = arm.condition.as_ref().map(|c| super::expr::present_if(c, true)).unwrap_or_default();
            let value = if undeclared_label {
                TExpr { kind: TExprKind::Error, ty: Type::Error, span: arm.value.span }
            } else {
                body.with_present(facts, |body| self.check_expr(body, &arm.value, ty.as_ref()))
            };
            let value = match (&ty, declared_here) {
                (Some(t), true) => self.coerce(value, t),
                (Some(t), false) => match join_optional(t, &value.ty) {
                    Some(joined) => {
                        ty = Some(joined);
                        value
                    }
                    None => self.coerce(value, t),
                },
                (None, _) => {
                    ty = Some(value.ty.clone());
                    value
                }
            };
            if let Some(earlier) = decided {
                self.error(
                    Diagnostic::warning(Code::UnreachableArm, arm.span, "this arm can never be chosen")
                        .with_label("unreachable")
                        .with_note(earlier, "every case is already decided here")
                        .with_help("remove the arm, or move it above"),
                );
            }
            let condition = match &arm.condition {
                Some(c) => {
                    let text = print::expr(c);
                    if let Some(first) = seen.insert(text, c.span) {
                        self.error(
                            Diagnostic::warning(
                                Code::UnreachableArm,
                                arm.span,
                                "this arm has the same condition as an earlier one, so it can never be chosen",
                            )
                            .with_label("unreachable")
                            .with_note(first, "the same condition wins here first")
                            .with_help("remove the arm, or change its condition"),
                        );
                    }
                    match c.kind {
                        ast::ExprKind::Literal(ast::Literal::Bool(true), _) => decided = decided.or(Some(arm.span)),
                        ast::ExprKind::Literal(ast::Literal::Bool(false), _) => self.error(
                            Diagnostic::warning(
                                Code::UnreachableArm,
                                arm.span,
                                "this arm's condition is `false`, so it can never be chosen",
                            )
                            .with_label("unreachable")
                            .with_help("remove the arm"),
                        ),
                        _ => {}
                    }
                    Some(self.check_bool(body, c))
                }
                None => {
                    decided = decided.or(Some(arm.span));
                    None
                }
            };
            let text = arm.condition.as_ref().map(print::expr).unwrap_or_else(|| "otherwise".to_owned());
            let conjuncts = arm.condition.as_ref().map(print::conjuncts).unwrap_or_default();
            out.push(TRuleArm { value, condition, text, conjuncts, span: arm.span });
        }
        if !arms.iter().any(|a| a.condition.is_none()) {
            self.error(
                Diagnostic::error(Code::MissingOtherwise, output.name.span, format!("`{}` has no `otherwise` arm", output.name.name))
                    .with_label("some cases get no value")
                    .with_help("add `otherwise value` as the last arm, for the cases no condition covers"),
            );
        }
        let ty = ty.unwrap_or(Type::Error);
        if !declared_here && matches!(ty, Type::Optional(_)) {
            // An arm that was `none`, or a value before one: each takes the joined optional type.
            out = out.into_iter().map(|arm| TRuleArm { value: self.coerce(arm.value, &ty), ..arm }).collect();
        }
        (ty, out)
    }

    fn experiment(&mut self, body: &mut Body, decision: &str, e: &ast::ExperimentDecl) -> (ExperimentDef, TExpr) {
        let variants: Vec<(ast::Docs, ast::Ident)> = e.arms.iter().map(|(name, _)| (ast::Docs::default(), name.clone())).collect();
        let arms = self.add_enum(&format!("{decision}.{}", e.name.name), e.docs.clone(), e.name.span, &variants);
        let unit = self.check_expr(body, &e.unit, None);
        let reads = self.unguarded_reads(body, &[], &[&unit]);
        self.report_consent_reads(body, Sink::Experiment(&e.name.name), &reads);
        if !matches!(unit.ty, Type::Text | Type::Int | Type::Error) {
            let message = format!("the unit of experiment `{}` must be a Text or Int id, not {}", e.name.name, self.show(&unit.ty));
            let help =
                if matches!(unit.ty, Type::Optional(_)) { "give a default with `??`" } else { "use a stable id such as `customer.id`" };
            self.error(Diagnostic::error(Code::TypeMismatch, unit.span, message).with_label("not an id").with_help(help));
        }
        let mut weights = Vec::new();
        let mut all_valid = true;
        for (arm, weight) in &e.arms {
            let v = self.check_expr(body, weight, Some(&Type::Percent));
            match (&v.ty, super::constant::constant(&v)) {
                (Type::Percent, Some(Const::Float(f))) if (0.0..=1.0).contains(&f) => weights.push((f * 10_000.0).round() as u32),
                (Type::Error, _) => {
                    all_valid = false;
                    weights.push(0);
                }
                _ => {
                    all_valid = false;
                    let message = format!("the weight of arm `{}` must be a percentage from 0% to 100%, such as `10%`", arm.name);
                    self.error(
                        Diagnostic::error(Code::ExperimentWeights, weight.span, message)
                            .with_label("not a weight")
                            .with_help("write the share of units this arm gets"),
                    );
                    weights.push(0);
                }
            }
        }
        let total: u32 = weights.iter().sum();
        if e.arms.is_empty() {
            let message = format!("experiment `{}` has no arms", e.name.name);
            self.error(
                Diagnostic::error(Code::ExperimentWeights, e.name.span, message)
                    .with_label("no arms")
                    .with_help("list the arms with their weights: `{ champion 90%  challenger 10% }`"),
            );
        } else if all_valid && total != 10_000 {
            let message = format!(
                "the weights of experiment `{}` add up to {}; they must add up to 100%",
                e.name.name,
                crate::literal::format_percent(f64::from(total) / 10_000.0)
            );
            self.error(
                Diagnostic::error(Code::ExperimentWeights, e.name.span, message)
                    .with_label("weights do not add up")
                    .with_help("adjust the weights so every unit lands in exactly one arm"),
            );
        }
        (ExperimentDef { name: e.name.name.clone(), arms, weights, span: e.name.span }, unit)
    }

    fn offers(&mut self, body: &mut Body, decision: &str, block: &ast::OffersBlock) -> OffersDef {
        let variants: Vec<(ast::Docs, ast::Ident)> = block.offers.iter().map(|o| (o.docs.clone(), o.name.clone())).collect();
        let names = self.add_enum(&format!("{decision}.Offer"), ast::Docs::default(), block.span, &variants);
        let formula_locals = FORMULA_NAMES.map(|_| body.hidden(Type::Float, block.span));
        let ranking = match &block.ranking {
            Some(formula) => {
                let mark = body.mark();
                for (id, name) in formula_locals.iter().zip(FORMULA_NAMES) {
                    body.bring_into_scope(*id, name);
                }
                let v = self.check_expr(body, formula, Some(&Type::Float));
                body.reset(mark);
                self.as_score(v, "the ranking formula")
            }
            None => default_formula(formula_locals, block.span),
        };
        let limit = block.limit.as_ref().map(|l| self.positive(body, l, Positive::OfferLimit));
        let floor = block.floor.as_ref().map(|f| {
            let v = self.check_expr(body, f, Some(&Type::Float));
            self.as_score(v, "the score floor")
        });
        let mut groups: Vec<(String, TExpr)> = Vec::new();
        let mut group_spans: Vec<Span> = Vec::new();
        for (name, cap) in &block.groups {
            if let Some(first) = groups.iter().position(|(g, _)| *g == name.name).and_then(|i| group_spans.get(i)) {
                self.error(
                    Diagnostic::error(Code::Duplicate, name.span, format!("group `{}` has two limits", name.name))
                        .with_label("again here")
                        .with_note(*first, "first here")
                        .with_help("keep one `group … at most N` line"),
                );
                continue;
            }
            let cap = self.positive(body, cap, Positive::GroupLimit);
            groups.push((name.name.clone(), cap));
            group_spans.push(name.span);
        }
        let history = self.contact_history(body, block);
        let mut offers: Vec<OfferDef> = block
            .offers
            .iter()
            .map(|o| {
                let mut def = self.offer(body, o, &groups);
                def.suppressions = self.contact_rules(body, o, history.as_ref(), block.history.is_some());
                def
            })
            .collect();
        for (affected, rule) in self.block_contact_rules(body, block, history.as_ref()) {
            for index in affected {
                if let Some(offer) = offers.get_mut(index) {
                    offer.suppressions.push(rule.clone());
                }
            }
        }
        OffersDef { names, ranking, formula_locals, groups, limit, floor, offers }
    }

    fn offer(&mut self, body: &mut Body, offer: &ast::OfferDecl, groups: &[(String, TExpr)]) -> OfferDef {
        let group = offer.group.as_ref().and_then(|g| {
            let found = groups.iter().position(|(name, _)| *name == g.name);
            if found.is_none() {
                let hint = crate::diagnostic::suggestion(&g.name, groups.iter().map(|(n, _)| n.as_str()));
                self.error(
                    Diagnostic::error(Code::UnknownName, g.span, format!("no group `{}` is declared in these offers{hint}", g.name))
                        .with_label("unknown group")
                        .with_help(format!("declare its limit in the offers block: `group {} at most 1`", g.name)),
                );
            }
            found.map(|i| i as u32)
        });
        let requires: Vec<String> = offer.requires.iter().map(|c| c.name.clone()).collect();
        let mut eligible: Vec<TExpr> = Vec::new();
        let mut eligible_texts: Vec<String> = Vec::new();
        let mut eligible_conjuncts: Vec<Vec<String>> = Vec::new();
        for consent in &offer.requires {
            if let Some(condition) = self.consent_condition(body, consent) {
                eligible.push(condition);
                eligible_texts.push(format!("requires consent {}", consent.name));
                eligible_conjuncts.push(Vec::new());
            }
        }
        eligible_texts.extend(offer.eligible.iter().map(print::expr));
        eligible_conjuncts.extend(offer.eligible.iter().map(print::conjuncts));
        let conditions: Vec<TExpr> = offer.eligible.iter().map(|c| self.check_bool(body, c)).collect();
        let one = |span| TExpr { kind: TExprKind::Const(Const::Float(1.0)), ty: Type::Float, span };
        let propensity = match &offer.propensity {
            Some(p) => {
                let v = self.check_expr(body, p, None);
                self.as_fraction(v, "propensity")
            }
            None => one(offer.span),
        };
        let value = match &offer.value {
            Some(p) => {
                let v = self.check_expr(body, p, None);
                self.as_score(v, "value")
            }
            None => one(offer.span),
        };
        let weight = match &offer.weight {
            Some(p) => {
                let v = self.check_expr(body, p, None);
                self.as_fraction(v, "weight")
            }
            None => one(offer.span),
        };
        let lever = match &offer.lever {
            Some(p) => {
                let v = self.check_expr(body, p, None);
                self.as_fraction(v, "lever")
            }
            None => one(offer.span),
        };
        let message = offer.message.as_ref().map(|m| {
            let v = self.check_expr(body, m, Some(&Type::Text));
            self.coerce(v, &Type::Text)
        });
        let checks: Vec<&TExpr> = eligible.iter().chain(&conditions).collect();
        let parts: Vec<&TExpr> = [&propensity, &weight, &value, &lever].into_iter().chain(message.iter()).collect();
        let reads = self.unguarded_reads(body, &checks, &parts);
        self.report_consent_reads(body, Sink::Offer(&offer.name.name), &reads);
        if let Some(m) = &message {
            self.check_pii(body, &format!("the message of offer `{}`", offer.name.name), m);
        }
        eligible.extend(conditions);
        OfferDef {
            name: offer.name.name.clone(),
            requires,
            eligible,
            eligible_texts,
            eligible_conjuncts,
            propensity,
            value,
            lever,
            weight,
            group,
            suppressions: Vec::new(),
            message,
            span: offer.name.span,
        }
    }

    /// A number for ranking: Percent counts in points, Money by its amount.
    fn as_score(&mut self, v: TExpr, role: &str) -> TExpr {
        match v.ty {
            Type::Float | Type::Error => v,
            Type::Int => convert(Conversion::IntToFloat, v, Type::Float),
            Type::Percent => convert(Conversion::PercentToPoints, v, Type::Float),
            Type::Money(_) => convert(Conversion::MoneyAmount, v, Type::Float),
            _ => self.not_a_number(v, role),
        }
    }

    /// A number for propensity and lever: Percent counts as its fraction.
    fn as_fraction(&mut self, v: TExpr, role: &str) -> TExpr {
        match v.ty {
            Type::Float | Type::Error => v,
            Type::Int => convert(Conversion::IntToFloat, v, Type::Float),
            Type::Percent => convert(Conversion::PercentToFraction, v, Type::Float),
            _ => self.not_a_number(v, role),
        }
    }

    fn not_a_number(&mut self, v: TExpr, role: &str) -> TExpr {
        let message = format!("{role} must be a number, found {}", self.show(&v.ty));
        let help = if matches!(v.ty, Type::Optional(_)) {
            "give a default with `??`"
        } else {
            "write a number or percentage, such as `0.8` or `20%`"
        };
        self.error(Diagnostic::error(Code::TypeMismatch, v.span, message).with_label("not a number").with_help(help));
        TExpr { kind: TExprKind::Error, ty: Type::Error, span: v.span }
    }
}

/// `propensity * weight * value * lever`.
fn default_formula(locals: [LocalId; 4], span: Span) -> TExpr {
    let local = |id| TExpr { kind: TExprKind::Local(id), ty: Type::Float, span };
    let [first, rest @ ..] = locals;
    rest.iter().fold(local(first), |product, id| TExpr {
        kind: TExprKind::Binary(BinOp::Mul, Box::new(product), Box::new(local(*id))),
        ty: Type::Float,
        span,
    })
}

/// The optional type that holds both an earlier arm's type and this arm's (`T` and `none` give `T?`).
fn join_optional(earlier: &Type, this: &Type) -> Option<Type> {
    let optional = |t: &Type| Type::Optional(Box::new(t.clone()));
    match (earlier, this) {
        (Type::None, Type::None) => None,
        (Type::None, Type::Optional(_)) => Some(this.clone()),
        (Type::None, t) | (t, Type::None) if !matches!(t, Type::Optional(_) | Type::Error) => Some(optional(t)),
        (Type::None, _) => Some(this.clone()),
        (t, Type::Optional(inner)) if Checker::compatible(t, inner) => Some(this.clone()),
        _ => None,
    }
}

fn pascal_case(name: &str) -> String {
    name.split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect()
}
