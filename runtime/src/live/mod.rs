//! Live policies: a policy folder loaded as versions, hot-swapped atomically while decisions run.
//!
//! A [`LiveEngine`] holds the live [`PolicyVersion`] behind an [`ArcSwap`]: a decision loads
//! the current version (no lock shared with reloads), makes the whole decision with it and
//! reports its [`VersionId`]. [`LiveEngine::reload`] compiles the folder again off the request
//! path; a version that does not read, parse, type-check, verify, fit its params or (when
//! asked) pass its tests is refused and the live one keeps serving. [`LiveEngine::watch`]
//! reloads on every change to the folder or the params file.
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use tenor_runtime::live::LiveEngine;
//! # let dir = std::env::temp_dir().join(format!("tenor-doc-live-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir).unwrap();
//! std::fs::write(dir.join("policy.tenor"), "decision double(n: Int) { twice: Int = n * 2 }").unwrap();
//!
//! #[derive(Serialize)]
//! struct In { n: i64 }
//! #[derive(Deserialize)]
//! struct Out { twice: i64 }
//!
//! let engine = LiveEngine::builder(&dir).open().unwrap();
//! let double = engine.decision("double").unwrap(); // owned: keep it in a host struct
//! let decided = double.decide(&In { n: 21 }).unwrap();
//! assert_eq!(decided.deserialize::<Out>().unwrap().twice, 42);
//! assert_eq!(decided.version(), engine.current().id());
//! # std::fs::remove_dir_all(&dir).unwrap();
//! ```

mod decided;
mod failure;
pub mod schema;
mod version;
mod watch;

pub use decided::{Decided, Input, LiveError};
pub use failure::LoadFailure;
pub use version::{LoadOptions, ParamsText, PolicyVersion, VersionId};
pub use watch::{WatchError, Watcher};

use arc_swap::ArcSwap;
use decided::InputRef;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

/// How many earlier versions are kept for [`LiveEngine::rollback`].
pub const KEPT_VERSIONS: usize = 8;

/// What a reload did; handed to the [`LiveBuilder::on_reload`] hook too.
#[derive(Clone, Debug)]
pub enum ReloadEvent {
    /// A new version is live.
    Swapped {
        /// The version that was live.
        from: VersionId,
        /// The version now live.
        to: VersionId,
    },
    /// The files hold the live version already; nothing changed.
    Unchanged(VersionId),
    /// The new files were refused; the live version keeps serving.
    Refused(Arc<LoadFailure>),
    /// An earlier version was put back.
    RolledBack {
        /// The version that was live.
        from: VersionId,
        /// The version now live.
        to: VersionId,
    },
}

type Hook = Arc<dyn Fn(&ReloadEvent) + Send + Sync>;

/// Where a live engine loads from and how; [`LiveEngine::builder`] makes one.
#[derive(Clone)]
pub struct LiveBuilder {
    path: PathBuf,
    params: Option<PathBuf>,
    options: LoadOptions,
    debounce: Duration,
    hook: Option<Hook>,
}

impl LiveBuilder {
    /// A params file applied to every version (TOML, or JSON for `.json`); it is watched too.
    pub fn params(self, path: impl Into<PathBuf>) -> LiveBuilder {
        LiveBuilder { params: Some(path.into()), ..self }
    }

    /// Step budget, input limits and the test gate of every version.
    pub fn options(self, options: LoadOptions) -> LiveBuilder {
        LiveBuilder { options, ..self }
    }

    /// How long the watcher waits for a burst of file events to end (default 50 ms).
    pub fn debounce(self, debounce: Duration) -> LiveBuilder {
        LiveBuilder { debounce, ..self }
    }

    /// Calls `hook` after every reload and rollback (for logs and metrics); it runs on the
    /// reloading thread, never on a decision's.
    pub fn on_reload(self, hook: impl Fn(&ReloadEvent) + Send + Sync + 'static) -> LiveBuilder {
        LiveBuilder { hook: Some(Arc::new(hook)), ..self }
    }

    /// Loads the first version; fails when it does not load.
    pub fn open(self) -> Result<LiveEngine, LoadFailure> {
        let first = PolicyVersion::load(&self.path, self.params.as_deref(), self.options)?;
        let shared = Shared {
            current: ArcSwap::from_pointee(first),
            history: Mutex::new(Vec::new()),
            status: Mutex::new(Counts::default()),
            reloads: AtomicU64::new(0),
            failures: AtomicU64::new(0),
            config: self,
        };
        Ok(LiveEngine { shared: Arc::new(shared) })
    }
}

/// The last reload error, when the last reload failed.
#[derive(Clone, Debug, Default)]
struct Counts {
    last_error: Option<(SystemTime, Arc<LoadFailure>)>,
}

struct Shared {
    current: ArcSwap<PolicyVersion>,
    /// Earlier versions, newest last; also the lock that makes reloads one at a time.
    history: Mutex<Vec<Arc<PolicyVersion>>>,
    status: Mutex<Counts>,
    reloads: AtomicU64,
    failures: AtomicU64,
    config: LiveBuilder,
}

/// A policy folder, live: decisions always see one whole version, reloads swap it atomically.
/// `Send + Sync`, and cloning is one reference count.
#[derive(Clone)]
pub struct LiveEngine {
    shared: Arc<Shared>,
}

/// What the engine is serving and how reloads went.
#[derive(Clone, Debug)]
pub struct Status {
    /// The live version.
    pub current: Arc<PolicyVersion>,
    /// Versions swapped in by reloads so far.
    pub reloads: u64,
    /// Reloads refused.
    pub reload_failures: u64,
    /// When the last reload failed and why; `None` once a later reload succeeds.
    pub last_error: Option<(SystemTime, Arc<LoadFailure>)>,
    /// Earlier versions kept for rollback.
    pub rollback_depth: usize,
}

impl LiveEngine {
    /// Starts configuring a live engine for the policy folder (or file) `path`.
    pub fn builder(path: impl Into<PathBuf>) -> LiveBuilder {
        LiveBuilder { path: path.into(), params: None, options: LoadOptions::default(), debounce: Duration::from_millis(50), hook: None }
    }

    /// The live version.
    pub fn current(&self) -> Arc<PolicyVersion> {
        self.shared.current.load_full()
    }

    /// The policy folder.
    pub fn path(&self) -> &Path {
        &self.shared.config.path
    }

    /// An owned handle on the decision `name` (or `package.name`), checked against the live
    /// version; it follows reloads and holds no borrow of the engine.
    pub fn decision(&self, name: &str) -> Result<DecisionHandle, LiveError> {
        self.current().index_of(name)?;
        Ok(DecisionHandle { engine: self.clone(), name: Arc::from(name), explain: false })
    }

    /// Decides `name` for a host value with the live version.
    pub fn decide<T: Serialize + ?Sized>(&self, name: &str, input: &T) -> Result<Decided, LiveError> {
        self.shared.current.load().decide(name, input)
    }

    /// Decides `name` for JSON text with the live version.
    pub fn decide_json(&self, name: &str, input: &str) -> Result<Decided, LiveError> {
        self.shared.current.load().decide_json(name, input)
    }

    /// Decides `name` for a JSON value with the live version.
    pub fn decide_value(&self, name: &str, input: &serde_json::Value) -> Result<Decided, LiveError> {
        self.shared.current.load().decide_value(name, input)
    }

    /// Reads and compiles the files again; swaps the new version in when it loads. A refused
    /// version is reported (return value, [`status`](Self::status), the hook) and never served.
    pub fn reload(&self) -> Result<ReloadEvent, Arc<LoadFailure>> {
        let mut history = self.history();
        let config = &self.shared.config;
        let live = self.current();
        let event = match PolicyVersion::load(&config.path, config.params.as_deref(), config.options) {
            Ok(next) if next.id() == live.id() => ReloadEvent::Unchanged(live.id().clone()),
            Ok(next) => {
                let to = next.id().clone();
                self.shared.current.store(Arc::new(next));
                push_bounded(&mut history, live.clone());
                self.shared.reloads.fetch_add(1, Ordering::Relaxed);
                ReloadEvent::Swapped { from: live.id().clone(), to }
            }
            Err(failure) => {
                let failure = Arc::new(failure);
                self.shared.failures.fetch_add(1, Ordering::Relaxed);
                self.counts().last_error = Some((SystemTime::now(), failure.clone()));
                self.notify(&ReloadEvent::Refused(failure.clone()));
                return Err(failure);
            }
        };
        self.counts().last_error = None;
        self.notify(&event);
        Ok(event)
    }

    /// Puts the previous version back; `None` when there is no earlier version.
    pub fn rollback(&self) -> Option<ReloadEvent> {
        let mut history = self.history();
        let previous = history.pop()?;
        let from = self.shared.current.swap(previous.clone());
        let event = ReloadEvent::RolledBack { from: from.id().clone(), to: previous.id().clone() };
        self.notify(&event);
        Some(event)
    }

    /// What is live and how reloads went.
    pub fn status(&self) -> Status {
        Status {
            current: self.current(),
            reloads: self.shared.reloads.load(Ordering::Relaxed),
            reload_failures: self.shared.failures.load(Ordering::Relaxed),
            last_error: self.counts().last_error.clone(),
            rollback_depth: self.history().len(),
        }
    }

    /// Watches the policy folder and the params file; every change reloads (see [`Watcher`]).
    pub fn watch(&self) -> Result<Watcher, WatchError> {
        Watcher::start(self.clone(), self.shared.config.debounce)
    }

    pub(crate) fn params_path(&self) -> Option<&Path> {
        self.shared.config.params.as_deref()
    }

    fn notify(&self, event: &ReloadEvent) {
        if let Some(hook) = &self.shared.config.hook {
            hook(event);
        }
    }

    fn history(&self) -> MutexGuard<'_, Vec<Arc<PolicyVersion>>> {
        self.shared.history.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn counts(&self) -> MutexGuard<'_, Counts> {
        self.shared.status.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Keeps at most [`KEPT_VERSIONS`] earlier versions.
fn push_bounded(history: &mut Vec<Arc<PolicyVersion>>, version: Arc<PolicyVersion>) {
    if history.len() >= KEPT_VERSIONS {
        history.remove(0);
    }
    history.push(version);
}

/// An owned handle on one decision of a live engine: cheap to clone, no borrow, and each
/// decision looks its name up in the live version without allocating.
#[derive(Clone)]
pub struct DecisionHandle {
    engine: LiveEngine,
    name: Arc<str>,
    explain: bool,
}

impl DecisionHandle {
    /// The decision's name as asked for.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// This handle, adding an explanation to each decision (which arms fired, offer eligibility).
    pub fn explained(self, explain: bool) -> DecisionHandle {
        DecisionHandle { explain, ..self }
    }

    /// Decides for a host value.
    pub fn decide<T: Serialize + ?Sized>(&self, input: &T) -> Result<Decided, LiveError> {
        self.decide_input(&Input::new(input)?)
    }

    /// Decides for an input converted once.
    pub fn decide_input(&self, input: &Input) -> Result<Decided, LiveError> {
        self.run(InputRef::Value(input.as_value()))
    }

    /// Decides for JSON text.
    pub fn decide_json(&self, input: &str) -> Result<Decided, LiveError> {
        self.run(InputRef::Text(input))
    }

    /// Decides for a JSON value.
    pub fn decide_value(&self, input: &serde_json::Value) -> Result<Decided, LiveError> {
        self.run(InputRef::Value(input))
    }

    fn run(&self, input: InputRef<'_>) -> Result<Decided, LiveError> {
        let version = self.engine.shared.current.load();
        version.decide_ref(version.index_of(&self.name)?, input, self.explain)
    }
}
