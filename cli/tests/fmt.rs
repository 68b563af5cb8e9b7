//! `tenor fmt`: exit codes, the `--check` diff, rewriting in place, files it refuses, the walk,
//! and the repository itself formatted (what CI checks).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests stop loudly on a broken fixture"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MESSY: &str = "decision greet(c: Customer) {\n  tone { warm when c.vip  otherwise neutral }\n}\nrecord Customer { vip: Bool }\n";
const TIDY: &str =
    "decision greet(c: Customer) {\n  tone {\n    warm when c.vip\n    otherwise neutral\n  }\n}\n\nrecord Customer {\n  vip: Bool\n}\n";

fn tenor(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tenor")).args(args).current_dir(dir).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn scratch(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

#[test]
fn check_prints_a_unified_diff_and_changes_nothing() {
    let dir = scratch(&[("a.tenor", MESSY.as_bytes()), ("b.tenor", TIDY.as_bytes())]);
    let out = tenor(dir.path(), &["fmt", "--check", "."]);
    assert_eq!(out.status.code(), Some(1));
    let diff = text(&out.stdout);
    assert!(diff.starts_with("--- ./a.tenor\n+++ ./a.tenor (formatted)\n@@ "), "{diff}");
    assert!(diff.contains("-  tone { warm when c.vip  otherwise neutral }\n+  tone {\n+    warm when c.vip\n"), "{diff}");
    assert!(!diff.contains("b.tenor"), "{diff}");
    assert_eq!(text(&out.stderr), "2 files checked: 1 not formatted\n");
    assert_eq!(std::fs::read_to_string(dir.path().join("a.tenor")).unwrap(), MESSY);
}

#[test]
fn check_passes_on_formatted_files() {
    let dir = scratch(&[("b.tenor", TIDY.as_bytes())]);
    let out = tenor(dir.path(), &["fmt", "--check", "b.tenor"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn fmt_rewrites_changed_files_in_place_and_leaves_the_others_alone() {
    let dir = scratch(&[("a.tenor", MESSY.as_bytes()), ("b.tenor", TIDY.as_bytes())]);
    let tidy = dir.path().join("b.tenor");
    let before = std::fs::metadata(&tidy).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = tenor(dir.path(), &["fmt", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stderr), "2 files checked: 1 reformatted\n");
    assert_eq!(std::fs::read_to_string(dir.path().join("a.tenor")).unwrap(), TIDY);
    assert_eq!(std::fs::metadata(&tidy).unwrap().modified().unwrap(), before, "an unchanged file was written");
    let leftovers: Vec<PathBuf> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(leftovers.len(), 2, "a temporary file was left: {leftovers:?}");
}

#[test]
fn a_file_with_syntax_errors_is_left_untouched_and_its_errors_reported() {
    let broken = "decision d( {\n  tone { warm when }\n";
    let dir = scratch(&[("broken.tenor", broken.as_bytes()), ("a.tenor", MESSY.as_bytes())]);
    let out = tenor(dir.path(), &["fmt", "."]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("broken.tenor:1:"), "{stderr}");
    assert!(
        stderr.contains("error: `./broken.tenor` has syntax errors and was left as it is; fix them and run `tenor fmt` again"),
        "{stderr}"
    );
    assert!(stderr.ends_with("2 files checked: 1 reformatted, 1 left as they are because of errors\n"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join("broken.tenor")).unwrap(), broken);
    assert_eq!(std::fs::read_to_string(dir.path().join("a.tenor")).unwrap(), TIDY);
}

#[test]
fn a_file_that_is_not_utf8_is_refused_with_a_clear_message() {
    let bytes: &[u8] = b"record A { name: Text }\n# caf\xe9\n";
    let dir = scratch(&[("latin1.tenor", bytes)]);
    let out = tenor(dir.path(), &["fmt", "latin1.tenor"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("this file is not UTF-8 text"), "{stderr}");
    assert!(stderr.contains("save the file as UTF-8"), "{stderr}");
    assert_eq!(std::fs::read(dir.path().join("latin1.tenor")).unwrap(), bytes);
}

#[cfg(unix)]
#[test]
fn folders_are_walked_hidden_entries_skipped_and_a_linked_file_rewritten_through_its_link() {
    let dir =
        scratch(&[("policy/a.tenor", MESSY.as_bytes()), ("policy/.hidden/h.tenor", MESSY.as_bytes()), ("real/r.tenor", MESSY.as_bytes())]);
    std::os::unix::fs::symlink(dir.path().join("real/r.tenor"), dir.path().join("policy/link.tenor")).unwrap();
    std::os::unix::fs::symlink(dir.path().join("policy"), dir.path().join("policy/loop")).unwrap();
    let out = tenor(dir.path(), &["fmt", "policy"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).ends_with("2 files checked: 2 reformatted\n"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(dir.path().join("policy/a.tenor")).unwrap(), TIDY);
    assert_eq!(std::fs::read_to_string(dir.path().join("real/r.tenor")).unwrap(), TIDY);
    assert!(std::fs::symlink_metadata(dir.path().join("policy/link.tenor")).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(dir.path().join("policy/.hidden/h.tenor")).unwrap(), MESSY);
}

/// What CI checks: `tenor fmt --check` over every `.tenor` file of the repository, except those
/// in `.tenor-fmt-ignore` and those with syntax errors (fixtures of the parser's errors).
#[test]
fn the_repository_is_formatted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let ignore = std::fs::read_to_string(root.join(".tenor-fmt-ignore")).unwrap();
    let ignored: Vec<&str> = ignore.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).collect();
    let files = tracked_sources(&root, &ignored);
    assert!(files.len() > 50, "only {} files", files.len());
    let out = tenor(&root, &[&["fmt", "--check"][..], &files.iter().map(String::as_str).collect::<Vec<_>>()].concat());
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
}

/// The `.tenor` files git tracks (untracked fuzz corpora and scratch files are not the
/// repository's) that parse and are not ignored, as paths relative to `root`.
fn tracked_sources(root: &Path, ignored: &[&str]) -> Vec<String> {
    let listed = Command::new("git").args(["ls-files", "-z", "*.tenor"]).current_dir(root).output().unwrap();
    assert!(listed.status.success(), "git ls-files: {}", text(&listed.stderr));
    let mut files = Vec::new();
    for relative in text(&listed.stdout).split('\0').filter(|p| !p.is_empty() && !ignored.contains(p)) {
        let source = std::fs::read_to_string(root.join(relative)).unwrap();
        let parsed = tenor_compiler::syntax::parse(tenor_compiler::span::FileId(0), &source);
        if !parsed.diagnostics.iter().any(|d| d.is_error()) {
            files.push(relative.to_owned());
        }
    }
    files
}
