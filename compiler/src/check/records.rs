//! Records held inside records: no cycles, and a bounded depth.
//!
//! A record field of record type (optional or not) is stored inline in its
//! parent's slots, so a record that contains itself, directly or through other
//! records, has no finite layout; and records nested deeper than JSON input can
//! reach are useless and would make every pass over types recurse without
//! bound. Lists, sets and maps of records are stored apart and break neither.
//! Both walks here are iterative, so any number of records is safe to check.

use super::globals::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::tir::{RecordDef, RecordId, Type};

/// Deepest nesting of records inside records (one level per record).
pub const MAX_RECORD_NESTING: usize = 64;

/// A record field that holds another record inline: (field index, the record it holds).
fn inline_records(record: &RecordDef) -> impl Iterator<Item = (usize, RecordId)> + '_ {
    record.fields.iter().enumerate().filter_map(|(i, f)| match f.ty.strip_optional() {
        Type::Record(inner) => Some((i, *inner)),
        _ => None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    Open,
    Done,
}

impl Checker {
    /// Reports record cycles and records nested more than [`MAX_RECORD_NESTING`] levels deep.
    ///
    /// Returns false when it reported any: walks over types (test inputs' defaults, layouts)
    /// must not run on such records.
    pub(super) fn check_record_nesting(&mut self) -> bool {
        let depths = match self.record_depths() {
            Ok(depths) => depths,
            Err(cycle) => {
                self.report_cycle(&cycle);
                return false;
            }
        };
        let records = &self.out.records;
        let too_deep: Vec<bool> = depths.iter().map(|d| *d > MAX_RECORD_NESTING).collect();
        let mut held_by_too_deep = vec![false; records.len()];
        for (record, _) in records.iter().zip(&too_deep).filter(|(_, deep)| **deep) {
            for (_, inner) in inline_records(record) {
                if let Some(held) = held_by_too_deep.get_mut(inner as usize) {
                    *held = true;
                }
            }
        }
        let outermost: Vec<(RecordId, usize)> = (0..records.len())
            .filter(|id| too_deep.get(*id) == Some(&true) && held_by_too_deep.get(*id) == Some(&false))
            .filter_map(|id| depths.get(id).map(|d| (id as RecordId, *d)))
            .collect();
        for (id, depth) in &outermost {
            self.report_too_deep(*id, *depth);
        }
        outermost.is_empty()
    }

    /// Each record's nesting depth, or the records of a cycle (each with the field that leads on).
    fn record_depths(&self) -> Result<Vec<usize>, Vec<(RecordId, usize)>> {
        let records = &self.out.records;
        let mut visit = vec![Visit::New; records.len()];
        let mut depth = vec![1usize; records.len()];
        for root in 0..records.len() {
            if visit.get(root) != Some(&Visit::New) {
                continue;
            }
            // The DFS path: each record with the index of the next inline field to follow.
            let mut path: Vec<(RecordId, usize)> = vec![(root as RecordId, 0)];
            if let Some(v) = visit.get_mut(root) {
                *v = Visit::Open;
            }
            while let Some((id, next)) = path.last().copied() {
                let children: Vec<(usize, RecordId)> = records.get(id as usize).map(|r| inline_records(r).collect()).unwrap_or_default();
                match children.get(next) {
                    Some((field, child)) => {
                        if let Some(top) = path.last_mut() {
                            top.1 = next + 1;
                        }
                        match visit.get(*child as usize) {
                            Some(Visit::New) => {
                                if let Some(v) = visit.get_mut(*child as usize) {
                                    *v = Visit::Open;
                                }
                                path.push((*child, 0));
                            }
                            Some(Visit::Open) => return Err(cycle_from(&path, *child, *field, records)),
                            _ => {}
                        }
                    }
                    None => {
                        let deepest_child = children.iter().filter_map(|(_, c)| depth.get(*c as usize)).max().copied().unwrap_or(0);
                        if let Some(d) = depth.get_mut(id as usize) {
                            *d = deepest_child + 1;
                        }
                        if let Some(v) = visit.get_mut(id as usize) {
                            *v = Visit::Done;
                        }
                        path.pop();
                    }
                }
            }
        }
        Ok(depth)
    }

    fn report_cycle(&mut self, cycle: &[(RecordId, usize)]) {
        let records = &self.out.records;
        let step = |(id, field): &(RecordId, usize)| {
            let record = records.get(*id as usize)?;
            Some((format!("`{}.{}`", record.name, record.fields.get(*field)?.name), record.fields.get(*field)?.span))
        };
        let steps: Vec<(String, crate::span::Span)> = cycle.iter().filter_map(step).collect();
        let Some(((first_step, first_span), (first_id, _))) = steps.first().zip(cycle.first()) else {
            return;
        };
        let name = records.get(*first_id as usize).map(|r| r.name.clone()).unwrap_or_default();
        let message = if steps.len() == 1 {
            format!("`{name}` contains itself through {first_step}")
        } else {
            let path: Vec<&str> = steps.iter().map(|(s, _)| s.as_str()).collect();
            format!("`{name}` contains itself through {}", path.join(" → "))
        };
        let mut diagnostic = Diagnostic::error(Code::Recursion, *first_span, message)
            .with_label("holds a record that leads back here")
            .with_help("a record may hold a list of itself (`List<R>`), but not itself, even as an optional");
        for (text, span) in steps.iter().skip(1) {
            diagnostic = diagnostic.with_note(*span, format!("then {text}"));
        }
        self.error(diagnostic);
    }

    fn report_too_deep(&mut self, id: RecordId, depth: usize) {
        let Some(record) = self.out.records.get(id as usize) else { return };
        let message = format!("`{}` nests records {depth} levels deep; the limit is {MAX_RECORD_NESTING}", record.name);
        let diagnostic = Diagnostic::error(Code::TooDeep, record.span, message)
            .with_label("the outermost record")
            .with_help("flatten the structure: hold repeated parts in a `List`, or move inner fields up a level");
        self.error(diagnostic);
    }
}

/// The cycle closed by following `field` of the last record on `path` back to `child`.
fn cycle_from(path: &[(RecordId, usize)], child: RecordId, field: usize, records: &[RecordDef]) -> Vec<(RecordId, usize)> {
    let start = path.iter().position(|(id, _)| *id == child).unwrap_or(0);
    let mut cycle: Vec<(RecordId, usize)> = path
        .get(start..)
        .unwrap_or_default()
        .windows(2)
        .filter_map(|w| match w {
            [(id, _), (next, _)] => {
                let record = records.get(*id as usize)?;
                inline_records(record).find(|(_, r)| r == next).map(|(f, _)| (*id, f))
            }
            _ => None,
        })
        .collect();
    if let Some((last, _)) = path.last() {
        cycle.push((*last, field));
    }
    cycle
}
