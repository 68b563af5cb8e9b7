//! Rename across files; refusing bad and clashing names.

use super::support::{draw, package, uri};
use tenor_lsp::rename::rename;

fn renamed(plain: &str, marked: &str, new_name: &str) -> String {
    let (snapshot, position) = package(&super::support::POLICY.replacen(plain, marked, 1));
    let edit = rename(&snapshot, &uri("policy.tenor"), position, new_name).unwrap().unwrap();
    let changes = edit.changes.unwrap();
    let mut report = String::new();
    for file in ["schema.tenor", "policy.tenor"] {
        let text = &snapshot.files.iter().find(|f| f.uri == uri(file)).unwrap().text;
        let ranges: Vec<_> =
            changes.get(&uri(file)).into_iter().flatten().inspect(|e| assert_eq!(e.new_text, new_name)).map(|e| e.range).collect();
        for line in draw(text, None, &ranges).lines().filter(|l| l.contains("[[")) {
            report.push_str(&format!("{file}: {}\n", line.trim()));
        }
    }
    report
}

#[test]
fn rename_a_field_across_files() {
    insta::assert_snapshot!(renamed("customer.first_name", "customer.first_$0name", "given_name"));
}

#[test]
fn rename_a_record_across_files() {
    insta::assert_snapshot!(renamed("customer: Customer", "customer: Cust$0omer", "Client"));
}

#[test]
fn rename_an_offer_and_a_decision() {
    insta::assert_snapshot!(renamed("card {", "ca$0rd {", "gold_card") + &renamed("decision greet", "decision gr$0eet", "welcome"));
}

#[test]
fn refuse_clashes_keywords_and_stdlib() {
    let cases = [
        ("customer.first_name", "customer.first_$0name", "tier"),
        ("decision greet", "decision gr$0eet", "max_offers"),
        ("label = name", "la$0bel = name", "greeting"),
        ("customer.first_name", "customer.first_$0name", "when"),
        ("customer.first_name", "customer.first_$0name", "2x"),
        ("text.capitalize", "text.capi$0talize", "cap"),
    ];
    let mut report = String::new();
    for (plain, marked, new_name) in cases {
        let (snapshot, position) = package(&super::support::POLICY.replacen(plain, marked, 1));
        let error = rename(&snapshot, &uri("policy.tenor"), position, new_name).unwrap_err();
        report.push_str(&format!("{new_name}: {error}\n"));
    }
    insta::assert_snapshot!(report);
}
