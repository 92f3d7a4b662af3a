//! Option combinations the platform refuses do not compile, and the compiler says what to call instead.
//! The expected messages are checked in under `tests/ui/*.stderr`.

#[test]
fn typestate_rules() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
