//! Moderation: list connections, force disconnect, force mute (one stream, or all but some).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{json, Value};

use axum::routing::{delete, get, post};
use axum::Router;

use super::body::{json_object, opt_bool, opt_str_array};
use super::error::{empty_response, json_response, ApiError, ApiResult};
use super::{unknown_session, AppState, SESSION};
use crate::state::Shared;

/// This area's routes.
pub(crate) fn routes() -> Router<std::sync::Arc<Shared>> {
    Router::new()
        .route(&format!("{SESSION}/connection"), get(list_connections))
        .route(&format!("{SESSION}/connection/{{cid}}"), delete(force_disconnect))
        .route(&format!("{SESSION}/mute"), post(mute_all))
        .route(&format!("{SESSION}/stream/{{stid}}/mute"), post(mute_stream))
}

/// `GET …/session/{sid}/connection`.
async fn list_connections(State(shared): AppState, Path((_k, sid)): Path<(String, String)>) -> ApiResult {
    let world = shared.world();
    let session = world.sessions.get(&sid).ok_or_else(|| unknown_session(&sid))?;
    let items: Vec<Value> = session
        .connections
        .iter()
        .map(|c| json!({"connectionId": c.id, "connectionState": "Connected", "createdAt": c.created_at}))
        .collect();
    let mut body = json!({
        "count": items.len(),
        "sessionId": sid,
        "items": items,
    });
    shared.project.add_owner(&mut body);
    Ok(json_response(StatusCode::OK, &body))
}

/// `DELETE …/session/{sid}/connection/{cid}`: 204; the connection's stream goes with it.
async fn force_disconnect(State(shared): AppState, Path((_k, sid, cid)): Path<(String, String, String)>) -> ApiResult {
    let mut world = shared.world();
    if !world.sessions.contains_key(&sid) {
        return Err(unknown_session(&sid));
    }
    if !world.remove_connection_because(&sid, &cid, "forceDisconnected") {
        return Err(ApiError::not_found("Connection not found: the client is not connected"));
    }
    Ok(empty_response(StatusCode::NO_CONTENT))
}

/// `POST …/session/{sid}/stream/{stid}/mute`: 200 with the project details.
async fn mute_stream(State(shared): AppState, Path((_k, sid, stid)): Path<(String, String, String)>) -> ApiResult {
    let mut world = shared.world();
    let session = world.sessions.get_mut(&sid).ok_or_else(|| unknown_session(&sid))?;
    let stream =
        session.streams.iter_mut().find(|s| s.id == stid).ok_or_else(|| ApiError::not_found("Stream not found"))?;
    stream.audio_muted = true;
    let muted = if stream.observes_force_mute { vec![stream.connection_id.clone()] } else { Vec::new() };
    world.emit_mute_forced(&sid, &muted);
    Ok(json_response(StatusCode::OK, &shared.project.details()))
}

/// `POST …/session/{sid}/mute` `{active, excludedStreamIds?}`: `active: true` mutes every stream
/// but the excluded ones and keeps the session muted for new streams; `false` lifts that state.
async fn mute_all(
    State(shared): AppState,
    Path((_k, sid)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let active = opt_bool(&body, "active")?.ok_or_else(|| ApiError::bad_request("active is required"))?;
    let excluded = opt_str_array(&body, "excludedStreamIds")?.unwrap_or_default();
    let mut world = shared.world();
    let session = world.sessions.get_mut(&sid).ok_or_else(|| unknown_session(&sid))?;
    session.force_mute = active;
    let mut muted = Vec::new();
    if active {
        for stream in session.streams.iter_mut().filter(|s| s.observes_force_mute && !excluded.contains(&s.id)) {
            stream.audio_muted = true;
            muted.push(stream.connection_id.clone());
        }
    }
    world.emit_mute_forced(&sid, &muted);
    Ok(json_response(StatusCode::OK, &shared.project.details()))
}
