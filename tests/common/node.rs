//! Running the official Node SDKs (npm `opentok@2.23.2`, and `@vonage/video@1.31.1` with
//! `@vonage/jwt@1.17.1` for application credentials) as oracles.
//!
//! `ensure_installed` runs `npm ci` in `tests/oracle` the first time any test needs it (under a file lock,
//! since test binaries run in parallel), so `cargo test` works on a fresh clone. A missing `node` or a
//! failed install fails the test: the oracle tests never skip.

use std::{
    fs::File,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

pub fn oracle_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle")
}

/// Installs the oracle's node modules from the committed lock file if they are not there yet.
pub fn ensure_installed() {
    let dir = oracle_dir();
    let lock = File::create(std::env::temp_dir().join("opentok-sdk-oracle-npm.lock")).expect("lock file");
    lock.lock().expect("lock the npm install");
    let wanted = ["opentok", "@vonage/video", "@vonage/jwt"];
    if !wanted.iter().all(|package| dir.join("node_modules").join(package).join("package.json").exists()) {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
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
