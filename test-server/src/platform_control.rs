//! Floor 4, the `/_test` calls that make the emulated platform act on its own, as the real one does
//! without being asked: warn a session of a server rotation, and fail a broadcast, an Experience
//! Composer or a captioning. Each state change sends its callback (`session_notification`,
//! `broadcast_status`, `render_status`, `captions_status`) like any other.
//!
//! - `POST /_test/session/{sid}/notification` `{"reason"?}` (default `serverRotation`) → 204; 404 unknown
//!   session; 409 when no client is connected.
//! - `POST /_test/broadcast/{bid}/failure` `{"reason"?}` (default `forceDisconnected`) → 204; 404 unless
//!   the broadcast is running.
//! - `POST /_test/render/{rid}/failure` `{"reason"?}` (default `failure`) → 204; 404 unless the
//!   Experience Composer is starting or started.
//! - `POST /_test/captions/{cid}/failure` `{"reason"?}` (default `failure`) → 204; 404 unless the
//!   captioning is running.
//!
//! The body may be empty.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;

use crate::routes::body::{json_object, opt_str};
use crate::routes::error::{empty_response, ApiError, ApiResult};
use crate::routes::AppState;
use crate::state::Shared;

/// The reason a session notification gives when none is asked for.
const ROTATION: &str = "serverRotation";
/// The reason a failed broadcast gives when none is asked for (the platform's, on a media failure).
const BROADCAST_FAILURE: &str = "forceDisconnected";
/// The reason a failed Experience Composer or captioning gives when none is asked for.
const FAILURE: &str = "failure";

pub(crate) fn router() -> Router<std::sync::Arc<Shared>> {
    Router::new()
        .route("/_test/session/{sid}/notification", post(notify_session))
        .route("/_test/broadcast/{bid}/failure", post(fail_broadcast))
        .route("/_test/render/{rid}/failure", post(fail_render))
        .route("/_test/captions/{cid}/failure", post(fail_captions))
}

/// The `reason` of an optional JSON object body, or `default`.
fn reason(headers: &HeaderMap, body: &Bytes, default: &str) -> Result<String, ApiError> {
    let body = json_object(headers, body)?;
    match opt_str(&body, "reason")? {
        Some("") => Err(ApiError::bad_request("reason must not be empty")),
        Some(reason) => Ok(reason.to_string()),
        None => Ok(default.to_string()),
    }
}

async fn notify_session(
    State(shared): AppState,
    Path(sid): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let reason = reason(&headers, &body, ROTATION)?;
    match shared.world().notify_session(&sid, &reason) {
        Ok(()) => Ok(empty_response(StatusCode::NO_CONTENT)),
        Err(r) => Err(ApiError::new(StatusCode::from_u16(r.status).unwrap_or(StatusCode::NOT_FOUND), r.message)),
    }
}

async fn fail_broadcast(
    State(shared): AppState,
    Path(bid): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let reason = reason(&headers, &body, BROADCAST_FAILURE)?;
    if shared.fail_broadcast(&bid, &reason) {
        Ok(empty_response(StatusCode::NO_CONTENT))
    } else {
        Err(ApiError::not_found("Broadcast not found, or not running"))
    }
}

async fn fail_render(State(shared): AppState, Path(rid): Path<String>, headers: HeaderMap, body: Bytes) -> ApiResult {
    let reason = reason(&headers, &body, FAILURE)?;
    if shared.world().fail_render(&rid, &reason) {
        Ok(empty_response(StatusCode::NO_CONTENT))
    } else {
        Err(ApiError::not_found("Experience Composer not found, or not running"))
    }
}

async fn fail_captions(State(shared): AppState, Path(cid): Path<String>, headers: HeaderMap, body: Bytes) -> ApiResult {
    let reason = reason(&headers, &body, FAILURE)?;
    if shared.world().end_captions(&cid, "failed", &reason) {
        Ok(empty_response(StatusCode::NO_CONTENT))
    } else {
        Err(ApiError::not_found("Captions not found, or not running"))
    }
}
