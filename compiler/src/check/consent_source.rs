//! `consent marketing = customer.consent_marketing`: a consent the host sends as a Bool flag.
//!
//! Declared in a decision, before or after the statements that use it; a check of the flag then
//! counts exactly as `marketing in customer.consents` would (`consent_flow.rs`), and
//! `requires consent marketing` tests the flag.

use super::globals::Checker;
use super::scope::{input_place, Body, ConsentFlag};
use crate::ast::{ConsentSource, Stmt};
use crate::diagnostic::{suggestion, Code, Diagnostic};
use crate::print;
use crate::tir::*;

impl Checker {
    /// Checks every `consent x = …` of a decision and records the flags in `body`.
    pub(super) fn consent_sources(&mut self, body: &mut Body, stmts: &[Stmt]) {
        let required = required_consents(stmts);
        for stmt in stmts {
            if let Stmt::Consent(decl) = stmt {
                if let Some(flag) = self.consent_flag(body, decl, &required) {
                    body.add_consent_flag(flag);
                }
            }
        }
    }

    fn consent_flag(&mut self, body: &mut Body, decl: &ConsentSource, required: &[&str]) -> Option<ConsentFlag> {
        let consent = &decl.consent.name;
        let source = self.check_expr(body, &decl.source, Some(&Type::Bool));
        let text = print::expr(&decl.source);
        if source.ty.is_error() {
            return None;
        }
        if source.ty != Type::Bool {
            let absent = match &source.ty {
                Type::Optional(inner) if **inner == Type::Bool => {
                    "; a `Bool?` may be absent: declare the field `Bool` and have the host send `false`"
                }
                _ => "",
            };
            self.error(
                Diagnostic::error(
                    Code::TypeMismatch,
                    source.span,
                    format!("the source of consent `{consent}` must be a Bool, not {}", self.show(&source.ty)),
                )
                .with_label("not a Bool")
                .with_help(format!(
                    "point it at the input field that says whether the customer gave it, such as `customer.consent_{consent}`{absent}"
                )),
            );
            return None;
        }
        if input_place(&source).is_none_or(|(local, _)| local as usize >= body.inputs().len()) {
            self.error(
                Diagnostic::error(
                    Code::ConsentSource,
                    source.span,
                    format!("the source of consent `{consent}` must be a field of an input"),
                )
                .with_label("computed")
                .with_help(format!("name the Bool field the host sends, such as `consent {consent} = customer.consent_{consent}`")),
            );
            return None;
        }
        if !self.known_consent(decl, required) {
            return None;
        }
        let existing = body
            .consent_flag(consent)
            .map(|f| (f.text.clone(), Some(f.span)))
            .or_else(|| self.consent_set_text(body, consent).map(|t| (t, None)));
        if let Some((first, at)) = existing {
            let mut d = Diagnostic::error(
                Code::ConsentSource,
                decl.consent.span,
                format!("consent `{consent}` has two sources, `{first}` and `{text}`"),
            )
            .with_label("second source")
            .with_help("keep one: a consent is read from one place, a set of consents or one Bool flag");
            if let Some(at) = at {
                d = d.with_note(at, "first declared here");
            }
            self.error(d);
            return None;
        }
        Some(ConsentFlag { consent: consent.clone(), source, text, span: decl.consent.span })
    }

    /// Whether the consent named is used: a field of some record needs it, or the decision
    /// requires it (`required`); an error saying which are when it is neither.
    fn known_consent(&mut self, decl: &ConsentSource, required: &[&str]) -> bool {
        let mut known: Vec<&str> = self
            .out
            .records
            .iter()
            .flat_map(|r| r.fields.iter().flat_map(|f| f.annotations.iter()))
            .filter(|(name, _)| name == "consent")
            .filter_map(|(_, arg)| arg.as_deref())
            .chain(required.iter().copied())
            .collect();
        known.sort_unstable();
        known.dedup();
        let consent = &decl.consent.name;
        if known.contains(&consent.as_str()) {
            return true;
        }
        let hint = suggestion(consent, known.iter().copied());
        let help = if known.is_empty() {
            format!("mark the fields that need it with `@consent({consent})`, or require it (`requires consent {consent}`)")
        } else {
            format!(
                "the consents in use are `{}`; mark the fields that need this one with `@consent({consent})`, or require it",
                known.join("`, `")
            )
        };
        self.error(
            Diagnostic::error(Code::UnknownName, decl.consent.span, format!("nothing needs or requires the consent `{consent}`{hint}"))
                .with_label("unknown consent")
                .with_help(help),
        );
        false
    }
}

/// The consents the decision's offers and outputs require (`requires consent x`).
fn required_consents(stmts: &[Stmt]) -> Vec<&str> {
    let mut required = Vec::new();
    for stmt in stmts {
        match stmt {
            Stmt::Offers(block) => required.extend(block.offers.iter().flat_map(|o| o.requires.iter()).map(|c| c.name.as_str())),
            Stmt::Output(output) => required.extend(output.consents.iter().map(|c| c.name.as_str())),
            _ => {}
        }
    }
    required
}
