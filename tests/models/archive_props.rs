//! `Archive::from_json` never panics, whatever the JSON, and archives round-trip through the platform's form.

use opentok_sdk::archive::{Archive, ArchiveStatus};
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::common::json_props::{any_json, from_json_round_trips, members_of};

const FIELDS: &[&str] = &[
    "id",
    "status",
    "name",
    "reason",
    "sessionId",
    "createdAt",
    "updatedAt",
    "duration",
    "size",
    "url",
    "outputMode",
    "streamMode",
    "resolution",
    "hasAudio",
    "hasVideo",
    "multiArchiveTag",
    "maxBitrate",
    "quantizationParameter",
    "sha256sum",
    "streams",
];

/// Objects with the archive's own field names and values of any type: the interesting inputs.
fn archive_like_json() -> impl Strategy<Value = Value> {
    members_of(FIELDS, any_json(), 12).prop_map(Value::Object)
}

fn known_archive() -> impl Strategy<Value = Value> {
    (
        "[a-f0-9-]{1,36}",
        prop::sample::select(vec![
            "started",
            "paused",
            "stopped",
            "uploaded",
            "available",
            "expired",
            "failed",
            "deleted",
            "brand-new",
        ]),
        proptest::option::of(".{0,40}"),
        0i64..4_102_444_800_000,
        0u32..100_000,
        0i64..i64::MAX,
        prop::sample::select(vec!["composed", "individual", "future"]),
        any::<(bool, bool)>(),
        prop::collection::vec(("[a-z0-9-]{1,12}", any::<bool>()), 0..4),
    )
        .prop_map(|(id, status, name, created, duration, size, mode, (audio, video), streams)| {
            json!({
                "id": id, "status": status, "name": name, "sessionId": "1_MX4xMjM0NTZ-fg", "createdAt": created,
                "duration": duration, "size": size, "outputMode": mode, "streamMode": "auto",
                "resolution": "1280x720", "hasAudio": audio, "hasVideo": video, "reason": "",
                "url": null, "partnerId": 123456, "event": "archive",
                "streams": streams.into_iter().map(|(s, a)| json!({"streamId": s, "hasAudio": a, "hasVideo": true}))
                    .collect::<Vec<_>>(),
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parsing_any_json_never_panics(value in any_json()) {
        let _ = Archive::from_json(value.to_string().as_bytes());
    }

    #[test]
    fn parsing_archive_shaped_json_never_panics(value in archive_like_json()) {
        // Whatever parsed must survive its own round trip, and serialize back to what was parsed.
        from_json_round_trips(&value, Archive::from_json, Archive::to_json)?;
    }

    #[test]
    fn parsing_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = Archive::from_json(&bytes);
    }

    #[test]
    fn known_archives_round_trip(value in known_archive()) {
        let archive = Archive::from_json(value.to_string().as_bytes()).unwrap();
        prop_assert_eq!(archive.id.as_str(), value["id"].as_str().unwrap());
        prop_assert_eq!(archive.status.as_str(), value["status"].as_str().unwrap());
        prop_assert_eq!(archive.name.as_deref(), value["name"].as_str());
        prop_assert_eq!(archive.created_at.unwrap().timestamp_millis(), value["createdAt"].as_i64().unwrap());
        prop_assert_eq!(archive.duration.unwrap().as_secs(), value["duration"].as_u64().unwrap());
        prop_assert_eq!(archive.size, value["size"].as_u64());
        prop_assert_eq!(archive.streams.len(), value["streams"].as_array().unwrap().len());
        if value["status"] == "brand-new" {
            prop_assert_eq!(&archive.status, &ArchiveStatus::Unknown("brand-new".into()));
        }
        prop_assert!(from_json_round_trips(&value, Archive::from_json, Archive::to_json)?);
    }
}
