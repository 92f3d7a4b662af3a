//! The official Python SDK (PyPI `opentok==3.15.0`) as a second oracle, beside the Node SDK's: its whole
//! surface that the API description covers runs against the standalone server binary
//! (`tests/oracle/python/surface.py` asserts as it goes), then this test checks the server's side of
//! the story: every request it recorded carries a valid REST JWT from the Python SDK, and the ids the
//! script saw are the server's.
//!
//! The SDK lives in a virtualenv at `tests/oracle/python/.venv`, which `.ci/run` creates; a fresh
//! clone gets it here on first use (`python3 -m venv` + `pip install opentok==3.15.0`), and says so.
//! Without `python3` (and its `venv`) the tests are skipped with one note, except when `CI` is set:
//! then they fail (`tests/common/oracle_tools.rs`).
//!
//! Where the Python SDK is wrong, the script steps around the bug and says which:
//! - PY-BUG-1: `mute_all` sends `excludedStreams`, not the documented `excludedStreamIds`, so the
//!   platform (and this server) ignore the exclusion and mute every stream.
//! - PY-BUG-2: `send_signal`, `add_archive_stream` and `remove_archive_stream` test `if response:`
//!   before their status branches, so every error (400, 404, 405, 413) surfaces as a generic
//!   `RequestError(message, status)`.
//! - PY-BUG-3: `delete_archive` has no 409 branch: deleting a recording archive is a generic
//!   `RequestError`.
//! - PY-BUG-4: `mute_stream`, `mute_all`, `disable_force_mute` and `play_dtmf` wrap every error in a
//!   bare `OpenTokException`.
//! - PY-BUG-5: `start_broadcast`, `get_broadcast` and `stop_broadcast` have no 404 branch (and
//!   `get_broadcast` documents a 409 the platform does not send), so a session without clients, an
//!   unknown broadcast and a second stop surface as a generic `RequestError(message, 404)`.
//!   `add_broadcast_stream` and `remove_broadcast_stream` have PY-BUG-2's `if response:` too.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use opentok_test_server::verify_rest_jwt;

#[path = "../../../tests/common/oracle_tools.rs"]
#[allow(dead_code)]
pub(crate) mod oracle_tools;
use serde_json::Value;

const PINNED: &str = "opentok==3.15.0";

pub(crate) fn oracle_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/oracle/python")
}

fn venv_python() -> PathBuf {
    oracle_dir().join(".venv/bin/python")
}

/// The virtualenv's python with the pinned SDK, created on first use (under a file lock: test
/// binaries may run in parallel).
pub(crate) fn ensure_installed() -> PathBuf {
    let python = venv_python();
    let has_sdk = || {
        Command::new(&python)
            .args(["-c", "import opentok, sys; sys.exit(0 if opentok.__version__ == '3.15.0' else 1)"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    let lock = std::fs::File::create(std::env::temp_dir().join("opentok-test-server-python-oracle.lock")).unwrap();
    lock.lock().expect("lock the python install");
    if !has_sdk() {
        let _ = writeln!(
            std::io::stderr(),
            "installing the Python SDK oracle: {PINNED}, with pip into a virtualenv at tests/oracle/python/.venv"
        );
        let status =
            Command::new("python3").args(["-m", "venv"]).arg(oracle_dir().join(".venv")).status().expect(
                "python3 must be installed to run the Python SDK oracle (apt-get install python3 python3-venv)",
            );
        assert!(status.success(), "python3 -m venv failed");
        let status = Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", PINNED])
            .status()
            .expect("pip in the virtualenv");
        assert!(status.success(), "pip install {PINNED} failed");
        assert!(has_sdk(), "{PINNED} is not importable after installing it");
    }
    let _ = lock.unlock();
    python
}

/// Starts the standalone server, runs the Python oracle script `name` with the server's JSON line on its
/// standard input, and returns the server's line (as JSON), what the script printed (checked to come from
/// opentok 3.15.0), and the running server. `None` when python3 is not here (and `CI` is not set): the
/// test is skipped, with a note.
pub(crate) async fn run_oracle(name: &str) -> Option<(Value, Value, tokio::process::Child)> {
    if !oracle_tools::available(&oracle_tools::PYTHON) {
        return None;
    }
    let python = ensure_installed();
    let (line, server) = crate::common::start_binary(&[]).await;
    let (line, info) = line.expect("the server's JSON line");
    let script = oracle_dir().join(name);
    let output = tokio::task::spawn_blocking(move || {
        let mut child = Command::new(python)
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run the python oracle");
        child.stdin.take().unwrap().write_all(line.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{name} failed:\n{stderr}");
    let seen: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    assert_eq!(seen["sdkVersion"], "3.15.0");
    Some((info, seen, server))
}

#[tokio::test]
async fn python_sdk_surface_against_the_standalone_server() {
    let Some((info, seen, mut server)) = run_oracle("surface.py").await else { return };
    let (url, key, secret) =
        (info["url"].as_str().unwrap(), info["api_key"].as_str().unwrap(), info["api_secret"].as_str().unwrap());

    let http = reqwest::Client::new();
    let control = |path: String| {
        let http = http.clone();
        async move { http.get(path).send().await.unwrap().json::<Value>().await.unwrap() }
    };
    // The sessions and ids the SDK saw are the server's.
    let routed = seen["sessions"]["routed"].as_str().unwrap();
    let state = control(format!("{url}/_test/session/{routed}")).await;
    assert_eq!(state["mediaMode"], "routed");
    let sip = &seen["sip"];
    let leg = state["connections"].as_array().unwrap().iter().find(|c| c["connectionId"] == sip["connectionId"]);
    assert_eq!(leg.expect("the SIP leg is a connection")["sip"], true);
    assert!(state["streams"].as_array().unwrap().iter().any(|s| s["id"] == sip["streamId"]));
    let located = control(format!("{url}/_test/session/{}", seen["sessions"]["located"].as_str().unwrap())).await;
    assert_eq!((located["location"].as_str(), located["e2ee"].as_bool()), (Some("10.1.2.3"), Some(true)));
    let always = control(format!("{url}/_test/session/{}", seen["sessions"]["always"].as_str().unwrap())).await;
    assert_eq!(
        (always["archiveMode"].as_str(), always["archiveName"].as_str()),
        (Some("always"), Some("auto-archive"))
    );
    let qp = control(format!("{url}/_test/archive/{}", seen["archives"]["qp"].as_str().unwrap())).await;
    assert_eq!(qp["quantizationParameter"], 20);
    // The broadcasts the SDK started are the server's, stopped, with what the SDK asked for.
    let hls = control(format!("{url}/_test/broadcast/{}", seen["broadcasts"]["hls"].as_str().unwrap())).await;
    assert_eq!((hls["status"].as_str(), hls["streamMode"].as_str()), (Some("stopped"), Some("manual")));
    assert_eq!(hls["settings"]["hls"]["dvr"], true);
    let rtmp = control(format!("{url}/_test/broadcast/{}", seen["broadcasts"]["rtmp"].as_str().unwrap())).await;
    assert_eq!(rtmp["broadcastUrls"]["rtmp"][0]["id"], "py");
    assert_eq!(rtmp["multiBroadcastTag"], "py-rtmp");

    // Every request came from the Python SDK with a REST JWT this server accepts (a few were made
    // with a wrong secret on purpose: those are the only refusals).
    let requests = control(format!("{url}/_test/requests")).await;
    let requests = requests.as_array().unwrap();
    assert!(requests.len() > 60, "{} requests", requests.len());
    let now = chrono::Utc::now().timestamp();
    let mut refused = 0;
    for r in requests {
        let agent = r["headers"]["user-agent"].as_str().unwrap_or_default();
        assert!(agent.starts_with("OpenTok-Python-SDK/3.15.0"), "{agent}");
        let jwt = r["headers"]["x-opentok-auth"].as_str().expect("X-OPENTOK-AUTH on every call");
        if verify_rest_jwt(jwt, key, secret, now).is_err() {
            refused += 1;
        }
    }
    assert_eq!(refused, 1, "only the wrong-secret session create is refused");
    // PY-BUG-1, as the server saw it.
    let mute_all = requests.iter().find(|r| {
        let path = r["path"].as_str().unwrap();
        path.ends_with("/mute") && !path.contains("/stream/") && r["body"].as_str().unwrap().contains("true")
    });
    let body: Value = serde_json::from_str(mute_all.expect("a mute-all call")["body"].as_str().unwrap()).unwrap();
    assert!(body.get("excludedStreams").is_some() && body.get("excludedStreamIds").is_none(), "{body}");
    server.kill().await.unwrap();
}
