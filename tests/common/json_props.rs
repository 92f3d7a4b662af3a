//! Proptest strategies and checks shared by the model property tests: any JSON value, extra members the
//! models do not know, members with the models' own names, and the exact round trip.

use proptest::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{Map, Value};

pub fn any_json() -> impl Strategy<Value = Value> {
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
pub fn extra_members() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::btree_map("x-[a-zA-Z0-9_]{0,10}", any_json(), 0..6).prop_map(|m| m.into_iter().collect())
}

/// Members with the model's own names and values of any type.
pub fn known_members(fields: &'static [&'static str]) -> impl Strategy<Value = Map<String, Value>> {
    members_of(fields, any_json(), 8)
}

/// Up to `most - 1` members with names from `fields` and values from `values` (a repeated name: the last
/// value counts, as in JSON).
pub fn members_of(
    fields: &'static [&'static str],
    values: impl Strategy<Value = Value>,
    most: usize,
) -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec((prop::sample::select(fields), values), 0..most)
        .prop_map(|pairs| pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
}

/// If `object` parses as `T`, it serializes back to exactly `object`.
pub fn parsed_round_trips_exactly<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(
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

/// If `value` reads with `from_json` (a model's own reader, given the JSON's text), the model writes back
/// exactly `value` with `to_json`, and that reads again to the same model. Whether it read.
pub fn from_json_round_trips<T: PartialEq + std::fmt::Debug>(
    value: &Value,
    from_json: impl Fn(&[u8]) -> opentok_sdk::Result<T>,
    to_json: impl Fn(&T) -> Value,
) -> Result<bool, TestCaseError> {
    let Ok(model) = from_json(value.to_string().as_bytes()) else {
        return Ok(false);
    };
    let back = to_json(&model);
    prop_assert_eq!(&back, value, "the platform's JSON comes back exactly");
    let again = from_json(back.to_string().as_bytes());
    prop_assert!(again.as_ref().is_ok_and(|again| again == &model), "{:?} read again as {:?}", model, again);
    Ok(true)
}

pub fn with(mut base: Map<String, Value>, members: Map<String, Value>) -> Map<String, Value> {
    base.extend(members);
    base
}
