//! Ordered lists where the first match wins (rule arms, table rows): which elements were added,
//! removed, changed or moved, by their canonical text.

use super::model::{Detail, Status};

/// One element of an ordered list.
pub(super) struct Element {
    /// What selects it: an arm's condition, a row's cells.
    pub guard: String,
    /// What it gives: an arm's or row's value.
    pub value: String,
    /// The whole element as it reads (`urgent when low_stock`).
    pub text: String,
}

/// The differences between two ordered lists of `noun`s (`arm`, `row`), positions counted from 1.
pub(super) fn ordered(noun: &str, old: &[Element], new: &[Element]) -> Vec<Detail> {
    let mut pairs = pair(old, new, |o, n| o.text == n.text);
    let exact = pairs.len();
    pairs.extend(pair_rest(old, new, &pairs, |o, n| o.guard == n.guard));
    pairs.extend(pair_rest(old, new, &pairs, |o, n| o.value == n.value));
    let mut out = Vec::new();
    for (j, n) in new.iter().enumerate() {
        match pairs.iter().find(|(_, pj)| *pj == j) {
            Some((i, _)) if old.get(*i).is_some_and(|o| o.text != n.text) => {
                let old_text = old.get(*i).map(|o| o.text.clone());
                out.push(Detail::new(format!("{noun} {}", j + 1), Status::Changed, old_text, Some(n.text.clone())));
            }
            Some(_) => {}
            None => out.push(Detail::new(format!("{noun} {}", j + 1), Status::Added, None, Some(n.text.clone()))),
        }
    }
    for (i, o) in old.iter().enumerate() {
        if !pairs.iter().any(|(pi, _)| *pi == i) {
            out.push(Detail::new(format!("{noun} {}", i + 1), Status::Removed, Some(o.text.clone()), None));
        }
    }
    let kept = in_order(&pairs);
    for (k, (i, j)) in pairs.iter().enumerate() {
        if k < exact && !kept.contains(&(*i, *j)) {
            let text = new.get(*j).map(|n| n.text.as_str()).unwrap_or_default();
            let what = format!("{noun} `{text}`");
            out.push(Detail::new(what, Status::Moved, Some(format!("position {}", i + 1)), Some(format!("position {}", j + 1))));
        }
    }
    out
}

/// Pairs each new element with the first unpaired old element `same` accepts.
fn pair(old: &[Element], new: &[Element], same: impl Fn(&Element, &Element) -> bool) -> Vec<(usize, usize)> {
    pair_rest(old, new, &[], same)
}

/// Like [`pair`], leaving out the elements already in `taken`.
fn pair_rest(old: &[Element], new: &[Element], taken: &[(usize, usize)], same: impl Fn(&Element, &Element) -> bool) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (j, n) in new.iter().enumerate() {
        if taken.iter().any(|(_, tj)| *tj == j) {
            continue;
        }
        let free = |i: &usize| !taken.iter().chain(&out).any(|(ti, _)| ti == i);
        if let Some(i) = (0..old.len()).filter(free).find(|i| old.get(*i).is_some_and(|o| same(o, n))) {
            out.push((i, j));
        }
    }
    out
}

/// The largest set of pairs whose old and new orders agree (a longest increasing subsequence);
/// the other pairs are the elements that moved.
fn in_order(pairs: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut sorted = pairs.to_vec();
    sorted.sort_by_key(|(_, j)| *j);
    // best[k]: length of the longest run ending at k, and the element before it.
    let mut best: Vec<(usize, Option<usize>)> = Vec::with_capacity(sorted.len());
    for (k, (i, _)) in sorted.iter().enumerate() {
        let before = (0..k).filter(|p| sorted.get(*p).is_some_and(|(pi, _)| pi < i)).max_by_key(|p| best.get(*p).map(|b| b.0));
        let length = before.and_then(|p| best.get(p)).map_or(1, |b| b.0 + 1);
        best.push((length, before));
    }
    let mut out = Vec::new();
    let mut at = (0..best.len()).max_by_key(|k| best.get(*k).map(|b| b.0));
    while let Some(k) = at {
        if let Some(p) = sorted.get(k) {
            out.push(*p);
        }
        at = best.get(k).and_then(|b| b.1);
    }
    out
}
