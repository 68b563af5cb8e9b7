//! A host service that embeds Tenor: a live engine over a policy folder, an owned decision
//! handle kept in the host's own struct, typed inputs and outputs, and hot reload.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tenor_runtime::live::{LiveEngine, LiveError, LoadFailure, ReloadEvent, WatchError};
use tenor_runtime::DecisionHandle;

/// The input of `followup`, as the host's own types.
#[derive(Serialize)]
struct FollowupInput {
    customer: Customer,
    visit: Visit,
}

#[derive(Serialize)]
struct Customer {
    id: String,
    first_name: String,
    purchases: i64,
    predicted_ltv: Money,
    segment: String,
    consents: Vec<String>,
    past_discounts: Vec<serde_json::Value>,
}

#[derive(Serialize)]
struct Money {
    amount: String,
    currency: String,
}

#[derive(Serialize)]
struct Visit {
    item: String,
    reason: Option<String>,
    associate_note: Option<String>,
    sentiment: f64,
    returned_at: String,
    refund: Money,
}

/// The part of the decision the host uses.
#[derive(Debug, Deserialize)]
struct Followup {
    tone: String,
    follow_up_text: String,
    offers: Vec<Offer>,
}

#[derive(Debug, Deserialize)]
struct Offer {
    offer: String,
}

/// The host's service: it owns the engine and a handle, no borrows.
struct ReturnsService {
    engine: LiveEngine,
    followup: DecisionHandle,
}

/// Why the service could not start.
enum StartError {
    Load(LoadFailure),
    Decision(LiveError),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Load(e) => write!(f, "cannot load the policy: {e}"),
            StartError::Decision(e) => write!(f, "{e}"),
        }
    }
}

impl ReturnsService {
    fn open(policy: &Path) -> Result<ReturnsService, StartError> {
        let engine = LiveEngine::builder(policy).on_reload(log_reload).open().map_err(StartError::Load)?;
        let followup = engine.decision("followup").map_err(StartError::Decision)?;
        Ok(ReturnsService { engine, followup })
    }

    /// One decision with whichever version is live; the version id is logged with it.
    fn followup(&self, input: &FollowupInput) -> Result<(String, Followup), LiveError> {
        let decided = self.followup.decide(input)?;
        Ok((decided.version().to_string(), decided.deserialize()?))
    }
}

fn log_reload(event: &ReloadEvent) {
    match event {
        ReloadEvent::Swapped { to, .. } => eprintln!("policy version {to} is live"),
        ReloadEvent::Refused(failure) => eprintln!("policy change refused, still serving the previous version: {failure}"),
        _ => {}
    }
}

fn sample() -> FollowupInput {
    FollowupInput {
        customer: Customer {
            id: "C-10442".into(),
            first_name: "ana".into(),
            purchases: 1,
            predicted_ltv: Money { amount: "5200.00".into(), currency: "USD".into() },
            segment: "new".into(),
            consents: vec!["marketing".into(), "sms".into()],
            past_discounts: vec![],
        },
        visit: Visit {
            item: "dress".into(),
            reason: Some("defective".into()),
            associate_note: Some("zipper broke".into()),
            sentiment: -0.6,
            returned_at: "2026-11-23T14:30:00Z".into(),
            refund: Money { amount: "89.90".into(), currency: "USD".into() },
        },
    }
}

fn policy_folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../return_followup")
}

fn main() -> Result<(), String> {
    let service = ReturnsService::open(&policy_folder()).map_err(|e| e.to_string())?;
    let watch = std::env::args().any(|a| a == "--watch");
    let _watcher: Option<tenor_runtime::live::Watcher> =
        if watch { Some(service.engine.watch().map_err(|e: WatchError| e.to_string())?) } else { None };
    loop {
        let (version, followup) = service.followup(&sample()).map_err(|e| e.to_string())?;
        let offers: Vec<&str> = followup.offers.iter().map(|o| o.offer.as_str()).collect();
        println!("[{version}] tone {}, offers [{}]: {}", followup.tone, offers.join(", "), followup.follow_up_text);
        if !watch {
            return Ok(());
        }
        std::thread::sleep(Duration::from_secs(1));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_host_decides_with_typed_values() {
        let service = ReturnsService::open(&policy_folder()).map_err(|e| e.to_string()).unwrap_or_else(|e| panic!("{e}"));
        let (version, followup) = service.followup(&sample()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(version, service.engine.current().id().to_string());
        assert_eq!(followup.tone, "apologetic");
        assert_eq!(followup.offers.first().map(|o| o.offer.as_str()), Some("apology_20"));
        assert!(followup.follow_up_text.starts_with("Ana, we're so sorry your dress let you down."), "{}", followup.follow_up_text);
    }
}
