//! The named things of one version, by package-qualified name.

use crate::ast::{DecisionDecl, EnumDecl, FnDecl, Item, ParamDecl, RecordDecl, TableDecl, TestDecl};
use crate::Analysis;
use std::collections::BTreeMap;

/// Every top-level item of a version, by kind and qualified name (`package.name`).
#[derive(Default)]
pub(super) struct Index<'a> {
    pub records: BTreeMap<String, &'a RecordDecl>,
    pub enums: BTreeMap<String, &'a EnumDecl>,
    pub params: BTreeMap<String, &'a ParamDecl>,
    pub fns: BTreeMap<String, &'a FnDecl>,
    pub tables: BTreeMap<String, &'a TableDecl>,
    pub decisions: BTreeMap<String, &'a DecisionDecl>,
    pub tests: BTreeMap<String, &'a TestDecl>,
}

impl<'a> Index<'a> {
    /// The items of every file of `analysis`; of two with one name, the first is kept (the
    /// checker reports the duplicate).
    pub fn of(analysis: &'a Analysis) -> Index<'a> {
        let mut index = Index::default();
        for (_, parsed) in &analysis.parsed {
            let package = parsed.module.package.as_ref().map(|p| p.dotted()).unwrap_or_default();
            for item in &parsed.module.items {
                index.add(&package, item);
            }
        }
        index
    }

    fn add(&mut self, package: &str, item: &'a Item) {
        match item {
            Item::Record(r) => insert(&mut self.records, qualified(package, &r.name.name), r),
            Item::Enum(e) => insert(&mut self.enums, qualified(package, &e.name.name), e),
            Item::Param(p) => insert(&mut self.params, qualified(package, &p.name.name), p),
            Item::Fn(f) => insert(&mut self.fns, qualified(package, &f.name.name), f),
            Item::Table(t) => insert(&mut self.tables, qualified(package, &t.name.name), t),
            Item::Decision(d) => insert(&mut self.decisions, qualified(package, &d.name.name), d),
            Item::Test(t) => insert(&mut self.tests, qualified(package, &format!("\"{}\"", t.name)), t),
        }
    }
}

/// `package.name`, or `name` outside a package.
pub(super) fn qualified(package: &str, name: &str) -> String {
    if package.is_empty() {
        name.to_owned()
    } else {
        format!("{package}.{name}")
    }
}

/// Keeps the first of two things with one name.
pub(super) fn insert<'a, T: ?Sized>(map: &mut BTreeMap<String, &'a T>, name: String, value: &'a T) {
    map.entry(name).or_insert(value);
}
