//! The inspector's snapshot (`GET /_inspector/state`) and assets over plain HTTP (no browser): what the
//! page is given, its bounds, its security headers, and that the inspector's own requests are neither
//! recorded nor faulted.

use serde_json::json;

use crate::common::{sign_jwt, Api};

#[tokio::test]
async fn snapshot_shows_sessions_records_and_requests_with_their_outcome() {
    let api = Api::new().await;
    let (sid, client) = api.live_session().await;
    let archive = api.post(api.p("/archive"), json!({"sessionId": sid, "name": "a"})).await;
    assert_eq!(archive.status, 200);
    let forged = sign_jwt(&json!({"iss": api.key(), "ist": "project"}), "wrong");
    let refused = api.http.get(format!("{}{}", api.server.url(), api.p("/archive"))).header("x-opentok-auth", forged);
    assert_eq!(refused.send().await.unwrap().status(), 403);

    let state = api.get("/_inspector/state").await.json;
    assert_eq!(state["project"], json!({"id": api.key(), "mode": "project", "url": api.server.url()}));
    let session = &state["world"]["sessions"]["items"][0];
    assert_eq!((session["id"].as_str(), session["mediaMode"].as_str()), (Some(sid.as_str()), Some("routed")));
    assert_eq!(session["connections"][0]["id"], client.connection_id.as_str());
    assert_eq!(session["connections"][0]["role"], "publisher");
    assert_eq!(session["streams"][0]["id"], client.stream_id.as_str());
    assert_eq!(state["world"]["archives"]["items"][0]["id"], archive.json["id"]);
    assert_eq!(state["world"]["archives"]["items"][0]["status"], "started");
    // Forced statuses join the archive's history, oldest first.
    let archive_id = archive.json["id"].as_str().unwrap();
    assert!(api.server.set_archive_status(archive_id, "paused"));
    let later = api.get("/_inspector/state").await.json;
    let history: Vec<&str> = later["world"]["archives"]["items"][0]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["started", "paused"]);

    // Newest first: the refused request, then the archive's start, then the session's creation.
    let requests = state["requests"]["items"].as_array().unwrap();
    let seen: Vec<(&str, u64)> =
        requests.iter().map(|r| (r["method"].as_str().unwrap(), r["status"].as_u64().unwrap())).collect();
    assert_eq!(seen, [("GET", 403), ("POST", 200), ("POST", 200)]);
    assert_eq!(requests[0]["verified"], json!({"ok": false, "reason": "Invalid signature"}));
    assert_eq!(requests[0]["auth"]["kind"], "X-OPENTOK-AUTH JWT");
    assert_eq!(requests[1]["verified"], json!({"ok": true}));
    assert_eq!(requests[1]["auth"]["iss"], api.key());
    assert!(requests[1]["latencyUs"].as_u64().is_some());
    assert!(requests[1]["body"].as_str().unwrap().contains("\"name\":\"a\""));
}

#[tokio::test]
async fn snapshot_lists_are_bounded_and_give_their_totals() {
    let api = Api::new().await;
    let sid = api.routed_session().await;
    for _ in 0..55 {
        assert_eq!(api.get(api.p(&format!("/session/{sid}/stream"))).await.status, 200);
    }
    let state = api.get("/_inspector/state").await.json;
    assert_eq!(state["requests"]["items"].as_array().unwrap().len(), 50);
    assert_eq!(state["requests"]["total"], 56);
}

#[tokio::test]
async fn inspector_is_not_recorded_not_faulted_and_sends_its_security_headers() {
    let api = Api::new().await;
    assert_eq!(api.post("/_test/faults", json!({"status": 500, "count": 10})).await.status, 204);
    for path in ["/_inspector", "/_inspector/app.js", "/_inspector/style.css", "/_inspector/state"] {
        let response = api.http.get(format!("{}{path}", api.server.url())).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let csp = response.headers()["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    }
    assert!(api.server.requests().is_empty(), "the inspector's requests are not recorded");
    // The faults are still queued for the API.
    assert_eq!(api.get(api.p("/archive")).await.status, 500);
}

#[tokio::test]
async fn a_connected_client_publishes_and_unpublishes_through_the_control_api() {
    let api = Api::new().await;
    let (sid, client) = api.live_session().await;
    let publish = format!("/_test/session/{sid}/connection/{}/stream", client.connection_id);
    let screen = api.post(&publish, json!({"videoType": "screen"})).await;
    assert_eq!(screen.status, 200, "{}", screen.text);
    let stream_id = screen.json["streamId"].as_str().unwrap().to_string();
    let session = api.server.session(&sid).unwrap();
    assert_eq!(session.stream_ids, [client.stream_id.clone(), stream_id.clone()]);
    assert_eq!(api.post(&publish, json!({"videoType": "hologram"})).await.status, 400);
    assert_eq!(api.post(format!("/_test/session/{sid}/connection/nobody/stream"), json!({})).await.status, 404);
    let subscriber = api.server.connect_client(&sid, &api.token(&sid, "subscriber")).unwrap();
    let refused =
        api.post(format!("/_test/session/{sid}/connection/{}/stream", subscriber.connection_id), json!({})).await;
    assert_eq!(refused.status, 403, "{}", refused.text);

    assert_eq!(api.delete(format!("/_test/session/{sid}/stream/{stream_id}")).await.status, 204);
    assert_eq!(api.delete(format!("/_test/session/{sid}/stream/{stream_id}")).await.status, 404);
    assert_eq!(api.server.session(&sid).unwrap().stream_ids, [client.stream_id]);
}

#[tokio::test]
async fn the_control_api_mints_client_tokens_the_server_accepts() {
    let api = Api::new().await;
    let sid = api.routed_session().await;
    let minted = api.post(format!("/_test/session/{sid}/token"), json!({"role": "moderator", "data": "d"})).await;
    assert_eq!(minted.status, 200, "{}", minted.text);
    let client = api.server.connect_client(&sid, minted.json["token"].as_str().unwrap()).unwrap();
    let info = api.server.session(&sid).unwrap();
    assert_eq!(info.connections[0].connection_id, client.connection_id);
    assert_eq!((info.connections[0].role.as_str(), info.connections[0].data.as_deref()), ("moderator", Some("d")));
    let bad_role = api.post(format!("/_test/session/{sid}/token"), json!({"role": "admin"})).await;
    assert_eq!(bad_role.status, 400);
    assert!(bad_role.json["message"].as_str().unwrap().contains("role"), "{}", bad_role.text);
    assert_eq!(api.post("/_test/session/1_unknown/token", json!({})).await.status, 404);

    // An application this server made itself: RS256 tokens, signed with its private key.
    let app = crate::application::App::start().await;
    let sid = app.routed_session().await;
    let control = Api { server: app.server.clone(), http: reqwest::Client::new() };
    let minted = control.post(format!("/_test/session/{sid}/token"), json!({})).await.json;
    assert!(app.server.connect_client(&sid, minted["token"].as_str().unwrap()).is_ok(), "{minted}");
}
