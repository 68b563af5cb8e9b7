//! The 20-offer next-best-action of `benches/nba.tenor`: generated inputs (a seeded generator,
//! so every run measures the same varied inputs) and the same policy written by hand over
//! plain structs, rendering messages and suppression reasons into one reused buffer as the VM
//! does.

use serde::Deserialize;
use serde_json::json;
use std::fmt::Write as _;
use std::ops::Range;

/// The policy.
pub const POLICY: &str = include_str!("../nba.tenor");

/// The decision's clock in every generated input: 2026-11-23T10:00:00Z.
const NOW: i64 = 1_795_428_000;
const DAY: i64 = 86_400;
/// Ten-thousandths in one unit of money.
const SCALE: i64 = 10_000;

/// The offers, in declaration order.
pub const OFFERS: [&str; 20] = [
    "card_upgrade",
    "travel_card",
    "cashback_card",
    "balance_transfer",
    "personal_loan",
    "car_loan",
    "home_loan",
    "savings_account",
    "term_deposit",
    "investment_review",
    "home_insurance",
    "travel_insurance",
    "life_insurance",
    "mobile_app",
    "paperless",
    "referral",
    "loyalty_bonus",
    "fee_waiver",
    "retention_discount",
    "survey",
];

#[derive(Clone, Copy, PartialEq, Eq, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    New,
    Regular,
    Gold,
    Vip,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Web,
    App,
    Email,
    Sms,
    Call,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Intent {
    Browse,
    Service,
    Complaint,
    Purchase,
    Cancel,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Consent {
    Marketing,
    Profiling,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tone {
    Apologetic,
    Urgent,
    Warm,
    Neutral,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Route {
    Retention,
    Specialist,
    Agent,
    Bot,
    SelfService,
}

/// One earlier contact.
pub struct Contact {
    pub offer: String,
    pub at: i64,
}

/// The customer as plain values (money in ten-thousandths, as the VM's slots hold it).
pub struct Customer {
    pub first_name: String,
    pub segment: Segment,
    pub tenure_months: i64,
    pub balance: i64,
    pub monthly_spend: i64,
    pub credit_score: i64,
    pub open_complaints: i64,
    pub products: i64,
    pub has_app: bool,
    pub paperless: bool,
    pub consents: Vec<Consent>,
    pub contacts: Vec<Contact>,
}

pub struct Visit {
    pub channel: Channel,
    pub intent: Intent,
    pub sentiment: f64,
    /// Seconds since midnight.
    pub local_time: i64,
}

/// One generated input.
pub struct Input {
    pub customer: Customer,
    pub visit: Visit,
    /// One propensity per offer, in declaration order.
    pub model: [f64; 20],
    pub now: i64,
}

/// A chosen offer.
#[derive(Clone, Debug)]
pub struct Chosen {
    pub offer: usize,
    pub score: f64,
    /// Its message in [`Output::text`].
    pub message: Range<usize>,
}

/// The decision, in reused buffers.
#[derive(Default)]
pub struct Output {
    pub tone: Option<Tone>,
    pub route: Option<Route>,
    pub chosen: Vec<Chosen>,
    /// (offer, reason in `text`).
    pub suppressed: Vec<(usize, Range<usize>)>,
    pub text: String,
}

// ---------------------------------------------------------------- the generator

/// SplitMix64: small, seeded, good enough to vary branches.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// A float with two decimals in `lo..=hi` (exact in JSON and in Rust alike).
    fn cents(&mut self, lo: i64, hi: i64) -> f64 {
        self.range(lo, hi) as f64 / 100.0
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

const NAMES: [&str; 8] = ["Ana", "Bo", "Cy", "Dee", "Émile", "Femi", "Gus", "Hana"];

/// `count` varied inputs from `seed`.
pub fn generate(seed: u64, count: usize) -> Vec<Input> {
    let mut rng = Rng::new(seed);
    (0..count).map(|_| one(&mut rng)).collect()
}

fn one(rng: &mut Rng) -> Input {
    let contacts =
        (0..rng.below(7)).map(|_| Contact { offer: rng.pick(&OFFERS).to_owned(), at: NOW - rng.range(0, 90 * 24) * 3600 }).collect();
    let mut consents = Vec::new();
    if rng.chance(70) {
        consents.push(Consent::Marketing);
    }
    if rng.chance(50) {
        consents.push(Consent::Profiling);
    }
    let customer = Customer {
        first_name: rng.pick(&NAMES).to_owned(),
        segment: rng.pick(&[Segment::New, Segment::Regular, Segment::Regular, Segment::Gold, Segment::Vip]),
        tenure_months: rng.range(0, 120),
        balance: rng.range(0, 40_000) * SCALE,
        monthly_spend: rng.range(0, 500_000) * SCALE / 100,
        credit_score: rng.range(450, 850),
        open_complaints: if rng.chance(20) { rng.range(1, 3) } else { 0 },
        products: rng.range(1, 6),
        has_app: rng.chance(60),
        paperless: rng.chance(50),
        consents,
        contacts,
    };
    let visit = Visit {
        channel: rng.pick(&[Channel::Web, Channel::App, Channel::Email, Channel::Sms, Channel::Call]),
        intent: rng.pick(&[Intent::Browse, Intent::Service, Intent::Complaint, Intent::Purchase, Intent::Cancel]),
        sentiment: rng.cents(-100, 100),
        local_time: rng.range(0, 24 * 60 - 1) * 60,
    };
    let mut model = [0.0; 20];
    for p in &mut model {
        *p = rng.cents(0, 100);
    }
    Input { customer, visit, model, now: NOW }
}

fn name<T: std::fmt::Debug>(v: T) -> String {
    let debug = format!("{v:?}");
    let mut out = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn money(amount: i64) -> serde_json::Value {
    json!({ "amount": format!("{}.{:04}", amount / SCALE, amount % SCALE), "currency": "USD" })
}

fn timestamp(seconds: i64) -> String {
    chrono::DateTime::from_timestamp(seconds, 0).map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default()
}

/// The input as the JSON text the engine reads.
pub fn to_json(input: &Input) -> String {
    let c = &input.customer;
    let model: serde_json::Map<String, serde_json::Value> =
        OFFERS.iter().zip(input.model).map(|(o, p)| ((*o).to_owned(), json!(p))).collect();
    let value = json!({
        "customer": {
            "first_name": c.first_name,
            "segment": name(c.segment),
            "tenure_months": c.tenure_months,
            "balance": money(c.balance),
            "monthly_spend": money(c.monthly_spend),
            "credit_score": c.credit_score,
            "open_complaints": c.open_complaints,
            "products": c.products,
            "has_app": c.has_app,
            "paperless": c.paperless,
            "consents": c.consents.iter().map(|x| name(*x)).collect::<Vec<_>>(),
            "contacts": c.contacts.iter().map(|x| json!({ "offer": x.offer, "at": timestamp(x.at) })).collect::<Vec<_>>(),
        },
        "visit": {
            "channel": name(input.visit.channel),
            "intent": name(input.visit.intent),
            "sentiment": input.visit.sentiment,
            "local_time": format!("{:02}:{:02}", input.visit.local_time / 3600, input.visit.local_time / 60 % 60),
        },
        "model": model,
        "now": timestamp(input.now),
    });
    value.to_string()
}

// ---------------------------------------------------------------- the input as serde_json parses it

/// The input parsed by serde_json into typed structs (the end-to-end baseline).
#[derive(Deserialize)]
#[allow(dead_code, reason = "fields are parsed, which is what is measured")]
pub struct JsonInput {
    customer: JsonCustomer,
    visit: JsonVisit,
    model: std::collections::BTreeMap<String, f64>,
    now: String,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "fields are parsed, which is what is measured")]
struct JsonCustomer {
    first_name: String,
    segment: Segment,
    tenure_months: i64,
    balance: JsonMoney,
    monthly_spend: JsonMoney,
    credit_score: i64,
    open_complaints: i64,
    products: i64,
    has_app: bool,
    paperless: bool,
    consents: Vec<Consent>,
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
    offer: String,
    at: String,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "fields are parsed, which is what is measured")]
struct JsonVisit {
    channel: Channel,
    intent: Intent,
    sentiment: f64,
    local_time: String,
}

// ---------------------------------------------------------------- the hand-written policy

const CARD_MIN_SCORE: i64 = 640;
const LOAN_MIN_SCORE: i64 = 680;
const RICH_BALANCE: i64 = 10_000 * SCALE;
const BIG_SPENDER: i64 = 2_000 * SCALE;

/// Offer groups: cards 0, loans 1.
const GROUP: [Option<usize>; 20] = [
    Some(0),
    Some(0),
    Some(0),
    Some(0),
    Some(1),
    Some(1),
    Some(1),
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
    None,
];

/// `amount * factor`, rounded half away from zero, as the policy scales money.
fn scale(amount: i64, factor: f64) -> i64 {
    (amount as f64 * factor).round() as i64
}

fn write_money(out: &mut String, amount: i64) {
    let mut frac = amount.unsigned_abs() % SCALE as u64;
    let mut digits = 4;
    while digits > 2 && frac % 10 == 0 {
        frac /= 10;
        digits -= 1;
    }
    let sign = if amount < 0 { "-" } else { "" };
    let _ = write!(out, "{sign}{}.{frac:0digits$} USD", amount.unsigned_abs() / SCALE as u64);
}

/// How many earlier contacts match, within `days` of now.
fn contacted(input: &Input, offer: Option<&str>, days: i64) -> i64 {
    let mut n = 0;
    for c in &input.customer.contacts {
        if offer.is_none_or(|o| c.offer == o) && input.now - c.at < days * DAY {
            n += 1;
        }
    }
    n
}

/// The first contact rule the offer breaks: writes its reason and returns true.
fn suppressed(input: &Input, offer: usize, text: &mut String) -> bool {
    let own = match offer {
        0 | 4 | 8 => Some((1, 30)),
        2 => Some((1, 14)),
        6 => Some((2, 90)),
        12 => Some((1, 60)),
        19 => Some((1, 7)),
        _ => None,
    };
    if let Some((cap, days)) = own {
        let n = contacted(input, Some(OFFERS[offer]), days);
        if n >= cap {
            let times = if n == 1 { "time" } else { "times" };
            let _ = write!(text, "contacted {n} {times} in the last {days}d; the cap is {cap}");
            return true;
        }
    }
    let n = contacted(input, None, 7);
    if n >= 4 {
        let _ = write!(text, "contacted {n} times in the last 7d (all offers); the cap is 4");
        return true;
    }
    false
}

/// The policy of `nba.tenor`, written by hand.
pub fn nba(input: &Input, out: &mut Output) {
    let (c, v) = (&input.customer, &input.visit);
    out.chosen.clear();
    out.suppressed.clear();
    out.text.clear();
    let card_ok = c.credit_score >= CARD_MIN_SCORE;
    let loan_ok = c.credit_score >= LOAN_MIN_SCORE;
    let rich = c.balance >= RICH_BALANCE;
    let spender = c.monthly_spend >= BIG_SPENDER;
    let upset = v.sentiment < -0.3 || c.open_complaints > 0;
    let loyal = c.tenure_months >= 36;
    let valued = c.segment == Segment::Gold || c.segment == Segment::Vip;
    let weight = match v.channel {
        Channel::Call => 0.5,
        Channel::Sms => 0.7,
        Channel::Email => 0.9,
        _ => 1.0,
    };
    out.tone = Some(if v.intent == Intent::Complaint || c.open_complaints > 0 {
        Tone::Apologetic
    } else if v.intent == Intent::Cancel {
        Tone::Urgent
    } else if valued {
        Tone::Warm
    } else {
        Tone::Neutral
    });
    out.route = Some(if v.intent == Intent::Cancel && c.tenure_months >= 24 {
        Route::Retention
    } else if v.intent == Intent::Complaint && v.sentiment < -0.5 {
        Route::Specialist
    } else if upset && (8 * 3600..20 * 3600).contains(&v.local_time) {
        Route::Agent
    } else if v.channel == Channel::Web || v.channel == Channel::App {
        Route::Bot
    } else {
        Route::SelfService
    });
    let marketing = c.consents.contains(&Consent::Marketing);
    let money_value = |amount: i64| amount as f64 / SCALE as f64;
    // (eligible, weight, value, lever) per offer, in declaration order.
    let offers: [(bool, f64, f64, f64); 20] = [
        (marketing && card_ok && c.products >= 2 && !upset, weight, 150.0, 1.2),
        (marketing && card_ok && valued, weight, 180.0, 1.0),
        (marketing && card_ok && spender, weight, money_value(scale(c.monthly_spend, 0.02)), 1.0),
        (marketing && card_ok && c.credit_score < 740, weight, 90.0, 0.8),
        (marketing && loan_ok && !rich, weight, 300.0, 1.0),
        (marketing && loan_ok && c.tenure_months >= 12, weight, 400.0, 0.9),
        (marketing && loan_ok && c.credit_score >= 720 && c.tenure_months >= 24, weight, 2500.0, 0.5),
        (marketing && !rich && c.products < 4, weight, 40.0, 1.0),
        (marketing && rich, weight, money_value(scale(c.balance, 0.01)), 1.0),
        (marketing && rich && valued, weight, 600.0, 0.7),
        (marketing && c.tenure_months >= 6 && !upset, weight, 120.0, 1.0),
        (marketing && (valued || spender), weight, 60.0, 1.0),
        (marketing && c.tenure_months >= 12 && c.products >= 3, weight, 350.0, 0.6),
        (!c.has_app && v.channel != Channel::App, 1.0, 20.0, 1.5),
        (!c.paperless, 1.0, 5.0, 2.0),
        (marketing && loyal && !upset && v.sentiment > 0.3, weight, 50.0, 1.0),
        (loyal && valued, 1.0, 75.0, 1.1),
        (upset && c.open_complaints > 0, 1.0, 25.0, 2.0),
        (v.intent == Intent::Cancel && c.tenure_months >= 12, 1.0, 200.0, 1.5),
        (v.intent == Intent::Service || v.intent == Intent::Complaint, 1.0, 3.0, 1.0),
    ];
    for (i, (eligible, w, value, lever)) in offers.into_iter().enumerate() {
        if !eligible {
            continue;
        }
        let start = out.text.len();
        if suppressed(input, i, &mut out.text) {
            out.suppressed.push((i, start..out.text.len()));
            continue;
        }
        let score = input.model[i] * w * value * lever;
        out.chosen.push(Chosen { offer: i, score, message: 0..0 });
    }
    out.chosen.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut in_group = [0u32; 2];
    let mut kept = 0;
    out.chosen.retain(|o| {
        let full = GROUP[o.offer].is_some_and(|g| in_group[g] >= 1);
        if kept >= 3 || full {
            return false;
        }
        if let Some(g) = GROUP[o.offer] {
            in_group[g] += 1;
        }
        kept += 1;
        true
    });
    for chosen in &mut out.chosen {
        let start = out.text.len();
        message(input, chosen.offer, &mut out.text);
        chosen.message = start..out.text.len();
    }
}

fn message(input: &Input, offer: usize, t: &mut String) {
    let c = &input.customer;
    let name = &c.first_name;
    let _ = match offer {
        0 => write!(t, "{name}, your card could earn more: upgrade today."),
        1 => write!(t, "No foreign fees on your next trip, {name}."),
        2 => {
            t.push_str("Earn 2% back on your ");
            write_money(t, c.monthly_spend);
            write!(t, " a month.")
        }
        3 => write!(t, "Move a card balance to us: 0% for 18 months."),
        4 => write!(t, "A personal loan at a rate fixed for you, {name}."),
        5 => write!(t, "Drive away sooner with our car loan."),
        6 => write!(t, "Talk to us about your home loan, {name}."),
        7 => write!(t, "Put something aside each month with a savings account."),
        8 => {
            t.push_str("Lock in a rate on ");
            write_money(t, c.balance);
            write!(t, ".")
        }
        9 => write!(t, "Book an investment review, {name}."),
        10 => write!(t, "Protect your home from 9 USD a month."),
        11 => write!(t, "Travel insurance for the whole year."),
        12 => write!(t, "Look after the people who matter, {name}."),
        13 => write!(t, "Do this in seconds in our app."),
        14 => write!(t, "Go paperless and skip the post."),
        15 => write!(t, "Know someone who would like us too, {name}?"),
        16 => write!(t, "Thank you for {} months with us.", c.tenure_months),
        17 => write!(t, "We have waived this month's fees, {name}."),
        18 => write!(t, "Before you go: 20% off for six months."),
        _ => write!(t, "Two minutes to tell us how we did?"),
    };
}

/// The hand-written decision as the engine's JSON, to check that both decide alike.
pub fn output_json(out: &Output) -> serde_json::Value {
    let text = |r: &Range<usize>| out.text.get(r.clone()).unwrap_or_default().to_owned();
    let offers: Vec<_> =
        out.chosen.iter().map(|c| json!({ "offer": OFFERS[c.offer], "score": c.score, "message": text(&c.message) })).collect();
    let suppressed: Vec<_> = out.suppressed.iter().map(|(o, r)| json!({ "offer": OFFERS[*o], "reason": text(r) })).collect();
    json!({
        "tone": out.tone.map(name),
        "route": out.route.map(name),
        "offers": offers,
        "suppressed": suppressed,
    })
}
