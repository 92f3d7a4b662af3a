//! Signals against the test server.

use crate::common;

use opentok_sdk::{ConnectionId, Error, SessionId};
use opentok_test_server::{Fault, RecordedSignal};
use serde_json::json;

#[tokio::test]
async fn signal_to_the_whole_session_is_recorded() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, _client) = env.live_session().await;
        env.ot.signal(session.id()).signal_type("chat").data("Hello, everyone").send().await.unwrap();

        let request = env.server.requests().last().unwrap().clone();
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, format!("/v2/project/{}/session/{}/signal", env.server.api_key(), session.id()));
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert_eq!(request.body_json().unwrap(), json!({"type": "chat", "data": "Hello, everyone"}));
        assert_eq!(
            env.server.signals(),
            [RecordedSignal {
                session_id: session.id().to_string(),
                connection_id: None,
                r#type: Some("chat".into()),
                data: Some("Hello, everyone".into()),
            }]
        );
    }
}

#[tokio::test]
async fn signal_to_one_connection_is_recorded_with_its_target() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, _first) = env.live_session().await;
        let target = env.connect(&session);
        let target_id = ConnectionId::from(target.connection_id.as_str());

        env.ot
            .signal(session.id())
            .to_connection(&target_id)
            .signal_type("kick-warning")
            .data("{\"n\":1}")
            .send()
            .await
            .unwrap();
        let request = env.server.requests().last().unwrap().clone();
        assert_eq!(
            request.path,
            format!("/v2/project/{}/session/{}/connection/{}/signal", env.server.api_key(), session.id(), target_id)
        );
        let signals = env.server.signals();
        assert_eq!(signals.len(), 1);
        assert_eq!(signals[0].session_id, session.id().as_str());
        assert_eq!(signals[0].connection_id.as_deref(), Some(target.connection_id.as_str()));
        assert_eq!(signals[0].r#type.as_deref(), Some("kick-warning"));
        assert_eq!(signals[0].data.as_deref(), Some("{\"n\":1}"));

        // A type alone sends empty data (the platform requires the field).
        env.ot.signal(session.id()).signal_type("refresh").send().await.unwrap();
        assert_eq!(env.server.requests().last().unwrap().body_json().unwrap(), json!({"type": "refresh", "data": ""}));
    }
}

#[tokio::test]
async fn signal_limits_are_inclusive_and_checked_before_sending() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, _client) = env.live_session().await;

        // Exactly at the limits: accepted by us and by the server.
        let max_type = "t".repeat(128);
        let max_data = "d".repeat(8192);
        env.ot.signal(session.id()).signal_type(max_type.as_str()).data(max_data.as_str()).send().await.unwrap();
        let recorded = env.server.signals().pop().unwrap();
        assert_eq!(recorded.r#type.as_deref(), Some(max_type.as_str()));
        assert_eq!(recorded.data.map(|d| d.len()), Some(8192));

        env.server.clear_requests();
        let err = env.ot.signal(session.id()).signal_type("t".repeat(129)).data("x").send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "type", .. }), "{err}");
        assert!(err.to_string().contains("type"), "{err}");
        let err = env.ot.signal(session.id()).signal_type("chat").data("d".repeat(8193)).send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "data", .. }), "{err}");
        assert!(err.to_string().contains("data"), "{err}");
        assert!(env.server.requests().is_empty(), "nothing was sent: {:?}", env.server.requests());
        assert_eq!(env.server.signals().len(), 1, "only the first signal was recorded");
    }
}

#[tokio::test]
async fn payload_too_large_from_the_platform_is_an_api_error() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, _client) = env.live_session().await;
        env.server.inject_fault(
            Fault::Status {
                status: 413,
                body: r#"{"code":413,"message":"Signal data is larger than 8 kB"}"#.into(),
                content_type: Some("application/json".into()),
            },
            1,
        );
        let err = env.ot.signal(session.id()).signal_type("chat").data("x").send().await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(413), "{err}");
        let api = err.api_error().expect("an API error");
        assert_eq!(api.message(), Some("Signal data is larger than 8 kB"));
        assert_eq!(api.code(), Some(413));
    }
}

#[tokio::test]
async fn signal_error_paths() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, client) = env.live_session().await;
        let err = env
            .ot
            .signal(session.id())
            .to_connection(&ConnectionId::from("no-such-connection"))
            .data("x")
            .send()
            .await
            .unwrap_err();
        assert!(err.is_not_found(), "{err}");

        let unknown = SessionId::from("1_MX4xMjM0NTY3OH5-MTcwMDAwMDAwMDAwMH5ub3RoZXJlfn4");
        let err = env.ot.signal(&unknown).data("x").send().await.unwrap_err();
        assert!(err.is_not_found(), "{err}");

        // A disconnected client can no longer be signalled.
        let gone = ConnectionId::from(client.connection_id.as_str());
        env.ot.force_disconnect(session.id(), &gone).await.unwrap();
        let err = env.ot.signal(session.id()).to_connection(&gone).data("x").send().await.unwrap_err();
        assert!(err.is_not_found(), "{err}");
        assert!(env.server.signals().is_empty());

        env.server.clear_requests();
        let err =
            env.ot.signal(session.id()).to_connection(&ConnectionId::from("")).data("x").send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "connection_id", .. }), "{err}");
        assert!(env.server.requests().is_empty());
    }
}
