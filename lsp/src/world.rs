//! The documents the editor has open, the package files on disk around them, the index of the
//! workspace's packages, and the cache of snapshots: one per folder (its files plus the files of
//! the packages they import), rebuilt when a newer change (a higher generation) arrives.

use crate::snapshot::Snapshot;
use crate::workspace::{self, Packages};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use tower_lsp_server::ls_types::Uri;

/// Most `.tenor` files read from one folder.
const MAX_FILES: usize = 2_000;

/// Open documents and analysed folders.
#[derive(Debug, Default)]
pub struct World {
    state: Mutex<State>,
    /// The stdlib's files on disk, for go-to-definition into it.
    pub stdlib: Vec<Uri>,
}

#[derive(Debug, Default)]
struct State {
    open: HashMap<Uri, String>,
    generation: u64,
    cache: HashMap<PathBuf, (u64, Arc<Snapshot>)>,
    packages: Packages,
}

impl World {
    /// A world whose stdlib files are at `stdlib`.
    pub fn new(stdlib: Vec<Uri>) -> World {
        World { state: Mutex::default(), stdlib }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records the text of an open document; returns the new generation.
    pub fn set(&self, uri: Uri, text: String) -> u64 {
        let mut state = self.state();
        state.open.insert(uri, text);
        state.generation += 1;
        state.generation
    }

    /// Forgets an open document (the file on disk, if any, is read again); returns the new generation.
    pub fn close(&self, uri: &Uri) -> u64 {
        let mut state = self.state();
        state.open.remove(uri);
        state.generation += 1;
        state.generation
    }

    /// The URIs of the open documents.
    pub fn open_uris(&self) -> Vec<Uri> {
        let mut uris: Vec<Uri> = self.state().open.keys().cloned().collect();
        uris.sort();
        uris
    }

    /// The current generation: a result computed for an older one is stale.
    pub fn generation(&self) -> u64 {
        self.state().generation
    }

    /// The snapshot of the folder holding `uri`: its files, and the files of the packages they
    /// import (transitively, from anywhere under the workspace roots), analysed for the current
    /// generation.
    pub fn snapshot(&self, uri: &Uri) -> Arc<Snapshot> {
        let folder = folder(uri);
        let (generation, open) = {
            let mut state = self.state();
            if let Some((g, snapshot)) = state.cache.get(&folder) {
                if *g == state.generation {
                    return Arc::clone(snapshot);
                }
            }
            state.packages.fall_back_to(&folder);
            (state.generation, state.open.clone())
        };
        self.refresh_index();
        let (files, not_utf8) = folder_files(&folder, uri, &open);
        let imported = {
            let state = self.state();
            imported_files(&files, &state.packages, &open)
        };
        let mut snapshot = Snapshot::build_with_imports(files, imported.files, &self.stdlib);
        for (file, valid_up_to) in not_utf8.into_iter().chain(imported.not_utf8) {
            snapshot.not_utf8(&file, valid_up_to);
        }
        let snapshot = Arc::new(snapshot);
        let mut state = self.state();
        if state.generation == generation {
            state.cache.insert(folder, (generation, Arc::clone(&snapshot)));
        }
        snapshot
    }

    /// Sets the workspace roots the client named (none: each analysed file's folder is one).
    pub fn set_roots(&self, roots: Vec<PathBuf>) {
        self.state().packages.set_roots(roots);
    }

    /// Records whether the client reports created, changed and deleted files.
    pub fn set_watched(&self, watched: bool) {
        self.state().packages.watched = watched;
    }

    /// Whether the client reports created, changed and deleted files.
    pub fn watched(&self) -> bool {
        self.state().packages.watched
    }

    /// A file on disk was created, changed or deleted: its package is read again; returns the
    /// new generation.
    pub fn file_changed(&self, path: &Path) -> u64 {
        let mut state = self.state();
        state.packages.update(path);
        state.generation += 1;
        state.generation
    }

    /// A document was opened or saved: when the client does not report file changes, the index
    /// is read again (files may have been created or deleted meanwhile); returns the new
    /// generation.
    pub fn files_may_have_changed(&self) -> u64 {
        let mut state = self.state();
        if !state.packages.watched {
            state.packages.mark_stale();
        }
        state.generation += 1;
        state.generation
    }

    /// Reads the package index again from the roots when it is stale, without holding the lock.
    fn refresh_index(&self) {
        let Some(roots) = self.state().packages.stale_roots() else { return };
        let files = workspace::scan(&roots);
        self.state().packages.replace(files);
    }
}

/// The folder of a `file:` URI (its package), or the URI itself for other schemes.
fn folder(uri: &Uri) -> PathBuf {
    match uri.to_file_path() {
        Some(path) => path.parent().map(Path::to_path_buf).unwrap_or_default(),
        None => PathBuf::from(uri.as_str()),
    }
}

/// A file that is not UTF-8, and the offset of its first bad byte.
type NotUtf8 = (Uri, usize);

/// The `.tenor` files of the folder (open documents as typed, others from disk), `uri` included,
/// and the files on disk that are not UTF-8 (read with replacement characters, as `tenor
/// check` reads them) with the offset of their first bad byte.
fn folder_files(folder: &Path, uri: &Uri, open: &HashMap<Uri, String>) -> (Vec<(Uri, String)>, Vec<NotUtf8>) {
    let mut files: Vec<(Uri, String)> = Vec::new();
    let mut not_utf8 = Vec::new();
    let mut on_disk: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| workspace::is_tenor(p)).collect())
        .unwrap_or_default();
    on_disk.sort();
    on_disk.truncate(MAX_FILES);
    for path in on_disk {
        read(&path, open, &mut files, &mut not_utf8);
    }
    for (open_uri, text) in open {
        if folder_of_same(open_uri, folder) && !files.iter().any(|(u, _)| u == open_uri) {
            files.push((open_uri.clone(), text.clone()));
        }
    }
    if !files.iter().any(|(u, _)| u == uri) {
        files.push((uri.clone(), open.get(uri).cloned().unwrap_or_default()));
    }
    (files, not_utf8)
}

/// Adds the file at `path` to `files`: the open document as typed, or the file on disk. An
/// unreadable file (deleted meanwhile, no permission) is left out.
fn read(path: &Path, open: &HashMap<Uri, String>, files: &mut Vec<(Uri, String)>, not_utf8: &mut Vec<NotUtf8>) {
    let Some(file_uri) = Uri::from_file_path(path) else { return };
    if let Some(text) = open.get(&file_uri) {
        files.push((file_uri, text.clone()));
        return;
    }
    let Ok(bytes) = std::fs::read(path) else { return };
    match String::from_utf8(bytes) {
        Ok(text) => files.push((file_uri, text)),
        Err(e) => {
            not_utf8.push((file_uri.clone(), e.utf8_error().valid_up_to()));
            files.push((file_uri, String::from_utf8_lossy(e.as_bytes()).into_owned()));
        }
    }
}

/// The files a folder's files bring in from elsewhere.
#[derive(Default)]
struct Imported {
    files: Vec<(Uri, String)>,
    not_utf8: Vec<NotUtf8>,
}

/// The files of the packages `own` declare and import, and of the packages those import, in
/// turn (each file once, at most [`MAX_FILES`] in all), `own` left out.
fn imported_files(own: &[(Uri, String)], packages: &Packages, open: &HashMap<Uri, String>) -> Imported {
    let mut imported = Imported::default();
    let mut included: HashSet<PathBuf> = own.iter().filter_map(|(u, _)| real_path(u)).collect();
    let mut wanted: Vec<String> = Vec::new();
    for (_, text) in own {
        let header = workspace::header(text);
        wanted.extend(header.imports);
        wanted.extend((!header.package.is_empty()).then_some(header.package));
    }
    let mut done: HashSet<String> = HashSet::new();
    while let Some(package) = wanted.pop() {
        if !done.insert(package.clone()) {
            continue;
        }
        for path in packages.files_of(&package, open) {
            let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if own.len() + imported.files.len() >= MAX_FILES || !included.insert(real) {
                continue;
            }
            let before = imported.files.len();
            read(&path, open, &mut imported.files, &mut imported.not_utf8);
            if let Some((_, text)) = imported.files.get(before) {
                wanted.extend(workspace::header(text).imports);
            }
        }
    }
    imported
}

/// The real path of a `file:` URI, when it exists.
fn real_path(uri: &Uri) -> Option<PathBuf> {
    let path = uri.to_file_path()?;
    Some(std::fs::canonicalize(&path).unwrap_or_else(|_| path.into_owned()))
}

fn folder_of_same(uri: &Uri, folder_path: &Path) -> bool {
    folder(uri) == folder_path
}
