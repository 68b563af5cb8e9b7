//! Loading policy folders: links are followed but every real file is read once, a cycle ends,
//! what is left out is named, and the order is sorted whatever the folder's order on disk.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests stop loudly on a broken fixture"
)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use tenor_runtime::source::{load_paths, Loaded};

const POLICY: &str = "record A { x: Int }\n";

/// A fresh empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tenor-source-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn load(paths: &[&Path]) -> Loaded {
    load_paths(&paths.iter().map(|p| p.to_path_buf()).collect::<Vec<_>>()).unwrap()
}

/// The loaded file names relative to `dir`, and the skip notes with `dir` cut out.
fn summary(dir: &Path, loaded: &Loaded) -> (Vec<String>, Vec<String>) {
    let prefix = format!("{}/", dir.display());
    let files = loaded.sources.iter().map(|(_, f)| f.name.replace(&prefix, "")).collect();
    let skipped = loaded.skipped.iter().map(|s| s.to_string().replace(&prefix, "")).collect();
    (files, skipped)
}

#[test]
fn links_back_to_a_parent_folder_are_walked_once() {
    let dir = scratch("cycle");
    std::fs::create_dir(dir.join("a")).unwrap();
    std::fs::write(dir.join("a/p.tenor"), POLICY).unwrap();
    symlink(".", dir.join("a/loop")).unwrap();
    symlink(".", dir.join("a/loop2")).unwrap();
    symlink("..", dir.join("a/up")).unwrap();
    let loaded = load(&[&dir]);
    assert_eq!(
        summary(&dir, &loaded),
        (
            vec!["a/p.tenor".to_owned()],
            vec![
                "skipped `a/loop`: a link to `a` (already loaded)".to_owned(),
                "skipped `a/loop2`: a link to `a` (already loaded)".to_owned(),
                format!("skipped `a/up`: a link to `{}` (already loaded)", dir.display()),
            ]
        )
    );
    assert!(loaded.diagnostics.is_empty());
}

#[test]
fn a_link_to_a_file_already_read_is_skipped_and_one_outside_is_read_once() {
    let dir = scratch("file-links");
    let outside = scratch("file-links-outside");
    std::fs::write(dir.join("b.tenor"), POLICY).unwrap();
    std::fs::write(outside.join("o.tenor"), "record O { x: Int }\n").unwrap();
    symlink(dir.join("b.tenor"), dir.join("c.tenor")).unwrap();
    symlink(outside.join("o.tenor"), dir.join("o.tenor")).unwrap();
    let (files, skipped) = summary(&dir, &load(&[&dir]));
    assert_eq!(files, ["b.tenor", "o.tenor"]);
    assert_eq!(skipped, ["skipped `c.tenor`: a link to `b.tenor` (already loaded)"]);
}

#[test]
fn dangling_links_and_non_regular_files_are_skipped_without_blocking() {
    let dir = scratch("special");
    std::fs::write(dir.join("a.tenor"), POLICY).unwrap();
    symlink("missing.tenor", dir.join("gone.tenor")).unwrap();
    symlink("missing", dir.join("gone-folder")).unwrap();
    let fifo = std::process::Command::new("mkfifo").arg(dir.join("x.tenor")).status().unwrap();
    assert!(fifo.success());
    let (files, skipped) = summary(&dir, &load(&[&dir]));
    assert_eq!(files, ["a.tenor"]);
    assert_eq!(
        skipped,
        [
            "skipped `gone.tenor`: a link to `missing.tenor`, which does not exist",
            "skipped `x.tenor`: not a regular file (a FIFO, socket or device); only regular files are read",
        ]
    );
    let device = load(&[Path::new("/dev/null")]);
    assert_eq!(device.sources.iter().count(), 0);
    assert_eq!(
        device.skipped[0].to_string(),
        "skipped `/dev/null`: not a regular file (a FIFO, socket or device); only regular files are read"
    );
}

#[test]
fn the_same_file_given_twice_or_through_its_folder_is_read_once() {
    let dir = scratch("twice");
    std::fs::write(dir.join("a.tenor"), POLICY).unwrap();
    let file = dir.join("a.tenor");
    let (files, skipped) = summary(&dir, &load(&[&file, &file, &dir]));
    assert_eq!(files, ["a.tenor"]);
    assert_eq!(skipped, ["skipped `a.tenor`: already loaded", "skipped `a.tenor`: already loaded"]);
    let dotted = dir.join(".").join("a.tenor");
    let (_, skipped) = summary(&dir, &load(&[&file, &dotted]));
    assert_eq!(skipped, ["skipped `./a.tenor`: the same file as `a.tenor` (already loaded)"]);
}

#[test]
fn hidden_folders_are_not_walked_and_the_order_is_sorted() {
    let dir = scratch("hidden");
    for name in ["z.tenor", "m/b.tenor", "m/a.tenor", "a.tenor", ".git/x.tenor", "m/.#lock.tenor"] {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, format!("record R{} {{ x: Int }}\n", name.len())).unwrap();
    }
    let (files, skipped) = summary(&dir, &load(&[&dir]));
    assert_eq!(files, ["a.tenor", "m/a.tenor", "m/b.tenor", "z.tenor"]);
    assert!(skipped.is_empty(), "{skipped:?}");
    let explicit = dir.join(".git");
    assert_eq!(load(&[&explicit]).sources.iter().count(), 1, "a hidden folder given by name is read");
}

#[test]
fn a_file_name_that_is_not_utf8_is_read_and_shown_lossily() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("name");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.tenor");
    std::fs::write(dir.join(name), POLICY).unwrap();
    let (files, skipped) = summary(&dir, &load(&[&dir]));
    assert_eq!(files, ["caf\u{fffd}.tenor"]);
    assert!(skipped.is_empty());
}
