//! The official Python SDK (PyPI `opentok==3.15.0`) on captions, Experience Composer, Audio Connector and
//! archive transcription, against the standalone server binary (`tests/oracle/python/rest_areas.py`
//! asserts as it goes); then the server's side: the ids the script saw are the server's.
//!
//! Where the Python SDK is wrong, the script steps around the bug and says which:
//! - PY-REST-BUG-1: `stop_render` treats only 200 as success; the platform answers 204, so every
//!   successful stop raises `RequestError("An unexpected error occurred", 204)`.
//! - PY-REST-BUG-2: `connect_audio_to_websocket` sends `audioTransport` as a JSON string
//!   (`json.dumps`), where the platform takes an object: any audio transport is refused (400).
//! - PY-REST-BUG-3: its `Archive` reads `transcriptionProperties`, but the platform answers
//!   `transcription`: `archive.transcription_properties` is always `None`.

use serde_json::Value;

use crate::python_oracle::run_oracle;

#[tokio::test]
async fn python_sdk_on_captions_renders_audio_connectors_and_transcription() {
    let Some((info, seen, mut server)) = run_oracle("rest_areas.py").await else { return };
    let url = info["url"].as_str().unwrap().to_string();

    let http = reqwest::Client::new();
    let requests: Value = http.get(format!("{url}/_test/requests")).send().await.unwrap().json().await.unwrap();
    let requests = requests.as_array().unwrap();
    let body_of = |suffix: &str| -> Value {
        let r = requests.iter().find(|r| r["method"] == "POST" && r["path"].as_str().unwrap().ends_with(suffix));
        serde_json::from_str(r.unwrap_or_else(|| panic!("no POST …{suffix}"))["body"].as_str().unwrap()).unwrap()
    };
    // What the SDK sent for captions: every option, the callback URL included.
    let captions = body_of("/captions");
    assert_eq!(
        (
            &captions["languageCode"],
            &captions["maxDuration"],
            &captions["partialCaptions"],
            &captions["statusCallbackUrl"]
        ),
        (&Value::from("es-US"), &Value::from(600), &Value::from(false), &Value::from("https://example.com/captions"))
    );
    // The render's stream was a connection of the session while it ran, under the requested name.
    let render = body_of("/render");
    assert_eq!(render["properties"]["name"], "py-composer");
    // PY-REST-BUG-2, as the server saw it: the audio transport arrived as a string.
    let transports: Vec<Value> = requests
        .iter()
        .filter(|r| r["path"].as_str().unwrap().ends_with("/connect"))
        .map(|r| {
            serde_json::from_str::<Value>(r["body"].as_str().unwrap()).unwrap()["websocket"]["audioTransport"].clone()
        })
        .collect();
    assert!(transports.iter().any(Value::is_string), "{transports:?}");
    // The transcribed archive carries the transcription object the SDK did not read.
    let archive: Value = http
        .get(format!("{url}/_test/archive/{}", seen["transcribedArchive"].as_str().unwrap()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(archive["transcription"]["primaryLanguageCode"], "fr-FR");
    server.kill().await.unwrap();
}
