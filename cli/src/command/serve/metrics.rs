//! The service's Prometheus metrics: decisions and errors by decision, latency, reloads.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::time::Duration;
use tenor_runtime::live::ReloadEvent;

/// Labels of a decision counter. Only decisions of a loaded version are named, so a client
/// cannot grow the label set with made-up names.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct DecisionLabels {
    /// The decision as asked for, or `(unknown)`.
    pub decision: String,
    /// `ok`, `bad-input`, `input-too-large`, `unknown-decision`, `step-budget` or `runtime`.
    pub outcome: &'static str,
}

/// Every metric the service exports.
pub struct Metrics {
    registry: Registry,
    /// Decisions by decision and outcome.
    pub decisions: Family<DecisionLabels, Counter>,
    /// Time to make a decision (decode, run, encode), successful or not.
    pub latency: Histogram,
    /// Versions swapped in by reloads.
    pub reloads: Counter,
    /// Reloads refused (the live version kept serving).
    pub reload_failures: Counter,
    /// Rollbacks to an earlier version.
    pub rollbacks: Counter,
}

impl Metrics {
    /// Registers every metric.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("tenor");
        let decisions = Family::<DecisionLabels, Counter>::default();
        registry.register("decisions", "Decisions by decision and outcome", decisions.clone());
        let latency = Histogram::new(exponential_buckets(0.000_005, 2.0, 20));
        registry.register("decision_latency_seconds", "Time to make one decision", latency.clone());
        let reloads = Counter::default();
        registry.register("reloads", "Policy versions swapped in by reloads", reloads.clone());
        let reload_failures = Counter::default();
        registry.register("reload_failures", "Reloads refused; the live version kept serving", reload_failures.clone());
        let rollbacks = Counter::default();
        registry.register("rollbacks", "Rollbacks to an earlier version", rollbacks.clone());
        Metrics { registry, decisions, latency, reloads, reload_failures, rollbacks }
    }

    /// Counts one decision.
    pub fn decided(&self, decision: &str, outcome: &'static str, took: Duration) {
        self.decisions.get_or_create(&DecisionLabels { decision: decision.to_owned(), outcome }).inc();
        self.latency.observe(took.as_secs_f64());
    }

    /// Counts a reload event.
    pub fn reloaded(&self, event: &ReloadEvent) {
        match event {
            ReloadEvent::Swapped { .. } => self.reloads.inc(),
            ReloadEvent::Refused(_) => self.reload_failures.inc(),
            ReloadEvent::RolledBack { .. } => self.rollbacks.inc(),
            ReloadEvent::Unchanged(_) => 0,
        };
    }

    /// The Prometheus text format.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        match prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            Ok(()) => out,
            Err(_) => String::new(),
        }
    }
}
