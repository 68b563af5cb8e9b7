//! The standard library's declarations (`stdlib/*.tenor`) and the runtime's natives agree,
//! and every function is documented.

use tenor_compiler::native::{stdlib, Native};

#[test]
fn the_standard_library_parses_and_checks_clean() {
    for (module, text) in tenor_compiler::native::STDLIB {
        let parsed = tenor_compiler::syntax::parse(Default::default(), text);
        assert!(parsed.diagnostics.is_empty(), "stdlib/{module}.tenor: {:?}", parsed.diagnostics);
    }
}

#[test]
fn every_declared_function_is_implemented_and_every_native_is_declared() {
    let declared = stdlib();
    for f in &declared {
        assert!(f.native.is_some(), "`{}.{}` is declared in stdlib/ but the runtime does not implement it", f.module, f.name);
        assert!(!f.docs.trim().is_empty(), "`{}.{}` has no `##` documentation", f.module, f.name);
    }
    for native in Native::ALL {
        assert!(
            declared.iter().any(|f| f.native == Some(*native)),
            "`{}` is implemented but not declared in stdlib/",
            native.qualified_name()
        );
    }
}

#[test]
fn the_reference_lists_signatures_with_their_docs() {
    let reference: Vec<String> = stdlib().iter().map(|f| format!("{}.{}  —  {}", f.module, f.signature, f.docs)).collect();
    insta::assert_snapshot!(reference.join("\n"));
}
