//! The scope of one body: its locals, which are in scope, and what is known about each
//! (consent-gated reads, `@pii` values, optionals known present). The lowest layer of the
//! checker: it depends on the typed IR only.

use crate::span::{FileId, Span};
use crate::tir::*;

/// A read of a consent-gated field that no check of its consent guards.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct GatedRead {
    /// The consent the field needs.
    pub consent: String,
    /// The field read.
    pub field: String,
    /// Where: the read, the local that carries it, or the call that leads to it.
    pub span: Span,
}

/// A consent the host sends as a Bool flag: `consent marketing = customer.consent_marketing`.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct ConsentFlag {
    /// The consent.
    pub consent: String,
    /// The flag: a Bool field of an input, checked.
    pub source: TExpr,
    /// The flag as written, for messages.
    pub text: String,
    /// The declaration's consent name.
    pub span: Span,
}

/// A `@pii` value that reaches an output.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct PiiFlow {
    pub field: String,
    pub allowed_in_messages: bool,
    pub in_template: bool,
    pub span: Span,
}

/// The locals of one body (decision, function or test) and which are in scope.
pub(super) struct Body {
    pub file: FileId,
    pub current_fn: Option<FnId>,
    locals: Vec<(String, Type, Span)>,
    /// The region where each local is visible, when narrower than the rest of its body.
    scopes: std::collections::HashMap<LocalId, Span>,
    scope: Vec<LocalId>,
    /// The decision's inputs (locals `0..`), for governance checks.
    inputs: Vec<(String, Type)>,
    /// The consent-gated reads each local's value carries unguarded.
    consents: std::collections::HashMap<LocalId, Vec<GatedRead>>,
    /// The consents each Bool local proves present when it is true, and when it is false.
    consent_checks: std::collections::HashMap<LocalId, [Vec<String>; 2]>,
    /// `@pii` values each local's value carries.
    pii: std::collections::HashMap<LocalId, Vec<PiiFlow>>,
    /// Optionals known to be present here (canonical text of the expression), from `x != none` tests.
    pub narrowed: Vec<String>,
    /// Consents the decision reads from Bool flags.
    consent_flags: Vec<ConsentFlag>,
}

impl Body {
    pub fn new(file: FileId, current_fn: Option<FnId>) -> Body {
        Body {
            file,
            current_fn,
            locals: Vec::new(),
            scopes: Default::default(),
            scope: Vec::new(),
            inputs: Vec::new(),
            consents: Default::default(),
            consent_checks: Default::default(),
            pii: Default::default(),
            narrowed: Vec::new(),
            consent_flags: Vec::new(),
        }
    }

    /// Declares where a consent comes from as a Bool flag.
    pub fn add_consent_flag(&mut self, flag: ConsentFlag) {
        self.consent_flags.push(flag);
    }

    /// The Bool flag that holds `consent`, if the decision declares one.
    pub fn consent_flag(&self, consent: &str) -> Option<&ConsentFlag> {
        self.consent_flags.iter().find(|f| f.consent == consent)
    }

    /// The consent whose flag `e` reads, if it reads one (the same input field).
    pub fn consent_flagged_by(&self, e: &TExpr) -> Option<&str> {
        let place = input_place(e)?;
        self.consent_flags.iter().find(|f| input_place(&f.source).as_ref() == Some(&place)).map(|f| f.consent.as_str())
    }

    /// Declares a decision input (inputs come first, so input `i` is local `i`).
    pub fn declare_input(&mut self, name: &str, ty: Type, span: Span) -> LocalId {
        self.inputs.push((name.to_owned(), ty.clone()));
        self.declare(name, ty, span)
    }

    /// The decision's inputs.
    pub fn inputs(&self) -> &[(String, Type)] {
        &self.inputs
    }

    /// Records the consent-gated reads a local's value carries unguarded.
    pub fn set_consents(&mut self, local: LocalId, consents: Vec<GatedRead>) {
        if !consents.is_empty() {
            self.consents.insert(local, consents);
        }
    }

    /// Records the consents a Bool local proves present: `[when true, when false]`.
    pub fn set_consent_checks(&mut self, local: LocalId, facts: [Vec<String>; 2]) {
        if facts.iter().any(|f| !f.is_empty()) {
            self.consent_checks.insert(local, facts);
        }
    }

    /// The consents a Bool local proves present when it is `when`.
    pub fn consent_checks_of(&self, local: LocalId, when: bool) -> &[String] {
        self.consent_checks.get(&local).map(|[t, f]| if when { t.as_slice() } else { f.as_slice() }).unwrap_or_default()
    }

    /// Knows these expressions are present while checking inside `f`.
    pub fn with_present<T>(&mut self, facts: Vec<String>, f: impl FnOnce(&mut Body) -> T) -> T {
        let mark = self.narrowed.len();
        self.narrowed.extend(facts);
        let result = f(self);
        self.narrowed.truncate(mark);
        result
    }

    /// Whether the expression with this canonical text is known to be present.
    pub fn is_present(&self, text: &str) -> bool {
        self.narrowed.iter().any(|t| t == text)
    }

    /// Records the `@pii` values a local's value carries.
    pub fn set_pii(&mut self, local: LocalId, flows: Vec<PiiFlow>) {
        if !flows.is_empty() {
            self.pii.insert(local, flows);
        }
    }

    /// The `@pii` values a local's value carries.
    pub fn pii_of(&self, local: LocalId) -> &[PiiFlow] {
        self.pii.get(&local).map(Vec::as_slice).unwrap_or_default()
    }

    /// The consent-gated reads a local's value carries unguarded.
    pub fn consents_of(&self, local: LocalId) -> &[GatedRead] {
        self.consents.get(&local).map(Vec::as_slice).unwrap_or_default()
    }

    /// Adds a local in scope and returns its id.
    pub fn declare(&mut self, name: &str, ty: Type, span: Span) -> LocalId {
        let id = self.locals.len() as LocalId;
        self.locals.push((name.to_owned(), ty, span));
        self.scope.push(id);
        id
    }

    /// Adds a local that no name reaches (a hidden temporary).
    pub fn hidden(&mut self, ty: Type, span: Span) -> LocalId {
        let id = self.locals.len() as LocalId;
        self.locals.push((String::new(), ty, span));
        id
    }

    pub(super) fn lookup(&self, name: &str) -> Option<(LocalId, Type, Span)> {
        self.scope.iter().rev().find_map(|id| {
            let (n, ty, span) = self.locals.get(*id as usize)?;
            (n == name).then(|| (*id, ty.clone(), *span))
        })
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.scope.iter().filter_map(|id| self.locals.get(*id as usize)).map(|(n, _, _)| n.as_str())
    }

    pub fn local_count(&self) -> u32 {
        self.locals.len() as u32
    }

    /// Names a hidden local and brings it into scope.
    pub fn bring_into_scope(&mut self, id: LocalId, name: &str) {
        if let Some(local) = self.locals.get_mut(id as usize) {
            local.0 = name.to_owned();
            self.scope.push(id);
        }
    }

    /// Records that a local is visible only inside `region` (a comprehension).
    pub fn limit_scope(&mut self, id: LocalId, region: Span) {
        self.scopes.insert(id, region);
    }

    /// The named locals with where each is visible: from its declaration (or the start of
    /// `owner`, the body's item, when declared elsewhere) to the end of `owner`.
    pub fn scopes(&self, owner: Span) -> Vec<LocalDef> {
        let whole = |span: Span| {
            let start = if span.file == owner.file && span.end >= owner.start && span.end <= owner.end { span.end } else { owner.start };
            Span { file: owner.file, start, end: owner.end }
        };
        (0..)
            .zip(&self.locals)
            .filter(|(_, (name, _, _))| !name.is_empty())
            .map(|(id, (name, ty, span))| LocalDef {
                name: name.clone(),
                ty: ty.clone(),
                span: *span,
                scope: self.scopes.get(&id).copied().unwrap_or_else(|| whole(*span)),
            })
            .collect()
    }

    pub fn mark(&self) -> usize {
        self.scope.len()
    }

    pub fn reset(&mut self, mark: usize) {
        self.scope.truncate(mark);
    }
}

/// A read of an input or a field of one, nested: the input and the fields' (record, index) path.
pub(super) fn input_place(e: &TExpr) -> Option<(LocalId, Vec<(RecordId, u32)>)> {
    match &e.kind {
        TExprKind::Local(id) => Some((*id, Vec::new())),
        TExprKind::Field { base, record, index } => {
            let (local, mut path) = input_place(base)?;
            path.push((*record, *index));
            Some((local, path))
        }
        _ => None,
    }
}
