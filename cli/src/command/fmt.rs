//! `tenor fmt [--check] PATH…`: the canonical layout, written back in place (atomically, only
//! files that change) or, with `--check`, shown as a unified diff per file.

use crate::report;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use tenor_compiler::format::{format, FormatError};
use tenor_compiler::span::{FileId, Sources};

/// Arguments of `tenor fmt`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy files or folders (every `.tenor` file below a folder).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Change nothing: print a diff for each file that is not formatted and exit 1 if any is not.
    #[arg(long)]
    check: bool,
}

/// What happened to one file.
enum Outcome {
    /// Already in the canonical layout.
    Same,
    /// Rewritten, or (with `--check`) would be.
    Changed,
    /// Not formatted: syntax errors, unreadable, or the write failed (already reported).
    Failed,
}

/// Runs the command; true when every file is formatted (with `--check`: was already formatted).
pub fn run(args: Args) -> bool {
    let Some((sources, load_errors)) = report::load(&args.paths) else {
        return false;
    };
    report::print_all(&load_errors, &sources);
    let unreadable: HashSet<FileId> = load_errors.iter().map(|d| d.span.file).collect();
    let (mut changed, mut failed, mut total) = (0, 0, 0);
    for (id, file) in sources.iter() {
        total += 1;
        let outcome = if unreadable.contains(&id) { Outcome::Failed } else { one_file(id, &file.name, &file.text, &sources, args.check) };
        match outcome {
            Outcome::Same => {}
            Outcome::Changed => changed += 1,
            Outcome::Failed => failed += 1,
        }
    }
    report::err_line(&summary(total, changed, failed, args.check));
    failed == 0 && !(args.check && changed > 0)
}

/// Formats one file: prints its diff (`check`) or rewrites it.
fn one_file(id: FileId, name: &str, text: &str, sources: &Sources, check: bool) -> Outcome {
    match format(id, text) {
        Ok(formatted) if formatted == text => Outcome::Same,
        Ok(formatted) if check => {
            report::out(&diff(name, text, &formatted));
            Outcome::Changed
        }
        Ok(formatted) => match write_atomically(Path::new(name), &formatted) {
            Ok(()) => Outcome::Changed,
            Err(e) => {
                report::err_line(&format!("error: cannot write `{name}`: {e}; the file is unchanged"));
                Outcome::Failed
            }
        },
        Err(FormatError::Syntax(diagnostics)) => {
            report::print_all(&diagnostics, sources);
            report::err_line(&format!("error: `{name}` has syntax errors and was left as it is; fix them and run `tenor fmt` again"));
            Outcome::Failed
        }
        Err(FormatError::Unsafe(reason)) => {
            report::err_line(&format!("error: `{name}` was left as it is: {reason}; this is a bug in `tenor fmt`, please report it"));
            Outcome::Failed
        }
    }
}

/// A unified diff from the file as it is to its canonical layout.
fn diff(name: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after).unified_diff().context_radius(3).header(name, &format!("{name} (formatted)")).to_string()
}

/// Writes `text` to a temporary file beside `path`, with `path`'s permissions, then renames it
/// over `path`, so a reader sees the old file or the new one, never half of one.
fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let target = std::fs::canonicalize(path)?;
    let mut temp = tempfile::Builder::new().prefix(".tenor-fmt-").tempfile_in(target.parent().unwrap_or(folder))?;
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    std::fs::set_permissions(temp.path(), std::fs::metadata(&target)?.permissions())?;
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

fn summary(total: usize, changed: usize, failed: usize, check: bool) -> String {
    let files = |n: usize| if n == 1 { format!("{n} file") } else { format!("{n} files") };
    let verb = if check { "not formatted" } else { "reformatted" };
    let mut line = format!("{} checked: {} {verb}", files(total), changed);
    if failed > 0 {
        line.push_str(&format!(", {} left as they are because of errors", failed));
    }
    line
}
