//! Ids in request paths: a `{param}` that is not one segment of id characters (ASCII letters, digits, `-`,
//! `_`, `~`), whether sent raw (`..`, which no URL parser removed) or percent-encoded, is refused with 400
//! and the platform's error body before anything is looked up or changed. Sent on raw connections, so that
//! no client library normalizes the path first.

use crate::common::{raw, rest_jwt, Api};

/// A raw request with the project's auth; `body` as JSON when given.
fn request(api: &Api, method: &str, path: &str, body: Option<&str>) -> Vec<u8> {
    let auth = rest_jwt(api.key(), api.secret());
    let body = body.unwrap_or("");
    format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-OPENTOK-AUTH: {auth}\r\nAccept: \
         application/json\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[tokio::test]
async fn ids_that_are_not_id_characters_are_refused_with_400() {
    let api = Api::new().await;
    let addr = api.server.addr();
    let (sid, client) = api.live_session().await;
    let hostile = ["..", ".", "%2e%2e", "%2E", "a%2Fb", "%5C", "%00", "a%20b", "caf%C3%A9", "a.b", "%3F", "%23"];
    for bad in hostile {
        let cases = [
            ("POST", format!("/session/{sid}/connection/{bad}/signal"), Some(r#"{"type":"t","data":"d"}"#)),
            ("POST", format!("/session/{bad}/mute"), Some(r#"{"active":true}"#)),
            ("POST", format!("/session/{sid}/stream/{bad}/mute"), Some("{}")),
            ("GET", format!("/archive/{bad}"), None),
            ("POST", format!("/archive/{bad}/stop"), None),
            ("GET", format!("/broadcast/{bad}"), None),
            ("DELETE", format!("/archive/{bad}"), None),
            ("GET", format!("/render/{bad}"), None),
            ("POST", format!("/captions/{bad}/stop"), None),
            ("GET", format!("/session/{bad}/connection"), None),
            ("POST", format!("/session/{bad}/migrate"), None),
        ];
        for (method, rest, body) in cases {
            let path = api.p(&rest);
            let reply = raw(addr, &request(&api, method, &path, body)).await.expect("an answer");
            reply.assert_platform_error(400);
            let message = reply.json["message"].as_str().unwrap_or_default();
            assert!(message.contains("in the request path"), "{method} {path}: {message}");
        }
    }
    // Nothing reached a handler: no signal was sent and the client's stream is not muted.
    assert!(api.server.signals().is_empty(), "{:?}", api.server.signals());
    let stream = api.server.stream(&sid, &client.stream_id).expect("the client's stream");
    assert!(!stream.audio_muted, "{stream:?}");

    // Genuine ids pass the check and reach their handlers (unknown ones as 404).
    let reply = raw(addr, &request(&api, "GET", &api.p("/archive/b40ef09b-3811-4726-b508-e41a0f96c68f"), None)).await;
    reply.expect("an answer").assert_platform_error(404);
    let signal = format!("/session/{sid}/connection/{}/signal", client.connection_id);
    let reply = raw(addr, &request(&api, "POST", &api.p(&signal), Some(r#"{"type":"t","data":"d"}"#))).await;
    assert_eq!(reply.expect("an answer").status, 204);
}
