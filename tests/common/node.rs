//! Running the official Node SDKs (npm `opentok@2.23.2`, and `@vonage/video@1.31.1` with
//! `@vonage/jwt@1.17.1` for application credentials) as oracles.
//!
//! Each test that needs them starts with `if !common::node::available() { return; }`: without `node` and
//! `npm` it is skipped, with one note on the terminal (and fails when `CI` is set; see
//! [`oracle_tools`](super::oracle_tools)). `ensure_installed` runs `npm ci` in `tests/oracle` the first
//! time any test needs it (under a file lock, since test binaries run in parallel), so `cargo test` works
//! on a fresh clone, and says what it installs.
//!
//! The `@vonage/*` packages declare `engines: node >= 22`; Debian's node is 20. npm only warns about that
//! (`EBADENGINE`: engine-strict is off by default, and `--engine-strict=false` keeps it off whatever a
//! user's `.npmrc` says), and the oracle tests pass on node 20 (v20.20.2, checked).

use std::{
    fs::File,
    io::Write as _,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

use super::oracle_tools;

pub fn oracle_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle")
}

/// Whether the Node oracles can run: `node` and `npm` are on the PATH. Without them this says once that
/// the oracle tests are skipped and returns `false` (and fails the test when `CI` is set).
pub fn available() -> bool {
    oracle_tools::available(&oracle_tools::NODE)
}

/// The packages `npm ci` installs, as pinned by `tests/oracle/package-lock.json`.
const PACKAGES: [(&str, &str); 3] = [("opentok", "2.23.2"), ("@vonage/video", "1.31.1"), ("@vonage/jwt", "1.17.1")];

/// Installs the oracle's node modules from the committed lock file if they are not there yet.
pub fn ensure_installed() {
    let dir = oracle_dir();
    let lock = File::create(std::env::temp_dir().join("opentok-sdk-oracle-npm.lock")).expect("lock file");
    lock.lock().expect("lock the npm install");
    if !PACKAGES.iter().all(|(package, _)| dir.join("node_modules").join(package).join("package.json").exists()) {
        let node = Command::new("node").arg("--version").output().map(|o| o.stdout).unwrap_or_default();
        let wanted: Vec<String> = PACKAGES.iter().map(|(name, version)| format!("{name}@{version}")).collect();
        let _ = writeln!(
            std::io::stderr(),
            "installing the Node SDK oracles into tests/oracle/node_modules (npm ci, from package-lock.json): \
             {} on node {} (the @vonage packages declare node >= 22; on an older node npm warns EBADENGINE \
             and installs them anyway)",
            wanted.join(", "),
            String::from_utf8_lossy(&node).trim()
        );
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error", "--engine-strict=false"])
            .current_dir(&dir)
            .stdout(Stdio::inherit())
            .stderr(Stdio::inherit())
            .status()
            .expect("npm must be installed to run the Node SDK oracle tests (apt-get install nodejs npm)");
        assert!(status.success(), "`npm ci` in tests/oracle failed");
    }
    let _ = lock.unlock();
}

/// Runs `node <script> <args>` in tests/oracle with `stdin` as input and returns its stdout, failing the
/// test with node's stderr if the script fails.
pub fn run(script: &str, args: &[&str], stdin: &str) -> String {
    use std::io::Write;
    ensure_installed();
    let mut child = Command::new("node")
        .arg(script)
        .args(args)
        .current_dir(oracle_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node must be installed to run the Node SDK oracle tests");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write to node");
    let output = child.wait_with_output().expect("node runs");
    assert!(output.status.success(), "node {script} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8 output")
}
