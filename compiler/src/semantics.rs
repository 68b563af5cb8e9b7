//! The one definition of Tenor's operations on values and of their faults.
//!
//! Arithmetic, comparison, Money, Percent, date and time, rounding and text case live here, on
//! plain Rust values (`i64`, `f64`, amounts as `(ten-thousandths, currency)`). The VM calls these
//! functions, constant folding (`lower`) and the checker's constants call them, and a compiled
//! backend's helpers call them too, so every engine computes the same value or the same [`Fault`].

use crate::bytecode::{ArithOp, CmpOp};
use crate::literal::{self, DAY_SECONDS, MONEY_SCALE};
use std::cmp::Ordering;

/// An amount of money: ten-thousandths and a packed ISO currency (0: the currency-less zero of an empty sum).
pub type Amount = (i64, u32);

/// Why evaluating a decision stopped. `Display` gives the message a person reads.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Fault {
    /// Integer arithmetic overflowed.
    #[error("the number is too large (integer overflow)")]
    IntOverflow,
    /// A number left the range of its type (a Float that is no longer finite, `-i64::MIN`).
    #[error("the number is too large")]
    NumberTooLarge,
    /// Division (or remainder) by zero.
    #[error("division by zero")]
    DivisionByZero,
    /// An amount divided by a zero amount.
    #[error("division by a zero amount")]
    DivisionByZeroAmount,
    /// An amount left the range of Money.
    #[error("the amount is too large")]
    AmountTooLarge,
    /// Two amounts of different currencies met.
    #[error(
        "cannot {verb} {} {} and {} {}: the currencies differ",
        literal::format_amount(a.0),
        literal::format_currency(a.1),
        literal::format_amount(b.0),
        literal::format_currency(b.1)
    )]
    CurrencyMismatch {
        /// What was attempted: `add`, `subtract`, `divide`, `compare`, `order`.
        verb: &'static str,
        /// The left amount.
        a: Amount,
        /// The right amount.
        b: Amount,
    },
    /// The difference of two dates does not fit a Duration.
    #[error("the dates are too far apart")]
    DatesTooFarApart,
    /// A date left years 0001–9999.
    #[error("the date is out of range: {}", literal::DATE_RANGE)]
    DateOutOfRange,
    /// A timestamp left years 0001–9999.
    #[error("the timestamp is out of range: {}", literal::TIMESTAMP_RANGE)]
    TimestampOutOfRange,
    /// A count below 1 or a window of zero or less where one above zero is needed.
    #[error("{}", not_positive(*value, *duration))]
    NotPositive {
        /// The value found.
        value: i64,
        /// Whether it is a duration (a contact window), shown as one.
        duration: bool,
    },
    /// `take` with a count below zero.
    #[error("`take` needs a count of 0 or more, not {0}")]
    NegativeCount(i64),
    /// The decision spent its step budget (the engine names the decision).
    #[error(
        "{}exceeded its budget of {budget} steps here; bound the lists it reads, or raise the budget \
         (`--max-steps`, `Engine::with_step_budget`)",
        decision.as_ref().map(|d| format!("decision `{d}` ")).unwrap_or_default()
    )]
    BudgetExceeded {
        /// The budget it had.
        budget: u64,
        /// The decision that ran out, once the engine knows it.
        decision: Option<String>,
    },
    /// The decision built more list elements than a decision may hold.
    #[error("the decision builds too large a list")]
    ListTooLarge,
    /// A Float too large (or not finite) to round to an Int.
    #[error("the number is too large to round to an Int")]
    RoundTooLarge,
    /// A standard-library result that is not a finite number.
    #[error("the result is not a finite number")]
    NotFinite,
    /// Another standard-library function refused its arguments (the message says why).
    #[error("{0}")]
    Native(String),
    /// The code broke an invariant of checked programs: a compiler or runtime bug.
    #[error("internal error: {0}; please report this policy")]
    Internal(String),
}

/// The message of [`Fault::NotPositive`].
fn not_positive(n: i64, duration: bool) -> String {
    if duration {
        format!("this duration must be longer than zero, not {}", literal::format_duration(n))
    } else {
        format!("this count must be 1 or more, not {n}")
    }
}

/// Checked integer arithmetic; `%` is the Euclidean remainder (never negative).
pub fn int_arith(op: ArithOp, a: i64, b: i64) -> Result<i64, Fault> {
    let v = match op {
        ArithOp::Add => a.checked_add(b),
        ArithOp::Sub => a.checked_sub(b),
        ArithOp::Mul => a.checked_mul(b),
        ArithOp::Div | ArithOp::Rem if b == 0 => return Err(Fault::DivisionByZero),
        ArithOp::Div => a.checked_div(b),
        ArithOp::Rem => a.checked_rem_euclid(b),
    };
    v.ok_or(Fault::IntOverflow)
}

/// Float arithmetic that stays finite; `%` is the Euclidean remainder.
pub fn float_arith(op: ArithOp, a: f64, b: f64) -> Result<f64, Fault> {
    let v = match op {
        ArithOp::Add => a + b,
        ArithOp::Sub => a - b,
        ArithOp::Mul => a * b,
        ArithOp::Div | ArithOp::Rem if b == 0.0 => return Err(Fault::DivisionByZero),
        ArithOp::Div => a / b,
        ArithOp::Rem => a.rem_euclid(b),
    };
    finite_number(v)
}

/// `v` if it is finite.
fn finite_number(v: f64) -> Result<f64, Fault> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(Fault::NumberTooLarge)
    }
}

/// `-a` for an Int.
pub fn neg_int(a: i64) -> Result<i64, Fault> {
    a.checked_neg().ok_or(Fault::NumberTooLarge)
}

/// `-a` for a Float.
pub fn neg_float(a: f64) -> f64 {
    -a
}

/// `-a` for an amount.
pub fn neg_amount((amount, currency): Amount) -> Result<Amount, Fault> {
    Ok((amount.checked_neg().ok_or(Fault::AmountTooLarge)?, currency))
}

/// An Int as a Float.
pub fn int_to_float(a: i64) -> f64 {
    a as f64
}

/// A Percent (a fraction) as points: `20%` is `20.0`.
pub fn percent_to_points(fraction: f64) -> Result<f64, Fault> {
    float_arith(ArithOp::Mul, fraction, 100.0)
}

/// The common currency of two amounts; a currency-less zero takes the other's.
pub fn same_currency(verb: &'static str, a: Amount, b: Amount) -> Result<u32, Fault> {
    match (a.1, b.1) {
        (0, c) | (c, 0) => Ok(c),
        (x, y) if x == y => Ok(x),
        _ => Err(Fault::CurrencyMismatch { verb, a, b }),
    }
}

/// `a + b` (`sub`: `a - b`) for amounts of one currency.
pub fn money_add(a: Amount, b: Amount, sub: bool) -> Result<Amount, Fault> {
    let currency = same_currency(if sub { "subtract" } else { "add" }, a, b)?;
    let amount = if sub { a.0.checked_sub(b.0) } else { a.0.checked_add(b.0) };
    Ok((amount.ok_or(Fault::AmountTooLarge)?, currency))
}

/// `money * factor` (`divide`: `money / factor`), rounded half away from zero.
pub fn money_scale((amount, currency): Amount, factor: f64, divide: bool) -> Result<Amount, Fault> {
    let scaled = if divide {
        if factor == 0.0 {
            return Err(Fault::DivisionByZero);
        }
        amount as f64 / factor
    } else {
        amount as f64 * factor
    };
    let rounded = scaled.round();
    if rounded.is_finite() && rounded.abs() < 9.0e18 {
        Ok((rounded as i64, currency))
    } else {
        Err(Fault::AmountTooLarge)
    }
}

/// `a / b` for amounts of one currency, as a Float.
pub fn money_ratio(a: Amount, b: Amount) -> Result<f64, Fault> {
    same_currency("divide", a, b)?;
    if b.0 == 0 {
        return Err(Fault::DivisionByZeroAmount);
    }
    Ok(a.0 as f64 / b.0 as f64)
}

/// The amount of money as a Float (`12.50 EUR` is `12.5`).
pub fn money_amount(amount: i64) -> f64 {
    amount as f64 / MONEY_SCALE as f64
}

/// How two amounts of one currency order (`verb` names the operation in the fault).
pub fn order_money(verb: &'static str, a: Amount, b: Amount) -> Result<Ordering, Fault> {
    same_currency(verb, a, b)?;
    Ok(a.0.cmp(&b.0))
}

/// How two Floats order: a total order, so sorting never fails.
pub fn order_float(a: f64, b: f64) -> Ordering {
    a.total_cmp(&b)
}

/// Whether `op` holds for two values that order as `ord`.
pub fn holds(op: CmpOp, ord: Ordering) -> bool {
    match op {
        CmpOp::Eq => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Le => ord != Ordering::Greater,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Ge => ord != Ordering::Less,
    }
}

/// `value in lo..hi` from how value compares with `lo` and `hi` and `hi` with `lo`; with `wrap`
/// (times of day) a range whose end is before its start wraps around midnight.
pub fn in_range(value_lo: Ordering, value_hi: Ordering, hi_lo: Ordering, wrap: bool) -> bool {
    let (from_lo, below_hi) = (value_lo != Ordering::Less, value_hi == Ordering::Less);
    if wrap && hi_lo == Ordering::Less {
        from_lo || below_hi
    } else {
        from_lo && below_hi
    }
}

/// `Date ± Duration`: the date moved by the duration's whole days (rounded down).
pub fn shift_date(date: i64, duration: i64, sub: bool) -> Result<i64, Fault> {
    let days = duration.div_euclid(DAY_SECONDS);
    let moved = if sub { date.checked_sub(days) } else { date.checked_add(days) };
    literal::check_date(moved.unwrap_or(i64::MAX)).map_err(|_| Fault::DateOutOfRange)
}

/// `Timestamp ± Duration`.
pub fn shift_timestamp(timestamp: i64, duration: i64, sub: bool) -> Result<i64, Fault> {
    let moved = if sub { timestamp.checked_sub(duration) } else { timestamp.checked_add(duration) };
    literal::check_timestamp(moved.unwrap_or(i64::MAX)).map_err(|_| Fault::TimestampOutOfRange)
}

/// `a - b` for two dates, as a Duration (seconds).
pub fn date_diff(a: i64, b: i64) -> Result<i64, Fault> {
    a.checked_sub(b).and_then(|days| days.checked_mul(DAY_SECONDS)).ok_or(Fault::DatesTooFarApart)
}

/// `Time ± Duration`, wrapping around midnight.
pub fn shift_time(time: i64, duration: i64, sub: bool) -> i64 {
    let d = duration.rem_euclid(DAY_SECONDS);
    if sub { time - d } else { time + d }.rem_euclid(DAY_SECONDS)
}

/// `n` if it is above zero (a count; with `duration`, a window).
pub fn check_positive(n: i64, duration: bool) -> Result<i64, Fault> {
    if n > 0 {
        Ok(n)
    } else {
        Err(Fault::NotPositive { value: n, duration })
    }
}

/// How many elements `take(n, xs)` keeps of a list of `len`.
pub fn take_count(n: i64, len: u32) -> Result<u32, Fault> {
    Ok(u32::try_from(n).map_err(|_| Fault::NegativeCount(n))?.min(len))
}

/// A Float rounded (by `round`, `floor` or `ceil` before) to an Int.
pub fn float_to_int(x: f64) -> Result<i64, Fault> {
    if x.is_finite() && x.abs() < 9.0e18 {
        Ok(x as i64)
    } else {
        Err(Fault::RoundTooLarge)
    }
}

/// A standard-library result, if it is finite.
pub fn finite(x: f64) -> Result<f64, Fault> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(Fault::NotFinite)
    }
}

/// `value` halved every `half_life` of `age` (ages below zero count as zero).
pub fn decay(value: f64, age: i64, half_life: i64) -> Result<f64, Fault> {
    if half_life <= 0 {
        return Err(Fault::Native(format!("a half-life must be positive, not {}", literal::format_duration(half_life))));
    }
    finite(value * 0.5f64.powf(age.max(0) as f64 / half_life as f64))
}

/// The text with its first character upper-cased.
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|f| f.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests;
