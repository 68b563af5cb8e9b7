//! Scalar literal syntax shared by the parser and the runtime's input decoder.
//!
//! A date in a policy and a date in a JSON input are read by the same code,
//! so they cannot disagree.

use chrono::{DateTime, NaiveDate};

/// Money amounts are exact integers of this many units per currency unit.
pub const MONEY_SCALE: i64 = 10_000;

/// Parses `12.50` into ten-thousandths (125000); at most four decimals.
pub fn parse_amount(text: &str) -> Result<i64, String> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("`{text}` is not an amount like 12.50"));
    }
    if frac.len() > 4 {
        return Err(format!("`{text}` has more than 4 decimal places"));
    }
    let whole: i64 = whole.parse().map_err(|_| format!("`{text}` is too large for an amount"))?;
    let frac_value = frac.bytes().chain(std::iter::repeat(b'0')).take(4).fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0'));
    let amount = whole
        .checked_mul(MONEY_SCALE)
        .and_then(|w| w.checked_add(frac_value))
        .ok_or_else(|| format!("`{text}` is too large for an amount"))?;
    Ok(if negative { -amount } else { amount })
}

/// Renders ten-thousandths as a decimal string with at least two decimals (`12.50`).
pub fn format_amount(amount: i64) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    let abs = amount.unsigned_abs();
    let scale = MONEY_SCALE.unsigned_abs();
    let mut frac = format!("{:04}", abs % scale);
    while frac.len() > 2 && frac.ends_with('0') {
        frac.pop();
    }
    format!("{sign}{}.{frac}", abs / scale)
}

/// Parses `12.50 USD` into (ten-thousandths, packed currency); with `want`, the currency must match.
pub fn parse_money(text: &str, want: Option<u32>) -> Result<(i64, u32), String> {
    let (amount, code) = text.trim().rsplit_once(' ').ok_or_else(|| format!("`{text}` is not an amount like \"12.50 USD\""))?;
    let currency = check_currency(want, parse_currency(code.trim())?)?;
    Ok((parse_amount(amount.trim())?, currency))
}

/// `got`, or an error when a currency `want` is required and differs.
pub fn check_currency(want: Option<u32>, got: u32) -> Result<u32, String> {
    match want {
        Some(w) if w != got => Err(format!("expected an amount in {}, found one in {}", format_currency(w), format_currency(got))),
        _ => Ok(got),
    }
}

/// Packs a three-letter ISO 4217 code (`USD`) into a number.
pub fn parse_currency(code: &str) -> Result<u32, String> {
    match code.as_bytes() {
        [a, b, c] if code.bytes().all(|b| b.is_ascii_uppercase()) => Ok(u32::from_le_bytes([*a, *b, *c, 0])),
        _ => Err(format!("`{code}` is not a currency code like USD")),
    }
}

/// The three-letter code of a packed currency.
pub fn format_currency(code: u32) -> String {
    let [a, b, c, _] = code.to_le_bytes();
    String::from_utf8_lossy(&[a, b, c]).into_owned()
}

/// What the longest duration is, for messages about durations that do not fit.
pub const DURATION_LIMIT: &str = "durations are at most 9223372036854775807 seconds (15250284452471w) either side of zero";

/// Parses `14d`, `3h`, `30m`, `10s`, `2w` or a negative one such as `-5h` into seconds:
/// every text [`format_duration`] prints reads back.
pub fn parse_duration(text: &str) -> Result<i64, String> {
    let sign = usize::from(text.starts_with('-'));
    let unit_at = text.get(sign..).and_then(|t| t.find(|c: char| !c.is_ascii_digit())).map_or(text.len(), |at| at + sign);
    let (number, unit) = text.split_at(unit_at);
    let seconds = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        "w" => 604_800,
        _ => return Err(not_a_duration(text)),
    };
    let n: i64 = number.parse().map_err(|_| not_a_duration(text))?;
    n.checked_mul(seconds).ok_or_else(|| format!("`{text}` is too long a duration: {DURATION_LIMIT}"))
}

fn not_a_duration(text: &str) -> String {
    let shown: String = text.chars().take(40).collect();
    format!("`{shown}` is not a duration like 14d, 3h, -30m or 10s (durations use s, m, h, d or w; for years write 365d or use a Date)")
}

/// Renders seconds in the largest of days, hours, minutes and seconds that divides them (`14d`, `90m`).
pub fn format_duration(seconds: i64) -> String {
    for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60)] {
        if seconds != 0 && seconds % size == 0 {
            return format!("{}{unit}", seconds / size);
        }
    }
    format!("{seconds}s")
}

/// Parses `08:30` or `08:30:15` into seconds since midnight.
pub fn parse_time(text: &str) -> Result<i64, String> {
    let bad = || format!("`{text}` is not a time of day like 08:30");
    let two_digits = |p: &str| if p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()) { p.parse::<i64>().ok() } else { None };
    let mut parts = text.split(':');
    let (h, m, s) = (parts.next().and_then(two_digits), parts.next().and_then(two_digits), parts.next().map(two_digits));
    match (h, m, s, parts.next()) {
        (Some(h), Some(m), None, None) if h < 24 && m < 60 => Ok(h * 3600 + m * 60),
        (Some(h), Some(m), Some(Some(s)), None) if h < 24 && m < 60 && s < 60 => Ok(h * 3600 + m * 60 + s),
        _ => Err(bad()),
    }
}

/// Renders seconds since midnight as `08:30` (or `08:30:15`).
pub fn format_time(seconds: i64) -> String {
    let s = seconds.rem_euclid(86_400);
    if s % 60 == 0 {
        format!("{:02}:{:02}", s / 3600, s / 60 % 60)
    } else {
        format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    }
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

/// Seconds in a day.
pub const DAY_SECONDS: i64 = 86_400;

/// The first date, 0001-01-01, in days since 1970-01-01. Dates outside
/// [`MIN_DATE`]..=[`MAX_DATE`] are refused wherever they enter (literals, JSON
/// input, params) and are a fault where arithmetic would produce them, so every
/// date can be printed as `YYYY-MM-DD` and read back.
pub const MIN_DATE: i64 = -719_162;
/// The last date, 9999-12-31, in days since 1970-01-01.
pub const MAX_DATE: i64 = 2_932_896;
/// The first timestamp, 0001-01-01T00:00:00Z, in Unix seconds.
pub const MIN_TIMESTAMP: i64 = MIN_DATE * DAY_SECONDS;
/// The last timestamp, 9999-12-31T23:59:59Z, in Unix seconds.
pub const MAX_TIMESTAMP: i64 = (MAX_DATE + 1) * DAY_SECONDS - 1;

/// The range of dates, as messages say it.
pub const DATE_RANGE: &str = "dates go from 0001-01-01 to 9999-12-31";
/// The range of timestamps, as messages say it.
pub const TIMESTAMP_RANGE: &str = "timestamps go from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z";

/// `days` if it is inside the date range, else the error naming the range.
pub fn check_date(days: i64) -> Result<i64, String> {
    if (MIN_DATE..=MAX_DATE).contains(&days) {
        Ok(days)
    } else {
        Err(format!("the date is out of range: {DATE_RANGE}"))
    }
}

/// `seconds` if it is inside the timestamp range, else the error naming the range.
pub fn check_timestamp(seconds: i64) -> Result<i64, String> {
    if (MIN_TIMESTAMP..=MAX_TIMESTAMP).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(format!("the timestamp is out of range: {TIMESTAMP_RANGE}"))
    }
}

/// Parses `2026-11-23` into days since 1970-01-01; years 0001 to 9999.
pub fn parse_date(text: &str) -> Result<i64, String> {
    let days = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(|d| (d - epoch()).num_days())
        .map_err(|_| format!("`{text}` is not a date like 2026-11-23"))?;
    check_date(days).map_err(|_| format!("`{text}` is out of range: {DATE_RANGE}"))
}

/// Renders days since 1970-01-01 as `2026-11-23`.
pub fn format_date(days: i64) -> String {
    epoch()
        .checked_add_signed(chrono::TimeDelta::try_days(days).unwrap_or_default())
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| format!("day {days}"))
}

/// Parses an RFC 3339 timestamp (`2026-11-23T08:00:00Z`; seconds optional) into Unix seconds.
pub fn parse_timestamp(text: &str) -> Result<i64, String> {
    let bad = || format!("`{text}` is not a timestamp like 2026-11-23T08:00:00Z");
    let normalized = match text.get(..16) {
        Some(head) if text.len() > 16 && text.as_bytes().get(16) != Some(&b':') => {
            format!("{head}:00{}", text.get(16..).unwrap_or(""))
        }
        _ => text.to_owned(),
    };
    let seconds = DateTime::parse_from_rfc3339(&normalized).map(|t| t.timestamp()).map_err(|_| bad())?;
    check_timestamp(seconds).map_err(|_| format!("`{text}` is out of range: {TIMESTAMP_RANGE}"))
}

/// Renders Unix seconds as an RFC 3339 timestamp in UTC.
pub fn format_timestamp(seconds: i64) -> String {
    DateTime::from_timestamp(seconds, 0).map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_else(|| format!("second {seconds}"))
}

/// Renders a fraction as a percentage (`0.2` → `20%`), rounded to six decimals of a point.
///
/// Never `inf%`: from 1e15 points on, the number is written with an exponent (`1e308%`, which
/// [`parse_percent`] reads back); a fraction too large to multiply by 100 still prints (`2e308%`).
pub fn format_percent(fraction: f64) -> String {
    let points = fraction * 100.0;
    if !points.is_finite() {
        let text = format!("{fraction:e}");
        return match text.split_once('e').and_then(|(m, e)| Some((m, e.parse::<i32>().ok()?))) {
            Some((mantissa, exponent)) => format!("{mantissa}e{}%", exponent + 2),
            None => format!("{text}%"),
        };
    }
    if points.abs() >= 1e15 {
        return format!("{points:e}%");
    }
    let rounded = (points * 1e6).round() / 1e6;
    format!("{rounded}%")
}

/// Parses `20%` or `12.5%` into a fraction.
pub fn parse_percent(text: &str) -> Result<f64, String> {
    text.strip_suffix('%')
        .and_then(|n| n.trim().parse::<f64>().ok())
        .filter(|n| n.is_finite())
        .map(|n| n / 100.0)
        .ok_or_else(|| format!("`{text}` is not a percentage like 20%"))
}

/// An amount in ten-thousandths from a whole JSON number (`12` is 12.0000).
pub fn amount_from_int(n: i64) -> Result<i64, String> {
    n.checked_mul(MONEY_SCALE).ok_or_else(|| format!("the amount {n} is too large"))
}

/// An amount in ten-thousandths from a JSON number with decimals, rounded to four places.
pub fn amount_from_float(n: f64) -> Result<i64, String> {
    parse_amount(&format!("{n:.4}"))
}

#[cfg(test)]
mod tests;
