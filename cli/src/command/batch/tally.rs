//! The summary of a batch: records, failures, and decisions by offer and by each enum output
//! (route, tone, …), counted without building a JSON tree per record.

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt::{self, Write};
use std::time::Duration;
use tenor_runtime::compiler::bytecode::DecisionCode;
use tenor_runtime::compiler::tir::Type;

/// Counts over the records of a batch (one per thread while deciding, then merged).
#[derive(Clone, Default)]
pub struct Tally {
    /// Records decided.
    pub decided: u64,
    /// Records that failed.
    pub failed: u64,
    /// output → value → how many decisions had it; offers under `offer`.
    pub values: BTreeMap<String, BTreeMap<String, u64>>,
    /// Wall time.
    pub elapsed: Duration,
    /// The outputs counted: those of an enum type (free text, numbers and times are not).
    enums: Vec<String>,
}

impl Tally {
    /// A tally of the enum outputs and offers of `code`.
    pub fn new(code: &DecisionCode) -> Tally {
        let enums = code.outputs.iter().filter(|o| matches!(o.ty.strip_optional(), Type::Enum(_))).map(|o| o.name.clone()).collect();
        Tally { enums, ..Tally::default() }
    }

    /// A tally of the same decision with nothing counted yet.
    pub fn empty_like(&self) -> Tally {
        Tally { enums: self.enums.clone(), ..Tally::default() }
    }

    /// Counts one decision's JSON.
    pub fn count(&mut self, json: &str) {
        self.decided += 1;
        let mut de = serde_json::Deserializer::from_str(json);
        let _ = de.deserialize_map(Top(self));
    }

    /// `N records, F failed, …` then one line per output.
    pub fn summary(&self) -> String {
        let records = self.decided + self.failed;
        let seconds = self.elapsed.as_secs_f64();
        let rate = if seconds > 0.0 { records as f64 / seconds } else { 0.0 };
        let mut out = format!("{records} records, {} failed, in {seconds:.2} s ({rate:.0} records/s)\n", self.failed);
        for (output, counts) in &self.values {
            let _ = write!(out, "{output}:");
            for (value, n) in counts {
                let _ = write!(out, " {value} {n}");
            }
            out.push('\n');
        }
        out
    }

    /// Adds the counts of `other` (a tally of other records of the same decision).
    pub fn merge(mut self, other: Tally) -> Tally {
        self.decided += other.decided;
        self.failed += other.failed;
        for (output, counts) in other.values {
            let mine = self.values.entry(output).or_default();
            for (value, n) in counts {
                *mine.entry(value).or_default() += n;
            }
        }
        self
    }

    /// Counts one more `value` of `output`, allocating only the first time the pair is seen.
    fn add(&mut self, output: &str, value: &str) {
        let counts = match self.values.get_mut(output) {
            Some(counts) => counts,
            None => self.values.entry(output.to_owned()).or_default(),
        };
        match counts.get_mut(value) {
            Some(n) => *n += 1,
            None => {
                counts.insert(value.to_owned(), 1);
            }
        }
    }
}

/// The decision object: text outputs are counted, `offers` is walked, the rest skipped.
struct Top<'t>(&'t mut Tally);

impl<'de> Visitor<'de> for Top<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a decision object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "offers" {
                map.next_value_seed(Offers(self.0))?;
            } else if self.0.enums.iter().any(|e| *e == key) {
                if let Scalar::Text(value) = map.next_value::<Scalar>()? {
                    self.0.add(&key, &value);
                }
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// A value counted when it is text (an enum output), skipped otherwise.
enum Scalar {
    Text(String),
    Other,
}

impl<'de> de::Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Text(v.to_owned()))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Other)
    }
}

/// `[{"offer": "name", …}, …]`: each chosen offer is counted under `offer`.
struct Offers<'t>(&'t mut Tally);

impl<'de> de::DeserializeSeed<'de> for Offers<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Offers<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of offers")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(offer) = seq.next_element::<ChosenOffer>()? {
            self.0.add("offer", &offer.offer);
        }
        Ok(())
    }
}

#[derive(serde::Deserialize)]
struct ChosenOffer {
    offer: String,
}
