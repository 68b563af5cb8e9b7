//! Broken programs under `tests/diagnostics/` and what the checker says about them, as snapshots.

use tenor_tests::{render, single};

#[test]
fn broken_programs_report_these_diagnostics() {
    insta::glob!("../diagnostics", "*.tenor", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy();
        let sources = single(&name, &text);
        let analysis = tenor_compiler::analyze(&sources);
        assert!(!analysis.diagnostics.is_empty(), "{name} is meant to be broken but has no diagnostics");
        let codes: Vec<&str> = analysis.diagnostics.iter().map(|d| d.code.as_str()).collect();
        let report =
            format!("----- SOURCE\n{text}\n----- CODES\n{}\n----- ERROR\n{}", codes.join("\n"), render(&analysis.diagnostics, &sources));
        insta::assert_snapshot!(report);
    });
}

#[test]
fn every_diagnostic_span_lies_inside_its_file() {
    insta::glob!("../diagnostics", "*.tenor", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let sources = single("case.tenor", &text);
        for d in tenor_compiler::analyze(&sources).diagnostics {
            assert!(
                d.span.end as usize <= text.len() && d.span.start <= d.span.end,
                "{}: span {:?} outside the file",
                path.display(),
                d.span
            );
        }
    });
}
