//! Broadcast answers and callbacks parse into `Broadcast` and serialize back to the same JSON: every member
//! kept, `null`s and number spellings included, and the platform's documented variations (RTMP targets as an
//! array or as an object keyed by id, a stream's `hasAudio` as a boolean or as text). Also through the
//! client, with the test server answering the fixture, and the owned paging stream against pages that lie.

use std::time::Duration;

use futures_util::TryStreamExt;
use opentok_sdk::{
    archive::StreamMode,
    broadcast::{Broadcast, BroadcastId, BroadcastPage, BroadcastStatus, HlsStatus, RtmpStatus},
    Error, OpenTok, SessionId,
};
use opentok_test_server::{Fault, TestServer};
use serde_json::{json, Value};

use crate::common::fixtures::{fixture, round_trip};

#[test]
fn the_real_start_answer_keeps_every_member() {
    let value = fixture("broadcast_rtmp_started.json");
    let b: Broadcast = round_trip(&value);
    assert_eq!(b.id, BroadcastId::from("BROADCASTID"));
    assert_eq!(b.status, BroadcastStatus::Started);
    assert!(b.status.is_live());
    assert_eq!(b.project_id.as_deref(), Some("123456"));
    assert_eq!(b.partner_id.as_deref(), Some("100"));
    assert_eq!(b.event.as_deref(), Some("broadcast"));
    assert_eq!(b.max_duration, Some(Duration::from_secs(7200)));
    assert_eq!(b.created_at.unwrap().timestamp_millis(), 1_538_086_900_154);
    assert!(b.hls_url().unwrap().ends_with("playlist.m3u8"));
    assert_eq!(b.hls_status(), None);
    let rtmp = b.rtmp();
    assert_eq!(rtmp.len(), 1);
    assert_eq!(rtmp[0].id.as_deref(), Some("rubyTestStream"));
    assert_eq!(rtmp[0].status, Some(RtmpStatus::Connecting));
    assert_eq!(rtmp[0].server_url.as_deref(), Some("rtmp://x.rtmp.youtube.com/live2"));
    assert_eq!(rtmp[0].stream_name.as_ref().unwrap().expose(), "66c9-jwuh-pquf-9x18");
    // Numbers stay numbers.
    let back = b.to_json();
    assert_eq!(back["projectId"], json!(123456));
    assert_eq!(back["maxDuration"].to_string(), "7200");
    // The stream key is not in the Debug output.
    assert!(!format!("{b:?}").contains("66c9-jwuh-pquf-9x18"));
}

#[test]
fn dvr_settings_and_manual_streams_with_text_flags() {
    let value = fixture("broadcast_hls_dvr_manual.json");
    let b: Broadcast = round_trip(&value);
    assert_eq!(b.multi_broadcast_tag.as_deref(), Some("main"));
    assert_eq!(b.project_id.as_deref(), Some("123456"));
    assert_eq!(b.max_bitrate, Some(2_000_000));
    assert_eq!(b.stream_mode, Some(StreamMode::Manual));
    assert_eq!((b.has_audio, b.has_video), (Some(true), Some(true)));
    assert_eq!(b.hls_status(), Some(&HlsStatus::Live));
    assert!(b.hls_url().unwrap().ends_with("?DVR"));
    assert!(b.rtmp().is_empty());
    let hls = b.settings.as_ref().unwrap().hls.as_ref().unwrap();
    assert_eq!((hls.dvr, hls.low_latency), (Some(true), Some(false)));
    assert_eq!(b.streams.len(), 2);
    assert_eq!((b.streams[0].has_audio, b.streams[0].has_video), (Some(true), Some(false)), "text flags");
    assert_eq!((b.streams[1].has_audio, b.streams[1].has_video), (Some(true), Some(true)));
    // The text stays text, and the empty RTMP list stays.
    assert_eq!(b.to_json()["streams"][0]["hasVideo"], json!("false"));
    assert_eq!(b.to_json()["broadcastUrls"]["rtmp"], json!([]));
}

#[test]
fn the_application_flavour_with_rtmp_keyed_by_id() {
    let value = fixture("broadcast_application.json");
    let b: Broadcast = round_trip(&value);
    assert_eq!(b.application_id.as_deref(), Some("78d335fa-323d-0114-9c3d-d6f0d48968cf"));
    assert_eq!((b.project_id.as_deref(), b.partner_id.as_deref()), (None, None));
    assert_eq!(b.hls_status(), Some(&HlsStatus::Connecting));
    let mut targets: Vec<_> =
        b.rtmp().iter().map(|t| (t.id.clone().unwrap(), t.status.clone().unwrap(), t.server_url.clone())).collect();
    targets.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        targets,
        [
            ("bar".into(), RtmpStatus::Live, Some("rtmp://mybarserver/mybarapp".into())),
            ("foo".into(), RtmpStatus::Connecting, Some("rtmps://myfooserver/myfooapp".into())),
        ]
    );
    assert_eq!(b.settings.as_ref().unwrap().hls.as_ref().unwrap().low_latency, Some(true));
    assert!(b.streams.is_empty());
    assert_eq!(b.multi_broadcast_tag, None);
    assert_eq!(b.extra["egressRegion"], json!("us-west"), "an unknown member is kept");
    let back = b.to_json();
    assert_eq!(back["streams"], Value::Null, "a null that was sent stays");
    assert!(back["broadcastUrls"]["rtmp"].is_object(), "the object form is written back as received");
}

#[test]
fn a_failed_callback_with_an_unknown_rtmp_status() {
    let value = fixture("broadcast_callback_failed.json");
    let b: Broadcast = round_trip(&value);
    assert_eq!(b.status, BroadcastStatus::Failed);
    assert!(!b.status.is_live());
    assert_eq!(b.reason.as_deref(), Some("forceDisconnected"));
    assert_eq!(b.event.as_deref(), Some("broadcast"));
    assert_eq!(b.application_id.as_deref(), Some("46565552"));
    assert_eq!(b.partner_id.as_deref(), Some("46565552"));
    assert_eq!(b.hls_status(), Some(&HlsStatus::Error));
    assert_eq!(b.rtmp()[0].status, Some(RtmpStatus::Offline));
    assert_eq!(b.rtmp()[1].status, Some(RtmpStatus::Unknown("reconnecting".into())));
    assert_eq!(b.extra["timestamp"], json!(1_660_241_500_123_i64));
}

#[test]
fn a_list_page_round_trips() {
    let value = fixture("broadcast_list.json");
    let page: BroadcastPage = round_trip(&value);
    assert_eq!(page.total, 3);
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.items[1].status, BroadcastStatus::Stopped);
    assert_eq!(page.items[0].hls_status(), Some(&HlsStatus::Ready));
}

#[test]
fn changed_fields_are_written_in_their_own_form() {
    let mut b: Broadcast = round_trip(&fixture("broadcast_hls_dvr_manual.json"));
    b.streams[0].has_video = Some(true);
    b.status = BroadcastStatus::Stopped;
    let back = b.to_json();
    assert_eq!(back["streams"][0]["hasVideo"], json!(true));
    assert_eq!(back["streams"][0]["hasAudio"], json!("true"), "an unchanged field keeps its spelling");
    assert_eq!(back["status"], json!("stopped"));
}

#[test]
fn answers_that_are_not_broadcasts_are_decode_errors_naming_the_member() {
    for (body, member) in [
        (json!({"status": "started"}), "id"),
        (json!({"id": "b", "maxDuration": "long"}), "maxDuration"),
        (json!({"id": "b", "broadcastUrls": {"rtmp": "rtmp://x"}}), "rtmp"),
        (json!({"id": "b", "broadcastUrls": {"rtmp": [1]}}), "rtmp"),
        (json!({"id": "b", "streams": [{"hasAudio": true}]}), "streamId"),
        (json!({"id": "b", "streams": [{"streamId": "s", "hasAudio": 1}]}), "hasAudio"),
        (json!([]), "object"),
    ] {
        let err = Broadcast::from_json(body.to_string().as_bytes()).unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{body}: {err}");
        assert!(err.to_string().contains(member), "{body}: {err}");
    }
}

fn answer(value: &Value) -> Fault {
    Fault::Status { status: 200, body: value.to_string(), content_type: Some("application/json".into()) }
}

fn client_for(server: &TestServer) -> OpenTok {
    OpenTok::builder(server.api_key(), server.api_secret()).with_api_url(server.url()).build().unwrap()
}

#[tokio::test]
async fn answers_reach_the_caller_unchanged() {
    let server = TestServer::start().await;
    let ot = client_for(&server);
    let id = BroadcastId::from("1748b7070a81464c9759c46ad10d3734");
    for name in [
        "broadcast_rtmp_started.json",
        "broadcast_hls_dvr_manual.json",
        "broadcast_application.json",
        "broadcast_callback_failed.json",
    ] {
        let value = fixture(name);
        server.inject_fault(answer(&value), 2);
        assert_eq!(ot.get_broadcast(&id).await.unwrap().to_json(), value, "{name}");
        assert_eq!(ot.stop_broadcast(&id).await.unwrap().to_json(), value, "{name}");
    }
    let value = fixture("broadcast_list.json");
    server.inject_fault(answer(&value), 1);
    let page = ot.list_broadcasts().send().await.unwrap();
    assert_eq!(serde_json::to_value(&page).unwrap(), value);
    let paths: Vec<_> = server.requests().iter().map(|r| format!("{} {}", r.method, r.path)).collect();
    let key = server.api_key();
    assert_eq!(paths[0], format!("GET /v2/project/{key}/broadcast/{id}"));
    assert_eq!(paths[1], format!("POST /v2/project/{key}/broadcast/{id}/stop"));
    assert_eq!(paths.last().unwrap(), &format!("GET /v2/project/{key}/broadcast"));
}

#[tokio::test]
async fn list_query_and_the_owned_stream() {
    let server = TestServer::start().await;
    let ot = client_for(&server);
    let sid = SessionId::from("2_MX4xfg");
    let page = |ids: &[&str], count: u64| {
        answer(&json!({"count": count, "items": ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>()}))
    };
    server.inject_fault(page(&["a"], 1), 1);
    ot.list_broadcasts().offset(10).count(5).session_id(&sid).send().await.unwrap();
    let query = server.requests().last().unwrap().query.clone().unwrap_or_default();
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_str(&query).unwrap();
    pairs.sort();
    assert_eq!(
        pairs,
        [("count".into(), "5".into()), ("offset".into(), "10".into()), ("sessionId".into(), "2_MX4xfg".into())]
    );

    // Owned: moved into a spawned task. Pages of 2 out of 5, then a short page.
    server.clear_requests();
    server.inject_fault(page(&["a", "b"], 5), 1);
    server.inject_fault(page(&["c", "d"], 5), 1);
    server.inject_fault(page(&["e"], 5), 1);
    let stream = ot.list_broadcasts().count(2).into_stream();
    let all = tokio::spawn(stream.try_collect::<Vec<_>>()).await.unwrap().unwrap();
    let ids: Vec<_> = all.iter().map(|b| b.id.as_str().to_owned()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(server.requests().len(), 3);

    // A server that lies about the count (i64::MAX) and repeats a page: the stream still ends.
    server.clear_requests();
    server.inject_fault(page(&["a", "b"], i64::MAX as u64), 3);
    let all: Vec<_> = ot.list_broadcasts().count(2).into_stream().try_collect().await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(server.requests().len(), 2, "stops at the first repeated page");

    // Bad arguments never reach the server.
    server.clear_requests();
    for bad in [ot.list_broadcasts().count(0), ot.list_broadcasts().count(1001), ot.list_broadcasts().offset(u64::MAX)]
    {
        let err = bad.clone().send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "count" | "offset", .. }), "{err}");
        let streamed: Vec<_> = futures_util::StreamExt::collect::<Vec<_>>(bad.into_stream()).await;
        assert!(matches!(streamed.as_slice(), [Err(Error::InvalidArgument { .. })]), "{streamed:?}");
    }
    assert!(server.requests().is_empty());
}
