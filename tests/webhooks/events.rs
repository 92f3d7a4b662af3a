//! Reading every callback the platform sends: dispatch on `event`, the documented variations, lossless
//! round trips, and `Unknown` for what the crate does not know. Fixtures: tests/fixtures/webhooks/, from
//! the platform's documented examples (platform-2026.md §3).

use std::{fs, path::Path, time::Duration};

use opentok_sdk::{
    archive::{ArchiveStatus, OutputMode, StreamMode, TranscriptionStatus},
    broadcast::{Broadcast, BroadcastStatus, HlsStatus, RtmpStatus},
    render::{Render, RenderStatus},
    stream::VideoType,
    webhook::{CaptionsStatus, ConnectionReason, Event, EventKind, SessionReason, SipCallState, StreamReason},
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
fn broadcast_and_composer_callbacks_carry_the_rest_models() {
    let Event::Broadcast(broadcast) = read("broadcast.json", EventKind::BroadcastStatus) else { panic!() };
    assert_eq!(broadcast.id, "1748b7070a81464c9759c46ad10d3734");
    assert_eq!(broadcast.status, BroadcastStatus::Failed);
    assert_eq!(broadcast.reason.as_deref(), Some("forceDisconnected"));
    assert_eq!(broadcast.max_duration, Some(Duration::from_secs(5400)));
    assert_eq!(broadcast.stream_mode, Some(StreamMode::Auto));
    assert_eq!(broadcast.project_id.as_deref(), Some("123456"), "an int read as text");
    assert_eq!(broadcast.hls_status(), Some(&HlsStatus::Ended));
    assert_eq!(broadcast.rtmp()[0].status, Some(RtmpStatus::Offline));
    assert_eq!(broadcast.event.as_deref(), Some("broadcast"));
    let rest = Broadcast::from_json(&fixture("broadcast.json")).unwrap();
    assert_eq!(broadcast, rest, "the callback reads as the REST model does");

    let Event::Render(render) = read("render.json", EventKind::RenderStatus) else { panic!() };
    assert_eq!(render.id, "1248e7070b81464c9789f46ad10e7764");
    assert_eq!(render.status, RenderStatus::Stopped);
    assert_eq!(render.stream_id.as_ref().unwrap(), "e32445b743678c98230f238");
    assert_eq!(render.reason.as_deref(), Some("Max Duration Exceeded"));
    assert_eq!(render, Render::from_json(&fixture("render.json")).unwrap());
    // With the REST members too, as the test server sends it; and a failed one without a stream.
    let Event::Render(full) = read("render_full.json", EventKind::RenderStatus) else { panic!() };
    assert_eq!(
        (full.status.clone(), full.application_id.as_deref()),
        (RenderStatus::Started, Some("78d335fa-323d-0114-9c3d-d6f0d48968cf"))
    );
    assert_eq!(full.created_at.unwrap().timestamp_millis(), 1_651_076_698_000);
    assert_eq!(full.resolution.as_deref(), Some("1280x720"));
    let failed = Event::from_value(json!({"id": "r1", "sessionId": "s", "status": "failed", "reason": "Page crashed"}));
    let Event::Render(failed) = failed.unwrap() else { panic!() };
    assert_eq!((failed.status, failed.stream_id), (RenderStatus::Failed, None));
    // An `event` member, should the platform add one, dispatches too.
    let named = Event::from_value(json!({"event": "render", "id": "r2", "status": "started"})).unwrap();
    assert_eq!(named.kind(), Some(EventKind::RenderStatus));
}

#[test]
fn captions_callbacks() {
    let Event::Captions(captions) = read("captions.json", EventKind::CaptionsStatus) else { panic!() };
    assert_eq!(captions.id(), Some("7c0680fc-6274-4de5-a66f-d0648e8d3ac2"));
    assert_eq!(captions.status, Some(CaptionsStatus::Stopped));
    assert_eq!(captions.duration, Some(Duration::from_secs(200)));
    let rest_key = Event::from_value(json!({"captionsId": "c1", "status": "failed"})).unwrap();
    let Event::Captions(rest_key) = rest_key else { panic!("{rest_key:?}") };
    assert_eq!((rest_key.id(), rest_key.status.clone()), (Some("c1"), Some(CaptionsStatus::Failed)));
}

#[test]
fn broadcast_and_composer_callbacks_take_ids_and_times_as_numbers_or_strings() {
    let body = json!({"id": 1748, "sessionId": 99, "status": "paused", "event": "broadcast",
        "createdAt": "1437676551000", "updatedAt": "2015-07-23T18:35:51Z", "projectId": "123456", "partnerId": 123456,
        "newMember": {"a": [1]}});
    let Event::Broadcast(broadcast) = Event::from_value(body.clone()).unwrap() else { panic!() };
    assert_eq!((broadcast.id.as_str(), broadcast.session_id.as_ref().unwrap().as_str()), ("1748", "99"));
    assert_eq!(broadcast.status, BroadcastStatus::Unknown("paused".into()));
    assert_eq!(broadcast.created_at.unwrap().timestamp_millis(), 1_437_676_551_000);
    assert_eq!(broadcast.updated_at.unwrap().timestamp_millis(), 1_437_676_551_000);
    assert_eq!(broadcast.partner_id.as_deref(), Some("123456"));
    assert_eq!(broadcast.extra["newMember"], json!({"a": [1]}));
    assert_eq!(serde_json::to_value(&broadcast).unwrap(), body, "numbers stay numbers, strings stay strings");
    let odd_time = json!({"id": "b", "event": "broadcast", "createdAt": "soon"});
    let Event::Broadcast(odd) = Event::from_value(odd_time.clone()).unwrap() else { panic!() };
    assert_eq!(odd.created_at, None);
    assert_eq!(odd.to_json(), odd_time, "an unreadable time is kept as received");

    let body = json!({"id": 42, "sessionId": "s", "streamId": 7, "status": "stopped", "createdAt": "1651076698000"});
    let Event::Render(render) = Event::from_value(body.clone()).unwrap() else { panic!() };
    assert_eq!((render.id.as_str(), render.stream_id.as_ref().unwrap().as_str()), ("42", "7"));
    assert_eq!(render.created_at.unwrap().timestamp_millis(), 1_651_076_698_000);
    assert_eq!(Event::Render(render).to_json(), body);

    // A changed field is written in its own form.
    let Event::Broadcast(mut changed) = Event::from_value(json!({"id": 5, "event": "broadcast"})).unwrap() else {
        panic!()
    };
    changed.id = "abc".into();
    assert_eq!(changed.to_json()["id"], "abc");
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

    // An archive callback with its id as a number and its times as text: read, and given back as sent.
    let archive = json!({"id": 969, "event": "archive", "status": "uploaded", "sessionId": "2_MX40",
        "createdAt": "1660241171000", "updatedAt": "2022-08-11T18:11:40Z", "partnerId": 46565552});
    let Event::Archive(read) = Event::from_value(archive.clone()).unwrap() else { panic!() };
    assert_eq!(read.id.as_str(), "969");
    assert_eq!(read.created_at.unwrap().timestamp_millis(), 1_660_241_171_000);
    assert_eq!(read.updated_at.unwrap().timestamp_millis(), 1_660_241_500_000);
    assert_eq!(read.to_json(), archive);
    // A time that is not one stays an error naming the member.
    let err = Event::from_value(json!({"id": "a", "event": "archive", "createdAt": "yesterday"})).unwrap_err();
    assert!(err.to_string().contains("createdAt"), "{err}");

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
        (json!({"event": "broadcast", "id": "b", "maxDuration": "long"}), "maxDuration"),
        (json!({"event": "broadcast", "status": "started"}), "id"),
        (json!({"id": ["r"], "status": "started"}), "id"),
        (json!({"event": "sessionCreated", "sessionId": ["s"]}), "sessionId"),
    ] {
        let err = Event::from_json(body.to_string().as_bytes()).unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{err:?}");
        assert!(err.to_string().contains(member), "{member}: {err}");
        // About the callback, not an API response.
        assert!(err.to_string().starts_with("the callback's body does not read: "), "{err}");
    }
    for garbage in [&b""[..], b"{", b"\xff\xfe", b"{\"event\":\"archive\"", b"nul"] {
        let err = Event::from_json(garbage).unwrap_err();
        assert!(matches!(err, Error::Decode(_)), "{garbage:?}");
        assert!(err.to_string().starts_with("the callback's body does not read: "), "{err}");
    }
}

#[test]
fn event_kinds_name_the_application_webhooks() {
    assert_eq!(EventKind::ALL.len(), 15);
    assert_eq!(EventKind::SipCallMuteForced.as_str(), "sip_call_mute_forced");
    assert_eq!("archive_status".parse::<EventKind>().unwrap(), EventKind::ArchiveStatus);
    assert!("archive".parse::<EventKind>().is_err());
}
