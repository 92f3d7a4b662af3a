//! Without node, npm or python3 the oracle tests are skipped with one note, except in CI, where a missing
//! tool fails them (`tests/common/oracle_tools.rs`).

use crate::common::oracle_tools::{decide, missing, Decision, Oracle, NODE, PYTHON};

#[test]
fn a_missing_tool_skips_with_a_note_outside_ci_and_fails_in_ci() {
    assert_eq!(decide(&NODE, &[], false), Decision::Run);
    assert_eq!(decide(&NODE, &[], true), Decision::Run);
    let Decision::Skip(note) = decide(&NODE, &["node", "npm"], false) else { panic!("not skipped") };
    for said in ["skipped", "Node SDKs", "node, npm", "apt-get install nodejs npm", "cargo test --workspace"] {
        assert!(note.contains(said), "{said:?} missing from {note:?}");
    }
    let Decision::Fail(why) = decide(&PYTHON, &["python3"], true) else { panic!("CI must not skip") };
    assert!(why.contains("python3") && why.contains("CI") && why.contains("python3-venv"), "{why}");
}

#[test]
fn a_tool_that_is_not_installed_is_found_missing() {
    let nowhere = Oracle {
        name: "a tool nobody has",
        checks: &[&["opentok-sdk-no-such-tool-anywhere", "--version"], &["sh", "-c", "exit 3"], &["sh", "-c", "true"]],
        install: "nothing",
    };
    assert_eq!(missing(&nowhere), ["opentok-sdk-no-such-tool-anywhere", "sh"]);
}
