use reqwest::Method;
use serde_json::json;

use crate::common::Api;

#[tokio::test]
async fn force_disconnect_and_connection_list() {
    let api = Api::new().await;
    let (sid, a) = api.live_session().await;
    let b = api.connect(&sid);
    let list = api.get(&api.p(&format!("/session/{sid}/connection"))).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.json["count"], 2);
    assert_eq!(list.json["projectId"], api.key());
    assert_eq!(list.json["sessionId"], sid.as_str());
    assert_eq!(list.json["items"][0]["connectionId"], a.connection_id.as_str());
    assert_eq!(list.json["items"][1]["connectionState"], "Connected");
    assert!(list.json["items"][1]["createdAt"].is_i64());

    let path = api.p(&format!("/session/{sid}/connection/{}", a.connection_id));
    let reply = api.delete(&path).await;
    assert_eq!((reply.status, reply.text.as_str()), (204, ""));
    assert!(api.server.stream(&sid, &a.stream_id).is_none());
    assert_eq!(api.delete(&path).await.status, 404);
    assert_eq!(api.delete(&api.p(&format!("/session/1_x/connection/{}", b.connection_id))).await.status, 404);
    let streams = api.get(&api.p(&format!("/session/{sid}/stream"))).await;
    assert_eq!(streams.json["count"], 1);
    assert_eq!(api.get(&api.p("/session/1_x/connection")).await.status, 404);
}

#[tokio::test]
async fn signals_are_recorded_and_limited() {
    let api = Api::new().await;
    let (sid, a) = api.live_session().await;
    let to_all = api.p(&format!("/session/{sid}/signal"));
    let to_one = api.p(&format!("/session/{sid}/connection/{}/signal", a.connection_id));
    assert_eq!(api.post(&to_all, json!({"type": "chat", "data": "hi"})).await.status, 204);
    assert_eq!(api.post(&to_one, json!({"type": "dm", "data": "only you"})).await.status, 204);
    assert_eq!(api.post(&to_all, json!({"type": "t".repeat(129), "data": "x"})).await.status, 413);
    assert_eq!(api.post(&to_all, json!({"type": "t".repeat(128), "data": "x".repeat(8192)})).await.status, 204);
    // The type limit counts bytes: 65 two-byte characters are 130 bytes.
    assert_eq!(api.post(&to_all, json!({"type": "é".repeat(65), "data": "x"})).await.status, 413);
    assert_eq!(api.post(&to_all, json!({"type": "é".repeat(64), "data": "x"})).await.status, 204);
    let big = api.post(&to_all, json!({"type": "t", "data": "x".repeat(8193)})).await;
    assert_eq!((big.status, big.json["code"].as_i64()), (413, Some(413)));
    assert_eq!(api.post(&to_all, json!({"type": 5})).await.status, 400);
    let unknown = api.p(&format!("/session/{sid}/connection/nope/signal"));
    assert_eq!(api.post(&unknown, json!({"type": "t", "data": "x"})).await.status, 404);
    assert_eq!(api.post(&api.p("/session/1_x/signal"), json!({"type": "t", "data": "x"})).await.status, 404);

    let signals = api.server.signals();
    assert_eq!(signals.len(), 4);
    assert_eq!(signals[0].session_id, sid);
    assert_eq!(signals[0].connection_id, None);
    assert_eq!(signals[0].r#type.as_deref(), Some("chat"));
    assert_eq!(signals[1].connection_id.as_deref(), Some(a.connection_id.as_str()));
    assert_eq!(signals[1].r#type.as_deref(), Some("dm"));
    let http: serde_json::Value =
        api.http.get(format!("{}/_test/signals", api.server.url())).send().await.unwrap().json().await.unwrap();
    assert_eq!(http[1]["data"], "only you");
}

#[tokio::test]
async fn force_mute() {
    let api = Api::new().await;
    let (sid, a) = api.live_session().await;
    let b = api.connect(&sid);
    let c = api.connect(&sid);

    let one = api.post(&api.p(&format!("/session/{sid}/stream/{}/mute", a.stream_id)), json!({})).await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json["status"], "ACTIVE");
    assert_eq!(one.json["environment"], "standard");
    assert!(one.json["id"].is_string() && one.json["name"].is_string() && one.json["createdAt"].is_i64());
    assert!(api.server.stream(&sid, &a.stream_id).unwrap().audio_muted);
    assert!(!api.server.stream(&sid, &b.stream_id).unwrap().audio_muted);
    assert_eq!(api.post(&api.p(&format!("/session/{sid}/stream/nope/mute")), json!({})).await.status, 404);

    let all = api.p(&format!("/session/{sid}/mute"));
    let reply = api.post(&all, json!({"active": true, "excludedStreamIds": [c.stream_id]})).await;
    assert_eq!(reply.status, 200);
    assert!(api.server.stream(&sid, &b.stream_id).unwrap().audio_muted);
    assert!(!api.server.stream(&sid, &c.stream_id).unwrap().audio_muted);
    assert!(api.server.session(&sid).unwrap().force_muted);
    // Streams published while mute-all is active join muted.
    let d = api.connect(&sid);
    assert!(api.server.stream(&sid, &d.stream_id).unwrap().audio_muted);

    assert_eq!(api.post(&all, json!({"active": false})).await.status, 200);
    assert!(!api.server.session(&sid).unwrap().force_muted);
    let e = api.connect(&sid);
    assert!(!api.server.stream(&sid, &e.stream_id).unwrap().audio_muted);
    assert_eq!(api.post(&all, json!({})).await.status, 400);
    assert_eq!(api.post(&all, json!({"active": true, "excludedStreamIds": "x"})).await.status, 400);
    assert_eq!(api.post(&api.p("/session/1_x/mute"), json!({"active": true})).await.status, 404);
}

#[tokio::test]
async fn streams_info_and_class_lists() {
    let api = Api::new().await;
    let (sid, a) = api.live_session().await;
    let b = api.connect(&sid);
    let one = api.get(&api.p(&format!("/session/{sid}/stream/{}", a.stream_id))).await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json, json!({"id": a.stream_id, "videoType": "camera", "name": "", "layoutClassList": []}));
    assert_eq!(api.get(&api.p(&format!("/session/{sid}/stream/nope"))).await.status, 404);
    let list = api.get(&api.p(&format!("/session/{sid}/stream"))).await;
    assert_eq!(list.json["count"], 2);

    let put = |body: serde_json::Value| api.call(Method::PUT, api.p(&format!("/session/{sid}/stream")), Some(body));
    let ok = put(json!({"items": [
        {"id": a.stream_id, "layoutClassList": ["full", "focus"]},
        {"id": b.stream_id, "layoutClassList": []},
    ]}))
    .await;
    assert_eq!((ok.status, ok.text.as_str()), (200, ""));
    assert_eq!(api.server.stream(&sid, &a.stream_id).unwrap().layout_class_list, ["full", "focus"]);
    // All or nothing: one unknown stream changes none.
    let missing =
        put(json!({"items": [{"id": a.stream_id, "layoutClassList": []}, {"id": "nope", "layoutClassList": []}]}))
            .await;
    assert_eq!(missing.status, 404);
    assert_eq!(api.server.stream(&sid, &a.stream_id).unwrap().layout_class_list, ["full", "focus"]);
    assert_eq!(put(json!({"items": [{"id": a.stream_id, "layoutClassList": [1]}]})).await.status, 400);
    assert_eq!(put(json!({})).await.status, 400);
}
