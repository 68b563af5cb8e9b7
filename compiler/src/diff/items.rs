//! Top-level items: records and enums (the host's schema), params, functions, tables, tests.

use super::index::Index;
use super::model::{Detail, Kind, Status};
use super::sequence::{self, Element};
use super::{harmless, text, Entry, Rules};
use crate::ast::{EnumDecl, FnDecl, ParamDecl, RecordDecl, TableDecl, TestDecl};

/// Compares every top-level item but decisions.
pub(super) fn compare(old: &Index, new: &Index, out: &mut Vec<Entry>) {
    let records = Rules { kind: Kind::Record, details: record, added: harmless, removed: harmless };
    super::compare(&records, &old.records, &new.records, out);
    let enums = Rules { kind: Kind::Enum, details: enumeration, added: harmless, removed: harmless };
    super::compare(&enums, &old.enums, &new.enums, out);
    let params = Rules { kind: Kind::Param, details: param, added: harmless, removed: param_removed };
    super::compare(&params, &old.params, &new.params, out);
    let fns = Rules { kind: Kind::Fn, details: function, added: harmless, removed: harmless };
    super::compare(&fns, &old.fns, &new.fns, out);
    let tables = Rules { kind: Kind::Table, details: table, added: harmless, removed: harmless };
    super::compare(&tables, &old.tables, &new.tables, out);
    let tests = Rules { kind: Kind::Test, details: test, added: harmless, removed: harmless };
    super::compare(&tests, &old.tests, &new.tests, out);
}

/// Fields: a required field added, a field removed (hosts that send it are refused) or retyped break hosts.
fn record(old: &RecordDecl, new: &RecordDecl) -> Vec<Detail> {
    let fields = |r: &RecordDecl| -> Vec<(String, String)> { r.fields.iter().map(|f| (f.name.name.clone(), field_text(f))).collect() };
    let mut details = text::keyed(|name| format!("field `{name}`"), &fields(old), &fields(new));
    let optional: Vec<String> = new.fields.iter().filter(|f| f.ty.optional).map(|f| format!("field `{}`", f.name.name)).collect();
    for detail in &mut details {
        let optional = optional.contains(&detail.what);
        let reason = match detail.status {
            Status::Added if optional => None,
            Status::Added => Some("hosts must now send this required field"),
            Status::Removed => Some("hosts that still send this field are refused (unknown field)"),
            _ => Some("hosts must send this field with its new type"),
        };
        if let Some(reason) = reason {
            *detail = detail.clone().breaking(reason);
        }
    }
    details
}

/// A field's type and annotations as written: `Text? @pii`.
fn field_text(f: &crate::ast::FieldDecl) -> String {
    let mut out = text::ty(&f.ty);
    for a in &f.annotations {
        out.push_str(" @");
        out.push_str(&a.name.name);
        if let Some(arg) = &a.arg {
            out.push_str(&format!("({})", arg.name));
        }
    }
    out
}

/// Variants: removing one refuses hosts that send it; adding one gives hosts reading it a value they do not know.
fn enumeration(old: &EnumDecl, new: &EnumDecl) -> Vec<Detail> {
    let names = |e: &EnumDecl| -> Vec<String> { e.variants.iter().map(|(_, v)| v.name.clone()).collect() };
    let (old, new) = (names(old), names(new));
    let mut out = Vec::new();
    for v in new.iter().filter(|v| !old.contains(v)) {
        let detail = Detail::new("variant", Status::Added, None, Some(v.clone()));
        out.push(detail.breaking("hosts that read this enum meet a value they do not know"));
    }
    for v in old.iter().filter(|v| !new.contains(v)) {
        let detail = Detail::new("variant", Status::Removed, Some(v.clone()), None);
        out.push(detail.breaking("hosts that still send this value are refused"));
    }
    out
}

/// A param's default moved (from → to), or its type changed.
fn param(old: &ParamDecl, new: &ParamDecl) -> Vec<Detail> {
    let mut out: Vec<Detail> = text::value("value", text::expr(&old.default), text::expr(&new.default)).into_iter().collect();
    if let Some(d) = text::value("type", text::ty(&old.ty), text::ty(&new.ty)) {
        out.push(d.breaking("param overrides must give a value of the new type"));
    }
    out
}

fn param_removed(_: &ParamDecl) -> Option<String> {
    Some("param overrides that still set it are refused".to_owned())
}

/// A function's signature or body.
fn function(old: &FnDecl, new: &FnDecl) -> Vec<Detail> {
    let signature = |f: &FnDecl| format!("({}) -> {}", text::bindings(&f.params), text::ty(&f.result));
    let mut out: Vec<Detail> = text::value("signature", signature(old), signature(new)).into_iter().collect();
    out.extend(text::option("body", text::expr_opt(old.body.as_ref()), text::expr_opt(new.body.as_ref())));
    out
}

/// A table's columns, value type and rows (in order: the first matching row wins).
fn table(old: &TableDecl, new: &TableDecl) -> Vec<Detail> {
    let mut out: Vec<Detail> = text::value("columns", text::bindings(&old.params), text::bindings(&new.params)).into_iter().collect();
    out.extend(text::value("value type", text::ty(&old.result), text::ty(&new.result)));
    out.extend(sequence::ordered("row", &rows(old), &rows(new)));
    out
}

fn rows(t: &TableDecl) -> Vec<Element> {
    t.rows
        .iter()
        .map(|row| {
            let cells: Vec<String> = row.cells.iter().map(|c| c.as_ref().map_or_else(|| "_".to_owned(), text::expr)).collect();
            let guard = cells.join(", ");
            let value = text::expr(&row.value);
            Element { text: format!("{guard} => {value}"), guard, value }
        })
        .collect()
}

/// A test's decision, inputs, pinned arms and expectations.
fn test(old: &TestDecl, new: &TestDecl) -> Vec<Detail> {
    let mut out: Vec<Detail> = text::value("decision", old.decision.name.clone(), new.decision.name.clone()).into_iter().collect();
    let given = |t: &TestDecl| -> Vec<(String, String)> { t.given.iter().map(|(n, e)| (n.name.clone(), text::expr(e))).collect() };
    out.extend(text::keyed(|name| format!("given `{name}`"), &given(old), &given(new)));
    let pins = |t: &TestDecl| -> Vec<(String, String)> { t.pins.iter().map(|(e, a)| (e.name.clone(), a.name.clone())).collect() };
    out.extend(text::keyed(|name| format!("pinned arm of `{name}`"), &pins(old), &pins(new)));
    let expects = |t: &TestDecl| -> Vec<String> { t.expects.iter().map(text::expr).collect() };
    out.extend(text::set("expectation", &expects(old), &expects(new)));
    out
}
