//! `tenor serve`: the API's answers and errors, admin actions, limits, and what a hostile client
//! can do (oversized, half-sent, malformed requests).

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing, reason = "tests stop loudly on a broken fixture")]

#[path = "support/server.rs"]
mod server;

use serde_json::{json, Value};
use server::{Server, TempDir};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const POLICY: &str = "enum Tone { warm, plain }
record Customer { name: Text, visits: List<Int> }
decision greet(customer: Customer) {
  tone { warm when count(v in customer.visits where v > 1) > 1  otherwise plain }
  ratio: Float = 10 / count(v in customer.visits)
}
";

const TOKEN: &str = "0123456789abcdef-secret";

fn start(extra: &[&str], env: &[(&str, &str)]) -> (TempDir, Server) {
    let dir = TempDir::new("api");
    dir.write("policy.tenor", POLICY);
    let server = Server::start(&dir.0, extra, env);
    (dir, server)
}

fn json_of(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

#[test]
fn decisions_errors_and_status_are_json() {
    let (_dir, server) = start(&["--max-steps", "50"], &[]);
    let good = r#"{"customer": {"name": "Ana", "visits": [2, 3]}}"#;
    let (status, body) = server.post("/v1/decisions/greet", good, &[]);
    assert_eq!(status, 200, "{body}");
    let version = server.get_json("/healthz")["version"].as_str().unwrap().to_owned();
    assert_eq!(json_of(&body), json!({"version": version, "decision": {"tone": "warm", "ratio": 5.0}}));

    let (status, body) = server.post("/v1/decisions/greet?explain=true", good, &[]);
    assert_eq!(status, 200);
    assert!(json_of(&body)["decision"]["explain"].is_object(), "{body}");

    let cases: &[(&str, &str, u16, Value)] = &[
        ("/v1/decisions/greet", r#"{"customer": {"name": 1, "visits": []}}"#, 400, json!({"kind": "bad-input", "path": "customer.name"})),
        ("/v1/decisions/greet", r#"{"customer": "#, 400, json!({"kind": "bad-input"})),
        ("/v1/decisions/gret", good, 404, json!({"kind": "unknown-decision"})),
        ("/v1/decisions/greet?explain=maybe", good, 400, json!({"kind": "bad-query"})),
        (
            "/v1/decisions/greet",
            r#"{"customer": {"name": "Ana", "visits": []}}"#,
            500,
            json!({"kind": "runtime", "error": "division by zero"}),
        ),
        ("/v2/nothing", "{}", 404, json!({"kind": "not-found"})),
    ];
    for (path, input, expected, fields) in cases {
        let (status, body) = server.post(path, input, &[]);
        assert_eq!(status, *expected, "{path} {input}: {body}");
        let body = json_of(&body);
        for (key, value) in fields.as_object().unwrap() {
            assert_eq!(&body[key], value, "{path} {input}: {body}");
        }
        assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()), "{body}");
    }
    let (_, body) = server.post("/v1/decisions/greet", r#"{"customer": {"name": "Ana", "visits": []}}"#, &[]);
    let at = json_of(&body)["at"].as_str().unwrap().to_owned();
    assert!(at.ends_with("/policy.tenor:5:18"), "the fault is placed in the version's own file: {at}");
    let (_, body) = server.post("/v1/decisions/gret", good, &[]);
    assert!(json_of(&body)["error"].as_str().unwrap().starts_with("no decision named `gret` (did you mean `greet`?)"), "{body}");

    let many: Vec<String> = (0..60).map(|i| i.to_string()).collect();
    let heavy = format!(r#"{{"customer": {{"name": "Ana", "visits": [{}]}}}}"#, many.join(","));
    let (status, body) = server.post("/v1/decisions/greet", &heavy, &[]);
    assert_eq!(status, 422, "{body}");
    assert_eq!(json_of(&body)["kind"], "step-budget");

    let policy = server.get_json("/v1/policy");
    assert_eq!(policy["version"], version.as_str());
    let schema = &policy["decisions"][0]["input_schema"];
    assert_eq!(schema["properties"]["customer"]["properties"]["visits"], json!({"type": "array", "items": {"type": "integer"}}));
    assert_eq!(policy["last_reload_error"], Value::Null);
    let (status, metrics) = server.get("/metrics");
    assert_eq!(status, 200);
    assert!(metrics.contains(r#"tenor_decisions_total{decision="greet",outcome="ok"} 2"#), "{metrics}");
    assert!(metrics.contains(r#"tenor_decisions_total{decision="(unknown)",outcome="unknown-decision"} 2"#), "{metrics}");
    assert!(metrics.contains("tenor_decision_latency_seconds_count"), "{metrics}");
}

#[test]
fn admin_actions_need_the_token() {
    let (_dir, server) = start(&[], &[]);
    let (status, body) = server.post("/v1/policy/rollback", "", &[]);
    assert_eq!((status, json_of(&body)["kind"].clone()), (403, json!("admin-off")));
    drop(server);

    let (dir, server) = start(&[], &[("TENOR_ADMIN_TOKEN", TOKEN)]);
    for header in ["", "Bearer wrong", "Bearer 0123456789abcdef-secreT", TOKEN] {
        let headers: Vec<(&str, &str)> = if header.is_empty() { vec![] } else { vec![("authorization", header)] };
        let (status, body) = server.post("/v1/policy/reload", "", &headers);
        assert_eq!((status, json_of(&body)["kind"].clone()), (401, json!("unauthorized")), "{header}");
    }
    let bearer = format!("Bearer {TOKEN}");
    let auth = [("authorization", bearer.as_str())];
    let first = server.get_json("/healthz")["version"].clone();
    let (status, body) = server.post("/v1/policy/rollback", "", &auth);
    assert_eq!((status, json_of(&body)["kind"].clone()), (409, json!("no-earlier-version")));
    dir.write("policy.tenor", &POLICY.replace("10 /", "20 /"));
    let (status, body) = server.post("/v1/policy/reload", "", &auth);
    assert_eq!(status, 200, "{body}");
    assert_ne!(server.get_json("/healthz")["version"], first);
    dir.write("policy.tenor", "decision greet(");
    let (status, body) = server.post("/v1/policy/reload", "", &auth);
    assert_eq!((status, json_of(&body)["kind"].clone()), (422, json!("reload-refused")), "{body}");
    assert!(server.get_json("/v1/policy")["last_reload_error"]["error"].as_str().unwrap().starts_with("the policy has"));
    let (status, body) = server.post("/v1/policy/rollback", "", &auth);
    assert_eq!((status, json_of(&body)["version"].clone()), (200, first));
}

#[test]
fn an_empty_or_short_admin_token_is_refused_at_start() {
    let dir = TempDir::new("token");
    dir.write("policy.tenor", POLICY);
    let token = dir.write("token", "  \n");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tenor"))
        .args(["serve", dir.0.to_str().unwrap(), "--addr", "127.0.0.1:0", "--admin-token-file", token.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error: the admin token is empty"), "{stderr}");
}

/// Sends raw bytes on a fresh connection; returns what came back before the server closed it or 5 s passed.
fn raw(server: &Server, bytes: &[u8], then_wait: bool) -> (String, Duration) {
    let addr = server.base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let start = Instant::now();
    stream.write_all(bytes).unwrap();
    if !then_wait {
        let _ = stream.shutdown(std::net::Shutdown::Write);
    }
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    (String::from_utf8_lossy(&reply).into_owned(), start.elapsed())
}

#[test]
fn hostile_clients_get_errors_not_a_stuck_or_crashed_server() {
    let (_dir, server) = start(&["--max-input-bytes", "1000", "--timeout-ms", "300"], &[]);
    let big = format!(r#"{{"customer": {{"name": "{}", "visits": []}}}}"#, "a".repeat(2000));
    let (status, body) = server.post("/v1/decisions/greet", &big, &[]);
    assert_eq!((status, json_of(&body)["kind"].clone()), (413, json!("input-too-large")), "{body}");

    // A body that never finishes: the request times out instead of holding the connection.
    let half = b"POST /v1/decisions/greet HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"customer\":";
    let (reply, took) = raw(&server, half, true);
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(took < Duration::from_secs(3), "{took:?}");

    // Headers that never finish: the connection is closed after the header-read timeout.
    let (reply, took) = raw(&server, b"POST /v1/decisions/greet HTTP/1.1\r\nHost: x\r\n", true);
    assert!(reply.is_empty() || reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(took < Duration::from_secs(3), "the slow client held its connection for {took:?}");
    let (reply, took) = raw(&server, b"", true);
    assert!(reply.is_empty() || reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(took < Duration::from_secs(3), "a silent client held its connection for {took:?}");

    // Not HTTP: hyper closes the connection (or answers 400); the server goes on.
    let (reply, _) = raw(&server, b"GARBAGE\r\n\r\n", false);
    assert!(reply.is_empty() || reply.starts_with("HTTP/1.1 400"), "{reply}");
    let invalid_utf8 = b"POST /v1/decisions/greet HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n\xff\xfe";
    let (reply, _) = raw(&server, invalid_utf8, true);
    assert!(reply.starts_with("HTTP/1.1 400") && reply.contains("not UTF-8"), "{reply}");
    let nested = format!(r#"{{"customer": {}{}}}"#, "[".repeat(5000), "]".repeat(5000));
    let (status, _) = server.post("/v1/decisions/greet", &nested[..nested.len().min(990)], &[]);
    assert_eq!(status, 400);

    // Still serving.
    let (status, _) = server.post("/v1/decisions/greet", r#"{"customer": {"name": "Ana", "visits": [2]}}"#, &[]);
    assert_eq!(status, 200);
    let server = std::sync::Arc::try_unwrap(std::sync::Arc::new(server)).ok().unwrap();
    let (clean, log) = server.terminate();
    assert!(clean, "{log}");
    assert!(log.contains("stopped; requests in flight were finished"), "{log}");
}
