//! Properties of callback reading and verification: no panic on any input, and every callback that reads
//! serializes back to exactly the JSON received.

use std::{fs, path::Path};

use opentok_sdk::{
    broadcast::Broadcast,
    render::Render,
    webhook::{Event, Verifier},
};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn fixtures() -> Vec<Value> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/webhooks");
    let mut all: Vec<_> = fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    all.sort();
    all.iter().map(|p| serde_json::from_slice(&fs::read(p).unwrap()).unwrap()).collect()
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "[a-zA-Z0-9_:. -]{0,12}".prop_map(Value::from),
        Just(Value::from("1470257688309")),
        Just(Value::from("2016-08-03T21:14:05.416Z")),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-zA-Z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A member name of the fixtures (or a new one), to replace.
fn member() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "id",
            "event",
            "sessionId",
            "projectId",
            "applicationId",
            "partnerId",
            "timestamp",
            "reason",
            "connection",
            "stream",
            "call",
            "state",
            "reason_code",
            "status",
            "createdAt",
            "updatedAt",
            "duration",
            "size",
            "transcription",
            "streams",
            "captionId",
            "captionsId",
            "streamId",
            "maxDuration",
            "hasAudio",
            "broadcastUrls",
            "resolution",
            "name",
            "settings",
            "multiBroadcastTag",
        ])
        .prop_map(str::to_owned),
        "[a-zA-Z_]{1,10}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn reading_never_panics_on_any_bytes(body in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = Event::from_json(&body);
    }

    #[test]
    fn verifying_never_panics_on_any_header_or_body(
        header in prop_oneof![
            ".{0,200}",
            "(Bearer )?[A-Za-z0-9_-]{0,60}\\.[A-Za-z0-9_-]{0,120}\\.[A-Za-z0-9_-]{0,60}",
        ],
        body in prop::collection::vec(any::<u8>(), 0..256),
        now in any::<i64>(),
    ) {
        let verifier = Verifier::new("s").unwrap();
        let _ = verifier.verify_at(Some(&header), &body, now);
        let _ = verifier.verify_at(None, &body, now);
    }

    #[test]
    fn a_changed_callback_reads_losslessly_or_fails_cleanly(
        which in 0usize..64, replace in member(), with in json_value(), nested in any::<bool>(),
    ) {
        let all = fixtures();
        let mut value = all[which % all.len()].clone();
        let object = value.as_object_mut().unwrap();
        // Replace a top-level member, or one inside a nested object when there is one.
        let target = match object.values_mut().find(|v| v.is_object()) {
            Some(Value::Object(inner)) if nested => inner,
            _ => object,
        };
        target.insert(replace, with);
        let body = value.to_string();
        // What the receiver parses (serde_json's text form of a float may not read back bit for bit).
        let received: Value = serde_json::from_str(&body).unwrap();
        if let Ok(event) = Event::from_json(body.as_bytes()) {
            prop_assert_eq!(serde_json::to_value(&event).unwrap(), received.clone());
            let again: Event = serde_json::from_value(received).unwrap();
            prop_assert_eq!(&again, &event);
            // A broadcast or Experience Composer callback is exactly what the REST model reads.
            match event {
                Event::Broadcast(b) => prop_assert_eq!(Broadcast::from_json(body.as_bytes()).unwrap(), b),
                Event::Render(r) => prop_assert_eq!(Render::from_json(body.as_bytes()).unwrap(), r),
                _ => {}
            }
        }
    }
}
