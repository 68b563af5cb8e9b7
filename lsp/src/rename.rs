//! Rename of records, fields, params, offers, enum variants, decisions and locals across the
//! package's files, refusing names that are not names or that something near already has.

use crate::index::{Decl, Kind};
use crate::snapshot::Snapshot;
use std::collections::HashMap;
use tower_lsp_server::ls_types::{Position, PrepareRenameResponse, TextEdit, Uri, WorkspaceEdit};

/// Words the grammar reserves or uses as keywords; no declaration may take them.
pub const KEYWORDS: &[&str] = &[
    "and",
    "or",
    "not",
    "in",
    "when",
    "otherwise",
    "true",
    "false",
    "none",
    "let",
    "if",
    "then",
    "else",
    "where",
    "package",
    "import",
    "record",
    "enum",
    "param",
    "fn",
    "extern",
    "table",
    "decision",
    "test",
    "given",
    "expect",
    "offers",
    "experiment",
    "ranked",
    "by",
    "at",
    "most",
    "eligible",
    "requires",
    "consent",
    "propensity",
    "value",
    "lever",
    "weight",
    "group",
    "contact",
    "history",
    "as",
    "of",
    "per",
    "least",
    "apart",
    "for",
    "channel",
    "message",
];

/// The range of the name at `position`, if it can be renamed.
pub fn prepare(snapshot: &Snapshot, uri: &Uri, position: Position) -> Option<PrepareRenameResponse> {
    let (file, offset) = snapshot.offset(uri, position)?;
    let (span, decl) = snapshot.index.at(file, offset)?;
    renamable(decl).ok()?;
    Some(PrepareRenameResponse::Range(snapshot.range(span)?))
}

/// The edits that rename what the name at `position` names to `new_name`, or why not.
pub fn rename(snapshot: &Snapshot, uri: &Uri, position: Position, new_name: &str) -> Result<Option<WorkspaceEdit>, String> {
    let Some((file, offset)) = snapshot.offset(uri, position) else { return Ok(None) };
    let Some((_, decl)) = snapshot.index.at(file, offset) else { return Ok(None) };
    renamable(decl)?;
    check_name(new_name)?;
    if let Some(other) = clash(snapshot, decl, new_name) {
        let place = snapshot.location(other.span).map(|l| format!(" (line {})", l.range.start.line + 1)).unwrap_or_default();
        return Err(format!("`{new_name}` is already declared here{place}; choose another name"));
    }
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for span in snapshot.index.occurrences(decl) {
        if let Some(location) = snapshot.location(span) {
            changes.entry(location.uri).or_default().push(TextEdit::new(location.range, new_name.to_owned()));
        }
    }
    Ok(Some(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }))
}

fn renamable(decl: &Decl) -> Result<(), String> {
    match decl.kind {
        Kind::Stdlib => Err(format!("`{}` is a standard-library function and cannot be renamed", decl.name)),
        Kind::Test => Err("a test's title is text; edit it in place".to_owned()),
        _ => Ok(()),
    }
}

fn check_name(name: &str) -> Result<(), String> {
    let mut chars = name.chars();
    let starts_well = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !starts_well || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("`{name}` is not a name: use ASCII letters, digits and `_`, starting with a letter"));
    }
    if KEYWORDS.contains(&name) {
        return Err(format!("`{name}` is a keyword; choose another name"));
    }
    Ok(())
}

/// A declaration that already has `name` where `decl` lives: the same record, enum or
/// decision, or the package for package-level names.
fn clash<'a>(snapshot: &'a Snapshot, decl: &Decl, name: &str) -> Option<&'a Decl> {
    snapshot.index.decls.iter().find(|other| {
        other.name == name
            && other.span != decl.span
            && other.kind != Kind::Stdlib
            && match (decl.kind.is_global(), other.kind.is_global()) {
                (true, true) => true,
                (false, false) => other.parent == decl.parent && (other.parent.is_some() || other.span.file == decl.span.file),
                _ => false,
            }
    })
}
