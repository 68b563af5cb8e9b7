//! Param overrides per environment: applied when valid, refused whole with a message naming the param when not.

use tenor_runtime::{Engine, ParamsFormat};
use tenor_tests::{load, root};

const INPUT: &str = r#"{"c": {"sentiment": -0.2, "ltv": "2000 USD", "tier": "basic"}}"#;

fn engine() -> Engine {
    Engine::compile(&load(&[root().join("tests/params/policy.tenor")])).unwrap()
}

fn file(name: &str) -> String {
    std::fs::read_to_string(root().join("tests/params").join(name)).unwrap()
}

#[test]
fn defaults_apply_without_a_params_file() {
    assert_eq!(
        engine().decide_json("assess", INPUT).unwrap(),
        r#"{"upset":false,"high_value":false,"concierge":false,"quiet_from":"21:00"}"#
    );
}

#[test]
fn a_toml_file_overrides_params_by_name_and_by_package_table() {
    let staging = engine().with_params(&file("staging.toml"), ParamsFormat::Toml).unwrap();
    assert_eq!(staging.decide_json("assess", INPUT).unwrap(), r#"{"upset":true,"high_value":true,"concierge":true,"quiet_from":"20:00"}"#);
}

#[test]
fn a_json_file_works_the_same_and_unlisted_params_keep_their_defaults() {
    let staging = engine().with_params(&file("staging.json"), ParamsFormat::Json).unwrap();
    assert_eq!(staging.decide_json("assess", INPUT).unwrap(), r#"{"upset":true,"high_value":true,"concierge":false,"quiet_from":"21:00"}"#);
    assert_eq!(
        engine().decide_json("assess", INPUT).unwrap(),
        r#"{"upset":false,"high_value":false,"concierge":false,"quiet_from":"21:00"}"#,
        "the original engine is untouched"
    );
}

#[test]
fn bad_params_files_are_refused_with_the_param_named() {
    let refuse = |name: &str| engine().with_params(&file(name), ParamsFormat::Toml).unwrap_err().to_string();
    assert_eq!(
        refuse("bad_unknown.toml"),
        "no param named `upset_belw` (did you mean `upset_below`?); the params are `upset_below`, `high_value`, `quiet_from`, `concierge_tiers`"
    );
    assert_eq!(refuse("bad_type.toml"), "param `upset_below`: expected a number, found \"low\"");
    assert_eq!(refuse("bad_currency.toml"), "param `high_value`: expected an amount in USD, found one in EUR");
    let syntax = engine().with_params("upset_below = ", ParamsFormat::Toml).unwrap_err().to_string();
    assert!(syntax.starts_with("the params file is not valid TOML"), "{syntax}");
    let enum_value = engine().with_params(r#"concierge_tiers = ["platinum"]"#, ParamsFormat::Toml).unwrap_err().to_string();
    assert_eq!(enum_value, "param `concierge_tiers` at `[0]`: expected one of \"basic\", \"gold\", found \"platinum\"");
}

#[test]
fn params_used_as_counts_or_windows_must_stay_above_zero_when_overridden() {
    let engine = Engine::compile(&load(&[root().join("tests/params/counts.tenor")])).unwrap();
    let refuse = |text: &str| engine.with_params(text, ParamsFormat::Toml).unwrap_err().to_string();
    assert_eq!(refuse("max_offers = 0"), "param `max_offers`: the policy uses it as a count, so it must be 1 or more, not 0");
    assert_eq!(refuse("max_offers = -1"), "param `max_offers`: the policy uses it as a count, so it must be 1 or more, not -1");
    assert_eq!(
        refuse(r#"cap_window = "0s""#),
        "param `cap_window`: the policy uses it as a contact window or gap, so it must be longer than zero, not 0s"
    );
    let tuned = engine.with_params("max_offers = 1\nbonus = -5", ParamsFormat::Toml).unwrap();
    let input = r#"{"contacts": [], "now": "2026-11-23T12:00:00Z"}"#;
    assert_eq!(tuned.decide_json("pick", input).unwrap(), r#"{"offers":[{"offer":"plain","score":1.0}],"suppressed":[]}"#);
}

fn refused(text: &str, format: ParamsFormat) -> String {
    engine().with_params(text, format).unwrap_err().to_string()
}

#[test]
fn a_param_set_twice_is_refused_naming_both_keys() {
    assert_eq!(
        refused(&file("bad_twice.toml"), ParamsFormat::Toml),
        "param `retail.tuning.upset_below` is set twice, by `retail.tuning.upset_below` and by `upset_below`; keep one"
    );
    assert_eq!(
        refused("upset_below = -0.1\n\"retail.tuning.upset_below\" = -0.2\n", ParamsFormat::Toml),
        "param `retail.tuning.upset_below` is set twice, by `\"retail.tuning.upset_below\"` and by `upset_below`; keep one"
    );
    assert_eq!(
        refused("[retail.tuning]\nquiet_from = \"20:00\"\n[retail]\n\"tuning.quiet_from\" = \"19:00\"\n", ParamsFormat::Toml),
        "param `retail.tuning.quiet_from` is set twice, by `retail.tuning.quiet_from` and by `retail.\"tuning.quiet_from\"`; keep one"
    );
    assert_eq!(
        refused(r#"{"high_value": "1 USD", "retail.tuning.high_value": "2 USD"}"#, ParamsFormat::Json),
        "param `retail.tuning.high_value` is set twice, by `high_value` and by `\"retail.tuning.high_value\"`; keep one"
    );
}

#[test]
fn a_key_repeated_in_one_json_object_is_refused_with_its_place() {
    assert_eq!(
        refused(&file("bad_duplicate_key.json"), ParamsFormat::Json),
        "the params file is not valid JSON: the key `upset_below` appears twice in one object; keep one at line 4 column 15"
    );
    assert_eq!(
        refused(r#"{"retail.tuning": {"quiet_from": "20:00", "quiet_from": "19:00"}}"#, ParamsFormat::Json),
        "the params file is not valid JSON: the key `quiet_from` appears twice in one object; keep one at line 1 column 54"
    );
}

#[test]
fn non_finite_toml_numbers_are_refused_by_name() {
    assert_eq!(
        refused(&file("bad_nan.toml"), ParamsFormat::Toml),
        "param `upset_below`: expected a finite number, found `nan`; `nan` and `inf` are not allowed"
    );
    assert_eq!(
        refused("[retail.tuning]\nupset_below = -inf\n", ParamsFormat::Toml),
        "param `retail.tuning.upset_below`: expected a finite number, found `-inf`; `nan` and `inf` are not allowed"
    );
    assert_eq!(
        refused("concierge_tiers = [+inf]\n", ParamsFormat::Toml),
        "param `concierge_tiers`: expected a finite number, found `inf`; `nan` and `inf` are not allowed"
    );
}

#[test]
fn syntax_errors_name_the_line_and_column() {
    assert_eq!(
        refused("upset_below = -0.1\nhigh_value = \n", ParamsFormat::Toml),
        "the params file is not valid TOML: string values must be quoted, expected literal string at line 2 column 14"
    );
    assert_eq!(
        refused("{\n  \"upset_below\": ,\n}", ParamsFormat::Json),
        "the params file is not valid JSON: expected value at line 2 column 18"
    );
}

#[test]
fn an_empty_params_file_is_refused_in_either_format() {
    let empty = "the params file is empty; write `name = value` lines (TOML) or a JSON object, or give no params file";
    assert_eq!(refused("", ParamsFormat::Toml), empty);
    assert_eq!(refused(" \n\t\n", ParamsFormat::Json), empty);
    assert!(engine().with_params("# only a comment\n", ParamsFormat::Toml).is_ok(), "a file with only comments sets nothing, on purpose");
}

#[test]
fn a_negative_duration_overrides_a_duration_param() {
    let source = "param offset: Duration = 1h\nrecord C { at: Timestamp }\ndecision d(c: C) { local: Timestamp = c.at + offset }\n";
    let engine = Engine::compile(&tenor_tests::single("offset.tenor", source)).unwrap();
    let shifted = engine.with_params(r#"offset = "-5h""#, ParamsFormat::Toml).unwrap();
    assert_eq!(shifted.decide_json("d", r#"{"c": {"at": "2026-03-01T12:00:00Z"}}"#).unwrap(), r#"{"local":"2026-03-01T07:00:00Z"}"#);
    let years = engine.with_params(r#"{"offset": "3y"}"#, ParamsFormat::Json).unwrap_err().to_string();
    assert!(years.contains("durations use s, m, h, d or w"), "{years}");
}

/// The collection params of the conformance case: a map, a set, a record and a list of records.
fn markets() -> Engine {
    Engine::compile(&load(&[root().join("tests/conformance/params/collections.tenor")])).unwrap()
}

#[test]
fn collection_params_are_overridden_whole_from_toml_tables_and_arrays() {
    let toml = "concierge_tiers = [\"platinum\"]\n\n[case_age_days]\nus = 4\n\n[headline]\nname = \"gold club\"\nmin_tier = \"gold\"\ncredit = 25\n\n[[catalog]]\nname = \"only\"\nmin_tier = \"gold\"\ncredit = \"12 USD\"\n";
    let engine = markets().with_params(toml, ParamsFormat::Toml).unwrap();
    let decided = engine.decide_json("care", r#"{"customer": {"market": "uk", "tier": "gold", "case_age_days": 6}}"#).unwrap();
    assert_eq!(
        decided,
        r#"{"overdue":false,"concierge":false,"headline_name":"gold club","headline_credit":{"amount":"25.00","currency":"USD"},"open_offers":1,"best_open":"only","best_credit":{"amount":"12.00","currency":"USD"},"first_note":null}"#,
        "`uk` is gone from the overriding map, so the fallback of 7 days holds"
    );
}

#[test]
fn a_bad_part_of_a_collection_param_is_named_by_its_place_inside_the_param() {
    let refuse = |text: &str, format| markets().with_params(text, format).unwrap_err().to_string();
    let catalog =
        "[[catalog]]\nname = \"a\"\nmin_tier = \"gold\"\ncredit = 5\n\n[[catalog]]\nname = \"b\"\nmin_tier = \"bronze\"\ncredit = 5\n";
    assert_eq!(
        refuse(catalog, ParamsFormat::Toml),
        "param `catalog` at `[1].min_tier`: expected one of \"basic\", \"gold\", \"platinum\", found \"bronze\""
    );
    assert_eq!(
        refuse(r#"{"catalog": [{"name": "a", "min_tier": "gold", "credit": "5 EUR"}]}"#, ParamsFormat::Json),
        "param `catalog` at `[0].credit`: expected an amount in USD, found one in EUR"
    );
    assert_eq!(
        refuse("case_age_days = { uk = 5, fr = 2 }", ParamsFormat::Toml),
        "param `case_age_days` at `fr`: expected one of \"uk\", \"us\", \"de\", found \"fr\""
    );
    assert_eq!(
        refuse("case_age_days = { uk = \"5\" }", ParamsFormat::Toml),
        "param `case_age_days` at `uk`: expected a whole number, found \"5\""
    );
    assert_eq!(
        refuse("case_age_days = [5, 2]", ParamsFormat::Toml),
        "param `case_age_days`: expected a table of `key = value`, found an array"
    );
    assert_eq!(
        refuse("headline = { name = \"x\", min_tier = \"gold\" }", ParamsFormat::Toml),
        "param `headline`: this `Goodwill` lacks `credit`; write every field that is not optional"
    );
    assert_eq!(
        refuse(r#"{"headline": {"name": "x", "min_tier": "gold", "credits": 5}}"#, ParamsFormat::Json),
        "param `headline`: `Goodwill` has no field `credits` (did you mean `credit`?); its fields are `name`, `min_tier`, `credit`, `note`"
    );
    assert_eq!(
        refuse("headline = \"vip\"", ParamsFormat::Toml),
        "param `headline`: expected a table of the fields of `Goodwill`, found \"vip\""
    );
    assert_eq!(
        refuse(r#"{"catalog": [{"name": "a", "min_tier": "gold", "credit": 5, "note": 3}]}"#, ParamsFormat::Json),
        "param `catalog` at `[0].note`: expected a string, found the number 3"
    );
}
