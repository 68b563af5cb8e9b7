//! Native implementations of the standard library (`stdlib/*.tenor` declares them).

use crate::format::text;
use crate::load::LoadedProgram;
use crate::scratch::Scratch;
use crate::value::Value;
use crate::vm::Fault;
use chrono::Datelike;
use tenor_compiler::native::Native;

const DAY: i64 = 86_400;

fn int(v: Value) -> Result<i64, Fault> {
    match v {
        Value::Int(i) => Ok(i),
        other => Err(format!("internal error: expected an integer, found {other:?}")),
    }
}

fn float(v: Value) -> Result<f64, Fault> {
    match v {
        Value::Float(f) => Ok(f),
        Value::Int(i) => Ok(i as f64),
        other => Err(format!("internal error: expected a number, found {other:?}")),
    }
}

fn to_int(x: f64) -> Result<Value, Fault> {
    if x.is_finite() && x.abs() < 9.0e18 {
        Ok(Value::Int(x as i64))
    } else {
        Err("the number is too large to round to an Int".into())
    }
}

fn finite(x: f64) -> Result<Value, Fault> {
    if x.is_finite() {
        Ok(Value::Float(x))
    } else {
        Err("the result is not a finite number".into())
    }
}

/// Seconds since 1970-01-01T00:00 on the wall clock of the time zone named by `zone` at the
/// instant `at` (a Timestamp): UTC seconds plus the zone's offset then, daylight saving included.
fn local_seconds(loaded: &LoadedProgram, scratch: &Scratch, at: Value, zone: Value) -> Result<i64, Fault> {
    let Value::Text(name) = zone else {
        return Err("internal error: expected text".into());
    };
    let name = text(loaded, scratch, name);
    let zone = jiff::tz::TimeZone::get(name).map_err(|_| unknown_zone(name))?;
    let seconds = int(at)?;
    let instant = jiff::Timestamp::from_second(seconds).map_err(|_| "the timestamp is out of range".to_owned())?;
    seconds.checked_add(i64::from(zone.to_offset(instant).seconds())).ok_or_else(|| "the timestamp is out of range".into())
}

/// A zone name the time zone database does not know.
#[cold]
#[inline(never)]
fn unknown_zone(name: &str) -> Fault {
    let shown: String = name.chars().take(60).collect();
    format!("\"{shown}\" is not a time zone name; use an IANA name such as \"Europe/London\" or \"America/New_York\"")
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
                epoch.checked_add_signed(chrono::TimeDelta::try_days(int(a)?).unwrap_or_default()).ok_or("the date is out of range")?;
            Ok(Value::Int(i64::from(date.weekday().number_from_monday())))
        }
        Native::TimeDateOf => Ok(Value::Int(int(a)?.div_euclid(DAY))),
        Native::TimeTimeOf => Ok(Value::Int(int(a)?.checked_add(int(b)?).ok_or("the timestamp is out of range")?.rem_euclid(DAY))),
        Native::TimeLocal => Ok(Value::Int(local_seconds(loaded, scratch, a, b)?.rem_euclid(DAY))),
        Native::TimeLocalDate => Ok(Value::Int(local_seconds(loaded, scratch, a, b)?.div_euclid(DAY))),
        Native::TimeDaysBetween => Ok(Value::Int(int(b)?.checked_sub(int(a)?).ok_or("the dates are too far apart")?)),
        Native::TimeDays => Ok(Value::Float(int(a)? as f64 / DAY as f64)),
        Native::TimeHours => Ok(Value::Float(int(a)? as f64 / 3600.0)),
        Native::TimeDecay | Native::TimeFresh => {
            let (value, age, half_life) = (float(a)?, int(b)?, int(c)?);
            if half_life <= 0 {
                return Err(format!("a half-life must be positive, not {}", tenor_compiler::literal::format_duration(half_life)));
            }
            if native == Native::TimeFresh && age >= int(d)? {
                return Ok(Value::Float(0.0));
            }
            finite(value * 0.5f64.powf(age.max(0) as f64 / half_life as f64))
        }
        Native::TextLower | Native::TextUpper | Native::TextCapitalize | Native::TextTrim => {
            let Value::Text(t) = a else {
                return Err("internal error: expected text".into());
            };
            let source = text(loaded, scratch, t).to_owned();
            let result = match native {
                Native::TextLower => source.to_lowercase(),
                Native::TextUpper => source.to_uppercase(),
                Native::TextTrim => source.trim().to_owned(),
                _ => {
                    let mut chars = source.chars();
                    chars.next().map(|f| f.to_uppercase().chain(chars).collect()).unwrap_or_default()
                }
            };
            Ok(Value::Text(scratch.push_text(&result)))
        }
        Native::TextLength => match a {
            Value::Text(t) => Ok(Value::Int(text(loaded, scratch, t).chars().count() as i64)),
            _ => Err("internal error: expected text".into()),
        },
        Native::TextContains | Native::TextStartsWith | Native::TextEndsWith => {
            let (Value::Text(x), Value::Text(y)) = (a, b) else {
                return Err("internal error: expected text".into());
            };
            let (x, y) = (text(loaded, scratch, x), text(loaded, scratch, y));
            Ok(Value::Bool(match native {
                Native::TextContains => x.contains(y),
                Native::TextStartsWith => x.starts_with(y),
                _ => x.ends_with(y),
            }))
        }
        Native::MathMin | Native::MathMax => Ok(match (a, b) {
            (Value::Int(x), Value::Int(y)) => Value::Int(if native == Native::MathMin { x.min(y) } else { x.max(y) }),
            (Value::Money { amount: x, currency: cx }, Value::Money { amount: y, currency: cy }) => {
                let currency = crate::vm::same_currency(cx, cy, x, y, "compare")?;
                let amount = if native == Native::MathMin { x.min(y) } else { x.max(y) };
                Value::Money { amount, currency }
            }
            _ => {
                let (x, y) = (float(a)?, float(b)?);
                Value::Float(if native == Native::MathMin { x.min(y) } else { x.max(y) })
            }
        }),
        Native::MathAbs => match a {
            Value::Int(x) => x.checked_abs().map(Value::Int).ok_or_else(|| "the number is too large".into()),
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
