//! Decisions: statements, rule lists, offers blocks and experiments.

use super::items::close;
use super::{Blank, Doc, Part, Printer, INDENT};
use crate::ast::{BlockContactCap, ContactScope, DecisionDecl, Expr, Ident, OfferDecl, OffersBlock, OutputBody, OutputDecl, RuleArm, Stmt};

/// One line of an `offers` block.
enum OffersLine<'a> {
    Offer(&'a OfferDecl),
    Group(&'a Ident, &'a Expr),
    Contact(&'a BlockContactCap),
}

/// One property of an offer.
enum Prop<'a> {
    /// `keyword value` (`eligible when`, `propensity`, …).
    Expr(&'static str, &'a Expr),
    /// `keyword name` (`requires consent`, `group`).
    Name(&'static str, &'a Ident),
    /// `contact at most N per window`.
    Cap(&'a Expr, &'a Expr),
    /// `contact at least gap apart`.
    Gap(&'a Expr),
}

impl Printer<'_> {
    /// `decision name(inputs) { statements }`.
    pub(super) fn decision(&mut self, d: &DecisionDecl) -> Doc {
        let params = self.params(&d.inputs, d.name.span.end as usize);
        let header = Doc::text(format!("decision {}", d.name.name)).append(params);
        let parts = d.stmts.iter().map(|s| Part::new(self.src.code_start(stmt_span(s).0), stmt_span(s).1, s)).collect();
        let body = self.body(parts, close(d.span.end), Blank::Kept, |p, s| p.stmt(s));
        Self::block(header, body)
    }

    fn stmt(&mut self, s: &Stmt) -> Doc {
        match s {
            Stmt::Let { name, ty, value, .. } => {
                let head = self.named(&format!("let {}", name.name), ty.as_ref());
                self.assigned(head, value)
            }
            Stmt::LetRules(o) => self.output(o, "let "),
            Stmt::Output(o) => self.output(o, ""),
            Stmt::Offers(block) => self.offers(block),
            Stmt::Experiment(x) => {
                let header = Doc::text(format!("experiment {} by ", x.name.name)).append(self.expr(&x.unit));
                let parts = x.arms.iter().map(|arm| Part::new(arm.0.span.start as usize, arm.1.span.end as usize, arm)).collect();
                let body = self.body(parts, close(x.span.end), Blank::Kept, |p, (name, weight)| {
                    Doc::text(format!("{} ", name.name)).append(p.expr(weight))
                });
                Self::block(header, body)
            }
            Stmt::Consent(c) => self.assigned(Doc::text(format!("consent {}", c.consent.name)), &c.source),
        }
    }

    /// `name` or `name: Type`.
    fn named(&self, name: &str, ty: Option<&crate::ast::TypeExpr>) -> Doc {
        match ty {
            Some(t) => Doc::text(format!("{name}: ")).append(self.type_expr(t)),
            None => Doc::text(name.to_owned()),
        }
    }

    /// An output or a `let` rule list, with its consents.
    fn output(&mut self, o: &OutputDecl, keyword: &str) -> Doc {
        let head = self.named(&format!("{keyword}{}", o.name.name), o.ty.as_ref());
        let doc = match &o.body {
            OutputBody::Value(value) => self.assigned(head, value),
            OutputBody::Rules(arms) => {
                let rules_end = o.consents.first().map_or(o.span.end as usize, |c| self.src.back(c.span.start as usize, 2));
                let parts = arms.iter().map(|a| Part::new(a.span.start as usize, a.span.end as usize, a)).collect();
                let body = self.body(parts, self.src.back(rules_end, 1), Blank::Kept, |p, arm| p.arm(arm));
                Self::block(head, body)
            }
        };
        let mut tail = Doc::nil();
        for consent in &o.consents {
            tail = tail.append(Doc::line()).append(Doc::text(format!("requires consent {}", consent.name)));
        }
        if let Some(fallback) = &o.fallback {
            tail = tail.append(Doc::line()).append(Doc::text("otherwise ")).append(self.expr(fallback));
        }
        doc.append(tail.nest(INDENT).group())
    }

    /// `value when condition` or `otherwise value`.
    fn arm(&mut self, arm: &RuleArm) -> Doc {
        match &arm.condition {
            Some(c) => {
                let value = self.expr(&arm.value);
                value.append(Doc::line().append(Doc::text("when ")).append(self.expr(c)).nest(INDENT)).group()
            }
            None => Doc::text("otherwise ").append(self.expr(&arm.value)),
        }
    }

    fn offers(&mut self, block: &OffersBlock) -> Doc {
        let mut header = Vec::new();
        if let Some(r) = &block.ranking {
            header.push(Doc::text("ranked by ").append(self.expr(r)));
        }
        if let Some(l) = &block.limit {
            header.push(Doc::text("at most ").append(self.expr(l)));
        }
        if let Some(f) = &block.floor {
            header.push(Doc::text("score at least ").append(self.expr(f)));
        }
        if let Some((history, now)) = &block.history {
            let history = self.expr(history);
            header.push(Doc::text("contact history ").append(history).append(Doc::text(" as of ")).append(self.expr(now)));
        }
        // `offers ranked by …, at most … {` on one line, or each clause on its own line and `{` on the next.
        let opened = if header.is_empty() {
            Doc::text("offers {")
        } else {
            let clauses = Doc::intersperse(header, Doc::text(",").append(Doc::line()));
            Doc::text("offers").append(Doc::line().append(clauses).nest(INDENT)).append(Doc::line()).append(Doc::text("{")).group()
        };
        let mut parts: Vec<Part<OffersLine>> = Vec::new();
        parts.extend(
            block.offers.iter().map(|o| Part::new(self.src.code_start(o.span.start as usize), o.span.end as usize, OffersLine::Offer(o))),
        );
        parts.extend(
            block
                .groups
                .iter()
                .map(|(g, n)| Part::new(self.src.back(g.span.start as usize, 1), n.span.end as usize, OffersLine::Group(g, n))),
        );
        parts.extend(block.contact_caps.iter().map(|c| Part::new(c.span.start as usize, c.span.end as usize, OffersLine::Contact(c))));
        parts.sort_by_key(|p| p.start);
        let body = self.body(parts, close(block.span.end), Blank::Kept, |p, line| match line {
            OffersLine::Offer(o) => p.offer(o),
            OffersLine::Group(g, n) => Doc::text(format!("group {} at most ", g.name)).append(p.expr(n)),
            OffersLine::Contact(c) => p.block_contact(c),
        });
        Self::opened_block(opened, body)
    }

    /// `contact at most N per window [for group g | for channel c]`.
    fn block_contact(&mut self, c: &BlockContactCap) -> Doc {
        let mut doc = self.cap(&c.cap, &c.window);
        match &c.scope {
            ContactScope::All => {}
            ContactScope::Group(g) => doc = doc.append(Doc::text(format!(" for group {}", g.name))),
            ContactScope::Channel(e) => doc = doc.append(Doc::text(" for channel ")).append(self.expr(e)),
        }
        doc
    }

    fn cap(&mut self, cap: &Expr, window: &Expr) -> Doc {
        let cap = self.expr(cap);
        Doc::text("contact at most ").append(cap).append(Doc::text(" per ")).append(self.expr(window))
    }

    fn offer(&mut self, o: &OfferDecl) -> Doc {
        let mut parts: Vec<Part<Prop>> = Vec::new();
        let back = |e: &Expr, n: usize| self.src.back(e.span.start as usize, n);
        let end = |e: &Expr| e.span.end as usize;
        for e in &o.eligible {
            parts.push(Part::new(back(e, 2), end(e), Prop::Expr("eligible when", e)));
        }
        for (keyword, value) in
            [("propensity", &o.propensity), ("value", &o.value), ("lever", &o.lever), ("weight", &o.weight), ("message", &o.message)]
        {
            if let Some(e) = value {
                parts.push(Part::new(back(e, 1), end(e), Prop::Expr(keyword, e)));
            }
        }
        for (n, window) in &o.contact_caps {
            parts.push(Part::new(back(n, 3), end(window), Prop::Cap(n, window)));
        }
        for gap in &o.contact_gaps {
            parts.push(Part::new(back(gap, 3), self.src.token_end(end(gap)), Prop::Gap(gap)));
        }
        for consent in &o.requires {
            parts.push(Part::new(
                self.src.back(consent.span.start as usize, 2),
                consent.span.end as usize,
                Prop::Name("requires consent", consent),
            ));
        }
        if let Some(group) = &o.group {
            parts.push(Part::new(self.src.back(group.span.start as usize, 1), group.span.end as usize, Prop::Name("group", group)));
        }
        parts.sort_by_key(|p| p.start);
        let body = self.body(parts, close(o.span.end), Blank::Kept, |p, prop| match prop {
            Prop::Expr(keyword, e) => Doc::text(format!("{keyword} ")).append(p.expr(e)),
            Prop::Name(keyword, name) => Doc::text(format!("{keyword} {}", name.name)),
            Prop::Cap(n, window) => p.cap(n, window),
            Prop::Gap(gap) => Doc::text("contact at least ").append(p.expr(gap)).append(Doc::text(" apart")),
        });
        Self::block(Doc::text(o.name.name.clone()), body)
    }
}

/// A statement's span (docs included) as byte offsets.
fn stmt_span(s: &Stmt) -> (usize, usize) {
    let span = match s {
        Stmt::Let { span, .. } => *span,
        Stmt::LetRules(o) | Stmt::Output(o) => o.span,
        Stmt::Offers(b) => b.span,
        Stmt::Experiment(x) => x.span,
        Stmt::Consent(c) => c.span,
    };
    (span.start as usize, span.end as usize)
}
