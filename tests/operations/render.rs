//! Experience Composer through the SDK: the requests on the wire, the platform's answers, its 50xxx codes,
//! the 429 quota answer, and the owned paging stream.

use crate::common;

use std::time::Duration;

use futures_util::TryStreamExt;
use opentok_sdk::{
    archive::Resolution,
    render::{codes, RenderId, RenderStatus},
    Error, RetryConfig,
};
use opentok_test_server::Fault;
use serde_json::json;

fn canned(status: u16, body: serde_json::Value) -> Fault {
    Fault::Status { status, body: body.to_string(), content_type: Some("application/json".into()) }
}

fn render_json(id: &str, status: &str) -> serde_json::Value {
    json!({"id": id, "sessionId": "2_MX4x", "applicationId": "78d335fa-323d-0114-9c3d-d6f0d48968cf",
        "createdAt": 1437676551000_i64, "updatedAt": 1437676551000_i64, "url": "https://example.com/page",
        "resolution": "1280x720", "status": status, "streamId": "e32445b743678c98230f238"})
}

#[tokio::test]
async fn start_get_stop_on_the_wire() {
    let env = common::env().await;
    let session = env.routed_session().await;
    let token = session.generate_token().build().unwrap();
    let project = format!("/v2/project/{}", env.server.api_key());
    env.server.clear_requests();
    env.server
        .inject_fault(canned(202, json!({"id": "r1", "sessionId": session.id().as_str(), "status": "starting"})), 1);
    let render = env
        .ot
        .start_render(session.id(), &token, "https://example.com/page")
        .max_duration(Duration::from_secs(600))
        .resolution(Resolution::Fhd1080Portrait)
        .stream_name("Scoreboard")
        .send()
        .await
        .unwrap();
    assert_eq!((render.id.as_str(), &render.status, render.stream_id.as_ref()), ("r1", &RenderStatus::Starting, None));
    let request = env.server.requests().pop().unwrap();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("POST", &*format!("{project}/render")));
    assert_eq!(
        request.body_json().unwrap(),
        json!({"sessionId": session.id().as_str(), "token": token.as_str(), "url": "https://example.com/page",
            "maxDuration": 600, "resolution": "1080x1920", "properties": {"name": "Scoreboard"}})
    );

    env.server.inject_fault(canned(200, render_json("r1", "started")), 1);
    let started = render.refresh(&env.ot).await.unwrap();
    assert_eq!(started.status, RenderStatus::Started);
    assert_eq!(started.to_json(), render_json("r1", "started"), "lossless");
    assert_eq!(env.server.requests().pop().unwrap().path, format!("{project}/render/r1"));

    env.server.inject_fault(Fault::Status { status: 204, body: String::new(), content_type: None }, 1);
    started.stop(&env.ot).await.unwrap();
    let request = env.server.requests().pop().unwrap();
    assert_eq!((request.method.as_str(), request.path.as_str()), ("DELETE", &*format!("{project}/render/r1")));
    // Any 2xx is success (some official SDKs expect 200 here).
    env.server.inject_fault(Fault::Status { status: 200, body: String::new(), content_type: None }, 1);
    env.ot.stop_render(&RenderId::from("r1")).await.unwrap();
}

#[tokio::test]
async fn errors_keep_the_platform_codes_and_429_is_retryable() {
    let env = common::env().await;
    let session = env.routed_session().await;
    let start = || env.ot.start_render(session.id(), "tok", "https://example.com/page");
    for (status, code, message) in [
        (400, codes::URL_UNREACHABLE, "URL unreachable"),
        (400, codes::INVALID_STREAM_NAME, "Invalid stream name"),
        (403, 10007, "Token does not match the session"),
    ] {
        env.server.inject_fault(canned(status, json!({"code": code, "message": message})), 1);
        let err = start().send().await.unwrap_err();
        assert_eq!((err.status().unwrap().as_u16(), err.api_error().unwrap().code()), (status, Some(code)));
        assert!(!err.is_retryable(), "{err}");
    }
    let quota = json!({"code": codes::QUOTA_EXCEEDED, "message": "Experienced Composer API Usage Exceeded"});
    env.server.inject_fault(canned(429, quota.clone()), 1);
    let err = start().send().await.unwrap_err();
    assert_eq!(err.api_error().unwrap().code(), Some(codes::QUOTA_EXCEEDED));
    assert!(err.is_retryable(), "429/50004 is worth retrying later");

    // Retries on, but not for POSTs: the 429 is the answer, after one request.
    env.server.clear_requests();
    env.server.inject_fault(canned(429, quota.clone()), 1);
    let standard = RetryConfig::standard().with_initial_backoff(Duration::from_millis(1));
    let err = env.ot.with_retry(standard).start_render(session.id(), "tok", "https://example.com/page").send().await;
    assert_eq!(err.unwrap_err().status().map(|s| s.as_u16()), Some(429));
    assert_eq!(env.server.requests().len(), 1);
    // Opted in per call, a POST is retried after a 429, and the second answer wins.
    env.server.clear_requests();
    env.server.inject_fault(canned(429, quota), 1);
    env.server.inject_fault(canned(202, json!({"id": "r2", "status": "starting"})), 1);
    let retry = RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)).with_non_idempotent(true);
    let render =
        env.ot.with_retry(retry).start_render(session.id(), "tok", "https://example.com/page").send().await.unwrap();
    assert_eq!(render.id.as_str(), "r2");
    assert_eq!(env.server.requests().len(), 2);
}

#[tokio::test]
async fn list_pages_and_an_owned_stream() {
    let env = common::env().await;
    env.server.clear_requests();
    env.server.inject_fault(
        canned(200, json!({"count": 3, "items": [render_json("a", "started"), render_json("b", "stopped")]})),
        1,
    );
    let page = env.ot.list_renders().offset(0).count(2).send().await.unwrap();
    assert_eq!(page.total, 3);
    assert_eq!(page.items.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(env.server.requests().pop().unwrap().query.as_deref(), Some("count=2"));

    env.server.inject_fault(
        canned(200, json!({"count": 3, "items": [render_json("a", "started"), render_json("b", "stopped")]})),
        1,
    );
    env.server.inject_fault(canned(200, json!({"count": 3, "items": [render_json("c", "failed")]})), 1);
    let stream = env.ot.list_renders().count(2).into_stream();
    let all = tokio::spawn(stream.try_collect::<Vec<_>>()).await.unwrap().unwrap();
    assert_eq!(all.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["a", "b", "c"]);
    let queries: Vec<_> = env.server.requests().iter().skip(1).map(|r| r.query.clone().unwrap_or_default()).collect();
    assert_eq!(queries, ["count=2", "count=2&offset=2"]);

    assert!(matches!(env.ot.list_renders().count(0).send().await, Err(Error::InvalidArgument { field: "count", .. })));
    assert!(matches!(
        env.ot.list_renders().count(1001).send().await,
        Err(Error::InvalidArgument { field: "count", .. })
    ));
}

#[tokio::test]
async fn odd_answers_are_errors_not_panics() {
    let env = common::env().await;
    for body in ["", "[]", "{\"status\":\"started\"}", "{\"id\":true}", "<html>", "{\"count\":\"x\",\"items\":{}}"] {
        env.server.inject_fault(
            Fault::Status { status: 200, body: body.into(), content_type: Some("application/json".into()) },
            3,
        );
        assert!(matches!(env.ot.get_render(&RenderId::from("r")).await, Err(Error::Decode(_))), "{body}");
        let _ = env.ot.list_renders().send().await;
        let _ = env.ot.start_render(&opentok_sdk::SessionId::from("s"), "t", "https://example.com/page").send().await;
    }
}

#[tokio::test]
async fn life_cycle_on_the_test_server_in_both_credential_modes() {
    for env in common::envs().await {
        let session = env.routed_session().await;
        let token = session.generate_token().data("composer").build().unwrap();
        let render = env
            .ot
            .start_render(session.id(), &token, "https://example.com/scoreboard")
            .max_duration(Duration::from_secs(120))
            .stream_name("Scoreboard")
            .send()
            .await
            .unwrap();
        assert_eq!((&render.status, render.stream_id.as_ref()), (&RenderStatus::Starting, None));
        assert_eq!(render.resolution.as_deref(), Some("1280x720"), "the platform's default");

        // Started: a connection with a stream under the requested name.
        let started = render.refresh(&env.ot).await.unwrap();
        assert_eq!(started.status, RenderStatus::Started);
        let stream_id = started.stream_id.clone().expect("a started composer publishes");
        let stream = env.ot.get_stream(session.id(), &stream_id).await.unwrap();
        assert_eq!(stream.name.as_deref(), Some("Scoreboard"));
        assert_eq!(env.ot.list_connections(session.id()).await.unwrap().len(), 1);

        let listed = env.ot.list_renders().send().await.unwrap();
        assert_eq!((listed.total, listed.items[0].id.clone()), (1, render.id.clone()));

        // Max duration on the server's clock: stopped, with its reason, and the stream is gone.
        env.server.advance_clock(Duration::from_secs(121));
        let expired = env.ot.get_render(&render.id).await.unwrap();
        assert_eq!((expired.status, expired.reason.as_deref()), (RenderStatus::Stopped, Some("Max Duration Exceeded")));
        assert!(env.ot.get_stream(session.id(), &stream_id).await.unwrap_err().is_not_found());
        assert!(env.ot.stop_render(&render.id).await.unwrap_err().is_not_found(), "already stopped");

        // Stopped by request.
        let second = env.ot.start_render(session.id(), &token, "https://example.com/other").send().await.unwrap();
        env.ot.stop_render(&second.id).await.unwrap();
        let stopped = env.ot.get_render(&second.id).await.unwrap();
        assert_eq!((stopped.status, stopped.reason.as_deref()), (RenderStatus::Stopped, Some("Stop Requested")));
        assert!(env.ot.get_render(&RenderId::from("unknown")).await.unwrap_err().is_not_found());

        // The token must be for this session, and the session routed.
        let other = env.routed_session().await;
        let err = env.ot.start_render(other.id(), &token, "https://example.com/page").send().await.unwrap_err();
        assert_eq!(err.api_error().unwrap().code(), Some(10007), "{err}");
        let relayed = env.relayed_session().await;
        let relayed_token = relayed.generate_token().build().unwrap();
        assert!(env
            .ot
            .start_render(relayed.id(), &relayed_token, "https://example.com/page")
            .send()
            .await
            .unwrap_err()
            .is_conflict());

        // The quota: 429 with code 50004, retryable.
        env.server.set_render_quota(Some(0));
        let err = env.ot.start_render(session.id(), &token, "https://example.com/page").send().await.unwrap_err();
        assert_eq!(
            (err.status().map(|s| s.as_u16()), err.api_error().unwrap().code()),
            (Some(429), Some(codes::QUOTA_EXCEEDED))
        );
        assert!(err.is_retryable());
    }
}

#[tokio::test]
async fn the_owned_stream_pages_through_the_test_server() {
    let env = common::env().await;
    let session = env.routed_session().await;
    let token = session.generate_token().build().unwrap();
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(env.ot.start_render(session.id(), &token, "https://example.com/page").send().await.unwrap().id);
    }
    let stream = env.ot.list_renders().count(2).into_stream();
    let all = tokio::spawn(stream.try_collect::<Vec<_>>()).await.unwrap().unwrap();
    ids.reverse();
    assert_eq!(all.into_iter().map(|r| r.id).collect::<Vec<_>>(), ids, "every render once, newest first");
}
