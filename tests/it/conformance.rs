//! Every `tests/conformance/<feature>/<case>.tenor` with its `<case>.json`, on every engine.

use std::path::PathBuf;
use tenor_tests::{engines, root, run_case, Case};

fn cases() -> Vec<(PathBuf, Case)> {
    let mut found = Vec::new();
    let dir = root().join("tests/conformance");
    let mut features: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    features.sort();
    for feature in features {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&feature).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for policy in files.into_iter().filter(|p| p.extension().is_some_and(|e| e == "tenor")) {
            let case_file = policy.with_extension("json");
            let text = std::fs::read_to_string(&case_file)
                .unwrap_or_else(|_| panic!("{} has no case file {}", policy.display(), case_file.display()));
            let case: Case = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", case_file.display()));
            found.push((policy, case));
        }
    }
    found
}

#[test]
fn every_case_passes_on_every_engine() {
    let cases = cases();
    assert!(cases.len() >= 10, "the conformance suite has only {} cases", cases.len());
    let mut problems = Vec::new();
    for engine in engines() {
        for (policy, case) in &cases {
            problems.extend(run_case(policy, case, engine.as_ref()));
        }
    }
    assert!(problems.is_empty(), "{} conformance failures:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn every_feature_folder_has_a_readme_naming_its_cases() {
    let dir = root().join("tests/conformance");
    for (policy, _) in cases() {
        let feature = policy.parent().unwrap();
        let readme =
            std::fs::read_to_string(feature.join("README.md")).unwrap_or_else(|_| panic!("{} has no README.md", feature.display()));
        let stem = policy.file_stem().unwrap().to_string_lossy();
        assert!(readme.contains(stem.as_ref()), "{}/README.md does not mention `{stem}`", feature.strip_prefix(&dir).unwrap().display());
    }
}
