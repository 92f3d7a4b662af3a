//! Audio Connector: `POST /v2/project/{k}/connect` adds a connection (and a stream when
//! bidirectional) to a routed session; force-disconnect of that connection stops it. The older
//! `POST …/connect/{id}/stop` no longer works on the platform: it answers 404 here.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::{json, Map, Value};

use axum::routing::post;
use axum::Router;

use super::body::{json_object, opt_bool, opt_int, opt_str, opt_str_array, req_str};
use super::client_token::verify_for_session;
use super::error::{json_response, ApiError, ApiResult};
use super::{unknown_session_at_start, AppState, PROJECT};
use crate::state::audio_connectors::AudioConnector;
use crate::state::{ids, Shared};

/// This area's routes.
pub(crate) fn routes() -> Router<std::sync::Arc<Shared>> {
    Router::new().route(&format!("{PROJECT}/connect"), post(connect)).route(
        &format!("{PROJECT}/connect/{{id}}/stop"),
        post(|| async { ApiError::not_found("This endpoint no longer works: force-disconnect the connection") }),
    )
}

/// `POST /v2/project/{k}/connect` `{sessionId, token, websocket: {uri, streams?, headers?, audioRate?,
/// bidirectional?, audioTransport?}}` → 200 `{id, connectionId}`.
async fn connect(State(shared): AppState, headers: HeaderMap, body: Bytes) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let session_id = req_str(&body, "sessionId")?.to_string();
    let token = req_str(&body, "token")?;
    let Some(Value::Object(websocket)) = body.get("websocket") else {
        return Err(ApiError::bad_request("websocket is required and must be an object"));
    };
    let (uri, audio_rate, bidirectional) = check_websocket(websocket)?;
    let mut world = shared.world();
    let now = world.now();
    let session = world.sessions.get(&session_id).ok_or_else(unknown_session_at_start)?;
    if !session.routed {
        return Err(ApiError::conflict("Only routed sessions are allowed to initiate Connect Calls."));
    }
    let info = verify_for_session(&shared, token, &session_id, now)?;
    let connection_id =
        world.add_audio_connector_connection(&session_id, info.connection_data, info.role, bidirectional);
    let id = ids::uuid();
    world.audio_connectors.push(AudioConnector {
        id: id.clone(),
        session_id,
        connection_id: connection_id.clone(),
        uri,
        audio_rate,
        bidirectional,
    });
    Ok(json_response(StatusCode::OK, &json!({"id": id, "connectionId": connection_id})))
}

/// Checks the `websocket` object; returns its URI, audio rate and bidirectional flag.
fn check_websocket(websocket: &Map<String, Value>) -> Result<(String, i64, bool), ApiError> {
    let uri = req_str(websocket, "uri")?.to_string();
    if !(uri.starts_with("ws://") || uri.starts_with("wss://")) || uri.chars().count() > 2048 {
        return Err(ApiError::bad_request("Invalid websocket.uri: must be a ws:// or wss:// URI"));
    }
    opt_str_array(websocket, "streams")?;
    match websocket.get("headers") {
        None | Some(Value::Null) => {}
        Some(Value::Object(h)) if h.values().all(Value::is_string) => {
            let bytes: usize = h.iter().map(|(k, v)| k.len() + v.as_str().map_or(0, str::len)).sum();
            if bytes > 512 {
                return Err(ApiError::bad_request("Invalid websocket.headers: at most 512 bytes in all"));
            }
        }
        Some(_) => return Err(ApiError::bad_request("Invalid websocket.headers: must be an object of strings")),
    }
    let audio_rate = opt_int(websocket, "audioRate")?.unwrap_or(8000);
    if ![8000, 16_000, 24_000].contains(&audio_rate) {
        return Err(ApiError::bad_request("Invalid websocket.audioRate: must be 8000, 16000 or 24000"));
    }
    let bidirectional = opt_bool(websocket, "bidirectional")?.unwrap_or(false);
    match websocket.get("audioTransport") {
        None | Some(Value::Null) => {}
        Some(Value::Object(transport)) => match opt_str(transport, "transport")? {
            None | Some("binary") => {}
            Some("json") => {
                if opt_str(transport, "encoding")? != Some("base64") {
                    return Err(ApiError::bad_request(
                        "Invalid websocket.audioTransport: encoding base64 is required with transport json",
                    ));
                }
            }
            Some(other) => {
                return Err(ApiError::bad_request(format!("Invalid websocket.audioTransport.transport {other:?}")))
            }
        },
        Some(_) => return Err(ApiError::bad_request("Invalid websocket.audioTransport: must be an object")),
    }
    Ok((uri, audio_rate, bidirectional))
}
