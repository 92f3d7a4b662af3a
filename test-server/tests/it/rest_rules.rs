//! The rules of captions, Experience Composer, Audio Connector and archive transcription that the SDK's
//! own checks keep it from reaching: each refusal as the platform answers it (status, JSON body, code).

use serde_json::json;

use crate::common::Api;

#[tokio::test]
async fn experience_composer_refusals_carry_the_50xxx_codes() {
    let api = Api::new().await;
    let sid = api.routed_session().await;
    let token = api.token(&sid, "publisher");
    let start = |body: serde_json::Value| {
        let mut full = json!({"sessionId": sid, "token": token, "url": "https://example.com/page"});
        full.as_object_mut().unwrap().extend(body.as_object().unwrap().clone());
        full
    };
    for (body, code) in [
        (json!({"url": "not a url at all"}), 50001),
        (json!({"maxDuration": 59}), 50005),
        (json!({"maxDuration": 36_001}), 50005),
        (json!({"resolution": "800x600"}), 50006),
        (json!({"properties": {"name": ""}}), 50007),
        (json!({"properties": {"name": "x".repeat(201)}}), 50007),
        (json!({"sessionId": "2_unknown"}), 50008),
    ] {
        let reply = api.post(api.p("/render"), start(body.clone())).await;
        assert_eq!((reply.status, reply.json["code"].as_i64()), (400, Some(code)), "{body}: {}", reply.text);
        assert!(reply.json["message"].is_string());
    }
    let reply = api.post(api.p("/render"), start(json!({"token": "garbage"}))).await;
    assert_eq!((reply.status, reply.json["code"].as_i64()), (403, Some(10001)), "{}", reply.text);
    let reply = api.post(api.p("/render"), start(json!({}))).await;
    assert_eq!((reply.status, reply.json["status"].as_str()), (202, Some("starting")), "{}", reply.text);
}

#[tokio::test]
async fn captions_and_audio_connector_refusals() {
    let api = Api::new().await;
    let sid = api.routed_session().await;
    let moderator = api.token(&sid, "moderator");
    for body in [
        json!({"sessionId": sid, "token": moderator, "maxDuration": 299}),
        json!({"sessionId": sid, "token": moderator, "maxDuration": 14_401}),
        json!({"sessionId": sid, "token": moderator, "statusCallbackUrl": "https://a.b"}),
        json!({"sessionId": sid, "token": moderator, "languageCode": "english"}),
    ] {
        assert_eq!(api.post(api.p("/captions"), body.clone()).await.status, 400, "{body}");
    }
    let publisher = api.token(&sid, "publisher");
    let reply = api.post(api.p("/captions"), json!({"sessionId": sid, "token": publisher})).await;
    assert_eq!(reply.status, 403, "captions need a moderator: {}", reply.text);
    // There is no captions status read on the platform.
    let reply = api.get(api.p("/captions/some-id")).await;
    assert_eq!(reply.status, 404, "{}", reply.text);

    let connect = |websocket: serde_json::Value| json!({"sessionId": sid, "token": publisher, "websocket": websocket});
    for websocket in [
        json!({"uri": "https://example.com"}),
        json!({"uri": "wss://example.com", "audioRate": 44_100}),
        json!({"uri": "wss://example.com", "headers": {"k": "v".repeat(512)}}),
        json!({"uri": "wss://example.com", "audioTransport": {"transport": "json"}}),
        json!({"uri": "wss://example.com", "audioTransport": {"transport": "carrier-pigeon"}}),
    ] {
        let reply = api.post(api.p("/connect"), connect(websocket.clone())).await;
        assert_eq!(reply.status, 400, "{websocket}: {}", reply.text);
    }
    let ok = json!({"uri": "wss://example.com", "audioTransport": {"transport": "json", "encoding": "base64"}});
    assert_eq!(api.post(api.p("/connect"), connect(ok)).await.status, 200);
    let reply = api.post(api.p("/connect/anything/stop"), json!({})).await;
    assert_eq!(reply.status, 404, "the old stop call no longer works: {}", reply.text);
}

#[tokio::test]
async fn transcription_only_for_individual_archives_with_audio() {
    let api = Api::new().await;
    let (sid, _client) = api.live_session().await;
    for body in [
        json!({"sessionId": sid, "hasTranscription": true}),
        json!({"sessionId": sid, "hasTranscription": true, "outputMode": "individual", "hasAudio": false}),
    ] {
        let reply = api.post(api.p("/archive"), body.clone()).await;
        assert_eq!(reply.status, 400, "{body}: {}", reply.text);
        assert_eq!(reply.json["message"], "Transcription is only supported for individual archives with audio");
    }
    let reply = api
        .post(api.p("/archive"), json!({"sessionId": sid, "hasTranscription": true, "outputMode": "individual"}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(
        reply.json["transcription"],
        json!({"status": "requested", "primaryLanguageCode": "en-US", "hasSummary": false})
    );
}
