//! Deciding with one version: inputs in every form a host has, results that name their version.

use super::version::{PolicyVersion, VersionId};
use crate::error::DecideError;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a live decision failed: the decision itself, or the conversion of a host's input or result.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LiveError {
    /// The decision failed (unknown name, bad input, runtime fault).
    #[error(transparent)]
    Decide(#[from] DecideError),
    /// The host's input value could not be turned into JSON.
    #[error("the input cannot be written as JSON: {0}")]
    Input(String),
    /// The decision does not fit the host type it was read into.
    #[error("the decision does not fit the type `{ty}`: {message}")]
    Output {
        /// The host type.
        ty: &'static str,
        /// serde's message, with the place.
        message: String,
    },
}

/// An input converted once to JSON, for hosts that decide many times on one input (several
/// decisions, or the same one across reloads) without serializing it again each time.
///
/// ```
/// use tenor_runtime::live::{Input, PolicyVersion};
/// let version = PolicyVersion::from_text("p.tenor", "decision double(n: Int) { twice: Int = n * 2 }").unwrap();
/// let input = Input::new(&serde_json::json!({"n": 21})).unwrap();
/// assert_eq!(version.decide_input("double", &input).unwrap().json(), r#"{"twice":42}"#);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Input(serde_json::Value);

impl Input {
    /// Converts any serializable host value (a struct with the decision's inputs as fields).
    pub fn new<T: Serialize + ?Sized>(input: &T) -> Result<Input, LiveError> {
        serde_json::to_value(input).map(Input).map_err(|e| LiveError::Input(e.to_string()))
    }

    /// Parses JSON text; the error names the line and column.
    pub fn from_json(text: &str) -> Result<Input, LiveError> {
        serde_json::from_str(text).map(Input).map_err(|e| LiveError::Input(e.to_string()))
    }

    /// The input as a JSON value.
    pub fn as_value(&self) -> &serde_json::Value {
        &self.0
    }
}

/// A decision, with the id of the version that made it.
#[derive(Clone, Debug, PartialEq)]
pub struct Decided {
    version: VersionId,
    json: String,
}

impl Decided {
    /// The version that made the decision.
    pub fn version(&self) -> &VersionId {
        &self.version
    }

    /// The decision as JSON text (with an `explain` section when an explanation was asked for).
    pub fn json(&self) -> &str {
        &self.json
    }

    /// The decision as a JSON value.
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_str(&self.json).unwrap_or_default()
    }

    /// The explanation, when one was asked for: which arms fired, each offer's eligibility.
    pub fn explanation(&self) -> Option<serde_json::Value> {
        match self.to_value() {
            serde_json::Value::Object(mut map) => map.remove("explain"),
            _ => None,
        }
    }

    /// Reads the decision into a host type (fields named like the decision's outputs).
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, LiveError> {
        serde_json::from_str(&self.json).map_err(|e| LiveError::Output { ty: std::any::type_name::<T>(), message: e.to_string() })
    }
}

/// The forms an input comes in.
#[derive(Clone, Copy, Debug)]
pub(crate) enum InputRef<'a> {
    /// JSON text: decoded straight from the text (the fastest path).
    Text(&'a str),
    /// A parsed JSON value.
    Value(&'a serde_json::Value),
}

impl PolicyVersion {
    /// Decides `name` for a JSON input text.
    pub fn decide_json(&self, name: &str, input: &str) -> Result<Decided, LiveError> {
        self.decide_ref(self.index_of(name)?, InputRef::Text(input), false)
    }

    /// Decides `name` for a JSON input text and explains it (an `explain` section in the JSON).
    pub fn explain_json(&self, name: &str, input: &str) -> Result<Decided, LiveError> {
        self.decide_ref(self.index_of(name)?, InputRef::Text(input), true)
    }

    /// Decides `name` for a parsed JSON input.
    pub fn decide_value(&self, name: &str, input: &serde_json::Value) -> Result<Decided, LiveError> {
        self.decide_ref(self.index_of(name)?, InputRef::Value(input), false)
    }

    /// Decides `name` for a host value (a struct whose fields are the decision's inputs).
    pub fn decide<T: Serialize + ?Sized>(&self, name: &str, input: &T) -> Result<Decided, LiveError> {
        self.decide_input(name, &Input::new(input)?)
    }

    /// Decides `name` for an input converted once.
    pub fn decide_input(&self, name: &str, input: &Input) -> Result<Decided, LiveError> {
        self.decide_ref(self.index_of(name)?, InputRef::Value(&input.0), false)
    }

    /// Decides the decision at `index`, with its explanation when `explain` is set.
    pub(crate) fn decide_ref(&self, index: usize, input: InputRef<'_>, explain: bool) -> Result<Decided, LiveError> {
        let decision = self.engine().decision_at(index);
        let json = match (input, explain) {
            (InputRef::Text(text), false) => decision.decide_json(text)?,
            (InputRef::Value(value), false) => decision.decide_value(value)?.to_string(),
            (InputRef::Text(text), true) => decision.explain_json(text)?.to_string(),
            (InputRef::Value(value), true) => decision.explain_json(&value.to_string())?.to_string(),
        };
        Ok(Decided { version: self.id().clone(), json })
    }
}
