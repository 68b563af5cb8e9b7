//! Semantic diff: what changed between two versions of a policy, in the terms of the business.
//!
//! Both versions are [`analyze`](crate::analyze)d (so a version that does not compile still
//! diffs as far as it parsed). Items are matched by package-qualified name on the syntax tree,
//! a decision's parts by `package.decision.part`, and compared by canonical text
//! ([`print`](crate::print)), so formatting, comments and docs are no change. Pure: no files.
//!
//! Stages, one module each: `index` (named things of a version), `items` (records, enums,
//! params, functions, tables, tests), `decision` (inputs, outputs, lets, experiments,
//! consents), `offers` (offers and arbitration), `sequence` (rule arms and table rows),
//! `text` (canonical text and shared comparisons), `model` (the report).

mod decision;
mod index;
mod items;
mod model;
mod offers;
mod sequence;
mod text;

pub use model::{Changes, Detail, Entry, Kind, Split, Status};

use crate::Analysis;
use std::collections::BTreeMap;

/// What changed from `old` to `new`, ordered by kind, then name.
pub fn diff(old: &Analysis, new: &Analysis) -> Changes {
    let old = index::Index::of(old);
    let new = index::Index::of(new);
    let mut entries = Vec::new();
    items::compare(&old, &new, &mut entries);
    decision::compare(&old.decisions, &new.decisions, &mut entries);
    entries.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
    Changes { entries }
}

/// How one kind of named thing is compared.
struct Rules<T: ?Sized> {
    kind: Kind,
    /// What changed inside a thing both versions have.
    details: fn(&T, &T) -> Vec<Detail>,
    /// Why adding it breaks hosts, if it does.
    added: fn(&T) -> Option<String>,
    /// Why removing it breaks hosts, if it does.
    removed: fn(&T) -> Option<String>,
}

/// Compares the things of one kind by name: an entry for each added, removed or changed one.
fn compare<T: ?Sized>(rules: &Rules<T>, old: &BTreeMap<String, &T>, new: &BTreeMap<String, &T>, out: &mut Vec<Entry>) {
    for (name, n) in new {
        match old.get(name) {
            Some(o) => {
                let details = (rules.details)(o, n);
                if !details.is_empty() {
                    let mut entry = Entry::new(rules.kind, name.clone(), Status::Changed);
                    entry.details = details;
                    out.push(entry);
                }
            }
            None => {
                let mut entry = Entry::new(rules.kind, name.clone(), Status::Added);
                entry.breaking = (rules.added)(n);
                out.push(entry);
            }
        }
    }
    for (name, o) in old {
        if !new.contains_key(name) {
            let mut entry = Entry::new(rules.kind, name.clone(), Status::Removed);
            entry.breaking = (rules.removed)(o);
            out.push(entry);
        }
    }
}

/// For kinds whose addition or removal never breaks hosts.
fn harmless<T: ?Sized>(_: &T) -> Option<String> {
    None
}
