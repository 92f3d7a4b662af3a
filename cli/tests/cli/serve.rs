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
    serve_with(&["serve"], &[], stderr)
}

/// `opentok args...` (a `serve`) as its own process, with the browser-finding variables cleared and then
/// `env` set, and its JSON start line.
fn serve_with(args: &[&str], env: &[(&str, &std::ffi::OsStr)], stderr: Stdio) -> (std::process::Child, Value) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_opentok"));
    for var in ["BROWSER", "DISPLAY", "WAYLAND_DISPLAY", "WSL_DISTRO_NAME"] {
        command.env_remove(var);
    }
    let mut child = command
        .args(args)
        .envs(env.iter().copied())
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

/// The lines `opentok serve` writes to standard error, read until one contains `needle` (10 s at most).
fn stderr_until(child: &mut std::process::Child, needle: &str) -> Vec<String> {
    let stderr = child.stderr.take().unwrap();
    let (send, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                return;
            }
        }
    });
    let mut seen = Vec::new();
    while let Ok(line) = lines.recv_timeout(std::time::Duration::from_secs(10)) {
        let done = line.contains(needle);
        seen.push(line);
        if done {
            return seen;
        }
    }
    panic!("standard error never said {needle:?}: {seen:#?}");
}

#[test]
fn serve_open_opens_the_inspector_in_the_browser_named_by_browser() {
    // A "browser" that writes down the URL it was asked to open.
    let dir = std::env::temp_dir().join(format!("opentok-cli-open-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let opened = dir.join("opened");
    let browser = dir.join("browser");
    std::fs::write(&browser, format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display())).unwrap();
    std::fs::set_permissions(&browser, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let (mut child, info) = serve_with(&["serve", "--open"], &[("BROWSER", browser.as_os_str())], Stdio::piped());
    let url = info["url"].as_str().unwrap().to_owned();
    let said = stderr_until(&mut child, "opened in a browser");
    assert_eq!(said[0], format!("inspector: {url}/_inspector"), "{said:?}");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::fs::read_to_string(&opened).unwrap_or_default().is_empty() {
        assert!(std::time::Instant::now() < deadline, "the browser was not started");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(std::fs::read_to_string(&opened).unwrap(), format!("{url}/_inspector"));
    assert_eq!(control(&url, "GET", "/_inspector", "").0, 200);
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn serve_open_without_a_browser_says_so_and_serves_on() {
    // No display, no BROWSER, and nothing on the PATH that could open one.
    let empty = std::env::temp_dir().join(format!("opentok-cli-no-browser-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let path = ("PATH", empty.as_os_str());
    // Without a display (the browser crate is not asked), and then with one but no browser to be found
    // there (it is asked, and says why in its own words).
    for (env, no_display) in [(vec![path], true), (vec![path, ("DISPLAY", std::ffi::OsStr::new(":99"))], false)] {
        let (mut child, info) = serve_with(&["serve", "--open"], &env, Stdio::piped());
        let url = info["url"].as_str().unwrap().to_owned();
        let said = stderr_until(&mut child, "no browser opened");
        let note = said.last().unwrap();
        assert_eq!(note.contains("no graphical display"), no_display, "{note}");
        assert!(note.ends_with(&format!("the server runs on: open {url}/_inspector")), "{note}");
        assert_eq!(control(&url, "GET", "/_inspector", "").0, 200);
        assert!(child.try_wait().unwrap().is_none(), "the server still runs");
        child.kill().unwrap();
        child.wait().unwrap();
    }
    let _ = std::fs::remove_dir_all(&empty);
}

#[test]
fn serve_open_is_a_flag_and_serve_takes_no_value_for_it() {
    let help = opentok(&["serve", "--help"], &[] as &[(&str, &str)]).expect(0).stdout;
    assert!(help.contains("--open") && help.contains("opentok serve --open"), "{help}");
    let run = opentok(&["serve", "--open=yes"], &[] as &[(&str, &str)]).expect(2);
    assert!(run.stderr.contains("--open"), "{run:#?}");
}
