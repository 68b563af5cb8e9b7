//! Decision tables: rows of cells become conditions; enum and Bool columns are checked for
//! gaps (a combination no row covers) and overlaps (two rows that match the same one), by
//! `table_cover` over sets of combinations.
//!
//! A table is a function: its body is `if row1 then v1 else if row2 then v2 … else vN`,
//! which is right because every table is complete (checked here) or ends in a
//! default row of wildcards.

use super::globals::Checker;
use super::scope::Body;
use super::table_cover::{self, Cube, Values};
use crate::ast::{self, BinOp, ExprKind};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;
use crate::tir::*;

/// A checked row: its condition (`None` when every cell is `_`), its value, and each
/// cell's value index for enum/Bool columns (`None` for `_`, `Some(None)` when unknown).
struct Row {
    condition: Option<TExpr>,
    value: TExpr,
    cells: Vec<Option<Option<u32>>>,
    span: Span,
}

impl Checker {
    /// The table as an `if` chain, and where each row of the chain is.
    pub(super) fn check_table(
        &mut self,
        body: &mut Body,
        table: &ast::TableDecl,
        columns: &[(String, Type)],
        result: &Type,
    ) -> (TExpr, Vec<Span>) {
        let rows: Vec<Row> = table.rows.iter().filter_map(|row| self.table_row(body, table, row, columns, result)).collect();
        self.check_table_cover(table, columns, &rows);
        let Some((last, rest)) = rows.split_last() else {
            self.error(
                Diagnostic::error(Code::TableGap, table.name.span, format!("table `{}` has no rows", table.name.name))
                    .with_label("empty table")
                    .with_help("add rows such as `vip, _ => warm`"),
            );
            return (TExpr { kind: TExprKind::Error, ty: Type::Error, span: table.span }, Vec::new());
        };
        let chained = rows.iter().position(|r| r.condition.is_none()).map_or(rows.len(), |i| i + 1);
        let spans = rows.iter().take(chained).map(|r| r.span).collect();
        let body = rest.iter().rev().fold(last.value.clone(), |otherwise, row| match &row.condition {
            Some(c) => TExpr {
                kind: TExprKind::If(Box::new(c.clone()), Box::new(row.value.clone()), Box::new(otherwise)),
                ty: result.clone(),
                span: row.span,
            },
            None => row.value.clone(),
        });
        (body, spans)
    }

    fn table_row(
        &mut self,
        body: &mut Body,
        table: &ast::TableDecl,
        row: &ast::TableRow,
        columns: &[(String, Type)],
        result: &Type,
    ) -> Option<Row> {
        if row.cells.len() != columns.len() {
            let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            let message = format!(
                "this row has {} but `{}` has {}",
                plural(row.cells.len(), "cell"),
                table.name.name,
                plural(columns.len(), "column")
            );
            let names = columns.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ");
            self.error(
                Diagnostic::error(Code::ArgumentCount, row.span, message)
                    .with_label("wrong number of cells")
                    .with_help(format!("write one cell per column ({names}), `_` for any value")),
            );
            return None;
        }
        let mut condition: Option<TExpr> = None;
        let mut cells = Vec::new();
        for (cell, (name, ty)) in row.cells.iter().zip(columns) {
            let Some(cell) = cell else {
                cells.push(None);
                continue;
            };
            let op = if matches!(cell.kind, ExprKind::Binary(BinOp::Range, _, _)) { BinOp::In } else { BinOp::Eq };
            let column = ast::Expr::new(ExprKind::Name(name.clone()), cell.span);
            let test = ast::Expr::new(ExprKind::Binary(op, Box::new(column), Box::new(cell.clone())), cell.span);
            let checked = self.check_bool(body, &test);
            cells.push(Some(cell_index(&checked, ty)));
            condition = Some(match condition {
                Some(c) => TExpr { kind: TExprKind::Binary(BinOp::And, Box::new(c), Box::new(checked)), ty: Type::Bool, span: row.span },
                None => checked,
            });
        }
        let value = self.check_expr(body, &row.value, Some(result));
        let value = self.coerce(value, result);
        Some(Row { condition, value, cells, span: row.span })
    }

    /// Reports gaps and overlaps when every column is an enum or Bool; otherwise requires a default row.
    fn check_table_cover(&mut self, table: &ast::TableDecl, columns: &[(String, Type)], rows: &[Row]) {
        let default_last = rows.last().is_some_and(|r| r.condition.is_none());
        let Some(domains) = self.finite_domains(table, columns, rows, default_last) else {
            return;
        };
        let cubes: Vec<Cube> = rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .zip(&domains)
                    .map(|(cell, d)| match cell {
                        Some(Some(i)) => Values::one(d.len(), *i),
                        _ => Values::all(d.len()),
                    })
                    .collect()
            })
            .collect();
        let checked = cubes.get(..cubes.len() - usize::from(default_last)).unwrap_or_default();
        let show = |cube: &Cube| {
            let combo = table_cover::example(cube);
            combo.iter().zip(&domains).map(|(i, d)| d.get(*i as usize).cloned().unwrap_or_default()).collect::<Vec<_>>().join(", ")
        };
        let mut work = table_cover::Work::new();
        if !default_last {
            let Ok(gaps) = table_cover::gaps(domains.iter().map(|d| Values::all(d.len())).collect(), checked, &mut work) else {
                return self.table_too_large(table, rows.len(), columns.len(), "gaps");
            };
            if let Some(first) = gaps.first() {
                let missing = table_cover::count(&gaps);
                let more = if missing > 1 { format!(" (and {} more)", missing - 1) } else { String::new() };
                self.error(
                    Diagnostic::error(
                        Code::TableGap,
                        table.name.span,
                        format!("table `{}` has no row for ({}){more}", table.name.name, show(first)),
                    )
                    .with_label("gap")
                    .with_help("add a row for it, or end the table with a default row of `_` cells"),
                );
            }
        }
        let Ok(overlaps) = table_cover::overlaps(checked, &mut work) else {
            return self.table_too_large(table, rows.len(), columns.len(), "overlaps");
        };
        for (a, b, shared) in overlaps {
            let (Some(ra), Some(rb), Some(first)) = (rows.get(a), rows.get(b), shared.first()) else {
                continue;
            };
            self.error(
                Diagnostic::error(
                    Code::TableOverlap,
                    rb.span,
                    format!("rows {} and {} of `{}` both match ({})", a + 1, b + 1, table.name.name, show(first)),
                )
                .with_label("overlaps an earlier row")
                .with_note(ra.span, "this row matches too")
                .with_help("make the rows exclusive, so each case has exactly one row"),
            );
        }
    }

    fn table_too_large(&mut self, table: &ast::TableDecl, rows: usize, columns: usize, what: &str) {
        let message =
            format!("table `{}` ({rows} rows over {columns} columns) is too large or irregular to prove free of {what}", table.name.name);
        self.error(
            Diagnostic::error(Code::TableTooLarge, table.name.span, message)
                .with_label("not proved")
                .with_help("split it into smaller tables, or make the rows regular (fewer `_` mixed with values)"),
        );
    }

    /// Each column's values when all are enums or Bools and every cell is one of them; otherwise
    /// `None`, after requiring a default row and saying which column or cell is the reason.
    fn finite_domains(
        &mut self,
        table: &ast::TableDecl,
        columns: &[(String, Type)],
        rows: &[Row],
        default_last: bool,
    ) -> Option<Vec<Vec<String>>> {
        let open_column = columns.iter().find(|(_, ty)| self.domain(ty).is_none());
        let open_cell = rows.iter().enumerate().find_map(|(n, r)| {
            let column = r.cells.iter().position(|c| matches!(c, Some(None)))?;
            Some((n, columns.get(column)?.0.as_str()))
        });
        let reason = match (open_column, open_cell) {
            (Some((name, ty)), _) => format!("column `{name}` has type {}, whose values cannot all be listed in rows", self.show(ty)),
            (None, Some((n, name))) => {
                format!("row {}'s cell for `{name}` is not a single value, so which cases it covers is not known", n + 1)
            }
            (None, None) => return columns.iter().map(|(_, ty)| self.domain(ty)).collect(),
        };
        if !default_last {
            let wildcards = vec!["_"; columns.len()].join(", ");
            self.error(
                Diagnostic::error(Code::TableGap, table.name.span, format!("table `{}` may not cover every case", table.name.name))
                    .with_label("no default row")
                    .with_help(format!("{reason}; end the table with a default row: `{wildcards} => value`")),
            );
        }
        None
    }

    /// The values of an enum or Bool column, by index.
    fn domain(&self, ty: &Type) -> Option<Vec<String>> {
        match ty {
            Type::Bool => Some(vec!["false".into(), "true".into()]),
            Type::Enum(e) => self.out.enums.get(*e as usize).map(|d| d.variants.clone()),
            _ => None,
        }
    }
}

/// The value index a cell's check compares with, for enum and Bool columns.
fn cell_index(check: &TExpr, ty: &Type) -> Option<u32> {
    let TExprKind::Binary(BinOp::Eq, _, value) = &check.kind else { return None };
    match (ty, &value.kind) {
        (Type::Enum(_), TExprKind::Const(Const::Enum(i))) => Some(*i),
        (Type::Bool, TExprKind::Const(Const::Bool(b))) => Some(u32::from(*b)),
        _ => None,
    }
}
