//! `cargo test -p cld-sign-ui-tests`: every misuse of `#[derive(Signable)]` fails to compile
//! with the message in its `.stderr` snapshot; every valid use compiles and runs.
//! Regenerate snapshots with `TRYBUILD=overwrite` and review them.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/pass/*.rs");
}
