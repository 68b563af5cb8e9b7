//! The standard library's native functions: their stable ids and where their signatures live.
//!
//! Signatures and docs are written in Tenor under `stdlib/` (`extern fn`); the
//! runtime implements each [`Native`]. A test checks that the two lists agree.

use serde::{Deserialize, Serialize};

/// The standard library sources, as `(module, text)`.
pub const STDLIB: &[(&str, &str)] = &[
    ("time", include_str!("../../stdlib/time.tenor")),
    ("text", include_str!("../../stdlib/text.tenor")),
    ("math", include_str!("../../stdlib/math.tenor")),
];

/// The first [`FileId`](crate::span::FileId) of the standard library's virtual files: module
/// `i` of [`STDLIB`] is file `STDLIB_FILE_BASE + i`, far above any real file of a compilation.
pub const STDLIB_FILE_BASE: u32 = u32::MAX - 64;

/// The virtual file of standard-library module `index` (an index into [`STDLIB`]).
pub fn stdlib_file(index: usize) -> crate::span::FileId {
    crate::span::FileId(STDLIB_FILE_BASE.saturating_add(u32::try_from(index).unwrap_or(0)))
}

/// The module name and text of a standard-library virtual file, so spans in it can be shown.
pub fn stdlib_source(file: crate::span::FileId) -> Option<(&'static str, &'static str)> {
    let index = file.0.checked_sub(STDLIB_FILE_BASE)?;
    STDLIB.get(usize::try_from(index).ok()?).copied()
}

macro_rules! natives {
    ($( $variant:ident = $module:literal . $name:literal, )*) => {
        /// A native standard-library function.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum Native {
            $( #[doc = concat!("`", $module, ".", $name, "`")] $variant, )*
        }

        impl Native {
            /// Every native function.
            pub const ALL: &'static [Native] = &[ $( Native::$variant, )* ];

            /// The function for `module.name`, if there is one.
            pub fn from_name(module: &str, name: &str) -> Option<Native> {
                match (module, name) {
                    $( ($module, $name) => Some(Native::$variant), )*
                    _ => None,
                }
            }

            /// `module.name`.
            pub fn qualified_name(self) -> &'static str {
                match self { $( Native::$variant => concat!($module, ".", $name), )* }
            }
        }
    };
}

natives! {
    TimeHour = "time"."hour",
    TimeMinute = "time"."minute",
    TimeWeekday = "time"."weekday",
    TimeDateOf = "time"."date_of",
    TimeTimeOf = "time"."time_of",
    TimeLocal = "time"."local",
    TimeLocalDate = "time"."local_date",
    TimeDaysBetween = "time"."days_between",
    TimeDays = "time"."days",
    TimeHours = "time"."hours",
    TimeDecay = "time"."decay",
    TimeFresh = "time"."fresh",
    TextLower = "text"."lower",
    TextUpper = "text"."upper",
    TextCapitalize = "text"."capitalize",
    TextTrim = "text"."trim",
    TextLength = "text"."length",
    TextContains = "text"."contains",
    TextStartsWith = "text"."starts_with",
    TextEndsWith = "text"."ends_with",
    MathMin = "math"."min",
    MathMax = "math"."max",
    MathAbs = "math"."abs",
    MathClamp = "math"."clamp",
    MathRound = "math"."round",
    MathFloor = "math"."floor",
    MathCeil = "math"."ceil",
    MathToFloat = "math"."to_float",
    MathPow = "math"."pow",
    MathExp = "math"."exp",
    MathPercent = "math"."percent",
}

/// A standard-library function as `stdlib/` documents it (for hover and the reference).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StdlibFunction {
    /// Module, such as `text`.
    pub module: &'static str,
    /// Function name, such as `lower`.
    pub name: String,
    /// The signature as written, such as `lower(s: Text) -> Text`.
    pub signature: String,
    /// Its `##` documentation.
    pub docs: String,
    /// The native implementation, if the runtime has one.
    pub native: Option<Native>,
    /// Where its name is declared, in the module's virtual file ([`stdlib_source`]).
    pub span: crate::span::Span,
}

/// Every `extern fn` of the standard library, in file order.
pub fn stdlib() -> Vec<StdlibFunction> {
    let mut out = Vec::new();
    for (index, (module, text)) in STDLIB.iter().enumerate() {
        let parsed = crate::syntax::parse(stdlib_file(index), text);
        for item in &parsed.module.items {
            let crate::ast::Item::Fn(f) = item else { continue };
            let params: Vec<String> = f.params.iter().map(|p| format!("{}: {}", p.name.name, type_text(&p.ty))).collect();
            out.push(StdlibFunction {
                module,
                name: f.name.name.clone(),
                signature: format!("{}({}) -> {}", f.name.name, params.join(", "), type_text(&f.result)),
                docs: f.docs.text(),
                native: Native::from_name(module, &f.name.name),
                span: f.name.span,
            });
        }
    }
    out
}

fn type_text(ty: &crate::ast::TypeExpr) -> String {
    let args: Vec<String> = ty.args.iter().map(type_text).collect();
    let args = if args.is_empty() { String::new() } else { format!("<{}>", args.join(", ")) };
    format!("{}{args}{}", ty.name.name, if ty.optional { "?" } else { "" })
}
