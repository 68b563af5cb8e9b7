//! Each operation's values and faults, and each fault's message as a person reads it.

#![allow(clippy::unwrap_used, reason = "tests stop loudly")]

use super::*;

const EUR: u32 = u32::from_le_bytes(*b"EUR\0");
const USD: u32 = u32::from_le_bytes(*b"USD\0");

#[test]
fn integer_arithmetic_is_checked() {
    assert_eq!(int_arith(ArithOp::Rem, -7, 3), Ok(2));
    assert_eq!(int_arith(ArithOp::Div, 7, 0), Err(Fault::DivisionByZero));
    assert_eq!(int_arith(ArithOp::Rem, 7, 0), Err(Fault::DivisionByZero));
    assert_eq!(int_arith(ArithOp::Add, i64::MAX, 1), Err(Fault::IntOverflow));
    assert_eq!(int_arith(ArithOp::Div, i64::MIN, -1), Err(Fault::IntOverflow));
    assert_eq!(neg_int(i64::MIN), Err(Fault::NumberTooLarge));
}

#[test]
fn floats_stay_finite() {
    assert_eq!(float_arith(ArithOp::Mul, f64::MAX, 2.0), Err(Fault::NumberTooLarge));
    assert_eq!(float_arith(ArithOp::Div, 1.0, 0.0), Err(Fault::DivisionByZero));
    assert_eq!(float_arith(ArithOp::Rem, -1.0, 3.0), Ok(2.0));
    assert_eq!(percent_to_points(0.2).map(|p| (p * 1e9).round()), Ok(20.0e9));
}

#[test]
fn money_keeps_one_currency() {
    assert_eq!(money_add((10, 0), (5, EUR), false), Ok((15, EUR)));
    assert_eq!(money_add((10, EUR), (5, EUR), true), Ok((5, EUR)));
    assert_eq!(money_scale((15, EUR), 0.5, false), Ok((8, EUR)));
    assert_eq!(money_scale((15, EUR), 0.0, true), Err(Fault::DivisionByZero));
    assert_eq!(money_ratio((10, EUR), (0, EUR)), Err(Fault::DivisionByZeroAmount));
    assert_eq!(money_add((i64::MAX, EUR), (1, EUR), false), Err(Fault::AmountTooLarge));
    assert_eq!(money_amount(125_000), 12.5);
    let mixed = money_add((100_000, EUR), (50_000, USD), false).unwrap_err();
    assert_eq!(mixed.to_string(), "cannot add 10.00 EUR and 5.00 USD: the currencies differ");
    assert_eq!(order_money("compare", (1, EUR), (2, EUR)), Ok(Ordering::Less));
}

#[test]
fn dates_and_times_stay_in_range() {
    assert_eq!(shift_date(0, 2 * DAY_SECONDS - 1, false), Ok(1));
    assert_eq!(shift_date(literal::MAX_DATE, DAY_SECONDS, false), Err(Fault::DateOutOfRange));
    assert_eq!(shift_timestamp(literal::MIN_TIMESTAMP, 1, true), Err(Fault::TimestampOutOfRange));
    assert_eq!(date_diff(2, 1), Ok(DAY_SECONDS));
    assert_eq!(date_diff(i64::MAX, -1), Err(Fault::DatesTooFarApart));
    assert_eq!(shift_time(3600, 2 * 3600, true), DAY_SECONDS - 3600);
    assert_eq!(Fault::DateOutOfRange.to_string(), "the date is out of range: dates go from 0001-01-01 to 9999-12-31");
}

#[test]
fn comparisons_and_ranges() {
    assert!(holds(CmpOp::Le, Ordering::Equal));
    assert!(!holds(CmpOp::Gt, Ordering::Equal));
    assert!(in_range(Ordering::Greater, Ordering::Greater, Ordering::Less, true), "22:00 in 21:00..06:00");
    assert!(!in_range(Ordering::Greater, Ordering::Greater, Ordering::Less, false));
    assert_eq!(order_float(-0.0, 0.0), Ordering::Less);
}

#[test]
fn counts_rounding_and_natives() {
    assert_eq!(check_positive(0, false).unwrap_err().to_string(), "this count must be 1 or more, not 0");
    assert_eq!(check_positive(-60, true).unwrap_err().to_string(), "this duration must be longer than zero, not -1m");
    assert_eq!(take_count(5, 3), Ok(3));
    assert_eq!(take_count(-1, 3).unwrap_err().to_string(), "`take` needs a count of 0 or more, not -1");
    assert_eq!(float_to_int(1e19), Err(Fault::RoundTooLarge));
    assert_eq!(finite(f64::INFINITY), Err(Fault::NotFinite));
    assert_eq!(decay(8.0, 2, 1), Ok(2.0));
    assert_eq!(decay(8.0, 2, 0).unwrap_err().to_string(), "a half-life must be positive, not 0s");
    assert_eq!(capitalize("éa"), "Éa");
}

#[test]
fn budget_faults_name_their_decision_once_known() {
    let fault = Fault::BudgetExceeded { budget: 10, decision: None };
    assert!(fault.to_string().starts_with("exceeded its budget of 10 steps here;"));
    let named = Fault::BudgetExceeded { budget: 10, decision: Some("d".into()) };
    assert!(named.to_string().starts_with("decision `d` exceeded its budget of 10 steps here; bound the lists"));
    assert_eq!(Fault::Internal("x".into()).to_string(), "internal error: x; please report this policy");
}
