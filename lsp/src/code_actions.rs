//! Code actions for the checker's suggestions: apply a "did you mean", add a missing
//! `otherwise` arm, add a required `requires consent`.

use crate::snapshot::Snapshot;
use std::collections::HashMap;
use tenor_compiler::ast::{Item, OutputBody, OutputDecl, Stmt};
use tenor_compiler::diagnostic::{Code, Diagnostic};
use tenor_compiler::span::{FileId, Span};
use tower_lsp_server::ls_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit};

/// The fixes for the diagnostics of `uri` that touch `range`.
pub fn actions(snapshot: &Snapshot, uri: &Uri, range: Range) -> Vec<CodeActionOrCommand> {
    let Some(file) = snapshot.file_id(uri) else { return Vec::new() };
    snapshot
        .analysis
        .diagnostics
        .iter()
        .filter(|d| d.span.file == file && snapshot.range(d.span).is_some_and(|r| r.start <= range.end && range.start <= r.end))
        .filter_map(|d| fix(snapshot, file, d))
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

fn fix(snapshot: &Snapshot, file: FileId, d: &Diagnostic) -> Option<CodeAction> {
    if let Some(name) = quoted_after(&d.message, "did you mean `") {
        return action(snapshot, d, format!("change to `{name}`"), d.span, name.to_owned());
    }
    match d.code {
        Code::MissingOtherwise => {
            let output = outputs(snapshot, file).find(|o| o.name.span == d.span)?;
            let (at, text) = otherwise_arm(snapshot, output)?;
            action(snapshot, d, "add an `otherwise` arm".to_owned(), at, text)
        }
        Code::ConsentRequired if d.message.starts_with("offer `") => {
            let consent = quoted_after(&d.message, "consent `")?;
            let (at, text) = requires_consent(snapshot, file, d.span, consent)?;
            action(snapshot, d, format!("add `requires consent {consent}` to the offer"), at, text)
        }
        _ => None,
    }
}

fn action(snapshot: &Snapshot, d: &Diagnostic, title: String, at: Span, text: String) -> Option<CodeAction> {
    let location = snapshot.location(at)?;
    let changes = HashMap::from([(location.uri, vec![TextEdit::new(location.range, text)])]);
    Some(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: crate::diagnostics::of_file(snapshot, &snapshot.file(d.span.file)?.uri)
            .into_iter()
            .filter(|l| Some(l.range) == snapshot.range(d.span))
            .map(Some)
            .collect(),
        edit: Some(WorkspaceEdit { changes: Some(changes), ..WorkspaceEdit::default() }),
        is_preferred: Some(true),
        ..CodeAction::default()
    })
}

/// The text between `prefix` and the next backtick in `message`.
fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.get(message.rfind(prefix)? + prefix.len()..)?;
    rest.get(..rest.find('`')?)
}

fn outputs(snapshot: &Snapshot, file: FileId) -> impl Iterator<Item = &OutputDecl> {
    let module = snapshot.analysis.parsed.iter().find(|(id, _)| *id == file).map(|(_, p)| &p.module);
    module.into_iter().flat_map(|m| &m.items).flat_map(|item| match item {
        Item::Decision(d) => d.stmts.iter().filter_map(|s| if let Stmt::Output(o) = s { Some(o) } else { None }).collect(),
        _ => Vec::new(),
    })
}

/// Where to put `otherwise <first arm's value>`: its own line before the closing `}`.
fn otherwise_arm(snapshot: &Snapshot, output: &OutputDecl) -> Option<(Span, String)> {
    let OutputBody::Rules(arms) = &output.body else { return None };
    let value = snapshot.text(arms.first()?.value.span);
    let close = output.span.end.checked_sub(1)?;
    let text = &snapshot.file(output.span.file)?.text;
    let line_start = text.get(..close as usize)?.rfind('\n').map(|i| i + 1)?;
    let before_brace = text.get(line_start..close as usize)?;
    if !before_brace.trim().is_empty() {
        return Some((Span { file: output.span.file, start: close, end: close }, format!(" otherwise {value} ")));
    }
    let arm_line = arms.last().map(|a| line_indent(text, a.span.start as usize)).unwrap_or_default();
    let at = Span { file: output.span.file, start: line_start as u32, end: line_start as u32 };
    Some((at, format!("{arm_line}otherwise {value}\n")))
}

/// Where to put `requires consent <name>` in the offer holding `use_span`: first in its body.
fn requires_consent(snapshot: &Snapshot, file: FileId, use_span: Span, consent: &str) -> Option<(Span, String)> {
    let module = &snapshot.analysis.parsed.iter().find(|(id, _)| *id == file)?.1.module;
    let offer = module
        .items
        .iter()
        .filter_map(|i| if let Item::Decision(d) = i { Some(d) } else { None })
        .flat_map(|d| &d.stmts)
        .filter_map(|s| if let Stmt::Offers(b) = s { Some(b) } else { None })
        .flat_map(|b| &b.offers)
        .find(|o| o.span.start <= use_span.start && use_span.end <= o.span.end)?;
    let text = &snapshot.file(file)?.text;
    let open = offer.name.span.end as usize + text.get(offer.name.span.end as usize..)?.find('{')?;
    let after = text.get(open + 1..)?;
    let at = Span { file, start: open as u32 + 1, end: open as u32 + 1 };
    match after.find('\n') {
        Some(newline) if after.get(..newline)?.trim().is_empty() => {
            Some((at, format!("\n{}requires consent {consent}", line_indent(text, open + 1 + newline + 1))))
        }
        _ => Some((at, format!(" requires consent {consent}"))),
    }
}

/// The indentation of the line that holds byte `offset`.
fn line_indent(text: &str, offset: usize) -> String {
    let start = text.get(..offset).and_then(|t| t.rfind('\n')).map(|i| i + 1).unwrap_or(0);
    text.get(start..).unwrap_or("").chars().take_while(|c| *c == ' ' || *c == '\t').collect()
}
