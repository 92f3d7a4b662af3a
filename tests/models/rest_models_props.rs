//! Property tests of the models of Live Captions, Experience Composer and Audio Connector: whatever JSON
//! object parses serializes back to exactly that object, valid objects with any extra members parse, and
//! no JSON value makes them panic.

use crate::common;
use opentok_sdk::{
    audio_connector::AudioConnectorStarted,
    captions::CaptionsStarted,
    render::{Render, RenderPage},
};

use common::json_props::*;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

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
