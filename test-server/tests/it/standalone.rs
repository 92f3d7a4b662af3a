use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

use crate::common::rest_jwt;

#[tokio::test]
async fn prints_one_json_line_then_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_opentok-test-server"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = tokio::time::timeout(std::time::Duration::from_secs(10), lines.next_line())
        .await
        .expect("a line within 10 s")
        .unwrap()
        .unwrap();
    let info: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert!(line.starts_with("{\"url\":\"http://127.0.0.1:"), "{line}");
    let obj = info.as_object().unwrap();
    assert_eq!(obj.len(), 3);
    let (url, key, secret) =
        (info["url"].as_str().unwrap(), info["api_key"].as_str().unwrap(), info["api_secret"].as_str().unwrap());
    assert!(url.starts_with("http://127.0.0.1:") && !url.ends_with('/'));
    assert!(key.len() == 8 && key.bytes().all(|b| b.is_ascii_digit()));
    assert!(secret.len() == 40 && secret.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));

    let resp = reqwest::Client::new()
        .post(format!("{url}/session/create"))
        .header("X-OPENTOK-AUTH", rest_jwt(key, secret))
        .header("Accept", "application/json")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("p2p.preference=disabled")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    child.kill().await.unwrap();
}

#[tokio::test]
async fn flags_set_credentials_limits_and_faults() {
    let secret = "ab".repeat(20);
    let mut child = Command::new(env!("CARGO_BIN_EXE_opentok-test-server"))
        .args(["--address", "127.0.0.1", "--api-key", "87654321", "--api-secret", &secret, "--log-entries", "2"])
        .args(["--fault", r#"{"status": 503, "body": "{\"code\":503}", "contentType": "application/json"}"#])
        .args(["--max-body-bytes", "100"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line =
        tokio::time::timeout(std::time::Duration::from_secs(10), lines.next_line()).await.unwrap().unwrap().unwrap();
    let info: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!((info["api_key"].as_str(), info["api_secret"].as_str()), (Some("87654321"), Some(secret.as_str())));
    let url = format!("{}/v2/project/87654321/archive", info["url"].as_str().unwrap());
    let http = reqwest::Client::new();
    let get = || http.get(&url).header("X-OPENTOK-AUTH", rest_jwt("87654321", &secret)).send();
    assert_eq!(get().await.unwrap().status(), 503, "the queued fault");
    assert_eq!(get().await.unwrap().status(), 200);
    let big = http.post(&url).header("X-OPENTOK-AUTH", rest_jwt("87654321", &secret)).body("x".repeat(101));
    assert_eq!(big.send().await.unwrap().status(), 413);
    let log: Vec<serde_json::Value> = http
        .get(format!("{}/_test/requests", info["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log.len(), 2, "--log-entries bounds the log");
    child.kill().await.unwrap();
}

#[tokio::test]
async fn help_documents_every_flag_and_bad_flags_exit_2() {
    let help = Command::new(env!("CARGO_BIN_EXE_opentok-test-server")).arg("--help").output().await.unwrap();
    assert!(help.status.success());
    let text = String::from_utf8(help.stdout).unwrap();
    for flag in [
        "--address",
        "--port",
        "--api-key",
        "--api-secret",
        "--log-entries",
        "--log-bytes",
        "--max-body-bytes",
        "--max-connections",
        "--idle-timeout-ms",
        "--header-timeout-ms",
        "--body-timeout-ms",
        "--fault",
    ] {
        assert!(text.contains(flag), "{flag} missing from --help");
    }
    for bad in [
        &["--fault", "{\"status\": 42}"][..],
        &["--fault", "nope"],
        &["--port", "70000"],
        &["--api-key", "1/2", "--api-secret", "s"],
        &["--api-key", "12345678"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_opentok-test-server")).args(bad).output().await.unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(out.stdout.is_empty(), "{bad:?}: no start-up line");
    }
}
