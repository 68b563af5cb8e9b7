//! Reading policy files from disk: one file, or every `.tenor` file under a folder.
//!
//! A folder is walked in sorted order. Its hidden entries (a name starting with `.`, such as
//! `.git` or an editor's `.#lock.tenor`) are not walked. Links are followed, but every real file
//! and folder (by canonical path) is read once, so a link back to a parent folder cannot loop and
//! a link to a file already read does not declare everything twice. What is left out on the way
//! is reported as a [`Skipped`] note: a second path to a file or folder already read, a dangling
//! link named `*.tenor`, a file that is not a regular file (a FIFO or a device would block or
//! never end), a subfolder that cannot be read. A path given explicitly is read whatever its name;
//! one that cannot be read is a [`LoadError`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tenor_compiler::diagnostic::{Code, Diagnostic};
use tenor_compiler::span::{Sources, Span};

/// A path that could not be read.
#[derive(Clone, Debug, thiserror::Error)]
#[error("cannot read `{path}`: {reason}")]
pub struct LoadError {
    /// The path.
    pub path: String,
    /// Why.
    pub reason: String,
}

impl LoadError {
    fn io(path: &Path, error: &std::io::Error) -> LoadError {
        LoadError { path: path.display().to_string(), reason: error.to_string() }
    }
}

/// A path that was left out while loading, and why; loading went on without it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("skipped `{path}`: {reason}")]
pub struct Skipped {
    /// The path as it was reached (through the folders given).
    pub path: String,
    /// Why it was left out.
    pub reason: String,
}

/// The files read, a diagnostic for each one that is not UTF-8, and what was left out.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// The policy files, in the order they were found.
    pub sources: Sources,
    /// A `not-utf8` error for each file that is not UTF-8 text.
    pub diagnostics: Vec<Diagnostic>,
    /// Paths left out, with the reason.
    pub skipped: Vec<Skipped>,
}

/// Largest policy file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads every `.tenor` file under `paths` (see the module's documentation for the walk).
pub fn load_paths(paths: &[PathBuf]) -> Result<Loaded, LoadError> {
    let mut walk = Walk::default();
    for path in paths {
        walk.visit(path, true)?;
    }
    let mut loaded = Loaded { skipped: walk.skipped, ..Loaded::default() };
    for file in &walk.files {
        read_file(file, &mut loaded)?;
    }
    Ok(loaded)
}

/// Reads one file into `loaded`; a file that is not UTF-8 gets a diagnostic.
fn read_file(file: &Path, loaded: &mut Loaded) -> Result<(), LoadError> {
    let size = std::fs::metadata(file).map_err(|e| LoadError::io(file, &e))?.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError {
            path: file.display().to_string(),
            reason: format!("the file has {size} bytes; the limit is {MAX_FILE_BYTES}"),
        });
    }
    let bytes = std::fs::read(file).map_err(|e| LoadError::io(file, &e))?;
    let name = file.display().to_string();
    match String::from_utf8(bytes) {
        Ok(text) => {
            loaded.sources.add(name, text);
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let id = loaded.sources.add(name, text);
            loaded.diagnostics.push(
                Diagnostic::error(Code::NotUtf8, Span::new(id, valid, valid + 1), "this file is not UTF-8 text")
                    .with_label("first byte that is not UTF-8")
                    .with_help("save the file as UTF-8"),
            );
        }
    }
    Ok(())
}

/// The state of a walk: the real paths seen (with the path they were first reached by).
#[derive(Default)]
struct Walk {
    seen: HashMap<PathBuf, String>,
    files: Vec<PathBuf>,
    skipped: Vec<Skipped>,
}

impl Walk {
    /// Adds `path`: a file, or a folder walked in sorted order. `explicit` paths were given by the user.
    fn visit(&mut self, path: &Path, explicit: bool) -> Result<(), LoadError> {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) if explicit => return Err(LoadError::io(path, &e)),
            Err(_) if is_link && is_tenor(path) => {
                let target = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
                return self.skip(path, format!("a link to `{target}`, which does not exist"));
            }
            Err(_) if is_link => return Ok(()),
            Err(e) => return self.skip(path, format!("cannot read it: {e}")),
        };
        if !meta.is_dir() && !explicit && !is_tenor(path) {
            return Ok(());
        }
        if !meta.is_dir() && !meta.is_file() {
            return self.skip(path, "not a regular file (a FIFO, socket or device); only regular files are read".to_owned());
        }
        if !self.first_visit(path, explicit, is_link, meta.is_dir())? {
            return Ok(());
        }
        if meta.is_file() {
            self.files.push(path.to_path_buf());
            return Ok(());
        }
        self.walk_folder(path, explicit)
    }

    /// Records the real path of `path`; false (with a note) when it was reached before.
    fn first_visit(&mut self, path: &Path, explicit: bool, is_link: bool, is_dir: bool) -> Result<bool, LoadError> {
        let real = match std::fs::canonicalize(path) {
            Ok(real) => real,
            Err(e) if explicit => return Err(LoadError::io(path, &e)),
            Err(e) => return self.skip(path, format!("cannot read it: {e}")).map(|()| false),
        };
        let shown = path.display().to_string();
        let Some(first) = self.seen.get(&real) else {
            self.seen.insert(real, shown);
            return Ok(true);
        };
        let reason = match (is_link, *first == shown, is_dir) {
            (true, _, _) => format!("a link to `{first}` (already loaded)"),
            (false, true, _) => "already loaded".to_owned(),
            (false, false, true) => format!("the same folder as `{first}` (already loaded)"),
            (false, false, false) => format!("the same file as `{first}` (already loaded)"),
        };
        self.skip(path, reason).map(|()| false)
    }

    /// Visits the entries of a folder in sorted order, leaving out hidden ones.
    fn walk_folder(&mut self, path: &Path, explicit: bool) -> Result<(), LoadError> {
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) if explicit => return Err(LoadError::io(path, &e)),
            Err(e) => return self.skip(path, format!("cannot read the folder: {e}")),
        };
        let mut entries: Vec<PathBuf> =
            entries.filter_map(Result::ok).filter(|e| !e.file_name().as_encoded_bytes().starts_with(b".")).map(|e| e.path()).collect();
        entries.sort();
        for entry in entries {
            self.visit(&entry, false)?;
        }
        Ok(())
    }

    /// Notes that `path` was left out; loading goes on.
    fn skip(&mut self, path: &Path, reason: String) -> Result<(), LoadError> {
        self.skipped.push(Skipped { path: path.display().to_string(), reason });
        Ok(())
    }
}

fn is_tenor(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "tenor")
}
