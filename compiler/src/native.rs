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
    TimeDaysBetween = "time"."days_between",
    TimeDays = "time"."days",
    TimeHours = "time"."hours",
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
}
