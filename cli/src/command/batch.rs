//! `tenor batch PATH --decision NAME --input FILE.jsonl`: one decision per JSON line, on all
//! cores, written in input order as it goes (memory does not grow with the file).

mod tally;

use crate::report;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;
use tally::Tally;
use tenor_runtime::live::{LoadOptions, PolicyVersion};
use tenor_runtime::{Decision, InputLimits};

/// Records read, decided and written at a time.
const CHUNK: usize = 16 * 1024;

/// Arguments of `tenor batch`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy folder or file.
    path: PathBuf,
    /// The decision to make for every record (`name` or `package.name`).
    #[arg(long)]
    decision: String,
    /// JSON Lines input, one decision input per line, or `-` for standard input.
    #[arg(long, default_value = "-")]
    input: String,
    /// Where to write one decision per line (a failed record gets `{"line", "error"}`); default standard output.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Param overrides (TOML, or JSON for `.json`).
    #[arg(long)]
    params: Option<PathBuf>,
    /// Most rounds of list operations one decision may take.
    #[arg(long, default_value_t = tenor_runtime::DEFAULT_STEP_BUDGET)]
    max_steps: u64,
    /// Largest record, in bytes.
    #[arg(long, default_value_t = InputLimits::default().max_input_bytes)]
    max_input_bytes: usize,
    /// Most elements of one list, set or map in a record.
    #[arg(long, default_value_t = InputLimits::default().max_elements)]
    max_elements: usize,
}

/// Runs the command; true when every record was decided.
pub fn run(args: Args) -> bool {
    match batch(&args) {
        Ok(tally) => {
            report::err(&tally.summary());
            tally.failed == 0
        }
        Err(message) => {
            report::err_line(&format!("error: {message}"));
            false
        }
    }
}

fn batch(args: &Args) -> Result<Tally, String> {
    let limits = InputLimits { max_input_bytes: args.max_input_bytes, max_elements: args.max_elements };
    let options = LoadOptions { step_budget: args.max_steps, input_limits: limits, require_tests: false };
    let version = PolicyVersion::load(&args.path, args.params.as_deref(), options).map_err(|e| format!("{}: {e}", args.path.display()))?;
    let decision = version.engine().decision(&args.decision).map_err(|e| e.to_string())?;
    // The input is opened first: a missing input must not leave an empty output file behind.
    let input = open_input(&args.input)?;
    let mut output = open_output(args.output.as_ref())?;
    let progress = progress_bar();
    let start = Instant::now();
    let mut tally = decision.code().map(Tally::new).unwrap_or_default();
    in_chunks(
        input,
        &args.input,
        |line| decide(decision, line),
        |decided| {
            // Counting re-reads each decision's JSON: done on all cores, one tally per thread.
            let blank = tally.empty_like();
            let counted = decided
                .par_iter()
                .fold(
                    || blank.clone(),
                    |mut t, (_, result)| {
                        match result {
                            Ok(json) => t.count(json),
                            Err(_) => t.failed += 1,
                        }
                        t
                    },
                )
                .reduce(|| blank.clone(), Tally::merge);
            tally = std::mem::take(&mut tally).merge(counted);
            write_chunk(&mut output, &decided)?;
            progress.inc(decided.len() as u64);
            Ok(())
        },
    )?;
    output.flush().map_err(|e| format!("cannot write the output: {e}"))?;
    progress.finish_and_clear();
    tally.elapsed = start.elapsed();
    Ok(tally)
}

/// Reads JSON Lines from `input` (opened by [`open_input`] from `name`) in chunks of [`CHUNK`] lines, runs
/// `work` on every non-blank line of a chunk on all cores, and hands each chunk's results to
/// `consume` in input order, with their line numbers (from 1): memory stays bounded.
pub(crate) fn in_chunks<T: Send>(
    mut input: Box<dyn BufRead>,
    name: &str,
    work: impl Fn(&str) -> T + Sync,
    mut consume: impl FnMut(Vec<(usize, T)>) -> Result<(), String>,
) -> Result<(), String> {
    let mut lines = Vec::with_capacity(CHUNK);
    let mut first_line = 1;
    loop {
        let read = read_chunk(&mut input, &mut lines, name)?;
        let done: Vec<(usize, T)> =
            lines.par_iter().enumerate().filter(|(_, l)| !l.trim().is_empty()).map(|(i, line)| (first_line + i, work(line))).collect();
        consume(done)?;
        first_line += read;
        if read < CHUNK {
            return Ok(());
        }
    }
}

/// One record's decision as JSON text, or the error message.
fn decide(decision: Decision<'_>, line: &str) -> Result<String, String> {
    decision.decide_json(line).map_err(|e| e.to_string())
}

/// Reads up to [`CHUNK`] lines; returns how many were read (fewer at the end of the input).
fn read_chunk(input: &mut dyn BufRead, lines: &mut Vec<String>, name: &str) -> Result<usize, String> {
    lines.clear();
    while lines.len() < CHUNK {
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => lines.push(line),
            Err(e) => return Err(format!("cannot read `{name}` at line {}: {e}", lines.len() + 1)),
        }
    }
    Ok(lines.len())
}

/// Writes the chunk's decisions in input order, reporting each failed record with its line.
fn write_chunk(output: &mut dyn Write, decided: &[(usize, Result<String, String>)]) -> Result<(), String> {
    let written = |e: std::io::Error| format!("cannot write the output: {e}");
    for (line, result) in decided {
        match result {
            Ok(json) => {
                writeln!(output, "{json}").map_err(written)?;
            }
            Err(message) => {
                report::err_line(&format!("error: line {line}: {message}"));
                let record = serde_json::json!({"line": line, "error": message});
                writeln!(output, "{record}").map_err(written)?;
            }
        }
    }
    Ok(())
}

/// The JSON Lines file `name`, or standard input for `-`.
pub(crate) fn open_input(name: &str) -> Result<Box<dyn BufRead>, String> {
    if name == "-" {
        return Ok(Box::new(BufReader::new(std::io::stdin())));
    }
    let file = std::fs::File::open(name).map_err(|e| format!("cannot read `{name}`: {e}"))?;
    Ok(Box::new(BufReader::with_capacity(1 << 20, file)))
}

fn open_output(path: Option<&PathBuf>) -> Result<Box<dyn Write>, String> {
    match path {
        Some(path) => {
            let file = std::fs::File::create(path).map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
            Ok(Box::new(BufWriter::with_capacity(1 << 20, file)))
        }
        None => Ok(Box::new(BufWriter::with_capacity(1 << 20, std::io::stdout()))),
    }
}

/// A records counter on a terminal; nothing when standard error is piped.
pub(crate) fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {human_pos} records  {per_sec}  {elapsed}") {
        bar.set_style(style);
    }
    bar
}
