//! `tenor diff` end to end: every before/after pair under `tests/diff/` in text, Markdown and
//! JSON (one snapshot per pair), decision impact on a fixture input file, bad input (a broken
//! side, a missing git revision, inputs that fit one side only), git revisions and git's diff driver.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests stop loudly on a broken fixture"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `tests/diff/` at the workspace root.
fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/diff")
}

/// Runs `tenor` in `dir`.
fn tenor(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tenor")).args(args).current_dir(dir).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The old and new side of a fixture: `old.tenor`/`new.tenor`, or folders `old/`/`new/`.
fn sides(case: &Path) -> (&'static str, &'static str) {
    if case.join("old").is_dir() {
        ("old", "new")
    } else {
        ("old.tenor", "new.tenor")
    }
}

/// The diff of one fixture pair in every format, with its exit code and standard error.
fn report(case: &Path, extra: &[&str]) -> String {
    let (old, new) = sides(case);
    let mut out = String::new();
    for format in ["text", "markdown", "json"] {
        let mut args = vec!["diff", old, new, "--format", format];
        args.extend_from_slice(extra);
        let output = tenor(case, &args);
        out.push_str(&format!("----- {} (exit {})\n{}", format.to_uppercase(), output.status.code().unwrap(), text(&output.stdout)));
        if format == "text" && !output.stderr.is_empty() {
            out.push_str(&format!("----- STDERR\n{}", text(&output.stderr)));
        }
    }
    out
}

fn snapshot(name: &str, content: &str) {
    insta::with_settings!({ snapshot_path => "snapshots/diff", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(name, content);
    });
}

#[test]
fn every_fixture_pair_diffs_as_snapshotted() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.join("inputs.jsonl").exists())
        .collect();
    cases.sort();
    assert!(cases.len() >= 14, "expected a fixture pair per kind of change, found {}", cases.len());
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        snapshot(&name, &report(&case, &[]));
    }
}

#[test]
fn formatting_and_comments_only_are_no_change() {
    let output = tenor(&fixtures().join("formatting_only"), &["diff", "old.tenor", "new.tenor", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["summary"]["changed"], 0);
    assert_eq!(json["changes"], serde_json::json!([]));
    assert!(output.status.success());
}

#[test]
fn decision_impact_counts_transitions_and_inputs_that_fit_one_side() {
    let case = fixtures().join("impact");
    let report = report(&case, &["--inputs", "inputs.jsonl"]);
    snapshot("impact", &report);
    // Lines 7 and 19 carry a field only the new schema has; line 25 fits neither.
    assert!(report.contains("the old version refused 3 lines (line 7:"), "{report}");
    assert!(report.contains("the new version refused 1 line (line 25:"), "{report}");
}

#[test]
fn impact_is_skipped_with_a_note_when_a_side_does_not_compile() {
    let case = fixtures().join("broken_side");
    let inputs = fixtures().join("impact/inputs.jsonl");
    let output = tenor(&case, &["diff", "old.tenor", "new.tenor", "--inputs", inputs.to_str().unwrap()]);
    let stdout = text(&output.stdout);
    assert!(stdout.contains("note: decision impact skipped: the new version does not compile; fix its errors and run again"), "{stdout}");
    assert!(stdout.contains("param `shop.retention.churn_threshold` changed"), "{stdout}");
    assert!(text(&output.stderr).contains("unexpected `10`"));
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn an_unknown_decision_is_named_with_the_version() {
    let case = fixtures().join("impact");
    let output = tenor(&case, &["diff", "old.tenor", "new.tenor", "--inputs", "inputs.jsonl", "--decision", "nope"]);
    let stderr = text(&output.stderr);
    assert_eq!(stderr, "error: the old version: no decision named `nope`; the decisions are `retain`\n");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn one_path_is_refused_with_the_usage() {
    let output = tenor(&fixtures(), &["diff", "param_moved/old.tenor"]);
    assert_eq!(
        text(&output.stderr),
        "error: give two versions, `tenor diff OLD NEW` (files or folders), or `--git REV[..REV]`; got 1 path\n"
    );
    assert_eq!(output.status.code(), Some(1));
}

/// A temporary git repository with a policy committed twice (`param_moved` old, then new),
/// configured to use `tenor diff --git-driver` for `*.tenor`.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let output = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap();
        assert!(output.status.success(), "git {args:?}: {}", text(&output.stderr));
    };
    git(&["init", "-q", "-b", "main"]);
    let driver = format!("{} diff --git-driver", env!("CARGO_BIN_EXE_tenor"));
    git(&["config", "diff.tenor.command", &driver]);
    std::fs::write(dir.path().join(".gitattributes"), "*.tenor diff=tenor\n").unwrap();
    std::fs::create_dir(dir.path().join("policy")).unwrap();
    let fixture = fixtures().join("param_moved");
    std::fs::copy(fixture.join("old.tenor"), dir.path().join("policy/retention.tenor")).unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "v1"]);
    std::fs::copy(fixture.join("new.tenor"), dir.path().join("policy/retention.tenor")).unwrap();
    git(&["commit", "-q", "-am", "v2"]);
    dir
}

/// `git` in `dir`, isolated from the user's configuration.
fn git_output(dir: &Path, args: &[&str]) -> Output {
    Command::new("git").args(args).current_dir(dir).env("GIT_CONFIG_GLOBAL", "/dev/null").env("GIT_CONFIG_NOSYSTEM", "1").output().unwrap()
}

#[test]
fn git_revisions_are_compared_without_a_checkout() {
    let repo = repository();
    let output = tenor(repo.path(), &["diff", "--git", "HEAD~1..HEAD", "policy"]);
    assert_eq!(
        text(&output.stdout).lines().take(3).collect::<Vec<_>>(),
        ["tenor diff HEAD~1:policy → HEAD:policy: 3 changes", "~ param `shop.retention.churn_threshold` changed", "    value: `2` → `3`"]
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    // A revision alone is compared with the working tree, here back at the old version.
    std::fs::copy(fixtures().join("param_moved/old.tenor"), repo.path().join("policy/retention.tenor")).unwrap();
    let output = tenor(&repo.path().join("policy"), &["diff", "--git", "HEAD"]);
    assert!(text(&output.stdout).starts_with("tenor diff HEAD:. → working tree: 3 changes\n"), "{}", text(&output.stdout));
    assert!(text(&output.stdout).contains("    value: `3` → `2`"));
}

#[test]
fn a_missing_git_revision_is_named_in_one_line() {
    let repo = repository();
    let output = tenor(repo.path(), &["diff", "--git", "release-9..HEAD"]);
    assert_eq!(
        text(&output.stderr),
        "error: git revision `release-9` does not exist; give a branch, tag or commit (`git log --oneline` lists them)\n"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn git_outside_a_repository_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_tenor"))
        .args(["diff", "--git", "HEAD"])
        .current_dir(dir.path())
        .env("GIT_CEILING_DIRECTORIES", dir.path().parent().unwrap())
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("error: `git rev-parse` failed: not a git repository"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1);
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn git_diff_shows_the_semantic_diff_through_the_driver() {
    let repo = repository();
    let output = git_output(repo.path(), &["diff", "HEAD~1", "HEAD"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    snapshot("git_driver", &text(&output.stdout));
    // A file added (its old side is /dev/null), with a syntax error: still a diff, and git carries on.
    std::fs::write(repo.path().join("policy/extra.tenor"), "package shop.extra\nparam cap: Int = 3\nparam broken: Int = \n").unwrap();
    git_output(repo.path(), &["add", "."]);
    let output = git_output(repo.path(), &["diff", "--cached"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    snapshot("git_driver_added_file", &text(&output.stdout));
}
