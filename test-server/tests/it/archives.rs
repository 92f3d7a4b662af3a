use reqwest::Method;
use serde_json::{json, Value};

use crate::common::{rest_jwt, Api};

#[tokio::test]
async fn start_rules() {
    let api = Api::new().await;
    let start = api.p("/archive");

    let relayed = api.relayed_session().await;
    api.connect(&relayed);
    let reply = api.post(&start, json!({"sessionId": relayed})).await;
    assert_eq!(reply.status, 409, "{}", reply.text);

    let empty = api.routed_session().await;
    let reply = api.post(&start, json!({"sessionId": empty})).await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.json["message"], "No clients are actively connected to the OpenTok session");

    let reply = api.post(&start, json!({"sessionId": "1_unknown"})).await;
    assert_eq!(reply.status, 404);

    let (sid, _client) = api.live_session().await;
    let reply = api.post(&start, json!({"sessionId": sid})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let a = &reply.json;
    assert_eq!(a["status"], "started");
    assert_eq!(a["name"], Value::Null);
    assert_eq!(a["sessionId"], sid.as_str());
    assert_eq!(a["projectId"], api.key());
    assert_eq!(a["partnerId"], api.key().parse::<u64>().unwrap());
    assert_eq!(a["outputMode"], "composed");
    assert_eq!(a["streamMode"], "auto");
    assert_eq!(a["resolution"], "640x480");
    assert_eq!((a["duration"].as_i64(), a["size"].as_i64()), (Some(0), Some(0)));
    assert_eq!(a["url"], Value::Null);
    assert_eq!(a["reason"], "");
    assert_eq!(a["streams"], json!([]));
    assert!(a["createdAt"].as_i64().unwrap() > 1_600_000_000_000);
    assert!(uuid_like(a["id"].as_str().unwrap()));

    let again = api.post(&start, json!({"sessionId": sid})).await;
    assert_eq!((again.status, again.json["code"].as_i64()), (409, Some(15001)));
    let tagged = api.post(&start, json!({"sessionId": sid, "multiArchiveTag": "second", "name": "n"})).await;
    assert_eq!(tagged.status, 200);
    assert_eq!(tagged.json["multiArchiveTag"], "second");
    assert_eq!(tagged.json["name"], "n");
    let same_tag = api.post(&start, json!({"sessionId": sid, "multiArchiveTag": "second"})).await;
    assert_eq!(same_tag.status, 409);

    let individual = api
        .post(
            &start,
            json!({"sessionId": sid, "multiArchiveTag": "ind", "outputMode": "individual", "hasVideo": false}),
        )
        .await;
    assert_eq!(individual.status, 200);
    assert!(individual.json.get("resolution").is_none());
    assert_eq!(individual.json["hasVideo"], false);

    let full = api
        .post(
            &start,
            json!({"sessionId": sid, "multiArchiveTag": "full", "resolution": "1920x1080", "maxBitrate": 2_000_000,
                   "layout": {"type": "bestFit", "screenshareType": "pip"}, "streamMode": "manual"}),
        )
        .await;
    assert_eq!(full.status, 200, "{}", full.text);
    assert_eq!(
        (full.json["resolution"].as_str(), full.json["maxBitrate"].as_i64()),
        (Some("1920x1080"), Some(2_000_000))
    );
}

#[tokio::test]
async fn start_validation_is_400() {
    let api = Api::new().await;
    let (sid, _c) = api.live_session().await;
    let bad = [
        json!({}),
        json!({"sessionId": 5}),
        json!({"sessionId": sid, "outputMode": "individual", "resolution": "1280x720"}),
        json!({"sessionId": sid, "outputMode": "individual", "layout": {"type": "pip"}}),
        json!({"sessionId": sid, "outputMode": "individual", "maxBitrate": 200000}),
        json!({"sessionId": sid, "outputMode": "individual", "quantizationParameter": 20}),
        json!({"sessionId": sid, "hasAudio": false, "hasVideo": false}),
        json!({"sessionId": sid, "maxBitrate": 200000, "quantizationParameter": 20}),
        json!({"sessionId": sid, "maxBitrate": 99999}),
        json!({"sessionId": sid, "maxBitrate": 6000001}),
        json!({"sessionId": sid, "quantizationParameter": 14}),
        json!({"sessionId": sid, "quantizationParameter": 41}),
        json!({"sessionId": sid, "resolution": "800x600"}),
        json!({"sessionId": sid, "layout": {"type": "grid"}}),
        json!({"sessionId": sid, "layout": {"type": "custom"}}),
        json!({"sessionId": sid, "layout": {"type": "pip", "stylesheet": "x"}}),
        json!({"sessionId": sid, "layout": {"type": "pip", "screenshareType": "bestFit"}}),
        json!({"sessionId": sid, "outputMode": "mixed"}),
        json!({"sessionId": sid, "streamMode": "sometimes"}),
        json!({"sessionId": sid, "hasAudio": "yes"}),
        json!([1, 2]),
    ];
    for body in bad {
        let reply = api.post(&api.p("/archive"), body.clone()).await;
        assert_eq!(reply.status, 400, "{body}: {}", reply.text);
        assert_eq!(reply.json["code"], 400);
    }
    // Broken JSON and a wrong content type.
    let url = format!("{}{}", api.server.url(), api.p("/archive"));
    for (ct, body) in [("application/json", "{\"sessionId\":"), ("text/plain", "{}")] {
        let resp = api
            .http
            .post(&url)
            .header("X-OPENTOK-AUTH", rest_jwt(api.key(), api.secret()))
            .header("Content-Type", ct)
            .body(body)
            .send()
            .await
            .unwrap();
        let reply = Api::reply(resp).await;
        assert_eq!(reply.status, 400);
        assert!(reply.json["message"].is_string());
    }
    assert!(api.server.archive_ids().is_empty());
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

#[tokio::test]
async fn lifecycle_stop_get_delete() {
    let api = Api::new().await;
    let (sid, _c) = api.live_session().await;
    let started = api.post(&api.p("/archive"), json!({"sessionId": sid})).await;
    let id = started.json["id"].as_str().unwrap().to_string();
    let path = api.p(&format!("/archive/{id}"));

    let del = api.delete(&path).await;
    assert_eq!(del.status, 409);

    let stopped = api.post(&format!("{path}/stop"), json!({})).await;
    assert_eq!(stopped.status, 200);
    assert_eq!(stopped.json["status"], "stopped");
    assert_eq!(stopped.json["reason"], "user initiated");
    assert!(stopped.json["duration"].is_i64());
    let again = api.post(&format!("{path}/stop"), json!({})).await;
    assert_eq!(again.status, 409);

    let got = api.get(&path).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.json["status"], "available");
    assert!(got.json["size"].as_i64().unwrap() > 0);
    let url = got.json["url"].as_str().unwrap().to_string();
    assert!(url.starts_with(&api.server.url()));
    let file = api.http.get(&url).send().await.unwrap();
    assert_eq!(file.status(), 200);

    // Driven states.
    assert!(api.server.set_archive_status(&id, "paused"));
    assert_eq!(api.get(&path).await.json["status"], "paused");
    assert_eq!(api.delete(&path).await.status, 409);
    assert!(api.server.expire_archive(&id));
    assert_eq!(api.server.archive_json(&id).unwrap()["status"], "expired");
    assert!(!api.server.expire_archive("nope"));
    // Only available, uploaded or deleted archives can be deleted (rest-api.md §4.5).
    for status in ["expired", "failed", "started", "paused", "stopped"] {
        assert!(api.server.set_archive_status(&id, status));
        let refused = api.delete(&path).await;
        assert_eq!((refused.status, refused.json["code"].as_i64()), (409, Some(409)), "{status}");
    }
    assert!(api.server.set_archive_status(&id, "uploaded"));
    assert_eq!(api.delete(&path).await.status, 204);
    assert_eq!(api.get(&path).await.status, 404);
    assert_eq!(api.delete(&path).await.status, 404);
    assert_eq!(api.post(&format!("{path}/stop"), json!({})).await.status, 404);
    let list = api.get(&api.p("/archive")).await;
    assert_eq!(list.json, json!({"count": 0, "items": []}));

    // Once stopped, a new archive of the same session needs no tag.
    assert_eq!(api.post(&api.p("/archive"), json!({"sessionId": sid})).await.status, 200);
}

#[tokio::test]
async fn list_paging() {
    let api = Api::new().await;
    let (sid_a, _a) = api.live_session().await;
    let (sid_b, _b) = api.live_session().await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let sid = if i % 2 == 0 { &sid_a } else { &sid_b };
        let reply = api.post(&api.p("/archive"), json!({"sessionId": sid, "name": format!("a{i}")})).await;
        let id = reply.json["id"].as_str().unwrap().to_string();
        api.post(&api.p(&format!("/archive/{id}/stop")), json!({})).await;
        ids.push(id);
    }
    let page = |q: &str| api.get(api.p(&format!("/archive{q}")));
    let all = page("").await;
    assert_eq!(all.json["count"], 5);
    let names: Vec<&str> = all.json["items"].as_array().unwrap().iter().map(|a| a["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["a4", "a3", "a2", "a1", "a0"]);

    let p = page("?offset=1&count=2").await;
    assert_eq!(p.json["count"], 5);
    let got: Vec<&str> = p.json["items"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(got, [ids[3].as_str(), ids[2].as_str()]);

    let by_session = page(&format!("?sessionId={sid_a}&count=1")).await;
    assert_eq!(by_session.json["count"], 3);
    assert_eq!(by_session.json["items"][0]["id"], ids[4].as_str());
    assert_eq!(page("?offset=10").await.json["items"], json!([]));

    for q in ["?count=0", "?count=1001", "?offset=-1", "?count=x"] {
        assert_eq!(page(q).await.status, 400, "{q}");
    }
    assert_eq!(page("?count=1000").await.status, 200);
}

#[tokio::test]
async fn auto_archive_in_always_session() {
    let api = Api::new().await;
    let sid = api
        .session_with(&[
            ("p2p.preference", "disabled"),
            ("archiveMode", "always"),
            ("archiveName", "auto"),
            ("archiveResolution", "1280x720"),
        ])
        .await;
    assert!(api.server.archive_ids().is_empty());
    api.connect(&sid);
    api.connect(&sid);
    let ids = api.server.archive_ids();
    assert_eq!(ids.len(), 1);
    let auto = api.server.archive_json(&ids[0]).unwrap();
    assert_eq!((auto["status"].as_str(), auto["name"].as_str()), (Some("started"), Some("auto")));
    assert_eq!(auto["resolution"], "1280x720");
    assert_eq!(auto["sessionId"], sid.as_str());

    let manual = api.post(&api.p("/archive"), json!({"sessionId": sid})).await;
    assert_eq!(manual.status, 409);
    let tagged = api.post(&api.p("/archive"), json!({"sessionId": sid, "multiArchiveTag": "mine"})).await;
    assert_eq!(tagged.status, 200);
}

#[tokio::test]
async fn layout_and_stream_selection() {
    let api = Api::new().await;
    let (sid, client) = api.live_session().await;
    let start = |body: Value| api.post(api.p("/archive"), body);
    let composed = start(json!({"sessionId": sid})).await.json["id"].as_str().unwrap().to_string();
    let individual = start(json!({"sessionId": sid, "outputMode": "individual", "multiArchiveTag": "i"})).await;
    let individual = individual.json["id"].as_str().unwrap().to_string();
    let manual = start(json!({"sessionId": sid, "streamMode": "manual", "multiArchiveTag": "m"})).await;
    let manual = manual.json["id"].as_str().unwrap().to_string();

    let layout = |id: &str, body: Value| api.call(Method::PUT, api.p(&format!("/archive/{id}/layout")), Some(body));
    let ok = layout(&composed, json!({"type": "custom", "stylesheet": "stream {}"})).await;
    assert_eq!((ok.status, ok.text.as_str()), (200, ""));
    assert_eq!(
        layout(&composed, json!({"type": "bestFit", "screenshareType": "horizontalPresentation"})).await.status,
        200
    );
    assert_eq!(layout(&composed, json!({"type": "pip", "screenshareType": "pip"})).await.status, 400);
    assert_eq!(layout(&composed, json!({"type": "nope"})).await.status, 400);
    assert_eq!(layout(&individual, json!({"type": "pip"})).await.status, 400);
    assert_eq!(layout("unknown", json!({"type": "pip"})).await.status, 404);

    let patch = |id: &str, body: Value| api.call(Method::PATCH, api.p(&format!("/archive/{id}/streams")), Some(body));
    assert_eq!(patch(&composed, json!({"addStream": client.stream_id})).await.status, 400);
    let added = patch(&manual, json!({"addStream": client.stream_id, "hasVideo": false})).await;
    assert_eq!(added.status, 204, "{}", added.text);
    let archive = api.server.archive_json(&manual).unwrap();
    assert_eq!(archive["streams"], json!([{"streamId": client.stream_id, "hasAudio": true, "hasVideo": false}]));
    assert_eq!(patch(&manual, json!({"addStream": "nope"})).await.status, 404);
    assert_eq!(patch(&manual, json!({})).await.status, 400);
    assert_eq!(patch(&manual, json!({"addStream": "a", "removeStream": "b"})).await.status, 400);
    assert_eq!(patch(&manual, json!({"removeStream": client.stream_id})).await.status, 204);
    assert_eq!(patch(&manual, json!({"removeStream": client.stream_id})).await.status, 404);
    assert_eq!(api.server.archive_json(&manual).unwrap()["streams"], json!([]));
    assert_eq!(patch("unknown", json!({"removeStream": "x"})).await.status, 404);
}

#[tokio::test]
async fn a_stopped_archive_can_be_deleted_at_once() {
    let api = Api::new().await;
    let (sid, _c) = api.live_session().await;
    let id = api.post(&api.p("/archive"), json!({"sessionId": sid})).await.json["id"].as_str().unwrap().to_string();
    assert_eq!(api.post(&api.p(&format!("/archive/{id}/stop")), json!({})).await.status, 200);
    // Its pending move to `available` happens on this access too.
    assert_eq!(api.delete(&api.p(&format!("/archive/{id}"))).await.status, 204);
}
