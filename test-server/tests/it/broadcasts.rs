//! Broadcast rules, straight over HTTP (including the ones the SDK refuses before sending).

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};

use crate::common::Api;

fn rtmp(i: usize) -> Value {
    json!({"id": format!("t{i}"), "serverUrl": format!("rtmp://h{i}.example/live"), "streamName": format!("key{i}")})
}

#[tokio::test]
async fn start_rules() {
    let api = Api::new().await;
    let start = api.p("/broadcast");
    let hls = json!({"hls": {}});

    let relayed = api.relayed_session().await;
    api.connect(&relayed);
    let reply = api.post(&start, json!({"sessionId": relayed, "outputs": hls})).await;
    assert_eq!(reply.status, 409, "{}", reply.text);

    let empty = api.routed_session().await;
    let reply = api.post(&start, json!({"sessionId": empty, "outputs": hls})).await;
    assert_eq!(reply.status, 404, "{}", reply.text);
    assert_eq!(reply.json["message"], "No clients are actively connected to the OpenTok session");
    let reply = api.post(&start, json!({"sessionId": "1_unknown", "outputs": hls})).await;
    assert_eq!(reply.status, 404);

    let (sid, _client) = api.live_session().await;
    for (body, what) in [
        (json!({"sessionId": sid}), "no outputs"),
        (json!({"sessionId": sid, "outputs": {}}), "empty outputs"),
        (json!({"sessionId": sid, "outputs": {"rtmp": []}}), "an empty RTMP list alone"),
        (json!({"sessionId": sid, "outputs": {"hls": {"dvr": true, "lowLatency": true}}}), "DVR with low latency"),
        (json!({"sessionId": sid, "outputs": {"rtmp": (0..6).map(rtmp).collect::<Vec<_>>()}}), "six RTMP targets"),
        (
            json!({"sessionId": sid, "outputs": {"rtmp": [{"serverUrl": "http://h/live", "streamName": "k"}]}}),
            "an http:// RTMP URL",
        ),
        (json!({"sessionId": sid, "outputs": {"rtmp": [{"serverUrl": "rtmp://h/live"}]}}), "no stream name"),
        (json!({"sessionId": sid, "outputs": hls, "maxDuration": 59}), "maxDuration 59"),
        (json!({"sessionId": sid, "outputs": hls, "maxDuration": 36_001}), "maxDuration 36001"),
        (json!({"sessionId": sid, "outputs": hls, "maxBitrate": 99_999}), "maxBitrate 99999"),
        (json!({"sessionId": sid, "outputs": hls, "maxBitrate": 6_000_001}), "maxBitrate 6000001"),
        (json!({"sessionId": sid, "outputs": hls, "resolution": "800x600"}), "an unknown resolution"),
        (json!({"sessionId": sid, "outputs": hls, "streamMode": "sometimes"}), "an unknown stream mode"),
        (json!({"sessionId": sid, "outputs": hls, "layout": {"type": "custom"}}), "custom without a stylesheet"),
        (json!({"sessionId": sid, "outputs": hls, "hasAudio": false, "hasVideo": false}), "no audio, no video"),
    ] {
        let reply = api.post(&start, body).await;
        assert_eq!(reply.status, 400, "{what}: {}", reply.text);
        assert_eq!(reply.json["code"], 400, "{what}");
    }
    assert!(api.server.broadcast_ids().is_empty(), "a refused start leaves nothing behind");

    let five = (0..5).map(rtmp).collect::<Vec<_>>();
    let reply = api.post(&start, json!({"sessionId": sid, "outputs": {"hls": {"dvr": true}, "rtmp": five}})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let b = &reply.json;
    assert_eq!(b["status"], "started");
    assert_eq!(b["sessionId"], sid.as_str());
    assert_eq!(b["projectId"], api.key());
    assert_eq!(b["maxDuration"], 14_400, "the platform's default");
    assert_eq!(b["resolution"], "640x480");
    assert_eq!(b["streamMode"], "auto");
    assert_eq!(b["settings"], json!({"hls": {"lowLatency": false, "dvr": true}}));
    assert!(b["broadcastUrls"]["hls"].as_str().unwrap().ends_with("?DVR"));
    assert_eq!(b["broadcastUrls"]["hlsStatus"], "connecting");
    assert_eq!(b["broadcastUrls"]["rtmp"].as_array().unwrap().len(), 5);
    assert!(b["broadcastUrls"]["rtmp"].as_array().unwrap().iter().all(|t| t["status"] == "connecting"));
    assert_eq!(b["broadcastUrls"]["rtmp"][2]["streamName"], "key2");

    let again = api.post(&start, json!({"sessionId": sid, "outputs": hls})).await;
    assert_eq!(again.status, 409, "{}", again.text);
    let tagged = api.post(&start, json!({"sessionId": sid, "outputs": hls, "multiBroadcastTag": "two"})).await;
    assert_eq!(tagged.status, 200, "{}", tagged.text);
    assert_eq!(tagged.json["multiBroadcastTag"], "two");
    let same = api.post(&start, json!({"sessionId": sid, "outputs": hls, "multiBroadcastTag": "two"})).await;
    assert_eq!(same.status, 409, "{}", same.text);
}

#[tokio::test]
async fn life_cycle_and_stream_changes() {
    let api = Api::new().await;
    let (sid, client) = api.live_session().await;
    let started = api
        .post(
            api.p("/broadcast"),
            json!({"sessionId": sid, "outputs": {"hls": {"lowLatency": true}, "rtmp": [rtmp(0)]},
                "streamMode": "manual"}),
        )
        .await;
    assert_eq!(started.status, 200, "{}", started.text);
    let id = started.json["id"].as_str().unwrap().to_owned();
    assert_eq!(started.json["streams"], json!([]));

    let read = api.get(api.p(&format!("/broadcast/{id}"))).await;
    assert_eq!(read.json["broadcastUrls"]["hlsStatus"], "live");
    assert_eq!(read.json["broadcastUrls"]["rtmp"][0]["status"], "live");

    let streams = api.p(&format!("/broadcast/{id}/streams"));
    let add = json!({"addStream": client.stream_id, "hasVideo": false});
    let reply = api.call(Method::PATCH, &streams, Some(add)).await;
    assert_eq!(reply.status, 204, "{}", reply.text);
    let read = api.get(api.p(&format!("/broadcast/{id}"))).await;
    assert_eq!(read.json["streams"], json!([{"streamId": client.stream_id, "hasAudio": true, "hasVideo": false}]));
    let reply = api.call(Method::PATCH, &streams, Some(json!({"addStream": "nope"}))).await;
    assert_eq!(reply.status, 404);
    let reply = api.call(Method::PATCH, &streams, Some(json!({"removeStream": client.stream_id}))).await;
    assert_eq!(reply.status, 204);
    let reply = api.call(Method::PATCH, &streams, Some(json!({"removeStream": client.stream_id}))).await;
    assert_eq!(reply.status, 404);

    let layout = api.p(&format!("/broadcast/{id}/layout"));
    let reply = api.call(Method::PUT, &layout, Some(json!({"type": "pip"}))).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let reply = api.call(Method::PUT, &layout, Some(json!({"type": "pip", "stylesheet": "x"}))).await;
    assert_eq!(reply.status, 400);

    let stop = api.p(&format!("/broadcast/{id}/stop"));
    let stopped = api.post(&stop, json!({})).await;
    assert_eq!(stopped.status, 200);
    assert_eq!(stopped.json["status"], "stopped");
    assert_eq!(stopped.json["broadcastUrls"]["hlsStatus"], "ended");
    assert_eq!(stopped.json["broadcastUrls"]["rtmp"][0]["status"], "offline");
    assert_eq!(api.post(&stop, json!({})).await.status, 404, "a second stop is a 404");
    assert_eq!(api.get(api.p(&format!("/broadcast/{id}"))).await.json["status"], "stopped");
    assert_eq!(api.get(api.p("/broadcast/unknown-id")).await.status, 404);
    assert_eq!(api.post(api.p("/broadcast/unknown-id/stop"), json!({})).await.status, 404);

    // Automatic stream mode: stream changes are a 400.
    let auto = api.post(api.p("/broadcast"), json!({"sessionId": sid, "outputs": {"hls": {}}})).await;
    let auto_id = auto.json["id"].as_str().unwrap();
    let reply = api
        .call(
            Method::PATCH,
            api.p(&format!("/broadcast/{auto_id}/streams")),
            Some(json!({"addStream": client.stream_id})),
        )
        .await;
    assert_eq!(reply.status, 400, "{}", reply.text);
}

/// The empty-session grace starts at the first read that finds the session without clients, ends when a
/// client joins again, and starts afresh when the session empties again; running broadcasts of other
/// sessions, with clients, are untouched throughout.
#[tokio::test]
async fn the_empty_session_grace_restarts_when_a_client_returns() {
    let api = Api::new().await;
    let (others, _) = api.live_session().await;
    let mut untouched = Vec::new();
    for tag in ["a", "b", "c"] {
        let body = json!({"sessionId": others, "outputs": {"hls": {}}, "multiBroadcastTag": tag});
        untouched.push(api.post(api.p("/broadcast"), body).await.json["id"].as_str().unwrap().to_owned());
    }
    let (sid, first) = api.live_session().await;
    let started = api.post(api.p("/broadcast"), json!({"sessionId": sid, "outputs": {"hls": {}}})).await;
    let id = started.json["id"].as_str().unwrap().to_owned();
    let status = || api.server.broadcast_json(&id).unwrap()["status"].as_str().unwrap().to_owned();

    assert!(api.server.disconnect_client(&sid, &first.connection_id));
    assert_eq!(status(), "started", "the grace begins");
    api.server.advance_broadcast_clock(Duration::from_secs(30));
    let second = api.connect(&sid);
    assert_eq!(status(), "started", "a client is back: the grace ends");
    api.server.advance_broadcast_clock(Duration::from_secs(50));
    assert_eq!(status(), "started", "80 s since the session first emptied, but it had a client between");

    assert!(api.server.disconnect_client(&sid, &second.connection_id));
    assert_eq!(status(), "started", "a new grace begins");
    api.server.advance_broadcast_clock(Duration::from_secs(59));
    assert_eq!(status(), "started");
    api.server.advance_broadcast_clock(Duration::from_secs(1));
    let read = api.server.broadcast_json(&id).unwrap();
    assert_eq!((read["status"].as_str(), read["reason"].as_str()), (Some("stopped"), Some("noClients")));
    for other in &untouched {
        assert_eq!(api.server.broadcast_json(other).unwrap()["status"], "started", "{other}");
    }
}

#[tokio::test]
async fn timers_and_listing() {
    let api = Api::new().await;
    let (sid, client) = api.live_session().await;
    let short =
        api.post(api.p("/broadcast"), json!({"sessionId": sid, "outputs": {"hls": {}}, "maxDuration": 60})).await;
    let short_id = short.json["id"].as_str().unwrap().to_owned();
    api.server.advance_broadcast_clock(Duration::from_secs(61));
    let read = api.get(api.p(&format!("/broadcast/{short_id}"))).await;
    assert_eq!((read.json["status"].as_str(), read.json["reason"].as_str()), (Some("stopped"), Some("maxDuration")));

    let long = api.post(api.p("/broadcast"), json!({"sessionId": sid, "outputs": {"hls": {}}})).await;
    let long_id = long.json["id"].as_str().unwrap().to_owned();
    assert!(api.server.disconnect_client(&sid, &client.connection_id));
    assert_eq!(api.server.broadcast_json(&long_id).unwrap()["status"], "started");
    // Through the control API, as tests in other languages would.
    let control = |path: &str| format!("{}/_test/{path}", api.server.url());
    let reply = api.http.post(control("broadcast-clock")).json(&json!({"seconds": 59})).send().await.unwrap();
    assert_eq!(reply.status(), 204);
    let read: Value =
        api.http.get(control(&format!("broadcast/{long_id}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(read["status"], "started");
    api.server.advance_broadcast_clock(Duration::from_secs(1));
    assert_eq!(api.server.broadcast_json(&long_id).unwrap()["status"], "stopped");
    let reply = api.http.post(control("broadcast-clock")).json(&json!({"seconds": -1})).send().await.unwrap();
    assert_eq!(reply.status(), 400);
    let reply = api.http.get(control("broadcast/unknown")).send().await.unwrap();
    assert_eq!(reply.status(), 404);

    let list = api.get(api.p(&format!("/broadcast?sessionId={sid}&count=1"))).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.json["count"], 2);
    assert_eq!(list.json["items"][0]["id"], long_id.as_str(), "newest first");
    assert_eq!(api.get(api.p("/broadcast?count=0")).await.status, 400);
    assert_eq!(api.get(api.p("/broadcast/?offset=1")).await.json["items"][0]["id"], short_id.as_str());
}
