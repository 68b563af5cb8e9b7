//! What a semantic diff reports: plain data, serialized as the `tenor diff --format json` shape.

use serde::Serialize;

/// Every change between two versions of a policy, ordered by package, then kind, then name.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Changes {
    /// One entry per named thing that was added, removed or changed.
    pub entries: Vec<Entry>,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many entries break hosts.
    pub fn breaking(&self) -> usize {
        self.entries.iter().filter(|e| e.breaking.is_some() || e.details.iter().any(|d| d.breaking.is_some())).count()
    }
}

/// What kind of thing an entry names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A decision: its inputs (the host's call).
    Decision,
    /// A record: the shape of host data.
    Record,
    /// An enumeration.
    Enum,
    /// A param (threshold, window, amount).
    Param,
    /// A decision's output.
    Output,
    /// A decision's offer.
    Offer,
    /// How a decision's offers are ranked, capped and grouped.
    Arbitration,
    /// An experiment's arms and weights.
    Experiment,
    /// A decision table.
    Table,
    /// A `let` inside a decision.
    Let,
    /// A function.
    Fn,
    /// Where a consent comes from.
    Consent,
    /// A `test` block.
    Test,
}

impl Kind {
    /// The word for it in reports.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Decision => "decision",
            Kind::Record => "record",
            Kind::Enum => "enum",
            Kind::Param => "param",
            Kind::Output => "output",
            Kind::Offer => "offer",
            Kind::Arbitration => "arbitration of",
            Kind::Experiment => "experiment",
            Kind::Table => "table",
            Kind::Let => "let",
            Kind::Fn => "fn",
            Kind::Consent => "consent",
            Kind::Test => "test",
        }
    }
}

/// Whether a thing is new, gone, different, or in another place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// In both, different.
    Changed,
    /// In both, the same, at another position of an ordered list (rule arms, table rows).
    Moved,
}

impl Status {
    /// The word for it in reports.
    pub fn word(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Changed => "changed",
            Status::Moved => "moved",
        }
    }
}

/// One named thing that changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entry {
    /// What it is.
    pub kind: Kind,
    /// Its package-qualified name (`package.decision.offer` for a decision's parts).
    pub name: String,
    /// Added, removed or changed.
    pub status: Status,
    /// Why the change breaks hosts that call the decisions, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breaking: Option<String>,
    /// What changed inside it (empty for an added or removed thing).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<Detail>,
    /// An experiment's arms and weights on each side, when its split may have moved units.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split: Option<Split>,
}

impl Entry {
    /// An entry with no details yet.
    pub fn new(kind: Kind, name: String, status: Status) -> Entry {
        Entry { kind, name, status, breaking: None, details: Vec::new(), split: None }
    }
}

/// One aspect of a thing that changed: a condition, a score term, an arm, a row, a field.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Detail {
    /// Which aspect, in the business's words (`eligibility condition`, `arm 2 of 4`, `field `tier``).
    pub what: String,
    /// Added, removed, changed or moved.
    pub status: Status,
    /// The old text (canonical source), when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The new text, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// Why this breaks hosts, when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breaking: Option<String>,
}

impl Detail {
    /// A detail with both texts given as options.
    pub fn new(what: impl Into<String>, status: Status, old: Option<String>, new: Option<String>) -> Detail {
        Detail { what: what.into(), status, old, new, breaking: None }
    }

    /// The same detail, marked as breaking hosts for `reason`.
    pub fn breaking(mut self, reason: impl Into<String>) -> Detail {
        self.breaking = Some(reason.into());
        self
    }
}

/// An experiment's split on both sides: what a host needs to count the units that change arm.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Split {
    /// The name hashed with the unit id on the old side.
    pub old_name: String,
    /// Old arms with weights in basis points (10,000 = 100%).
    pub old_arms: Vec<(String, u32)>,
    /// The name hashed on the new side.
    pub new_name: String,
    /// New arms with weights in basis points.
    pub new_arms: Vec<(String, u32)>,
    /// The share of units, in percent, that land in another arm (filled by the host, which owns the hashing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub units_moved_percent: Option<f64>,
}
