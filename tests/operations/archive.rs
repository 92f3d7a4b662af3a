//! Archives against the test server: every operation and every error path.

use crate::common;

use futures_util::{StreamExt, TryStreamExt};
use opentok_sdk::{
    archive::{ArchiveStatus, Layout, OutputMode, Resolution, ScreenshareLayout, StreamMode},
    ArchiveId, Error, SessionId, StreamId,
};

#[tokio::test]
async fn composed_archive_full_life_cycle() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, _client) = env.live_session().await;

        let archive = env
            .ot
            .start_archive(session.id())
            .name("lecture")
            .resolution(Resolution::Hd720Landscape)
            .layout(Layout::BestFitWithScreenshare(ScreenshareLayout::Pip))
            .max_bitrate(2_000_000)
            .send()
            .await
            .unwrap();
        assert_eq!(archive.status, ArchiveStatus::Started);
        assert_eq!(archive.name.as_deref(), Some("lecture"));
        assert_eq!(archive.session_id.as_ref(), Some(session.id()));
        assert_eq!(archive.output_mode, Some(OutputMode::Composed));
        assert_eq!(archive.resolution.as_deref(), Some("1280x720"));
        assert_eq!(archive.max_bitrate, Some(2_000_000));

        let body = env.server.requests().last().unwrap().body_json().unwrap();
        assert_eq!(
            body,
            serde_json::json!({"sessionId": session.id().as_str(), "name": "lecture", "resolution": "1280x720",
                "layout": {"type": "bestFit", "screenshareType": "pip"}, "maxBitrate": 2000000})
        );

        let fetched = env.ot.get_archive(&archive.id).await.unwrap();
        assert_eq!(fetched.id, archive.id);
        assert_eq!(fetched.status, ArchiveStatus::Started);

        // Deleting while recording is a conflict.
        assert!(archive.delete(&env.ot).await.unwrap_err().is_conflict());

        let stopped = archive.stop(&env.ot).await.unwrap();
        assert_eq!(stopped.status, ArchiveStatus::Stopped);
        let second_stop = env.ot.stop_archive(&archive.id).await.unwrap_err();
        assert!(second_stop.is_conflict(), "{second_stop}");

        let available = env.ot.get_archive(&archive.id).await.unwrap();
        assert_eq!(available.status, ArchiveStatus::Available);
        assert!(available.url.is_some());

        env.ot.delete_archive(&archive.id).await.unwrap();
        assert!(env.ot.get_archive(&archive.id).await.unwrap_err().is_not_found());
        assert!(env.ot.delete_archive(&archive.id).await.unwrap_err().is_not_found());
    }
}

#[tokio::test]
async fn individual_archive_sends_only_its_options() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, _client) = env.live_session().await;
        let archive =
            env.ot.start_archive(session.id()).individual().has_audio(false).name("raw").send().await.unwrap();
        assert_eq!(archive.output_mode, Some(OutputMode::Individual));
        assert_eq!(archive.has_audio, Some(false));
        let body = env.server.requests().last().unwrap().body_json().unwrap();
        assert_eq!(
            body,
            serde_json::json!({"sessionId": session.id().as_str(), "outputMode": "individual", "hasAudio": false,
                "name": "raw"})
        );
        // Layout changes are refused for individual archives.
        let err = env.ot.set_archive_layout(&archive.id, &Layout::Pip).await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err}");
    }
}

#[tokio::test]
async fn platform_rules_for_starting() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);

        let relayed = env.relayed_session().await;
        env.connect(&relayed);
        let err = env.ot.start_archive(relayed.id()).send().await.unwrap_err();
        assert!(err.is_conflict(), "relayed session: {err}");
        assert!(err.api_error().unwrap().message().is_some(), "the server's words are kept: {err:?}");

        let empty = env.routed_session().await;
        let err = env.ot.start_archive(empty.id()).send().await.unwrap_err();
        assert!(err.is_not_found(), "no connected client: {err}");

        let unknown =
            SessionId::from("1_MX4xMjM0NTZ-fk1vbiBNYXIgMTcgMDA6NDE6MzEgUERUIDIwMTR-MC42ODM3ODk1MzQ0OTQyODA4fg");
        assert!(env.ot.start_archive(&unknown).send().await.unwrap_err().is_not_found());

        let (live, _c) = env.live_session().await;
        let first = env.ot.start_archive(live.id()).send().await.unwrap();
        let err = env.ot.start_archive(live.id()).send().await.unwrap_err();
        assert!(err.is_conflict(), "second archive without a tag: {err}");
        let tagged = env.ot.start_archive(live.id()).multi_archive_tag("backup").send().await.unwrap();
        assert_ne!(tagged.id, first.id);
        let err = env.ot.start_archive(live.id()).multi_archive_tag("backup").send().await.unwrap_err();
        assert!(err.is_conflict(), "same tag twice: {err}");
    }
}

#[tokio::test]
async fn invalid_options_fail_before_sending() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let sid = SessionId::from("anything");
        let cases = [
            (env.ot.start_archive(&sid).has_audio(false).has_video(false).send().await, "has_video"),
            (env.ot.start_archive(&sid).max_bitrate(50).send().await, "max_bitrate"),
            (env.ot.start_archive(&sid).quantization_parameter(50).send().await, "quantization_parameter"),
            (env.ot.start_archive(&sid).max_bitrate(500_000).quantization_parameter(20).send().await, "max_bitrate"),
            (env.ot.start_archive(&sid).layout(Layout::Custom(String::new())).send().await, "layout"),
            (env.ot.start_archive(&SessionId::from("")).send().await, "session_id"),
        ];
        for (result, expected) in cases {
            match result {
                Err(Error::InvalidArgument { field, reason }) => {
                    assert_eq!(field, expected, "{reason}");
                    assert!(!reason.is_empty());
                }
                other => panic!("expected an invalid `{expected}`, got {other:?}"),
            }
        }
        let count = env.ot.list_archives().count(0).send().await.unwrap_err();
        assert!(matches!(count, Error::InvalidArgument { field: "count", .. }));
        let count = env.ot.list_archives().count(1001).send().await.unwrap_err();
        assert!(matches!(count, Error::InvalidArgument { field: "count", .. }));
        assert!(env.server.requests().is_empty(), "nothing was sent: {:?}", env.server.requests());
    }
}

#[tokio::test]
async fn unknown_archive_ids_are_not_found() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let id = ArchiveId::from("00000000-0000-0000-0000-000000000000");
        assert!(env.ot.get_archive(&id).await.unwrap_err().is_not_found());
        assert!(env.ot.stop_archive(&id).await.unwrap_err().is_not_found());
        assert!(env.ot.delete_archive(&id).await.unwrap_err().is_not_found());
        assert!(env.ot.set_archive_layout(&id, &Layout::Pip).await.unwrap_err().is_not_found());
    }
}

#[tokio::test]
async fn listing_pages_filters_and_streams() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (a, _ca) = env.live_session().await;
        let (b, _cb) = env.live_session().await;
        let mut ids = Vec::new();
        for i in 0..5 {
            let session = if i % 2 == 0 { &a } else { &b };
            let archive = env.ot.start_archive(session.id()).multi_archive_tag(format!("t{i}")).send().await.unwrap();
            ids.push(archive.id);
        }
        let newest_first: Vec<ArchiveId> = ids.iter().rev().cloned().collect();

        let page = env.ot.list_archives().send().await.unwrap();
        assert_eq!(page.total, 5);
        assert_eq!(page.items.iter().map(|a| a.id.clone()).collect::<Vec<_>>(), newest_first);

        let page = env.ot.list_archives().offset(1).count(2).send().await.unwrap();
        assert_eq!(page.total, 5, "total counts every match, not the page");
        assert_eq!(page.items.iter().map(|a| a.id.clone()).collect::<Vec<_>>(), newest_first[1..3]);
        let query = env.server.requests().last().unwrap().query.clone().unwrap();
        assert!(query.contains("offset=1") && query.contains("count=2"), "{query}");

        let only_a = env.ot.list_archives().session_id(a.id()).send().await.unwrap();
        assert_eq!(only_a.total, 3);
        assert!(only_a.items.iter().all(|x| x.session_id.as_ref() == Some(a.id())));

        env.server.clear_requests();
        let all: Vec<_> = env.ot.list_archives().count(2).into_stream().try_collect().await.unwrap();
        assert_eq!(all.iter().map(|a| a.id.clone()).collect::<Vec<_>>(), newest_first);
        assert_eq!(env.server.requests().len(), 3, "three pages of two");

        let from_b: Vec<_> = env.ot.list_archives().session_id(b.id()).into_stream().try_collect().await.unwrap();
        assert_eq!(from_b.len(), 2);

        let mut bad = Box::pin(env.ot.list_archives().count(0).into_stream());
        assert!(matches!(bad.next().await, Some(Err(Error::InvalidArgument { field: "count", .. }))));
        assert!(bad.next().await.is_none());
    }
}

#[tokio::test]
async fn always_archived_session_records_when_the_first_client_connects() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let session = env
            .ot
            .create_session()
            .routed()
            .archive_mode_always()
            .archive_name("auto")
            .archive_resolution(Resolution::Hd720Portrait)
            .send()
            .await
            .unwrap();
        assert!(env.ot.list_archives().session_id(session.id()).send().await.unwrap().items.is_empty());
        env.connect(&session);
        let page = env.ot.list_archives().session_id(session.id()).send().await.unwrap();
        assert_eq!(page.total, 1);
        let auto = &page.items[0];
        assert_eq!(auto.status, ArchiveStatus::Started);
        assert_eq!(auto.name.as_deref(), Some("auto"));
        assert_eq!(auto.resolution.as_deref(), Some("720x1280"));
        // A manual archive beside the automatic one needs its own tag.
        assert!(env.ot.start_archive(session.id()).send().await.unwrap_err().is_conflict());
        env.ot.start_archive(session.id()).multi_archive_tag("manual").send().await.unwrap();
    }
}

#[tokio::test]
async fn manual_stream_mode_and_layout_changes() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, client) = env.live_session().await;
        let stream_id = StreamId::from(client.stream_id.clone());
        let archive = env.ot.start_archive(session.id()).stream_mode(StreamMode::Manual).send().await.unwrap();
        assert_eq!(archive.stream_mode, Some(StreamMode::Manual));

        env.ot.add_archive_stream(&archive.id, &stream_id).has_video(false).send().await.unwrap();
        let body = env.server.requests().last().unwrap().body_json().unwrap();
        assert_eq!(body, serde_json::json!({"addStream": stream_id.as_str(), "hasAudio": true, "hasVideo": false}));
        let with_stream = env.ot.get_archive(&archive.id).await.unwrap();
        assert_eq!(with_stream.streams.len(), 1);
        assert_eq!(with_stream.streams[0].stream_id, stream_id);

        env.ot.remove_archive_stream(&archive.id, &stream_id).await.unwrap();
        assert_eq!(
            env.server.requests().last().unwrap().body_json().unwrap(),
            serde_json::json!({"removeStream": stream_id.as_str()})
        );
        assert!(env.ot.get_archive(&archive.id).await.unwrap().streams.is_empty());

        let unknown = StreamId::from("no-such-stream");
        assert!(env.ot.add_archive_stream(&archive.id, &unknown).send().await.unwrap_err().is_not_found());

        env.ot
            .set_archive_layout(&archive.id, &Layout::Custom("stream.instructor { width: 100%; }".into()))
            .await
            .unwrap();
        assert_eq!(
            env.server.requests().last().unwrap().body_json().unwrap(),
            serde_json::json!({"type": "custom", "stylesheet": "stream.instructor { width: 100%; }"})
        );

        // Automatic stream mode refuses stream changes.
        let auto = env.ot.start_archive(session.id()).multi_archive_tag("auto").send().await.unwrap();
        let err = env.ot.add_archive_stream(&auto.id, &stream_id).send().await.unwrap_err();
        assert!(matches!(err.status().map(|s| s.as_u16()), Some(400 | 405)), "{err}");
    }
}

#[tokio::test]
async fn archive_states_the_platform_may_report() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, _c) = env.live_session().await;
        let archive = env.ot.start_archive(session.id()).send().await.unwrap();
        for (wire, status) in [
            ("paused", ArchiveStatus::Paused),
            ("failed", ArchiveStatus::Failed),
            ("expired", ArchiveStatus::Expired),
            ("uploaded", ArchiveStatus::Uploaded),
            ("some-future-state", ArchiveStatus::Unknown("some-future-state".into())),
        ] {
            assert!(env.server.set_archive_status(archive.id.as_str(), wire));
            assert_eq!(env.ot.get_archive(&archive.id).await.unwrap().status, status);
        }
    }
}

/// The output mode read from configuration: one call chain for both modes, and the composed-only options
/// reach the platform only for a composed archive.
#[tokio::test]
async fn output_mode_chosen_at_run_time() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, _client) = env.live_session().await;
        let start = |mode: OutputMode, tag: &str| {
            env.ot
                .start_archive(session.id())
                .output_mode(mode)
                .name("from config")
                .multi_archive_tag(tag)
                .if_composed(|archive| archive.resolution(Resolution::Hd720Landscape).layout(Layout::Pip))
                .send()
        };

        let composed = start(OutputMode::Composed, "c").await.unwrap();
        assert_eq!(composed.output_mode, Some(OutputMode::Composed));
        assert_eq!(composed.resolution.as_deref(), Some("1280x720"));
        assert_eq!(
            env.server.requests().last().unwrap().body_json().unwrap(),
            serde_json::json!({"sessionId": session.id().as_str(), "name": "from config", "multiArchiveTag": "c",
                "resolution": "1280x720", "layout": {"type": "pip"}})
        );

        let individual = start(OutputMode::Individual, "i").await.unwrap();
        assert_eq!(individual.output_mode, Some(OutputMode::Individual));
        assert_eq!(
            env.server.requests().last().unwrap().body_json().unwrap(),
            serde_json::json!({"sessionId": session.id().as_str(), "outputMode": "individual", "name": "from config",
                "multiArchiveTag": "i"})
        );

        // A mode this SDK does not know is refused before anything is sent.
        let sent = env.server.requests().len();
        let err = start(OutputMode::Unknown("hybrid".into()), "u").await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "output_mode", .. }), "{err}");
        assert_eq!(env.server.requests().len(), sent);
    }
}
