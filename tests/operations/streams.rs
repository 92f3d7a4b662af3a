//! Streams against the test server: get, list, and layout class lists.

use crate::common;

use opentok_sdk::{stream::VideoType, Error, SessionId, StreamId};
use serde_json::json;

fn unknown_session() -> SessionId {
    SessionId::from("1_MX4xMjM0NTY3OH5-MTcwMDAwMDAwMDAwMH5ub3RoZXJlfn4")
}

#[tokio::test]
async fn list_and_get_streams() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, a) = env.live_session().await;
        let b = env.connect(&session);

        let streams = env.ot.list_streams(session.id()).await.unwrap();
        assert_eq!(
            streams.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            [a.stream_id.as_str(), b.stream_id.as_str()]
        );
        assert!(streams.iter().all(|s| s.video_type == Some(VideoType::Camera)));
        let request = env.server.requests().last().unwrap().clone();
        assert_eq!(
            (request.method.as_str(), request.path.clone()),
            ("GET", format!("/v2/project/{}/session/{}/stream", env.server.api_key(), session.id()))
        );

        let stream = env.ot.get_stream(session.id(), &StreamId::from(b.stream_id.as_str())).await.unwrap();
        assert_eq!(stream.id, b.stream_id.as_str());
        assert_eq!(stream.video_type, Some(VideoType::Camera));
        assert_eq!(stream.video_type.as_ref().unwrap().as_str(), "camera");
        let info = env.server.stream(session.id().as_str(), &b.stream_id).unwrap();
        assert_eq!(stream.name.as_deref().unwrap_or_default(), info.name);
        assert_eq!(stream.layout_class_list, info.layout_class_list);
        assert_eq!(
            env.server.requests().last().unwrap().path,
            format!("/v2/project/{}/session/{}/stream/{}", env.server.api_key(), session.id(), b.stream_id)
        );

        let empty = env.routed_session().await;
        assert!(env.ot.list_streams(empty.id()).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn initial_layout_classes_from_the_token_show_up() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let session = env.routed_session().await;
        let token = env.ot.generate_token(session.id()).initial_layout_class_list(["focus", "wide"]).build().unwrap();
        let client = env.server.connect_client(session.id().as_str(), token.as_str()).unwrap();
        let stream = env.ot.get_stream(session.id(), &StreamId::from(client.stream_id.as_str())).await.unwrap();
        assert_eq!(stream.layout_class_list, ["focus", "wide"]);
    }
}

#[tokio::test]
async fn stream_error_paths() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, client) = env.live_session().await;
        let err = env.ot.get_stream(session.id(), &StreamId::from("no-such-stream")).await.unwrap_err();
        assert!(err.is_not_found(), "{err}");
        let err = env.ot.get_stream(&unknown_session(), &StreamId::from(client.stream_id.as_str())).await.unwrap_err();
        assert!(err.is_not_found(), "{err}");
        let err = env.ot.list_streams(&unknown_session()).await.unwrap_err();
        assert!(err.is_not_found(), "{err}");
        env.server.clear_requests();
        let err = env.ot.get_stream(session.id(), &StreamId::from("")).await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "stream_id", .. }), "{err}");
        assert!(env.server.requests().is_empty());
    }
}

#[tokio::test]
async fn set_stream_class_lists_updates_several_streams() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, a) = env.live_session().await;
        let b = env.connect(&session);
        let (a_id, b_id) = (StreamId::from(a.stream_id.as_str()), StreamId::from(b.stream_id.as_str()));

        env.ot
            .set_stream_class_lists(session.id())
            .stream(&a_id, ["full", "focus"])
            .stream(&b_id, ["thumb"])
            .send()
            .await
            .unwrap();
        let request = env.server.requests().last().unwrap().clone();
        assert_eq!(request.method, "PUT");
        assert_eq!(request.path, format!("/v2/project/{}/session/{}/stream", env.server.api_key(), session.id()));
        assert_eq!(
            request.body_json().unwrap(),
            json!({"items": [
                {"id": a.stream_id, "layoutClassList": ["full", "focus"]},
                {"id": b.stream_id, "layoutClassList": ["thumb"]}
            ]})
        );
        assert_eq!(env.ot.get_stream(session.id(), &a_id).await.unwrap().layout_class_list, ["full", "focus"]);
        assert_eq!(env.ot.get_stream(session.id(), &b_id).await.unwrap().layout_class_list, ["thumb"]);

        // An empty list clears a stream's classes.
        env.ot.set_stream_class_lists(session.id()).stream(&a_id, Vec::<String>::new()).send().await.unwrap();
        assert!(env.ot.get_stream(session.id(), &a_id).await.unwrap().layout_class_list.is_empty());
        assert_eq!(env.ot.get_stream(session.id(), &b_id).await.unwrap().layout_class_list, ["thumb"]);
    }
}

#[tokio::test]
async fn set_stream_class_lists_error_paths() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, a) = env.live_session().await;
        let a_id = StreamId::from(a.stream_id.as_str());

        // One unknown stream: nothing changes.
        let err = env
            .ot
            .set_stream_class_lists(session.id())
            .stream(&a_id, ["full"])
            .stream(&StreamId::from("no-such-stream"), ["full"])
            .send()
            .await
            .unwrap_err();
        assert!(err.is_not_found(), "{err}");
        assert!(env.ot.get_stream(session.id(), &a_id).await.unwrap().layout_class_list.is_empty());
        let err = env.ot.set_stream_class_lists(&unknown_session()).stream(&a_id, ["full"]).send().await.unwrap_err();
        assert!(err.is_not_found(), "{err}");

        env.server.clear_requests();
        let err = env.ot.set_stream_class_lists(session.id()).send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "streams", .. }), "{err}");
        let err = env.ot.set_stream_class_lists(session.id()).stream(&a_id, ["full screen"]).send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "layout_class_list", .. }), "{err}");
        let err = env.ot.set_stream_class_lists(session.id()).stream(&a_id, [""]).send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "layout_class_list", .. }), "{err}");
        assert!(env.server.requests().is_empty(), "nothing was sent: {:?}", env.server.requests());
    }
}
