//! One loaded policy version: the compiled program with everything it came from.

use super::failure::LoadFailure;
use crate::engine::Engine;
use crate::error::DecideError;
use crate::limits::{InputLimits, DEFAULT_STEP_BUDGET};
use crate::params::ParamsFormat;
use crate::source;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;
use tenor_compiler::bytecode::Program;
use tenor_compiler::diagnostic::Diagnostic;
use tenor_compiler::span::Sources;

/// The content hash of a version's sources and params: 32 hex digits (xxh3-128). Two loads of
/// the same files give the same id; any change to a file, a file name or the params changes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VersionId(Arc<str>);

impl VersionId {
    /// The id of these sources and params.
    fn of(sources: &Sources, params: Option<&ParamsText>) -> VersionId {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut part = |bytes: &[u8]| {
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        for (_, file) in sources.iter() {
            part(file.name.as_bytes());
            part(file.text.as_bytes());
        }
        if let Some(params) = params {
            part(params.name.as_bytes());
            part(params.text.as_bytes());
        }
        VersionId(Arc::from(format!("{:032x}", hasher.digest128())))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for VersionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A params file as it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamsText {
    /// Its name (the path it was read from), for messages.
    pub name: String,
    /// Its text.
    pub text: String,
    /// TOML or JSON.
    pub format: ParamsFormat,
}

impl ParamsText {
    /// Reads a params file (TOML, or JSON for a `.json` name).
    pub fn read(path: &Path) -> Result<ParamsText, LoadFailure> {
        let name = path.display().to_string();
        let refuse = |reason: String| LoadFailure::Params { path: name.clone(), message: reason };
        if path.is_dir() {
            return Err(refuse("this is a folder; give a params file (TOML, or JSON for `.json`)".to_owned()));
        }
        let bytes = std::fs::read(path).map_err(|e| refuse(format!("cannot read it: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|_| refuse("the params file is not UTF-8 text; save it as UTF-8".to_owned()))?;
        Ok(ParamsText { name, text, format: ParamsFormat::of_path(path) })
    }
}

/// How a version is loaded and how its decisions run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadOptions {
    /// Steps each decision may take ([`Engine::with_step_budget`]).
    pub step_budget: u64,
    /// Limits on each decision's JSON input ([`Engine::with_input_limits`]).
    pub input_limits: InputLimits,
    /// Refuse a version whose own `test` blocks fail.
    pub require_tests: bool,
}

impl Default for LoadOptions {
    fn default() -> LoadOptions {
        LoadOptions { step_budget: DEFAULT_STEP_BUDGET, input_limits: InputLimits::default(), require_tests: false }
    }
}

/// One loaded policy version: its program (ready to decide), the sources and params it was
/// compiled from (so runtime errors are drawn against the right files), its warnings, its
/// [`VersionId`] and when it was loaded.
///
/// ```
/// use tenor_runtime::live::PolicyVersion;
/// let version = PolicyVersion::from_text("tone.tenor", r#"
///     decision tone(score: Int) { level: Int = score * 2 }
/// "#).unwrap();
/// let decided = version.decide_json("tone", r#"{"score": 7}"#).unwrap();
/// assert_eq!(decided.json(), r#"{"level":14}"#);
/// assert_eq!(decided.version(), version.id());
/// ```
#[derive(Debug)]
pub struct PolicyVersion {
    engine: Engine,
    sources: Sources,
    warnings: Vec<Diagnostic>,
    params: Option<ParamsText>,
    id: VersionId,
    loaded_at: SystemTime,
    names: HashMap<String, usize>,
}

impl PolicyVersion {
    /// Compiles one policy text (for tests, tools and hosts that keep policies elsewhere).
    pub fn from_text(name: &str, text: &str) -> Result<PolicyVersion, LoadFailure> {
        let mut sources = Sources::new();
        sources.add(name, text);
        PolicyVersion::compile(sources, None, LoadOptions::default())
    }

    /// Reads every `.tenor` file under `path` (and the params file, if any), then compiles them.
    pub fn load(path: &Path, params: Option<&Path>, options: LoadOptions) -> Result<PolicyVersion, LoadFailure> {
        let loaded = source::load_paths(&[PathBuf::from(path)]).map_err(LoadFailure::Read)?;
        if loaded.sources.iter().next().is_none() {
            return Err(LoadFailure::NoFiles { path: path.display().to_string() });
        }
        if !loaded.diagnostics.is_empty() {
            return Err(LoadFailure::compile(loaded.diagnostics, loaded.sources));
        }
        let params = params.map(ParamsText::read).transpose()?;
        PolicyVersion::compile(loaded.sources, params, options)
    }

    /// Compiles `sources` with `params`: refuses empty files, type-checks, runs the bytecode
    /// verifier over every function, applies the params, and (with `require_tests`) runs the
    /// policy's tests.
    pub fn compile(sources: Sources, params: Option<ParamsText>, options: LoadOptions) -> Result<PolicyVersion, LoadFailure> {
        if let Some((_, empty)) = sources.iter().find(|(_, f)| f.text.trim().is_empty()) {
            return Err(LoadFailure::EmptyFile { path: empty.name.clone() });
        }
        let id = VersionId::of(&sources, params.as_ref());
        let (program, warnings) = match tenor_compiler::compile(&sources) {
            Ok(compiled) => compiled,
            Err(diagnostics) => return Err(LoadFailure::compile(diagnostics, sources)),
        };
        let mut engine = Engine::new(program)?.with_step_budget(options.step_budget).with_input_limits(options.input_limits);
        if let Some(params) = &params {
            engine = engine
                .with_params(&params.text, params.format)
                .map_err(|e| LoadFailure::Params { path: params.name.clone(), message: e.to_string() })?;
        }
        if options.require_tests {
            run_tests(&engine)?;
        }
        let names = decision_names(engine.program());
        Ok(PolicyVersion { engine, sources, warnings, params, id, loaded_at: SystemTime::now(), names })
    }

    /// The engine that runs this version's decisions.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The compiled program.
    pub fn program(&self) -> &Program {
        self.engine.program()
    }

    /// The policy files it was compiled from.
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// The compiler's warnings.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The params file applied, if any.
    pub fn params(&self) -> Option<&ParamsText> {
        self.params.as_ref()
    }

    /// The content hash of sources and params.
    pub fn id(&self) -> &VersionId {
        &self.id
    }

    /// When it was compiled.
    pub fn loaded_at(&self) -> SystemTime {
        self.loaded_at
    }

    /// The index of the decision `name` (or `package.name`), looked up without allocating.
    pub(crate) fn index_of(&self, name: &str) -> Result<usize, DecideError> {
        match self.names.get(name) {
            Some(index) => Ok(*index),
            None => Err(self.engine.decision(name).err().unwrap_or_else(|| DecideError::UnknownDecision {
                name: name.to_owned(),
                hint: String::new(),
                available: String::new(),
            })),
        }
    }
}

/// Each decision by plain name (when only one package declares it) and by `package.name`.
fn decision_names(program: &Program) -> HashMap<String, usize> {
    let mut names = HashMap::new();
    for (index, code) in program.decisions.iter().enumerate() {
        if program.decision(&code.name).is_some() {
            names.insert(code.name.clone(), index);
        }
        if !code.package.is_empty() {
            names.insert(format!("{}.{}", code.package, code.name), index);
        }
    }
    names
}

/// Runs the policy's tests; a failing one refuses the version.
fn run_tests(engine: &Engine) -> Result<(), LoadFailure> {
    let outcomes = engine.run_tests();
    let failed: Vec<String> = outcomes.iter().filter(|o| !o.passed()).map(|o| o.name.clone()).collect();
    if failed.is_empty() {
        return Ok(());
    }
    Err(LoadFailure::Tests { total: outcomes.len(), failed })
}
