//! Top-level items: `package`, `import`, records, enums, params, functions, tables and tests.

use super::{Blank, Doc, Part, Printer, INDENT};
use crate::ast::{Binding, EnumDecl, Expr, FieldDecl, Item, Module, Path, RecordDecl, TableDecl, TableRow, TestDecl};

/// A top-level part of a file, in source order.
enum Top<'m> {
    Package(&'m Path),
    Import(&'m Path),
    Item(&'m Item),
}

impl Printer<'_> {
    /// The whole file: its items in source order, one blank line between them.
    pub(super) fn module(&mut self, module: &Module, end: usize) -> Doc {
        let mut parts: Vec<Part<Top>> = Vec::new();
        if let Some(path) = &module.package {
            parts.push(Part::new(self.src.back(path.span.start as usize, 1), path.span.end as usize, Top::Package(path)));
        }
        for path in &module.imports {
            let mut part = Part::new(self.src.back(path.span.start as usize, 1), path.span.end as usize, Top::Import(path));
            part.is_import = true;
            parts.push(part);
        }
        for item in &module.items {
            let span = item.span();
            parts.push(Part::new(self.src.code_start(span.start as usize), span.end as usize, Top::Item(item)));
        }
        parts.sort_by_key(|p| p.start);
        let body = self.body(parts, end, Blank::Items, |p, top| match top {
            Top::Package(path) => Doc::text(format!("package {}", path.dotted())),
            Top::Import(path) => Doc::text(format!("import {}", path.dotted())),
            Top::Item(item) => p.item(item),
        });
        body.unwrap_or_else(Doc::nil).append(Doc::hardline())
    }

    fn item(&mut self, item: &Item) -> Doc {
        match item {
            Item::Record(r) => self.record(r),
            Item::Enum(e) => self.enum_decl(e),
            Item::Param(p) => {
                let head = Doc::text(format!("param {}: ", p.name.name)).append(self.type_expr(&p.ty));
                self.assigned(head, &p.default)
            }
            Item::Fn(f) => {
                let keyword = if f.is_extern { "extern fn " } else { "fn " };
                let params = self.params(&f.params, f.name.span.end as usize);
                let head = Doc::text(format!("{keyword}{}", f.name.name))
                    .append(params)
                    .append(Doc::text(" -> "))
                    .append(self.type_expr(&f.result));
                match &f.body {
                    Some(body) => self.assigned(head, body),
                    None => head,
                }
            }
            Item::Table(t) => self.table(t),
            Item::Decision(d) => self.decision(d),
            Item::Test(t) => self.test(t),
        }
    }

    /// `head = value`, the value after the `=` on the same line (its own groups break).
    pub(super) fn assigned(&mut self, head: Doc, value: &Expr) -> Doc {
        head.append(Doc::text(" = ")).append(self.expr(value))
    }

    /// `(name: Type, …)`, parameters of a function, table or decision, starting after `after`.
    pub(super) fn params(&mut self, params: &[Binding], after: usize) -> Doc {
        let close = self.close_paren(after, params.last().map(|b| b.ty.span.end as usize));
        let items = params.iter().map(|b| (b.name.span.start as usize, b)).collect();
        self.list("(", items, close, ")", |p, b| Doc::text(format!("{}: ", b.name.name)).append(p.type_expr(&b.ty)))
    }

    /// The `)` of a parenthesized list opening after `after` whose last item ends at `last_end`.
    fn close_paren(&self, after: usize, last_end: Option<usize>) -> usize {
        let next = match last_end {
            Some(end) => self.src.code_start(end),
            None => return self.src.code_start(self.src.code_start(after) + 1),
        };
        if self.src.text(next, next + 1) == "," {
            self.src.code_start(next + 1)
        } else {
            next
        }
    }

    fn record(&mut self, r: &RecordDecl) -> Doc {
        let parts = r.fields.iter().map(|f| Part::new(self.src.code_start(f.span.start as usize), f.span.end as usize, f)).collect();
        let body = self.body(parts, close(r.span.end), Blank::Kept, |p, f| p.field(f));
        Self::block(Doc::text(format!("record {}", r.name.name)), body)
    }

    fn field(&mut self, f: &FieldDecl) -> Doc {
        let mut doc = Doc::text(format!("{}: ", f.name.name)).append(self.type_expr(&f.ty));
        for a in &f.annotations {
            let arg = a.arg.as_ref().map(|arg| format!("({})", arg.name)).unwrap_or_default();
            doc = doc.append(Doc::text(format!(" @{}{arg}", a.name.name)));
        }
        doc
    }

    /// `enum Name { a, b, c }` when that fits on one line and no comment is inside, else one
    /// variant per line.
    fn enum_decl(&mut self, e: &EnumDecl) -> Doc {
        let header = Doc::text(format!("enum {}", e.name.name));
        let close = close(e.span.end);
        if !self.src.any_within(self.src.code_start(e.span.start as usize), close) && !e.variants.is_empty() {
            let names = e.variants.iter().map(|(_, v)| Doc::text(v.name.clone()));
            let sep = Doc::hardline().flat_alt(Doc::text(", "));
            let inner = Doc::line().append(Doc::intersperse(names, sep)).nest(INDENT);
            return header.append(Doc::text(" {")).append(inner).append(Doc::line()).append(Doc::text("}")).group();
        }
        let parts = e.variants.iter().map(|(_, v)| Part::new(v.span.start as usize, v.span.end as usize, v)).collect();
        let body = self.body(parts, close, Blank::Kept, |_, v| Doc::text(v.name.clone()));
        Self::block(header, body)
    }

    fn table(&mut self, t: &TableDecl) -> Doc {
        let params = self.params(&t.params, t.name.span.end as usize);
        let header = Doc::text(format!("table {}", t.name.name)).append(params).append(Doc::text(" -> ")).append(self.type_expr(&t.result));
        let parts = t.rows.iter().map(|r| Part::new(r.span.start as usize, r.span.end as usize, r)).collect();
        let body = self.body(parts, close(t.span.end), Blank::Kept, |p, row| p.row(row));
        Self::block(header, body)
    }

    fn row(&mut self, row: &TableRow) -> Doc {
        let cells: Vec<Doc> = row.cells.iter().map(|c| c.as_ref().map_or_else(|| Doc::text("_"), |e| self.expr(e))).collect();
        Doc::intersperse(cells, Doc::text(", ")).append(Doc::text(" => ")).append(self.expr(&row.value))
    }

    fn test(&mut self, t: &TestDecl) -> Doc {
        let title = self.src.text(t.name_span.start as usize, t.name_span.end as usize).to_owned();
        let header = Doc::text(format!("test {title}"));
        let given_start = self.src.back(t.decision.span.start as usize, 1);
        let given_close = self.close_paren(t.decision.span.end as usize, t.given.last().map(|(_, e)| e.span.end as usize));
        let given_end = t.pins.last().map_or(given_close + 1, |(_, arm)| arm.span.end as usize);
        let mut parts = vec![Part::new(given_start, given_end, None)];
        parts.extend(t.expects.iter().map(|e| Part::new(self.src.back(e.span.start as usize, 1), e.span.end as usize, Some(e))));
        let body = self.body(parts, close(t.span.end), Blank::Kept, |p, part| match part {
            Some(e) => Doc::text("expect ").append(p.expr(e)),
            None => p.given(t, given_close),
        });
        Self::block(header, body)
    }

    /// `given decision(name: value, …) with experiment x = arm, …`.
    fn given(&mut self, t: &TestDecl, close: usize) -> Doc {
        let items = t.given.iter().map(|(name, value)| (name.span.start as usize, (name, value))).collect();
        let args = self.list("(", items, close, ")", |p, (name, value)| Doc::text(format!("{}: ", name.name)).append(p.expr(value)));
        let mut doc = Doc::text(format!("given {}", t.decision.name)).append(args);
        if !t.pins.is_empty() {
            let pins: Vec<String> = t.pins.iter().map(|(x, arm)| format!("experiment {} = {}", x.name, arm.name)).collect();
            doc = doc.append(Doc::text(format!(" with {}", pins.join(", "))));
        }
        doc
    }
}

/// Where the closing `}` of a construct ending at `end` is.
pub(super) fn close(end: u32) -> usize {
    (end as usize).saturating_sub(1)
}
