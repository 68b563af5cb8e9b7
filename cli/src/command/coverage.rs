//! The `tenor test --coverage` report: per decision, the places no test exercised, with their
//! source lines, and the share of places exercised overall.

use crate::report;
use tenor_compiler::span::Sources;
use tenor_runtime::{CoveragePoint, DecisionCoverage, PointKind};

/// Prints the coverage report; false when `floor` is given and the total share is below it.
pub fn report(coverage: &[DecisionCoverage], sources: &Sources, floor: Option<f64>) -> bool {
    report::line("coverage");
    for decision in coverage {
        let title =
            if decision.package.is_empty() { decision.decision.clone() } else { format!("{} › {}", decision.package, decision.decision) };
        let total = decision.points.len();
        if total == 0 {
            report::line(&format!("  {title}: nothing to cover (no rule arms, table rows or offers)"));
            continue;
        }
        let covered = decision.covered();
        let tests = match decision.tests {
            1 => "1 test".to_owned(),
            n => format!("{n} tests"),
        };
        report::line(&format!("  {title}: {} ({covered} of {total} places, {tests})", percent(covered, total)));
        for point in decision.points.iter().filter(|p| !p.covered()) {
            report::line(&format!("    {}", describe(point, sources)));
        }
    }
    let all = coverage.iter().flat_map(|d| &d.points);
    let (covered, total) = tally(all.clone());
    let (arms_covered, arms) = tally(all.filter(|p| matches!(p.kind, PointKind::Arm | PointKind::Row)));
    report::line(&format!(
        "coverage {} ({covered} of {total} places); rule arms and table rows {} ({arms_covered} of {arms})",
        percent(covered, total),
        percent(arms_covered, arms)
    ));
    let share = share(covered, total);
    match floor {
        Some(floor) if share < floor => {
            report::line(&format!("coverage {} is below the required {floor}%: add tests for the places listed", percent(covered, total)));
            false
        }
        _ => true,
    }
}

/// Places exercised and places in all.
fn tally<'a>(points: impl Iterator<Item = &'a CoveragePoint>) -> (usize, usize) {
    points.fold((0, 0), |(c, t), p| (c + usize::from(p.covered()), t + 1))
}

/// The share exercised, in percent (100 when there is nothing to exercise).
fn share(covered: usize, total: usize) -> f64 {
    if total == 0 {
        100.0
    } else {
        covered as f64 * 100.0 / total as f64
    }
}

fn percent(covered: usize, total: usize) -> String {
    format!("{:.1}%", share(covered, total))
}

/// `file:line  what: source text (what no test saw)`.
fn describe(point: &CoveragePoint, sources: &Sources) -> String {
    let file = sources.get(point.span.file).map(|f| f.name.as_str()).unwrap_or("?");
    let at = sources.line_col(point.span.file, point.span.start);
    let text = sources.get(point.span.file).and_then(|f| f.text.lines().nth(at.line.saturating_sub(1))).map(str::trim).unwrap_or_default();
    let (kind, missing) = match point.kind {
        PointKind::Arm => ("rule arm", "never fired"),
        PointKind::Row => ("table row", "never chosen"),
        PointKind::Condition => (
            "offer condition",
            match (point.held, point.failed) {
                (true, _) => "never failed",
                (false, true) => "never held",
                (false, false) => "never reached",
            },
        ),
        PointKind::Suppression => ("contact rule", "never suppressed the offer"),
    };
    format!("{file}:{}  {kind} `{text}`: {missing}", at.line)
}
