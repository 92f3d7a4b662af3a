//! Whether the tools a differential (oracle) test needs are here: `node` and `npm` for the official Node
//! SDKs, `python3` with `venv` for the official Python SDK. Shared by the SDK's tests (`tests/common`) and
//! the test server's (`test-server/tests/it`, through `#[path]`).
//!
//! An application developer needs none of them, so `cargo test --workspace --all-features` passes with
//! the Rust toolchain alone: without a tool, and without `CI`, the tests that need it return early and
//! one note on the terminal (once per `cargo test` run) says what was skipped and how to run it. With
//! `CI` set (`.ci/run` sets `CI=true`), a missing tool fails the test: CI never skips an oracle.

use std::io::Write as _;
use std::process::{Command, Stdio};

/// One oracle's tools: what it is called, the commands that must run, and how to install them.
pub struct Oracle {
    /// What the skipped tests compare with, for the note.
    pub name: &'static str,
    /// Commands that must exit 0 (program and arguments), each checking one tool.
    pub checks: &'static [&'static [&'static str]],
    /// How to install the tools on Debian or Ubuntu.
    pub install: &'static str,
}

/// What to do when tools are missing.
#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    /// Every tool is here: run the test.
    Run,
    /// Skip the test, after saying so (this text) once.
    Skip(String),
    /// Fail the test with this text (in CI).
    Fail(String),
}

/// `true` when `CI` is set to anything but empty, `0` or `false`, as CI services set it.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// The decision for `oracle` when `missing` lists the tools that did not run.
pub fn decide(oracle: &Oracle, missing: &[&str], ci: bool) -> Decision {
    if missing.is_empty() {
        return Decision::Run;
    }
    let missing = missing.join(", ");
    if ci {
        return Decision::Fail(format!(
            "{} cannot run: {missing} not found, and CI is set, so the oracle tests may not be skipped \
             (install: {}; `.ci/run` does)",
            oracle.name, oracle.install
        ));
    }
    Decision::Skip(format!(
        "note: skipped the tests that compare with {} ({missing} not found on PATH); everything else ran. \
         To run them too: {}, then `cargo test --workspace --all-features` again (or run `.ci/run`, which \
         installs them and makes them mandatory with CI=true).",
        oracle.name, oracle.install
    ))
}

/// The tools among `oracle`'s checks that do not run here.
pub fn missing(oracle: &Oracle) -> Vec<&'static str> {
    oracle
        .checks
        .iter()
        .filter(|check| {
            !Command::new(check[0])
                .args(&check[1..])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .map(|check| check[0])
        .collect()
}

/// Whether `oracle`'s tests can run here: `true` when its tools are present; otherwise fails the test
/// in CI, or says once that they are skipped and returns `false`.
pub fn available(oracle: &Oracle) -> bool {
    let missing = missing(oracle);
    match decide(oracle, &missing, in_ci()) {
        Decision::Run => true,
        Decision::Fail(why) => panic!("{why}"),
        Decision::Skip(note) => {
            if first_to_say(oracle.name) {
                // Straight to the terminal: the test harness captures `eprintln!` of passing tests.
                let _ = writeln!(std::io::stderr(), "\n{note}\n");
            }
            false
        }
    }
}

/// `true` for the first caller in this `cargo test` run (test binaries are children of one cargo
/// process, and run in parallel) to ask about `oracle`.
fn first_to_say(oracle: &str) -> bool {
    #[cfg(unix)]
    let run = std::os::unix::process::parent_id();
    #[cfg(not(unix))]
    let run = std::process::id();
    let slug: String = oracle.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let marker = std::env::temp_dir().join(format!("opentok-sdk-oracle-skipped-{slug}-{run}"));
    std::fs::OpenOptions::new().write(true).create_new(true).open(marker).is_ok()
}

/// The official Node SDKs: npm `opentok@2.23.2`, `@vonage/video@1.31.1` and `@vonage/jwt@1.17.1`.
pub const NODE: Oracle = Oracle {
    name: "the official Node SDKs (npm opentok, @vonage/video)",
    checks: &[&["node", "--version"], &["npm", "--version"]],
    install: "`apt-get install nodejs npm` (node 20 or later)",
};

/// The official Python SDK: PyPI `opentok==3.15.0`, in a virtualenv.
pub const PYTHON: Oracle = Oracle {
    name: "the official Python SDK (PyPI opentok)",
    checks: &[&["python3", "-c", "import venv, ensurepip"]],
    install: "`apt-get install python3 python3-venv`",
};
