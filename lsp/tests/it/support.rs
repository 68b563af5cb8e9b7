//! Shared helpers: a two-file package, cursor markers, and drawing ranges into the text.

use tenor_lsp::snapshot::Snapshot;
use tower_lsp_server::ls_types::{Position, Range, Uri};

/// The package's schema file.
pub const SCHEMA: &str = r#"## A customer of the shop.
record Customer {
  ## The customer's id.
  id: Text
  ## First name, for greetings.
  first_name: Text
  tier: Tier
  interest: Text @consent(profiling)
  consents: Set<Consent>
}

## Loyalty tier.
enum Tier {
  ## Top tier.
  gold
  silver
}

enum Consent { marketing, profiling }

## Most offers shown at once.
param max_offers: Int = 2
"#;

/// The package's policy file, with a half-typed template in `greet`.
pub const POLICY: &str = r#"## Greets the customer.
decision greet(customer: Customer) {
  let name = text.capitalize(customer.first_name)
  greeting = "Hello {customer.}"
  tone {
    "warm" when customer.tier == gold
    otherwise "plain"
  }
  label = name
  offers at most max_offers {
    ## A card for gold customers.
    card { eligible when customer.tier == gold }
    guide { requires consent profiling  message "More {customer.interest}" }
  }
}

test "greets" {
  given greet(customer: {id: "a", first_name: "ann", tier: gold, interest: "x", consents: []})
  expect label == "Ann"
  expect offer == card
}
"#;

/// A `file:` URI in the test package.
pub fn uri(name: &str) -> Uri {
    format!("file:///pkg/{name}").parse().unwrap()
}

/// The stdlib URIs the snapshots use.
pub fn stdlib_uris() -> Vec<Uri> {
    tenor_compiler::native::STDLIB.iter().map(|(m, _)| format!("file:///stdlib/{m}.tenor").parse().unwrap()).collect()
}

/// A snapshot of files given by name and text.
pub fn snapshot(files: &[(&str, &str)]) -> Snapshot {
    Snapshot::build(files.iter().map(|(n, t)| (uri(n), (*t).to_owned())).collect(), &stdlib_uris())
}

/// The schema and `policy` (with `$0` removed), and the position of `$0` in it.
pub fn package(policy: &str) -> (Snapshot, Position) {
    let (text, position) = cursor(policy);
    (snapshot(&[("schema.tenor", SCHEMA), ("policy.tenor", &text)]), position)
}

/// The text without its `$0` marker, and the marker's position.
pub fn cursor(marked: &str) -> (String, Position) {
    let at = marked.find("$0").expect("the text has a `$0` cursor");
    let before = &marked[..at];
    let line = before.matches('\n').count() as u32;
    let character = before.rsplit('\n').next().unwrap().encode_utf16().count() as u32;
    (marked.replacen("$0", "", 1), Position::new(line, character))
}

/// The text with each range drawn as `[[…]]` and the cursor as `$0`, for snapshots.
pub fn draw(text: &str, cursor: Option<Position>, ranges: &[Range]) -> String {
    let mut marks: Vec<(Position, &str)> = Vec::new();
    for r in ranges {
        marks.push((r.start, "[["));
        marks.push((r.end, "]]"));
    }
    marks.extend(cursor.map(|c| (c, "$0")));
    marks.sort_by_key(|(p, m)| (p.line, p.character, *m != "]]"));
    let mut out = String::new();
    for (line_no, line) in text.split('\n').enumerate() {
        let mut col = 0u32;
        for ch in line.chars() {
            for (p, m) in &marks {
                if p.line as usize == line_no && p.character == col {
                    out.push_str(m);
                }
            }
            out.push(ch);
            col += ch.len_utf16() as u32;
        }
        for (p, m) in &marks {
            if p.line as usize == line_no && p.character >= col {
                out.push_str(m);
            }
        }
        out.push('\n');
    }
    out.trim_end().to_owned()
}

/// A synthetic policy of about `lines` lines: a schema and many decisions and tests.
pub fn policy(lines: usize) -> String {
    let mut text = String::from(
        "record Customer {\n  id: Text\n  name: Text\n  spend: Int\n  tier: Tier\n}\n\nenum Tier { gold, silver, bronze }\n\n",
    );
    let mut n = 0;
    while text.lines().count() < lines {
        text.push_str(&format!(
            "## Decision {n}.\ndecision d{n}(c: Customer) {{\n  let big = c.spend > {n}\n  let who = text.capitalize(c.name)\n  greeting = \"Hello {{who}}\"\n  level {{\n    \"high\" when big and c.tier == gold\n    \"mid\" when big\n    otherwise \"low\"\n  }}\n  score: Int = if big then c.spend * 2 else c.spend\n}}\n\ntest \"d{n}\" {{\n  given d{n}(c: {{id: \"a\", name: \"ann\", spend: 10, tier: gold}})\n  expect greeting == \"Hello Ann\"\n}}\n\n"
        ));
        n += 1;
    }
    text
}
