//! Unit tests of the literal forms: everything printed reads back.

use super::*;

#[test]
fn every_printed_duration_reads_back() {
    for seconds in [0, 1, -1, 59, -60, 3_600, -18_000, 86_400, -604_800, 90 * 60, i64::MAX, i64::MIN, i64::MIN + 1] {
        let text = format_duration(seconds);
        assert_eq!(parse_duration(&text), Ok(seconds), "{text}");
    }
    assert_eq!(parse_duration("-5h"), Ok(-18_000));
}

#[test]
fn broken_durations_name_the_units() {
    for text in ["3y", "-", "-h", "5", "--5h", "5h-"] {
        let message = parse_duration(text).unwrap_err();
        assert!(message.contains("durations use s, m, h, d or w"), "{text}: {message}");
    }
}
