//! The standard library's sources written to a cache folder, so an editor can open them when
//! go-to-definition lands on a stdlib function (the compiler's spans point into them).

use std::path::PathBuf;
use tenor_compiler::native::STDLIB;
use tower_lsp_server::ls_types::Uri;

/// Writes `stdlib/*.tenor` under the temporary folder (once per version) and returns their URIs,
/// in [`STDLIB`] order.
pub fn write() -> std::io::Result<Vec<Uri>> {
    let folder = std::env::temp_dir().join(format!("tenor-stdlib-{}", env!("CARGO_PKG_VERSION")));
    std::fs::create_dir_all(&folder)?;
    let mut uris = Vec::new();
    for (module, text) in STDLIB {
        let path: PathBuf = folder.join(format!("{module}.tenor"));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(*text) {
            std::fs::write(&path, text)?;
        }
        uris.extend(Uri::from_file_path(&path));
    }
    Ok(uris)
}
