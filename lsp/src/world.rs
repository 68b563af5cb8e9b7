//! The documents the editor has open, the package files on disk around them, and the cache of
//! snapshots: one per folder, rebuilt when a newer change (a higher generation) arrives.

use crate::snapshot::Snapshot;
use std::collections::HashMap;
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

    /// Marks files on disk as changed; returns the new generation.
    pub fn touch(&self) -> u64 {
        let mut state = self.state();
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

    /// The snapshot of the package holding `uri`, analysed for the current generation.
    pub fn snapshot(&self, uri: &Uri) -> Arc<Snapshot> {
        let folder = folder(uri);
        let (generation, open) = {
            let state = self.state();
            if let Some((g, snapshot)) = state.cache.get(&folder) {
                if *g == state.generation {
                    return Arc::clone(snapshot);
                }
            }
            (state.generation, state.open.clone())
        };
        let (files, not_utf8) = package_files(&folder, uri, &open);
        let mut snapshot = Snapshot::build(files, &self.stdlib);
        for (file, valid_up_to) in not_utf8 {
            snapshot.not_utf8(&file, valid_up_to);
        }
        let snapshot = Arc::new(snapshot);
        let mut state = self.state();
        if state.generation == generation {
            state.cache.insert(folder, (generation, Arc::clone(&snapshot)));
        }
        snapshot
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
fn package_files(folder: &Path, uri: &Uri, open: &HashMap<Uri, String>) -> (Vec<(Uri, String)>, Vec<NotUtf8>) {
    let mut files: Vec<(Uri, String)> = Vec::new();
    let mut not_utf8 = Vec::new();
    let mut on_disk: Vec<PathBuf> = std::fs::read_dir(folder)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "tenor")).collect())
        .unwrap_or_default();
    on_disk.sort();
    on_disk.truncate(MAX_FILES);
    for path in on_disk {
        let Some(file_uri) = Uri::from_file_path(&path) else { continue };
        if let Some(text) = open.get(&file_uri) {
            files.push((file_uri, text.clone()));
            continue;
        }
        // An unreadable file (deleted meanwhile, no permission) is left out.
        let Ok(bytes) = std::fs::read(&path) else { continue };
        match String::from_utf8(bytes) {
            Ok(text) => files.push((file_uri, text)),
            Err(e) => {
                not_utf8.push((file_uri.clone(), e.utf8_error().valid_up_to()));
                files.push((file_uri, String::from_utf8_lossy(e.as_bytes()).into_owned()));
            }
        }
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

fn folder_of_same(uri: &Uri, folder_path: &Path) -> bool {
    folder(uri) == folder_path
}
