//! The report as text for a terminal, Markdown for a pull-request comment, or JSON.
//!
//! Text and Markdown read the same sentences (`sentence`, `detail`); only the markup differs.

use super::impact::{Impact, OutputImpact, Refused};
use super::{plural, Format, Report};
use tenor_compiler::diff::{Detail, Entry, Status};

/// Transitions shown per output (JSON has them all).
const SHOWN_TRANSITIONS: usize = 10;

/// The report in `format`, ending with a newline.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Json => serde_json::to_string_pretty(report).map(|s| s + "\n").unwrap_or_default(),
        Format::Text => text(report),
        Format::Markdown => markdown(report),
    }
}

/// How an output is marked up.
struct Markup {
    /// Code: backticks in text, a code span in Markdown.
    code: fn(&str) -> String,
    /// Strong: as is in text, `**…**` in Markdown.
    strong: fn(&str) -> String,
}

const TEXT: Markup = Markup { code: |s| format!("`{s}`"), strong: |s| s.to_owned() };
const MARKDOWN: Markup = Markup { code: code_span, strong: |s| format!("**{s}**") };

/// A Markdown code span that holds any text (a longer fence when it has backticks).
fn code_span(s: &str) -> String {
    let fence = if s.contains('`') { "``" } else { "`" };
    let pad = if s.starts_with('`') || s.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{s}{pad}{fence}")
}

fn summary(report: &Report) -> String {
    match (report.summary.changed, report.summary.breaking) {
        (0, _) => "no change in meaning (formatting, comments and docs are not changes)".to_owned(),
        (n, 0) => format!("{n} change{}", plural(n)),
        (n, b) => format!("{n} change{}, {b} breaking hosts", plural(n)),
    }
}

/// `offer `a.b.c` added`, with why it breaks hosts when it does.
fn sentence(entry: &Entry, m: &Markup) -> String {
    let mut out = format!("{} {} {}", entry.kind.word(), (m.code)(&entry.name), entry.status.word());
    if let Some(reason) = &entry.breaking {
        out.push_str(&format!(": {} {reason}", (m.strong)("breaks hosts:")));
    }
    out
}

/// `eligibility condition: `a` → `b``, with why it breaks hosts when it does.
fn detail(d: &Detail, m: &Markup) -> String {
    let code = |s: &Option<String>| s.as_deref().map(m.code).unwrap_or_default();
    let mut out = match d.status {
        Status::Added => format!("{} added: {}", d.what, code(&d.new)),
        Status::Removed => format!("{} removed: {}", d.what, code(&d.old)),
        Status::Changed => format!("{}: {} → {}", d.what, code(&d.old), code(&d.new)),
        Status::Moved => {
            format!("{} moved from {} to {}", d.what, d.old.as_deref().unwrap_or_default(), d.new.as_deref().unwrap_or_default())
        }
    };
    if let Some(reason) = &d.breaking {
        out.push_str(&format!(" ({} {reason})", (m.strong)("breaks hosts:")));
    }
    out
}

/// `12.5% of units change arm`, for an experiment whose weights moved.
fn split_line(entry: &Entry) -> Option<String> {
    let moved = entry.split.as_ref()?.units_moved_percent?;
    Some(format!("{moved}% of units would change arm (bucketed as decisions bucket them, over {} unit ids)", tenor_runtime::SPLIT_UNITS))
}

fn text(report: &Report) -> String {
    let mut out = format!("tenor diff {} → {}: {}\n", report.old, report.new, summary(report));
    for note in &report.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    for entry in &report.changes {
        let mark = match entry.status {
            Status::Added => '+',
            Status::Removed => '-',
            _ => '~',
        };
        out.push_str(&format!("{mark} {}\n", sentence(entry, &TEXT)));
        for d in &entry.details {
            out.push_str(&format!("    {}\n", detail(d, &TEXT)));
        }
        if let Some(line) = split_line(entry) {
            out.push_str(&format!("    {line}\n"));
        }
    }
    if let Some(impact) = &report.impact {
        impact_text(&mut out, impact);
    }
    out
}

fn markdown(report: &Report) -> String {
    let mut out = format!("### Policy changes: {} → {}\n\n{}\n\n", code_span(&report.old), code_span(&report.new), summary(report));
    for note in &report.notes {
        out.push_str(&format!("> **Note:** {note}\n\n"));
    }
    for entry in &report.changes {
        out.push_str(&format!("- {}\n", sentence(entry, &MARKDOWN)));
        for d in &entry.details {
            out.push_str(&format!("  - {}\n", detail(d, &MARKDOWN)));
        }
        if let Some(line) = split_line(entry) {
            out.push_str(&format!("  - {line}\n"));
        }
    }
    if let Some(impact) = &report.impact {
        impact_markdown(&mut out, impact);
    }
    out
}

/// `37 of 1000 decisions change (3.7%)`.
fn headline(impact: &Impact) -> String {
    let share = if impact.decided == 0 { 0.0 } else { impact.changed as f64 * 100.0 / impact.decided as f64 };
    format!(
        "{} of {} decision{} change ({:.1}%) for `{}` on `{}`",
        impact.changed,
        impact.decided,
        plural(impact.decided),
        share,
        impact.decision,
        impact.inputs
    )
}

/// `the old version refused 2 lines (line 4: …)`.
fn refusals(which: &str, refused: &Refused) -> Option<String> {
    if refused.count == 0 {
        return None;
    }
    let examples: Vec<String> = refused.examples.iter().map(|r| format!("line {}: {}", r.line, r.error)).collect();
    Some(format!("the {which} version refused {} line{} ({})", refused.count, plural(refused.count), examples.join("; ")))
}

fn transitions(output: &OutputImpact) -> impl Iterator<Item = &super::impact::Transition> {
    output.transitions.iter().take(SHOWN_TRANSITIONS)
}

fn more(output: &OutputImpact) -> Option<String> {
    let hidden: usize = output.transitions.iter().skip(SHOWN_TRANSITIONS).map(|t| t.count).sum::<usize>() + output.other;
    (hidden > 0).then(|| format!("… and {hidden} more line{} in other transitions", plural(hidden)))
}

fn impact_text(out: &mut String, impact: &Impact) {
    out.push_str(&format!("\ndecision impact: {}\n", headline(impact)));
    for line in [refusals("old", &impact.refused.old), refusals("new", &impact.refused.new)].into_iter().flatten() {
        out.push_str(&format!("  {line}\n"));
    }
    for output in &impact.outputs {
        out.push_str(&format!("  {} ({} change{}):\n", output.output, output.changed, plural(output.changed)));
        for t in transitions(output) {
            out.push_str(&format!("    {} → {}: {}\n", t.from, t.to, t.count));
            for e in &t.examples {
                out.push_str(&format!("      line {}\n", e.line));
                out.push_str(&format!("        old: {}\n", e.old.replace('\n', "\n             ")));
                out.push_str(&format!("        new: {}\n", e.new.replace('\n', "\n             ")));
            }
        }
        if let Some(line) = more(output) {
            out.push_str(&format!("    {line}\n"));
        }
    }
}

fn impact_markdown(out: &mut String, impact: &Impact) {
    out.push_str(&format!("\n#### Decision impact\n\n{}\n\n", headline(impact)));
    for line in [refusals("old", &impact.refused.old), refusals("new", &impact.refused.new)].into_iter().flatten() {
        out.push_str(&format!("> {line}\n\n"));
    }
    for output in &impact.outputs {
        out.push_str(&format!(
            "**{}** ({} change{})\n\n| from | to | lines | examples |\n|---|---|---:|---|\n",
            output.output,
            output.changed,
            plural(output.changed)
        ));
        for t in transitions(output) {
            let lines: Vec<String> = t.examples.iter().map(|e| e.line.to_string()).collect();
            let noun = if lines.len() == 1 { "line" } else { "lines" };
            out.push_str(&format!("| {} | {} | {} | {noun} {} |\n", cell(&t.from), cell(&t.to), t.count, lines.join(", ")));
        }
        if let Some(line) = more(output) {
            out.push_str(&format!("\n{line}\n"));
        }
        out.push_str("\n<details><summary>Why, for the example lines</summary>\n\n");
        for t in transitions(output) {
            for e in &t.examples {
                out.push_str(&format!("- line {} ({} → {})\n", e.line, cell(&t.from), cell(&t.to)));
                out.push_str(&format!("  - old: {}\n", e.old.replace('\n', "; ")));
                out.push_str(&format!("  - new: {}\n", e.new.replace('\n', "; ")));
            }
        }
        out.push_str("\n</details>\n\n");
    }
}

/// A value in a table cell: a code span, pipes escaped.
fn cell(s: &str) -> String {
    code_span(&s.replace('|', "\\|"))
}
