//! The HTTP routes: one file per API area, plus the `/_test` control API, and the helpers they
//! share for reading request bodies.

use std::sync::Arc;

use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::response::IntoResponse;
use axum::routing::{delete, get, post, put};
use axum::Router;
use serde_json::{Map, Value};

use crate::auth::require_auth;
use crate::error::ApiError;
use crate::state::Shared;

mod archive;
mod control;
mod moderation;
mod session;
mod signal;
mod sip;
mod stream;

/// Every route: the API (behind the auth check) and the control API (no auth).
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    const S: &str = "/v2/project/{k}/session/{sid}";
    const A: &str = "/v2/project/{k}/archive";
    let api = Router::new()
        .route("/session/create", post(session::create))
        .route(A, post(archive::start).get(archive::list))
        .route(&format!("{A}/{{aid}}"), get(archive::get).delete(archive::delete))
        .route(&format!("{A}/{{aid}}/stop"), post(archive::stop))
        .route(&format!("{A}/{{aid}}/layout"), put(archive::layout))
        .route(&format!("{A}/{{aid}}/streams"), axum::routing::patch(archive::streams))
        .route(&format!("{S}/connection"), get(moderation::list_connections))
        .route(&format!("{S}/connection/{{cid}}"), delete(moderation::force_disconnect))
        .route(&format!("{S}/mute"), post(moderation::mute_all))
        .route(&format!("{S}/stream/{{stid}}/mute"), post(moderation::mute_stream))
        .route(&format!("{S}/signal"), post(signal::to_session))
        .route(&format!("{S}/connection/{{cid}}/signal"), post(signal::to_connection))
        .route(&format!("{S}/stream"), get(stream::list).put(stream::set_class_lists))
        .route(&format!("{S}/stream/{{stid}}"), get(stream::get))
        .route("/v2/project/{k}/dial", post(sip::dial))
        // The PHP SDK posts dial requests here; the platform accepts both.
        .route("/v2/project/{k}/call", post(sip::dial))
        .route(&format!("{S}/play-dtmf"), post(sip::dtmf_to_session))
        .route(&format!("{S}/connection/{{cid}}/play-dtmf"), post(sip::dtmf_to_connection))
        .route_layer(from_fn_with_state(shared.clone(), require_auth));
    api.merge(control::router())
        .fallback(|| async { ApiError::not_found("Resource not found").into_response() })
        .with_state(shared)
}

/// State extractor used by every handler.
pub(crate) type AppState = axum::extract::State<Arc<Shared>>;

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

pub(crate) fn session_not_found() -> ApiError {
    ApiError::not_found("Session not found")
}

/// 200 with an empty body.
pub(crate) fn ok_empty() -> axum::response::Response {
    StatusCode::OK.into_response()
}
