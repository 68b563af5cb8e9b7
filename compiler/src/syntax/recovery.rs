//! Recovery inside a broken item: statement, arm, offer, property, field, row and test-part chunks.
//!
//! When an item does not parse, its header (`decision greet(c: Customer) {`) is parsed alone
//! with an empty body, so the item still declares its name and signature. Its body is cut into
//! chunks with the logos tokens (a chunk starts at a word first on its line, at the body's own
//! nesting level, after a token that does not continue an expression) and each chunk is parsed
//! alone with an entry rule of `grammar/tenor.pest` (`stmt_chunk`, `arm_chunk`, …). A chunk that
//! fails reports its own error; where its shape shows a name (`let x = …`, `tone = …`,
//! `tone { … }`, an offer) it still declares that name, with an error node for the broken part,
//! so later uses of the name cause no second error. This is rust-analyzer's recovery sets
//! (`crates/parser/src/grammar.rs`) on top of pest.

use super::errors::chunk_syntax_error;
use super::lexer::{self, Lexeme, Token};
use super::parser::{Builder, Rule, TenorParser, MAX_SYNTAX_ERRORS};
use crate::ast::*;
use crate::diagnostic::Diagnostic;
use crate::span::{FileId, Span};
use pest::iterators::Pair;
use pest::Parser as _;
use std::ops::Range;

/// Words that continue an expression or a clause, so they never start a chunk.
const CONTINUATIONS: &[&str] =
    &["and", "or", "not", "in", "when", "then", "else", "where", "by", "as", "of", "per", "for", "apart", "at", "most", "least"];

/// What a block's body holds, which decides where its chunks start and how each is parsed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    /// Decision statements.
    Stmts,
    /// Rule arms of an output.
    Arms,
    /// Offers, group caps and contact caps of an `offers` block.
    Offers,
    /// Properties of one offer.
    OfferProps,
    /// Record fields.
    Fields,
    /// Enum variants.
    Variants,
    /// Decision table rows.
    Rows,
    /// `given` and `expect` of a test.
    TestParts,
}

/// The recovery of one item chunk that pest could not parse.
pub(super) struct Recovery<'a> {
    file: FileId,
    /// Byte offset of `text` in the file.
    offset: usize,
    text: &'a str,
    lexemes: Vec<Lexeme>,
    /// Syntax errors of the chunks, and literal errors of what did parse.
    pub(super) diagnostics: Vec<Diagnostic>,
    /// How many syntax errors the chunks found; past [`MAX_SYNTAX_ERRORS`] they are not reported.
    reported: usize,
}

type Failure = pest::error::Error<Rule>;

impl<'a> Recovery<'a> {
    /// Prepares the recovery of the item `text`, found at byte `offset` of `file`.
    pub(super) fn new(file: FileId, offset: usize, text: &'a str) -> Recovery<'a> {
        Recovery { file, offset, text, lexemes: lexer::tokens(text), diagnostics: Vec::new(), reported: 0 }
    }

    /// The item with what could be recovered of it, or `None` when even its header is broken.
    ///
    /// `original` (the item's own syntax error) is reported when no chunk reports a better one.
    pub(super) fn item(&mut self, original: Diagnostic) -> Option<Item> {
        let all = 0..self.lexemes.len();
        let item = match self.first_word(all.clone()) {
            "decision" => self.braced_item(all, Block::Stmts),
            "record" => self.braced_item(all, Block::Fields),
            "enum" => self.braced_item(all, Block::Variants),
            "table" => self.braced_item(all, Block::Rows),
            "test" => self.braced_item(all, Block::TestParts),
            "fn" | "extern" | "param" => self.valued_item(all),
            _ => None,
        };
        if item.is_none() || self.reported == 0 {
            self.diagnostics.push(original);
        }
        item
    }

    /// A `{ … }` item: its header with an empty body, then each chunk of the body.
    fn braced_item(&mut self, all: Range<usize>, block: Block) -> Option<Item> {
        let open = self.open_brace(all.clone())?;
        // A test's header alone is no test (it needs `given` and `expect`): parse it with
        // stand-ins for those, then drop them.
        let tail = if block == Block::TestParts { "given x() expect true }" } else { "}" };
        let mut item = self
            .header(Rule::item_chunk, all.start, open, tail, |b, p| {
                let mut module = Module::default();
                b.item(p, &mut module);
                module.items.pop()
            })
            .ok()??;
        if let Item::Test(test) = &mut item {
            test.given.clear();
            test.expects.clear();
            test.decision.name.clear();
        }
        for chunk in self.chunks(self.body(open, all.end), block) {
            match (&mut item, block) {
                (Item::Decision(d), _) => d.stmts.extend(self.stmt(chunk)),
                (Item::Record(r), _) => r.fields.extend(self.simple(Rule::field_chunk, chunk, |b, p| b.field(p))),
                (Item::Enum(e), _) => e.variants.extend(self.simple(Rule::variant_chunk, chunk, |b, p| b.variant(p))),
                (Item::Table(t), _) => t.rows.extend(self.row(chunk)),
                (Item::Test(t), _) => self.test_part(t, chunk),
                _ => {}
            }
        }
        set_item_span(&mut item, self.span(all));
        Some(item)
    }

    /// A `fn` or `param` whose value is broken: the declaration with an error node for a value.
    fn valued_item(&mut self, all: Range<usize>) -> Option<Item> {
        let equals = self.equals_sign(all.clone())?;
        let mut item = self
            .header_with_value(Rule::item_chunk, all.start, equals, |b, p| {
                let mut module = Module::default();
                b.item(p, &mut module);
                module.items.pop()
            })
            .ok()??;
        let value = self.error_after(equals, all.end);
        match &mut item {
            Item::Fn(f) => f.body = Some(value),
            Item::Param(p) => p.default = value,
            _ => {}
        }
        set_item_span(&mut item, self.span(all));
        Some(item)
    }

    /// One decision statement; a broken one still declares its name where it shows one.
    fn stmt(&mut self, chunk: Range<usize>) -> Option<Stmt> {
        let failure = match self.parse(Rule::stmt_chunk, chunk.clone(), |b, p| b.stmt(p)) {
            Ok(stmt) => return stmt,
            Err(failure) => failure,
        };
        let first = self.first_word(chunk.clone());
        let brace_first = match (self.open_brace(chunk.clone()), self.equals_sign(chunk.clone())) {
            (Some(open), Some(equals)) => open < equals,
            (open, _) => open.is_some(),
        };
        match first {
            "offers" => self.nested(failure, chunk.clone(), |r| r.offers(chunk)),
            "experiment" => self.nested(failure, chunk, |_| None),
            "let" => self.nested(failure, chunk.clone(), |r| r.placeholder(chunk)),
            _ if brace_first => self.nested(failure, chunk.clone(), |r| r.rules_output(chunk)),
            _ => self.nested(failure, chunk.clone(), |r| r.placeholder(chunk)),
        }
    }

    /// Runs a finer recovery; reports `failure` unless it reported errors of its own.
    fn nested<T>(&mut self, failure: Failure, chunk: Range<usize>, finer: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let before = self.reported;
        let result = finer(self);
        if result.is_none() || self.reported == before {
            self.report(&failure, chunk);
        }
        result
    }

    /// `let x = …` or `x = …` with a broken value: the name, its type if written, an error node.
    fn placeholder(&mut self, chunk: Range<usize>) -> Option<Stmt> {
        let equals = self.equals_sign(chunk.clone())?;
        let mut stmt = self.header_with_value(Rule::stmt_chunk, chunk.start, equals, |b, p| b.stmt(p)).ok()??;
        let error = self.error_after(equals, chunk.end);
        match &mut stmt {
            Stmt::Let { value, .. } => *value = error,
            Stmt::Output(output) => {
                output.body = OutputBody::Value(error);
                output.span = self.span(chunk);
            }
            _ => {}
        }
        Some(stmt)
    }

    /// `name { arms }` with a broken arm: the output with every arm that parses.
    fn rules_output(&mut self, chunk: Range<usize>) -> Option<Stmt> {
        let open = self.open_brace(chunk.clone())?;
        let Some(Stmt::Output(mut output)) = self.header(Rule::stmt_chunk, chunk.start, open, "}", |b, p| b.stmt(p)).ok()? else {
            return None;
        };
        let mut arms = Vec::new();
        for arm in self.chunks(self.body(open, chunk.end), Block::Arms) {
            match self.parse(Rule::arm_chunk, arm.clone(), |b, p| b.arm(p)) {
                Ok(parsed) => arms.push(parsed),
                Err(failure) => {
                    self.report(&failure, arm.clone());
                    let span = self.span(arm.clone());
                    let error = Expr::new(ExprKind::Error, span);
                    let condition = (self.first_word(arm) != "otherwise").then(|| error.clone());
                    arms.push(RuleArm { value: error, condition, span });
                }
            }
        }
        output.body = OutputBody::Rules(arms);
        output.span = self.span(chunk);
        Some(Stmt::Output(output))
    }

    /// An `offers` block with a broken part: the block with every part that parses.
    fn offers(&mut self, chunk: Range<usize>) -> Option<Stmt> {
        let open = self.open_brace(chunk.clone())?;
        let Some(Stmt::Offers(mut block)) = self.header(Rule::stmt_chunk, chunk.start, open, "}", |b, p| b.stmt(p)).ok()? else {
            return None;
        };
        for part in self.chunks(self.body(open, chunk.end), Block::Offers) {
            let failure = match self.parse(Rule::offers_chunk, part.clone(), |b, p| b.offers_part(p, &mut block)) {
                Ok(()) => continue,
                Err(failure) => failure,
            };
            if matches!(self.first_word(part.clone()), "group" | "contact") {
                self.report(&failure, part);
            } else if let Some(offer) = self.nested(failure, part.clone(), |r| r.offer(part)) {
                block.offers.push(offer);
            }
        }
        block.span = self.span(chunk);
        Some(Stmt::Offers(block))
    }

    /// An offer with a broken property: the offer with every property that parses.
    fn offer(&mut self, chunk: Range<usize>) -> Option<OfferDecl> {
        let open = self.open_brace(chunk.clone())?;
        let header = |b: &Builder, p: Pair<Rule>| (p.as_rule() == Rule::offer_decl).then(|| b.offer(p));
        let mut offer = self.header(Rule::offers_chunk, chunk.start, open, "}", header).ok()??;
        for prop in self.chunks(self.body(open, chunk.end), Block::OfferProps) {
            if let Err(failure) = self.parse(Rule::offer_prop_chunk, prop.clone(), |b, p| b.offer_prop(p, &mut offer)) {
                self.report(&failure, prop);
            }
        }
        offer.span = self.span(chunk);
        Some(offer)
    }

    /// A table row; a broken one keeps its cells when they parse (so the table's coverage is
    /// still checked as written), with an error node for its value.
    fn row(&mut self, chunk: Range<usize>) -> Option<TableRow> {
        let failure = match self.parse(Rule::table_row_chunk, chunk.clone(), |b, p| b.table_row(p)) {
            Ok(row) => return Some(row),
            Err(failure) => failure,
        };
        self.nested(failure, chunk.clone(), |r| {
            // `=>` is the first `=` of a row outside brackets; the value after it is broken.
            let arrow = r.equals_sign(chunk.clone())? + 1;
            let mut row = r.header_with_value(Rule::table_row_chunk, chunk.start, arrow, |b, p| b.table_row(p)).ok()?;
            row.value = r.error_after(arrow, chunk.end);
            row.span = r.span(chunk);
            Some(row)
        })
    }

    /// `given …` or `expect …` of a test.
    fn test_part(&mut self, test: &mut TestDecl, chunk: Range<usize>) {
        let part = self.parse(Rule::test_part_chunk, chunk.clone(), |b, p| match p.as_rule() {
            Rule::given => Ok(b.given(p)),
            _ => Err(b.expect(p)),
        });
        match part {
            Ok(Ok(given)) => {
                test.decision = given.decision;
                test.given = given.args;
                test.pins = given.pins;
            }
            Ok(Err(expect)) => test.expects.push(expect),
            Err(failure) => self.report(&failure, chunk),
        }
    }

    /// A chunk parsed with `rule`, or its error reported.
    fn simple<T>(&mut self, rule: Rule, chunk: Range<usize>, build: impl FnOnce(&Builder, Pair<Rule>) -> T) -> Option<T> {
        match self.parse(rule, chunk.clone(), build) {
            Ok(node) => Some(node),
            Err(failure) => {
                self.report(&failure, chunk);
                None
            }
        }
    }

    /// Parses the lexemes `chunk` with `rule` and builds the node inside it.
    fn parse<T>(&mut self, rule: Rule, chunk: Range<usize>, build: impl FnOnce(&Builder, Pair<Rule>) -> T) -> Result<T, Failure> {
        let (start, end) = self.bytes(chunk);
        let text = self.text.get(start..end).unwrap_or("");
        self.build(rule, start..end, text, build)
    }

    /// The construct from lexeme `first` to the `{` at lexeme `open`, completed with `tail`.
    fn header<T>(
        &mut self,
        rule: Rule,
        first: usize,
        open: usize,
        tail: &str,
        build: impl FnOnce(&Builder, Pair<Rule>) -> T,
    ) -> Result<T, Failure> {
        let (start, end) = self.bytes(first..open + 1);
        let text = format!("{}{tail}", self.text.get(start..end).unwrap_or(""));
        self.build(rule, start..end, &text, build)
    }

    /// The construct from lexeme `first` to lexeme `equals` (an `=` or the `>` of `=>`), with `0` for a value.
    fn header_with_value<T>(
        &mut self,
        rule: Rule,
        first: usize,
        equals: usize,
        build: impl FnOnce(&Builder, Pair<Rule>) -> T,
    ) -> Result<T, Failure> {
        let (start, end) = self.bytes(first..equals + 1);
        let text = format!("{} 0", self.text.get(start..end).unwrap_or(""));
        self.build(rule, start..end, &text, build)
    }

    /// Parses `text` with `rule`; `real` is the part of it that is source (the rest is stand-ins).
    fn build<T>(
        &mut self,
        rule: Rule,
        real: Range<usize>,
        text: &str,
        build: impl FnOnce(&Builder, Pair<Rule>) -> T,
    ) -> Result<T, Failure> {
        let mut pairs = TenorParser::parse(rule, text)?;
        let builder = Builder::new(self.file, self.offset + real.start, self.offset + real.end);
        let inner = pairs.next().and_then(|chunk| chunk.into_inner().find(|p| p.as_rule() != Rule::EOI));
        let node = match inner {
            Some(pair) => build(&builder, pair),
            None => return Err(pest::error::Error::new_from_pos(missing(), pest::Position::from_start(text))),
        };
        self.diagnostics.extend(builder.into_diagnostics());
        Ok(node)
    }

    fn report(&mut self, failure: &Failure, chunk: Range<usize>) {
        self.reported += 1;
        if self.reported > MAX_SYNTAX_ERRORS {
            return;
        }
        let (start, end) = self.bytes(chunk);
        let text = self.text.get(start..end).unwrap_or("");
        self.diagnostics.push(chunk_syntax_error(failure, self.file, self.offset + start, text));
    }

    /// Lexeme ranges of the chunks of a block body.
    fn chunks(&self, body: Range<usize>, block: Block) -> Vec<Range<usize>> {
        let mut starts = Vec::new();
        let mut depth = 0usize;
        let mut previous: Option<usize> = None;
        for index in body.clone() {
            let Some(lexeme) = self.lexemes.get(index) else { break };
            if matches!(lexeme.token, Token::Comment | Token::DocComment) {
                continue;
            }
            if depth == 0 && (previous.is_none() || self.starts_chunk(previous, index, block)) {
                starts.push(self.with_docs(index, body.start));
            }
            match lexeme.token {
                Token::Open => depth += 1,
                Token::Close => depth = depth.saturating_sub(1),
                _ => {}
            }
            previous = Some(index);
        }
        let ends = starts.iter().skip(1).copied().chain(std::iter::once(body.end));
        starts.iter().zip(ends).map(|(start, end)| *start..self.last_code(*start..end)).filter(|r| !r.is_empty()).collect()
    }

    /// Whether the code lexeme `index` (at the body's level) starts a new chunk.
    fn starts_chunk(&self, previous: Option<usize>, index: usize, block: Block) -> bool {
        let (Some(lexeme), Some(previous)) = (self.lexemes.get(index), previous.and_then(|p| self.lexemes.get(p))) else {
            return false;
        };
        let word = self.word(lexeme);
        let previous_text = self.text.get(previous.start..previous.end).unwrap_or("");
        if block == Block::TestParts {
            return matches!(word, "given" | "expect");
        }
        if matches!(block, Block::Fields | Block::Variants) {
            // Types never span lines, so a word first on its line starts a field.
            let new_line = self.text.get(previous.end..lexeme.start).is_some_and(|gap| gap.contains('\n'));
            return lexeme.token == Token::Word && (new_line || previous_text == ",");
        }
        let new_line = self.text.get(previous.end..lexeme.start).is_some_and(|gap| gap.contains('\n'));
        let continues = previous.token == Token::Punct || CONTINUATIONS.contains(&self.word(previous));
        let can_start = match block {
            Block::Arms | Block::Rows => !matches!(lexeme.token, Token::Punct | Token::Close) && !CONTINUATIONS.contains(&word),
            _ => lexeme.token == Token::Word && !CONTINUATIONS.contains(&word),
        };
        new_line && !continues && can_start
    }

    /// The index where a chunk starting at `index` begins, doc comments right before it included.
    fn with_docs(&self, index: usize, floor: usize) -> usize {
        let mut start = index;
        while start > floor && self.lexemes.get(start - 1).is_some_and(|l| l.token == Token::DocComment) {
            start -= 1;
        }
        start
    }

    /// One past the last lexeme of `range` that is not a comment.
    fn last_code(&self, range: Range<usize>) -> usize {
        let mut end = range.end;
        while end > range.start && self.lexemes.get(end - 1).is_some_and(|l| matches!(l.token, Token::Comment | Token::DocComment)) {
            end -= 1;
        }
        end
    }

    /// The lexemes inside the block opened at `open`: up to its `}`, or to `end` when unclosed.
    fn body(&self, open: usize, end: usize) -> Range<usize> {
        let mut depth = 0usize;
        for index in open..end {
            match self.lexemes.get(index).map(|l| l.token) {
                Some(Token::Open) => depth += 1,
                Some(Token::Close) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return open + 1..index;
                    }
                }
                _ => {}
            }
        }
        open + 1..end
    }

    /// The first `{` of `range` outside brackets.
    fn open_brace(&self, range: Range<usize>) -> Option<usize> {
        self.first_outside_brackets(range, |text| text == "{")
    }

    /// The first `=` of `range` outside brackets that is not part of `==`, `!=`, `<=` or `>=`.
    fn equals_sign(&self, range: Range<usize>) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut depth = 0usize;
        for index in range {
            let lexeme = self.lexemes.get(index)?;
            match lexeme.token {
                Token::Open => depth += 1,
                Token::Close => depth = depth.saturating_sub(1),
                Token::Punct if depth == 0 && bytes.get(lexeme.start) == Some(&b'=') => {
                    let before = lexeme.start.checked_sub(1).and_then(|b| bytes.get(b)).copied();
                    let after = bytes.get(lexeme.end).copied();
                    if !matches!(before, Some(b'=' | b'!' | b'<' | b'>')) && after != Some(b'=') {
                        return Some(index);
                    }
                }
                _ => {}
            }
        }
        None
    }

    fn first_outside_brackets(&self, range: Range<usize>, wanted: impl Fn(&str) -> bool) -> Option<usize> {
        let mut depth = 0usize;
        for index in range {
            let lexeme = self.lexemes.get(index)?;
            match lexeme.token {
                Token::Open if depth == 0 && wanted(self.word(lexeme)) => return Some(index),
                Token::Open => depth += 1,
                Token::Close => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        None
    }

    /// The first word of `range`, comments skipped.
    fn first_word(&self, range: Range<usize>) -> &'a str {
        let first = range.filter_map(|i| self.lexemes.get(i)).find(|l| !matches!(l.token, Token::Comment | Token::DocComment));
        first.filter(|l| l.token == Token::Word).map(|l| self.word(l)).unwrap_or("")
    }

    fn word(&self, lexeme: &Lexeme) -> &'a str {
        self.text.get(lexeme.start..lexeme.end).unwrap_or("")
    }

    /// An error node for the value after the `=` at lexeme `equals`, up to lexeme `end`.
    fn error_after(&self, equals: usize, end: usize) -> Expr {
        let span = if equals + 1 < end { self.span(equals + 1..end) } else { self.span(equals..equals + 1) };
        Expr::new(ExprKind::Error, span)
    }

    /// Byte range of the lexemes `range`, relative to the item's text.
    fn bytes(&self, range: Range<usize>) -> (usize, usize) {
        let start = self.lexemes.get(range.start).map(|l| l.start).unwrap_or(self.text.len());
        let end = range.end.checked_sub(1).and_then(|i| self.lexemes.get(i)).map(|l| l.end).unwrap_or(start);
        (start, end.max(start))
    }

    /// The file span of the lexemes `range`, trailing comments left out.
    fn span(&self, range: Range<usize>) -> Span {
        let (start, end) = self.bytes(range.start..self.last_code(range.clone()));
        Span::new(self.file, self.offset + start, self.offset + end)
    }
}

/// The variant of an error for a chunk whose rule matched nothing (not reached: rules end in `EOI`).
fn missing() -> pest::error::ErrorVariant<Rule> {
    pest::error::ErrorVariant::CustomError { message: "nothing parsed".to_owned() }
}

fn set_item_span(item: &mut Item, span: Span) {
    match item {
        Item::Record(r) => r.span = span,
        Item::Enum(e) => e.span = span,
        Item::Param(p) => p.span = span,
        Item::Fn(f) => f.span = span,
        Item::Table(t) => t.span = span,
        Item::Decision(d) => d.span = span,
        Item::Test(t) => t.span = span,
    }
}

#[cfg(test)]
mod tests {
    use crate::span::FileId;

    #[test]
    fn one_broken_item_reports_at_most_the_file_limit() {
        let body: String = (0..500).map(|i| format!("  out{i} = 1 +\n  let\n")).collect();
        let parsed = crate::syntax::parse(FileId(0), &format!("decision d() {{\n{body}}}\n"));
        assert_eq!(parsed.diagnostics.len(), super::MAX_SYNTAX_ERRORS);
        assert_eq!(parsed.module.items.len(), 1, "the decision is still declared");
    }
}
