//! examples/webhooks_shared.rs, twice, sharing one real `redis-server`: the test server's signed
//! callbacks reach both instances (a forwarder in front delivers each one to both at once, as a load
//! balancer that retries elsewhere, or an attacker replaying a captured callback, would), and every
//! callback is accepted exactly once between them; the other instance answers 200 for the replay.

use std::{
    collections::BTreeMap,
    time::{Duration, Instant},
};

use axum::{body::Bytes, extract::State, http::HeaderMap, routing::post, Router};
use opentok_sdk::{webhook::EventKind, OpenTok};
use opentok_test_server::{CallbackTarget, TestServer};
use serde_json::Value;

use crate::{example::start_example, redis_server::RedisServer};

const SECRET: &str = "shared-example-secret";

/// Delivers each callback to every URL in `targets` at once; answers the worst status.
async fn forward(State(targets): State<Vec<String>>, headers: HeaderMap, body: Bytes) -> axum::http::StatusCode {
    let client = reqwest::Client::new();
    let sends = targets.iter().map(|url| {
        let mut request = client.post(url).body(body.clone());
        for (name, value) in &headers {
            if name == "authorization" || name == "content-type" {
                request = request.header(name.as_str(), value.as_bytes());
            }
        }
        request.send()
    });
    let mut worst = 200;
    for answer in futures_util::future::join_all(sends).await {
        worst = worst.max(answer.map_or(502, |a| a.status().as_u16()));
    }
    axum::http::StatusCode::from_u16(worst).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_of_the_example_accept_each_callback_once() {
    let Some(redis) = RedisServer::start() else { return };
    let server = TestServer::start().await;
    let url = redis.url();
    let instances: Vec<_> = ["a", "b"]
        .into_iter()
        .map(|name| {
            start_example(
                "webhooks_shared",
                &[
                    ("WEBHOOK_SECRET", SECRET),
                    ("REDIS_URL", &url),
                    ("INSTANCE", name),
                    ("WEBHOOK_API_KEY", server.api_key()),
                ],
            )
        })
        .collect();
    let targets: Vec<String> = instances.iter().map(|i| i.url.clone()).collect();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let forwarder = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(listener, Router::new().route("/{*path}", post(forward)).with_state(targets)).await.unwrap();
    });
    for kind in EventKind::ALL {
        let target = CallbackTarget { url: format!("{forwarder}/{kind}"), secret: Some(SECRET.into()) };
        server.set_callback(kind.as_str(), Some(target)).unwrap();
    }

    // Sessions, clients, archives and broadcasts: a few dozen callbacks.
    let ot = OpenTok::builder(server.api_key(), server.api_secret())
        .with_api_url(format!("{}/", server.url()))
        .build()
        .unwrap();
    for _ in 0..4 {
        let session = ot.create_session().routed().send().await.unwrap();
        let token = session.generate_token().build().unwrap();
        let client = server.connect_client(session.id().as_str(), token.as_str()).unwrap();
        let archive = ot.start_archive(session.id()).composed().send().await.unwrap();
        ot.stop_archive(&archive.id).await.unwrap();
        let broadcast = ot.start_broadcast(session.id()).hls().send().await.unwrap();
        ot.stop_broadcast(&broadcast.id).await.unwrap();
        assert!(server.disconnect_client(session.id().as_str(), &client.connection_id));
    }

    // Until both instances have printed a line for every callback sent, and nothing more comes.
    let mut printed: Vec<Value> = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut quiet_since = Instant::now();
    loop {
        let sent = server.callbacks().len();
        if sent > 0 && printed.len() >= 2 * sent && quiet_since.elapsed() > Duration::from_millis(500) {
            break;
        }
        assert!(Instant::now() < deadline, "sent {sent}, printed {printed:#?}");
        let mut got = false;
        for instance in &instances {
            while let Ok(line) = instance.lines.try_recv() {
                printed.push(line);
                got = true;
            }
        }
        if got {
            quiet_since = Instant::now();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let delivered = server.callbacks();
    assert!(delivered.len() >= 20, "{delivered:#?}");
    assert!(delivered.iter().all(|c| c.delivered && c.signed && c.attempts == 1), "{delivered:#?}");
    // Every jti accepted by exactly one instance, and refused as a replay (200) by the other.
    let mut accepted: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut replays = 0;
    for line in &printed {
        match line.get("jti").and_then(Value::as_str) {
            Some(jti) => accepted.entry(jti).or_default().push(line["instance"].as_str().unwrap()),
            None => {
                assert_eq!((&line["check"], &line["status"]), (&Value::from("jti"), &Value::from(200)), "{line}");
                replays += 1;
            }
        }
    }
    assert_eq!(accepted.len(), delivered.len(), "{printed:#?}");
    assert!(accepted.values().all(|by| by.len() == 1), "accepted more than once: {accepted:#?}");
    assert_eq!(replays, delivered.len());
}
