//! Syntax error wording: what the parser expected, in words, with a help line for every error.

use super::lexer::{self, Token};
use super::parser::Rule;
use crate::diagnostic::{Code, Diagnostic};
use crate::span::{FileId, Span};

/// Operator tokens, reported together as "an operator".
const OPERATORS: &[&str] = &["!=", "%", "*", "+", "-", "..", "<", "<=", "==", ">", ">=", "??", "/", ".", "(", "["];

/// What may stand inside an offer's braces.
const OFFER_PROPERTY: &str = "an offer property (`eligible when`, `requires consent`, `propensity`, `value`, `lever`, `message`)";

/// Human words for grammar rules, used in "expected …" messages.
fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::ident => "a name",
        Rule::expr | Rule::primary => "an expression",
        Rule::type_expr => "a type",
        Rule::string => "a string",
        Rule::doc | Rule::docs => "a `##` doc comment",
        Rule::EOI => "the end of the file",
        Rule::int_lit | Rule::float_lit | Rule::number => "a number",
        Rule::kw_when => "`when`",
        Rule::kw_contact | Rule::history => "`contact history … as of …`",
        Rule::kw_ranked | Rule::ranking => "`ranked by`",
        Rule::limit => "`at most`",
        Rule::kw_otherwise => "`otherwise`",
        Rule::kw_given => "`given`",
        Rule::kw_expect => "`expect`",
        Rule::rule_arm | Rule::when_arm => "a rule arm (`value when condition`)",
        Rule::offer_decl => "an offer",
        Rule::field_decl => "a field (`name: Type`)",
        Rule::variant => "a variant name",
        Rule::decision_stmt | Rule::let_stmt | Rule::output_rules | Rule::output_value | Rule::stmt_chunk => {
            "`let`, an output, `offers` or `experiment`"
        }
        Rule::arm_chunk => "a rule arm (`value when condition`)",
        Rule::offers_chunk => "an offer",
        Rule::field_chunk => "a field (`name: Type`)",
        Rule::variant_chunk => "a variant name",
        Rule::table_row_chunk | Rule::table_row => "a table row (`cells => value`)",
        Rule::test_part_chunk => "`given` or `expect`",
        Rule::item
        | Rule::package_decl
        | Rule::record_decl
        | Rule::enum_decl
        | Rule::param_decl
        | Rule::decision_decl
        | Rule::test_decl
        | Rule::fn_decl
        | Rule::import_decl => "a declaration (`record`, `enum`, `param`, `fn`, `decision` or `test`)",
        Rule::infix | Rule::op_or | Rule::op_and | Rule::op_eq | Rule::op_add | Rule::op_mul => "an operator",
        Rule::postfix | Rule::field_access | Rule::opt_field | Rule::call_args | Rule::index_access => "`.field`, `?.field`, `(` or `[`",
        Rule::kw_eligible | Rule::kw_propensity | Rule::kw_value | Rule::kw_lever | Rule::kw_message => OFFER_PROPERTY,
        // After an output's value only `requires consent` may follow; in an offer it is one property among the others.
        Rule::kw_requires => "`requires consent`",
        _ => return None,
    })
}

/// The diagnostic for a statement-level chunk (recovery): its end is no end of the file, so it
/// is not offered as an alternative when something else may stand there too.
pub(super) fn chunk_syntax_error(error: &pest::error::Error<Rule>, file: FileId, offset: usize, text: &str) -> Diagnostic {
    let mut error = error.clone();
    if let pest::error::ErrorVariant::ParsingError { positives, .. } = &mut error.variant {
        if positives.iter().any(|r| *r != Rule::EOI) {
            positives.retain(|r| *r != Rule::EOI);
        }
    }
    syntax_error(&error, file, offset, text)
}

/// The diagnostic for a chunk pest could not parse.
pub(super) fn syntax_error(error: &pest::error::Error<Rule>, file: FileId, offset: usize, text: &str) -> Diagnostic {
    if let Some(at) = invisible_character(text) {
        return invisible_character_error(text, at, file, offset);
    }
    if let Some(name) = non_ascii_name(text) {
        return non_ascii_name_error(&name, name.text(text), file, offset);
    }
    let at = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let found = found_text(text, at);
    if let Some(diagnostic) = unknown_duration_unit(text, at, &found, file, offset) {
        return diagnostic;
    }
    if let Some(diagnostic) = param_without_default(text, &found, file, offset) {
        return diagnostic;
    }
    let mut expected: Vec<String> = Vec::new();
    let mut name_expected = false;
    if let Some(attempts) = error.parse_attempts() {
        for token in attempts.expected_tokens() {
            let token = token.to_string();
            let is_punctuation = !token.is_empty() && token.chars().all(|c| !c.is_alphanumeric() && !c.is_whitespace() && !is_invisible(c));
            // `?.` is named with the other postfix forms (`.field`, `?.field`, `(` or `[`).
            if !is_punctuation || matches!(token.as_str(), "BUILTIN_RULE" | "_" | "#" | "##" | "?.") {
                continue;
            }
            expected.push(if OPERATORS.contains(&token.as_str()) { "an operator".to_owned() } else { format!("`{token}`") });
        }
    }
    if let pest::error::ErrorVariant::ParsingError { positives, .. } = &error.variant {
        let names_a_thing = [
            Rule::ident,
            Rule::output_value,
            Rule::output_rules,
            Rule::decision_stmt,
            Rule::field_decl,
            Rule::variant,
            Rule::fn_param,
            Rule::stmt_chunk,
            Rule::field_chunk,
            Rule::variant_chunk,
        ];
        name_expected = positives.iter().any(|r| names_a_thing.contains(r));
        // `message` alone is the start of `message of offer` (a test's expression), not an offer property.
        let offer_context =
            positives.iter().any(|r| matches!(r, Rule::kw_eligible | Rule::kw_propensity | Rule::kw_value | Rule::kw_lever));
        let described = positives.iter().filter(|r| offer_context || **r != Rule::kw_message).filter_map(|r| describe(*r));
        expected.extend(described.map(str::to_owned));
    }
    if expected.iter().any(|e| e == OFFER_PROPERTY) {
        expected.retain(|e| e != "`requires consent`");
    }
    expected.sort();
    expected.dedup();
    if expected.len() > 1 {
        // Doc comments may stand before almost anything; naming them only hides what is missing.
        expected.retain(|e| e != "a `##` doc comment");
    }
    let expected_text = match expected.as_slice() {
        [] => "something else".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    };
    let span_end = at + found.len().max(1).min(text.len().saturating_sub(at));
    let message = if found.is_empty() {
        format!("unexpected end of input; expected {expected_text}")
    } else {
        format!("unexpected {}; expected {expected_text}", describe_found(&found))
    };
    let help = syntax_help(text, at, &found, name_expected).unwrap_or_else(|| fallback_help(&found, &expected_text));
    let mut diagnostic = Diagnostic::error(Code::Syntax, Span::new(file, offset + at, offset + span_end.max(at)), message)
        .with_label("here")
        .with_help(help);
    if found.is_empty() {
        if let Some(open) = unclosed_brace(text) {
            diagnostic = diagnostic.with_note(Span::new(file, offset + open, offset + open + 1), "this `{` is never closed");
        }
    }
    diagnostic
}

/// `param name: Type` that ends before `= value` (the next declaration starts on the next line).
fn param_without_default(text: &str, found: &str, file: FileId, offset: usize) -> Option<Diagnostic> {
    let declared = text.trim_end();
    let head = declared.trim_start_matches(|c: char| c.is_whitespace()).lines().find(|l| !l.trim_start().starts_with('#'))?;
    let name = head.trim_start().strip_prefix("param ")?.split(':').next()?.trim();
    if !found.is_empty() || declared.contains('=') || name.is_empty() {
        return None;
    }
    let end = offset + declared.len();
    Some(
        Diagnostic::error(Code::Syntax, Span::new(file, end, end), format!("`param {name}` has no default value"))
            .with_label("the default goes here")
            .with_help(format!("every param has a default, which a params file may override: `{} = …`", declared.trim_start())),
    )
}

/// `3y` or `1.5h`: a number directly followed by letters that are no duration unit.
fn unknown_duration_unit(text: &str, at: usize, found: &str, file: FileId, offset: usize) -> Option<Diagnostic> {
    if !found.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let before = text.get(..at)?;
    let number_at = before.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.').len();
    let number = before.get(number_at..).filter(|n| n.starts_with(|c: char| c.is_ascii_digit()))?;
    let starts_a_word = before.get(..number_at).and_then(|b| b.chars().next_back()).is_some_and(|c| c.is_alphanumeric() || c == '_');
    if starts_a_word {
        return None;
    }
    let literal = format!("{number}{found}");
    let help = if number.contains('.') {
        "durations are whole numbers of a unit: write 90m rather than 1.5h".to_owned()
    } else {
        "durations use s, m, h, d or w; for years write 365d or use a Date".to_owned()
    };
    let span = Span::new(file, offset + number_at, offset + at + found.len());
    Some(Diagnostic::error(Code::Syntax, span, format!("`{literal}` is not a duration")).with_label("unknown duration").with_help(help))
}

/// The last `{` that no `}` closes, outside strings and comments.
fn unclosed_brace(text: &str) -> Option<usize> {
    let mut open = Vec::new();
    for lexeme in lexer::tokens(text) {
        match (lexeme.token, text.get(lexeme.start..lexeme.end)) {
            (Token::Open, Some("{")) => open.push(lexeme.start),
            (Token::Close, Some("}")) => {
                open.pop();
            }
            _ => {}
        }
    }
    open.pop()
}

fn found_text(text: &str, at: usize) -> String {
    let rest = text.get(at..).unwrap_or("");
    let trimmed: String = rest.chars().take_while(|c| !c.is_whitespace()).take(20).collect();
    if trimmed.is_empty() && !rest.is_empty() {
        return rest.chars().take(1).collect::<String>().replace('\n', "\\n");
    }
    let word: String = trimmed.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
    if word.is_empty() {
        trimmed.chars().take(1).collect()
    } else {
        word
    }
}

/// `found` in a message: quoted, or named by its code point when it cannot be seen.
fn describe_found(found: &str) -> String {
    let mut chars = found.chars();
    match (chars.next(), chars.next()) {
        (Some('\0'), None) => "NUL byte (`U+0000`)".to_owned(),
        (Some(c), None) if c.is_control() || is_invisible(c) => format!("invisible character `U+{:04X}`", c as u32),
        _ => format!("`{found}`"),
    }
}

/// Format characters that render as nothing: byte-order mark, zero-width spaces and joiners.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{FEFF}' | '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{00AD}')
}

/// The help when no specific one applies: what to write, or what to remove.
fn fallback_help(found: &str, expected: &str) -> String {
    match found.chars().next() {
        None => format!("the declaration ends too early: add {expected}"),
        Some(c) if c.is_control() || is_invisible(c) => "remove this character; it may come from a copy-paste or a binary file".to_owned(),
        Some(_) => format!("write {expected} here, or remove `{found}` if it is a typo"),
    }
}

/// The first control or invisible character outside strings and comments.
fn invisible_character(text: &str) -> Option<usize> {
    lexer::tokens(text).into_iter().find_map(|t| {
        let c = text.get(t.start..)?.chars().next()?;
        (t.token == Token::Punct && (c.is_control() || is_invisible(c))).then_some(t.start)
    })
}

fn invisible_character_error(text: &str, at: usize, file: FileId, offset: usize) -> Diagnostic {
    let found: String = text.get(at..).unwrap_or("").chars().take(1).collect();
    let width = found.len().max(1);
    Diagnostic::error(Code::Syntax, Span::new(file, offset + at, offset + at + width), format!("unexpected {}", describe_found(&found)))
        .with_label("here")
        .with_help(fallback_help(&found, ""))
}

/// A name with a letter outside ASCII, outside strings and comments: its span and the first such letter.
struct NonAsciiName {
    start: usize,
    end: usize,
    letter: char,
}

impl NonAsciiName {
    fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// The first word of `text` that contains a non-ASCII letter (the lexer reads only ASCII words).
fn non_ascii_name(text: &str) -> Option<NonAsciiName> {
    let is_name_part = |t: &lexer::Lexeme| matches!(t.token, Token::Word | Token::Number | Token::Punct);
    let tokens = lexer::tokens(text);
    let letter_at = tokens.iter().position(|t| {
        t.token == Token::Punct
            && text.get(t.start..t.end).and_then(|s| s.chars().next()).is_some_and(|c| c.is_alphabetic() && !c.is_ascii())
    })?;
    let touching = |a: &lexer::Lexeme, b: &lexer::Lexeme| a.end == b.start;
    let mut first = letter_at;
    while let (Some(prev), Some(cur)) = (first.checked_sub(1).and_then(|i| tokens.get(i)), tokens.get(first)) {
        if !is_name_part(prev)
            || !touching(prev, cur)
            || text.get(prev.start..prev.end).is_some_and(|s| !s.chars().all(char::is_alphanumeric))
        {
            break;
        }
        first -= 1;
    }
    let mut last = letter_at;
    while let (Some(cur), Some(next)) = (tokens.get(last), tokens.get(last + 1)) {
        if !is_name_part(next)
            || !touching(cur, next)
            || text.get(next.start..next.end).is_some_and(|s| !s.chars().all(|c| c.is_alphanumeric() || c == '_'))
        {
            break;
        }
        last += 1;
    }
    let start = tokens.get(first)?.start;
    let letter_token = tokens.get(letter_at)?;
    let letter = text.get(letter_token.start..)?.chars().next()?;
    Some(NonAsciiName { start, end: tokens.get(last)?.end, letter })
}

fn non_ascii_name_error(name: &NonAsciiName, written: &str, file: FileId, offset: usize) -> Diagnostic {
    let span = Span::new(file, offset + name.start, offset + name.end);
    let message = format!("names use ASCII letters, digits and `_`, but `{written}` has `{}`", name.letter);
    Diagnostic::error(Code::Syntax, span, message)
        .with_label("this name")
        .with_help("spell it without accents or other scripts; strings and comments may use any letters")
}

fn syntax_help(text: &str, at: usize, found: &str, name_expected: bool) -> Option<String> {
    let before = text.get(..at).unwrap_or("");
    let opens = before.matches('{').count();
    let closes = before.matches('}').count();
    if found.is_empty() && opens > closes {
        return Some("a `{` is not closed; add the missing `}`".to_owned());
    }
    if found == "=" {
        return Some("to compare, write `==`; a single `=` only names a value".to_owned());
    }
    const RESERVED: &[&str] =
        &["and", "or", "not", "in", "when", "otherwise", "true", "false", "none", "let", "if", "then", "else", "where"];
    if name_expected && RESERVED.contains(&found) {
        return Some(format!("`{found}` is a reserved word; choose another name"));
    }
    let line = before.rsplit('\n').next().unwrap_or("").trim_start();
    if found == "at" && line.starts_with("offers") {
        return Some(
            "the offers line takes `ranked by …`, then `at most N`, then `score at least …`, then `contact history …`; a floor on scores is written `score at least 5.0`"
                .to_owned(),
        );
    }
    if found == "&" || found == "|" || found == "!" {
        return Some("write `and`, `or` and `not` as words".to_owned());
    }
    if found == "\"" || text.get(at..).is_some_and(|r| r.starts_with('"') && !r.get(1..).unwrap_or("").contains('"')) {
        return Some("a string must close with `\"` on the same line".to_owned());
    }
    None
}
