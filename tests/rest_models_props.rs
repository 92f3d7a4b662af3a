//! Property tests of the models of Live Captions, Experience Composer and Audio Connector: whatever JSON
//! object parses serializes back to exactly that object, valid objects with any extra members parse, and
//! no JSON value makes them panic.

use opentok_sdk::{
    audio_connector::AudioConnectorStarted,
    captions::CaptionsStarted,
    render::{Render, RenderPage},
};
use proptest::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Map, Value};

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("JSON numbers are finite", |f| f.is_finite()).prop_map(Value::from),
        (0u32..100_000).prop_map(|n| Value::from(f64::from(n))),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(".{0,8}", inner, 0..5).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Members with names the models do not know (they never collide with a field: `x-` is no platform name).
fn extra_members() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map("x-[a-zA-Z0-9_]{0,10}", any_json(), 0..6).prop_map(|m| m.into_iter().collect())
}

/// Members with the model's own names and values of any type.
fn known_members(fields: &'static [&'static str]) -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec((prop::sample::select(fields), any_json()), 0..8)
        .prop_map(|pairs| pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// If `object` parses as `T`, it serializes back to exactly `object`.
fn parsed_round_trips_exactly<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
    object: &Map<String, Value>,
) -> Result<bool, TestCaseError> {
    let value = Value::Object(object.clone());
    match serde_json::from_value::<T>(value.clone()) {
        Ok(model) => {
            let back = serde_json::to_value(&model).unwrap();
            prop_assert_eq!(&back, &value);
            prop_assert_eq!(serde_json::from_value::<T>(back).unwrap(), model);
            Ok(true)
        }
        Err(_) => Ok(false),
    }
}

fn with(mut base: Map<String, Value>, members: Map<String, Value>) -> Map<String, Value> {
    base.extend(members);
    base
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn models_with_any_member_values(
        render in known_members(Render::FIELDS),
        page in known_members(RenderPage::FIELDS),
        connector in known_members(AudioConnectorStarted::FIELDS),
        captions in known_members(CaptionsStarted::FIELDS),
        extra in extra_members(),
    ) {
        parsed_round_trips_exactly::<Render>(&with(render.clone(), extra.clone()))?;
        parsed_round_trips_exactly::<RenderPage>(&with(page, extra.clone()))?;
        parsed_round_trips_exactly::<AudioConnectorStarted>(&with(connector, extra.clone()))?;
        parsed_round_trips_exactly::<CaptionsStarted>(&with(captions, extra.clone()))?;
        let page = Map::from_iter([("count".to_owned(), json!(1)), ("items".to_owned(), json!([Value::Object(render)]))]);
        parsed_round_trips_exactly::<RenderPage>(&page)?;
    }

    #[test]
    fn valid_minimal_models_always_parse(extra in extra_members()) {
        let id = |key: &str| Map::from_iter([(key.to_owned(), json!("x"))]);
        prop_assert!(parsed_round_trips_exactly::<Render>(&with(id("id"), extra.clone()))?);
        prop_assert!(parsed_round_trips_exactly::<RenderPage>(&extra)?);
        prop_assert!(parsed_round_trips_exactly::<CaptionsStarted>(&with(id("captionsId"), extra.clone()))?);
        let connector = with(with(id("id"), id("connectionId")), extra.clone());
        prop_assert!(parsed_round_trips_exactly::<AudioConnectorStarted>(&connector)?);
        let render: Render = serde_json::from_value(Value::Object(with(id("id"), extra.clone()))).unwrap();
        prop_assert_eq!(render.extra, extra);
    }

    #[test]
    fn any_json_never_panics(value in any_json()) {
        let _ = serde_json::from_value::<Render>(value.clone());
        let _ = serde_json::from_value::<RenderPage>(value.clone());
        let _ = serde_json::from_value::<AudioConnectorStarted>(value.clone());
        let _ = serde_json::from_value::<CaptionsStarted>(value.clone());
        let _ = Render::from_json(value.to_string().as_bytes());
    }
}
