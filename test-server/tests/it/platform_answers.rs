//! Where the test server once disagreed with the platform's own description (issue 19), each answer as
//! the platform documents it: moderation's project details in each mode, the required members of
//! request bodies, paths the platform does not have, and stream changes in automatic stream mode.

use reqwest::Method;
use serde_json::{json, Value};

use crate::application::App;
use crate::common::Api;

/// The members of the project details the force-mute calls answer with, whatever the owner member.
fn assert_project_details(body: &Value) {
    assert_eq!(body["status"], "ACTIVE", "{body}");
    assert!(body["name"].is_string(), "{body}");
    assert!(["standard", "enterprise"].contains(&body["environment"].as_str().unwrap_or("")), "{body}");
    assert!(body["createdAt"].as_i64().is_some_and(|t| t > 1_600_000_000_000), "{body}");
}

#[tokio::test]
async fn moderation_answers_each_modes_project_details() {
    // Application mode: `{applicationId, status, name, environment, createdAt}`, no `id`.
    let app = App::start().await;
    let sid = app.routed_session().await;
    let client = app.server.connect_client(&sid, &app.client_token(&sid, "publisher")).unwrap();
    for (path, body) in [
        (format!("/session/{sid}/stream/{}/mute", client.stream_id), None),
        (format!("/session/{sid}/mute"), Some(json!({"active": true, "excludedStreamIds": []}))),
    ] {
        let (status, details) = app.call(Method::POST, &path, body).await;
        assert_eq!(status, 200, "{path}: {details}");
        assert_project_details(&details);
        assert_eq!(details["applicationId"], app.id(), "{details}");
        assert!(details.get("id").is_none(), "{details}");
    }
    // Project mode: `{id, status, name, environment, createdAt}`, `id` the API key.
    let api = Api::new().await;
    let (sid, client) = api.live_session().await;
    let one = api.post(api.p(&format!("/session/{sid}/stream/{}/mute", client.stream_id)), json!({})).await;
    let all = api.post(api.p(&format!("/session/{sid}/mute")), json!({"active": false})).await;
    for reply in [one, all] {
        assert_eq!(reply.status, 200, "{}", reply.text);
        assert_project_details(&reply.json);
        assert_eq!(reply.json["id"], api.key());
        assert!(reply.json.get("applicationId").is_none(), "{}", reply.text);
    }
}

#[tokio::test]
async fn a_signal_needs_both_type_and_data() {
    let api = Api::new().await;
    let (sid, client) = api.live_session().await;
    for path in [format!("/session/{sid}/signal"), format!("/session/{sid}/connection/{}/signal", client.connection_id)]
    {
        let path = api.p(&path);
        for (body, missing) in [
            (json!({"data": "hi"}), "type"),
            (json!({"type": "chat"}), "data"),
            (json!({"type": null, "data": "hi"}), "type"),
            (json!({}), "type"),
        ] {
            let reply = api.post(&path, body.clone()).await;
            assert_eq!((reply.status, reply.json["code"].as_i64()), (400, Some(400)), "{body}: {}", reply.text);
            let message = reply.json["message"].as_str().unwrap();
            assert!(message.contains("signal") && message.contains(missing), "{body}: {message}");
        }
        assert_eq!(api.post(&path, json!({"type": "chat", "data": ""})).await.status, 204);
    }
    assert_eq!(api.server.signals().len(), 2, "only the valid signals are recorded");
}

#[tokio::test]
async fn every_required_body_member_is_a_400_naming_it() {
    let api = Api::new().await;
    let (sid, client) = api.live_session().await;
    let archive = api.post(api.p("/archive"), json!({"sessionId": sid, "streamMode": "manual"})).await;
    let aid = archive.json["id"].as_str().unwrap().to_string();
    let cases: Vec<(Method, String, Value, &str)> = vec![
        (Method::POST, api.p("/archive"), json!({}), "sessionId"),
        (Method::POST, api.p("/broadcast"), json!({"outputs": {"hls": {}}}), "sessionId"),
        (Method::POST, api.p("/dial"), json!({"sessionId": sid, "sip": {"uri": "sip:a@b"}}), "token"),
        (Method::POST, api.p("/dial"), json!({"sessionId": sid, "token": api.token(&sid, "publisher")}), "sip"),
        (Method::POST, api.p(&format!("/session/{sid}/mute")), json!({}), "active"),
        (Method::POST, api.p(&format!("/session/{sid}/play-dtmf")), json!({}), "digits"),
        (Method::PUT, api.p(&format!("/session/{sid}/stream")), json!({}), "items"),
        (Method::PUT, api.p(&format!("/archive/{aid}/layout")), json!({}), "type"),
        (Method::PATCH, api.p(&format!("/archive/{aid}/streams")), json!({}), "Stream"),
        (Method::POST, api.p("/captions"), json!({"token": api.token(&sid, "moderator")}), "sessionId"),
        (Method::POST, api.p("/captions"), json!({"sessionId": sid}), "token"),
        (Method::POST, api.p("/render"), json!({"sessionId": sid, "token": api.token(&sid, "publisher")}), "url"),
        (
            Method::POST,
            api.p("/connect"),
            json!({"sessionId": sid, "token": api.token(&sid, "publisher")}),
            "websocket",
        ),
    ];
    for (method, path, body, member) in cases {
        let reply = api.call(method.clone(), &path, Some(body.clone())).await;
        assert_eq!(reply.status, 400, "{method} {path} {body}: {}", reply.text);
        let message = reply.json["message"].as_str().unwrap_or_default();
        assert!(message.contains(member), "{method} {path} {body}: {message}");
    }
    let _ = client;
}

#[tokio::test]
async fn paths_the_platform_does_not_have_are_404_and_wrong_methods_405() {
    let api = Api::new().await;
    // No such path on the platform: 404 naming method and path (never 501).
    for (method, path) in [
        (Method::GET, api.p("/captions/00000000-0000-0000-0000-000000000000")),
        (Method::GET, api.p("/no-such-area")),
        (Method::POST, api.p("/callback")),
        (Method::GET, "/v2/partner/1/archive".to_string()),
        (Method::GET, "/session/other".to_string()),
    ] {
        let reply = api.call(method.clone(), &path, None).await;
        assert_eq!((reply.status, reply.json["code"].as_i64()), (404, Some(404)), "{method} {path}: {}", reply.text);
        let message = reply.json["message"].as_str().unwrap();
        assert!(message.contains(method.as_str()) && message.contains(&path), "{message}");
    }
    // A path the platform has, with a method it does not serve there: 405.
    for (method, path) in [
        (Method::DELETE, api.p("/archive")),
        (Method::GET, api.p("/captions")),
        (Method::GET, api.p("/captions/00000000-0000-0000-0000-000000000000/stop")),
        (Method::PUT, "/session/create".to_string()),
    ] {
        let reply = api.call(method.clone(), &path, None).await;
        assert_eq!((reply.status, reply.json["code"].as_i64()), (405, Some(405)), "{method} {path}: {}", reply.text);
    }
}

#[tokio::test]
async fn stream_changes_in_automatic_mode_are_400_for_archives_and_broadcasts() {
    let api = Api::new().await;
    let (sid, client) = api.live_session().await;
    let archive = api.post(api.p("/archive"), json!({"sessionId": sid})).await;
    let broadcast = api.post(api.p("/broadcast"), json!({"sessionId": sid, "outputs": {"hls": {}}})).await;
    for (area, id) in [("archive", &archive.json["id"]), ("broadcast", &broadcast.json["id"])] {
        let path = api.p(&format!("/{area}/{}/streams", id.as_str().unwrap()));
        let reply = api.call(Method::PATCH, &path, Some(json!({"addStream": client.stream_id}))).await;
        assert_eq!((reply.status, reply.json["code"].as_i64()), (400, Some(400)), "{area}: {}", reply.text);
        assert!(reply.json["message"].as_str().unwrap().contains("streamMode"), "{area}: {}", reply.text);
    }
}

/// What each operation answers for a routed session that never had a client, the same in both modes:
/// what needs a client in the session is 404 (archive, broadcast, migration), the rest is served.
async fn a_session_without_clients(
    call: impl AsyncFn(Method, String, Option<Value>) -> (u16, Value),
    sid: &str,
    (owner, details_owner): (&str, &str),
) {
    let (status, body) = call(Method::POST, "/archive".into(), Some(json!({"sessionId": sid}))).await;
    assert_eq!(status, 404, "archive: {body}");
    let (status, body) =
        call(Method::POST, "/broadcast".into(), Some(json!({"sessionId": sid, "outputs": {"hls": {}}}))).await;
    assert_eq!(status, 404, "broadcast: {body}");
    let (status, body) = call(Method::POST, format!("/session/{sid}/migrate"), None).await;
    assert_eq!(status, 404, "migrate: {body}");
    let (status, body) = call(Method::GET, format!("/session/{sid}/stream"), None).await;
    assert_eq!((status, &body["count"], &body["items"]), (200, &json!(0), &json!([])), "streams: {body}");
    let (status, body) = call(Method::GET, format!("/session/{sid}/connection"), None).await;
    assert_eq!((status, &body["count"]), (200, &json!(0)), "connections: {body}");
    assert!(body.get(owner).is_some(), "connections: {body}");
    let (status, body) =
        call(Method::POST, format!("/session/{sid}/signal"), Some(json!({"type": "t", "data": "d"}))).await;
    assert_eq!(status, 204, "signal: {body}");
    let (status, body) = call(Method::POST, format!("/session/{sid}/mute"), Some(json!({"active": true}))).await;
    assert_eq!(status, 200, "mute: {body}");
    assert!(body.get(details_owner).is_some(), "mute: {body}");
    let (status, body) =
        call(Method::GET, format!("/session/{sid}/stream/00000000-0000-0000-0000-000000000000"), None).await;
    assert_eq!(status, 404, "stream: {body}");
    let (status, body) = call(Method::GET, format!("/archive?sessionId={sid}"), None).await;
    assert_eq!((status, &body["count"]), (200, &json!(0)), "archive list: {body}");
}

#[tokio::test]
async fn a_session_that_never_had_a_client_in_both_modes() {
    let api = Api::new().await;
    let sid = api.routed_session().await;
    let project = async |method: Method, rest: String, body: Option<Value>| {
        let reply = api.call(method, api.p(&rest), body).await;
        (reply.status, reply.json)
    };
    a_session_without_clients(project, &sid, ("projectId", "id")).await;
    let app = App::start().await;
    let sid = app.routed_session().await;
    let application = async |method: Method, rest: String, body: Option<Value>| app.call(method, &rest, body).await;
    a_session_without_clients(application, &sid, ("applicationId", "applicationId")).await;
}
