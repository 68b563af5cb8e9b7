//! The source text a diagnostic shows, with long lines clipped around the labelled place.
//!
//! miette pads with `format!("{:width$}")`, whose width must fit in a `u16`: a label past column
//! 65,535 (a minified or generated file) made it panic, and such a line is unreadable anyway. An
//! [`Excerpt`] is the file's text with every line longer than [`LONG_LINE`] characters cut to
//! [`WINDOW`] characters around the first label on it (or its start), with `…` where text was
//! cut. Labels are moved into the cut text (a label outside the window points at the `…`), and
//! the heading keeps the real line and column, counted in characters as `--format json` does.

use crate::span::{FileId, LineCol, Sources, Span};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Lines longer than this many characters are clipped.
const LONG_LINE: usize = 200;
/// Characters kept of a clipped line.
const WINDOW: usize = 100;
/// Characters kept before the label on a clipped line.
const BEFORE: usize = 40;
/// Marks where a clipped line was cut.
const MARK: &str = "…";

/// One clipped line: its bytes in the file, the bytes kept, and where it starts in the excerpt.
#[derive(Debug)]
struct Clip {
    line_start: usize,
    line_end: usize,
    from: usize,
    to: usize,
    at: usize,
}

impl Clip {
    fn lead(&self) -> usize {
        if self.from > self.line_start {
            MARK.len()
        } else {
            0
        }
    }

    /// Where the line's end (its newline) is in the excerpt.
    fn end_in_excerpt(&self) -> usize {
        let tail = if self.to < self.line_end { MARK.len() } else { 0 };
        self.at + self.lead() + (self.to - self.from) + tail
    }
}

/// A file's text as a diagnostic shows it; implements miette's [`SourceCode`].
#[derive(Debug)]
pub struct Excerpt {
    name: String,
    text: String,
    clips: Vec<Clip>,
    /// Each label's start in the excerpt, with its real line and column.
    starts: Vec<(usize, LineCol)>,
}

impl Excerpt {
    /// The excerpt of `file` for labels at `spans` (all in `file`; the main one first, it anchors its line).
    pub fn new(sources: &Sources, file: FileId, spans: &[Span]) -> Excerpt {
        let (name, original) = sources.get(file).map(|f| (f.name.clone(), f.text.as_str())).unwrap_or_default();
        let mut excerpt = Excerpt { name, text: String::with_capacity(original.len()), clips: Vec::new(), starts: Vec::new() };
        let mut offset = 0;
        for line in original.split_inclusive('\n') {
            let content = line.strip_suffix('\n').unwrap_or(line);
            let anchor = spans.iter().map(|s| s.start as usize).find(|s| (offset..=offset + content.len()).contains(s));
            match window(content, anchor.map_or(0, |a| a - offset)) {
                Some((from, to)) => excerpt.clip(line, offset, from, to),
                None => excerpt.text.push_str(line),
            }
            offset += line.len();
        }
        excerpt.starts = spans.iter().map(|s| (excerpt.map(s.start as usize, false), sources.line_col(file, s.start))).collect();
        excerpt
    }

    /// Appends the bytes `from..to` of `line` (at `offset` in the file), with marks where it was cut.
    fn clip(&mut self, line: &str, offset: usize, from: usize, to: usize) {
        let content = line.strip_suffix('\n').unwrap_or(line);
        let clip = Clip { line_start: offset, line_end: offset + content.len(), from: offset + from, to: offset + to, at: self.text.len() };
        self.text.push_str(if from > 0 { MARK } else { "" });
        self.text.push_str(content.get(from..to).unwrap_or(""));
        self.text.push_str(if to < content.len() { MARK } else { "" });
        self.text.push_str(line.get(content.len()..).unwrap_or(""));
        self.clips.push(clip);
    }

    /// A span of the file as a span of the excerpt.
    pub fn span(&self, span: Span) -> SourceSpan {
        let start = self.map(span.start as usize, false);
        let end = self.map(span.end as usize, true).max(start);
        SourceSpan::from((start, end - start))
    }

    /// A byte offset of the file as one of the excerpt; cut text maps to its mark (its start, or its end for an `end`).
    fn map(&self, offset: usize, end: bool) -> usize {
        let index = self.clips.partition_point(|c| c.line_start <= offset);
        let Some(clip) = index.checked_sub(1).and_then(|i| self.clips.get(i)) else { return offset };
        if offset > clip.line_end {
            return offset - clip.line_end + clip.end_in_excerpt();
        }
        let kept = clip.at + clip.lead();
        if offset < clip.from {
            return if end { kept } else { clip.at };
        }
        if offset <= clip.to {
            return kept + (offset - clip.from);
        }
        if end {
            clip.end_in_excerpt()
        } else {
            kept + (clip.to - clip.from)
        }
    }
}

/// The bytes of `line` to keep when it is too long: [`WINDOW`] characters from [`BEFORE`] before `anchor`.
fn window(line: &str, anchor: usize) -> Option<(usize, usize)> {
    let total = line.chars().count();
    if total <= LONG_LINE {
        return None;
    }
    let anchor_char = line.get(..anchor).map_or(0, |s| s.chars().count());
    let first = anchor_char.saturating_sub(BEFORE).min(total - WINDOW);
    let byte = |char_index: usize| line.char_indices().nth(char_index).map_or(line.len(), |(i, _)| i);
    Some((byte(first), byte(first + WINDOW)))
}

impl SourceCode for Excerpt {
    fn read_span<'a>(&'a self, span: &SourceSpan, before: usize, after: usize) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let contents = self.text.read_span(span, before, after)?;
        // Alone, a label's span gives the heading's place: the real one, in characters.
        let real = self.starts.iter().find(|(at, _)| before == 0 && *at == span.offset()).map(|(_, place)| *place);
        let (line, column) = real.map_or((contents.line(), contents.column()), |p| (p.line - 1, p.column - 1));
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            *contents.span(),
            line,
            column,
            contents.line_count(),
        )))
    }
}
