//! Reading policy files from git revisions (`git ls-tree`, `git show`; nothing is checked out),
//! and the external diff driver git calls for `*.tenor diff=tenor`.

use super::side::Side;
use std::path::PathBuf;
use std::process::Command;
use tenor_compiler::span::Sources;

/// The two sides `--git REV[..REV]` names: `A..B` (an empty end is `HEAD`), or `REV` against the working tree.
pub fn sides(range: &str, paths: &[PathBuf]) -> Result<(Side, Side), String> {
    match range.split_once("..") {
        Some((old, new)) => {
            let old = if old.is_empty() { "HEAD" } else { old };
            let new = if new.is_empty() { "HEAD" } else { new };
            Ok((at_revision(old, paths)?, at_revision(new, paths)?))
        }
        None => {
            let old = at_revision(range, paths)?;
            let new = Side::from_disk("working tree".to_owned(), paths)?;
            Ok((old, new))
        }
    }
}

/// The `.tenor` files under `paths` (relative to the current folder) as committed at `rev`.
fn at_revision(rev: &str, paths: &[PathBuf]) -> Result<Side, String> {
    git(&["rev-parse", "--is-inside-work-tree"])?;
    let commit = format!("{rev}^{{commit}}");
    if git(&["rev-parse", "--verify", "--quiet", &commit]).is_err() {
        return Err(format!("git revision `{rev}` does not exist; give a branch, tag or commit (`git log --oneline` lists them)"));
    }
    let mut args = vec!["ls-tree", "-r", "-z", "--full-name", "--name-only", rev, "--"];
    let specs: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    args.extend(specs.iter().map(String::as_str));
    let listing = git(&args)?;
    let mut sources = Sources::new();
    for name in listing.split('\0').filter(|n| n.ends_with(".tenor")) {
        let text = git(&["show", &format!("{rev}:{name}")])?;
        sources.add(format!("{rev}:{name}"), text);
    }
    Ok(Side::new(format!("{rev}:{}", specs.join(",")), sources, Vec::new()))
}

/// Runs git with `args`; its standard output, or its error as one line.
fn git(args: &[&str]) -> Result<String, String> {
    let output =
        Command::new("git").args(args).output().map_err(|e| format!("cannot run `git`: {e}; install git or compare folders instead"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first = stderr.lines().next().unwrap_or("failed").trim_start_matches("fatal: ");
        return Err(format!("`git {}` failed: {first}", args.first().copied().unwrap_or_default()));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| format!("`git {}` printed text that is not UTF-8", args.first().copied().unwrap_or_default()))
}

/// The sides of one file as git's external diff driver gets them: `path old-file old-hex
/// old-mode new-file new-hex new-mode`, where a missing side is `/dev/null`.
pub fn driver_sides(args: &[PathBuf]) -> Result<(Side, Side), String> {
    let [path, old, _, _, new, _, _] = args else {
        return Err(format!(
            "`--git-driver` takes the 7 arguments git gives an external diff (path old-file old-hex old-mode new-file new-hex new-mode), got {}; set it up with `git config diff.tenor.command 'tenor diff --git-driver'`",
            args.len()
        ));
    };
    let path = path.display().to_string();
    let side = |file: &PathBuf, label: &str| -> Result<Side, String> {
        if file.as_os_str() == "/dev/null" {
            return Ok(Side::empty(format!("{label}/{path} (none)")));
        }
        let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read `{}`: {e}", file.display()))?;
        let mut sources = Sources::new();
        sources.add(format!("{label}/{path}"), text);
        Ok(Side::new(format!("{label}/{path}"), sources, Vec::new()))
    };
    Ok((side(old, "a")?, side(new, "b")?))
}
