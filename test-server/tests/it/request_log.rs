//! The request log is bounded (entries and bytes, oldest dropped), filterable on the control API,
//! and request bodies are bounded too.

use opentok_test_server::TestServer;
use serde_json::{json, Value};

use crate::common::{raw, rest_jwt, Api};

async fn api_with(server: TestServer) -> Api {
    Api { server, http: reqwest::Client::new() }
}

#[tokio::test]
async fn oldest_requests_are_dropped_past_the_bound() {
    let api = api_with(TestServer::builder().request_log_entries(5).start().await.unwrap()).await;
    for i in 0..8 {
        api.get(api.p(&format!("/archive?offset={i}"))).await;
    }
    let kept: Vec<Option<String>> = api.server.requests().into_iter().map(|r| r.query).collect();
    let expected: Vec<Option<String>> = (3..8).map(|i| Some(format!("offset={i}"))).collect();
    assert_eq!(kept, expected);
    assert_eq!(api.server.requests_dropped(), 3);

    let resp = api.http.get(format!("{}/_test/requests", api.server.url())).send().await.unwrap();
    assert_eq!(resp.headers()["x-dropped-requests"], "3");
    let all: Vec<Value> = resp.json().await.unwrap();
    assert_eq!(all.len(), 5);
}

#[tokio::test]
async fn the_byte_bound_holds_with_large_bodies() {
    let server = TestServer::builder().request_log_bytes(300_000).start().await.unwrap();
    let api = api_with(server).await;
    let data = "x".repeat(100_000);
    for _ in 0..10 {
        // Refused by the signal route (no such session), but recorded first.
        api.post(api.p("/session/1_x/signal"), json!({"type": "t", "data": data})).await;
    }
    let kept = api.server.requests();
    assert!((1..=3).contains(&kept.len()), "{} kept", kept.len());
    assert!(kept.iter().map(|r| r.body.len()).sum::<usize>() <= 300_000);
}

#[tokio::test]
async fn control_endpoint_filters() {
    let api = Api::new().await;
    let sid = api.routed_session().await;
    api.get(api.p("/archive")).await;
    api.post(api.p(&format!("/session/{sid}/signal")), json!({"type": "t", "data": "a"})).await;
    api.post(api.p(&format!("/session/{sid}/signal")), json!({"type": "t", "data": "b"})).await;
    let get = |query: String| {
        let http = api.http.clone();
        let url = format!("{}/_test/requests{query}", api.server.url());
        async move { http.get(url).send().await.unwrap() }
    };
    let found: Vec<Value> = get("?method=post".into()).await.json().await.unwrap();
    assert_eq!(found.len(), 3, "session create and two signals");
    let prefix = api.p("/session/");
    let found: Vec<Value> = get(format!("?pathPrefix={prefix}&last=1")).await.json().await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["body"], "{\"data\":\"b\",\"type\":\"t\"}");
    let found: Vec<Value> = get(format!("?path={}&method=GET", api.p("/archive"))).await.json().await.unwrap();
    assert_eq!(found.len(), 1);
    for bad in ["?last=x", "?colour=red"] {
        let resp = get(bad.into()).await;
        assert_eq!(resp.status(), 400, "{bad}");
        let body: Value = resp.json().await.unwrap();
        assert!(body["message"].is_string());
    }
}

#[tokio::test]
async fn oversized_bodies_are_413_and_not_kept() {
    let api = api_with(TestServer::builder().max_body_bytes(10_000).start().await.unwrap()).await;
    let url = format!("{}{}", api.server.url(), api.p("/archive"));
    let resp = api
        .http
        .post(&url)
        .header("X-OPENTOK-AUTH", rest_jwt(api.key(), api.secret()))
        .header("Content-Type", "application/json")
        .body(vec![b' '; 20_000])
        .send()
        .await
        .unwrap();
    let reply = Api::reply(resp).await;
    assert_eq!((reply.status, reply.json["code"].as_i64()), (413, Some(413)), "{}", reply.text);
    assert!(api.server.requests().is_empty());

    // A 200 MB body announced but never sent: refused at once, nothing read or kept.
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nContent-Length: 200000000\r\nContent-Type: application/json\r\n\r\n{{",
        api.p("/archive")
    );
    let start = std::time::Instant::now();
    let reply = raw(api.server.addr(), head.as_bytes()).await.unwrap();
    reply.assert_platform_error(413);
    assert!(start.elapsed() < std::time::Duration::from_secs(3));

    // Chunked bodies count too.
    let mut chunked = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n",
        api.p("/archive")
    )
    .into_bytes();
    for _ in 0..3 {
        chunked.extend_from_slice(format!("{:x}\r\n{}\r\n", 5000, " ".repeat(5000)).as_bytes());
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    raw(api.server.addr(), &chunked).await.unwrap().assert_platform_error(413);
    assert!(api.server.requests().is_empty());
    // And the server still serves.
    assert_eq!(api.get(api.p("/archive")).await.status, 200);
}
