//! The official `@vonage/video` 1.31.1 (`tests/oracle/vonage.js`) on Live Captions, Experience Composer,
//! Audio Connector and archive transcription, against the test server in application mode: each call it
//! offers gets the platform's answer, and for the same options it sends the same JSON body as this SDK
//! (a differential check of our request bodies).
//!
//! Where @vonage/video is documented wrong, the test steps around the bug and says which:
//! - VONAGE-BUG-1: its `CaptionOptions.partialCaptions` is typed as the strings `'true'`/`'false'`; the
//!   platform takes a boolean, so the typed value is refused (400). A boolean goes through.
//! - VONAGE-BUG-2: `getCaptionStatus` calls `GET …/captions/{id}`, which the platform never implemented
//!   (deprecated on 2025-11-06): it fails.
//! - VONAGE-BUG-3: `disconnectWebsocket` calls `POST …/connect/{id}/stop`, which "no longer works"
//!   (deprecated on 2025-08-18): it fails (404); `disconnectClient` on the connection is the stop.

use crate::common;

use opentok_sdk::{
    archive::TranscriptionProperties,
    audio_connector::{AudioEncoding, AudioRate, AudioTransport, JsonAudioTransport},
    captions::LanguageCode,
    OpenTok, Role,
};
use opentok_test_server::TestServer;
use serde_json::{json, Value};

/// Runs `steps` through @vonage/video against `server`; one `{"ok"}` or `{"error", "status"}` per step.
fn vonage(server: &TestServer, steps: Value) -> Vec<Value> {
    let input = json!({
        "applicationId": server.application_id().unwrap(),
        "privateKey": server.private_key_pem().unwrap(),
        "videoHost": server.url(),
        "steps": steps,
    });
    serde_json::from_str(&common::node::run("vonage.js", &[], &input.to_string())).expect("the oracle's JSON")
}

fn ok(step: &Value) -> &Value {
    step.get("ok").unwrap_or_else(|| panic!("the oracle's call failed: {step}"))
}

/// The JSON body of the last request to a path ending in `suffix`, without its `token`.
fn last_body(server: &TestServer, suffix: &str) -> Value {
    let request = server.requests().into_iter().rev().find(|r| r.path.ends_with(suffix)).expect("a request");
    let mut body = request.body_json().expect("a JSON body");
    body.as_object_mut().unwrap().remove("token");
    body
}

// Multi-threaded: node runs blocking on this test's thread while the server answers it on another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vonage_video_on_the_rest_of_the_api() {
    if !common::node::available() {
        return;
    }
    let server = TestServer::start_application().await;
    let ot = OpenTok::application_builder(server.application_id().unwrap(), server.private_key_pem().unwrap())
        .with_api_url(server.url())
        .build()
        .unwrap();
    let session = ot.create_session().routed().send().await.unwrap();
    let sid = session.id().as_str().to_owned();
    let client = server.connect_client(&sid, session.generate_token().build().unwrap().as_str()).unwrap();
    let moderator = session.generate_token().role(Role::Moderator).build().unwrap().as_str().to_owned();
    let publisher = session.generate_token().build().unwrap().as_str().to_owned();

    // ---- Live Captions
    let captions_options =
        json!({"languageCode": "en-GB", "maxDuration": 600, "statusCallbackUrl": "https://example.com/cb"});
    let mut typed = captions_options.clone();
    typed["partialCaptions"] = json!("false");
    let mut boolean = captions_options.clone();
    boolean["partialCaptions"] = json!(false);
    let out = vonage(
        &server,
        json!([
            {"op": "enableCaptions", "args": [sid, moderator, typed]},
            {"op": "enableCaptions", "args": [sid, moderator, boolean]},
        ]),
    );
    assert_eq!(out[0]["status"], 400, "VONAGE-BUG-1: partialCaptions as its typed string is refused: {}", out[0]);
    let captions_id = ok(&out[1])["captionsId"].as_str().expect("a captionsId").to_owned();
    let theirs = last_body(&server, "/captions");
    let out = vonage(
        &server,
        json!([
            {"op": "getCaptionStatus", "args": [captions_id]},
            {"op": "disableCaptions", "args": [captions_id]},
            {"op": "disableCaptions", "args": [captions_id]},
        ]),
    );
    assert!(out[0].get("error").is_some(), "VONAGE-BUG-2: there is no captions status read: {}", out[0]);
    assert_eq!(ok(&out[1]), &Value::Null);
    assert_eq!(out[2]["status"], 404, "a second stop: {}", out[2]);
    // Ours sends the same body for the same options.
    let ours = ot
        .start_captions(session.id(), &moderator)
        .language_code(LanguageCode::EN_GB)
        .max_duration(std::time::Duration::from_secs(600))
        .status_callback_url("https://example.com/cb")
        .partial_captions(false)
        .send()
        .await
        .unwrap();
    assert_eq!(last_body(&server, "/captions"), theirs);
    ours.stop(&ot).await.unwrap();

    // ---- Experience Composer
    let render_options = json!({"url": "https://example.com/page", "maxDuration": 600, "resolution": "720x1280",
        "properties": {"name": "node-composer"}});
    let out =
        vonage(&server, json!([{"op": "startExperienceComposerRender", "args": [sid, publisher, render_options]}]));
    let render = ok(&out[0]).clone();
    assert_eq!(render["status"], "starting");
    let render_id = render["id"].as_str().unwrap().to_owned();
    let theirs = last_body(&server, "/render");
    let out = vonage(
        &server,
        json!([
            {"op": "getExperienceComposerRender", "args": [render_id]},
            {"op": "listExperienceComposerRenders", "args": [{"count": 10}]},
            {"op": "stopExperienceComposerRender", "args": [render_id]},
            {"op": "getExperienceComposerRender", "args": [render_id]},
        ]),
    );
    assert_eq!(ok(&out[0])["status"], "started");
    assert!(ok(&out[0])["streamId"].is_string());
    assert_eq!(ok(&out[1])["count"], 1);
    assert_eq!(ok(&out[2]), &Value::Null, "stop: 204");
    assert_eq!(
        (ok(&out[3])["status"].as_str(), ok(&out[3])["reason"].as_str()),
        (Some("stopped"), Some("Stop Requested"))
    );
    let ours = ot
        .start_render(session.id(), &publisher, "https://example.com/page")
        .max_duration(std::time::Duration::from_secs(600))
        .resolution(opentok_sdk::archive::Resolution::Hd720Portrait)
        .stream_name("node-composer")
        .send()
        .await
        .unwrap();
    assert_eq!(last_body(&server, "/render"), theirs);
    // Our model reads their render and theirs reads ours: the same platform object.
    assert_eq!(ot.get_render(&ours.id).await.unwrap().id, ours.id);

    // ---- Audio Connector
    let websocket = json!({"uri": "wss://bot.example.com/audio", "streams": [client.stream_id],
        "headers": {"X-Bot": "node"}, "audioRate": 24000, "bidirectional": true,
        "audioTransport": {"transport": "json", "encoding": "base64", "audioField": "pcm", "staticFields": {"a": 1}}});
    let out = vonage(&server, json!([{"op": "connectToWebsocket", "args": [sid, publisher, websocket]}]));
    let connection_id = ok(&out[0])["connectionId"].as_str().expect("a connectionId").to_owned();
    let theirs = last_body(&server, "/connect");
    let out = vonage(
        &server,
        json!([
            {"op": "disconnectWebsocket", "args": [connection_id]},
            {"op": "disconnectClient", "args": [sid, connection_id]},
        ]),
    );
    assert_eq!(out[0]["status"], 404, "VONAGE-BUG-3: the old stop call no longer works: {}", out[0]);
    assert_eq!(ok(&out[1]), &Value::Null);
    assert!(server.audio_connectors().iter().all(|c| !c.connected), "force-disconnect stopped it");
    let stream = opentok_sdk::StreamId::from(client.stream_id.as_str());
    let ours = ot
        .connect_audio(session.id(), &publisher, "wss://bot.example.com/audio")
        .streams([&stream])
        .header("X-Bot", "node")
        .audio_rate(AudioRate::Hz24000)
        .bidirectional(true)
        .audio_transport(AudioTransport::Json(
            JsonAudioTransport::builder()
                .encoding(AudioEncoding::Base64)
                .audio_field("pcm")
                .static_field("a", 1)
                .build(),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(last_body(&server, "/connect"), theirs);
    ours.stop(&ot).await.unwrap();

    // ---- Archive transcription
    let options = json!({"outputMode": "individual", "hasTranscription": true,
        "transcriptionProperties": {"primaryLanguageCode": "en-US", "hasSummary": true}});
    let out = vonage(&server, json!([{"op": "startArchive", "args": [sid, options]}]));
    let archive = ok(&out[0]);
    assert_eq!(archive["transcription"]["status"], "requested");
    let theirs = last_body(&server, "/archive");
    let stopped = ot.stop_archive(&opentok_sdk::ArchiveId::from(archive["id"].as_str().unwrap())).await.unwrap();
    assert!(stopped.transcription.is_some());
    ot.start_archive(session.id())
        .individual()
        .transcription(
            TranscriptionProperties::builder().primary_language_code(LanguageCode::EN_US).has_summary(true).build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(last_body(&server, "/archive"), theirs);
}
