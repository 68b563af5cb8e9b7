//! Diagnostics: every problem the compiler reports, with a stable code, spans and help.
//!
//! One [`Diagnostic`] struct carries every error; the [`Code`] enum is the
//! stable, documented catalogue of kinds. Messages are written where the
//! problem is found, because that is where the "did you mean" candidates are.
//! Style (Cedar's guide): one lowercase line, no final period, user names in
//! backticks, the explanation in `help`.

mod excerpt;

use crate::span::{LineCol, Sources, Span};
use excerpt::Excerpt;
use serde::Serialize;

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $text:literal, )*) => {
        /// The kind of a diagnostic; its kebab-case name is stable across versions.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Code {
            /// The stable kebab-case name, e.g. `unknown-field`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $text, )* }
            }

            /// Every code, for documentation and tests.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];
        }
    };
}

codes! {
    /// The text does not follow the grammar.
    Syntax = "syntax",
    /// The file is not valid UTF-8 text.
    NotUtf8 = "not-utf8",
    /// Brackets nest deeper than the compiler accepts.
    TooDeep = "too-deep",
    /// A literal is malformed or out of range (a date that does not exist, an integer too large).
    BadLiteral = "bad-literal",
    /// A name is used that nothing declares.
    UnknownName = "unknown-name",
    /// A record has no field of that name.
    UnknownField = "unknown-field",
    /// A type name that nothing declares.
    UnknownType = "unknown-type",
    /// A call to a function that does not exist.
    UnknownFunction = "unknown-function",
    /// A test or input names a decision that does not exist.
    UnknownDecision = "unknown-decision",
    /// An import names a package that is not loaded.
    UnknownPackage = "unknown-package",
    /// Two declarations share a name.
    Duplicate = "duplicate",
    /// A value has a different type from the one needed.
    TypeMismatch = "type-mismatch",
    /// An operator is applied to types it does not work on.
    BadOperands = "bad-operands",
    /// Amounts in two different currencies are combined.
    CurrencyMismatch = "currency-mismatch",
    /// An optional value is used as if it were always present.
    UnhandledOptional = "unhandled-optional",
    /// A rule list has no `otherwise` arm.
    MissingOtherwise = "missing-otherwise",
    /// A rule arm can never be chosen.
    UnreachableArm = "unreachable-arm",
    /// A call has the wrong number of arguments.
    ArgumentCount = "argument-count",
    /// A function calls itself, directly or through others.
    Recursion = "recursion",
    /// An output is named `offers`, `offer` or `decision`, which the result uses itself.
    ReservedName = "reserved-name",
    /// A range (`a..b`) is used other than after `in`.
    RangeOutsideIn = "range-outside-in",
    /// `??` gives a default to a value that is never none (a warning).
    NeedlessDefault = "needless-default",
    /// A call of something that is no function (a value, a type, a decision).
    NotAFunction = "not-a-function",
    /// A type, function or decision is used where a value is needed.
    NotAValue = "not-a-value",
    /// Contact rules in offers that have no `contact history`.
    NeedsContactHistory = "needs-contact-history",
    /// A `Map` key type that a JSON object key cannot hold.
    MapKeyType = "map-key-type",
    /// A record value written outside a test's inputs.
    RecordValue = "record-value",
    /// A comprehension without the value (`sum`, `min`, `max`) or condition (`any`, `all`) it needs.
    AggregateBody = "aggregate-body",
    /// `extern fn` outside the standard library.
    ExternFn = "extern-fn",
    /// A param default that is computed rather than written as a literal value.
    ParamDefault = "param-default",
    /// A test reads a part of an offer (`apology_20.message`) instead of checking the choice.
    OfferInTest = "offer-in-test",
    /// A test input that is computed rather than written as a literal value.
    TestInput = "test-input",
    /// A record literal lacks fields and has no `...`.
    MissingField = "missing-field",
    /// The `package` line is missing, misplaced or inconsistent.
    Package = "package",
    /// A decision table leaves some combination of its columns without a row.
    TableGap = "table-gap",
    /// Two rows of a decision table match the same combination.
    TableOverlap = "table-overlap",
    /// A decision table is too large or irregular to prove free of gaps and overlaps.
    TableTooLarge = "table-too-large",
    /// Personal data (`@pii`) reaches an output or message where it is not allowed.
    PersonalData = "personal-data",
    /// Consent-gated data reaches a result (output, offer, experiment unit) unchecked, or a
    /// `requires consent` output has no value without the consent.
    ConsentRequired = "consent-required",
    /// A `consent x = …` declaration that is not one Bool field of an input, or a consent with two sources.
    ConsentSource = "consent-source",
    /// An experiment's arm weights do not add up to 100%, or are not percentages.
    ExperimentWeights = "experiment-weights",
    /// A decision failed while running (overflow, division by zero, mixed currencies).
    Runtime = "runtime-error",
    /// A test's expectation did not hold.
    TestFailed = "test-failed",
}

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The program cannot run.
    Error,
    /// The program runs, but probably not as meant.
    Warning,
}

/// An extra labelled place in a diagnostic.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    /// Where.
    pub span: Span,
    /// What about it.
    pub label: String,
}

/// One problem found in the source.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Stable kind.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// One lowercase line saying what is wrong.
    pub message: String,
    /// The place the problem is.
    pub span: Span,
    /// A short label shown at the span.
    pub label: String,
    /// Other places worth showing.
    pub notes: Vec<Note>,
    /// How to fix it, in the strategist's terms.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error of `code` at `span`.
    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { code, severity: Severity::Error, message: message.into(), span, label: String::new(), notes: Vec::new(), help: None }
    }

    /// A warning of `code` at `span`.
    pub fn warning(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, span, message) }
    }

    /// Sets the label at the main span.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = label.into();
        self
    }

    /// Sets the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds another labelled place.
    pub fn with_note(mut self, span: Span, label: impl Into<String>) -> Diagnostic {
        self.notes.push(Note { span, label: label.into() });
        self
    }

    /// Whether it is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic as a self-contained miette report over its file (long lines clipped around the labels).
    pub fn report(&self, sources: &Sources) -> Report {
        let notes = self.notes.iter().map(|n| n.span).filter(|s| s.file == self.span.file);
        let spans: Vec<Span> = std::iter::once(self.span).chain(notes).collect();
        Report { source: Excerpt::new(sources, self.span.file, &spans), diagnostic: self.clone() }
    }

    /// The diagnostic as flat data for `--format json`.
    pub fn to_json(&self, sources: &Sources) -> JsonDiagnostic {
        let file = sources.get(self.span.file).map(|f| f.name.clone()).unwrap_or_default();
        let start = sources.line_col(self.span.file, self.span.start);
        let end = sources.line_col(self.span.file, self.span.end);
        JsonDiagnostic {
            file,
            line: start.line,
            column: start.column,
            end,
            severity: self.severity,
            code: self.code.as_str(),
            message: self.message.clone(),
            help: self.help.clone(),
        }
    }
}

/// A diagnostic as `tenor check --format json` prints it.
#[derive(Clone, Debug, Serialize)]
pub struct JsonDiagnostic {
    /// File name.
    pub file: String,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start.
    pub column: usize,
    /// Line and column of the end.
    pub end: LineCol,
    /// Error or warning.
    pub severity: Severity,
    /// Stable code.
    pub code: &'static str,
    /// The message.
    pub message: String,
    /// The help line, if any.
    pub help: Option<String>,
}

/// A diagnostic bundled with its source file, ready for miette to render.
#[derive(Debug)]
pub struct Report {
    source: Excerpt,
    diagnostic: Diagnostic,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Report {}

impl miette::Diagnostic for Report {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.code.as_str()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diagnostic.help.as_ref().map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let d = &self.diagnostic;
        let main = miette::LabeledSpan::new_primary_with_span((!d.label.is_empty()).then(|| d.label.clone()), self.source.span(d.span));
        let notes = d
            .notes
            .iter()
            .filter(|n| n.span.file == d.span.file)
            .map(|n| miette::LabeledSpan::new_with_span(Some(n.label.clone()), self.source.span(n.span)));
        Some(Box::new(std::iter::once(main).chain(notes)))
    }
}

/// Sorts diagnostics by file and position, errors before warnings at the same place.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.span.file, d.span.start, d.span.end, d.severity != Severity::Error));
}

/// The closest candidate to `name`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(name, c), c))
        .filter(|(d, c)| *d <= (name.len().max(c.len()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `; did you mean `x`?` or nothing.
pub fn suggestion<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(name, candidates).map(|c| format!("; did you mean `{c}`?")).unwrap_or_default()
}

/// ` (did you mean `x`?)` or nothing, for messages that go on after the suggestion.
pub fn suggestion_inline<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(name, candidates).map(|c| format!(" (did you mean `{c}`?)")).unwrap_or_default()
}
