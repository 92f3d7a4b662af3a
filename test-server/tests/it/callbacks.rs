//! Callbacks: configured through the control API and the command line, POSTed on state changes, signed
//! with the kind's secret, retried, and listed at `/_test/callbacks`.

use std::process::Stdio;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use reqwest::Method;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::process::Command;
use tokio::sync::mpsc;

use crate::common::{client_jwt, rest_jwt, Api};

/// One request a receiver got: its head (lower-cased header names) and body.
pub(crate) struct Received {
    pub authorization: Option<String>,
    pub body: Vec<u8>,
}

impl Received {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

/// A minimal HTTP receiver answering every request with `status`.
pub(crate) async fn receiver(status: u16) -> (String, mpsc::UnboundedReceiver<Received>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    let (send, got) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let send = send.clone();
            tokio::spawn(async move {
                let mut reader = BufReader::new(socket);
                let (mut length, mut authorization) = (0usize, None);
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':') {
                        match name.to_ascii_lowercase().as_str() {
                            "content-length" => length = value.trim().parse().unwrap_or(0),
                            "authorization" => authorization = Some(value.trim().to_string()),
                            _ => {}
                        }
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).await.unwrap();
                let _ = send.send(Received { authorization, body });
                let answer = format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
                let _ = reader.into_inner().write_all(answer.as_bytes()).await;
            });
        }
    });
    (url, got)
}

/// Checks a callback's JWT the way a receiver does, and returns its claims.
pub(crate) fn check_signature(authorization: &str, body: &[u8], secret: &str) -> Value {
    let jwt = authorization.strip_prefix("Bearer ").expect("a Bearer JWT");
    let (signed, signature) = jwt.rsplit_once('.').unwrap();
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(signed.as_bytes());
    mac.verify_slice(&URL_SAFE_NO_PAD.decode(signature).unwrap()).expect("signed with the kind's secret");
    let (header, claims) = signed.split_once('.').unwrap();
    let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).unwrap()).unwrap();
    assert_eq!(header["alg"], "HS256");
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(claims).unwrap()).unwrap();
    let hash: String = Sha256::digest(body).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(claims["payload_hash"], hash.as_str());
    claims
}

pub(crate) async fn next(got: &mut mpsc::UnboundedReceiver<Received>) -> Received {
    tokio::time::timeout(Duration::from_secs(10), got.recv()).await.expect("a callback within 10 s").unwrap()
}

#[tokio::test]
async fn the_control_api_sets_targets_and_lists_deliveries() {
    let api = Api::new().await;
    let (url, mut got) = receiver(200).await;
    let put = |kind: &str, body: Value| api.call(Method::PUT, format!("/_test/callbacks/config/{kind}"), Some(body));
    assert_eq!(put("connection_created", json!({"url": url, "secret": "s3cret"})).await.status, 204);
    assert_eq!(put("stream_created", json!({"url": url})).await.status, 204);
    assert_eq!(put("no_such_kind", json!({"url": url})).await.status, 400);
    assert_eq!(put("archive_status", json!({"url": "https://x"})).await.status, 400);
    assert_eq!(put("archive_status", json!({"url": url, "secret": 5})).await.status, 400);
    let config = api.get("/_test/callbacks/config").await.json;
    assert_eq!(
        config,
        json!({"connection_created": {"url": url, "signed": true}, "stream_created": {"url": url, "signed": false}})
    );

    let (session_id, client) = api.live_session().await;
    let created = next(&mut got).await;
    let payload: Value = serde_json::from_slice(&created.body).unwrap();
    assert_eq!(payload["event"], "connectionCreated");
    assert_eq!(payload["sessionId"], session_id.as_str());
    assert_eq!(payload["projectId"], api.key());
    assert_eq!(payload["connection"]["id"], client.connection_id.as_str());
    let claims = check_signature(created.authorization.as_deref().unwrap(), &created.body, "s3cret");
    assert_eq!((claims["iss"].as_str(), claims["api_key"].as_str()), (Some("Vonage"), Some(api.key())));
    assert!(claims["jti"].is_string() && claims["iat"].is_i64());
    let stream = next(&mut got).await;
    assert!(stream.authorization.is_none(), "no secret, no signature");
    let stream: Value = serde_json::from_slice(&stream.body).unwrap();
    assert_eq!(
        (stream["event"].as_str(), stream["stream"]["id"].as_str()),
        (Some("streamCreated"), Some(client.stream_id.as_str()))
    );

    let listed = api.get("/_test/callbacks").await.json;
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert_eq!(listed[0]["kind"], "connection_created");
    assert_eq!((listed[0]["result"].as_str(), listed[0]["signed"].as_bool()), (Some("delivered"), Some(true)));
    assert_eq!((listed[0]["attempts"].as_u64(), listed[0]["status"].as_u64()), (Some(1), Some(200)));
    assert_eq!(listed[0]["payload"]["event"], "connectionCreated");
    assert_eq!(api.delete("/_test/callbacks").await.status, 204);
    assert_eq!(api.get("/_test/callbacks").await.json, json!([]));
    assert_eq!(api.delete("/_test/callbacks/config/stream_created").await.status, 204);
    assert_eq!(api.get("/_test/callbacks/config").await.json.as_object().unwrap().len(), 1);
}

#[tokio::test]
async fn a_receiver_that_fails_gets_retries_with_back_off() {
    let api = Api::new().await;
    let (url, mut got) = receiver(500).await;
    api.call(Method::PUT, "/_test/callbacks/config/session_created", Some(json!({"url": url}))).await;
    api.live_session().await;
    let first = Instant::now();
    next(&mut got).await;
    let mut gaps = Vec::new();
    let mut last = first;
    for _ in 0..4 {
        next(&mut got).await;
        gaps.push(last.elapsed());
        last = Instant::now();
    }
    for (gap, at_least) in gaps.iter().zip([100, 200, 400, 800]) {
        assert!(*gap >= Duration::from_millis(at_least - 20), "{gaps:?}");
    }
    assert!(tokio::time::timeout(Duration::from_millis(1200), got.recv()).await.is_err(), "five tries at most");
    let listed = api.get("/_test/callbacks").await.json;
    assert_eq!(listed[0]["result"], "failed");
    assert_eq!((listed[0]["attempts"].as_u64(), listed[0]["status"].as_u64()), (Some(5), Some(500)));
}

#[tokio::test]
async fn command_line_flags_set_callbacks() {
    let (url, mut got) = receiver(204).await;
    let mut child = Command::new(env!("CARGO_BIN_EXE_opentok-test-server"))
        .args(["--callback", &format!("all={url}"), "--callback-secret", "all=cli-secret"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let line = tokio::time::timeout(Duration::from_secs(10), lines.next_line()).await.unwrap().unwrap().unwrap();
    let info: Value = serde_json::from_str(&line).unwrap();
    let (server, key, secret) =
        (info["url"].as_str().unwrap(), info["api_key"].as_str().unwrap(), info["api_secret"].as_str().unwrap());
    let http = reqwest::Client::new();
    let session: Value = http
        .post(format!("{server}/session/create"))
        .header("X-OPENTOK-AUTH", rest_jwt(key, secret))
        .header("Accept", "application/json")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("p2p.preference=disabled")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let session_id = session[0]["session_id"].as_str().unwrap();
    let token = client_jwt(key, secret, session_id, "subscriber");
    let answer = http
        .post(format!("{server}/_test/session/{session_id}/connection"))
        .json(&json!({"token": token}))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    let mut events = Vec::new();
    for _ in 0..2 {
        let received = next(&mut got).await;
        check_signature(received.authorization.as_deref().unwrap(), &received.body, "cli-secret");
        events.push(serde_json::from_slice::<Value>(&received.body).unwrap()["event"].as_str().unwrap().to_owned());
    }
    assert_eq!(events, ["sessionCreated", "connectionCreated"]);
    child.kill().await.unwrap();

    let bad = Command::new(env!("CARGO_BIN_EXE_opentok-test-server"))
        .args(["--callback", "nope=http://127.0.0.1:1/"])
        .output()
        .await
        .unwrap();
    assert_eq!(bad.status.code(), Some(2), "{}", String::from_utf8_lossy(&bad.stderr));
}
