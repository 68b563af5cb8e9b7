//! Checking `test` blocks: the decision called, its literal inputs, and the expectations.

use super::globals::{Checker, Global};
use super::literals::LiteralSite;
use super::scope::Body;
use crate::ast;
use crate::diagnostic::{suggestion, Code, Diagnostic};
use crate::span::{FileId, Span};
use crate::tir::*;

impl Checker {
    pub(super) fn check_test(&mut self, file: FileId, test: &ast::TestDecl) {
        let Some(decision_id) = self.test_decision(file, &test.decision) else {
            return;
        };
        let Some(decision) = self.out.decisions.get(decision_id as usize) else {
            return;
        };
        let inputs = decision.inputs.clone();
        let outputs = decision.outputs.clone();
        let offer_enum = decision.offers.as_ref().map(|o| o.names);
        let offer_names: Vec<String> = decision.offers.iter().flat_map(|o| o.offers.iter().map(|x| x.name.clone())).collect();
        let experiments: Vec<(String, EnumId, Span)> = decision.experiments.iter().map(|e| (e.name.clone(), e.arms, e.span)).collect();
        let mut given = Vec::new();
        for (name, ty) in &inputs {
            match test.given.iter().find(|(n, _)| &n.name == name) {
                Some((_, value)) => given.push(self.literal_value(file, value, ty, LiteralSite::Test)),
                None => {
                    self.error(
                        Diagnostic::error(Code::MissingField, test.decision.span, format!("`given` has no value for the input `{name}`"))
                            .with_label("input missing")
                            .with_help(format!("add `{name}: {{ ... }}`")),
                    );
                    given.push(Const::None);
                }
            }
        }
        for (name, _) in &test.given {
            if !inputs.iter().any(|(n, _)| n == &name.name) {
                let hint = suggestion(&name.name, inputs.iter().map(|(n, _)| n.as_str()));
                self.error(
                    Diagnostic::error(Code::UnknownName, name.span, format!("`{}` has no input `{}`{hint}", test.decision.name, name.name))
                        .with_label("unknown input")
                        .with_help("name the decision's inputs as it declares them"),
                );
            }
        }
        let mut body = Body::new(file, None);
        for output in &outputs {
            body.declare(&output.name, output.ty.clone(), output.span);
        }
        if let Some(e) = offer_enum {
            body.declare("offer", Type::Optional(Box::new(Type::Enum(e))), test.span);
            body.declare("offers", Type::List(Box::new(Type::Enum(e))), test.span);
            body.declare("suppressed", Type::List(Box::new(Type::Enum(e))), test.span);
        }
        for (name, arms, span) in &experiments {
            body.declare(name, Type::Enum(*arms), *span);
        }
        for name in &offer_names {
            body.declare(&format!("{}{name}", ast::MESSAGE_OF), Type::Optional(Box::new(Type::Text)), test.span);
        }
        let pins = self.test_pins(test, &experiments);
        let expects = test.expects.iter().map(|e| self.check_bool(&mut body, e)).collect();
        self.out.locals.extend(body.scopes(test.span));
        self.out.tests.push(TestDef {
            name: test.name.clone(),
            package: self.package_of(file),
            decision: decision_id,
            given,
            pins,
            expects,
            locals: body.local_count(),
            span: test.name_span,
        });
    }

    /// The arms `with experiment name = arm` pins, as (experiment index, arm index).
    fn test_pins(&mut self, test: &ast::TestDecl, experiments: &[(String, EnumId, Span)]) -> Vec<(u32, u32)> {
        let mut pins: Vec<(u32, u32)> = Vec::new();
        for (name, arm) in &test.pins {
            let Some(index) = experiments.iter().position(|(n, _, _)| *n == name.name) else {
                let hint = suggestion(&name.name, experiments.iter().map(|(n, _, _)| n.as_str()));
                let help = match experiments.len() {
                    0 => format!("`{}` runs no experiment, so there is no arm to pin", test.decision.name),
                    _ => {
                        format!("its experiments are `{}`", experiments.iter().map(|(n, _, _)| n.as_str()).collect::<Vec<_>>().join("`, `"))
                    }
                };
                self.error(
                    Diagnostic::error(
                        Code::UnknownName,
                        name.span,
                        format!("`{}` has no experiment `{}`{hint}", test.decision.name, name.name),
                    )
                    .with_label("unknown experiment")
                    .with_help(help),
                );
                continue;
            };
            let Some((_, arms, span)) = experiments.get(index) else { continue };
            self.reference(name.span, *span);
            let variants = self.out.enums.get(*arms as usize).map(|e| e.variants.clone()).unwrap_or_default();
            let Some(choice) = variants.iter().position(|v| *v == arm.name) else {
                let hint = suggestion(&arm.name, variants.iter().map(String::as_str));
                self.error(
                    Diagnostic::error(Code::UnknownName, arm.span, format!("experiment `{}` has no arm `{}`{hint}", name.name, arm.name))
                        .with_label("unknown arm")
                        .with_help(format!("its arms are `{}`", variants.join("`, `"))),
                );
                continue;
            };
            if pins.iter().any(|(i, _)| *i == index as u32) {
                self.error(
                    Diagnostic::error(Code::Duplicate, name.span, format!("experiment `{}` is pinned twice", name.name))
                        .with_label("pinned again")
                        .with_help("pin each experiment once"),
                );
                continue;
            }
            pins.push((index as u32, choice as u32));
        }
        pins
    }

    fn test_decision(&mut self, file: FileId, name: &ast::Ident) -> Option<u32> {
        if name.name.is_empty() {
            // The test's `given` did not parse; its syntax error says so.
            return None;
        }
        match self.lookup(file, &name.name) {
            Some((Global::Decision(id), target)) => {
                self.reference(name.span, target);
                Some(id)
            }
            _ => {
                let decisions: Vec<String> =
                    self.visible(file).filter(|(_, (g, _))| matches!(g, Global::Decision(_))).map(|(n, _)| n.clone()).collect();
                let hint = suggestion(&name.name, decisions.iter().map(String::as_str));
                self.error(
                    Diagnostic::error(Code::UnknownDecision, name.span, format!("no decision named `{}`{hint}", name.name))
                        .with_label("unknown decision")
                        .with_help("`given` calls a decision of this package or of one it imports"),
                );
                None
            }
        }
    }
}
