use opentok_test_server::{verify_client_token, TokenFormat};
use serde_json::json;

use crate::common::{client_jwt, now, sign_jwt, t1_token, Api};

const KEY: &str = "12345678";
const SECRET: &str = "0123456789abcdef0123456789abcdef01234567";
const SID: &str = "1_MX4xMjM0NTY3OH5-MTcwMDAwMDAwMDAwMH5hYmN-";

/// A T1 data string as the Node SDK encodes it (encodeURIComponent-style).
fn node_data(expire: i64) -> String {
    format!(
        "session_id={SID}&create_time=1700000000&nonce=0.5&role=moderator&expire_time={expire}\
         &connection_data=name%3DJohnny%20%26%20%F0%9F%98%80&initial_layout_class_list=focus%20inactive&scope=session.connect"
    )
}

#[test]
fn t1_verifies_and_decodes() {
    let t = 1_700_000_000;
    let token = t1_token(KEY, SECRET, &node_data(t + 3600));
    let info = verify_client_token(&token, KEY, SECRET, t).unwrap();
    assert_eq!(info.format, TokenFormat::T1);
    assert_eq!(info.session_id, SID);
    assert_eq!(info.role, "moderator");
    assert_eq!(info.expire_time, Some(t + 3600));
    assert_eq!(info.create_time, Some(1_700_000_000));
    assert_eq!(info.nonce, "0.5");
    assert_eq!(info.connection_data.as_deref(), Some("name=Johnny & 😀"));
    assert_eq!(info.initial_layout_class_list.as_deref(), Some("focus inactive"));

    // Any key order, no expire_time (server default), and the Java SDK's URL-safe base64.
    let minimal = format!("role=publisher&nonce=abc&session_id={SID}&create_time=1700000000");
    assert!(verify_client_token(&t1_token(KEY, SECRET, &minimal), KEY, SECRET, t).is_ok());
    let url_safe = t1_token(KEY, SECRET, &node_data(t + 60)).replace('+', "-").replace('/', "_");
    assert!(verify_client_token(&url_safe, KEY, SECRET, t).is_ok());
}

#[test]
fn t1_rejections() {
    let t = 1_700_000_000;
    let reject = |token: String| verify_client_token(&token, KEY, SECRET, t).unwrap_err();
    assert!(reject(t1_token(KEY, &"a".repeat(40), &node_data(t + 60))).contains("signature"));
    assert!(reject(t1_token("87654321", SECRET, &node_data(t + 60))).contains("partner_id"));
    assert_eq!(reject(t1_token(KEY, SECRET, &node_data(t - 1))), "Token expired");
    assert!(reject(t1_token(KEY, SECRET, &node_data(t + 60).replace("moderator", "admin"))).contains("role"));
    assert!(reject(t1_token(KEY, SECRET, &node_data(t + 60).replace("session.connect", "x"))).contains("scope"));
    assert!(reject("T1==!!!".into()).starts_with("Invalid token format"));
    assert!(reject("T1==".into()).starts_with("Invalid token format"));
    // Flip one character of the data: the signature no longer matches.
    let good = t1_token(KEY, SECRET, &node_data(t + 60));
    let raw = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &good[4..]).unwrap();
    let tampered = String::from_utf8(raw).unwrap().replace("role=moderator", "role=publisher");
    let forged = format!("T1=={}", base64::Engine::encode(&base64::engine::general_purpose::STANDARD, tampered));
    assert!(reject(forged).contains("signature"));
}

#[test]
fn jwt_verifies_and_decodes() {
    let t = now();
    let info = verify_client_token(&client_jwt(KEY, SECRET, SID, "subscriber"), KEY, SECRET, t).unwrap();
    assert_eq!(info.format, TokenFormat::Jwt);
    assert_eq!(info.session_id, SID);
    assert_eq!(info.role, "subscriber");
    assert_eq!(info.nonce, "0.5");
    assert_eq!(info.expire_time, Some(t + 86400));
    assert_eq!(info.initial_layout_class_list.as_deref(), Some(""));

    // Ruby/PHP style: no exp, string nonce, numeric iss.
    let ruby = sign_jwt(
        &json!({"iss": 12345678, "ist": "project", "iat": t, "session_id": SID, "nonce": "n", "role": "publisher",
                "scope": "session.connect", "connection_data": "d"}),
        SECRET,
    );
    let info = verify_client_token(&ruby, KEY, SECRET, t).unwrap();
    assert_eq!((info.expire_time, info.connection_data.as_deref()), (None, Some("d")));
}

#[test]
fn jwt_rejections() {
    let t = now();
    let reject = |token: String| verify_client_token(&token, KEY, SECRET, t).unwrap_err();
    assert_eq!(reject(client_jwt(KEY, &"b".repeat(40), SID, "publisher")), "Invalid signature");
    assert!(reject(client_jwt("99999999", SECRET, SID, "publisher")).starts_with("Invalid issuer"));
    assert!(reject(client_jwt(KEY, SECRET, SID, "owner")).contains("role"));
    let expired = sign_jwt(
        &json!({"iss": KEY, "ist": "project", "iat": t - 100, "exp": t - 10, "session_id": SID, "role": "publisher"}),
        SECRET,
    );
    assert_eq!(reject(expired), "Token expired");
    let no_session = sign_jwt(&json!({"iss": KEY, "ist": "project", "iat": t, "role": "publisher"}), SECRET);
    assert!(reject(no_session).contains("session_id"));
    assert!(reject("garbage".into()).starts_with("Invalid token format"));
}

#[tokio::test]
async fn connect_through_rust_api_and_control_api() {
    let api = Api::new().await;
    let sid = api.routed_session().await;

    // T1 publisher through the Rust API gets a camera stream with the token's classes.
    let data = format!(
        "session_id={sid}&create_time={t}&nonce=1&role=publisher&expire_time={e}&initial_layout_class_list=full%20focus",
        t = now(),
        e = now() + 60
    );
    let client = api.server.connect_client(&sid, &t1_token(api.key(), api.secret(), &data)).unwrap();
    let stream = api.server.stream(&sid, &client.stream_id).unwrap();
    assert_eq!(stream.connection_id, client.connection_id);
    assert_eq!(stream.video_type.as_deref(), Some("camera"));
    assert_eq!(stream.layout_class_list, ["full", "focus"]);

    // Subscribers publish nothing.
    let sub = api.server.connect_client(&sid, &api.token(&sid, "subscriber")).unwrap();
    assert!(sub.stream_id.is_empty());
    let info = api.server.session(&sid).unwrap();
    assert_eq!(info.connections.len(), 2);
    assert_eq!(info.stream_ids, std::slice::from_ref(&client.stream_id));

    // A token for another session, and an unknown session.
    let other = api.routed_session().await;
    let err = api.server.connect_client(&sid, &api.token(&other, "publisher")).unwrap_err();
    assert_eq!(err.status, 403);
    assert_eq!(api.server.connect_client("1_nope", &api.token("1_nope", "publisher")).unwrap_err().status, 404);

    // The same over HTTP.
    let url = |s: &str| format!("{}/_test/session/{s}/connection", api.server.url());
    let resp = api.http.post(url(&sid)).json(&json!({"token": api.token(&sid, "moderator")})).send().await.unwrap();
    let reply = Api::reply(resp).await;
    assert_eq!(reply.status, 200);
    let cid = reply.json["connectionId"].as_str().unwrap().to_string();
    assert!(reply.json["streamId"].is_string());
    let resp = api.http.post(url(&sid)).json(&json!({"token": api.token(&sid, "subscriber")})).send().await.unwrap();
    assert!(Api::reply(resp).await.json["streamId"].is_null());
    let resp = api.http.post(url(&sid)).json(&json!({"token": api.token(&other, "publisher")})).send().await.unwrap();
    let reply = Api::reply(resp).await;
    assert_eq!(reply.status, 403);
    assert!(reply.json["code"].is_number() && reply.json["message"].is_string());
    let resp = api.http.post(url("1_x")).json(&json!({"token": "T1==abc"})).send().await.unwrap();
    assert_eq!(resp.status(), 404);

    let leave = format!("{}/{cid}", url(&sid));
    assert_eq!(api.http.delete(&leave).send().await.unwrap().status(), 204);
    assert_eq!(api.http.delete(&leave).send().await.unwrap().status(), 404);
    assert!(api.server.disconnect_client(&sid, &client.connection_id));
    assert!(api.server.stream(&sid, &client.stream_id).is_none());
    assert!(!api.server.disconnect_client(&sid, &client.connection_id));
    // Nothing of this was recorded: only the two session creations.
    assert_eq!(api.server.requests().len(), 2);
}
