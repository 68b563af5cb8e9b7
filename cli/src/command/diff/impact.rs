//! Decision impact: both versions decide every line of a JSON Lines file (on all cores, in
//! ordered chunks, as `tenor batch` does); per output, which values turned into which, with
//! the first example lines of each transition and why each version decided as it did.

use super::side::Side;
use super::Sides;
use crate::command::batch;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use tenor_runtime::{Decision, Engine};

/// Example lines kept per transition, and refused lines per version.
const EXAMPLES: usize = 3;
/// Distinct transitions kept per output; the rest are counted in `other` (free-text outputs
/// would otherwise keep one per customer).
const TRANSITIONS: usize = 1000;

/// What changes when both versions decide the same inputs.
#[derive(Serialize)]
pub struct Impact {
    /// The decision made.
    pub decision: String,
    /// The inputs file.
    pub inputs: String,
    /// Non-blank input lines.
    pub lines: usize,
    /// Lines both versions decided.
    pub decided: usize,
    /// Lines whose decision differs between the versions.
    pub changed: usize,
    /// Lines a version refused (the input does not fit its schema, or a fault).
    pub refused: Sides<Refused>,
    /// Per output, the transitions, most frequent first.
    pub outputs: Vec<OutputImpact>,
}

/// Lines one version refused.
#[derive(Default, Serialize)]
pub struct Refused {
    /// How many.
    pub count: usize,
    /// The first few, with the version's error.
    pub examples: Vec<Refusal>,
}

/// One refused line.
#[derive(Serialize)]
pub struct Refusal {
    /// Line number, from 1.
    pub line: usize,
    /// Why it was refused.
    pub error: String,
}

/// How one output (a declared output, `offers`, `suppressed`, `experiment NAME`) changed.
#[derive(Serialize)]
pub struct OutputImpact {
    /// The output.
    pub output: String,
    /// Lines where it differs.
    pub changed: usize,
    /// `from → to` with counts, most frequent first.
    pub transitions: Vec<Transition>,
    /// Changed lines in transitions past the first 1,000 distinct ones.
    #[serde(skip_serializing_if = "is_zero")]
    pub other: usize,
}

/// One `from → to` of an output.
#[derive(Serialize)]
pub struct Transition {
    /// The old version's value.
    pub from: String,
    /// The new version's value.
    pub to: String,
    /// How many lines.
    pub count: usize,
    /// The first lines, each with both explanations.
    pub examples: Vec<Example>,
}

/// One example line of a transition.
#[derive(Serialize)]
pub struct Example {
    /// Line number, from 1.
    pub line: usize,
    /// Why the old version decided as it did (its explanation, the lines about this output).
    pub old: String,
    /// Why the new version did.
    pub new: String,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One line decided by both versions.
enum Outcome {
    /// Both decided: the outputs that differ, `(output, from, to)`, and the line when some do.
    Decided(Vec<(String, String, String)>, String),
    /// One or both refused it.
    Refused(Option<String>, Option<String>),
}

/// Runs both versions over `inputs`; none (with a note) when a version does not compile.
pub fn run(old: &Side, new: &Side, inputs: &str, decision: Option<&str>, notes: &mut Vec<String>) -> Result<Option<Impact>, String> {
    let (Some(old_engine), Some(new_engine)) = (old.engine()?, new.engine()?) else {
        let broken = if old.errors() > 0 { "old" } else { "new" };
        notes.push(format!("decision impact skipped: the {broken} version does not compile; fix its errors and run again"));
        return Ok(None);
    };
    let name = pick(&new_engine, decision)?;
    let old_decision = in_version(&old_engine, &name, "old")?;
    let new_decision = in_version(&new_engine, &name, "new")?;
    let mut impact = Impact {
        decision: name.clone(),
        inputs: inputs.to_owned(),
        lines: 0,
        decided: 0,
        changed: 0,
        refused: Sides::default(),
        outputs: Vec::new(),
    };
    let mut tables = Tables::default();
    let progress = batch::progress_bar();
    batch::in_chunks(
        batch::open_input(inputs)?,
        inputs,
        |line| both(old_decision, new_decision, line),
        |chunk| {
            progress.inc(chunk.len() as u64);
            for (line, outcome) in chunk {
                impact.lines += 1;
                match outcome {
                    Outcome::Refused(o, n) => {
                        refuse(&mut impact.refused.old, line, o);
                        refuse(&mut impact.refused.new, line, n);
                    }
                    Outcome::Decided(diffs, text) => {
                        impact.decided += 1;
                        if !diffs.is_empty() {
                            impact.changed += 1;
                            tables.add(diffs, line, &text, Sides { old: old_decision, new: new_decision });
                        }
                    }
                }
            }
            Ok(())
        },
    )?;
    progress.finish_and_clear();
    impact.outputs = tables.finish();
    Ok(Some(impact))
}

/// The decision to run: the one named, or the new version's only decision.
fn pick(engine: &Engine, name: Option<&str>) -> Result<String, String> {
    if let Some(name) = name {
        return Ok(name.to_owned());
    }
    let names: Vec<String> = engine
        .program()
        .decisions
        .iter()
        .map(|d| if d.package.is_empty() { d.name.clone() } else { format!("{}.{}", d.package, d.name) })
        .collect();
    match names.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(format!(
            "the policy has {} decisions; say which the inputs are for with `--decision` (`{}`)",
            names.len(),
            names.join("`, `")
        )),
    }
}

fn in_version<'e>(engine: &'e Engine, name: &str, which: &str) -> Result<Decision<'e>, String> {
    engine.decision(name).map_err(|e| format!("the {which} version: {e}"))
}

fn both(old: Decision<'_>, new: Decision<'_>, line: &str) -> Outcome {
    match (old.decide_json(line), new.decide_json(line)) {
        (Ok(o), Ok(n)) => {
            let diffs = differences(&o, &n);
            let text = if diffs.is_empty() { String::new() } else { line.to_owned() };
            Outcome::Decided(diffs, text)
        }
        (o, n) => Outcome::Refused(o.err().map(|e| e.to_string()), n.err().map(|e| e.to_string())),
    }
}

fn refuse(refused: &mut Refused, line: usize, error: Option<String>) {
    if let Some(error) = error {
        refused.count += 1;
        if refused.examples.len() < EXAMPLES {
            refused.examples.push(Refusal { line, error });
        }
    }
}

/// The outputs whose values differ between two decisions' JSON.
fn differences(old: &str, new: &str) -> Vec<(String, String, String)> {
    let (old, new) = (outputs(old), outputs(new));
    let mut out = Vec::new();
    for (name, from) in &old {
        let to = new.iter().find(|(n, _)| n == name).map_or("none", |(_, v)| v.as_str());
        if from != to {
            out.push((name.clone(), from.clone(), to.to_owned()));
        }
    }
    for (name, to) in new.iter().filter(|(n, _)| !old.iter().any(|(o, _)| o == n)) {
        out.push((name.clone(), "none".to_owned(), to.clone()));
    }
    out
}

/// A decision's outputs as `(name, value)` texts: chosen offers and suppressed offers by name,
/// each experiment's arm on its own.
fn outputs(json: &str) -> Vec<(String, String)> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(json) else { return Vec::new() };
    let mut out = Vec::new();
    for (key, value) in map {
        match (key.as_str(), value) {
            ("offers" | "suppressed", Value::Array(items)) => {
                let names: Vec<String> = items.iter().filter_map(|i| i.get("offer").and_then(Value::as_str)).map(str::to_owned).collect();
                out.push((key, if names.is_empty() { "none".to_owned() } else { names.join(" + ") }));
            }
            ("experiments", Value::Object(arms)) => {
                out.extend(arms.into_iter().map(|(name, arm)| (format!("experiment {name}"), shown(&arm))));
            }
            (_, value) => out.push((key, shown(&value))),
        }
    }
    out
}

/// A value as a reader sees it: text without quotes, `none` for null, other values as JSON.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "none".to_owned(),
        other => other.to_string(),
    }
}

/// The transitions of every output, in the order outputs first changed.
#[derive(Default)]
struct Tables(Vec<OutputImpact>, Vec<BTreeMap<(String, String), Transition>>);

impl Tables {
    /// Counts one changed line; the first lines of a transition are explained by both versions.
    fn add(&mut self, diffs: Vec<(String, String, String)>, line: usize, text: &str, versions: Sides<Decision<'_>>) {
        for (output, from, to) in diffs {
            let at = self.0.iter().position(|o| o.output == output).unwrap_or_else(|| {
                self.0.push(OutputImpact { output: output.clone(), changed: 0, transitions: Vec::new(), other: 0 });
                self.1.push(BTreeMap::new());
                self.0.len() - 1
            });
            let (Some(summary), Some(table)) = (self.0.get_mut(at), self.1.get_mut(at)) else { continue };
            summary.changed += 1;
            let key = (from, to);
            if !table.contains_key(&key) && table.len() >= TRANSITIONS {
                summary.other += 1;
                continue;
            }
            let (from, to) = key.clone();
            let transition = table.entry(key).or_insert(Transition { from, to, count: 0, examples: Vec::new() });
            transition.count += 1;
            if transition.examples.len() < EXAMPLES {
                let why = |d: Decision<'_>| explain(d, text, &output, &transition.from, &transition.to);
                let (old, new) = (why(versions.old), why(versions.new));
                transition.examples.push(Example { line, old, new });
            }
        }
    }

    /// Each output's transitions, most frequent first.
    fn finish(self) -> Vec<OutputImpact> {
        self.0
            .into_iter()
            .zip(self.1)
            .map(|(mut summary, table)| {
                summary.transitions = table.into_values().collect();
                summary.transitions.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to))));
                summary
            })
            .collect()
    }
}

/// The lines of a decision's explanation about `output` (all of them when none is); for
/// offers, only the lines about the offers of the transition `from → to`.
fn explain(decision: Decision<'_>, input: &str, output: &str, from: &str, to: &str) -> String {
    let text = match decision.explain_json(input) {
        Ok(json) => tenor_runtime::explain::to_text(&json),
        Err(e) => return format!("error: {e}"),
    };
    let prefixes: Vec<String> = match output {
        "offers" | "suppressed" => {
            let moved = from.split(" + ").chain(to.split(" + ")).filter(|name| *name != "none");
            moved.map(|name| format!("offer {name}:")).collect()
        }
        _ if output.starts_with("experiment ") => vec![format!("{output}:")],
        _ => vec![format!("{output} = ")],
    };
    let lines: Vec<&str> = text.lines().filter(|l| prefixes.iter().any(|p| l.starts_with(p.as_str()))).collect();
    if lines.is_empty() {
        text.trim_end().to_owned()
    } else {
        lines.join("\n")
    }
}
