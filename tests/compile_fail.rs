//! Option combinations the platform refuses do not compile, in any call order, and the compiler says what
//! to call instead. One case per forbidden combination and order: `tests/ui/archive_*.rs` for
//! `StartArchive`, `tests/ui/session_*.rs` for `CreateSession`, each with its expected compiler output in
//! the `.stderr` beside it (`tests/ui/option_*.rs`: option values whose required fields are missing) (regenerate with `TRYBUILD=overwrite cargo test --test compile_fail`, then
//! review the messages).

use std::{fs, path::Path};

/// All cases in one `TestCases` run: trybuild builds the dependency graph once for them.
#[test]
fn typestate_rules() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

/// Every case's expected output is the crate's own message (from `#[diagnostic::on_unimplemented]`, not a
/// bare "trait bound is not satisfied"), and it names a call to make instead.
#[test]
fn every_case_says_what_to_call_instead() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let mut cases = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        cases += 1;
        let name = path.display();
        let stderr = fs::read_to_string(path.with_extension("stderr"))
            .unwrap_or_else(|e| panic!("{name} has no .stderr beside it: {e}"));
        // `option_*`: option values built with typed-builder, whose message names the missing field.
        if path.file_name().is_some_and(|f| f.to_string_lossy().starts_with("option_")) {
            assert!(stderr.contains("Missing required field"), "{name}: no missing-field message:\n{stderr}");
            continue;
        }
        let first = stderr.lines().next().unwrap_or_default();
        assert!(first.starts_with("error[E0277]: "), "{name}: the first error is not a typestate rule: {first}");
        assert!(!first.contains("the trait bound"), "{name}: the marker trait has no message of its own: {first}");
        let advice = stderr.lines().filter(|l| l.contains("^ ") || l.trim_start().starts_with("= note:"));
        assert!(advice.into_iter().any(|l| l.contains("`.")), "{name}: no label or note names a call:\n{stderr}");
    }
    assert!(cases >= 44, "only {cases} compile-fail cases in tests/ui");
}
