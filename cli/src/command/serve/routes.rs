//! The HTTP API of `tenor serve`.
//!
//! - `POST /v1/decisions/{name}[?explain=true]`: input JSON → `{"version", "decision"}`.
//! - `GET /v1/policy`: the live version, its decisions with input schemas, reload status.
//! - `GET /healthz`, `GET /metrics` (Prometheus text).
//! - `POST /v1/policy/reload`, `POST /v1/policy/rollback`: admin, with `Authorization: Bearer`.
//!
//! Every error is JSON: `{"error": "…", "kind": "…"}` (plus `path` for bad input).

use super::metrics::Metrics;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;
use tenor_runtime::live::{schema, LiveError, PolicyVersion, ReloadEvent};
use tenor_runtime::{DecideError, LiveEngine};

/// What every handler shares.
#[derive(Clone)]
pub struct State {
    /// The live policy.
    pub engine: LiveEngine,
    /// The exported metrics.
    pub metrics: Arc<Metrics>,
    /// The admin bearer token; `None` turns admin actions off.
    pub admin_token: Option<Vec<u8>>,
    /// Largest request body, in bytes.
    pub max_body: usize,
}

type Shared = axum::extract::State<State>;

/// The routes, with a body limit (413) and a time limit (408) on every request.
pub fn router(state: State, timeout: Duration) -> Router {
    let limit = state.max_body;
    Router::new()
        .route("/v1/decisions/{name}", post(decide))
        .route("/v1/policy", get(policy))
        .route("/v1/policy/reload", post(reload))
        .route("/v1/policy/rollback", post(rollback))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(limit))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .with_state(state)
}

/// A JSON error response.
fn error(status: StatusCode, kind: &str, message: &str) -> Response {
    (status, axum::Json(json!({"error": message, "kind": kind}))).into_response()
}

/// The query of a decision request.
#[derive(serde::Deserialize)]
struct DecideQuery {
    #[serde(default)]
    explain: bool,
}

async fn decide(
    axum::extract::State(state): Shared,
    Path(name): Path<String>,
    query: Result<Query<DecideQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let Ok(Query(query)) = query else {
        return error(
            StatusCode::BAD_REQUEST,
            "bad-query",
            "the query is not understood; the only parameter is `explain=true` or `explain=false`",
        );
    };
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            let message = format!(
                "the request body is larger than the limit of {} bytes; send a smaller input or raise `--max-input-bytes`",
                state.max_body
            );
            return error(StatusCode::PAYLOAD_TOO_LARGE, "input-too-large", &message);
        }
        Err(rejection) => {
            return error(
                rejection.status(),
                "bad-body",
                &format!("cannot read the request body: {}", rejection.body_text().to_lowercase()),
            )
        }
    };
    let Ok(text) = std::str::from_utf8(&body) else {
        return error(StatusCode::BAD_REQUEST, "bad-input", "the request body is not UTF-8 text; send JSON");
    };
    let start = Instant::now();
    let version = state.engine.current();
    let decided = if query.explain { version.explain_json(&name, text) } else { version.decide_json(&name, text) };
    let (label, outcome) = match &decided {
        Ok(_) => (name.as_str(), "ok"),
        Err(e) => match kind(e).1 {
            "unknown-decision" => ("(unknown)", "unknown-decision"),
            other => (name.as_str(), other),
        },
    };
    state.metrics.decided(label, outcome, start.elapsed());
    match decided {
        Ok(decided) => {
            let body = format!(r#"{{"version":"{}","decision":{}}}"#, decided.version(), decided.json());
            ([(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        Err(e) => decide_error(&version, &e),
    }
}

/// The status and kind of a failed decision.
fn kind(error: &LiveError) -> (StatusCode, &'static str) {
    match error {
        LiveError::Decide(DecideError::UnknownDecision { .. } | DecideError::AmbiguousDecision { .. }) => {
            (StatusCode::NOT_FOUND, "unknown-decision")
        }
        LiveError::Decide(e) if e.is_input_too_large() => (StatusCode::PAYLOAD_TOO_LARGE, "input-too-large"),
        LiveError::Decide(DecideError::Input { .. }) | LiveError::Input(_) => (StatusCode::BAD_REQUEST, "bad-input"),
        LiveError::Decide(e) if e.is_budget_exceeded() => (StatusCode::UNPROCESSABLE_ENTITY, "step-budget"),
        _ => (StatusCode::INTERNAL_SERVER_ERROR, "runtime"),
    }
}

/// A failed decision as JSON: the message, the kind, the JSON path of bad input, the version.
fn decide_error(version: &PolicyVersion, e: &LiveError) -> Response {
    let (status, kind) = kind(e);
    let mut body = json!({"error": e.to_string(), "kind": kind, "version": version.id().as_str()});
    if let (LiveError::Decide(DecideError::Input { path, .. }), Value::Object(map)) = (e, &mut body) {
        map.insert("path".to_owned(), json!(path));
    }
    if let (LiveError::Decide(DecideError::Runtime { span, .. }), Value::Object(map)) = (e, &mut body) {
        map.insert("at".to_owned(), json!(place(version, *span)));
    }
    (status, axum::Json(body)).into_response()
}

/// `file:line:column` of a span in the version's own sources.
fn place(version: &PolicyVersion, span: tenor_runtime::compiler::span::Span) -> String {
    let sources = version.sources();
    let name = sources.get(span.file).map(|f| f.name.as_str()).unwrap_or("?");
    let at = sources.line_col(span.file, span.start);
    format!("{name}:{}:{}", at.line, at.column)
}

async fn policy(axum::extract::State(state): Shared) -> Response {
    let status = state.engine.status();
    let version = &status.current;
    let program = version.program();
    let decisions: Vec<Value> = program
        .decisions
        .iter()
        .map(|code| {
            let outputs: Vec<&str> = code.outputs.iter().map(|o| o.name.as_str()).collect();
            json!({"name": code.name, "package": code.package, "outputs": outputs, "offers": code.offers.is_some(),
                   "input_schema": schema::input_schema(program, code)})
        })
        .collect();
    let files: Vec<&str> = version.sources().iter().map(|(_, f)| f.name.as_str()).collect();
    let last_error = status.last_error.as_ref().map(|(at, e)| json!({"at": timestamp(*at), "error": e.to_string()}));
    axum::Json(json!({
        "version": version.id().as_str(),
        "loaded_at": timestamp(version.loaded_at()),
        "files": files,
        "params": version.params().map(|p| p.name.as_str()),
        "warnings": version.warnings().iter().map(|w| w.message.as_str()).collect::<Vec<_>>(),
        "decisions": decisions,
        "reloads": status.reloads,
        "reload_failures": status.reload_failures,
        "last_reload_error": last_error,
        "rollback_depth": status.rollback_depth,
    }))
    .into_response()
}

/// RFC 3339 in UTC.
fn timestamp(at: std::time::SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(at).to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

async fn healthz(axum::extract::State(state): Shared) -> Response {
    axum::Json(json!({"status": "ok", "version": state.engine.current().id().as_str()})).into_response()
}

async fn metrics(axum::extract::State(state): Shared) -> Response {
    ([(header::CONTENT_TYPE, "application/openmetrics-text; version=1.0.0; charset=utf-8")], state.metrics.encode()).into_response()
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not-found", "no such endpoint; see `GET /v1/policy` and `POST /v1/decisions/{name}`")
}

/// Checks the bearer token in constant time; `Some(response)` refuses the request.
fn refuse_admin(state: &State, headers: &HeaderMap) -> Option<Response> {
    let Some(expected) = &state.admin_token else {
        let message = "admin actions are off; start `tenor serve` with `--admin-token-file FILE` or `TENOR_ADMIN_TOKEN` set";
        return Some(error(StatusCode::FORBIDDEN, "admin-off", message));
    };
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.as_bytes().strip_prefix(b"Bearer ")).unwrap_or_default();
    if bool::from(given.ct_eq(expected)) {
        return None;
    }
    let mut response = error(StatusCode::UNAUTHORIZED, "unauthorized", "missing or wrong admin token; send `Authorization: Bearer TOKEN`");
    response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
    Some(response)
}

async fn reload(axum::extract::State(state): Shared, headers: HeaderMap) -> Response {
    if let Some(refused) = refuse_admin(&state, &headers) {
        return refused;
    }
    let engine = state.engine.clone();
    match tokio::task::spawn_blocking(move || engine.reload()).await {
        Ok(Ok(event)) => admin_done(&state, &event),
        Ok(Err(failure)) => error(StatusCode::UNPROCESSABLE_ENTITY, "reload-refused", &failure.to_string()),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the reload did not finish; see the server log"),
    }
}

async fn rollback(axum::extract::State(state): Shared, headers: HeaderMap) -> Response {
    if let Some(refused) = refuse_admin(&state, &headers) {
        return refused;
    }
    match state.engine.rollback() {
        Some(event) => admin_done(&state, &event),
        None => error(StatusCode::CONFLICT, "no-earlier-version", "there is no earlier version to roll back to"),
    }
}

/// `{"event": "swapped" | "unchanged" | "rolled-back", "version": …}`.
fn admin_done(state: &State, event: &ReloadEvent) -> Response {
    let name = match event {
        ReloadEvent::Swapped { .. } => "swapped",
        ReloadEvent::RolledBack { .. } => "rolled-back",
        _ => "unchanged",
    };
    axum::Json(json!({"event": name, "version": state.engine.current().id().as_str()})).into_response()
}
