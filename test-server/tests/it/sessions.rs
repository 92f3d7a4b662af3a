use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::common::{rest_jwt, Api};

fn decode(session_id: &str) -> Vec<String> {
    let body = session_id.strip_prefix("1_").expect("1_ prefix");
    let raw = URL_SAFE_NO_PAD.decode(body).expect("URL-safe base64 without padding");
    String::from_utf8(raw).unwrap().split('~').map(str::to_string).collect()
}

#[tokio::test]
async fn create_routed_relayed_and_shape() {
    let api = Api::new().await;
    let reply = api.create_session_form(&[("p2p.preference", "enabled"), ("location", "10.1.2.3")]).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type.as_deref(), Some("application/json"));
    let items = reply.json.as_array().expect("a JSON array");
    assert_eq!(items.len(), 1);
    let s = &items[0];
    assert_eq!(s["project_id"], api.key());
    assert_eq!(s["partner_id"], api.key());
    assert_eq!(s["media_server_url"], "");
    assert!(s["create_dt"].as_str().is_some_and(|d| !d.is_empty()));
    let sid = s["session_id"].as_str().unwrap();
    let fields = decode(sid);
    assert_eq!(fields[0], "1");
    assert_eq!(fields[1], api.key());
    assert_eq!(fields[2], "10.1.2.3");
    assert!(fields[3].parse::<i64>().is_ok());
    let info = api.server.session(sid).unwrap();
    assert_eq!(info.media_mode, "relayed");
    assert_eq!(info.location.as_deref(), Some("10.1.2.3"));

    // Absent p2p.preference means routed (the platform's default).
    let sid = api.session_with(&[]).await;
    assert_eq!(api.server.session(&sid).unwrap().media_mode, "routed");
    let sid = api.routed_session().await;
    let info = api.server.session(&sid).unwrap();
    assert_eq!((info.media_mode.as_str(), info.archive_mode.as_str(), info.e2ee), ("routed", "manual", false));
    assert_eq!(decode(&sid)[2], "");
}

#[tokio::test]
async fn always_archive_and_e2ee_options() {
    let api = Api::new().await;
    let sid = api
        .session_with(&[
            ("archiveMode", "always"),
            ("archiveName", "auto-archive"),
            ("archiveResolution", "1280x720"),
            ("p2p.preference", "disabled"),
        ])
        .await;
    let info = api.server.session(&sid).unwrap();
    assert_eq!(info.archive_mode, "always");
    assert_eq!(info.archive_name.as_deref(), Some("auto-archive"));
    assert_eq!(info.archive_resolution.as_deref(), Some("1280x720"));

    let sid = api.session_with(&[("p2p.preference", "disabled"), ("e2ee", "true")]).await;
    assert!(api.server.session(&sid).unwrap().e2ee);
}

#[tokio::test]
async fn invalid_options_are_400() {
    let api = Api::new().await;
    let long = "x".repeat(81);
    let cases: Vec<Vec<(&str, &str)>> = vec![
        vec![("archiveMode", "always"), ("p2p.preference", "enabled")],
        vec![("archiveMode", "sometimes")],
        vec![("p2p.preference", "maybe")],
        vec![("location", "::1")],
        vec![("location", "localhost")],
        vec![("e2ee", "true"), ("p2p.preference", "enabled")],
        vec![("e2ee", "true"), ("archiveMode", "always")],
        vec![("e2ee", "yes")],
        vec![("archiveName", "name")],
        vec![("archiveMode", "always"), ("archiveName", "")],
        vec![("archiveMode", "always"), ("archiveName", &long)],
        vec![("archiveResolution", "1280x720")],
        vec![("archiveMode", "always"), ("archiveResolution", "1x1")],
    ];
    for fields in cases {
        let reply = api.create_session_form(&fields).await;
        assert_eq!(reply.status, 400, "{fields:?}: {}", reply.text);
        assert_eq!(reply.json["code"], 400);
        assert!(reply.json["message"].is_string());
    }
    // A JSON body is the wrong content type.
    let reply = Api::reply(
        api.http
            .post(format!("{}/session/create", api.server.url()))
            .header("X-OPENTOK-AUTH", rest_jwt(api.key(), api.secret()))
            .json(&serde_json::json!({"p2p.preference": "enabled"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, 400);
}

#[tokio::test]
async fn xml_without_accept_header() {
    let api = Api::new().await;
    let reply = Api::reply(
        api.http
            .post(format!("{}/session/create", api.server.url()))
            .header("X-OPENTOK-AUTH", rest_jwt(api.key(), api.secret()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body("p2p.preference=disabled")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(reply.status, 200);
    assert!(reply.text.contains("<sessions><Session><session_id>1_"), "{}", reply.text);
    assert!(reply.text.contains(&format!("<partner_id>{}</partner_id>", api.key())));
}

#[tokio::test]
async fn session_ids_contain_dash_and_underscore() {
    let api = Api::new().await;
    let (mut dash, mut underscore) = (false, false);
    for _ in 0..40 {
        let sid = api.routed_session().await;
        let body = &sid[2..];
        dash |= body.contains('-');
        underscore |= body.contains('_');
        assert!(!sid.contains('=') && !sid.contains('+') && !sid.contains('/'));
        assert_eq!(decode(&sid)[1], api.key());
    }
    assert!(dash && underscore, "dash {dash}, underscore {underscore}");
}

#[tokio::test]
async fn session_create_errors_follow_the_accept_header() {
    let api = Api::new().await;
    let url = format!("{}/session/create", api.server.url());
    // Without `Accept: application/json` the platform answers XML, errors included.
    let resp = api.http.post(&url).header("X-OPENTOK-AUTH", "bad").body("").send().await.unwrap();
    let reply = Api::reply(resp).await;
    assert_eq!((reply.status, reply.content_type.as_deref()), (403, Some("application/xml")));
    assert!(reply.text.contains("<errorPayload><code>-1</code><message>"), "{}", reply.text);
    let resp = api
        .http
        .post(&url)
        .header("X-OPENTOK-AUTH", rest_jwt(api.key(), api.secret()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("p2p.preference=sometimes")
        .send()
        .await
        .unwrap();
    let reply = Api::reply(resp).await;
    assert_eq!((reply.status, reply.content_type.as_deref()), (400, Some("application/xml")));
    assert!(reply.text.contains("<code>400</code>") && reply.text.contains("p2p.preference"), "{}", reply.text);
    // With it, JSON.
    let reply = api.create_session_form(&[("p2p.preference", "sometimes")]).await;
    assert_eq!((reply.status, reply.json["code"].as_i64()), (400, Some(400)));
}
