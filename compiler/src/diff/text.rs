//! Canonical text of the parts the diff compares, and the comparisons every kind of item shares.

use super::model::{Detail, Status};
use crate::ast::{Binding, Expr, TypeExpr};
use crate::print;

/// A type as written, canonically: `List<Order>?`.
pub(super) fn ty(t: &TypeExpr) -> String {
    let mut out = t.name.name.clone();
    if !t.args.is_empty() {
        let args: Vec<String> = t.args.iter().map(ty).collect();
        out.push('<');
        out.push_str(&args.join(", "));
        out.push('>');
    }
    if t.optional {
        out.push('?');
    }
    out
}

/// An optional type as written, or nothing.
pub(super) fn ty_opt(t: Option<&TypeExpr>) -> Option<String> {
    t.map(ty)
}

/// An expression's canonical text.
pub(super) fn expr(e: &Expr) -> String {
    print::expr(e)
}

/// An optional expression's canonical text.
pub(super) fn expr_opt(e: Option<&Expr>) -> Option<String> {
    e.map(print::expr)
}

/// `name: Type` bindings joined with commas.
pub(super) fn bindings(list: &[Binding]) -> String {
    list.iter().map(|b| format!("{}: {}", b.name.name, ty(&b.ty))).collect::<Vec<_>>().join(", ")
}

/// A detail when an optional aspect differs: added, removed or changed.
pub(super) fn option(what: &str, old: Option<String>, new: Option<String>) -> Option<Detail> {
    let status = match (&old, &new) {
        (None, None) => return None,
        (Some(o), Some(n)) if o == n => return None,
        (None, Some(_)) => Status::Added,
        (Some(_), None) => Status::Removed,
        (Some(_), Some(_)) => Status::Changed,
    };
    Some(Detail::new(what, status, old, new))
}

/// A detail when an aspect every version has differs.
pub(super) fn value(what: &str, old: String, new: String) -> Option<Detail> {
    (old != new).then(|| Detail::new(what, Status::Changed, Some(old), Some(new)))
}

/// The differences between two unordered lists of texts (conditions, consents, contact rules):
/// each text only on one side is added or removed, and one removed with one added at the same
/// place reads as changed.
pub(super) fn set(what: &str, old: &[String], new: &[String]) -> Vec<Detail> {
    let removed: Vec<&String> = old.iter().filter(|o| !new.contains(o)).collect();
    let added: Vec<&String> = new.iter().filter(|n| !old.contains(n)).collect();
    let mut out = Vec::new();
    let mut removed = removed.into_iter();
    let mut added = added.into_iter();
    loop {
        match (removed.next(), added.next()) {
            (Some(o), Some(n)) => out.push(Detail::new(what, Status::Changed, Some(o.clone()), Some(n.clone()))),
            (Some(o), None) => out.push(Detail::new(what, Status::Removed, Some(o.clone()), None)),
            (None, Some(n)) => out.push(Detail::new(what, Status::Added, None, Some(n.clone()))),
            (None, None) => return out,
        }
    }
}

/// The differences between two lists keyed by name (record fields, experiment arms, group caps):
/// `what` names an element from its key (`field `tier``).
pub(super) fn keyed(what: impl Fn(&str) -> String, old: &[(String, String)], new: &[(String, String)]) -> Vec<Detail> {
    let mut out = Vec::new();
    for (key, n) in new {
        match old.iter().find(|(k, _)| k == key) {
            Some((_, o)) if o != n => out.push(Detail::new(what(key), Status::Changed, Some(o.clone()), Some(n.clone()))),
            Some(_) => {}
            None => out.push(Detail::new(what(key), Status::Added, None, Some(n.clone()))),
        }
    }
    for (key, o) in old {
        if !new.iter().any(|(k, _)| k == key) {
            out.push(Detail::new(what(key), Status::Removed, Some(o.clone()), None));
        }
    }
    out
}
