//! Moderation against the test server: listing connections, force disconnect, force mute.

use crate::common;

use opentok_sdk::{moderation::ConnectionState, ConnectionId, Error, SessionId, StreamId};
use serde_json::json;

/// A session id the server never issued.
fn unknown_session() -> SessionId {
    SessionId::from("1_MX4xMjM0NTY3OH5-MTcwMDAwMDAwMDAwMH5ub3RoZXJlfn4")
}

#[tokio::test]
async fn list_connections_shows_every_client() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, first) = env.live_session().await;
        let second = env.connect(&session);
        let before = chrono::Utc::now() - chrono::Duration::seconds(60);

        let connections = env.ot.list_connections(session.id()).await.unwrap();
        let ids: Vec<&str> = connections.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, [first.connection_id.as_str(), second.connection_id.as_str()]);
        for connection in &connections {
            assert_eq!(connection.state, ConnectionState::Connected);
            let created = connection.created_at.expect("createdAt is read");
            assert!(created > before && created <= chrono::Utc::now(), "{created}");
        }
        let request = env.server.requests().last().unwrap().clone();
        assert_eq!(request.method, "GET");
        assert_eq!(request.path, format!("/v2/project/{}/session/{}/connection", env.server.api_key(), session.id()));

        let empty = env.routed_session().await;
        assert!(env.ot.list_connections(empty.id()).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn list_connections_of_unknown_session_is_not_found() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let err = env.ot.list_connections(&unknown_session()).await.unwrap_err();
        assert!(err.is_not_found(), "{err}");
    }
}

#[tokio::test]
async fn force_disconnect_removes_the_connection_and_its_stream() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, leaving) = env.live_session().await;
        let staying = env.connect(&session);
        let leaving_id = ConnectionId::from(leaving.connection_id.as_str());
        let leaving_stream = StreamId::from(leaving.stream_id.as_str());
        assert_eq!(env.ot.list_streams(session.id()).await.unwrap().len(), 2);

        env.ot.force_disconnect(session.id(), &leaving_id).await.unwrap();
        let request = env.server.requests().last().unwrap().clone();
        assert_eq!(request.method, "DELETE");
        assert_eq!(
            request.path,
            format!("/v2/project/{}/session/{}/connection/{}", env.server.api_key(), session.id(), leaving_id)
        );
        assert!(request.body.is_empty());

        let connections = env.ot.list_connections(session.id()).await.unwrap();
        assert_eq!(connections.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), [staying.connection_id.as_str()]);
        let streams = env.ot.list_streams(session.id()).await.unwrap();
        assert_eq!(streams.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), [staying.stream_id.as_str()]);
        assert!(env.ot.get_stream(session.id(), &leaving_stream).await.unwrap_err().is_not_found());

        // The client is gone: a second disconnect finds nobody.
        let err = env.ot.force_disconnect(session.id(), &leaving_id).await.unwrap_err();
        assert!(err.is_not_found(), "{err}");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    }
}

#[tokio::test]
async fn force_disconnect_error_paths() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, client) = env.live_session().await;
        let err = env.ot.force_disconnect(session.id(), &ConnectionId::from("no-such-connection")).await.unwrap_err();
        assert!(err.is_not_found(), "{err}");
        let err = env
            .ot
            .force_disconnect(&unknown_session(), &ConnectionId::from(client.connection_id.as_str()))
            .await
            .unwrap_err();
        assert!(err.is_not_found(), "{err}");

        env.server.clear_requests();
        let err = env.ot.force_disconnect(session.id(), &ConnectionId::from("")).await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "connection_id", .. }), "{err}");
        let err = env.ot.force_disconnect(&SessionId::from(""), &ConnectionId::from("c")).await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "session_id", .. }), "{err}");
        assert!(env.server.requests().is_empty(), "nothing was sent: {:?}", env.server.requests());
    }
}

#[tokio::test]
async fn force_mute_stream_mutes_only_that_stream() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, target) = env.live_session().await;
        let other = env.connect(&session);
        let sid = session.id().as_str();

        env.ot.force_mute_stream(session.id(), &StreamId::from(target.stream_id.as_str())).await.unwrap();
        let request = env.server.requests().last().unwrap().clone();
        assert_eq!(request.method, "POST");
        assert_eq!(
            request.path,
            format!("/v2/project/{}/session/{}/stream/{}/mute", env.server.api_key(), sid, target.stream_id)
        );
        assert!(env.server.stream(sid, &target.stream_id).unwrap().audio_muted);
        assert!(!env.server.stream(sid, &other.stream_id).unwrap().audio_muted);
        assert!(!env.server.session(sid).unwrap().force_muted, "muting one stream does not mute the session");
    }
}

#[tokio::test]
async fn force_mute_stream_error_paths() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, client) = env.live_session().await;
        let err = env.ot.force_mute_stream(session.id(), &StreamId::from("no-such-stream")).await.unwrap_err();
        assert!(err.is_not_found(), "{err}");
        let err =
            env.ot.force_mute_stream(&unknown_session(), &StreamId::from(client.stream_id.as_str())).await.unwrap_err();
        assert!(err.is_not_found(), "{err}");
        env.server.clear_requests();
        let err = env.ot.force_mute_stream(session.id(), &StreamId::from(" ")).await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "stream_id", .. }), "{err}");
        assert!(env.server.requests().is_empty());
    }
}

#[tokio::test]
async fn force_mute_all_honours_exclusions_and_mutes_later_streams() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, moderator) = env.live_session().await;
        let a = env.connect(&session);
        let b = env.connect(&session);
        let sid = session.id().as_str();
        let moderator_stream = StreamId::from(moderator.stream_id.as_str());

        env.ot.force_mute_all(session.id()).excluding([&moderator_stream]).send().await.unwrap();
        let request = env.server.requests().last().unwrap().clone();
        assert_eq!(request.method, "POST");
        assert_eq!(request.path, format!("/v2/project/{}/session/{}/mute", env.server.api_key(), sid));
        assert_eq!(
            request.body_json().unwrap(),
            json!({"active": true, "excludedStreamIds": [moderator.stream_id.as_str()]})
        );

        assert!(!env.server.stream(sid, &moderator.stream_id).unwrap().audio_muted, "the excluded stream");
        assert!(env.server.stream(sid, &a.stream_id).unwrap().audio_muted);
        assert!(env.server.stream(sid, &b.stream_id).unwrap().audio_muted);
        assert!(env.server.session(sid).unwrap().force_muted);

        // A client joining while the session is force-muted is muted too.
        let late = env.connect(&session);
        assert!(env.server.stream(sid, &late.stream_id).unwrap().audio_muted);
    }
}

#[tokio::test]
async fn force_mute_all_without_exclusions_mutes_everyone() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, a) = env.live_session().await;
        let b = env.connect(&session);
        let sid = session.id().as_str();
        env.ot.force_mute_all(session.id()).send().await.unwrap();
        assert_eq!(env.server.requests().last().unwrap().body_json().unwrap(), json!({"active": true}));
        assert!(env.server.stream(sid, &a.stream_id).unwrap().audio_muted);
        assert!(env.server.stream(sid, &b.stream_id).unwrap().audio_muted);

        let err = env.ot.force_mute_all(&unknown_session()).send().await.unwrap_err();
        assert!(err.is_not_found(), "{err}");
        env.server.clear_requests();
        let err = env.ot.force_mute_all(session.id()).excluding([""]).send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "excluding", .. }), "{err}");
        assert!(env.server.requests().is_empty());
    }
}

#[tokio::test]
async fn disable_force_mute_lifts_the_session_state() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, early) = env.live_session().await;
        let sid = session.id().as_str();
        env.ot.force_mute_all(session.id()).send().await.unwrap();
        assert!(env.server.session(sid).unwrap().force_muted);

        env.ot.disable_force_mute(session.id()).await.unwrap();
        let request = env.server.requests().last().unwrap().clone();
        assert_eq!(request.path, format!("/v2/project/{}/session/{}/mute", env.server.api_key(), sid));
        assert_eq!(request.body_json().unwrap(), json!({"active": false}));
        assert!(!env.server.session(sid).unwrap().force_muted);

        // Streams muted before stay muted; streams published now are not muted.
        assert!(env.server.stream(sid, &early.stream_id).unwrap().audio_muted);
        let late = env.connect(&session);
        assert!(!env.server.stream(sid, &late.stream_id).unwrap().audio_muted);

        let err = env.ot.disable_force_mute(&unknown_session()).await.unwrap_err();
        assert!(err.is_not_found(), "{err}");
    }
}
