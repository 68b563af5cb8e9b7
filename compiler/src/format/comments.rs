//! The formatter's view of the source around the tree: comments (the lexer's trivia), taken in
//! order as the printer passes them, and where tokens start (to find a construct's first keyword
//! and the blank lines before it).

use super::Doc;
use crate::syntax::lexer::{self, Token, Trivia};

/// The comments of a file, handed out in order, and the positions of its code tokens.
pub(super) struct Source<'a> {
    src: &'a str,
    comments: Vec<Trivia>,
    next: usize,
    /// Start and end of every token that is no comment, in order.
    code: Vec<(usize, usize)>,
    /// Inside a string's interpolation: no comment can be there, and token positions do not apply.
    pub(super) muted: bool,
}

impl<'a> Source<'a> {
    /// The comments and code tokens of `src`.
    pub(super) fn new(src: &'a str) -> Source<'a> {
        let lexemes = lexer::tokens(src);
        let comments = lexer::trivia(&lexemes);
        let code = lexemes.iter().filter(|l| !matches!(l.token, Token::Comment | Token::DocComment)).map(|l| (l.start, l.end)).collect();
        Source { src, comments, next: 0, code, muted: false }
    }

    /// The text of bytes `start..end`.
    pub(super) fn text(&self, start: usize, end: usize) -> &'a str {
        self.src.get(start..end).unwrap_or("")
    }

    /// The first code token at or after `pos` (its start), or `pos` past the last token.
    pub(super) fn code_start(&self, pos: usize) -> usize {
        let i = self.code.partition_point(|(start, _)| *start < pos);
        self.code.get(i).map_or(pos, |(start, _)| *start)
    }

    /// The start of the `n`th code token before `pos` (a construct's keywords before its first part).
    pub(super) fn back(&self, pos: usize, n: usize) -> usize {
        let i = self.code.partition_point(|(start, _)| *start < pos);
        i.checked_sub(n).and_then(|i| self.code.get(i)).map_or(pos, |(start, _)| *start)
    }

    /// The end of the code token that starts at or after `pos` (a closing keyword such as `apart`).
    pub(super) fn token_end(&self, pos: usize) -> usize {
        let i = self.code.partition_point(|(start, _)| *start < pos);
        self.code.get(i).map_or(pos, |(_, end)| *end)
    }

    /// Whether a blank line comes right before `pos`.
    pub(super) fn blank_before(&self, pos: usize) -> bool {
        let before = self.text(0, pos);
        let space = before.len() - before.trim_end_matches([' ', '\t', '\r', '\n', '\u{FEFF}']).len();
        before.get(before.len() - space..).is_some_and(|s| s.matches('\n').count() >= 2)
    }

    /// Where the first leading comment before `pos` starts, or `pos` when there is none.
    pub(super) fn first_before(&self, pos: usize) -> usize {
        self.comments.get(self.next).map_or(pos, |c| c.start.min(pos))
    }

    /// Whether a comment not yet printed starts before `pos`.
    pub(super) fn any_before(&self, pos: usize) -> bool {
        !self.muted && self.comments.get(self.next).is_some_and(|c| c.start < pos)
    }

    /// Whether any comment lies in bytes `start..end`.
    pub(super) fn any_within(&self, start: usize, end: usize) -> bool {
        self.comments.iter().any(|c| c.start >= start && c.start < end)
    }

    fn take_before(&mut self, pos: usize) -> Option<&'a str> {
        if self.muted {
            return None;
        }
        let comment = self.comments.get(self.next).filter(|c| c.start < pos)?;
        let text = self.src.get(comment.start..comment.end).unwrap_or("").trim_end();
        self.next += 1;
        Some(text)
    }

    /// Every comment before `pos`, each on its own line followed by a line break; a blank line
    /// between two of them, or between the last and `pos`, is kept.
    pub(super) fn leading(&mut self, pos: usize) -> Doc {
        let mut doc = Doc::nil();
        let mut first = true;
        while let Some(start) = self.comments.get(self.next).map(|c| c.start).filter(|s| *s < pos && !self.muted) {
            if !first && self.blank_before(start) {
                doc = doc.append(Doc::hardline());
            }
            first = false;
            if let Some(text) = self.take_before(pos) {
                doc = doc.append(Doc::text(text.to_owned())).append(Doc::hardline());
            }
        }
        if !first && self.blank_before(pos) {
            doc = doc.append(Doc::hardline());
        }
        doc
    }

    /// Every comment before `pos`, one per line (blank lines between them kept), with no line
    /// break after the last: the comments at the end of a body.
    pub(super) fn dangling(&mut self, pos: usize) -> Doc {
        let mut doc = Doc::nil();
        let mut first = true;
        while let Some(start) = self.comments.get(self.next).map(|c| c.start).filter(|s| *s < pos && !self.muted) {
            if !first {
                doc = doc.append(Doc::hardline());
                if self.blank_before(start) {
                    doc = doc.append(Doc::hardline());
                }
            }
            first = false;
            if let Some(text) = self.take_before(pos) {
                doc = doc.append(Doc::text(text.to_owned()));
            }
        }
        doc
    }

    /// The comments after a construct that ends at `end`: those inside it that no part of it
    /// printed, and the one on its last line before `limit`. The first follows the code on its
    /// line; the others get lines of their own.
    pub(super) fn trailing(&mut self, end: usize, limit: usize) -> Doc {
        let mut doc = Doc::nil();
        let mut first = true;
        while !self.muted
            && self.comments.get(self.next).is_some_and(|c| c.start < end || (c.start < limit && !self.text(end, c.start).contains('\n')))
        {
            if let Some(text) = self.take_before(usize::MAX) {
                doc = if first { doc.append(Doc::text(" ")) } else { doc.append(Doc::hardline()) }.append(Doc::text(text.to_owned()));
                first = false;
            }
        }
        doc
    }
}
