//! Reading request bodies: JSON objects and their typed fields, each failure a 400 naming the field.

use axum::http::{header, HeaderMap};
use serde_json::{Map, Value};

use super::error::ApiError;

/// Reads a JSON object body. An empty body reads as `{}`; a body with a non-JSON `Content-Type`,
/// invalid JSON or a non-object is a 400.
pub(crate) fn json_object(headers: &HeaderMap, body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    if let Some(ct) = headers.get(header::CONTENT_TYPE) {
        let ct = String::from_utf8_lossy(ct.as_bytes()).to_ascii_lowercase();
        let essence = ct.split(';').next().unwrap_or_default().trim();
        if essence != "application/json" && !essence.ends_with("+json") {
            return Err(ApiError::bad_request(format!(
                "Invalid Content-Type {essence:?}: the body must be application/json"
            )));
        }
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::bad_request("Invalid request body: expected a JSON object")),
        Err(e) => Err(ApiError::bad_request(format!("Invalid JSON in request body: {e}"))),
    }
}

/// An optional string field (`null` counts as absent).
pub(crate) fn opt_str<'a>(map: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, ApiError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::bad_request(format!("Invalid {key}: must be a string"))),
    }
}

/// A required, non-empty string field.
pub(crate) fn req_str<'a>(map: &'a Map<String, Value>, key: &str) -> Result<&'a str, ApiError> {
    match opt_str(map, key)? {
        Some(s) if !s.is_empty() => Ok(s),
        _ => Err(ApiError::bad_request(format!("{key} is required"))),
    }
}

/// An optional boolean field.
pub(crate) fn opt_bool(map: &Map<String, Value>, key: &str) -> Result<Option<bool>, ApiError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(ApiError::bad_request(format!("Invalid {key}: must be a boolean"))),
    }
}

/// An optional integer field.
pub(crate) fn opt_int(map: &Map<String, Value>, key: &str) -> Result<Option<i64>, ApiError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => {
            n.as_i64().map(Some).ok_or_else(|| ApiError::bad_request(format!("Invalid {key}: must be an integer")))
        }
        Some(_) => Err(ApiError::bad_request(format!("Invalid {key}: must be an integer"))),
    }
}

/// An optional array-of-strings field.
pub(crate) fn opt_str_array(map: &Map<String, Value>, key: &str) -> Result<Option<Vec<String>>, ApiError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .map(Some)
            .ok_or_else(|| ApiError::bad_request(format!("Invalid {key}: must be an array of strings"))),
        Some(_) => Err(ApiError::bad_request(format!("Invalid {key}: must be an array of strings"))),
    }
}
