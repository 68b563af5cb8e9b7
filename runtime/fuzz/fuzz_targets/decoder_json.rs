//! Any bytes as the JSON input of a fixed policy with rich input types: decoding and
//! deciding never panic, the output is JSON with no `inf` or `NaN` percentage, and an error
//! is an input or runtime error with a message.
#![no_main]

use std::sync::OnceLock;
use tenor_runtime::{DecideError, Engine, InputLimits};

const POLICY: &str = r#"
enum Tier { bronze, silver, gold }
record Address { city: Text, zip: Text? }
record Order { id: Int, total: Money<USD>, placed: Timestamp, tags: Set<Text>, rating: Float? }
record Customer {
  name: Text, tier: Tier, since: Date, address: Address, home: Address?, orders: List<Order>,
  scores: Map<Text, Float>, by_tier: Map<Tier, Int>, by_day: Map<Date, Int>, counts: Map<Int, Int>,
  flags: Map<Bool, Int>, discount: Percent, wait: Duration, opens: Time, balance: Money
}
decision decide(customer: Customer, now: Timestamp) {
  spent: Money<USD> = sum(o in customer.orders: o.total)
  recent: Int = count(o in customer.orders where o.placed + customer.wait > now)
  next_visit: Date = customer.since + customer.wait
  later: Timestamp = now - customer.wait
  reopen: Time = customer.opens + customer.wait
  gold: Int? = customer.by_tier[gold]
  first: Int? = customer.counts[1]
  today: Int? = customer.by_day[time.date_of(now)]
  yes: Int? = customer.flags[true]
  share: Percent = customer.discount + math.percent(customer.scores["x"] ?? 0.0)
  off: Money<USD> = spent * customer.discount
  zip: Text = customer.address.zip ?? customer.address.city
  note: Text = "{customer.name} ({customer.tier}) since {customer.since}: {share}, {customer.balance}"
}
"#;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut sources = tenor_compiler::span::Sources::new();
        sources.add("fuzz.tenor", POLICY);
        let limits = InputLimits { max_input_bytes: 1 << 20, max_elements: 1_000 };
        Engine::compile(&sources).map(|e| e.with_input_limits(limits)).unwrap_or_else(|e| panic!("{:?}", e.diagnostics))
    })
}

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    match engine().decide_json("decide", text) {
        Ok(out) => {
            let decision: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
            let share = decision["share"].as_str().unwrap_or_default();
            assert!(!share.contains("inf") && !share.contains("NaN"), "{share}");
        }
        Err(e @ (DecideError::Input { .. } | DecideError::Runtime { .. })) => assert!(!e.to_string().is_empty()),
        Err(e) => panic!("unexpected error: {e}"),
    }
});
