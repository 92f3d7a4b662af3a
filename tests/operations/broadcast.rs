//! Broadcasts against the test server: every operation, the life cycle (outputs `connecting` then `live`,
//! stops by call, at the maximum duration and after the last client left), and every error path the SDK
//! lets through. The rules the SDK itself refuses are tested against the server directly in
//! `test-server/tests/it/broadcasts.rs`.

use crate::common;

use std::time::Duration;

use futures_util::TryStreamExt;
use opentok_sdk::{
    broadcast::{
        BroadcastStatus, HlsMode, HlsStatus, Layout, Resolution, RtmpStatus, RtmpTarget, ScreenshareLayout, StreamMode,
    },
    Error, OpenTok, StreamId,
};
use opentok_test_server::TestServer;
use serde_json::json;

fn youtube() -> RtmpTarget {
    RtmpTarget::builder()
        .server_url("rtmps://a.rtmps.youtube.com/live2")
        .stream_name("abcd-efgh-ijkl-mnop")
        .id("youtube")
        .build()
}

fn twitch() -> RtmpTarget {
    RtmpTarget::builder().server_url("rtmp://live.twitch.tv/app").stream_name("live_123_xyz").build()
}

#[tokio::test]
async fn hls_and_rtmp_full_life_cycle() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, _client) = env.live_session().await;

        let broadcast = env
            .ot
            .start_broadcast(session.id())
            .hls_dvr()
            .rtmp(youtube())
            .rtmp(twitch())
            .layout(Layout::BestFitWithScreenshare(ScreenshareLayout::Pip))
            .resolution(Resolution::Hd720Landscape)
            .max_duration(Duration::from_secs(5400))
            .max_bitrate(2_000_000)
            .multi_broadcast_tag("main")
            .send()
            .await
            .unwrap();
        let body = env.server.requests().last().unwrap().body_json().unwrap();
        assert_eq!(
            body,
            json!({"sessionId": session.id().as_str(),
                "outputs": {"hls": {"dvr": true}, "rtmp": [
                    {"id": "youtube", "serverUrl": "rtmps://a.rtmps.youtube.com/live2", "streamName": "abcd-efgh-ijkl-mnop"},
                    {"serverUrl": "rtmp://live.twitch.tv/app", "streamName": "live_123_xyz"}]},
                "layout": {"type": "bestFit", "screenshareType": "pip"}, "resolution": "1280x720", "maxDuration": 5400,
                "maxBitrate": 2000000, "multiBroadcastTag": "main"})
        );
        assert_eq!(broadcast.status, BroadcastStatus::Started);
        assert_eq!(broadcast.session_id.as_ref(), Some(session.id()));
        match env.kind {
            common::Kind::Project => {
                assert_eq!(broadcast.project_id.as_deref(), Some(env.server.api_key()));
                assert_eq!(broadcast.application_id, None);
            }
            common::Kind::Application => {
                assert_eq!(broadcast.application_id.as_deref(), Some(common::APPLICATION_ID));
                assert_eq!((broadcast.project_id.as_deref(), broadcast.partner_id.as_deref()), (None, None));
            }
        }
        assert_eq!(broadcast.resolution.as_deref(), Some("1280x720"));
        assert_eq!(broadcast.max_duration, Some(Duration::from_secs(5400)));
        assert_eq!(broadcast.max_bitrate, Some(2_000_000));
        assert_eq!(broadcast.multi_broadcast_tag.as_deref(), Some("main"));
        assert_eq!(broadcast.stream_mode, Some(StreamMode::Auto));
        assert!(broadcast.hls_url().unwrap().ends_with("?DVR"));
        assert_eq!(broadcast.hls_status(), Some(&HlsStatus::Connecting));
        let hls = broadcast.settings.as_ref().unwrap().hls.as_ref().unwrap();
        assert_eq!((hls.dvr, hls.low_latency), (Some(true), Some(false)));
        let rtmp = broadcast.rtmp();
        assert_eq!(rtmp.len(), 2);
        assert_eq!(rtmp[0].id.as_deref(), Some("youtube"));
        assert_eq!(rtmp[1].id, None);
        assert!(rtmp.iter().all(|t| t.status == Some(RtmpStatus::Connecting)));

        // Later reads: the outputs are live.
        let fetched = broadcast.refresh(&env.ot).await.unwrap();
        assert_eq!(fetched.status, BroadcastStatus::Started);
        assert_eq!(fetched.hls_status(), Some(&HlsStatus::Live));
        assert!(fetched.rtmp().iter().all(|t| t.status == Some(RtmpStatus::Live)));

        broadcast.set_layout(&env.ot, &Layout::Custom("stream { width: 50%; }".into())).await.unwrap();
        let layout = env.server.requests().last().unwrap().body_json().unwrap();
        assert_eq!(layout, json!({"type": "custom", "stylesheet": "stream { width: 50%; }"}));

        let stopped = broadcast.stop(&env.ot).await.unwrap();
        assert_eq!(stopped.status, BroadcastStatus::Stopped);
        assert_eq!(stopped.hls_status(), Some(&HlsStatus::Ended));
        assert!(stopped.rtmp().iter().all(|t| t.status == Some(RtmpStatus::Offline)));
        let request = env.server.requests().last().unwrap().clone();
        assert_eq!(request.path, format!("/v2/project/{}/broadcast/{}/stop", env.server.api_key(), broadcast.id));
        assert!(request.body.is_empty(), "stop sends no body");

        let second = env.ot.stop_broadcast(&broadcast.id).await.unwrap_err();
        assert!(second.is_not_found(), "{second}");
        // A stopped broadcast stays readable, and its layout can no longer change.
        assert_eq!(env.ot.get_broadcast(&broadcast.id).await.unwrap().status, BroadcastStatus::Stopped);
        assert!(env.ot.set_broadcast_layout(&broadcast.id, &Layout::Pip).await.unwrap_err().is_not_found());
        let unknown = opentok_sdk::broadcast::BroadcastId::from("00000000-0000-0000-0000-000000000000");
        assert!(env.ot.get_broadcast(&unknown).await.unwrap_err().is_not_found());
    }
}

#[tokio::test]
async fn each_hls_kind_and_rtmp_only() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, _client) = env.live_session().await;
        let plain = env.ot.start_broadcast(session.id()).hls().multi_broadcast_tag("plain").send().await.unwrap();
        assert!(plain.hls_url().is_some_and(|u| !u.ends_with("?DVR")));
        assert!(plain.rtmp().is_empty());
        let low =
            env.ot.start_broadcast(session.id()).hls_low_latency().multi_broadcast_tag("ll").send().await.unwrap();
        assert_eq!(low.settings.unwrap().hls.unwrap().low_latency, Some(true));
        let configured = env
            .ot
            .start_broadcast(session.id())
            .hls_mode("dvr".parse::<HlsMode>().unwrap())
            .multi_broadcast_tag("cfg")
            .send()
            .await
            .unwrap();
        assert!(configured.hls_url().unwrap().ends_with("?DVR"));
        let rtmp_only =
            env.ot.start_broadcast(session.id()).rtmp(twitch()).multi_broadcast_tag("rtmp").send().await.unwrap();
        assert_eq!(rtmp_only.hls_url(), None);
        assert_eq!(rtmp_only.rtmp().len(), 1);
        assert_eq!(
            env.server.requests().last().unwrap().body_json().unwrap()["outputs"],
            json!({"rtmp": [{"serverUrl": "rtmp://live.twitch.tv/app", "streamName": "live_123_xyz"}]})
        );
    }
}

#[tokio::test]
async fn platform_rules_for_starting() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let relayed = env.relayed_session().await;
        let _relayed_client = env.connect(&relayed);
        let err = env.ot.start_broadcast(relayed.id()).hls().send().await.unwrap_err();
        assert!(err.is_conflict(), "relayed: {err}");

        let empty = env.routed_session().await;
        let err = env.ot.start_broadcast(empty.id()).hls().send().await.unwrap_err();
        assert!(err.is_not_found(), "no client: {err}");
        assert!(err.to_string().contains("No clients"), "{err}");

        let unknown = opentok_sdk::SessionId::from("1_MX4xMjM0NTZ-fg");
        assert!(env.ot.start_broadcast(&unknown).hls().send().await.unwrap_err().is_not_found());

        let (session, _client) = env.live_session().await;
        let first = env.ot.start_broadcast(session.id()).hls().send().await.unwrap();
        let again = env.ot.start_broadcast(session.id()).hls().send().await.unwrap_err();
        assert!(again.is_conflict(), "{again}");
        let tagged = env.ot.start_broadcast(session.id()).rtmp(twitch()).multi_broadcast_tag("b").send().await.unwrap();
        let same_tag = env.ot.start_broadcast(session.id()).hls().multi_broadcast_tag("b").send().await.unwrap_err();
        assert!(same_tag.is_conflict(), "{same_tag}");
        first.stop(&env.ot).await.unwrap();
        tagged.stop(&env.ot).await.unwrap();
        // Nothing running any more: an untagged broadcast starts again.
        env.ot.start_broadcast(session.id()).hls().send().await.unwrap();
    }
}

#[tokio::test]
async fn bad_input_is_refused_before_sending() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, _client) = env.live_session().await;
        env.server.clear_requests();
        let six = (0..6).map(|i| RtmpTarget::builder().server_url(format!("rtmp://h{i}/app")).stream_name("k").build());
        let cases = [
            ("rtmp", env.ot.start_broadcast(session.id()).hls().rtmp_targets(six.collect::<Vec<_>>()).send().await),
            ("outputs", env.ot.start_broadcast(session.id()).rtmp_targets(Vec::new()).send().await),
            (
                "max_duration",
                env.ot.start_broadcast(session.id()).hls().max_duration(Duration::from_secs(59)).send().await,
            ),
            ("max_bitrate", env.ot.start_broadcast(session.id()).hls().max_bitrate(6_000_001).send().await),
            (
                "rtmp.server_url",
                env.ot
                    .start_broadcast(session.id())
                    .rtmp(RtmpTarget::builder().server_url("https://x/live").stream_name("k").build())
                    .send()
                    .await,
            ),
            ("has_video", env.ot.start_broadcast(session.id()).hls().has_audio(false).has_video(false).send().await),
        ];
        for (expected, result) in cases {
            match result {
                Err(Error::InvalidArgument { field, .. }) => assert_eq!(field, expected),
                other => panic!("{expected}: {other:?}"),
            }
        }
        assert!(env.server.requests().is_empty(), "nothing reached the server");
    }
}

#[tokio::test]
async fn streams_in_manual_mode() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, client) = env.live_session().await;
        let stream_id = StreamId::from(client.stream_id.as_str());
        let broadcast =
            env.ot.start_broadcast(session.id()).hls().stream_mode(StreamMode::Manual).send().await.unwrap();
        assert_eq!(broadcast.stream_mode, Some(StreamMode::Manual));
        assert!(broadcast.streams.is_empty());

        broadcast.add_stream(&env.ot, &stream_id).has_video(false).send().await.unwrap();
        assert_eq!(
            env.server.requests().last().unwrap().body_json().unwrap(),
            json!({"addStream": stream_id.as_str(), "hasAudio": true, "hasVideo": false})
        );
        let now = broadcast.refresh(&env.ot).await.unwrap();
        assert_eq!(now.streams.len(), 1);
        assert_eq!(now.streams[0].stream_id, stream_id);
        assert_eq!((now.streams[0].has_audio, now.streams[0].has_video), (Some(true), Some(false)));
        // Adding it again changes its audio and video.
        env.ot.add_broadcast_stream(&broadcast.id, &stream_id).has_audio(false).send().await.unwrap();
        let now = broadcast.refresh(&env.ot).await.unwrap();
        assert_eq!((now.streams[0].has_audio, now.streams[0].has_video), (Some(false), Some(true)));

        let unknown = StreamId::from("00000000-aaaa-bbbb-cccc-000000000000");
        assert!(broadcast.add_stream(&env.ot, &unknown).send().await.unwrap_err().is_not_found());
        broadcast.remove_stream(&env.ot, &stream_id).await.unwrap();
        assert_eq!(
            env.server.requests().last().unwrap().body_json().unwrap(),
            json!({"removeStream": stream_id.as_str()})
        );
        assert!(broadcast.refresh(&env.ot).await.unwrap().streams.is_empty());
        assert!(broadcast.remove_stream(&env.ot, &stream_id).await.unwrap_err().is_not_found());

        // Automatic stream mode refuses stream changes.
        let auto = env.ot.start_broadcast(session.id()).hls().multi_broadcast_tag("auto").send().await.unwrap();
        let err = env.ot.add_broadcast_stream(&auto.id, &stream_id).send().await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err}");
        let err = env.ot.remove_broadcast_stream(&auto.id, &stream_id).await.unwrap_err();
        assert_eq!(err.status().map(|s| s.as_u16()), Some(400), "{err}");
    }
}

#[tokio::test]
async fn stops_at_its_maximum_duration_on_the_server_clock() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, _client) = env.live_session().await;
        let broadcast =
            env.ot.start_broadcast(session.id()).hls().max_duration(Duration::from_secs(60)).send().await.unwrap();
        env.server.advance_broadcast_clock(Duration::from_secs(58));
        assert_eq!(broadcast.refresh(&env.ot).await.unwrap().status, BroadcastStatus::Started);
        env.server.advance_broadcast_clock(Duration::from_secs(3));
        let ended = broadcast.refresh(&env.ot).await.unwrap();
        assert_eq!(ended.status, BroadcastStatus::Stopped);
        assert_eq!(ended.reason.as_deref(), Some("maxDuration"));
        assert!(broadcast.stop(&env.ot).await.unwrap_err().is_not_found());
        // The session can be broadcast again without a tag.
        env.ot.start_broadcast(session.id()).hls().send().await.unwrap();
    }
}

#[tokio::test]
async fn stops_after_the_last_client_leaves() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let (session, client) = env.live_session().await;
        let broadcast = env.ot.start_broadcast(session.id()).rtmp(twitch()).send().await.unwrap();
        assert!(env.server.disconnect_client(session.id().as_str(), &client.connection_id));
        // The platform waits a minute before it gives up.
        assert_eq!(broadcast.refresh(&env.ot).await.unwrap().status, BroadcastStatus::Started);
        env.server.advance_broadcast_clock(Duration::from_secs(59));
        assert_eq!(broadcast.refresh(&env.ot).await.unwrap().status, BroadcastStatus::Started);
        env.server.advance_broadcast_clock(Duration::from_secs(2));
        let ended = broadcast.refresh(&env.ot).await.unwrap();
        assert_eq!(ended.status, BroadcastStatus::Stopped);
        assert!(ended.rtmp().iter().all(|t| t.status == Some(RtmpStatus::Offline)));

        // A client that comes back within the minute keeps the broadcast going.
        let (session, client) = env.live_session().await;
        let broadcast = env.ot.start_broadcast(session.id()).hls().send().await.unwrap();
        env.server.disconnect_client(session.id().as_str(), &client.connection_id);
        broadcast.refresh(&env.ot).await.unwrap();
        env.server.advance_broadcast_clock(Duration::from_secs(30));
        let _back = env.connect(&session);
        env.server.advance_broadcast_clock(Duration::from_secs(60));
        assert_eq!(broadcast.refresh(&env.ot).await.unwrap().status, BroadcastStatus::Started);
    }
}

#[tokio::test]
async fn listing_pages_and_the_owned_stream() {
    for env in common::envs().await {
        eprintln!("credentials: {:?}", env.kind);
        let mut ids = Vec::new();
        let mut clients = Vec::new();
        let (first_session, client) = env.live_session().await;
        clients.push(client);
        for i in 0..5 {
            let (session, client) = env.live_session().await;
            clients.push(client);
            let b = env.ot.start_broadcast(session.id()).hls().send().await.unwrap();
            ids.push(b.id);
            if i == 0 {
                env.ot.start_broadcast(first_session.id()).rtmp(twitch()).send().await.unwrap();
            }
        }
        let page = env.ot.list_broadcasts().count(2).send().await.unwrap();
        assert_eq!(page.total, 6);
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.items[0].id, ids[4], "newest first");
        let only = env.ot.list_broadcasts().session_id(first_session.id()).send().await.unwrap();
        assert_eq!(only.total, 1);
        assert_eq!(only.items[0].session_id.as_ref(), Some(first_session.id()));
        let offset = env.ot.list_broadcasts().offset(5).send().await.unwrap();
        assert_eq!((offset.total, offset.items.len()), (6, 1));

        let stream = env.ot.list_broadcasts().count(2).into_stream();
        let all = tokio::spawn(stream.try_collect::<Vec<_>>()).await.unwrap().unwrap();
        assert_eq!(all.len(), 6);
        let mut seen: Vec<_> = all.iter().map(|b| b.id.clone()).collect();
        seen.dedup();
        assert_eq!(seen.len(), 6);
        assert!(all.iter().all(|b| b.hls_status() != Some(&HlsStatus::Connecting) || b.hls_url().is_none()));
    }
}

/// Application credentials against the server in application mode: the same operations under the
/// application id, with RS256 bearer tokens, and objects that carry `applicationId` instead of
/// `projectId`/`partnerId`.
#[tokio::test]
async fn application_mode_end_to_end() {
    let server = TestServer::start_application().await;
    let app_id = server.application_id().unwrap().to_owned();
    let ot = OpenTok::application_builder(&app_id, server.private_key_pem().unwrap())
        .with_api_url(server.url())
        .build()
        .unwrap();
    let session = ot.create_session().routed().send().await.unwrap();
    let token = session.generate_token().build().unwrap();
    let client = server.connect_client(session.id().as_str(), token.as_str()).unwrap();

    let broadcast = ot.start_broadcast(session.id()).hls().rtmp(twitch()).send().await.unwrap();
    assert_eq!(broadcast.application_id.as_deref(), Some(app_id.as_str()));
    assert_eq!((broadcast.project_id.as_deref(), broadcast.partner_id.as_deref()), (None, None));
    let json = broadcast.to_json();
    assert!(json.get("projectId").is_none() && json.get("partnerId").is_none(), "{json}");

    let listed = ot.list_broadcasts().session_id(session.id()).send().await.unwrap();
    assert_eq!(listed.items[0].id, broadcast.id);
    assert_eq!(listed.items[0].application_id.as_deref(), Some(app_id.as_str()));
    broadcast.set_layout(&ot, &Layout::Pip).await.unwrap();
    let stopped = broadcast.stop(&ot).await.unwrap();
    assert_eq!(stopped.status, BroadcastStatus::Stopped);

    let requests = server.requests();
    assert!(requests.iter().all(|r| r.header("authorization").is_some_and(|a| a.starts_with("Bearer "))));
    assert!(requests.iter().all(|r| r.header("x-opentok-auth").is_none()));
    assert!(requests.iter().any(|r| r.path == format!("/v2/project/{app_id}/broadcast/{}/stop", broadcast.id)));
    drop(client);
}

/// The official `@vonage/video` 1.31.1 runs its broadcast calls against the server in application mode
/// and gets the platform's answers; its start body equals ours for the same options. Its own quirks
/// (platform-2026.md §1 D1, D8): it posts and lists on `/broadcast/` with a trailing slash, and puts
/// `broadcastId` in the stream-change body. It has no layout call (D12).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vonage_video_sdk_runs_its_broadcast_calls() {
    if !common::node::available() {
        return;
    }
    use serde_json::Value;

    let server = TestServer::start_application().await;
    let app_id = server.application_id().unwrap().to_owned();
    let key = server.private_key_pem().unwrap().to_owned();
    let ot = OpenTok::application_builder(&app_id, key.as_str()).with_api_url(server.url()).build().unwrap();
    let live = |ot: OpenTok, server: TestServer| async move {
        let session = ot.create_session().routed().send().await.unwrap();
        let token = session.generate_token().build().unwrap();
        let client = server.connect_client(session.id().as_str(), token.as_str()).unwrap();
        (session, client)
    };
    let (theirs, their_client) = live(ot.clone(), server.clone()).await;
    let (ours, _our_client) = live(ot.clone(), server.clone()).await;
    let run = |steps: Value| {
        let input = json!({"applicationId": app_id, "privateKey": key, "videoHost": server.url(), "steps": steps});
        let out = common::node::run("vonage.js", &[], &input.to_string());
        serde_json::from_str::<Vec<Value>>(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
    };
    let config = json!({"outputs": {"hls": {"lowLatency": true}, "rtmp": [
            {"id": "cdn", "serverUrl": "rtmps://cdn.example.com/live", "streamName": "stream-key"}]},
        "resolution": "1280x720", "maxDuration": 3600, "streamMode": "manual", "multiBroadcastTag": "v"});

    server.clear_requests();
    let out = run(json!([{"op": "startBroadcast", "args": [theirs.id().as_str(), config]}]));
    let started = out[0]["ok"].clone();
    assert_eq!(started["status"], "started", "{out:?}");
    assert_eq!(started["applicationId"], app_id.as_str());
    assert_eq!(started["broadcastUrls"]["hlsStatus"], "connecting");
    let their_start = server.requests().remove(0);
    assert_eq!(their_start.path, format!("/v2/project/{app_id}/broadcast/"), "their trailing slash");
    server.clear_requests();
    ot.start_broadcast(ours.id())
        .hls_low_latency()
        .rtmp(
            RtmpTarget::builder()
                .server_url("rtmps://cdn.example.com/live")
                .stream_name("stream-key")
                .id("cdn")
                .build(),
        )
        .resolution(Resolution::Hd720Landscape)
        .max_duration(Duration::from_secs(3600))
        .stream_mode(StreamMode::Manual)
        .multi_broadcast_tag("v")
        .send()
        .await
        .unwrap();
    let our_start = server.requests().remove(0);
    let mut their_body = their_start.body_json().unwrap();
    let mut our_body = our_start.body_json().unwrap();
    assert_eq!(their_body["sessionId"].take(), json!(theirs.id().as_str()));
    assert_eq!(our_body["sessionId"].take(), json!(ours.id().as_str()));
    assert_eq!(their_body, our_body, "the same start body for the same options");

    let id = started["id"].as_str().unwrap().to_owned();
    let stream = their_client.stream_id.clone();
    server.clear_requests();
    let out = run(json!([
        {"op": "getBroadcast", "args": [id]},
        {"op": "searchBroadcasts", "args": [{"sessionId": theirs.id().as_str()}]},
        {"op": "addStreamToBroadcast", "args": [id, stream]},
        {"op": "getBroadcast", "args": [id]},
        {"op": "removeStreamFromBroadcast", "args": [id, stream]},
        {"op": "stopBroadcast", "args": [id]},
        {"op": "stopBroadcast", "args": [id]},
    ]));
    assert_eq!(out[0]["ok"]["broadcastUrls"]["hlsStatus"], "live", "{out:?}");
    assert_eq!(out[1]["ok"]["count"], 1, "{:?}", out[1]);
    assert_eq!(out[1]["ok"]["items"][0]["id"], id.as_str());
    assert!(out[2].get("error").is_none(), "{:?}", out[2]);
    assert_eq!(out[3]["ok"]["streams"], json!([{"streamId": stream, "hasAudio": true, "hasVideo": true}]));
    assert!(out[4].get("error").is_none(), "{:?}", out[4]);
    assert_eq!(out[5]["ok"]["status"], "stopped");
    assert_eq!(out[6]["status"], 404, "a second stop: {:?}", out[6]);
    let requests = server.requests();
    assert_eq!(requests[1].path, format!("/v2/project/{app_id}/broadcast/"));
    assert_eq!(requests[2].body_json().unwrap(), json!({"broadcastId": id, "addStream": stream}));
    assert!(requests.iter().all(|r| r.header("authorization").is_some_and(|a| a.starts_with("Bearer "))));
}
