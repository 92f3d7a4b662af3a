//! Property tests of the response models: whatever JSON object parses serializes back to exactly that object
//! (unknown members and their values, nulls, number spellings included), and valid objects with arbitrary extra
//! members always parse.

use crate::common;
use opentok_sdk::{
    archive::{Archive, ArchivePage, ArchiveStream, Transcription},
    moderation::Connection,
    session::CreatedSession,
    sip::SipCall,
    stream::Stream,
};

use common::json_props::*;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn archive_base() -> impl Strategy<Value = Map<String, Value>> {
    (
        "[a-f0-9-]{1,36}",
        prop::sample::select(vec!["started", "paused", "available", "brand-new", "STOPPED"]),
        prop::option::of(prop_oneof![Just(Value::Null), (0u32..100_000).prop_map(Value::from)]),
        prop::option::of(prop_oneof![
            Just(Value::Null),
            any::<i64>().prop_map(Value::from),
            "[0-9]{1,6}".prop_map(Value::from)
        ]),
        prop::option::of(prop_oneof![Just(Value::Null), Just(json!([])), Just(json!([{"streamId": "s", "x-new": 1}]))]),
        prop::option::of(prop_oneof![Just(Value::Null), Just(json!({"status": "requested", "x-new": [null]}))]),
    )
        .prop_map(|(id, status, duration, project, streams, transcription)| {
            let mut m = Map::new();
            m.insert("id".into(), json!(id));
            m.insert("status".into(), json!(status));
            for (key, value) in
                [("duration", duration), ("projectId", project), ("streams", streams), ("transcription", transcription)]
            {
                if let Some(value) = value {
                    m.insert(key.into(), value);
                }
            }
            m
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn valid_archives_with_any_extra_members_round_trip(base in archive_base(), extra in extra_members()) {
        let object = with(base, extra.clone());
        prop_assert!(parsed_round_trips_exactly::<Archive>(&object)?, "a valid archive parses");
        let archive: Archive = serde_json::from_value(Value::Object(object)).unwrap();
        prop_assert_eq!(archive.extra, extra);
    }

    #[test]
    fn archives_with_any_member_values(known in known_members(Archive::FIELDS), extra in extra_members()) {
        let object = with(with(Map::from_iter([("id".to_owned(), json!("a"))]), known), extra);
        parsed_round_trips_exactly::<Archive>(&object)?;
    }

    #[test]
    fn nested_models_with_any_member_values(
        stream in known_members(ArchiveStream::FIELDS),
        transcription in known_members(Transcription::FIELDS),
        extra in extra_members(),
    ) {
        parsed_round_trips_exactly::<ArchiveStream>(&with(stream.clone(), extra.clone()))?;
        parsed_round_trips_exactly::<Transcription>(&with(transcription.clone(), extra.clone()))?;
        let archive = Map::from_iter([
            ("id".to_owned(), json!("a")),
            ("streams".to_owned(), json!([Value::Object(stream)])),
            ("transcription".to_owned(), Value::Object(transcription)),
        ]);
        parsed_round_trips_exactly::<Archive>(&archive)?;
    }

    #[test]
    fn pages_with_any_member_values(known in known_members(ArchivePage::FIELDS), extra in extra_members()) {
        parsed_round_trips_exactly::<ArchivePage>(&with(known, extra))?;
    }

    #[test]
    fn other_models_with_any_member_values(
        stream in known_members(Stream::FIELDS),
        connection in known_members(Connection::FIELDS),
        call in known_members(SipCall::FIELDS),
        created in known_members(CreatedSession::FIELDS),
        extra in extra_members(),
    ) {
        parsed_round_trips_exactly::<Stream>(&with(stream, extra.clone()))?;
        parsed_round_trips_exactly::<Connection>(&with(connection, extra.clone()))?;
        parsed_round_trips_exactly::<SipCall>(&with(call, extra.clone()))?;
        parsed_round_trips_exactly::<CreatedSession>(&with(created, extra))?;
    }

    #[test]
    fn valid_minimal_models_always_parse(extra in extra_members()) {
        let id = |key: &str| Map::from_iter([(key.to_owned(), json!("x"))]);
        prop_assert!(parsed_round_trips_exactly::<Stream>(&with(id("id"), extra.clone()))?);
        prop_assert!(parsed_round_trips_exactly::<Connection>(&with(id("connectionId"), extra.clone()))?);
        prop_assert!(parsed_round_trips_exactly::<CreatedSession>(&with(id("session_id"), extra.clone()))?);
        let call = with(with(id("id"), id("connectionId")), extra.clone());
        prop_assert!(parsed_round_trips_exactly::<SipCall>(&call)?);
        prop_assert!(parsed_round_trips_exactly::<ArchiveStream>(&with(id("streamId"), extra.clone()))?);
        prop_assert!(parsed_round_trips_exactly::<Transcription>(&extra)?);
        prop_assert!(parsed_round_trips_exactly::<ArchivePage>(&extra)?);
    }

    #[test]
    fn any_json_never_panics(value in any_json()) {
        let _ = serde_json::from_value::<Archive>(value.clone());
        let _ = serde_json::from_value::<ArchivePage>(value.clone());
        let _ = serde_json::from_value::<Stream>(value.clone());
        let _ = serde_json::from_value::<Connection>(value.clone());
        let _ = serde_json::from_value::<SipCall>(value.clone());
        let _ = serde_json::from_value::<CreatedSession>(value);
    }
}
