//! `tenor diff OLD NEW`: what a change to a policy means, in the terms of the business.
//!
//! Stages, one module each: `side` (a version's files: disk, `git` revision or the file git
//! hands its diff driver, analysed), the compiler's semantic diff (`tenor_compiler::diff`),
//! `split` (how many units an experiment's new weights move to another arm), `impact` (both
//! versions decided on recorded inputs), `render` (text, Markdown, JSON).
//!
//! Exit status: 0 when the diff was made (changed or not); 1 when a side cannot be read, a git
//! revision does not exist, a side has compile errors (what parsed is still diffed and shown),
//! or the decision impact cannot run. As git's diff driver it exits 0 unless a file cannot be read.

mod git;
mod impact;
mod render;
mod side;
mod split;

use crate::report;
use serde::Serialize;
use side::Side;
use std::path::PathBuf;
use tenor_compiler::diff::Entry;

/// Output formats.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// Markdown, for a pull-request comment.
    Markdown,
    /// One JSON object (documented in the README).
    Json,
}

/// Arguments of `tenor diff`.
#[derive(clap::Args)]
pub struct Args {
    /// OLD and NEW: policy files or folders. With `--git`: the policy paths to compare (default
    /// `.`). With `--git-driver`: the 7 arguments git gives an external diff.
    paths: Vec<PathBuf>,
    /// Compare git revisions of the paths: `A..B`, or `REV` against the working tree.
    #[arg(long, value_name = "REV[..REV]", conflicts_with = "git_driver")]
    git: Option<String>,
    /// Run as git's external diff driver (`git config diff.tenor.command 'tenor diff --git-driver'`).
    #[arg(long)]
    git_driver: bool,
    /// How to print the diff.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Decide every line of this JSON Lines file with both versions and report what changes.
    #[arg(long, value_name = "FILE.jsonl")]
    inputs: Option<String>,
    /// The decision the inputs are for (`name` or `package.name`); needed when there are several.
    #[arg(long, requires = "inputs")]
    decision: Option<String>,
}

/// Everything `tenor diff` reports; the JSON shape of `--format json`.
#[derive(Serialize)]
pub struct Report {
    /// The old version's label (path, or `REV:paths`).
    pub old: String,
    /// The new version's label.
    pub new: String,
    /// Errors in each version (a version with errors is diffed as far as it parsed).
    pub errors: Sides<usize>,
    /// How many entries changed, and how many of them break hosts.
    pub summary: Summary,
    /// Every change, by kind, then name.
    pub changes: Vec<Entry>,
    /// Decision impact, when `--inputs` was given and both versions compile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<impact::Impact>,
    /// What the reader should know: broken versions, skipped impact.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A value for each version.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Sides<T> {
    /// The old version's.
    pub old: T,
    /// The new version's.
    pub new: T,
}

/// Counts of changes.
#[derive(Serialize)]
pub struct Summary {
    /// Entries added, removed or changed.
    pub changed: usize,
    /// Entries that break hosts.
    pub breaking: usize,
}

/// Runs the command; true when the diff was made and both versions compile.
pub fn run(args: Args) -> bool {
    match diff(&args) {
        Ok(ok) => ok,
        Err(message) => {
            report::err_line(&format!("error: {message}"));
            false
        }
    }
}

fn diff(args: &Args) -> Result<bool, String> {
    let (old, new) = sides(args)?;
    let mut notes = Vec::new();
    for (side, which) in [(&old, "old"), (&new, "new")] {
        if args.git_driver {
            notes.extend(syntax_note(side));
        } else if side.errors() > 0 {
            side.print_diagnostics();
            let n = side.errors();
            notes.push(format!(
                "the {which} version `{}` has {n} error{} (on standard error); the diff covers what parsed",
                side.label,
                plural(n)
            ));
        }
    }
    let mut changes = tenor_compiler::diff::diff(&old.analysis, &new.analysis);
    split::count_moved_units(&mut changes);
    let impact = match &args.inputs {
        Some(inputs) => impact::run(&old, &new, inputs, args.decision.as_deref(), &mut notes)?,
        None => None,
    };
    let summary = Summary { changed: changes.entries.len(), breaking: changes.breaking() };
    let errors = Sides { old: old.errors(), new: new.errors() };
    let ok = args.git_driver || (errors.old == 0 && errors.new == 0 && (args.inputs.is_none() || impact.is_some()));
    let report = Report { old: old.label, new: new.label, errors, summary, changes: changes.entries, impact, notes };
    report::out(&render::render(&report, args.format));
    Ok(ok)
}

/// The two versions the arguments name.
fn sides(args: &Args) -> Result<(Side, Side), String> {
    if args.git_driver {
        return git::driver_sides(&args.paths);
    }
    if let Some(range) = &args.git {
        let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
        return git::sides(range, &paths);
    }
    let [old, new] = args.paths.as_slice() else {
        return Err(format!(
            "give two versions, `tenor diff OLD NEW` (files or folders), or `--git REV[..REV]`; got {} path{}",
            args.paths.len(),
            plural(args.paths.len())
        ));
    };
    Ok((
        Side::from_disk(old.display().to_string(), std::slice::from_ref(old))?,
        Side::from_disk(new.display().to_string(), std::slice::from_ref(new))?,
    ))
}

/// As git's driver the file is read alone (its package's other files are not there), so only
/// its syntax errors are worth a note.
fn syntax_note(side: &Side) -> Option<String> {
    let n: usize = side.analysis.parsed.iter().map(|(_, p)| p.diagnostics.iter().filter(|d| d.is_error()).count()).sum();
    (n > 0).then(|| format!("`{}` has {n} syntax error{}; the diff covers what parsed", side.label, plural(n)))
}

/// `s` for counts other than one.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
