//! Amounts: `{"amount": "12.50", "currency": "USD"}`, every wrong JSON kind an error at its path.

use super::{Ctx, Dest};
use crate::value::Value;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use std::fmt;
use tenor_compiler::literal;

/// Visitor methods that refuse the listed JSON kinds with the seed's `refuse` message.
macro_rules! refuse_kinds {
    ($($kind:ident),*) => { $( refuse_kinds!(@ $kind); )* };
    (@ bool) => {
        fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> { Err(self.refuse(&b.to_string())) }
    };
    (@ i64) => {
        fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> { Err(self.refuse(&format!("the number {n}"))) }
    };
    (@ u64) => {
        fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> { Err(self.refuse(&format!("the number {n}"))) }
    };
    (@ f64) => {
        fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> { Err(self.refuse(&format!("the number {n}"))) }
    };
    (@ unit) => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> { Err(self.refuse("null")) }
    };
    (@ seq) => {
        fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> { Err(self.refuse("an array")) }
    };
    (@ map) => {
        fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> { Err(self.refuse("an object")) }
    };
}

/// `{"amount": "12.50", "currency": "USD"}`; the amount may be a number.
pub(super) fn decode_money_object<'de, A: MapAccess<'de>>(
    ctx: &mut Ctx<'_>,
    want: Option<u32>,
    dest: Dest,
    mut map: A,
) -> Result<(), A::Error> {
    let mut amount: Option<i64> = None;
    let mut currency: Option<u32> = None;
    while let Some(key) = map.next_key_seed(MoneyKey { ctx: &*ctx })? {
        match key {
            MoneyField::Amount => amount = Some(map.next_value_seed(AmountSeed { ctx: &*ctx })?),
            MoneyField::Currency => currency = Some(map.next_value_seed(CurrencySeed { ctx: &*ctx })?),
        }
    }
    match (amount, currency) {
        (Some(amount), Some(currency)) => {
            let currency = literal::check_currency(want, currency).map_err(|m| ctx.invalid::<A::Error>(&m))?;
            ctx.write(dest, Value::Money { amount, currency });
            Ok(())
        }
        _ => Err(ctx.invalid("an amount needs both `amount` and `currency`, like {\"amount\": \"12.50\", \"currency\": \"USD\"}")),
    }
}

/// A key of an amount object.
enum MoneyField {
    Amount,
    Currency,
}

/// Matches `amount` and `currency` without allocating.
struct MoneyKey<'c, 'a> {
    ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for MoneyKey<'_, '_> {
    type Value = MoneyField;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<MoneyField, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for MoneyKey<'_, '_> {
    type Value = MoneyField;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("`amount` or `currency`")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<MoneyField, E> {
        match key {
            "amount" => Ok(MoneyField::Amount),
            "currency" => Ok(MoneyField::Currency),
            other => {
                let shown: String = other.chars().take(40).collect();
                Err(self
                    .ctx
                    .invalid(&format!("unknown field `{shown}` in an amount; write {{\"amount\": \"12.50\", \"currency\": \"USD\"}}")))
            }
        }
    }
}

/// A packed ISO currency code read from a string, without allocating.
struct CurrencySeed<'c, 'a> {
    ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for CurrencySeed<'_, '_> {
    type Value = u32;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<u32, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CurrencySeed<'_, '_> {
    type Value = u32;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a currency code such as \"USD\"")
    }

    refuse_kinds!(bool, i64, u64, f64, unit, seq, map);

    fn visit_str<E: de::Error>(self, s: &str) -> Result<u32, E> {
        literal::parse_currency(s).map_err(|m| self.ctx.invalid(&m))
    }
}

/// An amount in ten-thousandths, written as a string (`"12.50"`) or a number.
struct AmountSeed<'c, 'a> {
    ctx: &'c Ctx<'a>,
}

impl<'de> DeserializeSeed<'de> for AmountSeed<'_, '_> {
    type Value = i64;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<i64, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for AmountSeed<'_, '_> {
    type Value = i64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an amount such as \"12.50\"")
    }

    refuse_kinds!(bool, unit, seq, map);

    fn visit_str<E: de::Error>(self, s: &str) -> Result<i64, E> {
        literal::parse_amount(s).map_err(|m| self.ctx.invalid(&m))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<i64, E> {
        literal::amount_from_int(n).map_err(|m| self.ctx.invalid(&m))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<i64, E> {
        match i64::try_from(n) {
            Ok(n) => self.visit_i64(n),
            Err(_) => Err(self.ctx.invalid(&format!("the amount {n} is too large"))),
        }
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<i64, E> {
        literal::amount_from_float(n).map_err(|m| self.ctx.invalid(&m))
    }
}

impl CurrencySeed<'_, '_> {
    fn refuse<E: de::Error>(&self, found: &str) -> E {
        self.ctx.invalid(&format!("`currency` must be a currency code such as \"USD\", found {found}"))
    }
}

impl AmountSeed<'_, '_> {
    fn refuse<E: de::Error>(&self, found: &str) -> E {
        self.ctx.invalid(&format!("`amount` must be an amount such as \"12.50\" or a number, found {found}"))
    }
}
