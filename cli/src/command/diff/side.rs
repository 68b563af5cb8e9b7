//! One side of a diff: its files (from disk, a git revision, or a file git hands the driver),
//! their analysis, and an engine when it compiles.

use crate::report;
use std::path::PathBuf;
use tenor_compiler::diagnostic::Diagnostic;
use tenor_compiler::span::Sources;
use tenor_compiler::Analysis;
use tenor_runtime::{source, Engine};

/// One version of the policy.
pub struct Side {
    /// How reports name it: the path, or `REV:path`.
    pub label: String,
    /// Its files.
    pub sources: Sources,
    /// Parse and check of the files (partial when they do not compile).
    pub analysis: Analysis,
    /// Reading and checking problems, sorted by place.
    pub diagnostics: Vec<Diagnostic>,
}

impl Side {
    /// Analyses `sources`, keeping the loader's diagnostics with the checker's.
    pub fn new(label: String, sources: Sources, mut diagnostics: Vec<Diagnostic>) -> Side {
        let analysis = tenor_compiler::analyze(&sources);
        diagnostics.extend(analysis.diagnostics.iter().cloned());
        tenor_compiler::diagnostic::sort(&mut diagnostics);
        Side { label, sources, analysis, diagnostics }
    }

    /// A side with no files (a file git reports as added or deleted).
    pub fn empty(label: String) -> Side {
        Side::new(label, Sources::new(), Vec::new())
    }

    /// The policy files under `paths` on disk, labelled `label`; what was skipped is printed.
    pub fn from_disk(label: String, paths: &[PathBuf]) -> Result<Side, String> {
        let loaded = source::load_paths(paths).map_err(|e| e.to_string())?;
        for skipped in &loaded.skipped {
            report::err_line(&format!("warning: {skipped}"));
        }
        if loaded.sources.iter().next().is_none() {
            let names: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
            return Err(format!("no .tenor files found in {}", names.join(", ")));
        }
        Ok(Side::new(label, loaded.sources, loaded.diagnostics))
    }

    /// How many errors it has.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// The compiled policy, none when it has errors; an error when its code fails verification.
    pub fn engine(&self) -> Result<Option<Engine>, String> {
        if self.errors() > 0 {
            return Ok(None);
        }
        let program = tenor_compiler::lower::lower(&self.analysis.checked);
        Engine::new(program).map(Some).map_err(|e| format!("the version `{}` does not load: {e}", self.label))
    }

    /// Prints its errors and warnings, rendered, to standard error.
    pub fn print_diagnostics(&self) {
        report::print_all(&self.diagnostics, &self.sources);
    }
}
