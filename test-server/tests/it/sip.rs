use serde_json::json;

use crate::common::Api;

#[tokio::test]
async fn dial_joins_the_session() {
    let api = Api::new().await;
    let sid = api.routed_session().await;
    let token = api.token(&sid, "publisher");
    let body = json!({"sessionId": sid, "token": token, "sip": {
        "uri": "sip:user@sip.example.com;transport=tls", "from": "from@example.com",
        "headers": {"X-Foo": "bar"}, "auth": {"username": "u", "password": "p"},
        "secure": true, "video": false, "observeForceMute": true, "streams": ["s1"],
    }});
    let reply = api.post(&api.p("/dial"), body).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    for key in ["id", "connectionId", "streamId", "projectId", "sessionId"] {
        assert!(reply.json[key].is_string(), "{key}");
    }
    assert!(reply.json["createdAt"].is_i64() && reply.json["updatedAt"].is_i64());
    let cid = reply.json["connectionId"].as_str().unwrap();
    let stid = reply.json["streamId"].as_str().unwrap();

    let stream = api.get(&api.p(&format!("/session/{sid}/stream/{stid}"))).await;
    assert_eq!(stream.json["name"], "SIP");
    assert!(stream.json.get("videoType").is_none());
    let conns = api.get(&api.p(&format!("/session/{sid}/connection"))).await;
    assert_eq!(conns.json["items"][0]["connectionId"], cid);
    assert!(api.server.session(&sid).unwrap().connections[0].sip);

    let video = api
        .post(&api.p("/dial"), json!({"sessionId": sid, "token": token, "sip": {"uri": "sips:x@y", "video": true}}))
        .await;
    assert_eq!(video.status, 200);
    let vid = video.json["streamId"].as_str().unwrap();
    assert_eq!(api.server.stream(&sid, vid).unwrap().video_type.as_deref(), Some("camera"));

    assert_eq!(api.delete(&api.p(&format!("/session/{sid}/connection/{cid}"))).await.status, 204);
    assert!(api.server.stream(&sid, stid).is_none());
}

#[tokio::test]
async fn dial_errors() {
    let api = Api::new().await;
    let sid = api.routed_session().await;
    let relayed = api.relayed_session().await;
    let dial = |sid: &str, token: String, uri: &str| {
        api.post(api.p("/dial"), json!({"sessionId": sid, "token": token, "sip": {"uri": uri}}))
    };
    assert_eq!(dial(&relayed, api.token(&relayed, "publisher"), "sip:a@b").await.status, 409);
    assert_eq!(dial("1_x", api.token("1_x", "publisher"), "sip:a@b").await.status, 404);
    assert_eq!(dial(&sid, api.token(&sid, "publisher"), "http://a").await.status, 400);
    assert_eq!(dial(&sid, api.token(&relayed, "publisher"), "sip:a@b").await.status, 403);
    assert_eq!(dial(&sid, "T1==bad".into(), "sip:a@b").await.status, 403);
    let no_sip = api.post(&api.p("/dial"), json!({"sessionId": sid, "token": api.token(&sid, "publisher")})).await;
    assert_eq!(no_sip.status, 400);
    let bad_auth = api
        .post(
            &api.p("/dial"),
            json!({"sessionId": sid, "token": api.token(&sid, "publisher"),
            "sip": {"uri": "sip:a@b", "auth": {"password": "p"}}}),
        )
        .await;
    assert_eq!(bad_auth.status, 400);
    assert!(api.server.session(&sid).unwrap().connections.is_empty());
}

#[tokio::test]
async fn dtmf() {
    let api = Api::new().await;
    let (sid, client) = api.live_session().await;
    let to_all = api.p(&format!("/session/{sid}/play-dtmf"));
    let to_one = api.p(&format!("/session/{sid}/connection/{}/play-dtmf", client.connection_id));
    let ok = api.post(&to_all, json!({"digits": "0123456789*#p"})).await;
    assert_eq!((ok.status, ok.text.as_str()), (200, ""));
    assert_eq!(api.post(&to_one, json!({"digits": "1p2"})).await.status, 200);
    for bad in [json!({"digits": "12a"}), json!({"digits": ""}), json!({}), json!({"digits": 12})] {
        assert_eq!(api.post(&to_all, bad.clone()).await.status, 400, "{bad}");
    }
    assert_eq!(api.post(&api.p("/session/1_x/play-dtmf"), json!({"digits": "1"})).await.status, 404);
    let unknown = api.p(&format!("/session/{sid}/connection/nope/play-dtmf"));
    assert_eq!(api.post(&unknown, json!({"digits": "1"})).await.status, 404);

    let tones = api.server.dtmf();
    assert_eq!(tones.len(), 2);
    assert_eq!((tones[0].connection_id.as_deref(), tones[0].digits.as_str()), (None, "0123456789*#p"));
    assert_eq!(tones[1].connection_id.as_deref(), Some(client.connection_id.as_str()));
}
