//! SIP interconnect against the test server: dial-out and DTMF.

use crate::common;

use opentok_sdk::{stream::VideoType, ConnectionId, Error, SessionId, StreamId};
use opentok_test_server::RecordedDtmf;
use serde_json::json;

fn unknown_session() -> SessionId {
    SessionId::from("1_MX4xMjM0NTY3OH5-MTcwMDAwMDAwMDAwMH5ub3RoZXJlfn4")
}

#[tokio::test]
async fn dial_joins_as_a_connection_with_its_own_stream() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, client) = env.live_session().await;
        let token = env.ot.generate_token(session.id()).data("phone-leg").build().unwrap();

        let call = env.ot.dial(session.id(), &token, "sip:+15551234567@sip.example.com").send().await.unwrap();
        let request = env.server.requests().last().unwrap().clone();
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, format!("/v2/project/{}/dial", env.server.api_key()));
        assert_eq!(
            request.body_json().unwrap(),
            json!({"sessionId": session.id().as_str(), "token": token.as_str(),
                   "sip": {"uri": "sip:+15551234567@sip.example.com"}})
        );

        assert!(!call.id.as_str().is_empty());
        let connections = env.ot.list_connections(session.id()).await.unwrap();
        assert_eq!(
            connections.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(),
            [client.connection_id.as_str(), call.connection_id.as_str()]
        );
        let info = env.server.session(session.id().as_str()).unwrap();
        let leg = info.connections.iter().find(|c| c.connection_id == call.connection_id.as_str()).unwrap();
        assert!(leg.sip);
        assert_eq!(leg.data.as_deref(), Some("phone-leg"));

        let stream_id = call.stream_id.clone().expect("the call publishes a stream");
        let streams = env.ot.list_streams(session.id()).await.unwrap();
        assert!(streams.iter().any(|s| s.id == stream_id), "{streams:?}");
        let stream = env.ot.get_stream(session.id(), &stream_id).await.unwrap();
        assert_eq!(stream.video_type, None, "an audio-only call");

        // Hanging up: force-disconnect the call's connection.
        env.ot.force_disconnect(session.id(), &call.connection_id).await.unwrap();
        assert!(env.ot.get_stream(session.id(), &stream_id).await.unwrap_err().is_not_found());
        let left: Vec<ConnectionId> =
            env.ot.list_connections(session.id()).await.unwrap().into_iter().map(|c| c.id).collect();
        assert_eq!(left, [ConnectionId::from(client.connection_id.as_str())]);
    }
}

#[tokio::test]
async fn dial_with_every_option() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, client) = env.live_session().await;
        let token = env.ot.generate_token(session.id()).build().unwrap();
        let subscribed = StreamId::from(client.stream_id.as_str());

        let call = env
            .ot
            .dial(session.id(), token.as_str(), "sips:conference@pbx.example.com;transport=tls")
            .from("15551230000@example.com")
            .header("X-Conference-Id", "42")
            .headers([("X-Tenant", "acme")])
            .auth("alice", "s3cret-pw")
            .secure(true)
            .video(true)
            .observe_force_mute(true)
            .streams([&subscribed])
            .send()
            .await
            .unwrap();
        assert_eq!(
            env.server.requests().last().unwrap().body_json().unwrap(),
            json!({
                "sessionId": session.id().as_str(),
                "token": token.as_str(),
                "sip": {
                    "uri": "sips:conference@pbx.example.com;transport=tls",
                    "from": "15551230000@example.com",
                    "headers": {"X-Conference-Id": "42", "X-Tenant": "acme"},
                    "auth": {"username": "alice", "password": "s3cret-pw"},
                    "secure": true,
                    "video": true,
                    "observeForceMute": true,
                    "streams": [client.stream_id.as_str()]
                }
            })
        );
        let stream = env.ot.get_stream(session.id(), call.stream_id.as_ref().unwrap()).await.unwrap();
        assert_eq!(stream.video_type, Some(VideoType::Camera), "a video call");

        // Explicit `false` flags are sent as such, not dropped.
        env.ot.dial(session.id(), &token, "sip:a@example.com").secure(false).video(false).send().await.unwrap();
        assert_eq!(
            env.server.requests().last().unwrap().body_json().unwrap()["sip"],
            json!({"uri": "sip:a@example.com", "secure": false, "video": false})
        );
    }
}

#[tokio::test]
async fn a_call_that_observes_force_mute_joins_muted() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, _client) = env.live_session().await;
        env.ot.force_mute_all(session.id()).send().await.unwrap();
        let token = env.ot.generate_token(session.id()).build().unwrap();

        let observing =
            env.ot.dial(session.id(), &token, "sip:a@example.com").observe_force_mute(true).send().await.unwrap();
        let ignoring = env.ot.dial(session.id(), &token, "sip:b@example.com").send().await.unwrap();
        let sid = session.id().as_str();
        assert!(env.server.stream(sid, observing.stream_id.as_ref().unwrap().as_str()).unwrap().audio_muted);
        assert!(!env.server.stream(sid, ignoring.stream_id.as_ref().unwrap().as_str()).unwrap().audio_muted);
    }
}

#[tokio::test]
async fn dial_into_a_relayed_session_is_a_conflict() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let session = env.relayed_session().await;
        let token = env.ot.generate_token(session.id()).build().unwrap();
        let err = env.ot.dial(session.id(), &token, "sip:a@example.com").send().await.unwrap_err();
        assert!(err.is_conflict(), "{err}");
        assert!(env.server.session(session.id().as_str()).unwrap().connections.is_empty());
    }
}

#[tokio::test]
async fn dial_error_paths() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let session = env.routed_session().await;
        let token = env.ot.generate_token(session.id()).build().unwrap();

        // A token for another session is refused by the platform.
        let other = env.routed_session().await;
        let err = env.ot.dial(other.id(), &token, "sip:a@example.com").send().await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(403), "{err}");

        env.server.clear_requests();
        for bad in ["tel:+15551234567", "https://example.com", "sip:", "a@example.com", ""] {
            let err = env.ot.dial(session.id(), &token, bad).send().await.unwrap_err();
            assert!(matches!(err, Error::InvalidArgument { field: "sip_uri", .. }), "{bad:?}: {err}");
            assert!(err.to_string().contains("sip_uri"), "{err}");
        }
        let err = env.ot.dial(session.id(), "", "sip:a@example.com").send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "token", .. }), "{err}");
        let err =
            env.ot.dial(session.id(), &token, "sip:a@example.com").header("Bad Name", "x").send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "headers", .. }), "{err}");
        assert!(env.server.requests().is_empty(), "nothing was sent: {:?}", env.server.requests());

        // An unknown session is a 404 (the token is checked against it after the session lookup).
        let err = env.ot.dial(&unknown_session(), &token, "sip:a@example.com").send().await.unwrap_err();
        assert!(err.is_not_found(), "{err}");
    }
}

#[tokio::test]
async fn dtmf_to_the_session_and_to_one_call_is_recorded() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, _client) = env.live_session().await;
        let token = env.ot.generate_token(session.id()).build().unwrap();
        let call = env.ot.dial(session.id(), &token, "sip:a@example.com").send().await.unwrap();

        env.ot.play_dtmf(session.id(), "1234#").send().await.unwrap();
        let request = env.server.requests().last().unwrap().clone();
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, format!("/v2/project/{}/session/{}/play-dtmf", env.server.api_key(), session.id()));
        assert_eq!(request.body_json().unwrap(), json!({"digits": "1234#"}));

        env.ot.play_dtmf(session.id(), "9p*0").to_connection(&call.connection_id).send().await.unwrap();
        let request = env.server.requests().last().unwrap().clone();
        assert_eq!(
            request.path,
            format!(
                "/v2/project/{}/session/{}/connection/{}/play-dtmf",
                env.server.api_key(),
                session.id(),
                call.connection_id
            )
        );
        assert_eq!(request.body_json().unwrap(), json!({"digits": "9p*0"}));

        let sid = session.id().to_string();
        assert_eq!(
            env.server.dtmf(),
            [
                RecordedDtmf { session_id: sid.clone(), connection_id: None, digits: "1234#".into() },
                RecordedDtmf {
                    session_id: sid,
                    connection_id: Some(call.connection_id.to_string()),
                    digits: "9p*0".into()
                },
            ]
        );
    }
}

#[tokio::test]
async fn dtmf_error_paths() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, _client) = env.live_session().await;
        let err = env
            .ot
            .play_dtmf(session.id(), "1")
            .to_connection(&ConnectionId::from("no-such-connection"))
            .send()
            .await
            .unwrap_err();
        assert!(err.is_not_found(), "{err}");
        let err = env.ot.play_dtmf(&unknown_session(), "1").send().await.unwrap_err();
        assert!(err.is_not_found(), "{err}");

        env.server.clear_requests();
        for bad in ["", "12a", "1 2", "P", "+1"] {
            let err = env.ot.play_dtmf(session.id(), bad).send().await.unwrap_err();
            assert!(matches!(err, Error::InvalidArgument { field: "digits", .. }), "{bad:?}: {err}");
        }
        assert!(env.server.requests().is_empty(), "nothing was sent: {:?}", env.server.requests());
        assert!(env.server.dtmf().is_empty());
    }
}

/// The platform mutes a SIP call only if it was dialled with `observeForceMute: true`.
#[tokio::test]
async fn force_mute_all_spares_calls_that_do_not_observe_it() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, client) = env.live_session().await;
        let token = env.ot.generate_token(session.id()).build().unwrap();
        let observing =
            env.ot.dial(session.id(), &token, "sip:a@example.com").observe_force_mute(true).send().await.unwrap();
        let ignoring = env.ot.dial(session.id(), &token, "sip:b@example.com").send().await.unwrap();

        env.ot.force_mute_all(session.id()).send().await.unwrap();
        let sid = session.id().as_str();
        assert!(env.server.stream(sid, &client.stream_id).unwrap().audio_muted);
        assert!(env.server.stream(sid, observing.stream_id.as_ref().unwrap().as_str()).unwrap().audio_muted);
        assert!(!env.server.stream(sid, ignoring.stream_id.as_ref().unwrap().as_str()).unwrap().audio_muted);
    }
}
