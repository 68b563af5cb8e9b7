//! `tenor batch`: decisions in input order, per-line errors, the summary, the exit code.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests stop loudly on a broken fixture")]

use std::io::Write;
use std::process::{Command, Stdio};

const POLICY: &str = "../examples/return_followup";
const DECISION: &str = "followup";

fn input(name: &str) -> String {
    let path = format!("{}/../examples/return_followup/inputs/followup/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let value: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    value.to_string()
}

/// Runs `tenor batch` with `stdin`; (success, stdout, stderr).
fn batch(stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tenor"))
        .args(["batch", POLICY, "--decision", DECISION])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Written from a thread: the batch writes its output while it still reads.
    let mut pipe = child.stdin.take().unwrap();
    let text = stdin.to_owned();
    let writer = std::thread::spawn(move || pipe.write_all(text.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn records_are_decided_in_input_order_and_failures_name_their_line() {
    let (defective, swap) = (input("first_time_defective"), input("loyal_size_swap"));
    // Many records, so that several threads and chunks take part.
    let mut lines = Vec::new();
    for i in 0..40_000 {
        lines.push(if i % 2 == 0 { defective.clone() } else { swap.clone() });
    }
    lines.insert(2, r#"{"customer": 1}"#.to_owned());
    lines.insert(5, String::new());
    let (ok, stdout, stderr) = batch(&(lines.join("\n") + "\n"));
    assert!(!ok, "a failed record makes the exit code non-zero");
    let out: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(out.len(), 40_001, "one output per record; the blank line is no record");
    assert_eq!(out[2]["line"], 3);
    assert!(out[2]["error"].as_str().unwrap().starts_with("customer: expected an object (Customer)"), "{}", out[2]);
    assert!(stderr.starts_with("error: line 3: customer: expected an object (Customer)"), "{stderr}");
    let tones: Vec<&str> = out.iter().filter_map(|o| o["tone"].as_str()).take(4).collect();
    assert_eq!(tones, ["apologetic", "plain", "apologetic", "plain"], "input order is kept");
    assert!(stderr.contains("40001 records, 1 failed, in "), "{stderr}");
    assert!(stderr.contains("\noffer: apology_20 20000\ntone: apologetic 20000 plain 20000\n"), "{stderr}");
}

#[test]
fn a_clean_batch_exits_zero() {
    let (ok, stdout, stderr) = batch(&format!("{}\n", input("first_time_defective")));
    assert!(ok, "{stderr}");
    assert_eq!(stdout.lines().count(), 1);
    assert!(stderr.starts_with("1 records, 0 failed"), "{stderr}");
}

#[test]
fn a_missing_input_is_named_and_leaves_no_output_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("decided.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_tenor"))
        .args(["batch", POLICY, "--decision", DECISION, "--input", "no-such-input.jsonl", "--output"])
        .arg(&output)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("cannot read `no-such-input.jsonl`"), "{stderr}");
    assert!(!output.exists(), "the output file is only created once the input is open");
}
