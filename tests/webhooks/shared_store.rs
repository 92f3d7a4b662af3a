//! `RedisReplayStore` against a real `redis-server`: two instances accept each callback exactly once
//! between them, refusals for other reasons do not use up a `jti`, and faults (Redis stopped, paused,
//! or something else answering) refuse with 503 and never accept, until Redis is back.

use std::{
    io::{Read, Write},
    net::TcpListener,
    sync::Arc,
    time::{Duration, Instant},
};

use http::StatusCode;
use opentok_sdk::webhook::{RedisReplayStore, ReplayFault, Verifier, VerifyError, WebhookError};

use crate::{
    redis_server::RedisServer,
    sign::{headers, jwt},
};

const SECRET: &str = "shared-store-secret";
const BODY: &str = r#"{"sessionId":"2_MX4xMjM-","projectId":"123","event":"sessionCreated","timestamp":1}"#;

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// A verifier with a client of its own for the Redis at `url`.
fn instance(url: &str, prefix: &str) -> Verifier {
    Verifier::new(SECRET).unwrap().replay_store(RedisReplayStore::new(url).unwrap().prefix(prefix))
}

async fn deliver(verifier: &Verifier, jti: &str) -> Result<(), WebhookError> {
    verifier.verify_and_parse_async(&headers(&jwt(SECRET, BODY, now(), jti)), BODY.as_bytes()).await.map(|_| ())
}

fn store_fault(result: &Result<(), WebhookError>) -> Option<ReplayFault> {
    match result {
        Err(WebhookError::Verify(VerifyError::ReplayStore(e))) => Some(e.fault()),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_accept_each_callback_exactly_once() {
    let Some(redis) = RedisServer::start() else { return };
    let (a, b) = (Arc::new(instance(&redis.url(), "race:")), Arc::new(instance(&redis.url(), "race:")));
    const CALLBACKS: usize = 4000;
    let (mut accepted_by_a, mut accepted_by_b) = (0, 0);
    // In rounds of 200 callbacks, each delivered to both instances at once (one task each).
    for round in 0..CALLBACKS / 200 {
        let mut tasks = Vec::new();
        for i in 0..200 {
            let jti = format!("jti-{round}-{i}");
            let iat = now();
            let request = headers(&jwt(SECRET, BODY, iat, &jti));
            for verifier in [&a, &b] {
                let (verifier, request) = (Arc::clone(verifier), request.clone());
                tasks.push(tokio::spawn(
                    async move { verifier.verify_and_parse_async(&request, BODY.as_bytes()).await },
                ));
            }
        }
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.unwrap());
        }
        for (i, pair) in results.chunks(2).enumerate() {
            match (&pair[0], &pair[1]) {
                (Ok(_), Err(WebhookError::Verify(VerifyError::Replayed(_)))) => accepted_by_a += 1,
                (Err(WebhookError::Verify(VerifyError::Replayed(_))), Ok(_)) => accepted_by_b += 1,
                other => panic!("callback {round}-{i}: not exactly one acceptance: {other:?}"),
            }
        }
    }
    assert_eq!(accepted_by_a + accepted_by_b, CALLBACKS);
    // Both instances won some races: the two really ran at once.
    assert!(accepted_by_a > 0 && accepted_by_b > 0, "a: {accepted_by_a}, b: {accepted_by_b}");
    // One key per callback, each expiring by itself: the window's rest plus the skew allowance.
    assert_eq!(redis.command("DBSIZE").as_deref(), Some(format!(":{CALLBACKS}").as_str()));
    let ttl: i64 = redis.command("PTTL race:jti-0-0").unwrap()[1..].parse().unwrap();
    assert!((350_000..=361_000).contains(&ttl), "{ttl} ms");
    // A replay later on, to either instance, is still refused (and answered 200).
    let replay = deliver(&a, "jti-3-7").await.unwrap_err();
    assert!(matches!(replay, WebhookError::Verify(VerifyError::Replayed(_))) && replay.status() == StatusCode::OK);
}

#[tokio::test]
async fn a_callback_refused_for_another_reason_does_not_use_up_its_jti() {
    let Some(redis) = RedisServer::start() else { return };
    let verifier = instance(&redis.url(), "other:");
    let body = BODY.as_bytes();
    let cases = [
        ("signature", jwt("not-the-secret", BODY, now(), "kept")),
        ("payload_hash", jwt(SECRET, "{}", now(), "kept")),
        ("iat", jwt(SECRET, BODY, now() - 3600, "kept")),
    ];
    for (check, token) in cases {
        let refused = verifier.verify_and_parse_async(&headers(&token), body).await.unwrap_err();
        match refused {
            WebhookError::Verify(e) => assert_eq!(e.check(), check, "{e}"),
            other => panic!("{other}"),
        }
    }
    assert_eq!(redis.command("EXISTS other:kept").as_deref(), Some(":0"), "nothing recorded for refused callbacks");
    deliver(&verifier, "kept").await.expect("the genuine callback is accepted");
    assert_eq!(redis.command("EXISTS other:kept").as_deref(), Some(":1"));
    // Forgotten (a callback that could not be processed): accepted again.
    assert_eq!(verifier.forget("kept").await, Ok(true));
    deliver(&verifier, "kept").await.expect("accepted again once forgotten");
    // The synchronous methods cannot wait on Redis: they refuse, naming the method to call.
    let sync = verifier.verify_and_parse(&headers(&jwt(SECRET, BODY, now(), "sync")), body).unwrap_err();
    assert_eq!(sync.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(sync.to_string().contains("verify_and_parse_async"), "{sync}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_stopped_then_restarted_refuses_with_503_then_accepts_again() {
    let Some(mut redis) = RedisServer::start() else { return };
    let timeout = Duration::from_millis(300);
    let verifier =
        Verifier::new(SECRET).unwrap().replay_store(RedisReplayStore::new(&redis.url()).unwrap().timeout(timeout));
    for i in 0..20 {
        deliver(&verifier, &format!("before-{i}")).await.expect("accepted while Redis runs");
    }

    redis.stop();
    let mut faults = Vec::new();
    for i in 0..20 {
        let started = Instant::now();
        let refused = deliver(&verifier, &format!("down-{i}")).await;
        let took = started.elapsed();
        let Err(e) = &refused else { panic!("accepted while Redis is down") };
        assert_eq!(e.status(), StatusCode::SERVICE_UNAVAILABLE, "{e}");
        assert!(e.to_string().contains("Redis at 127.0.0.1:"), "the error names the cause: {e}");
        assert!(took < timeout + Duration::from_millis(200), "bounded by the timeout: {took:?}");
        faults.push(store_fault(&refused).unwrap());
    }
    assert!(faults.iter().all(|f| matches!(f, ReplayFault::Unreachable | ReplayFault::Timeout)), "{faults:?}");
    assert!(faults.contains(&ReplayFault::Unreachable), "{faults:?}");

    // Back on the same port: accepted again, without a new verifier. The callbacks refused while it
    // was down are accepted on the platform's next attempt (their jti was not used up).
    redis.run();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match deliver(&verifier, "down-0").await {
            Ok(()) => break,
            Err(e) => {
                assert_eq!(e.status(), StatusCode::SERVICE_UNAVAILABLE, "{e}");
                assert!(Instant::now() < deadline, "still refused 10 s after Redis came back: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
    for i in 1..20 {
        deliver(&verifier, &format!("down-{i}")).await.expect("accepted once Redis is back");
    }
    assert!(matches!(deliver(&verifier, "down-5").await, Err(WebhookError::Verify(VerifyError::Replayed(_)))));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_redis_times_out_with_503_and_a_late_record_is_undone() {
    let Some(redis) = RedisServer::start() else { return };
    let verifier = Verifier::new(SECRET)
        .unwrap()
        .replay_store(RedisReplayStore::new(&redis.url()).unwrap().prefix("slow:").timeout(Duration::from_millis(200)));
    deliver(&verifier, "warm-up").await.unwrap();
    // Redis holds every write for 1.5 s.
    assert_eq!(redis.command("CLIENT PAUSE 1500 WRITE").as_deref(), Some("+OK"));
    let started = Instant::now();
    let refused = deliver(&verifier, "late").await;
    assert_eq!(store_fault(&refused), Some(ReplayFault::Timeout), "{refused:?}");
    assert!(started.elapsed() < Duration::from_millis(600), "{:?}", started.elapsed());
    let e = refused.unwrap_err();
    assert_eq!(e.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(e.to_string().contains("did not answer within 200 ms"), "{e}");
    // Once the pause ends the SET lands, and is deleted again: the platform's next attempt is accepted.
    let deadline = Instant::now() + Duration::from_secs(10);
    while redis.command("EXISTS slow:late").as_deref() != Some(":0") || started.elapsed() < Duration::from_millis(1600)
    {
        assert!(Instant::now() < deadline, "the late record was not undone");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    deliver(&verifier, "late").await.expect("accepted on the next attempt");
}

#[tokio::test]
async fn a_password_in_the_url_is_used_and_never_shown() {
    let Some(redis) = RedisServer::start_with(&["--requirepass", "pa55-w0rd-in-url"]) else { return };
    let with = |password: &str| {
        let url = redis.url().replace("redis://", &format!("redis://:{password}@"));
        let store = RedisReplayStore::new(&url).unwrap().timeout(Duration::from_millis(300));
        let shown = format!("{store:?}");
        assert!(!shown.contains(password), "{shown}");
        Verifier::new(SECRET).unwrap().replay_store(store)
    };
    deliver(&with("pa55-w0rd-in-url"), "with-password").await.expect("accepted with the right password");
    let wrong = with("wrong-pa55-w0rd");
    let refused = deliver(&wrong, "wrong-password").await.unwrap_err();
    assert_eq!(refused.status(), StatusCode::SERVICE_UNAVAILABLE, "{refused}");
    for text in [refused.to_string(), format!("{refused:?}"), format!("{wrong:?}")] {
        assert!(!text.contains("pa55-w0rd"), "{text}");
    }
}

/// Something that is not Redis on the port: a reply that cannot answer `SET NX`, or bytes that are not
/// Redis's protocol at all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_that_is_not_redis_s_is_refused_with_503() {
    for reply in [&b":7\r\n"[..], b"HTTP/1.1 400 Bad Request\r\n\r\n"] {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { break };
                std::thread::spawn(move || {
                    let mut buf = [0u8; 4096];
                    // One reply per command (each starts with a `*<n>` array header).
                    while let Ok(n) = stream.read(&mut buf) {
                        if n == 0 {
                            break;
                        }
                        let commands = buf[..n].split(|&b| b == b'\n').filter(|line| line.starts_with(b"*")).count();
                        for _ in 0..commands.max(1) {
                            if stream.write_all(reply).is_err() {
                                return;
                            }
                        }
                    }
                });
            }
        });
        let verifier = Verifier::new(SECRET).unwrap().replay_store(
            RedisReplayStore::new(&format!("redis://127.0.0.1:{port}/")).unwrap().timeout(Duration::from_millis(300)),
        );
        for i in 0..5 {
            let refused = deliver(&verifier, &format!("garbage-{i}")).await;
            let e = refused.as_ref().expect_err("never accepted on a guess");
            assert_eq!(e.status(), StatusCode::SERVICE_UNAVAILABLE, "{e}");
            assert!(e.to_string().contains(&format!("Redis at 127.0.0.1:{port}")), "{e}");
            if reply == b":7\r\n" {
                assert_eq!(store_fault(&refused), Some(ReplayFault::UnexpectedAnswer), "{e}");
                assert!(e.to_string().contains("int(7)"), "{e}");
            }
        }
    }
}

/// The axum extractor waits on the shared store: accepted, then a replay (200), and 503 while Redis is
/// down, as the platform needs to retry.
#[cfg(feature = "axum")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_axum_extractor_uses_the_shared_store_and_answers_503_while_redis_is_down() {
    use axum::{body::Body, routing::post, Router};
    use opentok_sdk::webhook::SignedEvent;
    use tower::ServiceExt as _;

    let Some(mut redis) = RedisServer::start() else { return };
    let app = Router::new()
        .route("/cb", post(|signed: SignedEvent| async move { format!("{:?}", signed.event.kind()) }))
        .with_state(instance(&redis.url(), "axum:"));
    let call = |jti: &str| {
        let request = axum::http::Request::post("/cb")
            .header("authorization", format!("Bearer {}", jwt(SECRET, BODY, now(), jti)))
            .body(Body::from(BODY))
            .unwrap();
        let app = app.clone();
        async move {
            let response = app.oneshot(request).await.unwrap();
            let status = response.status();
            let text = axum::body::to_bytes(response.into_body(), 1 << 16).await.unwrap();
            (status, String::from_utf8_lossy(&text).into_owned())
        }
    };
    assert_eq!(call("x").await, (StatusCode::OK, "Some(SessionCreated)".to_owned()));
    let (status, text) = call("x").await;
    assert!(status == StatusCode::OK && text.contains("replay"), "{status} {text}");
    redis.stop();
    let (status, text) = call("y").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{text}");
    assert!(text.contains("Redis at 127.0.0.1:"), "{text}");
}
