//! The `tenor` binary end to end: exit codes, output formats, and its messages.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests stop loudly on a broken fixture"
)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn tenor(args: &[&str], stdin: Option<&str>) -> Output {
    run(Command::new(env!("CARGO_BIN_EXE_tenor")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")), stdin)
}

/// Runs `tenor` in `dir`.
fn tenor_in(dir: &Path, args: &[&str]) -> Output {
    run(Command::new(env!("CARGO_BIN_EXE_tenor")).args(args).current_dir(dir), None)
}

/// Runs the command to its end; a run that takes more than 30 seconds is killed and fails the test.
fn run(command: &mut Command, stdin: Option<&str>) -> Output {
    let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    if let Some(text) = stdin {
        // A tenor that stops before reading its input closes the pipe: not a failure here.
        let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    }
    drop(child.stdin.take());
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(30) {
            child.kill().unwrap();
            panic!("tenor did not finish in 30 seconds");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output { status, stdout: out.join().unwrap(), stderr: err.join().unwrap() }
}

/// A fresh empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tenor-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const GREET: &str = include_str!("fixtures/greet.tenor");

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_passes_a_clean_policy() {
    let out = tenor(&["check", "tests/fixtures/greet.tenor"], None);
    assert!(out.status.success());
    assert_eq!(stderr(&out), "checked 1 file: no problems\n");
}

#[test]
fn check_reports_errors_with_place_and_help_and_exits_1() {
    let out = tenor(&["check", "tests/fixtures/broken.tenor"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("no field `purchace` on `Customer`; did you mean `purchases`?"), "{err}");
    assert!(err.contains("tests/fixtures/broken.tenor:6:26"), "{err}");
    assert!(err.contains("help: the fields of `Customer` are `purchases`"), "{err}");
}

#[test]
fn check_prints_json_for_tools() {
    let out = tenor(&["check", "--format", "json", "tests/fixtures/broken.tenor"], None);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "file": "tests/fixtures/broken.tenor", "line": 6, "column": 26, "end": {"line": 6, "column": 34},
            "severity": "error", "code": "unknown-field",
            "message": "no field `purchace` on `Customer`; did you mean `purchases`?",
            "help": "the fields of `Customer` are `purchases`"
        }])
    );
}

#[test]
fn eval_prints_the_decision_as_json() {
    let out = tenor(
        &["eval", "tests/fixtures/greet.tenor", "--decision", "greet", "--input", "-"],
        Some(r#"{"customer": {"name": "Ana", "vip": true}}"#),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json, serde_json::json!({"tone": "warm", "greeting": "Hello Ana"}));
}

#[test]
fn eval_and_test_run_on_either_engine_with_the_same_answers() {
    let input = r#"{"customer": {"name": "Ana", "vip": true}}"#;
    let decide = |engine: &str| {
        tenor(&["eval", "tests/fixtures/greet.tenor", "--decision", "greet", "--input", "-", "--engine", engine], Some(input))
    };
    let (vm, jit) = (decide("vm"), decide("jit"));
    assert!(vm.status.success() && jit.status.success(), "{}{}", stderr(&vm), stderr(&jit));
    assert_eq!(stdout(&vm), stdout(&jit));
    let tested = |engine: &str| tenor(&["test", "../examples/return_followup", "--engine", engine], None);
    let (vm, jit) = (tested("vm"), tested("jit"));
    assert!(vm.status.success() && jit.status.success(), "{}{}", stderr(&vm), stderr(&jit));
    assert_eq!(stdout(&vm), stdout(&jit));
    let unknown = tenor(&["eval", "tests/fixtures/greet.tenor", "--decision", "greet", "--input", "-", "--engine", "llvm"], Some(input));
    assert_eq!(unknown.status.code(), Some(2), "{}", stderr(&unknown));
    assert!(stderr(&unknown).contains("[possible values: vm, jit]"), "{}", stderr(&unknown));
}

#[test]
fn eval_names_the_bad_input_field() {
    let out = tenor(
        &["eval", "tests/fixtures/greet.tenor", "--decision", "greet", "--input", "-"],
        Some(r#"{"customer": {"name": 5, "vip": true}}"#),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("error: bad input: customer.name: expected a string, found the number 5"), "{}", stderr(&out));
}

#[test]
fn eval_refuses_non_json_and_unknown_decisions() {
    let out = tenor(&["eval", "tests/fixtures/greet.tenor", "--decision", "greet", "--input", "-"], Some("hello"));
    assert!(stderr(&out).starts_with("error: bad input: the input is not valid JSON"), "{}", stderr(&out));
    let out = tenor(&["eval", "tests/fixtures/greet.tenor", "--decision", "gret", "--input", "-"], Some("{}"));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "error: no decision named `gret` (did you mean `greet`?); the decisions are `greet`\n");
    let out = tenor(&["eval", "tests/fixtures/greet.tenor", "--decision", "greet", "--input", "missing.json"], None);
    assert!(stderr(&out).starts_with("error: cannot read `missing.json`"), "{}", stderr(&out));
}

#[test]
fn eval_refuses_a_decision_name_two_packages_share_and_takes_the_qualified_one() {
    let [common, store, loyalty] = ["common", "store", "loyalty"].map(|p| format!("../tests/packages/{p}"));
    let eval =
        |decision: &str, input: &str| tenor(&["eval", &common, &store, &loyalty, "--decision", decision, "--input", "-"], Some(input));
    let out = eval("greet", "{}");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: `greet` names decisions of several packages: `retail.store.greet`, `retail.loyalty.greet`; ask for one by its qualified name\n"
    );
    let out = eval("retail.loyalty.greet", r#"{"customer": {"name": "Bo", "points": 5}}"#);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("welcome back"), "{}", stdout(&out));
}

#[test]
fn test_reports_passes_and_the_final_count() {
    let out = tenor(&["test", "tests/fixtures/greet.tenor"], None);
    assert!(out.status.success());
    assert_eq!(stdout(&out), "ok    demo › a vip gets a warm tone\nok    demo › everyone else gets a neutral tone\n2 passed, 0 failed\n");
}

#[test]
fn test_shows_expected_and_actual_for_a_failure_and_exits_1() {
    let out = tenor(&["test", "tests/fixtures/failing.tenor"], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("FAIL  this expectation is wrong on purpose"), "{text}");
    assert!(text.contains("this expectation does not hold"), "{text}");
    assert!(text.contains("expect tone == warm"), "{text}");
    assert!(text.contains("\"tone\": \"neutral\""), "{text}");
    assert!(text.ends_with("1 passed, 1 failed\n"), "{text}");
}

#[test]
fn a_missing_path_is_a_clear_error() {
    let out = tenor(&["check", "no/such/dir"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("error: cannot read `no/such/dir`"), "{}", stderr(&out));
}

#[test]
fn a_closed_pipe_is_not_a_crash() {
    // `tenor check … 2>&1 | head -1`: the reader goes away before tenor writes.
    let mut child = Command::new(env!("CARGO_BIN_EXE_tenor"))
        .args(["check", "tests/fixtures/broken.tenor"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "exit 1 for the policy's errors, not 101 for a panic");
}

#[test]
fn eval_takes_param_overrides_and_names_a_bad_param() {
    let input = r#"{"c": {"sentiment": -0.2, "ltv": "2000 USD", "tier": "basic"}}"#;
    let args = ["eval", "../tests/params/policy.tenor", "--decision", "assess", "--input", "-", "--params", "../tests/params/staging.toml"];
    let out = tenor(&args, Some(input));
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json, serde_json::json!({"upset": true, "high_value": true, "concierge": true, "quiet_from": "20:00"}));
    let args =
        ["eval", "../tests/params/policy.tenor", "--decision", "assess", "--input", "-", "--params", "../tests/params/bad_type.toml"];
    let out = tenor(&args, Some(input));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "error: ../tests/params/bad_type.toml: param `upset_below`: expected a number, found \"low\"\n");
}

#[test]
fn eval_explains_a_decision_in_text_only() {
    let input = r#"{"customer": {"name": "Bo", "vip": false}}"#;
    let out = tenor(&["eval", "tests/fixtures/greet.tenor", "--decision", "greet", "--input", "-", "--explain", "text"], Some(input));
    assert!(out.status.success(), "{}", stderr(&out));
    // The text alone: the JSON trace is `--explain json`.
    assert_eq!(
        stdout(&out),
        "tone = \"neutral\": no earlier arm held (`customer.vip` does not hold), so `otherwise` (arm 2)\ngreeting = \"Hello Bo\": computed as `\"Hello {customer.name}\"`\n"
    );
}

#[test]
fn check_and_test_end_on_links_back_to_the_folder_and_name_what_they_skipped() {
    let dir = scratch("cycle");
    std::fs::create_dir(dir.join("a")).unwrap();
    std::fs::write(dir.join("a/greet.tenor"), GREET).unwrap();
    std::os::unix::fs::symlink(".", dir.join("a/loop")).unwrap();
    std::os::unix::fs::symlink(".", dir.join("a/loop2")).unwrap();
    let out = tenor_in(&dir, &["check", "a"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "warning: skipped `a/loop`: a link to `a` (already loaded)\n\
         warning: skipped `a/loop2`: a link to `a` (already loaded)\n\
         checked 1 file: no problems\n"
    );
    std::os::unix::fs::symlink("..", dir.join("a/up")).unwrap();
    let out = tenor_in(&dir, &["test"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).ends_with("2 passed, 0 failed\n"), "{}", stdout(&out));
    assert!(stderr(&out).contains("warning: skipped `./a/up`: a link to `.` (already loaded)\n"), "{}", stderr(&out));
}

#[test]
fn the_same_file_twice_on_the_command_line_is_checked_once() {
    let out = tenor(&["check", "tests/fixtures/greet.tenor", "tests/fixtures/greet.tenor"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "warning: skipped `tests/fixtures/greet.tenor`: already loaded\nchecked 1 file: no problems\n");
}

#[test]
fn a_fifo_named_like_a_policy_does_not_block_check() {
    let dir = scratch("fifo");
    std::fs::write(dir.join("greet.tenor"), GREET).unwrap();
    assert!(Command::new("mkfifo").arg(dir.join("x.tenor")).status().unwrap().success());
    let out = tenor_in(&dir, &["check", "."]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("warning: skipped `./x.tenor`: not a regular file"), "{}", stderr(&out));
}

#[test]
fn an_unreadable_folder_is_skipped_when_walked_and_an_error_when_named() {
    let dir = scratch("unreadable");
    std::fs::write(dir.join("greet.tenor"), GREET).unwrap();
    std::fs::create_dir(dir.join("secret")).unwrap();
    std::fs::write(dir.join("secret/other.tenor"), GREET).unwrap();
    std::fs::set_permissions(dir.join("secret"), std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    // Root reads every folder: run as `nobody` then (setpriv is part of util-linux).
    let as_user = |args: &[&str]| {
        let mut command = if std::os::unix::fs::MetadataExt::uid(&std::fs::metadata(&dir).unwrap()) == 0 {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_tenor")]);
            c
        } else {
            Command::new(env!("CARGO_BIN_EXE_tenor"))
        };
        run(command.args(args).current_dir(&dir), None)
    };
    let out = as_user(&["check", "."]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("warning: skipped `./secret`: cannot read the folder: Permission denied"), "{}", stderr(&out));
    let out = as_user(&["check", "secret"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).starts_with("error: cannot read `secret`: Permission denied"), "{}", stderr(&out));
}

#[test]
fn eval_refuses_a_params_file_that_is_a_folder_or_not_utf8() {
    let dir = scratch("params");
    std::fs::create_dir(dir.join("staging.toml")).unwrap();
    std::fs::write(dir.join("latin1.toml"), b"upset_below = \"\xe9\"\n").unwrap();
    let policy = format!("{}/../tests/params/policy.tenor", env!("CARGO_MANIFEST_DIR"));
    let input = r#"{"c": {"sentiment": -0.2, "ltv": "2000 USD", "tier": "basic"}}"#;
    let eval = |params: &str| {
        let args = ["eval", &policy, "--decision", "assess", "--input", "-", "--params", params];
        run(Command::new(env!("CARGO_BIN_EXE_tenor")).args(args).current_dir(&dir), Some(input))
    };
    let out = eval("staging.toml");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "error: staging.toml: this is a folder; give a params file (TOML, or JSON for `.json`)\n");
    let out = eval("latin1.toml");
    assert_eq!(stderr(&out), "error: latin1.toml: the params file is not UTF-8 text; save it as UTF-8\n");
}

#[test]
fn check_renders_a_diagnostic_far_along_a_line_and_json_keeps_its_exact_column() {
    let dir = scratch("long-check");
    std::fs::write(dir.join("long.tenor"), format!("{}param q: Int = nope\n", " ".repeat(70_000))).unwrap();
    let out = tenor_in(&dir, &["check", "long.tenor"]);
    assert_eq!(out.status.code(), Some(1), "exit 1 for the error, not 101 for a panic: {}", stderr(&out));
    assert!(stderr(&out).contains("╭─[long.tenor:1:70016]"), "{}", stderr(&out));
    let excerpt = format!(" │ …{}param q: Int = nope\n", " ".repeat(81));
    assert!(stderr(&out).contains(&excerpt), "the last 100 characters of the line: {}", stderr(&out));
    let out = tenor_in(&dir, &["check", "--format", "json", "long.tenor"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(json[0]["column"], 70_016);
    assert_eq!(json[0]["end"], serde_json::json!({"line": 1, "column": 70_020}));
}

#[test]
fn eval_renders_a_runtime_error_on_a_long_line() {
    let dir = scratch("long-eval");
    std::fs::write(dir.join("long.tenor"), format!("decision d(x: Int) {{\n  y: List<Int> = [{}1 % x]\n}}\n", "1, ".repeat(23_330)))
        .unwrap();
    let args = ["eval", "long.tenor", "--decision", "d", "--input", "-"];
    let out = run(Command::new(env!("CARGO_BIN_EXE_tenor")).args(args).current_dir(&dir), Some(r#"{"x": 0}"#));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("the decision failed: division by zero"), "{err}");
    assert!(err.contains("╭─[long.tenor:2:70009]"), "{err}");
    assert!(err.contains(" 1, 1, 1 % x]\n"), "{err}");
}

#[test]
fn test_renders_a_failed_expectation_after_twenty_thousand_tabs() {
    let dir = scratch("long-test");
    let failing = format!(
        "test \"wrong\" {{\n  given greet(customer: {{ name: \"Bo\", vip: false }})\n{}expect tone == warm\n}}\n",
        "\t".repeat(20_000)
    );
    std::fs::write(dir.join("greet.tenor"), format!("{GREET}\n{failing}")).unwrap();
    let out = tenor_in(&dir, &["test", "greet.tenor"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("FAIL  demo › wrong"), "{text}");
    assert!(text.contains("╭─[greet.tenor:30:20008]"), "{text}");
    assert!(text.contains("expect tone == warm\n"), "{text}");
    assert!(text.ends_with("2 passed, 1 failed\n"), "{text}");
}

#[test]
fn explain_does_not_take_a_following_path_as_its_format() {
    let input = r#"{"customer": {"name": "Bo", "vip": false}}"#;
    let explained = |args: &[&str]| {
        let out = tenor(args, Some(input));
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        serde_json::from_str::<serde_json::Value>(&stdout(&out)).unwrap()
    };
    let before_path = explained(&["eval", "--explain", "tests/fixtures/greet.tenor", "--decision", "greet", "--input", "-"]);
    assert_eq!(before_path["tone"], "neutral");
    assert!(before_path["explain"]["outputs"].is_object(), "{before_path}");
    let after_path = explained(&["eval", "tests/fixtures/greet.tenor", "--explain", "--decision", "greet", "--input", "-"]);
    assert_eq!(after_path, before_path);
    let joined = explained(&["eval", "tests/fixtures/greet.tenor", "--explain=json", "--decision", "greet", "--input", "-"]);
    assert_eq!(joined, before_path);
    let out = tenor(&["eval", "tests/fixtures/greet.tenor", "--decision", "greet", "--input", "-", "--explain=text"], Some(input));
    assert!(stdout(&out).ends_with("greeting = \"Hello Bo\": computed as `\"Hello {customer.name}\"`\n"), "{}", stdout(&out));
}

#[test]
fn an_unknown_explain_format_is_named_with_the_formats_there_are() {
    for explain in [&["--explain", "yaml"][..], &["--explain=yaml"]] {
        let mut args = vec!["eval", "tests/fixtures/greet.tenor", "--decision", "greet", "--input", "-"];
        args.extend_from_slice(explain);
        let out = tenor(&args, Some("{}"));
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        assert!(
            stderr(&out).starts_with("error: invalid value 'yaml' for '--explain[=<EXPLAIN>]'\n  [possible values: json, text]"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn test_checks_each_experiment_split_and_reports_the_measured_shares() {
    let out = tenor(&["test", "tests/fixtures/proof.tenor"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "ok    a vip in the challenger arm\n\
         ok    an upset customer gets an apology\n\
         ok    experiment subject_line: champion 90.09% (90%), challenger 9.90% (10%)\n\
         3 passed, 0 failed\n"
    );
}

#[test]
fn a_failed_equality_shows_expected_against_actual() {
    let dir = scratch("expected-actual");
    let policy = GREET_WITH_OFFERS.replace("\"Sorry, champion.\"", "\"Sorry!\"").replace("[sorry]", "[]");
    std::fs::write(dir.join("p.tenor"), policy).unwrap();
    let out = tenor_in(&dir, &["test", "p.tenor"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("FAIL  an upset customer gets an apology"), "{text}");
    assert!(text.contains("      expected: \"Sorry!\"\n      actual:   \"Sorry, champion.\"\n"), "{text}");
    assert!(text.contains("      expected: []\n      actual:   [\n        \"sorry\"\n      ]\n"), "{text}");
    assert!(text.ends_with("2 passed, 1 failed\n"), "{text}");
}

const GREET_WITH_OFFERS: &str = include_str!("fixtures/proof.tenor");

#[test]
fn coverage_lists_what_no_test_exercised_with_file_line_and_source() {
    let out = tenor(&["test", "--coverage", "tests/fixtures/proof.tenor"], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.ends_with(
            "3 passed, 0 failed\n\
             coverage\n  \
               greet: 75.0% (3 of 4 places, 2 tests)\n    \
                 tests/fixtures/proof.tenor:17  rule arm `otherwise plain`: never fired\n\
             coverage 75.0% (3 of 4 places); rule arms and table rows 66.7% (2 of 3)\n"
        ),
        "{text}"
    );
}

#[test]
fn coverage_below_fail_under_exits_1_and_a_bad_percentage_is_refused() {
    let below = tenor(&["test", "--fail-under", "90", "tests/fixtures/proof.tenor"], None);
    assert_eq!(below.status.code(), Some(1));
    assert!(stdout(&below).ends_with("coverage 75.0% is below the required 90%: add tests for the places listed\n"), "{}", stdout(&below));
    let above = tenor(&["test", "--coverage", "--fail-under", "75", "tests/fixtures/proof.tenor"], None);
    assert_eq!(above.status.code(), Some(0), "{}", stdout(&above));
    let bad = tenor(&["test", "--fail-under", "120", "tests/fixtures/proof.tenor"], None);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("`120` is not a percentage from 0 to 100"), "{}", stderr(&bad));
}

#[test]
fn check_refuses_consent_gated_data_in_an_output() {
    let out = tenor(&["check", "../tests/diagnostics/consent_output.tenor"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("consent-required") && err.contains("output `size_hint` uses `height_cm`"), "{err}");
}

#[test]
fn check_eval_and_test_refuse_nesting_far_past_the_limit_without_aborting() {
    let dir = scratch("deep-if");
    let chain: String = (0..30_000).map(|i| format!("if x == {i} then {i} else ")).collect();
    let policy = format!("decision d(x: Int) {{\n  out: Int = {chain}0\n}}\ntest \"t\" {{\n  given d(x: 1)\n  expect out == 1\n}}\n");
    std::fs::write(dir.join("deep.tenor"), policy).unwrap();
    std::fs::write(dir.join("in.json"), r#"{"x": 1}"#).unwrap();
    for args in [&["check", "deep.tenor"][..], &["eval", "deep.tenor", "--decision", "d", "--input", "in.json"], &["test", "deep.tenor"]] {
        let out = tenor_in(&dir, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("this nests more than 256 levels deep"), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn test_runs_the_tests_under_a_params_file_and_names_a_bad_one() {
    let policy = "../tests/conformance/params/collections.tenor";
    let out = tenor(&["test", policy, "--params", "../tests/params/markets.toml"], None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.starts_with("FAIL  the defaults serve the UK\n"), "{text}");
    assert!(text.ends_with("ok    a market without an entry falls back\n1 passed, 1 failed\n"), "{text}");
    let out = tenor(&["test", policy, "--params", "../tests/params/bad_type.toml"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: ../tests/params/bad_type.toml: no param named `upset_below`; the params are `case_age_days`, `concierge_tiers`, `headline`, `catalog`\n"
    );
}
