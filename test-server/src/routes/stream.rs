//! Stream information and layout class lists.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{json, Value};

use axum::routing::get;
use axum::Router;

use super::body::json_object;
use super::error::{json_response, ApiError, ApiResult};
use super::{ok_empty, unknown_session, AppState, SESSION};
use crate::state::Shared;

/// This area's routes.
pub(crate) fn routes() -> Router<std::sync::Arc<Shared>> {
    Router::new()
        .route(&format!("{SESSION}/stream"), get(list).put(set_class_lists))
        .route(&format!("{SESSION}/stream/{{stid}}"), get(get_one))
}

/// `GET …/session/{sid}/stream/{stid}`.
async fn get_one(State(shared): AppState, Path((_k, sid, stid)): Path<(String, String, String)>) -> ApiResult {
    let world = shared.world();
    let session = world.sessions.get(&sid).ok_or_else(|| unknown_session(&sid))?;
    let stream = session.stream(&stid).ok_or_else(|| ApiError::not_found("Stream not found"))?;
    Ok(json_response(StatusCode::OK, &stream.to_json()))
}

/// `GET …/session/{sid}/stream`: `{count, items}` (an empty list when nothing is published).
async fn list(State(shared): AppState, Path((_k, sid)): Path<(String, String)>) -> ApiResult {
    let world = shared.world();
    let session = world.sessions.get(&sid).ok_or_else(|| unknown_session(&sid))?;
    let items: Vec<Value> = session.streams.iter().map(|s| s.to_json()).collect();
    Ok(json_response(StatusCode::OK, &json!({"count": items.len(), "items": items})))
}

/// `PUT …/session/{sid}/stream` `{"items": [{"id", "layoutClassList"}]}`: all or nothing.
async fn set_class_lists(
    State(shared): AppState,
    Path((_k, sid)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let Some(Value::Array(items)) = body.get("items") else {
        return Err(ApiError::bad_request("items is required and must be an array"));
    };
    let mut changes = Vec::with_capacity(items.len());
    for item in items {
        let id = item.get("id").and_then(Value::as_str);
        let classes = item
            .get("layoutClassList")
            .and_then(Value::as_array)
            .and_then(|list| list.iter().map(|c| c.as_str().map(str::to_string)).collect::<Option<Vec<_>>>());
        match (id, classes) {
            (Some(id), Some(classes)) => changes.push((id.to_string(), classes)),
            _ => {
                return Err(ApiError::bad_request(
                    "Each item needs an id string and a layoutClassList array of strings",
                ))
            }
        }
    }
    let mut world = shared.world();
    let session = world.sessions.get_mut(&sid).ok_or_else(|| unknown_session(&sid))?;
    if let Some((missing, _)) = changes.iter().find(|(id, _)| session.stream(id).is_none()) {
        return Err(ApiError::not_found(format!("Stream not found: {missing}")));
    }
    for (id, classes) in changes {
        if let Some(stream) = session.streams.iter_mut().find(|s| s.id == id) {
            stream.layout_class_list = classes;
        }
    }
    Ok(ok_empty())
}
