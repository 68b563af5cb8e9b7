//! Hover: the signature or type of the name under the cursor, and its `##` docs.

use crate::index::Decl;
use crate::snapshot::Snapshot;
use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position, Uri};

/// The hover for the name at `position`, if it names a declaration.
pub fn hover(snapshot: &Snapshot, uri: &Uri, position: Position) -> Option<Hover> {
    let (file, offset) = snapshot.offset(uri, position)?;
    let (span, decl) = snapshot.index.at(file, offset)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: markdown(decl) }),
        range: snapshot.range(span),
    })
}

/// A declaration as markdown: its signature in a code block, then its docs.
pub fn markdown(decl: &Decl) -> String {
    let mut text = format!("```tenor\n{}\n```", decl.detail);
    if !decl.docs.is_empty() {
        text.push_str("\n\n");
        text.push_str(&decl.docs);
    }
    text
}
