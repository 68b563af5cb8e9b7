//! The packages of the workspace: which `.tenor` files under the workspace roots declare which
//! package (read from each file's `package` line), so a folder's snapshot can add the files of
//! the packages it imports from other folders, as `tenor check ROOT` sees them.
//!
//! The walk is bounded as `tenor check` walks (`tenor_runtime::source`): hidden entries and
//! `target/` folders are not walked, every real folder and file (by canonical path) is visited
//! once, so a link back to a parent cannot loop, and at most [`MAX_FILES`] files are indexed.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use tenor_compiler::syntax::lexer::{tokens, Lexeme, Token};
use tower_lsp_server::ls_types::Uri;

/// Most `.tenor` files indexed under the roots.
pub const MAX_FILES: usize = 10_000;

/// Largest file whose `package` line is read, in bytes.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The `package` and `import` lines of one file (the package is empty when it declares none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// `package a.b`, dotted.
    pub package: String,
    /// Each `import a.b`, dotted, in order.
    pub imports: Vec<String>,
}

/// The `package` and `import` lines of `text`: the top-level (outside any bracket) paths that
/// follow the words `package` and `import`, read with the compiler's lexer.
pub fn header(text: &str) -> Header {
    let lexemes: Vec<Lexeme> = tokens(text).into_iter().filter(|l| !matches!(l.token, Token::Comment | Token::DocComment)).collect();
    let word = |l: &Lexeme| text.get(l.start..l.end).unwrap_or("");
    let mut header = Header::default();
    let mut depth = 0usize;
    for (i, lexeme) in lexemes.iter().enumerate() {
        match lexeme.token {
            Token::Open => depth += 1,
            Token::Close => depth = depth.saturating_sub(1),
            Token::Word if depth == 0 && matches!(word(lexeme), "package" | "import") => {
                let path = dotted_path(lexemes.get(i + 1..).unwrap_or_default(), word);
                match word(lexeme) {
                    "package" if header.package.is_empty() => header.package = path,
                    "import" if !path.is_empty() => header.imports.push(path),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    header
}

/// The dotted path `a.b.c` at the start of `lexemes` (empty when none is there).
fn dotted_path<'t>(lexemes: &[Lexeme], word: impl Fn(&Lexeme) -> &'t str) -> String {
    let mut path = String::new();
    for (k, lexeme) in lexemes.iter().enumerate() {
        let wanted = if k % 2 == 0 { lexeme.token == Token::Word } else { word(lexeme) == "." };
        if !wanted {
            break;
        }
        path.push_str(word(lexeme));
    }
    path.trim_end_matches('.').to_owned()
}

/// The package index: the roots, and the package of every indexed file on disk.
#[derive(Debug, Default)]
pub struct Packages {
    /// The workspace folders, or (when the client named none) the folders of the files analysed.
    roots: Vec<PathBuf>,
    /// Whether `roots` came from the client.
    from_client: bool,
    /// The package each file on disk declares (files that declare none are left out).
    files: BTreeMap<PathBuf, String>,
    /// Whether `files` must be read again from the roots.
    stale: bool,
    /// Whether the client reports file changes (`workspace/didChangeWatchedFiles`).
    pub watched: bool,
}

impl Packages {
    /// Sets the workspace roots the client named; none keeps the fallback to each file's folder.
    pub fn set_roots(&mut self, roots: Vec<PathBuf>) {
        self.from_client = !roots.is_empty();
        self.roots = roots;
        self.stale = true;
    }

    /// Adds `folder` as a root when the client named none and no root holds it yet.
    pub fn fall_back_to(&mut self, folder: &Path) {
        if !self.from_client && !self.roots.iter().any(|r| folder.starts_with(r)) {
            self.roots.push(folder.to_path_buf());
            self.stale = true;
        }
    }

    /// Marks the index to be read again from the roots (files may have been created).
    pub fn mark_stale(&mut self) {
        self.stale = true;
    }

    /// The roots to walk, when the index is stale.
    pub fn stale_roots(&self) -> Option<Vec<PathBuf>> {
        self.stale.then(|| self.roots.clone())
    }

    /// Replaces the index with a walk of the roots (see [`scan`]).
    pub fn replace(&mut self, files: BTreeMap<PathBuf, String>) {
        self.files = files;
        self.stale = false;
    }

    /// Reads the package line of the file at `path` again (removed when it is gone).
    pub fn update(&mut self, path: &Path) {
        match package_on_disk(path) {
            Some(package) if self.files.contains_key(path) || self.files.len() < MAX_FILES => {
                self.files.insert(path.to_path_buf(), package);
            }
            _ => {
                self.files.remove(path);
            }
        }
    }

    /// The files of `package`: those on disk that declare it, except open documents now typed
    /// otherwise, and the open documents under a root that declare it.
    pub fn files_of(&self, package: &str, open: &HashMap<Uri, String>) -> Vec<PathBuf> {
        let open_paths: HashMap<PathBuf, &String> = open.iter().filter_map(|(u, t)| Some((u.to_file_path()?.into_owned(), t))).collect();
        let mut found: Vec<PathBuf> =
            self.files.iter().filter(|(path, p)| *p == package && !open_paths.contains_key(*path)).map(|(path, _)| path.clone()).collect();
        found.extend(
            open_paths
                .iter()
                .filter(|(path, text)| self.roots.iter().any(|r| path.starts_with(r)) && header(text).package == package)
                .map(|(path, _)| path.clone()),
        );
        found.sort();
        found
    }
}

/// The package of every `.tenor` file under `roots` that declares one, walked as the module's
/// documentation says.
pub fn scan(roots: &[PathBuf]) -> BTreeMap<PathBuf, String> {
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut found = BTreeMap::new();
    let mut folders: Vec<PathBuf> = roots.iter().rev().cloned().collect();
    let mut files_seen = 0usize;
    while let Some(folder) = folders.pop() {
        if !first_visit(&mut seen, &folder) {
            continue;
        }
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).filter(|e| walked(&e.file_name())).map(|e| e.path()).collect();
        entries.sort();
        let mut subfolders = Vec::new();
        for path in entries {
            let Ok(meta) = std::fs::metadata(&path) else { continue };
            if meta.is_dir() {
                subfolders.push(path);
            } else if meta.is_file() && is_tenor(&path) && first_visit(&mut seen, &path) {
                files_seen += 1;
                if files_seen > MAX_FILES {
                    return found;
                }
                if let Some(package) = package_on_disk(&path) {
                    found.insert(path, package);
                }
            }
        }
        folders.extend(subfolders.into_iter().rev());
    }
    found
}

/// Whether the walk enters an entry of this name: not hidden, not a build's `target/`.
fn walked(name: &std::ffi::OsStr) -> bool {
    !name.as_encoded_bytes().starts_with(b".") && name != "target"
}

/// Records the real path of `path`; false when it was visited before or cannot be resolved.
fn first_visit(seen: &mut HashSet<PathBuf>, path: &Path) -> bool {
    std::fs::canonicalize(path).is_ok_and(|real| seen.insert(real))
}

/// Whether the path names a `.tenor` file.
pub fn is_tenor(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "tenor")
}

/// The package the file at `path` declares, if it can be read and declares one.
fn package_on_disk(path: &Path) -> Option<String> {
    if std::fs::metadata(path).ok()?.len() > MAX_FILE_BYTES {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let package = header(&String::from_utf8_lossy(&bytes)).package;
    (!package.is_empty()).then_some(package)
}
