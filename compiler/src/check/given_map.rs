//! Map literals in test inputs and param defaults: `prices: { uk: 5 GBP, us: 7 USD }` for a
//! `Map<Market, Money>` (enum keys by variant name) or a `Map<Text, …>` (the names are the keys).

use super::globals::Checker;
use super::literals::LiteralSite;
use crate::ast;
use crate::diagnostic::{suggestion, Code, Diagnostic};
use crate::span::{FileId, Span};
use crate::tir::*;

impl Checker {
    /// A map written as `{ key: value, … }`, as `[key, value]` pairs in written order.
    pub(super) fn given_map(
        &mut self,
        file: FileId,
        (key, value): (&Type, &Type),
        (entries, rest): (&[(ast::Ident, ast::Expr)], bool),
        span: Span,
        site: LiteralSite,
    ) -> Const {
        if rest {
            self.error(
                Diagnostic::error(site.code(), span, "`...` fills the fields of a record, but this is a map")
                    .with_label("a map")
                    .with_help("a map holds only the keys written: remove `...`"),
            );
        }
        let mut pairs = Vec::new();
        for (name, v) in entries {
            let Some(k) = self.given_key(name, key, site) else { continue };
            let v = self.literal_value(file, v, value, site);
            pairs.push(Const::List(vec![k, v]));
        }
        Const::List(pairs)
    }

    fn given_key(&mut self, name: &ast::Ident, key: &Type, site: LiteralSite) -> Option<Const> {
        match key {
            Type::Text => Some(Const::Text(name.name.clone())),
            Type::Enum(e) => {
                let def = self.out.enums.get(*e as usize)?;
                if let Some(i) = def.variants.iter().position(|v| *v == name.name) {
                    return Some(Const::Enum(i as u32));
                }
                let hint = suggestion(&name.name, def.variants.iter().map(String::as_str));
                let message = format!("`{}` has no variant `{}`{hint}", def.name, name.name);
                let help = format!("the keys of this map are the variants `{}`", def.variants.join("`, `"));
                self.error(Diagnostic::error(Code::UnknownName, name.span, message).with_label("unknown key").with_help(help));
                None
            }
            Type::Error => None,
            other => {
                let (writer, help) = match site {
                    LiteralSite::Test => ("a test", "give the map Text or enum keys, or test it with a sample input file"),
                    LiteralSite::Param(_) => ("a param's default", "give the map Text or enum keys, or set it in a params file"),
                };
                let message = format!("{writer} can write maps with Text or enum keys, not {}", self.show(other));
                self.error(Diagnostic::error(site.code(), name.span, message).with_label("key written as a name").with_help(help));
                None
            }
        }
    }
}
