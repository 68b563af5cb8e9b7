//! `tenor fmt`: one canonical layout for every construct, comments kept in place.
//!
//! A Wadler-style printer (the `pretty` crate): each construct is a document of text, groups
//! and line breaks, and a group is laid out on one line when it fits in [`WIDTH`] columns,
//! else every break of the group becomes a new line. The layout rules are in
//! `grammar/README.md` ("Layout"). Comments come from the lexer's trivia and are printed
//! before the first construct that starts after them; one on the same line as code stays
//! after it. Before returning, the result is parsed again and its tokens and comments are
//! compared with the input's (commas aside), so a bug here can never change a program.

mod comments;
mod decision;
mod expr;
mod items;

use crate::diagnostic::Diagnostic;
use crate::span::FileId;
use crate::syntax::{self, lexer};
use comments::Source;

/// The widest a line may be (in bytes) before a group breaks.
pub const WIDTH: usize = 100;
/// Columns per level of indentation.
const INDENT: isize = 2;

type Doc = pretty::RcDoc<'static, ()>;

/// Why a file was not formatted.
#[derive(Clone, Debug)]
pub enum FormatError {
    /// The file does not parse; these are its syntax errors.
    Syntax(Vec<Diagnostic>),
    /// The layout would have changed the program's tokens or comments (a formatter bug); the
    /// text says what differed.
    Unsafe(String),
}

/// The canonical layout of the text of file `file` (the id its syntax errors name).
pub fn format(file: FileId, src: &str) -> Result<String, FormatError> {
    let parsed = syntax::parse(file, src);
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(FormatError::Syntax(parsed.diagnostics));
    }
    let mut printer = Printer { src: Source::new(src) };
    let doc = printer.module(&parsed.module, src.len());
    let mut rendered = String::new();
    doc.render_fmt(WIDTH, &mut rendered).map_err(|_| FormatError::Unsafe("the layout could not be rendered".to_owned()))?;
    let mut out: String = rendered.lines().map(|line| format!("{}\n", line.trim_end())).collect();
    if out.trim().is_empty() {
        out.clear();
    }
    verify(src, &out)?;
    if uses_crlf(src) {
        // No string holds a line break (the grammar refuses one), so every `\n` ends a line.
        out = out.replace('\n', "\r\n");
    }
    Ok(out)
}

/// Whether the file ends its lines with `\r\n` (its first line break says), as Windows editors
/// save: the formatted file keeps that choice, so formatting does not rewrite every line.
fn uses_crlf(src: &str) -> bool {
    src.find('\n').is_some_and(|at| at > 0 && src.as_bytes().get(at - 1) == Some(&b'\r'))
}

/// Refuses a layout whose tokens (commas aside) or comments differ from the input's.
fn verify(before: &str, after: &str) -> Result<(), FormatError> {
    if syntax::parse(FileId(0), after).diagnostics.iter().any(Diagnostic::is_error) {
        return Err(FormatError::Unsafe("the formatted text does not parse".to_owned()));
    }
    let (old, new) = (code_text(before), code_text(after));
    if let Some(at) = old.bytes().zip(new.bytes()).position(|(a, b)| a != b).or((old.len() != new.len()).then(|| old.len().min(new.len())))
    {
        let excerpt = |text: &str| text.get(at.saturating_sub(20)..).unwrap_or("").chars().take(40).collect::<String>();
        return Err(FormatError::Unsafe(format!(
            "the formatted text would read `{}` where the file has `{}`",
            excerpt(&new),
            excerpt(&old)
        )));
    }
    if comments(before) != comments(after) {
        return Err(FormatError::Unsafe("a comment would be lost or moved out of order".to_owned()));
    }
    Ok(())
}

/// The text of every token that is no comment and no comma, run together: what the layout may
/// not change (white space between tokens and optional commas aside).
fn code_text(src: &str) -> String {
    lexer::tokens(src)
        .into_iter()
        .filter(|l| !matches!(l.token, lexer::Token::Comment | lexer::Token::DocComment))
        .filter_map(|l| src.get(l.start..l.end))
        .filter(|text| *text != ",")
        .flat_map(|text| text.split([' ', '\t']))
        .collect()
}

/// The text of every comment, trailing white space aside.
pub fn comments(src: &str) -> Vec<&str> {
    lexer::trivia(&lexer::tokens(src)).into_iter().filter_map(|c| src.get(c.start..c.end)).map(str::trim_end).collect()
}

/// How blank lines between the parts of a body are chosen.
#[derive(Clone, Copy, PartialEq)]
enum Blank {
    /// One where the source has at least one (declarations, arms, properties).
    Kept,
    /// Always one (top-level items), except between two `import` lines, where it is kept.
    Items,
}

/// One part of a body that gets its own line: where its code starts (its first keyword, after
/// its docs), where it ends, and what it is.
struct Part<T> {
    start: usize,
    end: usize,
    is_import: bool,
    item: T,
}

impl<T> Part<T> {
    fn new(start: usize, end: usize, item: T) -> Part<T> {
        Part { start, end, is_import: false, item }
    }
}

/// Whether a list broken over lines ends in a comma (not after a record's `...`).
#[derive(Clone, Copy, PartialEq)]
enum Trailing {
    Comma,
    Nothing,
}

/// Builds documents, taking comments from the source as it goes.
struct Printer<'a> {
    src: Source<'a>,
}

impl Printer<'_> {
    /// The lines of a body, each part with its comments; `close` is where the body ends (its `}`).
    /// None when there is nothing in it, comments included.
    fn body<T>(&mut self, parts: Vec<Part<T>>, close: usize, blank: Blank, mut print: impl FnMut(&mut Self, T) -> Doc) -> Option<Doc> {
        if parts.is_empty() && !self.src.any_before(close) {
            return None;
        }
        let mut doc = Doc::nil();
        let mut previous_import = None;
        let starts: Vec<usize> = parts.iter().map(|p| p.start).skip(1).chain([close]).collect();
        for (i, (part, limit)) in parts.into_iter().zip(starts).enumerate() {
            if i > 0 {
                let first = self.src.first_before(part.start);
                let blank_line = match blank {
                    Blank::Kept => self.src.blank_before(first),
                    Blank::Items => !(previous_import == Some(true) && part.is_import) || self.src.blank_before(first),
                };
                doc = doc.append(Doc::hardline());
                if blank_line {
                    doc = doc.append(Doc::hardline());
                }
            }
            previous_import = Some(part.is_import);
            doc = doc.append(self.src.leading(part.start));
            doc = doc.append(print(self, part.item));
            doc = doc.append(self.src.trailing(part.end, limit));
        }
        if self.src.any_before(close) {
            if previous_import.is_some() {
                let first = self.src.first_before(close);
                doc = doc.append(Doc::hardline());
                if self.src.blank_before(first) {
                    doc = doc.append(Doc::hardline());
                }
            }
            doc = doc.append(self.src.dangling(close));
        }
        Some(doc)
    }

    /// `header {` body `}`, or `header {}` when the body is empty.
    fn block(header: Doc, body: Option<Doc>) -> Doc {
        Self::opened_block(header.append(Doc::text(" {")), body)
    }

    /// A body after `opened`, which ends in its `{`.
    fn opened_block(opened: Doc, body: Option<Doc>) -> Doc {
        let Some(body) = body else {
            return opened.append(Doc::text("}"));
        };
        opened.append(Doc::hardline().append(body).nest(INDENT)).append(Doc::hardline()).append(Doc::text("}"))
    }
}

impl Printer<'_> {
    /// Items between `open` and `close` (at byte `close_at`), separated by commas: all on one
    /// line when they fit, else one per line, indented, with a trailing comma. A comment before
    /// an item goes on its own line above it, which breaks the list.
    fn list<T>(
        &mut self,
        open: &'static str,
        items: Vec<(usize, T)>,
        close_at: usize,
        close: &'static str,
        print: impl FnMut(&mut Self, T) -> Doc,
    ) -> Doc {
        self.list_with(open, items, close_at, close, Trailing::Comma, print)
    }

    /// [`Printer::list`], with or without the trailing comma of a broken list.
    fn list_with<T>(
        &mut self,
        open: &'static str,
        items: Vec<(usize, T)>,
        close_at: usize,
        close: &'static str,
        trailing: Trailing,
        mut print: impl FnMut(&mut Self, T) -> Doc,
    ) -> Doc {
        let spaced = open == "{";
        if items.is_empty() && !self.src.any_before(close_at) {
            return Doc::text(if spaced { "{}" } else { open }).append(Doc::text(if spaced { "" } else { close }));
        }
        let mut docs = Vec::new();
        for (start, item) in items {
            let leading = self.src.leading(start);
            docs.push(leading.append(print(self, item)));
        }
        let has_items = !docs.is_empty();
        let mut inner = Doc::intersperse(docs, Doc::text(",").append(Doc::line()));
        if has_items && trailing == Trailing::Comma {
            inner = inner.append(Doc::text(",").flat_alt(Doc::nil()));
        }
        if self.src.any_before(close_at) {
            let dangling = self.src.dangling(close_at);
            inner = if has_items { inner.append(Doc::hardline()).append(dangling) } else { dangling };
        }
        let edge = if spaced { Doc::line() } else { Doc::line_() };
        Doc::text(open).append(edge.clone().append(inner).nest(INDENT)).append(edge).append(Doc::text(close)).group()
    }
}
