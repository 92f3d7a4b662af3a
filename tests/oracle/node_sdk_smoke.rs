//! The official Node SDK (npm `opentok@2.23.2`) against the standalone test server binary: every call
//! the foundation issue lists succeeds (createSession, generateToken, the archive life cycle,
//! forceDisconnect, dial). This is how we know the test server speaks the platform's dialect and not only
//! this crate's. The Node side is `tests/oracle/smoke.js`; it asserts as it goes and prints what it saw.

use crate::common;

use std::{
    io::{BufRead, BufReader, Read, Write},
    net::TcpStream,
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use serde_json::Value;

/// The standalone server, killed when dropped.
struct Standalone {
    child: Child,
    url: String,
    api_key: String,
    api_secret: String,
    /// The start-up line, as printed.
    line: String,
    /// Reads whatever the server prints after its start-up line, until it exits.
    rest_of_stdout: Option<std::thread::JoinHandle<String>>,
}

impl Standalone {
    /// Stops the server and returns what it printed on stdout after the start-up line.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.rest_of_stdout.take().map(|t| t.join().expect("stdout reader")).unwrap_or_default()
    }
}

impl Drop for Standalone {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `target/<profile>/opentok-test-server`: the test executable lives in `target/<profile>/deps`. Cargo
/// cannot be asked to build it from inside `cargo test` (the build lock is held), but `cargo test
/// --workspace` builds every workspace binary before running any test.
fn server_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("path of the test executable");
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).expect("target/<profile> directory");
    let binary = profile_dir.join(format!("opentok-test-server{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.is_file(),
        "the standalone test server binary {} is missing: run `cargo build -p opentok-test-server` \
         (or `cargo test --workspace`, which builds it) before this test",
        binary.display()
    );
    // Run alone (`cargo test --test oracle node_sdk_smoke`), cargo does not rebuild the server's binary: refuse
    // to test an old build of it.
    let built = std::fs::metadata(&binary).and_then(|m| m.modified()).expect("binary mtime");
    let sources = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test-server");
    if let Some(newer) = newer_than(&sources, built) {
        panic!(
            "the standalone test server binary {} is older than {}: run `cargo build -p opentok-test-server` \
             (or `cargo test --workspace`) first",
            binary.display(),
            newer.display()
        );
    }
    binary
}

/// A file under `dir` (its `src/`, `Cargo.toml` and `README.md`, which the server's docs include) modified
/// after `time`, if any.
fn newer_than(dir: &std::path::Path, time: SystemTime) -> Option<PathBuf> {
    // The files the binary is built from (rustc's dependency info lists the README, which the crate's docs
    // include). Not Cargo.toml: an edit of its metadata (keywords, license) rebuilds nothing.
    let mut pending = vec![dir.join("src"), dir.join("README.md")];
    while let Some(path) = pending.pop() {
        let Ok(meta) = std::fs::metadata(&path) else { continue };
        if meta.is_dir() {
            pending.extend(std::fs::read_dir(&path).into_iter().flatten().flatten().map(|e| e.path()));
        } else if meta.modified().is_ok_and(|m| m > time) {
            return Some(path);
        }
    }
    None
}

fn start_standalone() -> Standalone {
    let mut child = Command::new(server_binary())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the standalone test server");
    let mut stdout = BufReader::new(child.stdout.take().expect("server stdout"));
    let mut line = String::new();
    let read = stdout.read_line(&mut line);
    let guard = |url: String, api_key: String, api_secret: String, line: String| Standalone {
        child,
        url,
        api_key,
        api_secret,
        line,
        rest_of_stdout: None,
    };
    let parsed: Value = match read.ok().filter(|n| *n > 0).and_then(|_| serde_json::from_str(line.trim()).ok()) {
        Some(v) => v,
        None => {
            drop(guard(String::new(), String::new(), String::new(), String::new()));
            panic!("the standalone test server did not print its JSON start-up line, got {line:?}");
        }
    };
    // Exactly one line: what follows is drained (so the server never blocks on a full pipe) and checked
    // when the server is stopped.
    let rest_of_stdout = std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = stdout.read_to_string(&mut rest);
        rest
    });
    let field = |name: &str| parsed[name].as_str().unwrap_or_else(|| panic!("{name} in {line:?}")).to_string();
    let (url, api_key, api_secret) = (field("url"), field("api_key"), field("api_secret"));
    let object = parsed.as_object().expect("a JSON object");
    assert_eq!(object.len(), 3, "exactly url, api_key and api_secret: {line}");
    let mut server = guard(url, api_key, api_secret, line.trim().to_string());
    server.rest_of_stdout = Some(rest_of_stdout);
    server
}

/// A GET on the control API over plain HTTP/1.0 (so the answer is neither chunked nor kept alive).
fn control_get(base: &str, path: &str) -> Value {
    let authority = base.strip_prefix("http://").expect("http:// URL");
    let mut stream = TcpStream::connect(authority).expect("connect to the test server");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {authority}\r\nAccept: application/json\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read the answer");
    let (head, body) = response.split_once("\r\n\r\n").expect("HTTP head and body");
    assert!(head.starts_with("HTTP/1.") && head[9..].starts_with("200"), "GET {path}: {head}");
    serde_json::from_str(body).unwrap_or_else(|e| panic!("GET {path}: {e}: {body}"))
}

/// The shape of a recorded path: ids replaced by `{id}` so requests can be matched against a list.
fn path_shape(path: &str, api_key: &str) -> String {
    path.split('/')
        .map(|segment| {
            if segment == api_key {
                "{k}"
            } else if segment.len() >= 20 {
                "{id}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn node_sdk_runs_against_the_standalone_test_server() {
    if !common::node::available() {
        return;
    }
    let started = std::time::Instant::now();
    let server = start_standalone();
    assert!(server.url.starts_with("http://127.0.0.1:"), "{}", server.url);
    assert!(server.api_key.len() == 8 && server.api_key.bytes().all(|b| b.is_ascii_digit()), "{}", server.api_key);
    assert!(server.api_secret.len() == 40 && server.api_secret.bytes().all(|b| b.is_ascii_hexdigit()));

    // The Node script gets the start-up line as printed, exactly as another language's test would.
    let stdout = common::node::run("smoke.js", &[], &server.line);
    let out: Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"));

    // Sessions: ids as the platform mints them, for this project, with the location of the relayed one.
    let session_id = out["sessionId"].as_str().unwrap();
    let relayed_id = out["relayedSessionId"].as_str().unwrap();
    let key = &server.api_key;
    for id in [session_id, relayed_id] {
        let parts = opentok_sdk::SessionId::from(id).parts().expect("a well-formed session id");
        assert_eq!(parts.api_key, *key, "{id}");
    }
    assert_eq!(opentok_sdk::SessionId::from(relayed_id).parts().unwrap().location.as_deref(), Some("10.1.2.3"));

    // Both Node token formats were accepted by the server (the script connected a client with each);
    // they also verify here, independently, as client tokens for the session.
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64;
    for format in ["jwt", "t1"] {
        let token = out["tokens"][format].as_str().unwrap();
        let info = opentok_test_server::verify_client_token(token, key, &server.api_secret, now)
            .unwrap_or_else(|e| panic!("{format} token refused: {e:?}"));
        assert_eq!(info.session_id, session_id);
    }

    // The archive went started -> stopped -> available -> deleted, and the errors are the platform's.
    assert_eq!(out["startedArchive"]["status"], "started");
    assert_eq!(out["startedArchive"]["outputMode"], "composed");
    assert_eq!(out["startedArchive"]["resolution"], "1280x720");
    assert_eq!(out["archiveAfterStop"]["status"], "available");
    assert!(out["archiveAfterStop"]["size"].as_u64().unwrap() > 0);
    assert!(out["archiveAfterStop"]["url"].as_str().unwrap().starts_with("http"));
    // Both archives (the composed one and the individual one the script deleted through `Archive#delete`)
    // are gone from the listing.
    assert_eq!(out["totalAfterDelete"], 0, "{out}");
    assert!(out["relayedArchiveError"].as_str().unwrap().contains("relayed"), "{out}");
    assert_eq!(out["deletedArchiveError"], "Archive not found");
    assert!(!out["secondStopError"].as_str().unwrap().is_empty());

    // SIP: the call joined as a connection with a stream; dialling a relayed session is refused.
    assert!(out["relayedDialError"].as_str().unwrap().starts_with("Failed to dial endpoint"), "{out}");
    // Force disconnect removed the client and the SIP leg, with their streams; the T1 client stays.
    assert_eq!(out["remainingConnections"], serde_json::json!([out["legacy"]["connectionId"]]));
    assert_eq!(out["remainingStreams"], serde_json::json!([out["legacy"]["streamId"]]));
    assert_eq!(out["secondDisconnectError"], "Session or Connection not found");

    // What the server recorded: every call the issue lists, each from the Node SDK with an auth JWT that
    // verifies independently.
    let requests = control_get(&server.url, "/_test/requests");
    let requests = requests.as_array().expect("a list of requests");
    let mut shapes = Vec::new();
    for r in requests {
        let headers = &r["headers"];
        assert_eq!(headers["user-agent"], "OpenTok-Node-SDK/2.23.2", "{r}");
        let jwt = headers["x-opentok-auth"].as_str().unwrap_or_else(|| panic!("no auth header: {r}"));
        opentok_test_server::verify_rest_jwt(jwt, key, &server.api_secret, now)
            .unwrap_or_else(|e| panic!("the Node SDK's auth JWT does not verify: {e}: {r}"));
        let path = r["path"].as_str().unwrap();
        shapes.push(format!("{} {}", r["method"].as_str().unwrap(), path_shape(path, key)));
    }
    for expected in [
        "POST /session/create",
        "POST /v2/project/{k}/archive",
        "GET /v2/project/{k}/archive/{id}",
        "GET /v2/project/{k}/archive",
        "POST /v2/project/{k}/archive/{id}/stop",
        "DELETE /v2/project/{k}/archive/{id}",
        "POST /v2/project/{k}/dial",
        "DELETE /v2/project/{k}/session/{id}/connection/{id}",
    ] {
        assert!(shapes.iter().any(|s| s == expected), "no {expected} among {shapes:#?}");
    }
    let more = server.stop();
    assert!(more.is_empty(), "the standalone server printed more than its one JSON line: {more:?}");
    eprintln!("Node SDK smoke test: {} requests in {:?}", requests.len(), started.elapsed());
}
