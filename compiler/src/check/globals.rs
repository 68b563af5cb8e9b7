//! The checker's state and the first passes: declared names, field and signature types.

use super::scope::Body;
use crate::ast::{self, Item, Module};
use crate::diagnostic::{suggestion, Code, Diagnostic};
use crate::native::{Native, STDLIB};
use crate::span::{FileId, Span};
use crate::syntax;
use crate::tir::*;
use std::collections::HashMap;

/// A declared top-level name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Global {
    Record(RecordId),
    Enum(EnumId),
    Param(ParamId),
    Fn(FnId),
    Decision(u32),
}

/// A native function's signature, from `stdlib/`.
#[derive(Clone, Debug)]
pub(super) struct NativeSig {
    pub native: Native,
    pub params: Vec<Type>,
    pub result: Type,
    pub generic: Vec<bool>,
    pub result_generic: bool,
    /// Where the function is declared, in its module's virtual file.
    pub span: Span,
}

/// A Tenor function's declaration (a `fn` or a `table`), kept for checking its body.
pub(super) struct FnSource {
    pub file: FileId,
    pub decl: FnSourceDecl,
}

/// What declares a function.
#[derive(Clone)]
pub(super) enum FnSourceDecl {
    Fn(ast::FnDecl),
    Table(ast::TableDecl),
}

impl FnSourceDecl {
    fn params(&self) -> &[ast::Binding] {
        match self {
            FnSourceDecl::Fn(f) => &f.params,
            FnSourceDecl::Table(t) => &t.params,
        }
    }

    fn span(&self) -> Span {
        match self {
            FnSourceDecl::Fn(f) => f.span,
            FnSourceDecl::Table(t) => t.span,
        }
    }

    fn result(&self) -> &ast::TypeExpr {
        match self {
            FnSourceDecl::Fn(f) => &f.result,
            FnSourceDecl::Table(t) => &t.result,
        }
    }
}

pub(super) struct Checker {
    pub out: Checked,
    pub diagnostics: Vec<Diagnostic>,
    packages: HashMap<String, HashMap<String, (Global, Span)>>,
    file_package: HashMap<FileId, String>,
    /// Each file's resolved imports (package name and the import's span), in order.
    file_imports: HashMap<FileId, Vec<(String, Span)>>,
    pub natives: HashMap<(String, String), NativeSig>,
    pub fn_sources: Vec<FnSource>,
    pub fn_calls: Vec<Vec<(FnId, Span)>>,
}

impl Checker {
    pub fn new(modules: &[(FileId, &Module)]) -> Checker {
        let mut checker = Checker {
            out: Checked::default(),
            diagnostics: Vec::new(),
            packages: HashMap::new(),
            file_package: HashMap::new(),
            file_imports: HashMap::new(),
            natives: HashMap::new(),
            fn_sources: Vec::new(),
            fn_calls: Vec::new(),
        };
        for (file, module) in modules {
            let package = module.package.as_ref().map(|p| p.dotted()).unwrap_or_default();
            checker.packages.entry(package.clone()).or_default();
            checker.file_package.insert(*file, package);
        }
        for (file, module) in modules {
            let mut imports = Vec::new();
            for import in &module.imports {
                let name = import.dotted();
                if checker.packages.contains_key(&name) {
                    imports.push((name, import.span));
                } else {
                    let known: Vec<&str> = checker.packages.keys().map(String::as_str).collect();
                    checker.diagnostics.push(
                        Diagnostic::error(
                            Code::UnknownPackage,
                            import.span,
                            format!("no package `{name}` is loaded{}", suggestion(&name, known)),
                        )
                        .with_label("imported here")
                        .with_help("check the name, and pass the package's folder to the command too"),
                    );
                }
            }
            checker.file_imports.insert(*file, imports);
        }
        checker.load_stdlib();
        checker
    }

    fn load_stdlib(&mut self) {
        for (index, (module, text)) in STDLIB.iter().enumerate() {
            let parsed = syntax::parse(crate::native::stdlib_file(index), text);
            for item in &parsed.module.items {
                let Item::Fn(f) = item else { continue };
                let Some(native) = Native::from_name(module, &f.name.name) else {
                    continue;
                };
                let generic: Vec<bool> = f.params.iter().map(|p| p.ty.name.name == "Number").collect();
                let params = f.params.iter().map(|p| self.stdlib_type(&p.ty)).collect();
                let sig = NativeSig {
                    native,
                    params,
                    result: self.stdlib_type(&f.result),
                    generic,
                    result_generic: f.result.name.name == "Number",
                    span: f.name.span,
                };
                self.natives.insert(((*module).to_owned(), f.name.name.clone()), sig);
            }
        }
    }

    fn stdlib_type(&mut self, ty: &ast::TypeExpr) -> Type {
        if ty.name.name == "Number" {
            return Type::Float;
        }
        self.resolve_type(FileId(u32::MAX), ty)
    }

    pub fn finish(self) -> (Checked, Vec<Diagnostic>) {
        (self.out, self.diagnostics)
    }

    pub fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub fn package_of(&self, file: FileId) -> String {
        self.file_package.get(&file).cloned().unwrap_or_default()
    }

    /// Every name visible from `file`: its package's, then its imports'.
    pub fn visible(&self, file: FileId) -> impl Iterator<Item = (&String, &(Global, Span))> + '_ {
        self.visible_packages(file).filter_map(|p| self.packages.get(p)).flat_map(|scope| scope.iter())
    }

    /// The packages `file` sees: its own, then its imports.
    fn visible_packages(&self, file: FileId) -> impl Iterator<Item = &String> + '_ {
        let own = self.file_package.get(&file).into_iter();
        own.chain(self.file_imports.get(&file).into_iter().flatten().map(|(p, _)| p))
    }

    pub fn lookup(&self, file: FileId, name: &str) -> Option<(Global, Span)> {
        self.visible_packages(file).filter_map(|p| self.packages.get(p)).find_map(|scope| scope.get(name).copied())
    }

    /// Reports every name an import brings into view that the file already sees (from its own
    /// package or an earlier import): names are unique across what a file can see.
    pub fn check_import_clashes(&mut self, modules: &[(FileId, &Module)]) {
        for (file, _) in modules {
            let own = self.package_of(*file);
            let mut seen: HashMap<String, (String, Span)> = HashMap::new();
            let mut packages_seen = vec![own.clone()];
            for (name, (_, span)) in self.packages.get(&own).into_iter().flatten() {
                seen.insert(name.clone(), (own.clone(), *span));
            }
            for (package, import) in self.file_imports.get(file).cloned().unwrap_or_default() {
                if packages_seen.contains(&package) {
                    continue;
                }
                let mut names: Vec<(&String, Span)> =
                    self.packages.get(&package).into_iter().flatten().map(|(name, (_, span))| (name, *span)).collect();
                names.sort();
                let mut clashes = Vec::new();
                for (name, span) in names {
                    match seen.get(name) {
                        Some((first, first_span)) => clashes.push(clash(name, (first, *first_span), (&package, span), import, &own)),
                        None => {
                            seen.insert(name.clone(), (package.clone(), span));
                        }
                    }
                }
                self.diagnostics.extend(clashes);
                packages_seen.push(package);
            }
        }
    }

    pub fn reference(&mut self, span: Span, target: Span) {
        self.out.references.push(Reference { span, target });
    }

    fn declare(&mut self, file: FileId, name: &ast::Ident, global: Global) {
        let package = self.package_of(file);
        let scope = self.packages.entry(package.clone()).or_default();
        if let Some((_, first)) = scope.get(&name.name) {
            let first = *first;
            self.error(
                Diagnostic::error(Code::Duplicate, name.span, format!("`{}` is declared twice{}", name.name, in_package(&package)))
                    .with_label("declared again here")
                    .with_note(first, "first declared here")
                    .with_help("rename one of them"),
            );
        } else {
            scope.insert(name.name.clone(), (global, name.span));
        }
    }

    pub fn collect_names(&mut self, modules: &[(FileId, &Module)]) {
        for (file, module) in modules {
            let package = self.package_of(*file);
            for item in &module.items {
                match item {
                    Item::Record(r) => {
                        let id = self.out.records.len() as RecordId;
                        self.out.records.push(RecordDef {
                            name: r.name.name.clone(),
                            package: package.clone(),
                            fields: vec![],
                            docs: r.docs.clone(),
                            span: r.name.span,
                        });
                        self.declare(*file, &r.name, Global::Record(id));
                    }
                    Item::Enum(e) => {
                        let id = self.add_enum(&e.name.name, e.docs.clone(), e.name.span, &e.variants);
                        self.declare(*file, &e.name, Global::Enum(id));
                    }
                    Item::Param(p) => {
                        let id = self.out.params.len() as ParamId;
                        self.out.params.push(ParamDef {
                            name: p.name.name.clone(),
                            package: package.clone(),
                            ty: Type::Error,
                            default: Const::None,
                            positive: false,
                            docs: p.docs.clone(),
                            span: p.name.span,
                        });
                        self.declare(*file, &p.name, Global::Param(id));
                    }
                    Item::Fn(f) => {
                        if f.is_extern {
                            self.error(
                                Diagnostic::error(Code::ExternFn, f.name.span, "`extern fn` is only for the standard library")
                                    .with_label("declared here")
                                    .with_help("write the function with a body: `fn name(x: Int) -> Int = x + 1`"),
                            );
                            continue;
                        }
                        self.add_fn(*file, &f.name, f.span, FnSourceDecl::Fn(f.clone()));
                    }
                    Item::Table(t) => self.add_fn(*file, &t.name, t.span, FnSourceDecl::Table(t.clone())),
                    Item::Decision(d) => {
                        let id = self.out.decisions.len() as u32;
                        self.out.decisions.push(DecisionDef {
                            name: d.name.name.clone(),
                            package: package.clone(),
                            inputs: vec![],
                            stmts: vec![],
                            outputs: vec![],
                            offers: None,
                            experiments: vec![],
                            locals: 0,
                            docs: d.docs.clone(),
                            span: d.name.span,
                        });
                        self.declare(*file, &d.name, Global::Decision(id));
                    }
                    Item::Test(_) => {}
                }
            }
        }
    }

    fn add_fn(&mut self, file: FileId, name: &ast::Ident, span: Span, decl: FnSourceDecl) {
        let id = self.out.fns.len() as FnId;
        let body = TExpr { kind: TExprKind::Error, ty: Type::Error, span };
        self.out.fns.push(FnDef {
            name: name.name.clone(),
            params: vec![],
            result: Type::Error,
            body,
            locals: 0,
            rows: Vec::new(),
            span: name.span,
        });
        self.fn_sources.push(FnSource { file, decl });
        self.fn_calls.push(Vec::new());
        self.declare(file, name, Global::Fn(id));
    }

    pub fn add_enum(&mut self, name: &str, docs: ast::Docs, span: Span, variants: &[(ast::Docs, ast::Ident)]) -> EnumId {
        let id = self.out.enums.len() as EnumId;
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for (_, v) in variants {
            if let Some(first) = seen.insert(&v.name, v.span) {
                self.error(
                    Diagnostic::error(Code::Duplicate, v.span, format!("`{}` is listed twice in `{name}`", v.name))
                        .with_label("again here")
                        .with_note(first, "first here")
                        .with_help("remove one of them"),
                );
            }
        }
        self.out.enums.push(EnumDef {
            name: name.to_owned(),
            variants: variants.iter().map(|(_, v)| v.name.clone()).collect(),
            variant_spans: variants.iter().map(|(_, v)| v.span).collect(),
            docs,
            span,
        });
        id
    }

    pub fn resolve_signatures(&mut self, modules: &[(FileId, &Module)]) {
        let mut record_index = 0usize;
        let mut param_index = 0usize;
        for (file, module) in modules {
            for item in &module.items {
                match item {
                    Item::Record(r) => {
                        let fields = self.record_fields(*file, r);
                        if let Some(def) = self.out.records.get_mut(record_index) {
                            def.fields = fields;
                        }
                        record_index += 1;
                    }
                    Item::Param(p) => {
                        let ty = self.resolve_type(*file, &p.ty);
                        if let Some(def) = self.out.params.get_mut(param_index) {
                            def.ty = ty;
                        }
                        param_index += 1;
                    }
                    _ => {}
                }
            }
        }
        // Defaults after every type: a record default reads its record's fields, wherever declared.
        let params = modules.iter().flat_map(|(file, m)| {
            m.items.iter().filter_map(move |i| match i {
                Item::Param(p) => Some((*file, p)),
                _ => None,
            })
        });
        for (index, (file, p)) in params.enumerate() {
            let ty = self.out.params.get(index).map(|d| d.ty.clone()).unwrap_or(Type::Error);
            let default = self.param_default(file, p, &ty);
            if let Some(def) = self.out.params.get_mut(index) {
                def.default = default;
            }
        }
        for id in 0..self.fn_sources.len() {
            let (file, params, result) = match self.fn_sources.get(id) {
                Some(src) => (src.file, src.decl.params().to_vec(), src.decl.result().clone()),
                None => continue,
            };
            let params: Vec<(String, Type)> = params.iter().map(|b| (b.name.name.clone(), self.resolve_type(file, &b.ty))).collect();
            let result = self.resolve_type(file, &result);
            if let Some(def) = self.out.fns.get_mut(id) {
                def.params = params;
                def.result = result;
            }
        }
    }

    fn record_fields(&mut self, file: FileId, record: &ast::RecordDecl) -> Vec<FieldDef> {
        let mut seen: HashMap<String, Span> = HashMap::new();
        let mut fields = Vec::new();
        for field in &record.fields {
            if let Some(first) = seen.insert(field.name.name.clone(), field.name.span) {
                self.error(
                    Diagnostic::error(
                        Code::Duplicate,
                        field.name.span,
                        format!("`{}` has two fields named `{}`", record.name.name, field.name.name),
                    )
                    .with_label("again here")
                    .with_note(first, "first here")
                    .with_help("rename or remove one of them"),
                );
            }
            let ty = self.resolve_type(file, &field.ty);
            let annotations = field.annotations.iter().map(|a| (a.name.name.clone(), a.arg.as_ref().map(|i| i.name.clone()))).collect();
            fields.push(FieldDef { name: field.name.name.clone(), ty, annotations, docs: field.docs.clone(), span: field.name.span });
        }
        fields
    }

    pub fn check_fn_bodies(&mut self, _modules: &[(FileId, &Module)]) {
        for id in 0..self.fn_sources.len() {
            let Some(src) = self.fn_sources.get(id) else {
                continue;
            };
            let file = src.file;
            let decl = src.decl.clone();
            let Some(def) = self.out.fns.get(id) else {
                continue;
            };
            let params = def.params.clone();
            let result = def.result.clone();
            let mut body = Body::new(file, Some(id as FnId));
            for ((name, ty), binding) in params.iter().zip(decl.params()) {
                body.declare(name, ty.clone(), binding.name.span);
            }
            let (value, rows) = match &decl {
                FnSourceDecl::Fn(f) => {
                    let Some(expr) = &f.body else { continue };
                    let value = self.check_expr(&mut body, expr, Some(&result));
                    (self.coerce(value, &result), Vec::new())
                }
                FnSourceDecl::Table(t) => self.check_table(&mut body, t, &params, &result),
            };
            self.out.locals.extend(body.scopes(decl.span()));
            if let Some(def) = self.out.fns.get_mut(id) {
                def.body = value;
                def.rows = rows;
                def.locals = body.local_count();
            }
        }
    }

    pub fn check_recursion(&mut self) {
        let n = self.fn_calls.len();
        for start in 0..n {
            let mut stack: Vec<(FnId, Span)> = self.fn_calls.get(start).cloned().unwrap_or_default();
            let mut seen = vec![false; n];
            while let Some((f, span)) = stack.pop() {
                if f as usize == start {
                    let name = self.out.fns.get(start).map(|d| d.name.clone()).unwrap_or_default();
                    let call_span = self.fn_calls.get(start).and_then(|c| c.first()).map(|c| c.1).unwrap_or(span);
                    self.error(
                        Diagnostic::error(Code::Recursion, call_span, format!("`{name}` calls itself"))
                            .with_label("this call leads back to it")
                            .with_help(
                                "Tenor decisions always finish, so functions cannot recurse; use a comprehension over a list instead",
                            ),
                    );
                    break;
                }
                if let Some(slot) = seen.get_mut(f as usize) {
                    if !*slot {
                        *slot = true;
                        stack.extend(self.fn_calls.get(f as usize).cloned().unwrap_or_default());
                    }
                }
            }
        }
    }
}

/// `import b` brings `name` (declared in `b`) into a file that already sees it from `first`.
fn clash(name: &str, (first, first_span): (&str, Span), (second, second_span): (&str, Span), import: Span, own: &str) -> Diagnostic {
    let message = if first == own {
        format!("`import {second}` brings in `{name}`, but this package declares `{name}` too")
    } else {
        format!("the imported packages `{first}` and `{second}` both declare `{name}`")
    };
    Diagnostic::error(Code::Duplicate, import, message)
        .with_label(format!("brings in a second `{name}`"))
        .with_note(first_span, format!("`{name}` of {}", package_name(first)))
        .with_note(second_span, format!("`{name}` of {}", package_name(second)))
        .with_help(format!(
            "names are unique across what a file can see, and Tenor has no qualified names such as `{second}.{name}`: rename one of them, or drop the import if this file needs nothing from it"
        ))
}

/// "package `p`", or "this unnamed package".
fn package_name(package: &str) -> String {
    if package.is_empty() {
        "the unnamed package".to_owned()
    } else {
        format!("package `{package}`")
    }
}

/// " in package `p`", or nothing for the unnamed package.
fn in_package(package: &str) -> String {
    if package.is_empty() {
        String::new()
    } else {
        format!(" in package `{package}`")
    }
}
