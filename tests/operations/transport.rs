//! The transport's promises, over real HTTP: a fresh JWT per attempt, the retry rule for `POST`, the
//! deadline, redirects that are never followed, the response body cap, and causes in error messages.
//! (Tracing spans: `tests/tracing_spans.rs`.)

use crate::common;

use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use opentok_sdk::{ArchiveId, Error, OpenTok, RetryConfig, TimeLimit};
use opentok_test_server::{verify_rest_jwt, Fault, TestServer};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn client(server: &TestServer, retry: RetryConfig) -> OpenTok {
    OpenTok::builder(server.api_key(), server.api_secret())
        .with_api_url(server.url())
        .with_retry(retry)
        .build()
        .unwrap()
}

fn status(code: u16) -> Fault {
    Fault::Status { status: code, body: format!("status {code}"), content_type: Some("text/plain".into()) }
}

fn fast() -> RetryConfig {
    RetryConfig::standard().with_initial_backoff(Duration::from_millis(5))
}

#[tokio::test]
async fn every_attempt_carries_a_freshly_signed_jwt() {
    let server = TestServer::start().await;
    let ot = client(&server, fast());
    server.inject_fault(status(503), 2);
    let err = ot.get_archive(&ArchiveId::from("none")).await.unwrap_err();
    assert!(err.is_not_found(), "the third attempt reaches the server: {err}");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let mut jtis: Vec<String> = requests
        .iter()
        .map(|r| {
            let jwt = r.header("x-opentok-auth").expect("signed");
            let claims = verify_rest_jwt(jwt, server.api_key(), server.api_secret(), now()).expect("valid JWT");
            claims["jti"].as_str().unwrap().to_owned()
        })
        .collect();
    jtis.sort();
    jtis.dedup();
    assert_eq!(jtis.len(), 3, "one jti per attempt");
}

#[tokio::test]
async fn post_is_retried_only_by_opt_in_and_only_when_nothing_happened() {
    let env = common::env().await;
    let session = env.routed_session().await;
    let _client = env.connect(&session);
    let send = |ot: &OpenTok| {
        let ot = ot.clone();
        let id = session.id().clone();
        async move { ot.signal(&id).signal_type("chat").data("hi").send().await }
    };

    // Retries configured for the client do not apply to a POST.
    let retrying = client(&env.server, fast());
    env.server.clear_requests();
    env.server.inject_fault(status(429), 1);
    assert_eq!(send(&retrying).await.unwrap_err().status().map(|s| s.as_u16()), Some(429));
    assert_eq!(env.server.requests().len(), 1);

    // Opted in for the call: a 429 (refused before acting) is retried...
    let opted = retrying.with_retry(fast().with_non_idempotent(true));
    env.server.clear_requests();
    env.server.inject_fault(status(429), 1);
    send(&opted).await.unwrap();
    assert_eq!(env.server.requests().len(), 2);
    assert_eq!(env.server.signals().len(), 1, "delivered once");

    // ...but not a 503 or a lost answer, after which the platform may have acted.
    for fault in [status(503), Fault::Drop] {
        env.server.clear_requests();
        env.server.inject_fault(fault.clone(), 1);
        assert!(send(&opted).await.is_err(), "{fault:?}");
        assert_eq!(env.server.requests().len(), 1, "{fault:?}");
        env.server.clear_faults();
    }
    // The original client is unchanged by `with_retry`.
    env.server.clear_requests();
    env.server.inject_fault(status(429), 1);
    assert!(send(&retrying).await.is_err());
    assert_eq!(env.server.requests().len(), 1);
}

#[tokio::test]
async fn the_deadline_bounds_the_whole_call() {
    let server = TestServer::start().await;
    // Ten attempts with waits up to 200 ms would take far longer than the 300 ms deadline.
    let retry = RetryConfig::standard()
        .with_max_attempts(10)
        .with_initial_backoff(Duration::from_millis(200))
        .with_max_backoff(Duration::from_millis(200))
        .with_deadline(Some(Duration::from_millis(300)));
    let ot = client(&server, retry);
    server.inject_fault(status(503), 100);
    let started = Instant::now();
    let err = ot.list_archives().send().await.unwrap_err();
    let took = started.elapsed();
    // The last 503, or, when a later attempt was still waiting for its answer as the deadline ran out
    // (a busy machine), the deadline's own timeout: never an attempt's.
    assert!(
        err.status().map(|s| s.as_u16()) == Some(503)
            || matches!(err, Error::Timeout { limit: TimeLimit::Deadline, .. }),
        "{err}"
    );
    assert!(took < Duration::from_millis(1500), "took {took:?}");
    let attempts = server.requests().len();
    assert!((1..10).contains(&attempts), "{attempts} attempts");

    // A slow answer: the attempt's timeout is cut to the time left.
    server.clear_faults();
    server.inject_fault(Fault::Delay(Duration::from_secs(5)), 100);
    let started = Instant::now();
    let err = ot.list_archives().send().await.unwrap_err();
    let deadline = Duration::from_millis(300);
    assert!(matches!(err, Error::Timeout { limit: TimeLimit::Deadline, duration } if duration == deadline), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(1500), "took {:?}", started.elapsed());
}

/// The error names the limit that ended the call: here the deadline, with no per-attempt timeout to speak
/// of (it used to report the attempt timeout, `Duration::MAX`, "18446744073709551615.999999999s").
#[tokio::test]
async fn a_timeout_names_the_limit_that_ended_the_call() {
    let server = TestServer::start().await;
    server.inject_fault(Fault::Delay(Duration::from_secs(5)), 100);
    let deadline = Duration::from_millis(400);
    let retry = RetryConfig::standard().with_deadline(Some(deadline));
    let unbounded_attempts = OpenTok::builder(server.api_key(), server.api_secret())
        .with_api_url(server.url())
        .with_timeout(Duration::MAX)
        .with_retry(retry)
        .build()
        .unwrap();
    let err = unbounded_attempts.list_archives().send().await.unwrap_err();
    assert!(matches!(err, Error::Timeout { limit: TimeLimit::Deadline, duration } if duration == deadline), "{err:?}");
    assert_eq!(err.to_string(), "the Video API did not answer before the call's deadline of 400ms ran out");

    // A deadline longer than the attempts' timeout: the attempt's own timeout ends the call.
    let retry = RetryConfig::disabled().with_deadline(Some(Duration::from_secs(30)));
    let short_attempts = OpenTok::builder(server.api_key(), server.api_secret())
        .with_api_url(server.url())
        .with_timeout(Duration::from_millis(200))
        .with_retry(retry)
        .build()
        .unwrap();
    let err = short_attempts.list_archives().send().await.unwrap_err();
    let attempt = Duration::from_millis(200);
    assert!(matches!(err, Error::Timeout { limit: TimeLimit::Attempt, duration } if duration == attempt), "{err:?}");
}

/// Serves one canned HTTP answer per connection, counting connections.
async fn canned(answer: Vec<u8>) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&hits);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let answer = answer.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 8192];
                let _ = socket.read(&mut buf).await;
                let _ = socket.write_all(&answer).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (url, hits)
}

#[tokio::test]
async fn redirects_are_errors_and_no_credential_leaves_the_origin() {
    let (elsewhere, elsewhere_hits) = canned(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}".to_vec()).await;
    for code in [301, 302, 303, 307, 308] {
        let answer = format!("HTTP/1.1 {code} Moved\r\nlocation: {elsewhere}/steal\r\ncontent-length: 0\r\n\r\n");
        let (url, _) = canned(answer.into_bytes()).await;
        let ot = OpenTok::builder("123456", "secret").with_api_url(url).build().unwrap();
        let err = ot.get_archive(&ArchiveId::from("a")).await.unwrap_err();
        match &err {
            Error::Redirect { status, location } => {
                assert_eq!(status.as_u16(), code);
                assert_eq!(location.as_deref(), Some(format!("{elsewhere}/steal").as_str()));
            }
            other => panic!("{code}: {other:?}"),
        }
        assert!(err.to_string().contains(&elsewhere), "{err}");
    }
    assert_eq!(elsewhere_hits.load(Ordering::SeqCst), 0, "a redirect was followed");
}

/// An answer with `status` whose chunked body of `byte`s runs 2 MiB past the body cap.
fn chunked_past_the_cap(status: &str, byte: u8) -> Vec<u8> {
    let chunk = vec![byte; 1 << 20];
    let mut answer = format!("HTTP/1.1 {status}\r\ntransfer-encoding: chunked\r\n\r\n").into_bytes();
    for _ in 0..(opentok_sdk::MAX_RESPONSE_BODY / chunk.len() + 2) {
        answer.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        answer.extend_from_slice(&chunk);
        answer.extend_from_slice(b"\r\n");
    }
    answer.extend_from_slice(b"0\r\n\r\n");
    answer
}

#[tokio::test]
async fn oversized_bodies_fail_without_being_read() {
    // Declared: 3 GB. Nothing is read past the headers.
    let (url, _) = canned(b"HTTP/1.1 200 OK\r\ncontent-length: 3000000000\r\n\r\n[".to_vec()).await;
    let ot = OpenTok::builder("123456", "secret").with_api_url(url).build().unwrap();
    let err = ot.get_archive(&ArchiveId::from("a")).await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert!(err.to_string().contains("limit") && err.to_string().contains("3000000000"), "{err}");

    // Undeclared (chunked): reading stops at the cap.
    let (url, _) = canned(chunked_past_the_cap("200 OK", b' ')).await;
    let ot = OpenTok::builder("123456", "secret").with_api_url(url).build().unwrap();
    let err = ot.get_archive(&ArchiveId::from("a")).await.unwrap_err();
    assert!(matches!(err, Error::Decode(_)) && err.to_string().contains("limit"), "{err:?}");
}

/// An error answer over the cap keeps its status (and the platform's code and message from the start of
/// its body), so that `status()` and `is_retryable()` agree with the retry rule, which retried it.
#[tokio::test]
async fn oversized_error_bodies_keep_their_status() {
    let ot =
        |url: &str, retry| OpenTok::builder("123456", "secret").with_api_url(url).with_retry(retry).build().unwrap();
    // Declared over the cap, with the platform's members first.
    let head = br#"{"code":15001,"message":"Service busy","description":"try later","filler":""#;
    let mut answer =
        b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: 20000000\r\n\r\n"
            .to_vec();
    answer.extend_from_slice(head);
    answer.extend(std::iter::repeat_n(b'x', 100_000));
    let (url, hits) = canned(answer).await;
    let retry = RetryConfig::standard().with_initial_backoff(Duration::from_millis(1));
    let err = ot(&url, retry).list_archives().send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503), "{err:?}");
    assert!(err.is_retryable(), "{err:?}");
    assert_eq!(hits.load(Ordering::SeqCst), 3, "the retry rule retried it");
    let api = err.api_error().expect("an API error");
    assert_eq!((api.code(), api.message(), api.description()), (Some(15001), Some("Service busy"), Some("try later")));

    // Chunked past the cap, with a body that is not the platform's: the status stays, the message says why.
    let (url, _) = canned(chunked_past_the_cap("502 Bad Gateway", b'<')).await;
    let err = ot(&url, RetryConfig::disabled()).get_archive(&ArchiveId::from("a")).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502), "{err:?}");
    let api = err.api_error().expect("an API error");
    assert_eq!(api.code(), None);
    assert!(api.message().is_some_and(|m| m.contains("limit")), "{err}");
}

#[tokio::test]
async fn transport_errors_say_why_in_their_message() {
    let nowhere = OpenTok::builder("123", "secret").with_api_url("http://127.0.0.1:9").build().unwrap();
    let err = nowhere.create_session().send().await.unwrap_err();
    let shown = err.to_string();
    assert!(shown.starts_with("could not reach the Video API: "), "{shown}");
    assert!(shown.to_lowercase().contains("connect"), "the cause is in the message: {shown}");
    assert_eq!(err.handler_status().as_u16(), 502);
}

#[tokio::test]
async fn huge_deadlines_and_backoffs_do_not_overflow() {
    let server = TestServer::start().await;
    let retry = RetryConfig::standard()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(1))
        .with_deadline(Some(Duration::MAX));
    let ot = client(&server, retry);
    server.inject_fault(status(503), 1);
    ot.list_archives().send().await.expect("retried once, then answered");
    assert_eq!(server.requests().len(), 2);
    // No cap at all (Duration::MAX): waits still start at the initial backoff, and the doubling saturates.
    let far = RetryConfig::standard()
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::MAX)
        .with_deadline(Some(Duration::from_secs(5)));
    let ot = client(&server, far);
    server.clear_requests();
    server.inject_fault(Fault::Status { status: 503, body: "later".into(), content_type: None }, 1);
    ot.list_archives().send().await.expect("retried once, then answered");
    assert_eq!(server.requests().len(), 2);
}
