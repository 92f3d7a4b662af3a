//! The client's wire behaviour and error handling, against the test server.

use crate::common;

use std::time::Duration;

use opentok_sdk::{ArchiveId, Error, OpenTok, TimeLimit};
use opentok_test_server::{verify_rest_jwt, Fault, TestServer};

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

#[tokio::test]
async fn every_request_is_signed_and_clean() {
    let env = common::env().await;
    let ot = OpenTok::builder(env.server.api_key(), env.server.api_secret())
        .with_api_url(env.server.url())
        .with_user_agent_suffix("my-app/1.2")
        .build()
        .unwrap();
    ot.create_session().send().await.unwrap();
    let _ = ot.get_archive(&ArchiveId::from("x")).await;
    let requests = env.server.requests();
    assert_eq!(requests.len(), 2);
    let mut jtis = Vec::new();
    for request in &requests {
        let jwt = request.header("x-opentok-auth").expect("auth header");
        let claims = verify_rest_jwt(jwt, env.server.api_key(), env.server.api_secret(), now()).unwrap();
        assert_eq!(claims["iss"], serde_json::json!(env.server.api_key()));
        assert_eq!(claims["ist"], "project");
        let (iat, exp) = (claims["iat"].as_i64().unwrap(), claims["exp"].as_i64().unwrap());
        assert!((now() - iat).abs() <= 5 && exp - iat <= 300 && exp > iat, "{claims}");
        jtis.push(claims["jti"].as_str().unwrap().to_owned());
        assert_eq!(request.header("accept"), Some("application/json"));
        assert_eq!(
            request.header("user-agent"),
            Some(format!("OpenTok-Rust-SDK/{} my-app/1.2", env!("CARGO_PKG_VERSION")).as_str())
        );
        assert!(request.header("api-version").is_none(), "generator header leaked: {:?}", request.headers);
    }
    assert_ne!(jtis[0], jtis[1], "each request gets a fresh jti");
}

#[tokio::test]
async fn a_bad_secret_gives_403_with_the_servers_words_and_a_hint() {
    let server = TestServer::start().await;
    let wrong = "f".repeat(40);
    let ot = OpenTok::builder(server.api_key(), wrong.as_str()).with_api_url(server.url()).build().unwrap();
    let err = ot.create_session().send().await.unwrap_err();
    assert!(err.is_unauthorized(), "{err}");
    let api = err.api_error().unwrap();
    assert_eq!(api.status().as_u16(), 403);
    let server_text = api.message().expect("the server's message is kept");
    let shown = err.to_string();
    assert!(shown.contains(server_text), "{shown}");
    assert!(shown.contains("clock") && shown.contains("secret"), "hint missing: {shown}");
    assert!(!shown.contains(&wrong) && !format!("{err:?}").contains(&wrong), "secret leaked");
}

#[tokio::test]
async fn secrets_never_reach_debug_or_errors() {
    let env = common::env().await;
    let secret = env.server.api_secret().to_owned();
    let debug = format!("{:?}", env.ot);
    assert!(!debug.contains(&secret) && debug.contains("redacted"), "{debug}");
    let builder = OpenTok::builder(env.server.api_key(), secret.as_str());
    assert!(!format!("{builder:?}").contains(&secret));
    let bad = OpenTok::builder("not-a-number", secret.as_str()).build().unwrap_err();
    assert!(!format!("{bad} {bad:?}").contains(&secret));
    let err = env.ot.start_archive(&"x".into()).has_audio(false).has_video(false).send().await.unwrap_err();
    assert!(!format!("{err} {err:?}").contains(&secret));
}

#[tokio::test]
async fn configuration_errors_name_the_field() {
    let field = |r: opentok_sdk::Result<OpenTok>| match r {
        Err(Error::InvalidArgument { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    assert_eq!(field(OpenTok::new("", "secret")), "api_key");
    assert_eq!(field(OpenTok::new("12ab", "secret")), "api_key");
    assert_eq!(field(OpenTok::new("123", "  ")), "api_secret");
    assert_eq!(field(OpenTok::builder("123", "s").with_api_url("ftp://x").build()), "api_url");
    assert_eq!(field(OpenTok::builder("123", "s").with_timeout(Duration::ZERO).build()), "timeout");
    assert_eq!(field(OpenTok::builder("123", "s").with_user_agent_suffix("bad\nline").build()), "user_agent_suffix");
}

async fn error_for(fault: Fault) -> Error {
    let env = common::env().await;
    env.server.inject_fault(fault, 1);
    env.ot.get_archive(&ArchiveId::from("any")).await.unwrap_err()
}

#[tokio::test]
async fn odd_error_bodies_keep_the_status() {
    let html = error_for(Fault::Status {
        status: 502,
        body: "<html><body>Bad Gateway</body></html>".into(),
        content_type: Some("text/html".into()),
    })
    .await;
    assert_eq!(html.status().unwrap().as_u16(), 502);
    assert!(html.api_error().unwrap().message().unwrap().contains("Bad Gateway"));
    assert!(html.is_retryable());

    let empty = error_for(Fault::Status { status: 500, body: String::new(), content_type: None }).await;
    assert_eq!(empty.status().unwrap().as_u16(), 500);
    assert_eq!(empty.api_error().unwrap().message(), None);

    let truncated = error_for(Fault::Status {
        status: 409,
        body: r#"{"code":15001,"message":"half"#.into(),
        content_type: Some("application/json".into()),
    })
    .await;
    assert!(truncated.is_conflict());

    let platform = error_for(Fault::Status {
        status: 409,
        body: r#"{"code":15001,"message":"Session is already composed","description":"Conflict","extra":[1]}"#.into(),
        content_type: Some("application/json".into()),
    })
    .await;
    let api = platform.api_error().unwrap();
    assert_eq!(
        (api.code(), api.message(), api.description()),
        (Some(15001), Some("Session is already composed"), Some("Conflict"))
    );
    assert!(platform.to_string().contains("Session is already composed"));

    let odd_types = error_for(Fault::Status {
        status: 404,
        body: r#"{"code":"404","message":{"text":"gone"}}"#.into(),
        content_type: Some("application/json".into()),
    })
    .await;
    assert!(odd_types.is_not_found());
    assert_eq!(odd_types.api_error().unwrap().code(), Some(404));
}

#[tokio::test]
async fn odd_success_bodies_are_errors_not_panics() {
    for (body, content_type) in [
        ("", None),
        ("<html>ok</html>", Some("text/html")),
        (r#"{"id":"a","status":"#, Some("application/json")),
        (r#"[1,2,3]"#, Some("application/json")),
        (r#"{"id":true}"#, Some("application/json")),
    ] {
        let err =
            error_for(Fault::Status { status: 200, body: body.into(), content_type: content_type.map(Into::into) })
                .await;
        assert!(matches!(err, Error::Decode(_)), "{body:?}: {err:?}");
    }
    // Unknown fields and enum values are tolerated.
    let env = common::env().await;
    env.server.inject_fault(
        Fault::Status {
            status: 200,
            body: r#"{"id":"a","status":"newstatus","outputMode":"hologram","brandNew":{"x":[1]}}"#.into(),
            content_type: Some("application/json".into()),
        },
        1,
    );
    let archive = env.ot.get_archive(&ArchiveId::from("a")).await.unwrap();
    assert_eq!(archive.status.as_str(), "newstatus");
    assert_eq!(archive.output_mode.unwrap().as_str(), "hologram");
}

#[tokio::test]
async fn timeouts_and_dropped_connections_are_their_own_errors() {
    let env = common::env().await;
    let ot = OpenTok::builder(env.server.api_key(), env.server.api_secret())
        .with_api_url(env.server.url())
        .with_timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    env.server.inject_fault(Fault::Delay(Duration::from_secs(2)), 1);
    let err = ot.create_session().send().await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout { limit: TimeLimit::Attempt, duration } if duration == Duration::from_millis(200)),
        "{err:?}"
    );
    assert_eq!(err.to_string(), "the Video API did not answer within the attempt's timeout of 200ms");
    assert!(err.is_retryable());

    env.server.inject_fault(Fault::Drop, 1);
    let err = ot.create_session().send().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(std::error::Error::source(&err).is_some());

    let nowhere = OpenTok::builder("123", "secret").with_api_url("http://127.0.0.1:9").build().unwrap();
    assert!(matches!(nowhere.create_session().send().await, Err(Error::Transport(_))));
}

#[tokio::test]
async fn a_caller_supplied_http_client_is_used() {
    let env = common::env().await;
    // A default header only this client adds shows that our requests went through it.
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-from-callers-client", reqwest::header::HeaderValue::from_static("yes"));
    let http = reqwest::Client::builder().default_headers(headers).build().unwrap();
    let ot = OpenTok::builder(env.server.api_key(), env.server.api_secret())
        .with_api_url(env.server.url())
        .with_http_client(http)
        .build()
        .unwrap();
    ot.create_session().send().await.unwrap();
    let requests = env.server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("x-from-callers-client"), Some("yes"));
    assert!(requests[0].header("x-opentok-auth").is_some(), "still signed");
}

fn retrying_client(server: &TestServer, retry: opentok_sdk::RetryConfig) -> OpenTok {
    OpenTok::builder(server.api_key(), server.api_secret())
        .with_api_url(server.url())
        .with_retry(retry)
        .build()
        .unwrap()
}

fn unavailable() -> Fault {
    Fault::Status { status: 503, body: "try later".into(), content_type: Some("text/plain".into()) }
}

#[tokio::test]
async fn idempotent_requests_are_retried_when_asked() {
    use opentok_sdk::RetryConfig;
    let env = common::env().await;
    let (session, _client) = env.live_session().await;
    let archive = env.ot.start_archive(session.id()).send().await.unwrap();
    let fast = RetryConfig::standard().with_initial_backoff(Duration::from_millis(5));
    let ot = retrying_client(&env.server, fast);

    // Two transient failures, then the answer: three GETs on the wire.
    env.server.clear_requests();
    env.server.inject_fault(unavailable(), 2);
    assert_eq!(ot.get_archive(&archive.id).await.unwrap().id, archive.id);
    assert_eq!(env.server.requests().len(), 3);

    // Out of attempts: the last answer is the error.
    env.server.clear_requests();
    env.server.inject_fault(unavailable(), 3);
    let err = ot.get_archive(&archive.id).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(env.server.requests().len(), 3);

    // A dropped connection is retried too.
    env.server.clear_requests();
    env.server.inject_fault(Fault::Drop, 1);
    ot.list_archives().send().await.unwrap();
    assert_eq!(env.server.requests().len(), 2);

    // A POST is never sent twice, and a final status is not retried.
    env.server.clear_requests();
    env.server.inject_fault(unavailable(), 1);
    assert!(ot.stop_archive(&archive.id).await.is_err());
    assert_eq!(env.server.requests().len(), 1);
    env.server.clear_faults();
    env.server.clear_requests();
    assert!(ot.get_archive(&"no-such-archive".into()).await.unwrap_err().is_not_found());
    assert_eq!(env.server.requests().len(), 1);
}

#[tokio::test]
async fn retries_are_off_by_default() {
    let env = common::env().await;
    env.server.inject_fault(unavailable(), 1);
    let err = env.ot.list_archives().send().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(env.server.requests().len(), 1);
}
