//! The compiler's diagnostics as LSP diagnostics, per file: same messages and codes as
//! `tenor check`, help as part of the message, notes as related locations.

use crate::snapshot::Snapshot;
use tenor_compiler::diagnostic::{self as compiler, Severity};
use tower_lsp_server::ls_types::{Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, NumberOrString, Uri};

/// The diagnostics of every file of the snapshot's own folder (an empty list for a clean file,
/// which clears it); imported files' diagnostics are published from their own folder.
pub fn all(snapshot: &Snapshot) -> Vec<(Uri, Vec<Diagnostic>)> {
    let mut out: Vec<(Uri, Vec<Diagnostic>)> = snapshot.files.iter().take(snapshot.own).map(|f| (f.uri.clone(), Vec::new())).collect();
    for d in &snapshot.analysis.diagnostics {
        if let (Some(lsp), Some((_, list))) = (convert(snapshot, d), out.get_mut(d.span.file.0 as usize)) {
            list.push(lsp);
        }
    }
    out
}

/// The diagnostics of one file.
pub fn of_file(snapshot: &Snapshot, uri: &Uri) -> Vec<Diagnostic> {
    all(snapshot).into_iter().find(|(u, _)| u == uri).map(|(_, d)| d).unwrap_or_default()
}

fn convert(snapshot: &Snapshot, d: &compiler::Diagnostic) -> Option<Diagnostic> {
    let range = snapshot.range(d.span)?;
    let related: Vec<DiagnosticRelatedInformation> = d
        .notes
        .iter()
        .filter_map(|n| Some(DiagnosticRelatedInformation { location: snapshot.location(n.span)?, message: n.label.clone() }))
        .collect();
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    Some(Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_owned())),
        source: Some("tenor".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    })
}
