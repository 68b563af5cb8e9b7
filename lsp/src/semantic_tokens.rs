//! Semantic tokens from the logos lexer (the compiler's own tokens), names classified by what
//! they refer to, so every editor highlights alike.

use crate::index::Kind;
use crate::position::to_u32;
use crate::rename::KEYWORDS;
use crate::snapshot::Snapshot;
use tenor_compiler::span::Span;
use tenor_compiler::syntax::lexer::{self, Token};
use tower_lsp_server::ls_types::{SemanticToken, SemanticTokenType, SemanticTokens, SemanticTokensLegend, Uri};

/// The token types, in legend order.
const TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::COMMENT,
    SemanticTokenType::OPERATOR,
    SemanticTokenType::TYPE,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::PARAMETER,
];

/// The legend the server announces.
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend { token_types: TYPES.to_vec(), token_modifiers: Vec::new() }
}

/// The tokens of the file at `uri`.
pub fn tokens(snapshot: &Snapshot, uri: &Uri) -> SemanticTokens {
    let Some(id) = snapshot.file_id(uri) else { return SemanticTokens::default() };
    let Some(file) = snapshot.file(id) else { return SemanticTokens::default() };
    let mut data = Vec::new();
    let (mut last_line, mut last_start) = (0u32, 0u32);
    for lexeme in lexer::tokens(&file.text) {
        let text = file.text.get(lexeme.start..lexeme.end).unwrap_or("");
        let span = Span::new(id, lexeme.start, lexeme.end);
        let Some(kind) = classify(snapshot, lexeme.token, text, span) else { continue };
        let start = file.lines.position(&file.text, lexeme.start);
        // A token never spans lines in Tenor (strings and comments end at the line's end).
        let length = to_u32(text.encode_utf16().count());
        let delta_line = start.line - last_line;
        let delta_start = if delta_line == 0 { start.character - last_start } else { start.character };
        data.push(SemanticToken { delta_line, delta_start, length, token_type: kind, token_modifiers_bitset: 0 });
        (last_line, last_start) = (start.line, start.character);
    }
    SemanticTokens { result_id: None, data }
}

fn classify(snapshot: &Snapshot, token: Token, text: &str, span: Span) -> Option<u32> {
    let kind = match token {
        Token::Comment | Token::DocComment => SemanticTokenType::COMMENT,
        Token::Str => SemanticTokenType::STRING,
        Token::Number => SemanticTokenType::NUMBER,
        Token::Punct => SemanticTokenType::OPERATOR,
        Token::Open | Token::Close => return None,
        Token::Word if KEYWORDS.contains(&text) => SemanticTokenType::KEYWORD,
        Token::Word => {
            let decl = snapshot.index.use_at(span).or_else(|| snapshot.index.decl(span));
            match decl.map(|d| d.kind) {
                Some(Kind::Record | Kind::Enum) => SemanticTokenType::TYPE,
                Some(Kind::Field | Kind::Output) => SemanticTokenType::PROPERTY,
                Some(Kind::Variant | Kind::Offer) => SemanticTokenType::ENUM_MEMBER,
                Some(Kind::Function | Kind::Table | Kind::Stdlib | Kind::Decision) => SemanticTokenType::FUNCTION,
                Some(Kind::Input) => SemanticTokenType::PARAMETER,
                Some(_) => SemanticTokenType::VARIABLE,
                None if text.starts_with(|c: char| c.is_ascii_uppercase()) => SemanticTokenType::TYPE,
                None => SemanticTokenType::VARIABLE,
            }
        }
    };
    TYPES.iter().position(|t| *t == kind).map(to_u32)
}
