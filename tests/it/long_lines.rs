//! Diagnostics on very long lines (minified or generated files): the excerpt is clipped around
//! the label, the heading keeps the real line and column, and nothing panics.

use tenor_compiler::diagnostic::{Code, Diagnostic};
use tenor_compiler::span::{Sources, Span};
use tenor_runtime::{DecideError, Engine};
use tenor_tests::{render, single};

/// The diagnostics of `code` in `text`, rendered.
fn rendered(text: &str, code: Code) -> String {
    let sources = single("long.tenor", text);
    let diagnostics: Vec<Diagnostic> = tenor_compiler::analyze(&sources).diagnostics.into_iter().filter(|d| d.code == code).collect();
    assert_eq!(diagnostics.len(), 1, "{}", render(&diagnostics, &sources));
    render(&diagnostics, &sources)
}

/// Asserts that the underline under the excerpt line holding `word` starts right below it.
fn assert_label_under(rendered: &str, word: &str) {
    let lines: Vec<&str> = rendered.lines().collect();
    let at = lines.iter().position(|l| l.contains(" │ ") && l.contains(word)).unwrap_or_else(|| panic!("no `{word}` in:\n{rendered}"));
    let column = |line: &str, i: usize| line.get(..i).unwrap().chars().count();
    let word_column = column(lines[at], lines[at].rfind(word).unwrap());
    let underline = lines[at + 1];
    let mark = underline.find(['─', '┬', '▲']).unwrap_or_else(|| panic!("no underline in:\n{rendered}"));
    assert_eq!(column(underline, mark), word_column, "the label is not under `{word}`:\n{rendered}");
}

#[test]
fn a_diagnostic_at_column_seventy_thousand_shows_a_clipped_excerpt() {
    let text = format!("param q: List<Int> = [{}nope]\n", "1, ".repeat(23_330));
    let out = rendered(&text, Code::UnknownName);
    assert!(out.contains("╭─[long.tenor:1:70013]"), "{out}");
    assert_label_under(&out, "nope");
    insta::assert_snapshot!(out);
}

#[test]
fn a_diagnostic_at_column_one_million_is_cut_on_both_sides_and_json_keeps_the_exact_place() {
    let text = format!("{}param q: Int = nope + 1 # {}\n", " ".repeat(1_000_000), "x".repeat(1_000));
    let out = rendered(&text, Code::UnknownName);
    assert!(out.contains("╭─[long.tenor:1:1000016]"), "{out}");
    assert_label_under(&out, "nope");
    insta::assert_snapshot!(out);
    let sources = single("long.tenor", &text);
    let diagnostic = tenor_compiler::analyze(&sources).diagnostics.into_iter().find(|d| d.code == Code::UnknownName).unwrap();
    let json = serde_json::to_value(diagnostic.to_json(&sources)).unwrap();
    assert_eq!((json["line"].clone(), json["column"].clone()), (1.into(), 1_000_016.into()));
    assert_eq!(json["end"], serde_json::json!({"line": 1, "column": 1_000_020}));
    assert_eq!(diagnostic.span.start, 1_000_015, "byte offsets are the file's, not the excerpt's");
}

#[test]
fn multibyte_characters_at_the_cut_are_never_split() {
    for shift in 0..6 {
        let text = format!("param q: List<Text> = [\"{}\", {}nope]\n", "é".repeat(shift), "\"é\", ".repeat(14_000));
        let out = rendered(&text, Code::UnknownName);
        assert!(out.contains("…\"é\"") || out.contains("…é") || out.contains("…, ") || out.contains("… \""), "{out}");
        assert_label_under(&out, "nope");
    }
    let text = format!("param q: List<Text> = [{}nope]\n", "\"日本\", ".repeat(14_000));
    insta::assert_snapshot!(rendered(&text, Code::UnknownName));
}

#[test]
fn a_line_of_tabs_wider_than_miette_can_pad_renders() {
    let text = format!("param p: Int = 1\n{}param q: Int = nope\n", "\t".repeat(20_000));
    let out = rendered(&text, Code::UnknownName);
    assert!(out.contains("╭─[long.tenor:2:20016]"), "{out}");
    assert_label_under(&out, "nope");
}

#[test]
fn notes_outside_the_window_point_at_the_cut_and_other_long_lines_are_clipped_too() {
    let line = format!("{}{}{}", "a".repeat(10), "b".repeat(70_000), "c".repeat(500));
    let mut sources = Sources::new();
    let file = sources.add("made.tenor", format!("{line}\n{line}\nshort\n"));
    let second = line.len() + 1;
    let diagnostic = Diagnostic::error(Code::Duplicate, Span::new(file, second + 70_005, second + 70_020), "the main place")
        .with_label("here")
        .with_note(Span::new(file, second + 2, second + 4), "far to the left, on the same line")
        .with_note(Span::new(file, 70_100, 70_103), "the line above, cut around this note");
    let out = render(&[diagnostic], &sources);
    assert!(out.contains("╭─[made.tenor:2:70006]"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_runtime_error_on_a_long_line_renders_with_its_place() {
    let text = format!("decision d(x: Int) {{\n  y: List<Int> = [{}1 % x]\n}}\n", "1, ".repeat(23_330));
    let sources = single("long.tenor", &text);
    let Err(DecideError::Runtime { fault, span }) = Engine::compile(&sources).unwrap().decide_json("d", r#"{"x": 0}"#) else {
        panic!("expected a runtime error");
    };
    let diagnostic = Diagnostic::error(Code::Runtime, span, format!("the decision failed: {fault}")).with_label("while evaluating this");
    let out = render(&[diagnostic], &sources);
    assert!(out.contains("╭─[long.tenor:2:70009]"), "{out}");
    assert_label_under(&out, "1 % x");
    insta::assert_snapshot!(out);
}
