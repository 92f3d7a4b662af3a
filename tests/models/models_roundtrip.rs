//! Every example platform answer parses into the public model and serializes back to the same JSON: integers stay
//! integers, `null`s stay `null`, absent members stay absent, unknown members are kept. Also through the client,
//! with the test server answering the fixture.

use std::time::Duration;

use opentok_sdk::{
    archive::{Archive, ArchivePage, ArchiveStatus, OutputMode, StreamMode, TranscriptionStatus},
    moderation::{Connection, ConnectionState},
    session::CreatedSession,
    sip::SipCall,
    stream::{Stream, VideoType},
    ArchiveId, OpenTok, SessionId,
};
use opentok_test_server::{Fault, TestServer};
use serde_json::{json, Value};

use crate::common::fixtures::{fixture, round_trip};

#[test]
fn archive_callback_keeps_every_member() {
    let value = fixture("archive_callback_uploaded.json");
    let archive: Archive = round_trip(&value);
    assert_eq!(archive.status, ArchiveStatus::Uploaded);
    assert_eq!(archive.duration, Some(Duration::from_secs(295)));
    assert_eq!(archive.application_id.as_deref(), Some("46565552"));
    assert_eq!(archive.project_id.as_deref(), Some("46565552"));
    assert_eq!(archive.partner_id.as_deref(), Some("46565552"));
    assert_eq!(archive.event.as_deref(), Some("archive"));
    assert_eq!(archive.password.as_ref().map(|p| p.expose()), Some(""));
    assert_eq!(archive.url, None);
    assert_eq!(archive.output_mode, Some(OutputMode::Individual));
    // The exact spellings the issue names.
    let back = archive.to_json();
    assert_eq!(back["duration"].to_string(), "295");
    assert_eq!(back["partnerId"], json!(46565552));
    assert_eq!(back["projectId"], json!(46565552));
    assert_eq!(back["url"], Value::Null);
    assert!(back.as_object().unwrap().contains_key("url"), "a null that was sent stays");
    assert!(!back.as_object().unwrap().contains_key("streams"), "an absent member stays absent");
    assert_eq!(Archive::from_json(value.to_string().as_bytes()).unwrap(), archive);
}

#[test]
fn archive_answers_round_trip() {
    let archive: Archive = round_trip(&fixture("archive_rest_available.json"));
    assert_eq!(archive.duration, Some(Duration::from_secs(328)));
    assert_eq!(archive.to_json()["duration"].to_string(), "328");
    assert!(archive.streams.is_empty());
    assert_eq!(archive.to_json()["streams"], json!([]), "an empty list that was sent stays");

    let archive: Archive = round_trip(&fixture("archive_started_manual.json"));
    assert_eq!(archive.stream_mode, Some(StreamMode::Manual));
    assert_eq!(archive.streams.len(), 1);
    assert_eq!(archive.streams[0].has_video, Some(false));
    assert_eq!(archive.name, None);
    assert_eq!(archive.max_bitrate, Some(2_000_000));

    let archive: Archive = round_trip(&fixture("archive_transcription.json"));
    assert_eq!(archive.has_transcription, Some(true));
    let transcription = archive.transcription.as_ref().unwrap();
    assert_eq!(transcription.status, Some(TranscriptionStatus::Available));
    assert_eq!(transcription.primary_language_code.as_deref(), Some("en-US"));
    assert_eq!(transcription.has_summary, Some(true));
    assert_eq!(archive.quantization_parameter, None);
}

#[test]
fn archive_page_round_trips_with_unknown_members() {
    let page: ArchivePage = round_trip(&fixture("archive_list.json"));
    assert_eq!(page.total, 2);
    assert_eq!(page.items[1].duration, Some(Duration::from_millis(500)));
    assert_eq!(page.items[1].extra["someNewField"], json!({"nested": [1, 2.5, null]}));
    assert_eq!(page.items[0].event.as_deref(), Some("archive"));
}

#[test]
fn other_models_round_trip() {
    let created: Vec<CreatedSession> = serde_json::from_value(fixture("session_create.json")).unwrap();
    let created: CreatedSession = round_trip(&serde_json::to_value(&created[0]).unwrap());
    assert_eq!(created, serde_json::from_value(fixture("session_create.json")[0].clone()).unwrap());
    assert_eq!(serde_json::to_value(&created).unwrap(), fixture("session_create.json")[0]);
    assert_eq!(created.project_id.as_deref(), Some("123456"));
    assert_eq!(created.create_dt.as_deref(), Some("Mon Mar 17 01:48:55 PDT 2014"));

    let connections = fixture("connection_list.json");
    let items: Vec<Connection> =
        connections["items"].as_array().unwrap().iter().map(round_trip::<Connection>).collect();
    assert_eq!(items[0].state, ConnectionState::Connected);
    assert_eq!(items[0].created_at, items[1].created_at.map(|t| t - chrono::Duration::milliseconds(555)));
    assert_eq!(items[2].state, ConnectionState::Unknown("Reconnecting".into()));
    assert_eq!(items[2].created_at, None);

    let streams = fixture("stream_list.json");
    let items: Vec<Stream> = streams["items"].as_array().unwrap().iter().map(round_trip::<Stream>).collect();
    assert_eq!(items[0].video_type, Some(VideoType::Camera));
    assert_eq!(items[1].layout_class_list, Vec::<String>::new());
    assert_eq!(items[2].video_type, None);

    let call: SipCall = round_trip(&fixture("sip_call.json"));
    assert_eq!(call.project_id.as_deref(), Some("123456"));
    assert_eq!(call.session_id, Some(SessionId::from("2_MX4xMjM0NTZ-fg")));
}

#[test]
fn changed_fields_are_written_in_their_own_form() {
    let mut archive: Archive = serde_json::from_value(fixture("archive_callback_uploaded.json")).unwrap();
    archive.status = ArchiveStatus::Available;
    archive.url = Some("https://example.com/a.mp4".into());
    archive.duration = Some(Duration::from_secs(300));
    archive.project_id = Some("42".into());
    let back = archive.to_json();
    assert_eq!(back["status"], json!("available"));
    assert_eq!(back["url"], json!("https://example.com/a.mp4"));
    assert_eq!(back["duration"], json!(300));
    assert_eq!(back["projectId"], json!("42"));
    assert_eq!(back["partnerId"], json!(46565552), "unchanged members keep their spelling");
    archive.name = None;
    assert!(!archive.to_json().as_object().unwrap().contains_key("name"), "a field set to None is left out");
    archive.url = None;
    assert_eq!(archive.to_json()["url"], Value::Null, "back to what the received null reads as: the null again");
}

#[test]
fn password_is_not_in_debug() {
    let mut value = fixture("archive_callback_uploaded.json");
    value["password"] = json!("hunter2-archive-key");
    let archive: Archive = serde_json::from_value(value).unwrap();
    let debug = format!("{archive:?}");
    assert!(!debug.contains("hunter2-archive-key"), "{debug}");
    assert_eq!(archive.password.unwrap().expose(), "hunter2-archive-key");
}

async fn client_for(server: &TestServer) -> OpenTok {
    OpenTok::builder(server.api_key(), server.api_secret()).with_api_url(server.url()).build().unwrap()
}

fn answer(value: &Value) -> Fault {
    Fault::Status { status: 200, body: value.to_string(), content_type: Some("application/json".into()) }
}

#[tokio::test]
async fn answers_reach_the_caller_unchanged() {
    let server = TestServer::start().await;
    let ot = client_for(&server).await;
    let id = ArchiveId::from("969c848c-ab7f-4422-9ca4-87c89679e17d");
    for name in ["archive_callback_uploaded.json", "archive_rest_available.json", "archive_transcription.json"] {
        let value = fixture(name);
        server.inject_fault(answer(&value), 1);
        assert_eq!(ot.get_archive(&id).await.unwrap().to_json(), value, "{name}");
    }
    let value = fixture("archive_list.json");
    server.inject_fault(answer(&value), 1);
    let page = ot.list_archives().send().await.unwrap();
    assert_eq!(serde_json::to_value(&page).unwrap(), value);

    let value = fixture("stream_list.json");
    server.inject_fault(answer(&value), 1);
    let streams = ot.list_streams(&SessionId::from("2_MX4xMjM0NTZ-fg")).await.unwrap();
    assert_eq!(serde_json::to_value(&streams).unwrap(), value["items"]);

    let value = fixture("connection_list.json");
    server.inject_fault(answer(&value), 1);
    let connections = ot.list_connections(&SessionId::from("2_MX4xMjM0NTZ-fg")).await.unwrap();
    assert_eq!(serde_json::to_value(&connections).unwrap(), value["items"]);

    let value = fixture("session_create.json");
    server.inject_fault(answer(&value), 1);
    let session = ot.create_session().send().await.unwrap();
    assert_eq!(serde_json::to_value(&session.created).unwrap(), value[0]);
    assert_eq!(session.id, SessionId::from(value[0]["session_id"].as_str().unwrap()));
}

#[tokio::test]
async fn answers_that_are_not_models_are_decode_errors() {
    let server = TestServer::start().await;
    let ot = client_for(&server).await;
    let id = ArchiveId::from("a");
    for (body, member) in [
        (json!({"status": "started"}), "id"),
        (json!({"id": "a", "duration": "long"}), "duration"),
        (json!({"id": "a", "createdAt": "yesterday"}), "createdAt"),
        (json!({"id": "a", "streams": [{"hasAudio": true}]}), "streamId"),
    ] {
        server.inject_fault(answer(&body), 1);
        let err = ot.get_archive(&id).await.unwrap_err();
        assert!(matches!(err, opentok_sdk::Error::Decode(_)), "{body}: {err}");
        assert!(err.to_string().contains(member) || format!("{err:?}").contains(member), "{body}: {err:?}");
    }
}
