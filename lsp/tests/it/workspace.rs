//! Packages in other folders: a temporary workspace whose `store` folder imports the package of
//! its `common` folder, analysed through the [`World`] as the server does (open documents as
//! typed, the rest from disk), with the package index of the workspace root.

use super::support::{cursor, stdlib_uris};
use std::path::{Path, PathBuf};
use tenor_lsp::workspace::{header, Header};
use tenor_lsp::world::World;
use tenor_lsp::{completion, diagnostics, hover, navigation};
use tower_lsp_server::ls_types::{HoverContents, Position, Uri};

const COMMON: &str = "## Shared by every store.
package retail.common

record Customer {
  ## First name, for greetings.
  first_name: Text
  tier: Tier
}

enum Tier { gold, silver }
";

const STORE: &str = "package retail.store
import retail.common

decision greet(customer: $0Customer) {
  greeting = \"Hello {customer.first_name}\"
}
";

/// A workspace under the temporary folder: `common/types.tenor`, `store/policy.tenor` and the
/// other files given, removed when dropped.
struct Workspace {
    root: PathBuf,
}

impl Workspace {
    fn new(name: &str, files: &[(&str, &str)]) -> Workspace {
        let root = std::env::temp_dir().join(format!("tenor-lsp-workspace-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (path, text) in [("common/types.tenor", COMMON), ("store/policy.tenor", &cursor(STORE).0)].iter().chain(files) {
            std::fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
            std::fs::write(root.join(path), text).unwrap();
        }
        Workspace { root }
    }

    fn uri(&self, path: &str) -> Uri {
        Uri::from_file_path(self.root.join(path)).unwrap()
    }

    /// A world over this workspace with `path` open as `text`.
    fn open(&self, path: &str, text: &str) -> World {
        let world = World::new(stdlib_uris());
        world.set_roots(vec![self.root.clone()]);
        world.set(self.uri(path), text.to_owned());
        world
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// The messages published for each file of the snapshot of `uri`, by path under `root`.
fn published(world: &World, uri: &Uri, root: &Path) -> Vec<(String, Vec<String>)> {
    let root = root.to_string_lossy().into_owned();
    diagnostics::all(&world.snapshot(uri))
        .into_iter()
        .map(|(u, list)| {
            let path = u.to_file_path().unwrap().to_string_lossy().replace(&root, "");
            (path, list.into_iter().map(|d| d.message).collect())
        })
        .collect()
}

#[test]
fn an_import_of_another_folder_resolves_without_diagnostics() {
    let ws = Workspace::new("clean", &[]);
    let store = ws.uri("store/policy.tenor");
    let world = ws.open("store/policy.tenor", &cursor(STORE).0);
    // Only the folder's own file is published; `common`'s are published from its own folder.
    assert_eq!(published(&world, &store, &ws.root), vec![("/store/policy.tenor".to_owned(), vec![])]);
}

#[test]
fn definition_hover_and_completion_reach_the_imported_folder() {
    let ws = Workspace::new("features", &[]);
    let store = ws.uri("store/policy.tenor");
    let (text, at_record) = cursor(STORE);
    let world = ws.open("store/policy.tenor", &text);
    let snapshot = world.snapshot(&store);

    let definition = navigation::definition(&snapshot, &store, at_record).unwrap();
    assert_eq!(definition.uri, ws.uri("common/types.tenor"));
    assert_eq!(definition.range.start, Position::new(3, 7));

    let field = Position::new(4, 30);
    let hover = hover::hover(&snapshot, &store, field).unwrap();
    let HoverContents::Markup(markup) = hover.contents else { panic!("not markdown") };
    assert!(markup.value.contains("first_name: Text") && markup.value.contains("First name, for greetings."), "{}", markup.value);

    let typing = text.replace("{customer.first_name}", "{customer.}");
    world.set(store.clone(), typing);
    let items = completion::complete(&world.snapshot(&store), &store, Position::new(4, 30));
    let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
    assert_eq!(labels, ["first_name", "tier"]);
}

#[test]
fn an_import_of_a_package_that_exists_nowhere_keeps_the_checkers_error() {
    let ws = Workspace::new("missing", &[("broken/policy.tenor", "package retail.broken\nimport retail.comon\n")]);
    let broken = ws.uri("broken/policy.tenor");
    let world = ws.open("broken/policy.tenor", "package retail.broken\nimport retail.comon\n");
    let published = published(&world, &broken, &ws.root);
    let [(path, messages)] = published.as_slice() else { panic!("{published:?}") };
    assert_eq!(path, "/broken/policy.tenor");
    // The suggestion is drawn from the packages the snapshot loaded (this folder's and its
    // imports'), not from every package of the workspace.
    assert_eq!(messages, &["no package `retail.comon` is loaded; did you mean `retail.broken`?\nhelp: check the name, and pass the package's folder to the command too"]);
}

#[test]
fn imports_follow_the_typed_text_and_files_created_on_disk() {
    let ws = Workspace::new("changes", &[]);
    let store = ws.uri("store/policy.tenor");
    let world = ws.open("store/policy.tenor", &cursor(STORE).0.replace("retail.common", "retail.offers"));
    let unknown =
        |world: &World| published(world, &store, &ws.root).iter().flat_map(|(_, m)| m).any(|m| m.contains("no package `retail.offers`"));
    assert!(unknown(&world));
    // A package created on disk, reported by the client's file watcher, is found.
    let created = ws.root.join("offers/card.tenor");
    std::fs::create_dir_all(created.parent().unwrap()).unwrap();
    std::fs::write(&created, "package retail.offers\nimport retail.common\n").unwrap();
    world.set_watched(true);
    world.file_changed(&created);
    assert!(!unknown(&world));
    // An open document's package is read as typed, not from disk.
    let common = ws.uri("common/types.tenor");
    world.set(common, COMMON.replace("retail.common", "retail.offers"));
    world.set(store.clone(), cursor(STORE).0.replace("import retail.common", "import retail.offers"));
    assert_eq!(published(&world, &store, &ws.root), vec![("/store/policy.tenor".to_owned(), vec![])]);
}

#[test]
fn without_workspace_folders_the_files_folder_is_the_root() {
    let ws = Workspace::new(
        "fallback",
        &[
            ("app/main.tenor", "package app\nimport app.lib\n\nfn f(x: Item) -> Int = x.n\n"),
            ("app/lib/item.tenor", "package app.lib\nrecord Item { n: Int }\n"),
        ],
    );
    let main = ws.uri("app/main.tenor");
    let world = World::new(stdlib_uris());
    world.set(main.clone(), std::fs::read_to_string(ws.root.join("app/main.tenor")).unwrap());
    assert_eq!(published(&world, &main, &ws.root), vec![("/app/main.tenor".to_owned(), vec![])]);
}

#[test]
fn the_header_is_read_outside_comments_and_brackets() {
    let text = "# package not.this\n## Docs.\npackage a.b\nimport c\nrecord R { import: Int }\nimport d.e.\n";
    assert_eq!(header(text), Header { package: "a.b".to_owned(), imports: vec!["c".to_owned(), "d.e".to_owned()] });
    assert_eq!(header("decision d(c: C) {"), Header::default());
}
