//! Hot reload: watch the policy folder (not its files) and reload on every change.
//!
//! Editors save in two ways. Vim, helix and most IDEs write a new file and rename it over the
//! old one, which ends any watch on the old file; others truncate the file and write it in
//! several steps. Watching the folder sees both, and the debouncer waits for a burst of events
//! to end before one reload runs. A burst that ends with a half-written file is refused like
//! any broken version; the write that completes it starts another reload.

use super::{LiveEngine, ReloadEvent};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::Path;
use std::time::Duration;

/// The watch could not be set up (the folder is gone, or the system's watch limit is reached).
#[derive(Debug, thiserror::Error)]
#[error("cannot watch `{path}` for changes: {reason}")]
pub struct WatchError {
    /// The folder or file.
    pub path: String,
    /// The system's reason.
    pub reason: String,
}

/// A running watch; reloading stops when it is dropped.
pub struct Watcher {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

impl Watcher {
    /// Watches the engine's folder (recursively) and the folder of its params file.
    pub(super) fn start(engine: LiveEngine, debounce: Duration) -> Result<Watcher, WatchError> {
        let path = engine.path().to_path_buf();
        let params = engine.params_path().map(Path::to_path_buf);
        let reloader = engine.clone();
        let handler = move |result: DebounceEventResult| {
            let relevant = match &result {
                Ok(events) => events.iter().any(|e| !matches!(e.kind, EventKind::Access(_))),
                Err(_) => true,
            };
            if relevant {
                // A refused version is reported through the engine's status and hook.
                let _: Result<ReloadEvent, _> = reloader.reload();
            }
        };
        let failed = |path: &Path, e: &dyn std::fmt::Display| WatchError { path: path.display().to_string(), reason: e.to_string() };
        let tick = Some((debounce / 4).max(Duration::from_millis(5)));
        let mut debouncer = new_debouncer(debounce, tick, handler).map_err(|e| failed(&path, &e))?;
        debouncer.watch(&path, RecursiveMode::Recursive).map_err(|e| failed(&path, &e))?;
        if let Some(params) = params {
            let folder = params.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            debouncer.watch(folder, RecursiveMode::NonRecursive).map_err(|e| failed(folder, &e))?;
        }
        Ok(Watcher { _debouncer: debouncer })
    }
}
