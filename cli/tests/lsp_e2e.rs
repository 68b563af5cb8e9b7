//! End-to-end tests of `tenor lsp` with a real client: runs `lsp/e2e/run.sh`, which makes a
//! Python virtual environment with pytest-lsp (pygls) and drives the server over stdio.
//! If the environment cannot be made (no python3, no venv module, no network), this test
//! fails with the script's message: it never skips.

use std::process::Command;

#[test]
fn the_language_server_passes_the_pytest_lsp_suite() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../lsp/e2e/run.sh");
    let output = Command::new("sh").arg(script).arg(env!("CARGO_BIN_EXE_tenor")).output();
    let output = match output {
        Ok(output) => output,
        Err(error) => panic!("cannot run {script} with `sh`: {error}"),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the end-to-end language server tests failed ({}):\n{stdout}\n{stderr}", output.status);
    assert!(stdout.contains("8 passed"), "expected the eight end-to-end tests to pass:\n{stdout}\n{stderr}");
}
