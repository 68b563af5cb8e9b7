//! Proof under load: `tenor serve` answers concurrent requests while its policy file is rewritten
//! 100 times, valid and invalid versions alternating, in the two ways editors save.
//!
//! Every response must be a well-formed decision; its two outputs must come from one version and
//! agree with the version id it reports; no invalid version may ever answer (they carry odd
//! levels, valid ones even); the last version must be live within a second of its write.

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing, reason = "tests stop loudly on a broken fixture")]

#[path = "support/server.rs"]
mod server;

use server::{Server, TempDir};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const WRITES: i64 = 100;
const CLIENTS: usize = 4;
/// At most this many requests per client, so the test is bounded on a fast machine too.
const MAX_REQUESTS: u64 = 50_000;

/// Version `n`: valid when `n` is even; an odd one has a type error and must never be served.
fn policy(n: i64) -> String {
    let broken = if n % 2 == 1 { "  broken: Int = \"not a number\"\n" } else { "" };
    format!(
        "param level: Int = {n}\ndecision which(x: Int) {{\n  first: Int = level + x * 0\n  second: Int = level * 2 + x * 0\n{broken}}}\n"
    )
}

/// Saves like vim or helix: a new file renamed over the old one.
fn save_rename_over(dir: &Path, text: &str) {
    let temp = dir.join(".policy.tenor.tmp");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, dir.join("policy.tenor")).unwrap();
}

/// Saves in place: truncate, then write in two steps.
fn save_truncate_and_write(dir: &Path, text: &str) {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new().write(true).truncate(true).open(dir.join("policy.tenor")).unwrap();
    let (head, tail) = text.split_at(text.len() / 2);
    file.write_all(head.as_bytes()).unwrap();
    file.flush().unwrap();
    std::thread::sleep(Duration::from_millis(2));
    file.write_all(tail.as_bytes()).unwrap();
}

/// What the clients saw.
#[derive(Default)]
struct Seen {
    /// Version id → level, from the first response that reported it.
    levels: Mutex<HashMap<String, i64>>,
    requests: AtomicU64,
}

/// Checks one response; returns its level.
fn check(seen: &Seen, status: u16, body: &str) -> i64 {
    assert_eq!(status, 200, "a failed response: {body}");
    let json: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("a malformed response ({e}): {body}"));
    let version = json["version"].as_str().unwrap_or_else(|| panic!("no version: {body}")).to_owned();
    let (first, second) = (json["decision"]["first"].as_i64().unwrap(), json["decision"]["second"].as_i64().unwrap());
    assert_eq!(second, first * 2, "outputs of two versions in one decision: {body}");
    assert_eq!(first % 2, 0, "an invalid version was served: {body}");
    let mut levels = seen.levels.lock().unwrap();
    let known = *levels.entry(version.clone()).or_insert(first);
    assert_eq!(known, first, "version {version} answered with two levels");
    first
}

fn client(server: &Server, seen: &Seen, done: &AtomicBool) {
    while !done.load(Ordering::Relaxed) && seen.requests.fetch_add(1, Ordering::Relaxed) < MAX_REQUESTS * CLIENTS as u64 {
        let (status, body) = server.post("/v1/decisions/which", r#"{"x": 1}"#, &[]);
        check(seen, status, &body);
    }
}

#[test]
fn the_service_serves_only_valid_versions_while_files_change_under_load() {
    let dir = TempDir::new("reload");
    dir.write("policy.tenor", &policy(0));
    let server = Arc::new(Server::start(&dir.0, &["--debounce-ms", "20"], &[]));
    let seen = Arc::new(Seen::default());
    let done = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (server, seen, done) = (server.clone(), seen.clone(), done.clone());
            std::thread::spawn(move || client(&server, &seen, &done))
        })
        .collect();
    let mut written = Instant::now();
    for n in 1..=WRITES {
        written = Instant::now();
        if n % 4 < 2 {
            save_rename_over(&dir.0, &policy(n));
        } else {
            save_truncate_and_write(&dir.0, &policy(n));
        }
        std::thread::sleep(Duration::from_millis(if n % 2 == 0 { 60 } else { 25 }));
    }
    let mut live_after = None;
    while live_after.is_none() && written.elapsed() < Duration::from_secs(2) {
        let (status, body) = server.post("/v1/decisions/which", r#"{"x": 1}"#, &[]);
        if check(&seen, status, &body) == WRITES {
            live_after = Some(written.elapsed());
        }
    }
    done.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().unwrap();
    }
    let live_after = live_after.unwrap_or_else(|| panic!("the last version was not live 2 s after its write"));
    assert!(live_after < Duration::from_secs(1), "the last version went live after {live_after:?}");

    let policy = server.get_json("/v1/policy");
    let levels = seen.levels.lock().unwrap();
    assert_eq!(levels.get(policy["version"].as_str().unwrap()), Some(&WRITES));
    assert!(levels.len() > 5, "only {} versions were served", levels.len());
    assert!(policy["reload_failures"].as_u64().unwrap() > 0, "{policy}");
    assert!(policy["reloads"].as_u64().unwrap() >= levels.len() as u64 - 1, "{policy}");
    let (_, metrics) = server.get("/metrics");
    assert!(metrics.contains("tenor_reload_failures_total"), "{metrics}");
    let requests = seen.requests.load(Ordering::Relaxed);
    assert!(requests > 100, "{requests} requests");
    eprintln!("{requests} requests, {} versions served, last live after {live_after:?}", levels.len());
}
