//! Name resolution and type checking: parsed modules to the typed IR ([`Checked`]).
//!
//! One pass per kind of declaration: names first (so order in a file does not
//! matter), then types of fields, params and functions, then bodies. Every
//! error is collected; a broken expression gets the `Error` type so that it
//! causes no second error.

mod calls;
mod consent_flow;
mod consent_source;
mod constant;
mod contact;
mod counts;
mod decision;
mod expr;
mod extrema;
mod given_map;
mod globals;
mod governance;
mod let_rules;
mod lists;
mod literals;
mod operators;
mod records;
mod scope;
mod table;
mod table_cover;
mod test_block;
mod types;

use crate::ast::{Item, Module};
use crate::diagnostic::{self, Diagnostic};
use crate::span::FileId;
use crate::tir::Checked;

pub use types::display_type;

/// Checks parsed files together (a file sees its package and the packages it imports).
///
/// Returns what could be checked and every diagnostic, sorted by place.
pub fn check(modules: &[(FileId, &Module)]) -> (Checked, Vec<Diagnostic>) {
    let mut checker = globals::Checker::new(modules);
    checker.collect_names(modules);
    checker.check_import_clashes(modules);
    checker.resolve_signatures(modules);
    let records_sound = checker.check_record_nesting();
    checker.check_fn_bodies(modules);
    for (file, module) in modules {
        for item in &module.items {
            if let Item::Decision(d) = item {
                checker.check_decision(*file, d);
            }
        }
    }
    checker.check_recursion();
    for (file, module) in modules.iter().filter(|_| records_sound) {
        for item in &module.items {
            if let Item::Test(t) = item {
                checker.check_test(*file, t);
            }
        }
    }
    let (checked, mut diagnostics) = checker.finish();
    diagnostic::sort(&mut diagnostics);
    (checked, diagnostics)
}
