//! Completion: record fields after `.`, an enum's variants after `==`, `!=` or `in [` and
//! after its name and `.`, stdlib functions after their module,
//! names in scope (locals from the checker's scopes, params, functions), decisions after
//! `given`, and keywords for the place (top level, decision body, offer).

use crate::index::{Decl, Kind};
use crate::snapshot::Snapshot;
use tenor_compiler::ast::{Item, Stmt};
use tenor_compiler::span::FileId;
use tenor_compiler::tir::{Checked, EnumDef, Type};
use tower_lsp_server::ls_types::{CompletionItem, CompletionItemKind, Documentation, MarkupContent, MarkupKind, Position, Uri};

const ITEM_KEYWORDS: &[&str] = &["package", "import", "record", "enum", "param", "fn", "table", "decision", "test"];
const STMT_KEYWORDS: &[&str] = &["let", "offers", "experiment", "when", "otherwise", "if", "then", "else", "and", "or", "not", "in"];
const OFFER_KEYWORDS: &[&str] =
    &["eligible when", "requires consent", "propensity", "value", "lever", "weight", "group", "message", "contact at most"];
const EXPR_KEYWORDS: &[&str] = &["if", "then", "else", "and", "or", "not", "in", "true", "false", "none"];
const TEST_KEYWORDS: &[&str] = &["given", "expect"];

/// The completions at `position`.
pub fn complete(snapshot: &Snapshot, uri: &Uri, position: Position) -> Vec<CompletionItem> {
    let Some((file, offset)) = snapshot.offset(uri, position) else { return Vec::new() };
    let text = snapshot.file(file).map(|f| f.text.as_str()).unwrap_or("");
    let before = text.get(..offset).unwrap_or("");
    let typed = before.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_');
    if let Some(receiver) = typed.strip_suffix('.') {
        return members(snapshot, file, offset, &receiver_path(receiver));
    }
    let previous_word = typed.trim_end().rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or("");
    if previous_word == "given" {
        return snapshot.index.decls.iter().filter(|d| d.kind == Kind::Decision).map(|d| item(d, CompletionItemKind::FUNCTION)).collect();
    }
    if let Some(variants) = expected_enum(snapshot, file, offset, typed) {
        return variants;
    }
    let mut items = names(snapshot, file, offset);
    items.extend(keywords(snapshot, file, offset).iter().map(|k| keyword(k)));
    items
}

/// The dotted names right before a `.`: `customer.address.` gives `["customer", "address"]`.
fn receiver_path(text: &str) -> Vec<&str> {
    let start = text.rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.')).map(|i| i + 1).unwrap_or(0);
    text.get(start..).unwrap_or("").split('.').collect()
}

/// What may follow `path.`: fields of a record value, variants of an enum, functions of a stdlib module.
fn members(snapshot: &Snapshot, file: FileId, offset: usize, path: &[&str]) -> Vec<CompletionItem> {
    let checked = &snapshot.analysis.checked;
    let Some((first, rest)) = path.split_first() else { return Vec::new() };
    if rest.is_empty() {
        if let Some(e) = checked.enums.iter().find(|e| e.name == *first) {
            return variants(snapshot, e);
        }
        let functions: Vec<CompletionItem> = snapshot
            .index
            .decls
            .iter()
            .filter(|d| d.kind == Kind::Stdlib && d.detail.starts_with(&format!("{first}.")))
            .map(|d| item(d, CompletionItemKind::FUNCTION))
            .collect();
        if !functions.is_empty() {
            return functions;
        }
    }
    let Some(mut ty) = local_type(checked, file, offset, first) else { return Vec::new() };
    for field in rest {
        let Some(next) = field_type(checked, &ty, field) else { return Vec::new() };
        ty = next;
    }
    match ty.strip_optional() {
        Type::Record(r) => {
            let Some(record) = checked.records.get(*r as usize) else { return Vec::new() };
            record.fields.iter().filter_map(|f| snapshot.index.decl(f.span)).map(|d| item(d, CompletionItemKind::FIELD)).collect()
        }
        Type::Enum(e) => checked.enums.get(*e as usize).map(|e| variants(snapshot, e)).unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// After `x == `, `x != ` or `x in [`, where `x` is an enum value: the enum's variants.
fn expected_enum(snapshot: &Snapshot, file: FileId, offset: usize, typed: &str) -> Option<Vec<CompletionItem>> {
    let trimmed = typed.trim_end();
    let left = ["==", "!="]
        .iter()
        .find_map(|op| trimmed.strip_suffix(op))
        .or_else(|| trimmed.strip_suffix('[')?.trim_end().strip_suffix(" in"))?;
    let path = receiver_path(left.trim_end());
    let checked = &snapshot.analysis.checked;
    let (first, rest) = path.split_first()?;
    let mut ty = local_type(checked, file, offset, first)?;
    for field in rest {
        ty = field_type(checked, &ty, field)?;
    }
    let Type::Enum(e) = ty.strip_optional() else { return None };
    checked.enums.get(*e as usize).map(|e| variants(snapshot, e))
}

fn variants(snapshot: &Snapshot, def: &EnumDef) -> Vec<CompletionItem> {
    def.variants
        .iter()
        .zip(&def.variant_spans)
        .map(|(name, span)| match snapshot.index.decl(*span) {
            Some(decl) => item(decl, CompletionItemKind::ENUM_MEMBER),
            None => {
                CompletionItem { kind: Some(CompletionItemKind::ENUM_MEMBER), ..CompletionItem::new_simple(name.clone(), def.name.clone()) }
            }
        })
        .collect()
}

/// The type of the local `name` visible at `offset` (the innermost, latest declared).
fn local_type(checked: &Checked, file: FileId, offset: usize, name: &str) -> Option<Type> {
    let offset = u32::try_from(offset).ok()?;
    checked
        .locals
        .iter()
        .filter(|l| l.name == name && l.scope.file == file && l.scope.start <= offset && offset <= l.scope.end)
        .max_by_key(|l| l.scope.start)
        .map(|l| l.ty.clone())
        .or_else(|| checked.params.iter().find(|p| p.name == name).map(|p| p.ty.clone()))
}

fn field_type(checked: &Checked, ty: &Type, field: &str) -> Option<Type> {
    let Type::Record(r) = ty.strip_optional() else { return None };
    checked.records.get(*r as usize)?.fields.iter().find(|f| f.name == field).map(|f| f.ty.clone())
}

/// Names usable in an expression at `offset`: locals in scope, params, functions, tables,
/// enum variants, and the stdlib modules.
fn names(snapshot: &Snapshot, file: FileId, offset: usize) -> Vec<CompletionItem> {
    let checked = &snapshot.analysis.checked;
    let at = u32::try_from(offset).unwrap_or(u32::MAX);
    let mut items: Vec<CompletionItem> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut visible: Vec<_> = checked.locals.iter().filter(|l| l.scope.file == file && l.scope.start <= at && at <= l.scope.end).collect();
    visible.sort_by_key(|l| std::cmp::Reverse(l.scope.start));
    for local in visible {
        if seen.insert(local.name.clone()) {
            let detail = tenor_compiler::check::display_type(checked, &local.ty);
            items.push(CompletionItem {
                kind: Some(CompletionItemKind::VARIABLE),
                detail: Some(detail),
                ..CompletionItem::new_simple(local.name.clone(), String::new())
            });
        }
    }
    for decl in &snapshot.index.decls {
        let kind = match decl.kind {
            Kind::Param => CompletionItemKind::CONSTANT,
            Kind::Function | Kind::Table => CompletionItemKind::FUNCTION,
            Kind::Variant => CompletionItemKind::ENUM_MEMBER,
            Kind::Record => CompletionItemKind::STRUCT,
            Kind::Enum => CompletionItemKind::ENUM,
            _ => continue,
        };
        if seen.insert(decl.name.clone()) {
            items.push(item(decl, kind));
        }
    }
    for (module, _) in tenor_compiler::native::STDLIB {
        items.push(CompletionItem {
            kind: Some(CompletionItemKind::MODULE),
            ..CompletionItem::new_simple((*module).to_owned(), "standard library".to_owned())
        });
    }
    items
}

/// The keywords that may start something at `offset`.
fn keywords(snapshot: &Snapshot, file: FileId, offset: usize) -> &'static [&'static str] {
    let at = u32::try_from(offset).unwrap_or(u32::MAX);
    let inside = |s: tenor_compiler::span::Span| s.file == file && s.start < at && at <= s.end;
    let Some((_, parsed)) = snapshot.analysis.parsed.iter().find(|(id, _)| *id == file) else {
        return ITEM_KEYWORDS;
    };
    for item in &parsed.module.items {
        match item {
            Item::Decision(d) if inside(d.span) => {
                let in_offers = d.stmts.iter().any(|s| matches!(s, Stmt::Offers(b) if b.offers.iter().any(|o| inside(o.span))));
                return if in_offers { OFFER_KEYWORDS } else { STMT_KEYWORDS };
            }
            Item::Test(t) if inside(t.span) => return TEST_KEYWORDS,
            Item::Record(r) if inside(r.span) => return &[],
            Item::Enum(e) if inside(e.span) => return &[],
            Item::Fn(_) | Item::Table(_) | Item::Param(_) if inside(item.span()) => return EXPR_KEYWORDS,
            _ => {}
        }
    }
    ITEM_KEYWORDS
}

fn item(decl: &Decl, kind: CompletionItemKind) -> CompletionItem {
    CompletionItem {
        label: decl.name.clone(),
        kind: Some(kind),
        detail: Some(decl.detail.clone()),
        documentation: (!decl.docs.is_empty())
            .then(|| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value: decl.docs.clone() })),
        ..CompletionItem::default()
    }
}

fn keyword(word: &str) -> CompletionItem {
    CompletionItem { kind: Some(CompletionItemKind::KEYWORD), ..CompletionItem::new_simple(word.to_owned(), "keyword".to_owned()) }
}
