//! Floor 3, the REST API routes: one file per area, each with its `routes()` and its handlers, plus
//! the auth check, the error bodies and the body readers they share. A new area (broadcasts,
//! captions, renders, ...) adds one file here and one line in [`api`].
//!
//! Every answer is the platform's: success bodies as documented, every error the JSON error body
//! `{code, message, description}`. Paths the platform does not have follow one rule: a path that the
//! platform has, asked with a method it does not serve there, is **405**; any other path is **404**;
//! both name the method and the path. (No 501: every operation of the platform's description is
//! served, which `tests/it/route_coverage.rs` checks.)

use std::sync::Arc;

use axum::http::{Method, StatusCode, Uri};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::state::Shared;

pub(crate) mod auth;
pub(crate) mod body;
pub(crate) mod error;

mod archive;
mod audio_connector;
mod broadcast;
mod captions;
mod client_token;
mod layout_and_streams;
mod list_query;
mod migrate;
mod moderation;
mod path_ids;
mod render;
mod session;
mod signal;
mod sip;
mod stream;
mod stream_selection;
mod transcription;

use error::ApiError;

/// `/v2/project/{k}/session/{sid}`, the prefix of the per-session routes.
pub(crate) const SESSION: &str = "/v2/project/{k}/session/{sid}";
/// `/v2/project/{k}`, the prefix of the project routes.
pub(crate) const PROJECT: &str = "/v2/project/{k}";

/// The API routes, behind the auth check and the check of the ids in their paths (`path_ids.rs`);
/// unrouted paths and wrong methods get JSON errors.
pub(crate) fn api(shared: Arc<Shared>) -> Router<Arc<Shared>> {
    Router::new()
        .merge(session::routes())
        .merge(archive::routes())
        .merge(broadcast::routes())
        .merge(moderation::routes())
        .merge(signal::routes())
        .merge(stream::routes())
        .merge(sip::routes())
        .merge(captions::routes())
        .merge(render::routes())
        .merge(audio_connector::routes())
        .merge(migrate::routes())
        // Layers run last-added first: the auth check, then the ids in the path.
        .route_layer(from_fn(path_ids::refuse_bad_ids))
        .route_layer(from_fn_with_state(shared, auth::require_auth))
        .method_not_allowed_fallback(method_not_allowed)
}

/// A path with routes, but none for this method: 405 with a JSON body.
async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, format!("Method {method} is not allowed on {}", uri.path()))
        .into_response()
}

/// No route at all: 404 naming the method and path.
pub(crate) async fn unrouted(method: Method, uri: Uri) -> Response {
    ApiError::not_found(format!("Resource not found: no route for {method} {}", uri.path())).into_response()
}

/// State extractor used by every handler.
pub(crate) type AppState = axum::extract::State<Arc<Shared>>;

pub(crate) fn session_not_found() -> ApiError {
    ApiError::not_found("Session not found")
}

/// The answer for a session the server does not hold: 404, or 400 when `session_id` does not even have
/// a session id's shape ([`crate::state::ids::is_session_id`]), as the platform documents both.
pub(crate) fn unknown_session(session_id: &str) -> ApiError {
    if crate::state::ids::is_session_id(session_id) {
        return session_not_found();
    }
    ApiError::bad_request("Invalid session id: not a session id")
}

/// The answer of a Live Captions or Audio Connector start for a session the server does not hold: 400
/// whatever the id's shape, since the platform documents no 404 for these two (as Experience Composer
/// answers 400 with code 50008).
pub(crate) fn unknown_session_at_start() -> ApiError {
    ApiError::bad_request("Invalid sessionId: no such session")
}

/// 200 with an empty body.
pub(crate) fn ok_empty() -> Response {
    StatusCode::OK.into_response()
}
