//! Reading every callback the platform sends: dispatch on `event`, the documented variations, lossless
//! round trips, and `Unknown` for what the crate does not know. Fixtures: tests/fixtures/webhooks/, from
//! the platform's documented examples (platform-2026.md §3).

use std::{fs, path::Path, time::Duration};

use opentok_sdk::{
    archive::{ArchiveStatus, OutputMode, TranscriptionStatus},
    stream::VideoType,
    webhook::{
        BroadcastStatus, CaptionsStatus, ComposerStatus, ConnectionReason, Event, EventKind, SessionReason,
        SipCallState, StreamReason,
    },
    Error,
};
use serde_json::{json, Value};

fn fixture(name: &str) -> Vec<u8> {
    fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/webhooks").join(name)).expect("fixture")
}

/// Reads a fixture, checks its kind, and checks that serializing gives back the JSON received.
fn read(name: &str, kind: EventKind) -> Event {
    let body = fixture(name);
    let event = Event::from_json(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(event.kind(), Some(kind), "{name}");
    let received: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(serde_json::to_value(&event).unwrap(), received, "{name}: Serialize gives back what was received");
    assert_eq!(event.to_json(), received, "{name}: to_json");
    let again: Event = serde_json::from_value(received).unwrap();
    assert_eq!(again, event, "{name}: Deserialize is from_json");
    event
}

#[test]
fn session_monitoring_events() {
    let Event::SessionCreated(created) = read("session_created.json", EventKind::SessionCreated) else { panic!() };
    assert_eq!(created.session_id, "2_MX4xMzExMjU3MX5-MTQ3MDI1NzY3OTkxOH45QXRr");
    assert_eq!(created.project_id.as_deref(), Some("123456"));
    assert_eq!(created.timestamp.unwrap().timestamp_millis(), 1_470_257_688_309);
    assert_eq!(created.reason, None);
    let Event::SessionDestroyed(destroyed) = read("session_destroyed.json", EventKind::SessionDestroyed) else {
        panic!()
    };
    assert_eq!(destroyed.reason, Some(SessionReason::ServerRotation));
    let Event::SessionNotification(note) = read("session_notification.json", EventKind::SessionNotification) else {
        panic!()
    };
    assert_eq!(note.reason, Some(SessionReason::ServerRotation));

    let Event::ConnectionCreated(joined) = read("connection_created.json", EventKind::ConnectionCreated) else {
        panic!()
    };
    assert_eq!(joined.connection.id, "c053fcc8-c681-41d5-8ec2-7a9e1434a21e");
    assert_eq!(joined.connection.data.as_deref(), Some("TOKENDATA"));
    assert_eq!(joined.connection.created_at.unwrap().timestamp_millis(), 1_470_257_688_143);
    let Event::ConnectionDestroyed(left) = read("connection_destroyed.json", EventKind::ConnectionDestroyed) else {
        panic!()
    };
    assert_eq!(left.reason, Some(ConnectionReason::ClientDisconnected));

    let Event::StreamCreated(stream) = read("stream_created.json", EventKind::StreamCreated) else { panic!() };
    assert_eq!(stream.stream.id, "63245362-e00e-4834-8371-9397deb3e452");
    assert_eq!(stream.stream.video_type, Some(VideoType::Camera));
    assert_eq!(stream.stream.connection.as_ref().unwrap().id, "c053fcc8-c681-41d5-8ec2-7a9e1434a21e");
    let Event::StreamDestroyed(gone) = read("stream_destroyed.json", EventKind::StreamDestroyed) else { panic!() };
    assert_eq!(gone.reason, Some(StreamReason::ClientDisconnected));
    assert_eq!(gone.stream.video_type, None, "audio-only: no videoType");
}

#[test]
fn sip_call_events() {
    let Event::SipCallCreated(call) = read("sip_call_created.json", EventKind::SipCallCreated) else { panic!() };
    assert_eq!(call.call.id, "b0a5a8c7-dc38-459f-a48d-a7f2008da853");
    assert_eq!(call.call.connection_id.as_ref().unwrap(), "e9f8c166-6c67-440d-994a-04fb6dfed007");
    let Event::SipCallUpdated(updated) = read("sip_call_updated.json", EventKind::SipCallUpdated) else { panic!() };
    assert_eq!(updated.state, Some(SipCallState::OnHold));
    let Event::SipCallDestroyed(ended) = read("sip_call_destroyed.json", EventKind::SipCallDestroyed) else { panic!() };
    assert_eq!((ended.reason_code.as_deref(), ended.reason_code_number()), (Some("400"), Some(400)));
    assert_eq!(ended.reason_message.as_deref(), Some("Bad Request"));
    assert!(matches!(read("sip_call_mute_forced.json", EventKind::SipCallMuteForced), Event::SipCallMuteForced(_)));
}

#[test]
fn archive_callbacks_carry_the_archive_model() {
    let Event::Archive(archive) = read("archive.json", EventKind::ArchiveStatus) else { panic!() };
    assert_eq!(archive.id, "969c848c-ab7f-4422-9ca4-87c89679e17d");
    assert_eq!(archive.status, ArchiveStatus::Uploaded);
    assert_eq!(archive.output_mode, Some(OutputMode::Individual));
    assert_eq!(archive.project_id.as_deref(), Some("46565552"), "an int read as text");
    assert_eq!(archive.duration, Some(Duration::from_secs(295)));
    assert_eq!(archive.url, None);
    let Event::Archive(transcribed) = read("archive_transcription.json", EventKind::ArchiveStatus) else { panic!() };
    let transcription = transcribed.transcription.unwrap();
    assert_eq!(transcription.status, Some(TranscriptionStatus::Available));
    assert_eq!(transcription.has_summary, Some(true));
}

#[test]
fn broadcast_composer_and_captions_callbacks() {
    let Event::Broadcast(broadcast) = read("broadcast.json", EventKind::BroadcastStatus) else { panic!() };
    assert_eq!(broadcast.status, Some(BroadcastStatus::Failed));
    assert_eq!(broadcast.reason.as_deref(), Some("forceDisconnected"));
    assert_eq!(broadcast.max_duration, Some(Duration::from_secs(5400)));
    assert_eq!(broadcast.broadcast_urls.as_ref().unwrap()["hlsStatus"], "ended");
    let Event::Composer(composer) = read("render.json", EventKind::RenderStatus) else { panic!() };
    assert_eq!(composer.status, Some(ComposerStatus::Stopped));
    assert_eq!(composer.stream_id.as_ref().unwrap(), "e32445b743678c98230f238");
    let Event::Captions(captions) = read("captions.json", EventKind::CaptionsStatus) else { panic!() };
    assert_eq!(captions.id(), Some("7c0680fc-6274-4de5-a66f-d0648e8d3ac2"));
    assert_eq!(captions.status, Some(CaptionsStatus::Stopped));
    assert_eq!(captions.duration, Some(Duration::from_secs(200)));
    let rest_key = Event::from_value(json!({"captionsId": "c1", "status": "failed"})).unwrap();
    let Event::Captions(rest_key) = rest_key else { panic!("{rest_key:?}") };
    assert_eq!((rest_key.id(), rest_key.status.clone()), (Some("c1"), Some(CaptionsStatus::Failed)));
}

#[test]
fn documented_variations_are_read_and_given_back_as_received() {
    // Ids and timestamps as numbers or strings, projectId as an int, unknown members and values.
    let body = json!({
        "sessionId": "2_MX4xMjM0NTZ-", "projectId": 123456, "event": "streamDestroyed",
        "timestamp": "1470258896953", "reason": "cameraUnplugged", "region": "eu",
        "stream": {"id": 42, "createdAt": "2016-08-03T21:14:05.416Z", "videoType": "hologram",
            "connection": {"id": 7, "createdAt": 1470257688143_i64, "data": "", "x": [1]}}
    });
    let Event::StreamDestroyed(event) = Event::from_value(body.clone()).unwrap() else { panic!() };
    assert_eq!(event.project_id.as_deref(), Some("123456"));
    assert_eq!(event.timestamp.unwrap().timestamp_millis(), 1_470_258_896_953);
    assert_eq!(event.reason, Some(StreamReason::Unknown("cameraUnplugged".into())));
    assert_eq!(event.stream.id, "42");
    assert_eq!(event.stream.video_type, Some(VideoType::Unknown("hologram".into())));
    assert_eq!(event.stream.created_at.unwrap().timestamp_millis(), 1_470_258_845_416);
    assert_eq!(event.stream.connection.as_ref().unwrap().id, "7");
    assert_eq!(event.extra["region"], "eu");
    assert_eq!(serde_json::to_value(&event).unwrap(), body, "numbers stay numbers, strings stay strings");

    // A changed field is written in its own form.
    let mut changed = event.clone();
    changed.stream.id = "abc".into();
    assert_eq!(changed.to_json()["stream"]["id"], "abc");

    // SIP reason_code as a number.
    let call = json!({"sessionId": "s", "event": "callDestroyed", "reason_code": 704,
        "call": {"id": "c", "connectionId": "k", "createdAt": 1}});
    let Event::SipCallDestroyed(call_event) = Event::from_value(call.clone()).unwrap() else { panic!() };
    assert_eq!(call_event.reason_code_number(), Some(704));
    assert_eq!(call_event.to_json(), call);
}

#[test]
fn unknown_callbacks_are_kept_as_received() {
    for body in [
        json!({"event": "audioConnectorStarted", "sessionId": "s", "whatever": [1, 2]}),
        json!({"event": 17}),
        json!({"hello": "world"}),
        json!([1, 2, 3]),
        json!("text"),
        json!(null),
    ] {
        let event = Event::from_json(body.to_string().as_bytes()).unwrap();
        assert_eq!(event, Event::Unknown(body.clone()));
        assert_eq!(event.kind(), None);
        assert_eq!(serde_json::to_value(&event).unwrap(), body);
    }
}

#[test]
fn a_known_callback_that_does_not_read_is_an_error_naming_the_member() {
    for (body, member) in [
        (json!({"event": "connectionCreated", "sessionId": "s"}), "connection"),
        (json!({"event": "streamCreated", "sessionId": "s", "stream": {"id": true}}), "id"),
        (json!({"event": "callUpdated", "call": {"id": "c"}}), "sessionId"),
        (json!({"event": "archive", "id": "a", "size": "big"}), "size"),
        (json!({"event": "sessionCreated", "sessionId": ["s"]}), "sessionId"),
    ] {
        let err = Event::from_json(body.to_string().as_bytes()).unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{err:?}");
        assert!(err.to_string().contains(member), "{member}: {err}");
    }
    for garbage in [&b""[..], b"{", b"\xff\xfe", b"{\"event\":\"archive\"", b"nul"] {
        assert!(matches!(Event::from_json(garbage), Err(Error::Decode(_))), "{garbage:?}");
    }
}

#[test]
fn event_kinds_name_the_application_webhooks() {
    assert_eq!(EventKind::ALL.len(), 15);
    assert_eq!(EventKind::SipCallMuteForced.as_str(), "sip_call_mute_forced");
    assert_eq!("archive_status".parse::<EventKind>().unwrap(), EventKind::ArchiveStatus);
    assert!("archive".parse::<EventKind>().is_err());
}
