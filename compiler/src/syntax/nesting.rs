//! Real nesting depth of an item, measured on its tokens before the recursive parser runs.
//!
//! pest parses by recursive descent, so each level of nesting costs stack: a
//! bracket, an `if … then … else` (its branches are expressions), a prefix
//! operator (`not`, unary `-`) and an interpolation inside a string all nest.
//! A flat sequence does not: a sum of 500 terms, an enum of 1,000 variants or a
//! record of 500 fields is flat, however many short tokens it has. This module
//! follows the nesting with a stack of open frames and reports the first token
//! at which it passes a limit, so the error points at the deep spot.
//!
//! The measure is an upper bound of the parser's recursion for valid input: a
//! frame closes when its construct provably ends (its bracket closes; an `if`
//! or a prefix operator when the expression around it ends, which is where an
//! operand is followed by something that cannot continue it).

use super::lexer::{Lexeme, Token};

/// The first place where nesting passes the limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooDeep {
    /// The token that opened one level too many.
    pub at: Lexeme,
}

/// What is open at some point of the item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Frame {
    /// `(`, `[`, `{`, or `{` inside a string.
    Bracket,
    /// `<` after a generic type's name (`List<`, `Map<`, `Money<`), closed by `>`.
    TypeArgs,
    /// An `if`, in the part it has reached.
    If(IfPart),
    /// A prefix `not`: it extends over comparisons and arithmetic, up to `and`/`or`.
    Not,
    /// A prefix `-`: it binds tighter than every infix operator.
    Neg,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum IfPart {
    Condition,
    Then,
    Else,
}

/// The state of the scan: the open frames and whether an operand comes next.
struct Scan<'s> {
    frames: Vec<Frame>,
    expect_operand: bool,
    /// The previous word, when it is the token right before this one.
    previous_word: Option<&'s str>,
}

/// The deepest nesting of `lexemes`, or the first token at which it passes `limit`.
pub fn measure(src: &str, lexemes: &[Lexeme], limit: usize) -> Result<usize, TooDeep> {
    let mut scan = Scan { frames: Vec::new(), expect_operand: true, previous_word: None };
    let mut deepest = 0;
    for lexeme in lexemes {
        let text = src.get(lexeme.start..lexeme.end).unwrap_or("");
        scan.step(lexeme.token, text);
        scan.previous_word = (lexeme.token == Token::Word).then_some(text);
        deepest = deepest.max(scan.frames.len());
        if deepest > limit {
            return Err(TooDeep { at: *lexeme });
        }
    }
    Ok(deepest)
}

impl Scan<'_> {
    fn step(&mut self, token: Token, text: &str) {
        match token {
            Token::Comment | Token::DocComment => {}
            Token::Open => {
                // `(` and `[` after an operand are a call or an index; `{` after one starts a block.
                if !self.expect_operand && text == "{" {
                    self.end_expression();
                }
                self.frames.push(Frame::Bracket);
                self.expect_operand = true;
            }
            Token::Close => {
                self.close_bracket();
                self.expect_operand = false;
            }
            Token::Str => {
                self.operand();
                self.string_interpolations(text);
            }
            Token::Number => self.operand(),
            Token::Word => self.word(text),
            Token::Punct => self.punct(text),
        }
    }

    /// An operand right after another one means the expression before it ended.
    fn operand(&mut self) {
        if !self.expect_operand {
            self.end_expression();
        }
        self.expect_operand = false;
    }

    fn word(&mut self, word: &str) {
        match word {
            "if" => {
                self.operand();
                self.frames.push(Frame::If(IfPart::Condition));
                self.expect_operand = true;
            }
            "then" => self.if_part(IfPart::Condition, IfPart::Then),
            "else" => self.if_part(IfPart::Then, IfPart::Else),
            "not" if self.expect_operand => self.frames.push(Frame::Not),
            "not" | "in" => self.infix(Frame::Neg),
            "and" | "or" => {
                self.pop_while(|f| matches!(f, Frame::Not | Frame::Neg));
                self.expect_operand = true;
            }
            _ if self.expect_operand => self.expect_operand = false,
            _ => {
                self.end_expression();
                self.expect_operand = KEYWORDS_BEFORE_EXPRESSIONS.contains(&word);
            }
        }
    }

    fn punct(&mut self, symbol: &str) {
        let after_generic = self.previous_word.is_some_and(|w| GENERIC_TYPES.contains(&w));
        if symbol == "<" && after_generic {
            self.frames.push(Frame::TypeArgs);
            self.expect_operand = true;
        } else if symbol == ">" && self.frames.last() == Some(&Frame::TypeArgs) {
            self.frames.pop();
            self.expect_operand = false;
        } else if symbol == "-" && self.expect_operand {
            self.frames.push(Frame::Neg);
        } else if symbol == "," {
            self.end_expression();
            self.expect_operand = true;
        } else {
            self.infix(Frame::Neg);
        }
    }

    /// An infix operator ends the prefix operators that bind tighter than it.
    fn infix(&mut self, tighter: Frame) {
        self.pop_while(|f| f == tighter);
        self.expect_operand = true;
    }

    /// `then` or `else`: the innermost `if` in part `from` moves to part `to`.
    fn if_part(&mut self, from: IfPart, to: IfPart) {
        self.pop_while(|f| matches!(f, Frame::Not | Frame::Neg | Frame::If(IfPart::Else)));
        if let Some(frame) = self.frames.last_mut() {
            if *frame == Frame::If(from) {
                *frame = Frame::If(to);
            }
        }
        self.expect_operand = true;
    }

    /// The expression at this bracket level is over: its `if`s and prefix operators close.
    fn end_expression(&mut self) {
        self.pop_while(|f| !matches!(f, Frame::Bracket | Frame::TypeArgs));
    }

    fn close_bracket(&mut self) {
        self.pop_while(|f| f != Frame::Bracket);
        self.frames.pop();
    }

    fn pop_while(&mut self, mut open: impl FnMut(Frame) -> bool) {
        while self.frames.last().is_some_and(|f| open(*f)) {
            self.frames.pop();
        }
    }

    /// Interpolations nest: `"a {f("b {c}")} d"` reaches the lexer as strings and brackets,
    /// and the braces inside each string piece open and close levels.
    fn string_interpolations(&mut self, text: &str) {
        let mut escaped = false;
        for c in text.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '{' => self.frames.push(Frame::Bracket),
                '}' => self.close_bracket(),
                _ => {}
            }
        }
        self.expect_operand = false;
    }
}

/// Types that take type arguments in `<…>`.
const GENERIC_TYPES: &[&str] = &["List", "Set", "Map", "Money"];

/// Words after which an expression starts (so a prefix operator there is a prefix).
const KEYWORDS_BEFORE_EXPRESSIONS: &[&str] = &[
    "when",
    "otherwise",
    "where",
    "eligible",
    "propensity",
    "value",
    "lever",
    "weight",
    "message",
    "expect",
    "by",
    "most",
    "per",
    "least",
    "of",
    "history",
    "channel",
];
