//! Go to definition, find references and document highlights, across the package's files
//! and into the standard library's virtual files.

use crate::snapshot::Snapshot;
use tower_lsp_server::ls_types::{DocumentHighlight, DocumentHighlightKind, Location, Position, Uri};

/// Where the name at `position` is declared.
pub fn definition(snapshot: &Snapshot, uri: &Uri, position: Position) -> Option<Location> {
    let (file, offset) = snapshot.offset(uri, position)?;
    let (_, decl) = snapshot.index.at(file, offset)?;
    snapshot.location(decl.span)
}

/// Every place that names what the name at `position` names, its declaration included when asked.
pub fn references(snapshot: &Snapshot, uri: &Uri, position: Position, with_declaration: bool) -> Vec<Location> {
    let Some((file, offset)) = snapshot.offset(uri, position) else { return Vec::new() };
    let Some((_, decl)) = snapshot.index.at(file, offset) else { return Vec::new() };
    let skip = usize::from(!with_declaration);
    snapshot.index.occurrences(decl).into_iter().skip(skip).filter_map(|s| snapshot.location(s)).collect()
}

/// The places in this file that name what the name at `position` names.
pub fn highlights(snapshot: &Snapshot, uri: &Uri, position: Position) -> Vec<DocumentHighlight> {
    let Some((file, offset)) = snapshot.offset(uri, position) else { return Vec::new() };
    let Some((_, decl)) = snapshot.index.at(file, offset) else { return Vec::new() };
    let declaration = decl.span;
    snapshot
        .index
        .occurrences(decl)
        .into_iter()
        .filter(|s| s.file == file)
        .filter_map(|s| {
            let kind = if s == declaration { DocumentHighlightKind::WRITE } else { DocumentHighlightKind::READ };
            Some(DocumentHighlight { range: snapshot.range(s)?, kind: Some(kind) })
        })
        .collect()
}
