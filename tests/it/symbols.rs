//! What the editor and formatter will stand on: every use of a name knows its definition,
//! and every comment survives parsing as trivia.

use tenor_compiler::span::Span;
use tenor_tests::single;

const POLICY: &str = r#"# A plain comment.
enum Segment { new, vip }
## A customer.
record Customer { purchases: Int, segment: Segment }  # trailing comment
param loyal_after: Int = 3
fn loyal(c: Customer) -> Bool = c.purchases >= loyal_after
decision d(customer: Customer) {
  let vip = customer.segment == vip
  out: Bool = vip or loyal(customer)
}
"#;

/// The definition that the use of `name` (its `nth` occurrence in the text) points to, as text with its offset.
fn definition_of(name: &str, nth: usize) -> (usize, String) {
    let sources = single("p.tenor", POLICY);
    let analysis = tenor_compiler::analyze(&sources);
    assert!(analysis.diagnostics.is_empty(), "{:?}", analysis.diagnostics);
    let start = POLICY.match_indices(name).nth(nth).map(|(i, _)| i).unwrap();
    let ident_len = name.trim_end_matches('(').len();
    let used = Span::new(Default::default(), start, start + ident_len);
    let reference = analysis.checked.references.iter().find(|r| r.span == used).unwrap_or_else(|| panic!("no reference at {name} #{nth}"));
    (reference.target.start as usize, sources.snippet(reference.target).to_owned())
}

#[test]
fn uses_point_at_their_definitions() {
    let offset_of = |needle: &str| POLICY.find(needle).unwrap();
    assert_eq!(definition_of("purchases", 1), (offset_of("purchases: Int"), "purchases".to_owned()), "a field");
    assert_eq!(definition_of("loyal_after", 1), (offset_of("loyal_after: Int"), "loyal_after".to_owned()), "a param");
    assert_eq!(definition_of("Customer", 1), (offset_of("Customer {"), "Customer".to_owned()), "a type");
    assert_eq!(definition_of("loyal(", 1).1, "loyal", "a function");
    assert_eq!(definition_of("vip", 2), (offset_of("vip }"), "vip".to_owned()), "an enum variant, not the `let` of the same name");
    assert_eq!(definition_of("vip", 3), (offset_of("vip = customer"), "vip".to_owned()), "the `let`");
    assert_eq!(definition_of("customer", 2), (offset_of("customer: Customer)"), "customer".to_owned()), "a decision input");
}

#[test]
fn comments_are_kept_as_trivia_in_order() {
    let parsed = tenor_compiler::syntax::parse(Default::default(), POLICY);
    let comments: Vec<(&str, bool)> = parsed.trivia.iter().map(|t| (&POLICY[t.start..t.end], t.is_doc)).collect();
    assert_eq!(comments, vec![("# A plain comment.", false), ("## A customer.", true), ("# trailing comment", false)]);
}
