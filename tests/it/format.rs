//! `tenor fmt`: snapshots of `tests/fmt/*.tenor`, and properties over every `.tenor` file of the
//! repository and over generated layouts: the layout is idempotent, keeps every comment, and
//! compiles to the same bytecode; a file with syntax errors is refused. That the repository is
//! formatted is checked through the command itself (`cli/tests/fmt.rs`).

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tenor_compiler::format::{comments, format, FormatError};
use tenor_compiler::span::{FileId, Sources};
use tenor_compiler::syntax::lexer::{self, Token};
use tenor_tests::root;

fn tenor_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with('.') || name == "target" {
            continue;
        }
        if path.is_dir() {
            out.extend(tenor_files(&path));
        } else if path.extension().is_some_and(|e| e == "tenor") {
            out.push(path);
        }
    }
    out
}

/// Every `.tenor` file of the repository, with its text.
fn repository() -> Vec<(PathBuf, String)> {
    tenor_files(&root()).into_iter().map(|p| (p.clone(), std::fs::read_to_string(&p).unwrap())).collect()
}

fn formatted(text: &str) -> String {
    match format(FileId(0), text) {
        Ok(out) => out,
        Err(e) => panic!("not formatted: {e:?}"),
    }
}

#[test]
fn fixtures_format_as_snapshotted() {
    for path in tenor_files(&root().join("tests/fmt")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let out = formatted(&text);
        assert_eq!(formatted(&out), out, "{} is not idempotent", path.display());
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        insta::with_settings!({ snapshot_suffix => name, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("fmt", out);
        });
    }
}

#[test]
fn every_file_formats_idempotently_and_keeps_its_comments() {
    for (path, text) in repository() {
        match format(FileId(0), &text) {
            Ok(out) => {
                assert_eq!(formatted(&out), out, "{} is not idempotent", path.display());
                assert_eq!(comments(&text), comments(&out), "{} lost or moved comments", path.display());
            }
            Err(FormatError::Syntax(errors)) => assert!(!errors.is_empty()),
            Err(FormatError::Unsafe(reason)) => panic!("{}: {reason}", path.display()),
        }
    }
}

/// The program as JSON with every span and source name taken out.
fn without_spans(sources: &Sources) -> Option<serde_json::Value> {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.remove("spans");
                map.remove("span");
                if map.contains_key("file") && map.contains_key("start") && map.contains_key("end") {
                    *value = serde_json::Value::Null;
                    return;
                }
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let (program, _) = tenor_compiler::compile(sources).ok()?;
    let mut json = serde_json::to_value(&program).unwrap();
    strip(&mut json);
    Some(json)
}

#[test]
fn formatted_folders_compile_to_the_same_program() {
    let mut folders: BTreeMap<PathBuf, Vec<(PathBuf, String)>> = BTreeMap::new();
    for (path, text) in repository() {
        folders.entry(path.parent().unwrap().to_path_buf()).or_default().push((path, text));
    }
    let mut compared = 0;
    for (folder, files) in folders {
        let (mut before, mut after) = (Sources::new(), Sources::new());
        for (path, text) in &files {
            before.add(path.display().to_string(), text.clone());
            after.add(path.display().to_string(), format(FileId(0), text).unwrap_or_else(|_| text.clone()));
        }
        let Some(old) = without_spans(&before) else { continue };
        assert_eq!(Some(old), without_spans(&after), "{} compiles differently once formatted", folder.display());
        compared += 1;
    }
    assert!(compared >= 10, "only {compared} folders compiled");
}

#[test]
fn line_ends_follow_the_files_first_line() {
    let lf = "package p\n\n# why\nrecord R {  a: Int,\n b: Int }\ndecision d(r: R) {\n  x: Int = (r.a +   r.b) # sum\n}\n";
    let crlf = lf.replace('\n', "\r\n");
    let from_lf = formatted(lf);
    let from_crlf = formatted(&crlf);
    assert!(!from_lf.contains('\r'), "{from_lf:?}");
    assert_eq!(from_crlf, from_lf.replace('\n', "\r\n"), "a CRLF file stays CRLF, with the same layout");
    assert_eq!(formatted(&from_crlf), from_crlf, "idempotent on CRLF");
    let mixed = "package p\n\r\ndecision d(r: Int) {\r\n  x: Int = r\r\n}\r\n";
    assert!(!formatted(mixed).contains('\r'), "the first line decides: LF");
}

#[test]
fn a_file_with_syntax_errors_is_refused_with_its_errors() {
    let Err(FormatError::Syntax(errors)) = format(FileId(3), "param x: Int = \nrecord { }") else {
        panic!("formatted a broken file")
    };
    assert!(errors.iter().all(|e| e.span.file == FileId(3)));
    assert!(errors.iter().any(|e| e.message.contains("expected")), "{errors:?}");
}

/// For each byte of `text`, whether it is code (outside strings and comments; an
/// interpolation's code counts, the strings inside it do not).
fn in_code(text: &str) -> Vec<bool> {
    // The stack holds what each open level is: a string (`"`) or an interpolation (`{`).
    let mut stack: Vec<u8> = Vec::new();
    let (mut escaped, mut comment) = (false, false);
    let mut marks = Vec::with_capacity(text.len());
    for b in text.bytes() {
        let in_string = stack.last() == Some(&b'"');
        marks.push(!in_string && !comment);
        match (in_string, b) {
            _ if comment => comment = b != b'\n',
            (true, _) if escaped => escaped = false,
            (true, b'\\') => escaped = true,
            (true, b'"') | (false, b'}') => {
                stack.pop();
            }
            (true, b'{') | (false, b'"') => stack.push(b),
            (false, b'{') => stack.push(b'{'),
            (false, b'#') => comment = true,
            _ => {}
        }
    }
    marks
}

/// A source with its white space changed where it does not matter: runs without a line break
/// become other runs (a line break among them), runs with one keep one. Comments stay trailing or not.
fn relaid() -> impl Strategy<Value = (String, String)> {
    let seeds: Vec<String> =
        repository().into_iter().map(|(_, t)| t).filter(|t| format(FileId(0), t).is_ok() && !t.contains('\r')).collect();
    (0..seeds.len(), prop::collection::vec(0..4usize, 4096)).prop_map(move |(i, choices)| {
        let text = seeds[i].clone();
        let tokens = lexer::tokens(&text);
        let code = in_code(&text);
        let mut out = String::new();
        let mut at = 0;
        for (n, token) in tokens.iter().enumerate() {
            let space = &text[at..token.start];
            let choice = choices[n % choices.len()];
            let money = text[token.start..token.end].bytes().all(|b| b.is_ascii_uppercase()) && token.end - token.start == 3;
            let keep = at == 0
                || !code.get(at).copied().unwrap_or(false)
                || money
                || matches!(token.token, Token::Comment | Token::DocComment)
                || space.contains("\n\n");
            out.push_str(&match (keep, space.contains('\n')) {
                (true, _) => space.to_owned(),
                (false, true) => {
                    let indent = space.rsplit('\n').next().unwrap_or("");
                    if indent.is_empty() {
                        "\n".to_owned()
                    } else {
                        ["\n ", "\n    ", "\n\t", "\n  "][choice].to_owned()
                    }
                }
                (false, false) if space.is_empty() => String::new(),
                (false, false) => [" ", "  ", "\n      ", "\t"][choice].to_owned(),
            });
            out.push_str(&text[token.start..token.end]);
            at = token.end;
        }
        out.push_str(&text[at..]);
        (text, out)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_layout_does_not_depend_on_the_white_space_written((original, relaid) in relaid()) {
        prop_assert_eq!(formatted(&relaid), formatted(&original));
    }
}

/// Generated well-typed policies (the differential tests' generator: every expression form and
/// type, deep parentheses, offers, rule lists) format idempotently to the same program.
#[test]
fn generated_policies_format_idempotently_to_the_same_program() {
    let mut compared = 0;
    for seed in 0..120 {
        let text = tenor_tests::drt::policy(&mut tenor_tests::drt::Rng::new(seed));
        let out = match format(FileId(0), &text) {
            Ok(out) => out,
            Err(e) => panic!("seed {seed}: {e:?}\n{text}"),
        };
        assert_eq!(formatted(&out), out, "seed {seed} is not idempotent");
        let (mut before, mut after) = (Sources::new(), Sources::new());
        before.add("generated.tenor", text.clone());
        after.add("generated.tenor", out.clone());
        let Some(old) = without_spans(&before) else { continue };
        assert_eq!(Some(old), without_spans(&after), "seed {seed} compiles differently once formatted:\n{text}\n---\n{out}");
        compared += 1;
    }
    assert!(compared >= 100, "only {compared} of 120 generated policies compiled");
}
