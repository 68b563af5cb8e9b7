//! Go to definition (across files and into the stdlib), references and highlights.

use super::support::{draw, package, uri, SCHEMA};
use tenor_lsp::navigation::{definition, highlights, references};

#[test]
fn definition_of_a_field_is_in_the_schema_file() {
    let (snapshot, position) = package(&super::support::POLICY.replacen("customer.first_name", "customer.first_$0name", 1));
    let location = definition(&snapshot, &uri("policy.tenor"), position).unwrap();
    assert_eq!(location.uri, uri("schema.tenor"));
    insta::assert_snapshot!(draw(SCHEMA, None, &[location.range]).lines().nth(5).unwrap(), @"  [[first_name]]: Text");
}

#[test]
fn definition_of_a_stdlib_function_is_in_its_virtual_file() {
    let (snapshot, position) = package(&super::support::POLICY.replacen("text.capitalize", "text.capi$0talize", 1));
    let location = definition(&snapshot, &uri("policy.tenor"), position).unwrap();
    assert_eq!(location.uri.as_str(), "file:///stdlib/text.tenor");
    let text = tenor_compiler::native::STDLIB.iter().find(|(m, _)| *m == "text").unwrap().1;
    let drawn = draw(text, None, &[location.range]);
    assert!(drawn.contains("extern fn [[capitalize]]("), "{drawn}");
}

#[test]
fn references_of_a_variant_span_both_files() {
    let (snapshot, position) = package(&super::support::POLICY.replacen("tier == gold\n    otherwise", "tier == go$0ld\n    otherwise", 1));
    let found = references(&snapshot, &uri("policy.tenor"), position, true);
    let mut report = String::new();
    for file in ["schema.tenor", "policy.tenor"] {
        let ranges: Vec<_> = found.iter().filter(|l| l.uri == uri(file)).map(|l| l.range).collect();
        let text = &snapshot.files.iter().find(|f| f.uri == uri(file)).unwrap().text;
        for line in draw(text, None, &ranges).lines().filter(|l| l.contains("[[")) {
            report.push_str(&format!("{file}: {}\n", line.trim()));
        }
    }
    insta::assert_snapshot!(report);
}

#[test]
fn highlights_stay_in_the_file() {
    let (snapshot, position) = package(&super::support::POLICY.replacen("let name", "let na$0me", 1));
    let found = highlights(&snapshot, &uri("policy.tenor"), position);
    let ranges: Vec<_> = found.iter().map(|h| h.range).collect();
    let drawn: Vec<String> =
        draw(&snapshot.files[1].text, None, &ranges).lines().filter(|l| l.contains("[[")).map(|l| l.trim().to_owned()).collect();
    insta::assert_snapshot!(drawn.join("\n"));
}
