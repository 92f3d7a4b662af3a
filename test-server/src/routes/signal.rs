//! Signals to a whole session or to one connection; recorded for assertions.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};

use axum::routing::post;
use axum::Router;

use super::body::{json_object, opt_str};
use super::error::{empty_response, ApiError, ApiResult};
use super::{unknown_session, AppState, SESSION};
use crate::state::signals::RecordedSignal;
use crate::state::{push_bounded, Shared};

/// This area's routes.
pub(crate) fn routes() -> Router<std::sync::Arc<Shared>> {
    Router::new()
        .route(&format!("{SESSION}/signal"), post(to_session))
        .route(&format!("{SESSION}/connection/{{cid}}/signal"), post(to_connection))
}

/// Longest signal `type`, in bytes (of its UTF-8 form).
const MAX_TYPE: usize = 128;
/// Largest signal `data`, in bytes.
const MAX_DATA: usize = 8192;

/// `POST …/session/{sid}/signal`.
async fn to_session(
    State(shared): AppState,
    Path((_k, sid)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    send(&shared, sid, None, &headers, &body)
}

/// `POST …/session/{sid}/connection/{cid}/signal`.
async fn to_connection(
    State(shared): AppState,
    Path((_k, sid, cid)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    send(&shared, sid, Some(cid), &headers, &body)
}

fn send(shared: &Shared, sid: String, cid: Option<String>, headers: &HeaderMap, body: &[u8]) -> ApiResult {
    let body = json_object(headers, body)?;
    let mut world = shared.world();
    let session = world.sessions.get(&sid).ok_or_else(|| unknown_session(&sid))?;
    if let Some(cid) = &cid {
        if !session.has_connection(cid) {
            return Err(ApiError::not_found("Connection not found: the client is not connected"));
        }
    }
    // Both members are required: the platform answers 400 naming the invalid signal property.
    let member = |name: &str| {
        opt_str(&body, name)?
            .map(str::to_string)
            .ok_or_else(|| ApiError::bad_request(format!("Invalid signal property: {name} is required (a string)")))
    };
    let kind = member("type")?;
    let data = member("data")?;
    if kind.len() > MAX_TYPE {
        return Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "Signal type is longer than 128 bytes"));
    }
    if data.len() > MAX_DATA {
        return Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "Signal data is larger than 8 kB"));
    }
    let signal = RecordedSignal { session_id: sid, connection_id: cid, r#type: Some(kind), data: Some(data) };
    push_bounded(&mut world.signals, signal);
    Ok(empty_response(StatusCode::NO_CONTENT))
}
