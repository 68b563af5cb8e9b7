//! Explanations: the trace an explain-mode decision leaves, as JSON and as readable text.

use crate::format;
use crate::load::LoadedProgram;
use crate::scratch::Scratch;
use crate::value::Value;
use serde_json::{json, Map, Value as Json};
use tenor_compiler::bytecode::{ConditionTrace, DecisionCode};

/// The `explain` section for the decision just run with its explain-mode code.
pub(crate) fn trace(loaded: &LoadedProgram, scratch: &Scratch, code: &DecisionCode) -> Json {
    let Some(trace) = &code.trace else { return Json::Null };
    let reg = |r: u32| scratch.regs.get(r as usize).copied().unwrap_or(Value::None);
    let mut outputs = Map::new();
    for (output, rules) in code.outputs.iter().zip(&trace.outputs) {
        if let Value::Int(i) = reg(rules.fired) {
            let because = rules.arms.get(i as usize).map(|a| a.text.clone()).unwrap_or_default();
            let mut entry = Map::new();
            entry.insert("arm".into(), json!(i + 1));
            entry.insert("because".into(), json!(because));
            let failed: Vec<Json> = rules.arms.iter().take(i as usize).filter_map(|arm| failure(scratch, arm)).collect();
            if !failed.is_empty() {
                entry.insert("failed".into(), Json::Array(failed));
            }
            outputs.insert(output.name.clone(), Json::Object(entry));
        }
    }
    let mut offers = Vec::new();
    if let Some(code_offers) = &code.offers {
        for (slot, offer) in code_offers.offers.iter().zip(&trace.offers) {
            let mut entry = Map::new();
            entry.insert("offer".into(), json!(slot.name));
            let chosen = scratch.chosen.iter().any(|c| code_offers.offers.get(c.offer as usize).is_some_and(|o| o.name == slot.name));
            let suppressed = slot.suppressed.map(reg);
            match (reg(slot.eligible), reg(offer.failed), suppressed) {
                (_, _, Some(Value::Text(reason))) => {
                    entry.insert("eligible".into(), json!(false));
                    entry.insert("suppressed".into(), json!(format::text(loaded, scratch, reason)));
                }
                (Value::Bool(true), _, _) => {
                    entry.insert("eligible".into(), json!(true));
                    if let Value::Float(score) = reg(slot.score) {
                        entry.insert("score".into(), json!(score));
                    }
                    entry.insert("chosen".into(), json!(chosen));
                }
                (_, Value::Int(i), _) => {
                    entry.insert("eligible".into(), json!(false));
                    let condition = offer.conditions.get(i as usize);
                    entry.insert("failed".into(), json!(condition.map(|c| c.text.clone()).unwrap_or_default()));
                    if let Some(Json::Object(why)) = condition.and_then(|c| failure(scratch, c)) {
                        if let Some(conjunct) = why.get("conjunct") {
                            entry.insert("conjunct".into(), conjunct.clone());
                        }
                    }
                }
                _ => {
                    entry.insert("eligible".into(), json!(false));
                }
            }
            offers.push(Json::Object(entry));
        }
    }
    json!({ "outputs": outputs, "offers": offers })
}

/// A condition that was evaluated and failed, with the first conjunct that did not hold.
fn failure(scratch: &Scratch, condition: &ConditionTrace) -> Option<Json> {
    let Value::Int(i) = condition.failed.and_then(|r| scratch.regs.get(r as usize).copied())? else {
        return None;
    };
    let conjunct = condition.conjuncts.get(i as usize).cloned().unwrap_or_else(|| condition.text.clone());
    Some(json!({ "condition": condition.text, "conjunct": conjunct }))
}

/// How a failed condition reads: the conjunct that did not hold, inside its condition when it has several.
fn failed_text(condition: &str, conjunct: &str) -> String {
    if condition == conjunct {
        format!("`{condition}` does not hold")
    } else {
        format!("`{conjunct}` does not hold in `{condition}`")
    }
}

/// The explanation of a decision (the JSON `explain_json` returns) as lines a person reads.
pub fn to_text(decision: &Json) -> String {
    let mut out = String::new();
    let explain = &decision["explain"];
    if let Some(outputs) = explain["outputs"].as_object() {
        for (name, why) in outputs {
            let value = decision.get(name).map(short).unwrap_or_default();
            let because = why["because"].as_str().unwrap_or("");
            if let Some(expression) = because.strip_prefix("= ") {
                out.push_str(&format!("{name} = {value}: computed as `{expression}`\n"));
            } else if because == "otherwise" {
                let failed: Vec<String> = why["failed"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|f| failed_text(f["condition"].as_str().unwrap_or(""), f["conjunct"].as_str().unwrap_or("")))
                    .collect();
                let reasons = if failed.is_empty() { String::new() } else { format!(" ({})", failed.join("; ")) };
                out.push_str(&format!("{name} = {value}: no earlier arm held{reasons}, so `otherwise` (arm {})\n", why["arm"]));
            } else {
                out.push_str(&format!("{name} = {value}: arm {} fired because `{because}`\n", why["arm"]));
            }
        }
    }
    for offer in explain["offers"].as_array().into_iter().flatten() {
        let name = offer["offer"].as_str().unwrap_or("");
        let line = if let Some(reason) = offer["suppressed"].as_str() {
            format!("offer {name}: eligible but suppressed: {reason}")
        } else if let Some(failed) = offer["failed"].as_str() {
            format!("offer {name}: not eligible: {}", failed_text(failed, offer["conjunct"].as_str().unwrap_or(failed)))
        } else if offer["chosen"] == json!(true) {
            format!("offer {name}: chosen, score {}", short(&offer["score"]))
        } else {
            format!("offer {name}: eligible, score {}, not chosen (ranked out)", short(&offer["score"]))
        };
        out.push_str(&line);
        out.push('\n');
    }
    if let Some(experiments) = decision["experiments"].as_object() {
        for (name, arm) in experiments {
            out.push_str(&format!("experiment {name}: arm {arm}\n"));
        }
    }
    out
}

/// A value as explanation text: a Float to 12 significant digits (`2.7`, not `2.6999999999999997`;
/// the JSON keeps the exact value), anything else as JSON.
fn short(value: &Json) -> String {
    match value {
        Json::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or_default();
            let rounded: f64 = format!("{x:.11e}").parse().unwrap_or(x);
            format!("{rounded:?}")
        }
        other => other.to_string(),
    }
}
