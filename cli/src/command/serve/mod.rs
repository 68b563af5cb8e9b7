//! `tenor serve PATH`: the decision service. Loads the policy folder, watches it, and answers
//! `POST /v1/decisions/{name}` with the live version; see `routes.rs` for the API.

mod metrics;
mod routes;

use crate::report;
use metrics::Metrics;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tenor_runtime::live::{LiveEngine, LoadOptions, ReloadEvent};
use tenor_runtime::InputLimits;

/// The environment variable that may hold the admin token.
pub const TOKEN_VAR: &str = "TENOR_ADMIN_TOKEN";

/// Arguments of `tenor serve`.
#[derive(clap::Args)]
pub struct Args {
    /// The policy folder (or file); it is watched, and every change reloads it.
    path: PathBuf,
    /// The address to listen on (loopback by default; port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Param overrides for this environment (TOML, or JSON for `.json`); watched too.
    #[arg(long)]
    params: Option<PathBuf>,
    /// Most rounds of list operations one decision may take.
    #[arg(long, default_value_t = tenor_runtime::DEFAULT_STEP_BUDGET)]
    max_steps: u64,
    /// Largest request body, in bytes; a larger one gets 413.
    #[arg(long, default_value_t = 1024 * 1024)]
    max_input_bytes: usize,
    /// Most elements of one list, set or map in an input.
    #[arg(long, default_value_t = InputLimits::default().max_elements)]
    max_elements: usize,
    /// Refuse a new version whose own `test` blocks fail (as if it did not compile).
    #[arg(long)]
    require_tests: bool,
    /// A file holding the bearer token for the admin actions (reload, rollback); the token may
    /// also come from `TENOR_ADMIN_TOKEN`. Without one, admin actions are off.
    #[arg(long)]
    admin_token_file: Option<PathBuf>,
    /// How long one request may take, reading its body included, in milliseconds.
    #[arg(long, default_value_t = 10_000)]
    timeout_ms: u64,
    /// Wait this long for a burst of file events to end before reloading, in milliseconds.
    #[arg(long, default_value_t = 50)]
    debounce_ms: u64,
}

/// Runs the service until SIGTERM or ctrl-c; true when it stopped cleanly.
pub fn run(args: Args) -> bool {
    init_logging();
    match serve(args) {
        Ok(()) => true,
        Err(message) => {
            report::err_line(&format!("error: {message}"));
            false
        }
    }
}

/// Logs go to stderr; `RUST_LOG` picks the level (default `info`).
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_ansi(ansi).try_init();
}

fn serve(args: Args) -> Result<(), String> {
    let admin_token = admin_token(args.admin_token_file.as_deref())?;
    let metrics = Arc::new(Metrics::new());
    let engine = open(&args, metrics.clone())?;
    let _watch = engine.watch().map_err(|e| e.to_string())?;
    let state = routes::State { engine, metrics, admin_token, max_body: args.max_input_bytes };
    let app = routes::router(state, Duration::from_millis(args.timeout_ms));
    let runtime = tokio::runtime::Runtime::new().map_err(|e| format!("cannot start the async runtime: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr).await.map_err(|e| format!("cannot listen on `{}`: {e}", args.addr))?;
        let bound = listener.local_addr().map_err(|e| e.to_string())?;
        tracing::info!("listening on http://{bound}");
        accept(listener, app, Duration::from_millis(args.timeout_ms)).await;
        tracing::info!("stopped; requests in flight were finished");
        Ok(())
    })
}

/// Serves each connection with hyper until ctrl-c/SIGTERM, then lets the requests in flight finish.
///
/// A connection whose request headers do not arrive within `timeout` is closed (hyper's header-read
/// timeout), so a slow or silent client cannot hold a connection; bodies are bounded by the
/// routes' own timeout layer.
async fn accept(listener: tokio::net::TcpListener, app: axum::Router, timeout: Duration) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown_signal());
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        tracing::warn!("cannot accept a connection: {e}");
                        continue;
                    }
                };
                let service = hyper_util::service::TowerToHyperService::new(app.clone());
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(timeout)
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    if let Err(e) = connection.await {
                        tracing::debug!("connection closed: {e}");
                    }
                });
            }
            () = &mut shutdown => break,
        }
    }
    graceful.shutdown().await;
}

/// Loads the first version; reload events are logged and counted.
fn open(args: &Args, metrics: Arc<Metrics>) -> Result<LiveEngine, String> {
    let limits = InputLimits { max_input_bytes: args.max_input_bytes, max_elements: args.max_elements };
    let options = LoadOptions { step_budget: args.max_steps, input_limits: limits, require_tests: args.require_tests };
    let mut builder = LiveEngine::builder(&args.path)
        .options(options)
        .debounce(Duration::from_millis(args.debounce_ms))
        .on_reload(move |event| log_reload(&metrics, event));
    if let Some(params) = &args.params {
        builder = builder.params(params);
    }
    let engine = builder.open().map_err(|e| format!("{}: {e}", args.path.display()))?;
    let version = engine.current();
    for warning in version.warnings() {
        tracing::warn!("{}", warning.message);
    }
    tracing::info!(version = %version.id(), decisions = version.program().decisions.len(), "policy loaded");
    Ok(engine)
}

fn log_reload(metrics: &Metrics, event: &ReloadEvent) {
    metrics.reloaded(event);
    match event {
        ReloadEvent::Swapped { from, to } => tracing::info!(%from, %to, "new policy version live"),
        ReloadEvent::RolledBack { from, to } => tracing::warn!(%from, %to, "rolled back"),
        ReloadEvent::Refused(failure) => tracing::error!("reload refused, the live version keeps serving: {failure}"),
        ReloadEvent::Unchanged(_) => {}
    }
}

/// The admin token from `--admin-token-file`, else `TENOR_ADMIN_TOKEN`; surrounding whitespace
/// is dropped. An empty token is refused rather than accepting an empty bearer.
fn admin_token(file: Option<&std::path::Path>) -> Result<Option<Vec<u8>>, String> {
    let token = match file {
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("cannot read the admin token file `{}`: {e}", path.display()))?,
        None => match std::env::var(TOKEN_VAR) {
            Ok(token) => token,
            Err(_) => return Ok(None),
        },
    };
    let token = token.trim();
    if token.is_empty() {
        return Err("the admin token is empty; write a token of at least 16 characters, or give none to turn admin actions off".to_owned());
    }
    if token.len() < 16 {
        return Err(format!("the admin token has {} characters; use at least 16", token.len()));
    }
    Ok(Some(token.as_bytes().to_vec()))
}

/// Resolves on ctrl-c or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down; finishing requests in flight");
}
