//! The new commands against `opentok serve` run as its own process, driven through its HTTP control API.

use super::*;

/// One HTTP/1.1 request to `opentok serve`'s control API (`/_test/...`), as a test in any language would
/// make it: the status and the body.
fn control(url: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let addr = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).expect("the server listens");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

/// `opentok serve` as its own process (standard error to `stderr`), and its JSON start line.
fn serve(stderr: Stdio) -> (std::process::Child, Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_opentok"))
        .args(["serve"])
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("opentok serve starts");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    let info: Value = serde_json::from_str(&first).unwrap_or_else(|e| panic!("{e}: {first:?}"));
    (child, info)
}

#[test]
fn broadcast_and_render_against_opentok_serve_as_a_process() {
    let (mut child, info) = serve(Stdio::null());
    let url = info["url"].as_str().unwrap().to_owned();
    let env = [
        ("OPENTOK_API_URL", url.clone()),
        ("OPENTOK_API_KEY", info["api_key"].as_str().unwrap().to_owned()),
        ("OPENTOK_API_SECRET", info["api_secret"].as_str().unwrap().to_owned()),
    ];
    let session_id = opentok(&["session", "create", "--routed"], &env).expect(0).stdout.trim().to_owned();
    let token = opentok(&["token", &session_id], &env).expect(0).stdout.trim().to_owned();
    let (status, body) = control(
        &url,
        "POST",
        &format!("/_test/session/{session_id}/connection"),
        &format!("{{\"token\":\"{token}\"}}"),
    );
    assert_eq!(status, 200, "{body}");

    let broadcast = opentok(&["broadcast", "start", &session_id, "--hls", "low-latency", "--wait", "--json"], &env)
        .expect(0)
        .json();
    assert_eq!(
        (broadcast["status"].as_str(), broadcast["broadcastUrls"]["hlsStatus"].as_str()),
        (Some("started"), Some("live"))
    );
    let id = broadcast["id"].as_str().unwrap();
    let (status, stored) = control(&url, "GET", &format!("/_test/broadcast/{id}"), "");
    assert_eq!(status, 200);
    assert!(stored.contains("\"lowLatency\":true"), "{stored}");
    assert_eq!(opentok(&["broadcast", "stop", id, "--json"], &env).expect(0).json()["status"], "stopped");

    let render =
        opentok(&["render", "start", &session_id, "https://example.com/overlay", "--json"], &env).expect(0).json();
    let render_id = render["id"].as_str().unwrap();
    opentok(&["render", "stop", render_id], &env).expect(0);
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn serve_prints_the_inspector_url_beside_its_json_line() {
    let (mut child, info) = serve(Stdio::piped());
    let url = info["url"].as_str().unwrap();
    let mut hint = String::new();
    BufReader::new(child.stderr.take().unwrap()).read_line(&mut hint).unwrap();
    assert_eq!(hint.trim_end(), format!("inspector: {url}/_inspector"));
    let (status, page) = control(url, "GET", "/_inspector", "");
    assert_eq!(status, 200);
    assert!(page.contains("<title>OpenTok test server inspector</title>"), "{page}");
    child.kill().unwrap();
    child.wait().unwrap();
}
