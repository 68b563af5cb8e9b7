//! Offers (eligibility, consents, score terms, group, contact rules, message) and how a
//! decision's offers are arbitrated (ranking, limit, score floor, group caps, contact history).

use super::model::Detail;
use super::text;
use crate::ast::{BlockContactCap, ContactScope, OfferDecl, OffersBlock};
use crate::print;

/// What changed in one offer.
pub(super) fn offer(old: &OfferDecl, new: &OfferDecl) -> Vec<Detail> {
    let mut out = text::set("eligibility condition", &conditions(old), &conditions(new));
    let consents = |o: &OfferDecl| -> Vec<String> { o.requires.iter().map(|c| c.name.clone()).collect() };
    out.extend(text::set("required consent", &consents(old), &consents(new)));
    for (term, get) in SCORE_TERMS {
        out.extend(text::option(&format!("score term `{term}`"), text::expr_opt(get(old)), text::expr_opt(get(new))));
    }
    let group = |o: &OfferDecl| o.group.as_ref().map(|g| g.name.clone());
    out.extend(text::option("group", group(old), group(new)));
    out.extend(text::set("contact rule", &contact_rules(old), &contact_rules(new)));
    out.extend(text::option("message", text::expr_opt(old.message.as_ref()), text::expr_opt(new.message.as_ref())));
    out
}

/// The score terms of an offer, by keyword.
type Term = fn(&OfferDecl) -> Option<&crate::ast::Expr>;
const SCORE_TERMS: [(&str, Term); 4] = [
    ("propensity", |o| o.propensity.as_ref()),
    ("value", |o| o.value.as_ref()),
    ("lever", |o| o.lever.as_ref()),
    ("weight", |o| o.weight.as_ref()),
];

/// Each `eligible when` line cut into its `and`-ed conditions, so the one that changed is named.
fn conditions(o: &OfferDecl) -> Vec<String> {
    o.eligible.iter().flat_map(print::conjuncts).collect()
}

/// `at most N per W` and `at least G apart`.
fn contact_rules(o: &OfferDecl) -> Vec<String> {
    let caps = o.contact_caps.iter().map(|(n, w)| format!("contact at most {} per {}", text::expr(n), text::expr(w)));
    let gaps = o.contact_gaps.iter().map(|g| format!("contact at least {} apart", text::expr(g)));
    caps.chain(gaps).collect()
}

/// What changed in how a decision's offers are ranked, capped and grouped.
pub(super) fn arbitration(old: &OffersBlock, new: &OffersBlock) -> Vec<Detail> {
    let mut out: Vec<Detail> =
        text::option("ranking", text::expr_opt(old.ranking.as_ref()), text::expr_opt(new.ranking.as_ref())).into_iter().collect();
    out.extend(text::option("offers shown at most", text::expr_opt(old.limit.as_ref()), text::expr_opt(new.limit.as_ref())));
    out.extend(text::option("score floor", text::expr_opt(old.floor.as_ref()), text::expr_opt(new.floor.as_ref())));
    let groups = |b: &OffersBlock| -> Vec<(String, String)> {
        b.groups.iter().map(|(g, n)| (g.name.clone(), format!("at most {}", text::expr(n)))).collect()
    };
    out.extend(text::keyed(|g| format!("cap of group `{g}`"), &groups(old), &groups(new)));
    let history = |b: &OffersBlock| b.history.as_ref().map(|(list, now)| format!("{} as of {}", text::expr(list), text::expr(now)));
    out.extend(text::option("contact history", history(old), history(new)));
    let caps = |b: &OffersBlock| -> Vec<String> { b.contact_caps.iter().map(block_cap).collect() };
    out.extend(text::set("contact rule", &caps(old), &caps(new)));
    out
}

fn block_cap(cap: &BlockContactCap) -> String {
    let scope = match &cap.scope {
        ContactScope::All => String::new(),
        ContactScope::Group(g) => format!(" for group {}", g.name),
        ContactScope::Channel(c) => format!(" for channel {}", text::expr(c)),
    };
    format!("contact at most {} per {}{scope}", text::expr(&cap.cap), text::expr(&cap.window))
}
