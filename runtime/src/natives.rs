//! Native implementations of the standard library (`stdlib/*.tenor` declares them).

use crate::format::text;
use crate::load::LoadedProgram;
use crate::scratch::Scratch;
use crate::value::Value;
use crate::vm::internal;
use chrono::Datelike;
use tenor_compiler::literal::DAY_SECONDS as DAY;
use tenor_compiler::native::Native;
use tenor_compiler::semantics::{self as sem, Fault};

fn int(v: Value) -> Result<i64, Fault> {
    match v {
        Value::Int(i) => Ok(i),
        other => Err(internal(&format!("expected an integer, found {other:?}"))),
    }
}

fn float(v: Value) -> Result<f64, Fault> {
    match v {
        Value::Float(f) => Ok(f),
        Value::Int(i) => Ok(sem::int_to_float(i)),
        other => Err(internal(&format!("expected a number, found {other:?}"))),
    }
}

fn text_arg(v: Value) -> Result<crate::value::TextRef, Fault> {
    match v {
        Value::Text(t) => Ok(t),
        _ => Err(internal("expected text")),
    }
}

fn to_int(x: f64) -> Result<Value, Fault> {
    sem::float_to_int(x).map(Value::Int)
}

fn finite(x: f64) -> Result<Value, Fault> {
    sem::finite(x).map(Value::Float)
}

/// A fault a native names itself (out-of-range dates and timestamps of the time functions).
fn out_of_range(what: &str) -> Fault {
    Fault::Native(format!("the {what} is out of range"))
}

/// Seconds since 1970-01-01T00:00 on the wall clock of the time zone named by `zone` at the
/// instant `at` (a Timestamp): UTC seconds plus the zone's offset then, daylight saving included.
fn local_seconds(loaded: &LoadedProgram, scratch: &Scratch, at: Value, zone: Value) -> Result<i64, Fault> {
    let name = text(loaded, scratch, text_arg(zone)?);
    let zone = jiff::tz::TimeZone::get(name).map_err(|_| unknown_zone(name))?;
    let seconds = int(at)?;
    let instant = jiff::Timestamp::from_second(seconds).map_err(|_| out_of_range("timestamp"))?;
    seconds.checked_add(i64::from(zone.to_offset(instant).seconds())).ok_or_else(|| out_of_range("timestamp"))
}

/// A zone name the time zone database does not know.
#[cold]
#[inline(never)]
fn unknown_zone(name: &str) -> Fault {
    let shown: String = name.chars().take(60).collect();
    Fault::Native(format!("\"{shown}\" is not a time zone name; use an IANA name such as \"Europe/London\" or \"America/New_York\""))
}

/// Calls `native` on `args` (unused trailing slots are `None`).
pub fn call(loaded: &LoadedProgram, scratch: &mut Scratch, native: Native, args: &[Value; 4]) -> Result<Value, Fault> {
    let [a, b, c, d] = *args;
    match native {
        Native::TimeHour => Ok(Value::Int(int(a)? / 3600)),
        Native::TimeMinute => Ok(Value::Int(int(a)? / 60 % 60)),
        Native::TimeWeekday => {
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
            let date =
                epoch.checked_add_signed(chrono::TimeDelta::try_days(int(a)?).unwrap_or_default()).ok_or_else(|| out_of_range("date"))?;
            Ok(Value::Int(i64::from(date.weekday().number_from_monday())))
        }
        Native::TimeDateOf => Ok(Value::Int(int(a)?.div_euclid(DAY))),
        Native::TimeTimeOf => Ok(Value::Int(int(a)?.checked_add(int(b)?).ok_or_else(|| out_of_range("timestamp"))?.rem_euclid(DAY))),
        Native::TimeLocal => Ok(Value::Int(local_seconds(loaded, scratch, a, b)?.rem_euclid(DAY))),
        Native::TimeLocalDate => Ok(Value::Int(local_seconds(loaded, scratch, a, b)?.div_euclid(DAY))),
        Native::TimeDaysBetween => Ok(Value::Int(int(b)?.checked_sub(int(a)?).ok_or(Fault::DatesTooFarApart)?)),
        Native::TimeDays => Ok(Value::Float(int(a)? as f64 / DAY as f64)),
        Native::TimeHours => Ok(Value::Float(int(a)? as f64 / 3600.0)),
        Native::TimeDecay | Native::TimeFresh => {
            let (value, age, half_life) = (float(a)?, int(b)?, int(c)?);
            if native == Native::TimeFresh && half_life > 0 && age >= int(d)? {
                return Ok(Value::Float(0.0));
            }
            sem::decay(value, age, half_life).map(Value::Float)
        }
        Native::TextLower | Native::TextUpper | Native::TextCapitalize | Native::TextTrim => {
            let source = text(loaded, scratch, text_arg(a)?).to_owned();
            let result = match native {
                Native::TextLower => source.to_lowercase(),
                Native::TextUpper => source.to_uppercase(),
                Native::TextTrim => source.trim().to_owned(),
                _ => sem::capitalize(&source),
            };
            Ok(Value::Text(scratch.push_text(&result)))
        }
        Native::TextLength => match a {
            Value::Text(t) => Ok(Value::Int(text(loaded, scratch, t).chars().count() as i64)),
            _ => Err(internal("expected text")),
        },
        Native::TextContains | Native::TextStartsWith | Native::TextEndsWith => {
            let (x, y) = (text(loaded, scratch, text_arg(a)?), text(loaded, scratch, text_arg(b)?));
            Ok(Value::Bool(match native {
                Native::TextContains => x.contains(y),
                Native::TextStartsWith => x.starts_with(y),
                _ => x.ends_with(y),
            }))
        }
        Native::MathMin | Native::MathMax => Ok(match (a, b) {
            (Value::Int(x), Value::Int(y)) => Value::Int(if native == Native::MathMin { x.min(y) } else { x.max(y) }),
            (Value::Money { amount: x, currency: cx }, Value::Money { amount: y, currency: cy }) => {
                let currency = sem::same_currency("compare", (x, cx), (y, cy))?;
                let amount = if native == Native::MathMin { x.min(y) } else { x.max(y) };
                Value::Money { amount, currency }
            }
            _ => {
                let (x, y) = (float(a)?, float(b)?);
                Value::Float(if native == Native::MathMin { x.min(y) } else { x.max(y) })
            }
        }),
        Native::MathAbs => match a {
            Value::Int(x) => x.checked_abs().map(Value::Int).ok_or(Fault::NumberTooLarge),
            _ => Ok(Value::Float(float(a)?.abs())),
        },
        Native::MathClamp => Ok(match (a, b, c) {
            (Value::Int(x), Value::Int(lo), Value::Int(hi)) => Value::Int(x.max(lo).min(hi)),
            _ => Value::Float(float(a)?.max(float(b)?).min(float(c)?)),
        }),
        Native::MathRound => to_int(float(a)?.round()),
        Native::MathFloor => to_int(float(a)?.floor()),
        Native::MathCeil => to_int(float(a)?.ceil()),
        Native::MathToFloat => Ok(Value::Float(float(a)?)),
        Native::MathPow => finite(float(a)?.powf(float(b)?)),
        Native::MathExp => finite(float(a)?.exp()),
        Native::MathPercent => finite(float(a)? / 100.0),
    }
}
