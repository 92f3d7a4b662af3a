//! The callbacks of broadcasts, Experience Composers, Live Captions and session notifications: each
//! status change POSTs the platform's payload (platform-2026.md §3.2, 3.5–3.7), signed with the kind's
//! secret when one is set, in both account modes; nothing goes to a kind without a URL, except a
//! captioning's own `statusCallbackUrl`.

use std::time::Duration;

use opentok_test_server::{CallbackTarget, TestServer};
use reqwest::Method;
use serde_json::{json, Value};
use tokio::sync::mpsc::UnboundedReceiver;

use crate::application::App;
use crate::callbacks::{check_signature, next, receiver, Received};
use crate::common::Api;

const SECRET: &str = "status-secret";

/// Sends `kind` to a new receiver, signed with [`SECRET`].
async fn hook(server: &TestServer, kind: &str) -> UnboundedReceiver<Received> {
    let (url, got) = receiver(200).await;
    server.set_callback(kind, Some(CallbackTarget { url, secret: Some(SECRET.into()) })).unwrap();
    got
}

/// The next callback, checked as signed with [`SECRET`] for `account` (`api_key` or `application_id`).
async fn signed(got: &mut UnboundedReceiver<Received>, account: (&str, &str)) -> Value {
    let received = next(got).await;
    let claims = check_signature(received.authorization.as_deref().expect("signed"), &received.body, SECRET);
    assert_eq!(claims[account.0], account.1, "{claims}");
    received.json()
}

/// Nothing more arrives for a while.
async fn quiet(got: &mut UnboundedReceiver<Received>) {
    let more = tokio::time::timeout(Duration::from_millis(400), got.recv()).await;
    assert!(more.is_err(), "unexpected callback: {:?}", more.ok().flatten().map(|r| r.json()));
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

#[tokio::test]
async fn broadcasts_report_start_stop_and_failure_with_the_rest_object() {
    let api = Api::new().await;
    let mut got = hook(&api.server, "broadcast_status").await;
    let account = ("api_key", api.key());
    let (sid, _client) = api.live_session().await;
    let start = json!({"sessionId": sid, "outputs": {"hls": {}}, "maxDuration": 3600});
    let started = api.post(api.p("/broadcast"), start.clone()).await;
    assert_eq!(started.status, 200, "{}", started.text);
    let payload = signed(&mut got, account).await;
    assert_eq!(payload, started.json, "the callback carries the Broadcast as the start answered it");
    assert_eq!((payload["event"].as_str(), payload["status"].as_str()), (Some("broadcast"), Some("started")));
    assert_eq!(
        (payload["projectId"].as_str(), payload["partnerId"].as_u64()),
        (Some(api.key()), api.key().parse().ok())
    );

    let id = started.json["id"].as_str().unwrap();
    api.get(api.p(&format!("/broadcast/{id}"))).await; // a read changes no status: no callback
    let stopped = api.post(api.p(&format!("/broadcast/{id}/stop")), json!({})).await;
    assert_eq!(stopped.status, 200);
    let payload = signed(&mut got, account).await;
    assert_eq!(payload, stopped.json);
    assert_eq!((payload["status"].as_str(), payload["reason"].as_str()), (Some("stopped"), Some("user initiated")));

    let again = api.post(api.p("/broadcast"), start).await.json;
    let id = again["id"].as_str().unwrap();
    assert_eq!(signed(&mut got, account).await["status"], "started");
    let fail = api.call(Method::POST, format!("/_test/broadcast/{id}/failure"), None).await;
    assert_eq!(fail.status, 204, "{}", fail.text);
    let payload = signed(&mut got, account).await;
    assert_eq!((payload["status"].as_str(), payload["reason"].as_str()), (Some("failed"), Some("forceDisconnected")));
    assert_eq!(payload["broadcastUrls"]["hlsStatus"], "ended");
    assert_eq!(payload["id"], id);
    assert_eq!(api.call(Method::POST, format!("/_test/broadcast/{id}/failure"), None).await.status, 404);
    assert_eq!(api.call(Method::POST, "/_test/broadcast/nope/failure", None).await.status, 404);

    // A timer's stop is reported when a request notices it.
    let third =
        api.post(api.p("/broadcast"), json!({"sessionId": sid, "outputs": {"hls": {}}, "maxDuration": 60})).await;
    assert_eq!(signed(&mut got, account).await["status"], "started");
    api.server.advance_broadcast_clock(Duration::from_secs(61));
    api.get(api.p(&format!("/broadcast/{}", third.json["id"].as_str().unwrap()))).await;
    let payload = signed(&mut got, account).await;
    assert_eq!((payload["status"].as_str(), payload["reason"].as_str()), (Some("stopped"), Some("maxDuration")));
    quiet(&mut got).await;
}

#[tokio::test]
async fn experience_composers_report_started_stopped_and_failed() {
    let api = Api::new().await;
    let mut got = hook(&api.server, "render_status").await;
    let account = ("api_key", api.key());
    let (sid, _client) = api.live_session().await;
    let start = json!({"sessionId": sid, "token": api.token(&sid, "publisher"), "url": "https://example.com/board",
        "properties": {"name": "Board"}, "statusCallbackUrl": "http://127.0.0.1:9/never-called"});
    let render = api.post(api.p("/render"), start.clone()).await;
    assert_eq!(render.status, 202, "{}", render.text);
    let id = render.json["id"].as_str().unwrap();
    quiet(&mut got).await; // `starting` is not reported

    let read = api.get(api.p(&format!("/render/{id}"))).await.json;
    let payload = signed(&mut got, account).await;
    assert_eq!(payload, read, "the Render object as the REST API shows it");
    assert_eq!(payload["status"], "started");
    assert!(payload["streamId"].as_str().is_some_and(|s| !s.is_empty()), "{payload}");
    assert_eq!(payload["projectId"], api.key());
    assert!(payload.get("event").is_none(), "the platform sends no event member: {payload}");
    assert_eq!(
        keys(&payload),
        [
            "callbackUrl",
            "createdAt",
            "id",
            "name",
            "projectId",
            "resolution",
            "sessionId",
            "status",
            "streamId",
            "updatedAt",
            "url"
        ]
    );

    assert_eq!(api.delete(api.p(&format!("/render/{id}"))).await.status, 204);
    let payload = signed(&mut got, account).await;
    assert_eq!((payload["status"].as_str(), payload["reason"].as_str()), (Some("stopped"), Some("Stop Requested")));
    assert_eq!(payload["id"], id);

    // Started and stopped within one request (the stop is the first read): both are reported, in order.
    let quick = api.post(api.p("/render"), start.clone()).await.json;
    let quick = quick["id"].as_str().unwrap();
    assert_eq!(api.delete(api.p(&format!("/render/{quick}"))).await.status, 204);
    assert_eq!(signed(&mut got, account).await["status"], "started");
    assert_eq!(signed(&mut got, account).await["status"], "stopped");

    let doomed = api.post(api.p("/render"), start.clone()).await.json;
    let doomed = doomed["id"].as_str().unwrap();
    api.get(api.p(&format!("/render/{doomed}"))).await;
    assert_eq!(signed(&mut got, account).await["status"], "started");
    let fail = api
        .call(Method::POST, format!("/_test/render/{doomed}/failure"), Some(json!({"reason": "Page crashed"})))
        .await;
    assert_eq!(fail.status, 204, "{}", fail.text);
    let payload = signed(&mut got, account).await;
    assert_eq!((payload["status"].as_str(), payload["reason"].as_str()), (Some("failed"), Some("Page crashed")));
    assert_eq!(api.call(Method::POST, format!("/_test/render/{doomed}/failure"), None).await.status, 404);
    let bad = api.call(Method::POST, format!("/_test/render/{doomed}/failure"), Some(json!({"reason": 5}))).await;
    assert_eq!(bad.status, 400);

    let timed = api.post(api.p("/render"), start).await.json;
    let timed = timed["id"].as_str().unwrap();
    api.get(api.p(&format!("/render/{timed}"))).await;
    assert_eq!(signed(&mut got, account).await["status"], "started");
    api.server.advance_clock(Duration::from_secs(7201));
    api.get(api.p(&format!("/render/{timed}"))).await;
    let payload = signed(&mut got, account).await;
    assert_eq!(
        (payload["status"].as_str(), payload["reason"].as_str()),
        (Some("stopped"), Some("Max Duration Exceeded"))
    );
    quiet(&mut got).await;
}

#[tokio::test]
async fn live_captions_report_their_status_to_the_kind_or_their_own_url() {
    let api = Api::new().await;
    let mut got = hook(&api.server, "captions_status").await;
    let account = ("api_key", api.key());
    let (sid, _client) = api.live_session().await;
    let start = |sid: &str| json!({"sessionId": sid, "token": api.token(sid, "moderator"), "languageCode": "fr-FR"});
    let started = api.post(api.p("/captions"), start(&sid)).await;
    assert_eq!(started.status, 202, "{}", started.text);
    let id = started.json["captionsId"].as_str().unwrap();
    let payload = signed(&mut got, account).await;
    assert_eq!(
        keys(&payload),
        [
            "applicationId",
            "captionId",
            "createdAt",
            "duration",
            "languageCode",
            "provider",
            "sessionId",
            "status",
            "updatedAt"
        ]
    );
    assert_eq!(payload["captionId"], id, "the singular key, unlike the REST captionsId");
    assert_eq!(payload["applicationId"], api.key(), "an OpenTok project's API key, as text");
    assert_eq!((payload["sessionId"].as_str(), payload["status"].as_str()), (Some(sid.as_str()), Some("started")));
    assert_eq!(
        (payload["languageCode"].as_str(), payload["provider"].as_str()),
        (Some("fr-FR"), Some("aws-transcribe"))
    );
    assert_eq!(payload["duration"], 0);
    assert!(payload["createdAt"].is_i64() && payload["createdAt"] == payload["updatedAt"]);

    api.server.advance_clock(Duration::from_secs(90));
    assert_eq!(api.post(api.p(&format!("/captions/{id}/stop")), json!({})).await.status, 202);
    let payload = signed(&mut got, account).await;
    assert_eq!((payload["status"].as_str(), payload["reason"].as_str()), (Some("stopped"), Some("Stop Requested")));
    assert_eq!(payload["duration"], 90);

    // A start's statusCallbackUrl takes the kind's place: it is called even with no captions_status URL.
    api.server.set_callback("captions_status", None).unwrap();
    let (own_url, mut own) = receiver(200).await;
    let mut with_url = start(&sid);
    with_url["statusCallbackUrl"] = json!(own_url);
    let second = api.post(api.p("/captions"), with_url).await;
    assert_eq!(second.status, 202, "{}", second.text);
    let second = second.json["captionsId"].as_str().unwrap();
    let received = next(&mut own).await;
    assert!(received.authorization.is_none(), "no secret set for captions_status: unsigned");
    assert_eq!(
        (received.json()["captionId"].as_str(), received.json()["status"].as_str()),
        (Some(second), Some("started"))
    );
    assert!(api.server.fail_captions(second, "Engine failure"));
    let failed = next(&mut own).await.json();
    assert_eq!((failed["status"].as_str(), failed["reason"].as_str()), (Some("failed"), Some("Engine failure")));
    assert!(!api.server.fail_captions(second, "again"), "only a running captioning fails");
    assert_eq!(api.call(Method::POST, format!("/_test/captions/{second}/failure"), None).await.status, 404);
    quiet(&mut got).await;
    quiet(&mut own).await;
    let listed = api.server.callbacks();
    assert_eq!(listed.iter().filter(|c| c.url == own_url).count(), 2, "{listed:#?}");

    // An https:// status URL is not called (plain HTTP only): the kind's URL gets the callbacks.
    let mut kind_again = hook(&api.server, "captions_status").await;
    let mut with_https = start(&sid);
    with_https["statusCallbackUrl"] = json!("https://example.com/captions");
    let third = api.post(api.p("/captions"), with_https).await;
    assert_eq!(third.status, 202, "{}", third.text);
    let payload = signed(&mut kind_again, account).await;
    assert_eq!(payload["captionId"], third.json["captionsId"]);
    assert!(api.server.callbacks().iter().all(|c| c.url.starts_with("http://")));
}

#[tokio::test]
async fn session_notifications_are_sent_when_asked() {
    let api = Api::new().await;
    let mut got = hook(&api.server, "session_notification").await;
    let (sid, _client) = api.live_session().await;
    let sent = api.call(Method::POST, format!("/_test/session/{sid}/notification"), None).await;
    assert_eq!(sent.status, 204, "{}", sent.text);
    let payload = signed(&mut got, ("api_key", api.key())).await;
    assert_eq!(keys(&payload), ["event", "projectId", "reason", "sessionId", "timestamp"]);
    assert_eq!(
        (payload["event"].as_str(), payload["reason"].as_str()),
        (Some("sessionNotification"), Some("serverRotation"))
    );
    assert_eq!((payload["sessionId"].as_str(), payload["projectId"].as_str()), (Some(sid.as_str()), Some(api.key())));
    assert!(payload["timestamp"].is_i64());

    api.server.notify_session(&sid, "maintenance").unwrap();
    assert_eq!(signed(&mut got, ("api_key", api.key())).await["reason"], "maintenance");
    let custom =
        api.call(Method::POST, format!("/_test/session/{sid}/notification"), Some(json!({"reason": "x"}))).await;
    assert_eq!(custom.status, 204);
    assert_eq!(next(&mut got).await.json()["reason"], "x");

    assert_eq!(api.call(Method::POST, "/_test/session/nope/notification", None).await.status, 404);
    assert_eq!(api.server.notify_session("nope", "serverRotation").unwrap_err().status, 404);
    let empty = api.routed_session().await;
    let refused = api.call(Method::POST, format!("/_test/session/{empty}/notification"), None).await;
    assert_eq!(refused.status, 409, "no client, no server to rotate: {}", refused.text);
    quiet(&mut got).await;
}

#[tokio::test]
async fn kinds_without_a_url_are_not_sent() {
    let api = Api::new().await;
    let (url, mut got) = receiver(200).await;
    api.server.set_callback("session_notification", Some(CallbackTarget { url, secret: None })).unwrap();
    let (sid, _client) = api.live_session().await;
    let broadcast = api.post(api.p("/broadcast"), json!({"sessionId": sid, "outputs": {"hls": {}}})).await.json;
    api.post(api.p(&format!("/broadcast/{}/stop", broadcast["id"].as_str().unwrap())), json!({})).await;
    let render = api
        .post(
            api.p("/render"),
            json!({"sessionId": sid, "token": api.token(&sid, "publisher"), "url": "https://example.com/x"}),
        )
        .await
        .json;
    api.get(api.p(&format!("/render/{}", render["id"].as_str().unwrap()))).await;
    let captions =
        api.post(api.p("/captions"), json!({"sessionId": sid, "token": api.token(&sid, "moderator")})).await.json;
    api.post(api.p(&format!("/captions/{}/stop", captions["captionsId"].as_str().unwrap())), json!({})).await;
    api.server.notify_session(&sid, "serverRotation").unwrap();
    let received = next(&mut got).await;
    assert!(received.authorization.is_none(), "no secret, no signature");
    assert_eq!(received.json()["event"], "sessionNotification");
    quiet(&mut got).await;
    let kinds: Vec<String> = api.server.callbacks().into_iter().map(|c| c.kind).collect();
    assert_eq!(kinds, ["session_notification"]);
}

#[tokio::test]
async fn application_mode_names_the_application_in_every_new_callback() {
    let app = App::start().await;
    let account = ("application_id", app.id());
    let mut hooks = Vec::new();
    for kind in ["broadcast_status", "render_status", "captions_status", "session_notification"] {
        hooks.push(hook(&app.server, kind).await);
    }
    let [broadcasts, renders, captions, notes] = &mut hooks[..] else { unreachable!() };
    let sid = app.routed_session().await;
    app.server.connect_client(&sid, &app.client_token(&sid, "publisher")).unwrap();

    let (status, broadcast) =
        app.call(Method::POST, "/broadcast", Some(json!({"sessionId": sid, "outputs": {"hls": {}}}))).await;
    assert_eq!(status, 200, "{broadcast}");
    let payload = signed(broadcasts, account).await;
    assert_eq!(payload, broadcast);
    assert_eq!(payload["applicationId"], app.id());
    assert!(payload.get("projectId").is_none() && payload.get("partnerId").is_none(), "{payload}");

    let start = json!({"sessionId": sid, "token": app.client_token(&sid, "publisher"), "url": "https://example.com/x"});
    let (status, render) = app.call(Method::POST, "/render", Some(start)).await;
    assert_eq!(status, 202, "{render}");
    let (_, read) = app.call(Method::GET, &format!("/render/{}", render["id"].as_str().unwrap()), None).await;
    let payload = signed(renders, account).await;
    assert_eq!(payload, read);
    assert_eq!(payload["applicationId"], app.id());
    assert!(payload.get("projectId").is_none(), "{payload}");

    let start = json!({"sessionId": sid, "token": app.client_token(&sid, "moderator")});
    let (status, _) = app.call(Method::POST, "/captions", Some(start)).await;
    assert_eq!(status, 202);
    let payload = signed(captions, account).await;
    assert_eq!(payload["applicationId"], app.id());

    app.server.notify_session(&sid, "serverRotation").unwrap();
    let payload = signed(notes, account).await;
    assert_eq!(keys(&payload), ["applicationId", "event", "reason", "sessionId", "timestamp"]);
    assert_eq!(payload["applicationId"], app.id());
}
