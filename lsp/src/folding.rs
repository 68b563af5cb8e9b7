//! Folding ranges: every `{ … }` that spans lines, and runs of comment lines.

use crate::snapshot::Snapshot;
use tenor_compiler::syntax::lexer::{self, Token};
use tower_lsp_server::ls_types::{FoldingRange, FoldingRangeKind, Uri};

/// The folding ranges of the file at `uri`.
pub fn ranges(snapshot: &Snapshot, uri: &Uri) -> Vec<FoldingRange> {
    let Some(file) = snapshot.file_id(uri).and_then(|id| snapshot.file(id)) else { return Vec::new() };
    let line = |offset: usize| file.lines.position(&file.text, offset).line;
    let mut out = Vec::new();
    let mut open = Vec::new();
    let mut comments: Option<(u32, u32)> = None;
    for lexeme in lexer::tokens(&file.text) {
        let text = file.text.get(lexeme.start..lexeme.end).unwrap_or("");
        match lexeme.token {
            Token::Open if text == "{" => open.push(line(lexeme.start)),
            Token::Close if text == "}" => {
                if let Some(start) = open.pop() {
                    push(&mut out, start, line(lexeme.end).saturating_sub(1), None);
                }
            }
            Token::Comment | Token::DocComment => {
                let l = line(lexeme.start);
                comments = match comments {
                    Some((start, end)) if end + 1 == l => Some((start, l)),
                    other => {
                        if let Some((start, end)) = other {
                            push(&mut out, start, end, Some(FoldingRangeKind::Comment));
                        }
                        Some((l, l))
                    }
                };
            }
            _ => {}
        }
    }
    if let Some((start, end)) = comments {
        push(&mut out, start, end, Some(FoldingRangeKind::Comment));
    }
    out.sort_by_key(|r| (r.start_line, r.end_line));
    out
}

fn push(out: &mut Vec<FoldingRange>, start: u32, end: u32, kind: Option<FoldingRangeKind>) {
    if end > start {
        out.push(FoldingRange { start_line: start, end_line: end, kind, ..FoldingRange::default() });
    }
}
