//! Diagnostics: the compiler's, per file, with codes and related locations; no cascade from
//! the half-typed template.

use super::support::{snapshot, uri, POLICY, SCHEMA};
use tenor_lsp::diagnostics::all;

#[test]
fn the_broken_template_gives_one_diagnostic() {
    let snapshot = snapshot(&[("schema.tenor", SCHEMA), ("policy.tenor", POLICY)]);
    let report: Vec<String> = all(&snapshot)
        .into_iter()
        .flat_map(|(u, list)| list.into_iter().map(move |d| (u.clone(), d)))
        .map(|(u, d)| {
            format!(
                "{} {}:{}-{}:{} [{:?}] {}",
                u.as_str(),
                d.range.start.line,
                d.range.start.character,
                d.range.end.line,
                d.range.end.character,
                d.code,
                d.message
            )
        })
        .collect();
    insta::assert_snapshot!(report.join("\n"));
}

#[test]
fn fixing_it_clears_every_file() {
    let fixed = POLICY.replace("{customer.}", "{customer.first_name}");
    let snapshot = snapshot(&[("schema.tenor", SCHEMA), ("policy.tenor", &fixed)]);
    let all = all(&snapshot);
    assert_eq!(all.len(), 2, "one entry per file, so clean files are cleared");
    assert!(all.iter().all(|(_, d)| d.is_empty()), "{all:?}");
}

#[test]
fn notes_become_related_locations_in_other_files() {
    let duplicate = format!("{POLICY}\nparam max_offers: Int = 3\n");
    let snapshot = snapshot(&[("schema.tenor", SCHEMA), ("policy.tenor", &duplicate)]);
    let found = all(&snapshot);
    let related: Vec<_> = found.iter().flat_map(|(_, d)| d).filter_map(|d| d.related_information.clone()).flatten().collect();
    assert!(related.iter().any(|r| r.location.uri == uri("schema.tenor") || r.location.uri == uri("policy.tenor")), "{found:?}");
}
