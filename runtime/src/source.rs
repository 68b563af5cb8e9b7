//! Reading policy files from disk: one file, or every `.tenor` file under a folder.

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

/// Largest policy file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads every `.tenor` file under `paths` (in sorted order). Files that are not UTF-8 get a diagnostic.
pub fn load_paths(paths: &[PathBuf]) -> Result<(Sources, Vec<Diagnostic>), LoadError> {
    let mut files = Vec::new();
    for path in paths {
        collect(path, &mut files)?;
    }
    let mut sources = Sources::new();
    let mut diagnostics = Vec::new();
    for file in files {
        let fail = |e: std::io::Error| LoadError { path: file.display().to_string(), reason: e.to_string() };
        let size = std::fs::metadata(&file).map_err(fail)?.len();
        if size > MAX_FILE_BYTES {
            return Err(LoadError {
                path: file.display().to_string(),
                reason: format!("the file has {size} bytes; the limit is {MAX_FILE_BYTES}"),
            });
        }
        let bytes = std::fs::read(&file).map_err(fail)?;
        let name = file.display().to_string();
        match String::from_utf8(bytes) {
            Ok(text) => {
                sources.add(name, text);
            }
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let id = sources.add(name, text);
                diagnostics.push(
                    Diagnostic::error(Code::NotUtf8, Span::new(id, valid, valid + 1), "this file is not UTF-8 text")
                        .with_label("first byte that is not UTF-8")
                        .with_help("save the file as UTF-8"),
                );
            }
        }
    }
    Ok((sources, diagnostics))
}

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), LoadError> {
    let meta = std::fs::metadata(path).map_err(|e| LoadError { path: path.display().to_string(), reason: e.to_string() })?;
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| LoadError { path: path.display().to_string(), reason: e.to_string() })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect(&entry, out)?;
        } else if entry.extension().is_some_and(|e| e == "tenor") {
            out.push(entry);
        }
    }
    Ok(())
}
