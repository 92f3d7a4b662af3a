//! The inspector's snapshot (`GET /_inspector/state`) and assets over plain HTTP (no browser): what the
//! page is given, its bounds, its security headers, and that the inspector's own requests are neither
//! recorded nor faulted.

use serde_json::json;

use crate::common::{sign_jwt, Api};
use opentok_test_server::CallbackTarget;

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
    // Bodies are not in the poll, only their sizes.
    assert!(requests[1].get("body").is_none() && requests[1]["requestBytes"].as_u64().unwrap() > 0, "{}", requests[1]);
}

#[tokio::test]
async fn a_requests_bodies_come_on_demand_with_its_credential_withheld() {
    let api = Api::new().await;
    let (sid, _client) = api.live_session().await;
    let archive = api.post(api.p("/archive"), json!({"sessionId": sid, "name": "<script>alert(1)</script>"})).await;
    assert_eq!(archive.status, 200, "{}", archive.text);
    let state = api.get("/_inspector/state").await.json;
    let seq = state["requests"]["items"][0]["seq"].as_u64().unwrap();
    assert_eq!(state["requests"]["items"][0]["responseBytes"], archive.text.len());

    let detail = api.get(format!("/_inspector/request/{seq}")).await;
    assert_eq!(detail.status, 200, "{}", detail.text);
    let request_body: serde_json::Value =
        serde_json::from_str(detail.json["requestBody"]["text"].as_str().unwrap()).unwrap();
    assert_eq!(request_body, json!({"sessionId": sid, "name": "<script>alert(1)</script>"}));
    assert_eq!(detail.json["responseBody"]["text"], archive.text.as_str());
    assert_eq!(detail.json["responseBody"]["truncated"], false);
    assert_eq!(detail.json["status"], 200);
    // The credential's claims are in the poll, decoded; its raw value is in neither.
    let recorded = api.server.requests().pop().unwrap();
    let jwt = recorded.header("x-opentok-auth").unwrap().to_string();
    assert_eq!(detail.json["headers"]["x-opentok-auth"], "(withheld: a credential)");
    assert!(!detail.text.contains(&jwt) && !api.get("/_inspector/state").await.text.contains(&jwt));

    // A body over 16 KiB is cut, and says so; a request the log no longer holds is a 404.
    let long = "x".repeat(20_000);
    let signal = api.post(api.p(&format!("/session/{sid}/signal")), json!({"type": "t", "data": long})).await;
    let seq = api.get("/_inspector/state").await.json["requests"]["items"][0]["seq"].as_u64().unwrap();
    let detail = api.get(format!("/_inspector/request/{seq}")).await.json;
    assert_eq!(detail["requestBody"]["truncated"], true, "signal answered {}", signal.status);
    assert_eq!(detail["requestBody"]["text"].as_str().unwrap().len(), 16 * 1024);
    assert!(detail["requestBody"]["bytes"].as_u64().unwrap() > 20_000);
    assert_eq!(api.get("/_inspector/request/999999").await.status, 404);
    assert_eq!(api.get("/_inspector/request/not-a-number").await.status, 404);
}

#[tokio::test]
async fn every_status_a_request_moves_a_record_through_is_in_its_history() {
    let api = Api::new().await;
    let (sid, _client) = api.live_session().await;
    let token = api.token(&sid, "publisher");
    // One request takes a starting Experience Composer through `started` to `failed`.
    let render =
        api.post(api.p("/render"), json!({"sessionId": sid, "token": token, "url": "https://example.com/"})).await;
    assert_eq!(render.status, 202, "{}", render.text);
    let render_id = render.json["id"].as_str().unwrap();
    assert_eq!(api.post(format!("/_test/render/{render_id}/failure"), json!({})).await.status, 204);
    // An archive stopped, then read (`available`), then forced to `expired`.
    let archive = api.post(api.p("/archive"), json!({"sessionId": sid})).await;
    let archive_id = archive.json["id"].as_str().unwrap();
    assert_eq!(api.post(api.p(&format!("/archive/{archive_id}/stop")), json!({})).await.status, 200);
    assert_eq!(api.get(api.p(&format!("/archive/{archive_id}"))).await.json["status"], "available");
    assert!(api.server.expire_archive(archive_id));

    let state = api.get("/_inspector/state").await.json;
    let statuses = |record: &serde_json::Value| -> Vec<String> {
        record["history"].as_array().unwrap().iter().map(|h| h["status"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(statuses(&state["world"]["renders"]["items"][0]), ["starting", "started", "failed"]);
    assert_eq!(statuses(&state["world"]["archives"]["items"][0]), ["started", "stopped", "available", "expired"]);
    let times: Vec<i64> = state["world"]["renders"]["items"][0]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["at"].as_i64().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
}

#[tokio::test]
async fn the_newest_fifty_sessions_are_shown_and_a_filter_finds_any() {
    let api = Api::new().await;
    let mut made = Vec::new();
    for _ in 0..53 {
        made.push(api.routed_session().await);
    }
    let state = api.get("/_inspector/state").await.json;
    let sessions = &state["world"]["sessions"];
    assert_eq!((sessions["total"].as_u64(), sessions["matching"].as_u64()), (Some(53), Some(53)));
    let shown: Vec<&str> = sessions["items"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    let newest: Vec<&str> = made.iter().rev().take(50).map(String::as_str).collect();
    assert_eq!(shown, newest, "the newest 50, newest first");
    // The same on every poll.
    assert_eq!(api.get("/_inspector/state").await.json["world"]["sessions"], *sessions);

    // The oldest is found by a part of its id (the query is trimmed).
    let oldest = &made[0];
    let part = &oldest[oldest.len() - 12..];
    let filtered = api.get(format!("/_inspector/state?session=%20{part}%20")).await.json;
    let sessions = &filtered["world"]["sessions"];
    assert_eq!(sessions["items"].as_array().unwrap().len(), 1, "{sessions}");
    assert_eq!((sessions["items"][0]["id"].as_str(), sessions["filter"].as_str()), (Some(oldest.as_str()), Some(part)));
    assert_eq!((sessions["matching"].as_u64(), sessions["total"].as_u64()), (Some(1), Some(53)));
    let none = api.get("/_inspector/state?session=no-such-session").await.json;
    assert_eq!(none["world"]["sessions"]["matching"], 0);
}

#[tokio::test]
async fn unpublishing_gives_the_reason_asked_in_stream_destroyed() {
    let api = Api::new().await;
    let (hooks, _got) = crate::callbacks::receiver(200).await;
    api.server.set_callback("stream_destroyed", Some(CallbackTarget { url: hooks, secret: None })).unwrap();
    let (sid, client) = api.live_session().await;
    let publish = format!("/_test/session/{sid}/connection/{}/stream", client.connection_id);
    let second = api.post(&publish, json!({})).await.json["streamId"].as_str().unwrap().to_string();
    let third = api.post(&publish, json!({})).await.json["streamId"].as_str().unwrap().to_string();
    let refused = api
        .call(
            reqwest::Method::DELETE,
            format!("/_test/session/{sid}/stream/{second}"),
            Some(json!({"reason": "bored"})),
        )
        .await;
    assert_eq!(refused.status, 400);
    assert!(refused.json["message"].as_str().unwrap().contains("forceUnpublished"), "{}", refused.text);
    assert_eq!(api.delete(format!("/_test/session/{sid}/stream/{}", client.stream_id)).await.status, 204);
    let forced = json!({"reason": "forceUnpublished"});
    let answer = api.call(reqwest::Method::DELETE, format!("/_test/session/{sid}/stream/{second}"), Some(forced)).await;
    assert_eq!(answer.status, 204, "{}", answer.text);
    let stopped = json!({"reason": "mediaStopped"});
    let answer = api.call(reqwest::Method::DELETE, format!("/_test/session/{sid}/stream/{third}"), Some(stopped)).await;
    assert_eq!(answer.status, 204, "{}", answer.text);
    let reasons = wait_for_reasons(&api, 3).await;
    assert_eq!(
        reasons,
        [
            (client.stream_id, "clientDisconnected".to_string()),
            (second, "forceUnpublished".to_string()),
            (third, "mediaStopped".to_string())
        ]
    );
}

/// The stream id and reason of each `stream_destroyed` callback sent, once there are `n`.
async fn wait_for_reasons(api: &Api, n: usize) -> Vec<(String, String)> {
    for _ in 0..200 {
        let sent: Vec<(String, String)> = api
            .server
            .callbacks()
            .into_iter()
            .filter(|c| c.kind == "stream_destroyed")
            .map(|c| (c.payload["stream"]["id"].as_str().unwrap().into(), c.payload["reason"].as_str().unwrap().into()))
            .collect();
        if sent.len() >= n {
            return sent;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("fewer than {n} stream_destroyed callbacks were sent");
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
