//! The platform's example answers and callbacks (`tests/fixtures/`), and the exact round trip the model
//! tests hold each of them to.

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

/// `tests/fixtures/<name>`, as JSON.
pub fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Parses `value` as `T`, checks that it serializes back to exactly `value` (as a value, and through text
/// as a caller storing the model would), and returns it.
pub fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &Value) -> T {
    let model: T = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(&serde_json::to_value(&model).unwrap(), value, "serialize(deserialize(x)) == x");
    let text = serde_json::to_string(&model).unwrap();
    let again: T = serde_json::from_str(&text).unwrap();
    assert_eq!(again, model);
    assert_eq!(&serde_json::from_str::<Value>(&text).unwrap(), value);
    model
}
