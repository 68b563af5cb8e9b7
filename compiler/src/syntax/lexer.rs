//! The logos token stream: trivia for the formatter and editor, item chunks for error recovery.
//!
//! pest (`grammar/tenor.pest`) is the parser; this lexer serves the jobs that
//! need a flat token stream: it keeps comments as trivia (the formatter and
//! the language server read them), it cuts a file into top-level items so the
//! parser can recover after a broken item, and its tokens let `nesting` refuse
//! absurdly deep input before the recursive parser sees it.

use logos::Logos;

/// One token, trivia included.
///
/// Each variant matches its first character only, and a callback consumes the rest with a
/// plain loop: logos compiles a repetition (`[a-z]*`) into one call per character, which
/// in a debug build overflows the stack on a long string, comment or run of spaces.
#[derive(Logos, Clone, Copy, Debug, PartialEq, Eq)]
// A byte-order mark (U+FEFF) is white space, as in the grammar.
#[logos(skip(r"[ \t\r\n\u{FEFF}]", rest_of_space))]
pub enum Token {
    /// `## text`: documentation of the next declaration.
    #[token("##", rest_of_line)]
    DocComment,
    /// `# text`: a plain comment.
    #[token("#", rest_of_line)]
    Comment,
    /// A string literal, interpolations included; an unclosed one ends at the end of its line.
    #[token("\"", rest_of_string)]
    Str,
    /// A word: name or keyword.
    #[regex(r"[A-Za-z_]", rest_of_word)]
    Word,
    /// A number, date, time or duration literal.
    #[regex(r"[0-9]", rest_of_number)]
    Number,
    /// `{`, `(` or `[`.
    #[regex(r"[\{\(\[]")]
    Open,
    /// `}`, `)` or `]`.
    #[regex(r"[\}\)\]]")]
    Close,
    /// Any operator or punctuation.
    #[regex(r"[^A-Za-z0-9_ \t\r\n#{}()\[\]\x22\u{FEFF}]")]
    Punct,
}

fn rest_of_space(lex: &mut logos::Lexer<Token>) {
    let rest = lex.remainder();
    let n = rest.find(|c: char| !matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{FEFF}')).unwrap_or(rest.len());
    lex.bump(n);
}

fn rest_of_line(lex: &mut logos::Lexer<Token>) {
    let rest = lex.remainder();
    lex.bump(rest.find('\n').unwrap_or(rest.len()));
}

fn rest_of_word(lex: &mut logos::Lexer<Token>) {
    let n = lex.remainder().bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
    lex.bump(n);
}

fn rest_of_number(lex: &mut logos::Lexer<Token>) {
    let n = lex.remainder().bytes().take_while(|b| b.is_ascii_alphanumeric() || b"_.:%+-".contains(b)).count();
    lex.bump(n);
}

/// Up to and with the closing quote, skipping escaped characters; or up to the end of the line.
fn rest_of_string(lex: &mut logos::Lexer<Token>) {
    let rest = lex.remainder();
    let mut escaped = false;
    let mut end = rest.len();
    for (i, c) in rest.char_indices() {
        match c {
            '\n' => {
                end = i;
                break;
            }
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => {
                end = i + 1;
                break;
            }
            _ => {}
        }
    }
    lex.bump(end);
}

/// A token with its byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lexeme {
    /// What kind of token.
    pub token: Token,
    /// Byte offset of its first byte.
    pub start: usize,
    /// Byte offset one past its last byte.
    pub end: usize,
}

/// A comment kept for the formatter, with its byte range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trivia {
    /// Byte range of the comment, `#` included.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Whether it is a `##` doc comment.
    pub is_doc: bool,
}

/// Every token of `src`; bytes logos cannot read become `Punct`.
pub fn tokens(src: &str) -> Vec<Lexeme> {
    Token::lexer(src)
        .spanned()
        .map(|(tok, range)| Lexeme { token: tok.unwrap_or(Token::Punct), start: range.start, end: range.end })
        .collect()
}

/// The comments of a file, in order.
pub fn trivia(lexemes: &[Lexeme]) -> Vec<Trivia> {
    lexemes
        .iter()
        .filter_map(|l| match l.token {
            Token::Comment => Some(Trivia { start: l.start, end: l.end, is_doc: false }),
            Token::DocComment => Some(Trivia { start: l.start, end: l.end, is_doc: true }),
            _ => None,
        })
        .collect()
}

/// Words that start a top-level item.
const ITEM_KEYWORDS: &[&str] = &["package", "import", "record", "enum", "param", "fn", "extern", "table", "decision", "test"];

/// A top-level item's byte range and its lexemes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    /// First byte (its doc comments included).
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The chunk's lexemes, as a range of indexes into the file's lexemes.
    pub lexemes: std::ops::Range<usize>,
}

/// Cuts a file into top-level items.
///
/// An item starts at an item keyword found outside brackets, or at any item
/// keyword in the first column (which also resets the nesting, so an unclosed
/// brace spoils only its own item). Doc comments right before the keyword
/// belong to the item. Text before the first item is its own chunk.
pub fn chunks(src: &str, lexemes: &[Lexeme]) -> Vec<Chunk> {
    let mut starts = Vec::new();
    let mut first_lexeme = Vec::new();
    let mut depth = 0usize;
    let mut pending_doc: Option<(usize, usize)> = None;
    let mut previous_word: Option<&str> = None;
    for (index, lexeme) in lexemes.iter().enumerate() {
        match lexeme.token {
            Token::Open => depth += 1,
            Token::Close => depth = depth.saturating_sub(1),
            Token::DocComment => {
                pending_doc.get_or_insert((lexeme.start, index));
                continue;
            }
            Token::Comment => continue,
            Token::Word => {
                let word = src.get(lexeme.start..lexeme.end).unwrap_or("");
                let first_column = lexeme.start == 0 || src.as_bytes().get(lexeme.start - 1) == Some(&b'\n');
                let after_extern = word == "fn" && previous_word == Some("extern");
                previous_word = Some(word);
                if ITEM_KEYWORDS.contains(&word) && (depth == 0 || first_column) && !after_extern {
                    let (start, lexeme_index) = pending_doc.unwrap_or((lexeme.start, index));
                    starts.push(start);
                    first_lexeme.push(lexeme_index);
                    depth = 0;
                }
            }
            _ => {}
        }
        pending_doc = None;
    }
    let mut bounds: Vec<(usize, usize)> = starts.into_iter().zip(first_lexeme).collect();
    if bounds.first().map(|b| b.0) != Some(0) {
        bounds.insert(0, (0, 0));
    }
    bounds.push((src.len(), lexemes.len()));
    bounds
        .windows(2)
        .filter_map(|w| match w {
            [(start, first), (end, last)] if !src.get(*start..*end).unwrap_or("").trim().is_empty() => {
                Some(Chunk { start: *start, end: *end, lexemes: *first..*last })
            }
            _ => None,
        })
        .collect()
}
