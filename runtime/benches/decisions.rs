//! Tenor against hand-written Rust on the same policy (`benches/followup.tenor`).
//!
//! `evaluate`: the decision alone, input already decoded (VM and JIT vs a plain Rust function).
//! `end_to_end`: JSON text in, decision JSON text out, vs serde_json parsing the input alone.
//! `jit_compile`: compiling each benchmark decision to native code.
//! `step_budget`: what the evaluation budget bounds: a nested `count(… any(…))` over 300 items
//! (90,300 steps), and a decision that runs until the default budget of 1,000,000 steps is spent.
//! `nba_evaluate`, `nba_end_to_end`: the same two for the 20-offer next-best-action of
//! `benches/nba.tenor` over 512 generated inputs, cycled (module `nba`: generator and baseline).
//! Ratios are in BENCHMARKS.md; run with `cargo bench -p tenor-runtime --bench decisions`.

#![allow(clippy::unwrap_used, reason = "a benchmark stops loudly on setup errors")]
#![allow(clippy::indexing_slicing, reason = "the hand-written baselines index fixed arrays, as plain Rust would")]
#![allow(missing_docs, reason = "benchmark internals")]

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use serde::Deserialize;
use std::fmt::Write as _;
use std::time::Duration;
use tenor_compiler::span::Sources;
use tenor_runtime::{BackendKind, Engine};

mod nba;

const POLICY: &str = include_str!("followup.tenor");
const INPUT: &str = include_str!("followup.json");

// ---------------------------------------------------------------- the hand-written baseline

#[derive(Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Segment {
    New,
    Regular,
    Vip,
}

#[derive(Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Reason {
    Return,
    Delivery,
    AddressChange,
    Browse,
}

#[derive(Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "snake_case")]
enum Channel {
    Sms,
    Email,
    Call,
}

#[derive(Debug, PartialEq)]
enum Tone {
    Apologetic,
    Warm,
    Neutral,
}

#[derive(Debug, PartialEq)]
enum Route {
    Expert,
    HumanChat,
    Bot,
}

#[derive(Debug, PartialEq, Clone, Copy)]
enum Offer {
    Apology20,
    ReviewRequest,
}

/// The input as serde_json parses it (the end-to-end baseline).
#[derive(Deserialize)]
#[allow(dead_code, reason = "fields are parsed, which is what is measured")]
struct Input {
    customer: JsonCustomer,
    interaction: JsonInteraction,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "fields are parsed, which is what is measured")]
struct JsonCustomer {
    first_name: String,
    purchases: i64,
    reviews_left: i64,
    predicted_ltv: JsonMoney,
    segment: Segment,
    contacts: Vec<JsonContact>,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "fields are parsed, which is what is measured")]
struct JsonMoney {
    amount: String,
    currency: String,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "fields are parsed, which is what is measured")]
struct JsonContact {
    channel: Channel,
    days_ago: i64,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "fields are parsed, which is what is measured")]
struct JsonInteraction {
    reason: Reason,
    return_reason: Option<String>,
    sentiment: f64,
    local_time: String,
}

/// The input as plain Rust values (what the VM's slots hold after decoding).
struct Customer {
    first_name: String,
    purchases: i64,
    reviews_left: i64,
    ltv_cents: i64,
    segment: Segment,
    contacts: Vec<(Channel, i64)>,
}

struct Interaction {
    reason: Reason,
    return_reason: Option<String>,
    sentiment: f64,
    local_seconds: i64,
}

const UPSET_BELOW: f64 = -0.3;
const HIGH_VALUE_CENTS: i64 = 300_000;

/// The policy of `followup.tenor`, written by hand.
fn followup(c: &Customer, i: &Interaction, message: &mut String) -> (Tone, Route, Option<(Offer, f64)>) {
    let high_value = c.ltv_cents >= HIGH_VALUE_CENTS;
    let upset = i.sentiment < UPSET_BELOW;
    let recent = c.contacts.iter().filter(|(_, days)| *days <= 3).count();
    let tone = if i.reason == Reason::Return && i.return_reason.as_deref() == Some("defective") {
        Tone::Apologetic
    } else if c.segment == Segment::Vip {
        Tone::Warm
    } else {
        Tone::Neutral
    };
    let business_hours = (8 * 3600..20 * 3600).contains(&i.local_seconds);
    let route = if high_value && upset && recent >= 2 {
        Route::Expert
    } else if upset && !business_hours {
        Route::HumanChat
    } else {
        Route::Bot
    };
    let mut best: Option<(Offer, f64)> = None;
    if i.reason == Reason::Return && c.purchases <= 1 && high_value && upset {
        best = Some((Offer::Apology20, 0.8 * 20.0 * 1.5));
    }
    if c.reviews_left == 0 && i.sentiment > 0.3 {
        let score = 0.5 * 5.0;
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((Offer::ReviewRequest, score));
        }
    }
    message.clear();
    match best {
        Some((Offer::Apology20, _)) => {
            let _ = write!(message, "Sorry about the {}, {}. Here's 20% off.", i.return_reason.as_deref().unwrap_or("item"), c.first_name);
        }
        Some((Offer::ReviewRequest, _)) => {
            let _ = write!(message, "How is it going, {}?", c.first_name);
        }
        None => {}
    }
    (tone, route, best)
}

fn plain_input() -> (Customer, Interaction) {
    let input: Input = serde_json::from_str(INPUT).unwrap();
    let c = input.customer;
    let i = input.interaction;
    let (h, m) = i.local_time.split_once(':').unwrap();
    (
        Customer {
            first_name: c.first_name,
            purchases: c.purchases,
            reviews_left: c.reviews_left,
            ltv_cents: (c.predicted_ltv.amount.parse::<f64>().unwrap() * 100.0) as i64,
            segment: c.segment,
            contacts: c.contacts.iter().map(|x| (x.channel, x.days_ago)).collect(),
        },
        Interaction {
            reason: i.reason,
            return_reason: i.return_reason,
            sentiment: i.sentiment,
            local_seconds: h.parse::<i64>().unwrap() * 3600 + m.parse::<i64>().unwrap() * 60,
        },
    )
}

// ---------------------------------------------------------------- benchmarks

fn engine() -> Engine {
    let mut sources = Sources::new();
    sources.add("followup.tenor", POLICY);
    Engine::compile(&sources).unwrap().with_backend(BackendKind::Vm).unwrap()
}

fn evaluate(c: &mut Criterion) {
    let vm = engine();
    let vm_decision = vm.decision("followup").unwrap();
    let decoded = vm_decision.decode(INPUT).unwrap();
    assert_eq!(vm_decision.evaluate_decoded(&decoded).unwrap(), 1);
    let native = vm.clone().with_backend(BackendKind::Jit).unwrap();
    let native_decision = native.decision("followup").unwrap();
    assert_eq!(native_decision.evaluate_decoded(&decoded).unwrap(), 1);
    let (customer, interaction) = plain_input();
    let mut message = String::with_capacity(128);
    assert_eq!(followup(&customer, &interaction, &mut message).2.map(|o| o.0), Some(Offer::Apology20));

    let mut group = c.benchmark_group("evaluate");
    group.bench_function("tenor_vm", |b| b.iter(|| black_box(vm_decision.evaluate_decoded(black_box(&decoded)).unwrap())));
    group.bench_function("tenor_jit", |b| b.iter(|| black_box(native_decision.evaluate_decoded(black_box(&decoded)).unwrap())));
    group.bench_function("hand_written_rust", |b| {
        b.iter(|| black_box(followup(black_box(&customer), black_box(&interaction), &mut message)))
    });
    group.finish();
}

fn end_to_end(c: &mut Criterion) {
    let engine = engine();
    let decision = engine.decision("followup").unwrap();
    let native = engine.clone().with_backend(BackendKind::Jit).unwrap();
    let native_decision = native.decision("followup").unwrap();
    let mut group = c.benchmark_group("end_to_end");
    group.bench_function("tenor_json_in_json_out", |b| b.iter(|| black_box(decision.decide_json(black_box(INPUT)).unwrap())));
    group.bench_function("tenor_jit_json_in_json_out", |b| b.iter(|| black_box(native_decision.decide_json(black_box(INPUT)).unwrap())));
    group.bench_function("serde_json_parse_only", |b| b.iter(|| black_box(serde_json::from_str::<Input>(black_box(INPUT)).unwrap())));
    group.finish();
}

const NESTED_LOOPS: &str = "record C { day: Int }
decision d(cs: List<C>) {
  n: Int = count(a in cs where any(b in cs where b.day == a.day + 1))
}
";

/// `{"cs": [{"day": 0}, {"day": 2}, …]}`: no day follows another, so every `any` runs to the end.
fn even_days(n: usize) -> String {
    let days: Vec<String> = (0..n).map(|i| format!("{{\"day\": {}}}", i * 2)).collect();
    format!("{{\"cs\": [{}]}}", days.join(", "))
}

fn step_budget(c: &mut Criterion) {
    let mut sources = Sources::new();
    sources.add("loops.tenor", NESTED_LOOPS);
    let engine = Engine::compile(&sources).unwrap().with_backend(BackendKind::Vm).unwrap();
    let decision = engine.decision("d").unwrap();
    let mut group = c.benchmark_group("step_budget");
    let small = even_days(300);
    let steps = decision.decode(&small).unwrap();
    group.bench_function("nested_loops_90300_steps", |b| b.iter(|| black_box(decision.evaluate_decoded(&steps).unwrap())));
    let native = engine.clone().with_backend(BackendKind::Jit).unwrap();
    let native_decision = native.decision("d").unwrap();
    group.bench_function("nested_loops_90300_steps_jit", |b| b.iter(|| black_box(native_decision.evaluate_decoded(&steps).unwrap())));
    let large = decision.decode(&even_days(5_000)).unwrap();
    assert!(decision.evaluate_decoded(&large).is_err(), "25,005,000 steps exceed the default budget");
    group.sample_size(10);
    group.bench_function("default_budget_exhausted", |b| b.iter(|| black_box(decision.evaluate_decoded(&large).is_err())));
    group.finish();
}

/// How many generated inputs the next-best-action benchmarks cycle through.
const NBA_INPUTS: usize = 512;

fn nba_engine() -> Engine {
    let mut sources = Sources::new();
    sources.add("nba.tenor", nba::POLICY);
    Engine::compile(&sources).unwrap().with_backend(BackendKind::Vm).unwrap()
}

/// Every generated input decides the same with the engine (VM or JIT) as by hand (checked before measuring).
fn check_nba_agrees(engine: &Engine, inputs: &[nba::Input], texts: &[String]) {
    let decision = engine.decision("nba").unwrap();
    let mut out = nba::Output::default();
    let (mut chosen, mut suppressed) = (0, 0);
    for (input, text) in inputs.iter().zip(texts) {
        let tenor: serde_json::Value = serde_json::from_str(&decision.decide_json(text).unwrap()).unwrap();
        nba::nba(input, &mut out);
        chosen += out.chosen.len();
        suppressed += out.suppressed.len();
        assert_eq!(tenor, nba::output_json(&out), "input {text}");
    }
    assert!(chosen > inputs.len() && suppressed > inputs.len() / 10, "the generated inputs choose and suppress offers");
}

fn nba_evaluate(c: &mut Criterion) {
    let engine = nba_engine();
    let inputs = nba::generate(7, NBA_INPUTS);
    let texts: Vec<String> = inputs.iter().map(nba::to_json).collect();
    check_nba_agrees(&engine, &inputs, &texts);
    let native = engine.clone().with_backend(BackendKind::Jit).unwrap();
    check_nba_agrees(&native, &inputs, &texts);
    let decision = engine.decision("nba").unwrap();
    let decoded: Vec<_> = texts.iter().map(|t| decision.decode(t).unwrap()).collect();
    let native_decision = native.decision("nba").unwrap();
    let mut out = nba::Output::default();
    let mut group = c.benchmark_group("nba_evaluate");
    let mut i = 0;
    group.bench_function("tenor_vm", |b| {
        b.iter(|| {
            i = (i + 1) % NBA_INPUTS;
            black_box(decision.evaluate_decoded(&decoded[i]).unwrap())
        })
    });
    group.bench_function("tenor_jit", |b| {
        b.iter(|| {
            i = (i + 1) % NBA_INPUTS;
            black_box(native_decision.evaluate_decoded(&decoded[i]).unwrap())
        })
    });
    group.bench_function("hand_written_rust", |b| {
        b.iter(|| {
            i = (i + 1) % NBA_INPUTS;
            nba::nba(black_box(&inputs[i]), &mut out);
            black_box(out.chosen.len())
        })
    });
    group.finish();
}

fn nba_end_to_end(c: &mut Criterion) {
    let engine = nba_engine();
    let native = engine.clone().with_backend(BackendKind::Jit).unwrap();
    let texts: Vec<String> = nba::generate(7, NBA_INPUTS).iter().map(nba::to_json).collect();
    let mut out = String::with_capacity(1024);
    let mut group = c.benchmark_group("nba_end_to_end");
    let mut i = 0;
    for (name, engine) in [("tenor_json_in_json_out", &engine), ("tenor_jit_json_in_json_out", &native)] {
        let decision = engine.decision("nba").unwrap();
        group.bench_function(name, |b| {
            b.iter(|| {
                i = (i + 1) % NBA_INPUTS;
                decision.decide_json_into(black_box(&texts[i]), &mut out).unwrap();
                black_box(out.len())
            })
        });
    }
    group.bench_function("serde_json_parse_only", |b| {
        b.iter(|| {
            i = (i + 1) % NBA_INPUTS;
            black_box(serde_json::from_str::<nba::JsonInput>(black_box(&texts[i])).unwrap())
        })
    });
    group.finish();
}

fn jit_compile(c: &mut Criterion) {
    let mut group = c.benchmark_group("jit_compile");
    for (name, engine) in [("followup_1_decision", engine()), ("nba_1_decision", nba_engine())] {
        group.bench_function(name, |b| b.iter(|| black_box(engine.clone().with_backend(BackendKind::Jit).unwrap())));
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default().warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3)).sample_size(50)
}

criterion_group! { name = benches; config = config(); targets = evaluate, end_to_end, nba_evaluate, nba_end_to_end, jit_compile, step_budget }
criterion_main!(benches);
