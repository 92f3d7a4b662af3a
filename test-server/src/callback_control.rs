//! Floor 4, the `/_test/callbacks` control API: set where each kind of callback goes (and its signature
//! secret), and list what was delivered and what failed.
//!
//! - `GET /_test/callbacks` → `[{kind, url, payload, signed, attempts, status, result, error}]`, oldest
//!   first (`result` is `delivered` or `failed`); `DELETE` forgets them.
//! - `GET /_test/callbacks/config` → `{"<kind>": {"url", "signed"}}` (secrets are not shown).
//! - `PUT /_test/callbacks/config/{kind}` `{"url", "secret"?}` → 204; 400 for an unknown kind or a URL
//!   that is not `http://`. `DELETE` → 204, the kind is no longer sent.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{get, put};
use axum::Router;
use serde_json::{json, Map, Value};

use crate::routes::body::{json_object, req_str};
use crate::routes::error::{empty_response, json_response, ApiError, ApiResult};
use crate::routes::AppState;
use crate::state::callbacks::CallbackTarget;
use crate::state::Shared;

pub(crate) fn router() -> Router<std::sync::Arc<Shared>> {
    Router::new()
        .route("/_test/callbacks", get(list).delete(clear))
        .route("/_test/callbacks/config", get(config))
        .route("/_test/callbacks/config/{kind}", put(set).delete(unset))
}

async fn list(State(shared): AppState) -> Response {
    let all: Vec<Value> = shared.callbacks.delivered().iter().map(|c| c.to_json()).collect();
    json_response(StatusCode::OK, &Value::from(all))
}

async fn clear(State(shared): AppState) -> Response {
    shared.callbacks.clear_log();
    empty_response(StatusCode::NO_CONTENT)
}

async fn config(State(shared): AppState) -> Response {
    let mut all = Map::new();
    for (kind, target) in shared.callbacks.targets() {
        all.insert(kind, json!({"url": target.url, "signed": target.secret.is_some()}));
    }
    json_response(StatusCode::OK, &Value::Object(all))
}

async fn set(State(shared): AppState, Path(kind): Path<String>, headers: HeaderMap, body: Bytes) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let url = req_str(&body, "url")?.to_string();
    let secret = match body.get("secret") {
        None | Some(Value::Null) => None,
        Some(Value::String(secret)) if !secret.is_empty() => Some(secret.clone()),
        Some(_) => return Err(ApiError::bad_request("secret must be a non-empty string")),
    };
    shared.callbacks.set(&kind, Some(CallbackTarget { url, secret })).map_err(ApiError::bad_request)?;
    Ok(empty_response(StatusCode::NO_CONTENT))
}

async fn unset(State(shared): AppState, Path(kind): Path<String>) -> ApiResult {
    shared.callbacks.set(&kind, None).map_err(ApiError::bad_request)?;
    Ok(empty_response(StatusCode::NO_CONTENT))
}
