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
