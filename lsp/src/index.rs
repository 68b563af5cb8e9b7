//! Every declaration of a snapshot (and of the standard library) with its kind, signature and
//! docs, and the lookups the features share: what the name at a position refers to, and its uses.

use std::collections::HashMap;
use tenor_compiler::ast::{self, Item, Stmt};
use tenor_compiler::check::display_type;
use tenor_compiler::span::{FileId, Span};
use tenor_compiler::tir::{Checked, Type};
use tenor_compiler::Analysis;

/// What kind of thing a declaration declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `record`
    Record,
    /// A record field.
    Field,
    /// `enum`
    Enum,
    /// An enum variant.
    Variant,
    /// `param`
    Param,
    /// `fn`
    Function,
    /// `table`
    Table,
    /// `decision`
    Decision,
    /// A decision input or function parameter.
    Input,
    /// A decision output.
    Output,
    /// An offer of a decision.
    Offer,
    /// An experiment of a decision.
    Experiment,
    /// A `let` or comprehension binder.
    Local,
    /// `test`
    Test,
    /// A standard-library function.
    Stdlib,
}

impl Kind {
    /// Whether the kind is a package-level name (names of these clash across the package).
    pub fn is_global(self) -> bool {
        matches!(self, Kind::Record | Kind::Enum | Kind::Param | Kind::Function | Kind::Table | Kind::Decision)
    }
}

/// One declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct Decl {
    /// Its name.
    pub name: String,
    /// What it is.
    pub kind: Kind,
    /// Where its name is written.
    pub span: Span,
    /// The whole declaration.
    pub full: Span,
    /// Its signature or type, as Tenor text (`spend: Money<USD>`).
    pub detail: String,
    /// Its `##` docs.
    pub docs: String,
    /// The name span of what holds it (the record of a field, the decision of an output), if any.
    pub parent: Option<Span>,
}

/// The declarations and references of a snapshot.
#[derive(Debug, Default)]
pub struct Index {
    /// Every declaration.
    pub decls: Vec<Decl>,
    by_span: HashMap<Span, usize>,
    /// Uses of names: use span → declaration span.
    uses: Vec<(Span, Span)>,
}

impl Index {
    /// Indexes the declarations of `analysis` and of the standard library.
    pub fn build(analysis: &Analysis) -> Index {
        let mut index = Index::default();
        for (_, parsed) in &analysis.parsed {
            for item in &parsed.module.items {
                index.item(item, &analysis.checked);
            }
        }
        for local in &analysis.checked.locals {
            if !index.by_span.contains_key(&local.span) && local.span.file == local.scope.file {
                let detail = format!("{}: {}", local.name, display_type(&analysis.checked, &local.ty));
                index.push(Decl::new(&local.name, Kind::Local, local.span, local.span, detail, String::new(), None));
            }
        }
        for f in tenor_compiler::native::stdlib() {
            let detail = format!("{}.{}", f.module, f.signature);
            index.push(Decl::new(&f.name, Kind::Stdlib, f.span, f.span, detail, f.docs, None));
        }
        index.uses = analysis.checked.references.iter().map(|r| (r.span, r.target)).collect();
        index.uses.sort();
        index
    }

    fn push(&mut self, decl: Decl) {
        if decl.name.is_empty() {
            return;
        }
        self.by_span.entry(decl.span).or_insert(self.decls.len());
        self.decls.push(decl);
    }

    /// The declaration whose name is at `span`.
    pub fn decl(&self, span: Span) -> Option<&Decl> {
        self.by_span.get(&span).and_then(|i| self.decls.get(*i))
    }

    /// The declaration the name at `offset` of `file` declares or refers to, with the name's span.
    pub fn at(&self, file: FileId, offset: usize) -> Option<(Span, &Decl)> {
        let offset = u32::try_from(offset).ok()?;
        let inside = |s: &Span| s.file == file && s.start <= offset && offset <= s.end;
        let used = self.uses.iter().filter(|(span, _)| inside(span)).min_by_key(|(span, _)| span.end - span.start);
        if let Some((span, target)) = used {
            return self.decl(*target).map(|d| (*span, d));
        }
        let declared = self.decls.iter().filter(|d| inside(&d.span)).min_by_key(|d| d.span.end - d.span.start)?;
        Some((declared.span, declared))
    }

    /// Every span that names `decl`: its declaration first, then its uses in source order.
    pub fn occurrences(&self, decl: &Decl) -> Vec<Span> {
        let uses = self.uses.iter().filter(|(_, target)| *target == decl.span).map(|(span, _)| *span);
        let mut spans: Vec<Span> = std::iter::once(decl.span).chain(uses).collect();
        spans.dedup();
        spans
    }

    /// The declaration a use at exactly `span` refers to.
    pub fn use_at(&self, span: Span) -> Option<&Decl> {
        let i = self.uses.partition_point(|(s, _)| *s < span);
        self.uses.get(i).filter(|(s, _)| *s == span).and_then(|(_, target)| self.decl(*target))
    }

    fn item(&mut self, item: &Item, checked: &Checked) {
        match item {
            Item::Record(r) => {
                self.push(Decl::new(
                    &r.name.name,
                    Kind::Record,
                    r.name.span,
                    r.span,
                    format!("record {}", r.name.name),
                    r.docs.text(),
                    None,
                ));
                for f in &r.fields {
                    let detail = format!("{}: {}", f.name.name, type_text(&f.ty));
                    self.push(Decl::new(&f.name.name, Kind::Field, f.name.span, f.span, detail, f.docs.text(), Some(r.name.span)));
                }
            }
            Item::Enum(e) => {
                self.push(Decl::new(&e.name.name, Kind::Enum, e.name.span, e.span, format!("enum {}", e.name.name), e.docs.text(), None));
                for (docs, v) in &e.variants {
                    let detail = format!("{}.{}", e.name.name, v.name);
                    self.push(Decl::new(&v.name, Kind::Variant, v.span, v.span, detail, docs.text(), Some(e.name.span)));
                }
            }
            Item::Param(p) => {
                let detail = format!("param {}: {}", p.name.name, type_text(&p.ty));
                self.push(Decl::new(&p.name.name, Kind::Param, p.name.span, p.span, detail, p.docs.text(), None));
            }
            Item::Fn(f) => {
                let keyword = if f.is_extern { "extern fn" } else { "fn" };
                let detail = format!("{keyword} {}({}) -> {}", f.name.name, bindings(&f.params), type_text(&f.result));
                self.push(Decl::new(&f.name.name, Kind::Function, f.name.span, f.span, detail, f.docs.text(), None));
                self.inputs(&f.params, f.name.span);
            }
            Item::Table(t) => {
                let detail = format!("table {}({}) -> {}", t.name.name, bindings(&t.params), type_text(&t.result));
                self.push(Decl::new(&t.name.name, Kind::Table, t.name.span, t.span, detail, t.docs.text(), None));
                self.inputs(&t.params, t.name.span);
            }
            Item::Decision(d) => self.decision(d, checked),
            Item::Test(t) => {
                let title = format!("test \"{}\"", t.name);
                self.push(Decl::new(&t.name, Kind::Test, t.name_span, t.span, title, t.docs.text(), None));
            }
        }
    }

    fn inputs(&mut self, params: &[ast::Binding], parent: Span) {
        for b in params {
            let detail = format!("{}: {}", b.name.name, type_text(&b.ty));
            self.push(Decl::new(&b.name.name, Kind::Input, b.name.span, b.name.span, detail, String::new(), Some(parent)));
        }
    }

    fn decision(&mut self, d: &ast::DecisionDecl, checked: &Checked) {
        let detail = format!("decision {}({})", d.name.name, bindings(&d.inputs));
        self.push(Decl::new(&d.name.name, Kind::Decision, d.name.span, d.span, detail, d.docs.text(), None));
        self.inputs(&d.inputs, d.name.span);
        let def = checked.decisions.iter().find(|def| def.span == d.name.span);
        let parent = Some(d.name.span);
        for stmt in &d.stmts {
            match stmt {
                Stmt::Output(o) => {
                    let ty = def.and_then(|def| def.outputs.iter().find(|out| out.span == o.name.span)).map(|out| &out.ty);
                    let ty = ty.filter(|t| !t.is_error()).map(|t| display_type(checked, t));
                    let ty = ty.or_else(|| o.ty.as_ref().map(type_text)).unwrap_or_else(|| "?".to_owned());
                    let detail = format!("{}: {ty}", o.name.name);
                    self.push(Decl::new(&o.name.name, Kind::Output, o.name.span, o.span, detail, o.docs.text(), parent));
                }
                Stmt::Let { docs, name, .. } => self.local(checked, name, docs, parent),
                Stmt::LetRules(rules) => self.local(checked, &rules.name, &rules.docs, parent),
                // A consent source declares nothing new: its consent is named where fields need it.
                Stmt::Consent(_) => {}
                Stmt::Offers(block) => {
                    for o in &block.offers {
                        let detail = format!("offer {} of `{}`", o.name.name, d.name.name);
                        self.push(Decl::new(&o.name.name, Kind::Offer, o.name.span, o.span, detail, o.docs.text(), parent));
                    }
                }
                Stmt::Experiment(e) => {
                    let arms: Vec<&str> = e.arms.iter().map(|(n, _)| n.name.as_str()).collect();
                    let detail = format!("experiment {} ({})", e.name.name, arms.join(", "));
                    self.push(Decl::new(&e.name.name, Kind::Experiment, e.name.span, e.span, detail, e.docs.text(), parent));
                }
            }
        }
    }
}

impl Index {
    /// A `let` (plain or a rule list): a local of its decision.
    fn local(&mut self, checked: &Checked, name: &ast::Ident, docs: &ast::Docs, parent: Option<Span>) {
        let ty = checked.locals.iter().find(|l| l.span == name.span).map(|l| local_type(checked, &l.ty));
        let detail = format!("let {}: {}", name.name, ty.unwrap_or_else(|| "?".to_owned()));
        self.push(Decl::new(&name.name, Kind::Local, name.span, name.span, detail, docs.text(), parent));
    }
}

impl Decl {
    fn new(name: &str, kind: Kind, span: Span, full: Span, detail: String, docs: String, parent: Option<Span>) -> Decl {
        Decl { name: name.to_owned(), kind, span, full, detail, docs, parent }
    }
}

fn local_type(checked: &Checked, ty: &Type) -> String {
    if ty.is_error() {
        "?".to_owned()
    } else {
        display_type(checked, ty)
    }
}

/// A type as written.
pub fn type_text(ty: &ast::TypeExpr) -> String {
    let args: Vec<String> = ty.args.iter().map(type_text).collect();
    let args = if args.is_empty() { String::new() } else { format!("<{}>", args.join(", ")) };
    format!("{}{args}{}", ty.name.name, if ty.optional { "?" } else { "" })
}

fn bindings(params: &[ast::Binding]) -> String {
    params.iter().map(|b| format!("{}: {}", b.name.name, type_text(&b.ty))).collect::<Vec<_>>().join(", ")
}
