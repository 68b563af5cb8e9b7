//! One module per `tenor` subcommand.

pub mod batch;
pub mod check;
pub mod coverage;
pub mod diff;
pub mod eval;
pub mod fmt;
pub mod lsp;
pub mod serve;
pub mod test;

/// Which engine runs decisions (`--engine` of `eval` and `test`).
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum EngineKind {
    /// The bytecode interpreter (the reference semantics).
    Vm,
    /// Native code via Cranelift (explanations and test expectations still run on the VM).
    Jit,
}

impl EngineKind {
    /// The runtime's backend of this kind.
    fn backend(self) -> tenor_runtime::BackendKind {
        match self {
            EngineKind::Vm => tenor_runtime::BackendKind::Vm,
            EngineKind::Jit => tenor_runtime::BackendKind::Jit,
        }
    }
}

/// The engine under the params file at `path`, if one is given; none (the reason printed) when it is refused.
fn under_params(engine: tenor_runtime::Engine, path: Option<&std::path::Path>) -> Option<tenor_runtime::Engine> {
    let Some(path) = path else { return Some(engine) };
    match with_params(&engine, path) {
        Ok(engine) => Some(engine),
        Err(message) => {
            crate::report::err_line(&format!("error: {}: {message}", path.display()));
            None
        }
    }
}

/// The engine with the params file at `path` applied (TOML, or JSON for a `.json` file).
fn with_params(engine: &tenor_runtime::Engine, path: &std::path::Path) -> Result<tenor_runtime::Engine, String> {
    if path.is_dir() {
        return Err("this is a folder; give a params file (TOML, or JSON for `.json`)".to_owned());
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read it: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| "the params file is not UTF-8 text; save it as UTF-8".to_owned())?;
    engine.with_params(&text, tenor_runtime::ParamsFormat::of_path(path)).map_err(|e| e.to_string())
}
