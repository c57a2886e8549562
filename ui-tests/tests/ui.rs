//! `cargo test -p cld-sign-ui-tests`: every misuse of `#[derive(Signable)]` (and of the
//! sealed `Sink` hooks) fails to compile with the message in its `.stderr` snapshot; every
//! valid use compiles and runs.
//! Regenerate snapshots with `TRYBUILD=overwrite` and review them.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/pass/*.rs");
}

/// The macro keeps its own copy of the excluded names (a proc-macro cannot read the
/// runtime's constant); a compile-fail case for each runtime name keeps the two in step.
#[test]
fn every_excluded_name_has_a_compile_fail_case() {
    for name in cld_sign::request::EXCLUDED_NAMES {
        let case = format!(
            "{}/tests/ui/excluded_name_{name}.rs",
            env!("CARGO_MANIFEST_DIR")
        );
        let source = std::fs::read_to_string(&case)
            .unwrap_or_else(|e| panic!("no compile-fail case for `{name}` ({case}): {e}"));
        assert!(source.contains(name), "{case} does not use `{name}`");
    }
}
