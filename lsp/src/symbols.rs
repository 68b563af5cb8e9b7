//! Document symbols (the outline: items with their fields, variants, outputs and offers) and
//! workspace symbols (every package-level name, its fields and offers, by substring).

use crate::index::{Decl, Kind};
use crate::snapshot::Snapshot;
use tower_lsp_server::ls_types::{DocumentSymbol, Location, OneOf, SymbolKind, Uri, WorkspaceSymbol};

/// The outline of the file at `uri`.
pub fn document(snapshot: &Snapshot, uri: &Uri) -> Vec<DocumentSymbol> {
    let Some(file) = snapshot.file_id(uri) else { return Vec::new() };
    let in_file = |d: &&Decl| d.span.file == file && d.kind != Kind::Local && d.kind != Kind::Input;
    let decls: Vec<&Decl> = snapshot.index.decls.iter().filter(in_file).collect();
    decls
        .iter()
        .filter(|d| d.parent.is_none())
        .filter_map(|top| {
            let children: Vec<DocumentSymbol> =
                decls.iter().filter(|d| d.parent == Some(top.span)).filter_map(|d| symbol(snapshot, d, Vec::new())).collect();
            symbol(snapshot, top, children)
        })
        .collect()
}

#[expect(deprecated, reason = "`DocumentSymbol::deprecated` must still be written")]
fn symbol(snapshot: &Snapshot, decl: &Decl, children: Vec<DocumentSymbol>) -> Option<DocumentSymbol> {
    Some(DocumentSymbol {
        name: decl.name.clone(),
        detail: Some(decl.detail.clone()),
        kind: kind(decl.kind),
        tags: None,
        deprecated: None,
        range: snapshot.range(decl.full.to(decl.span))?,
        selection_range: snapshot.range(decl.span)?,
        children: (!children.is_empty()).then_some(children),
    })
}

/// Every declaration of the folder's own files whose name contains `query` (ignoring case).
pub fn workspace(snapshot: &Snapshot, query: &str) -> Vec<WorkspaceSymbol> {
    let query = query.to_lowercase();
    snapshot
        .index
        .decls
        .iter()
        .filter(|d| !matches!(d.kind, Kind::Local | Kind::Input | Kind::Stdlib | Kind::Test))
        .filter(|d| (d.span.file.0 as usize) < snapshot.own)
        .filter(|d| d.name.to_lowercase().contains(&query))
        .filter_map(|d| {
            let container = d.parent.and_then(|p| snapshot.index.decl(p)).map(|p| p.name.clone());
            Some(WorkspaceSymbol {
                name: d.name.clone(),
                kind: kind(d.kind),
                tags: None,
                container_name: container,
                location: OneOf::Left(location(snapshot, d)?),
                data: None,
            })
        })
        .collect()
}

fn location(snapshot: &Snapshot, decl: &Decl) -> Option<Location> {
    snapshot.location(decl.span)
}

fn kind(kind: Kind) -> SymbolKind {
    match kind {
        Kind::Record => SymbolKind::STRUCT,
        Kind::Field => SymbolKind::FIELD,
        Kind::Enum => SymbolKind::ENUM,
        Kind::Variant | Kind::Offer => SymbolKind::ENUM_MEMBER,
        Kind::Param => SymbolKind::CONSTANT,
        Kind::Function | Kind::Table | Kind::Stdlib => SymbolKind::FUNCTION,
        Kind::Decision => SymbolKind::METHOD,
        Kind::Output => SymbolKind::PROPERTY,
        Kind::Input | Kind::Local => SymbolKind::VARIABLE,
        Kind::Experiment => SymbolKind::EVENT,
        Kind::Test => SymbolKind::MODULE,
    }
}
