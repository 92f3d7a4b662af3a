//! Session migration: `POST …/session/{sid}/migrate` → 202; 404 without connected clients; 409 with
//! code 15214 (in progress) or 15215 (too soon), in the windows set with
//! [`crate::TestServer::set_migration_windows`].

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::json;

use axum::routing::post;
use axum::Router;

use super::error::{json_response, ApiError, ApiResult};
use super::{AppState, SESSION};
use crate::state::migrations::MigrationRefusal;
use crate::state::Shared;

/// This area's routes.
pub(crate) fn routes() -> Router<std::sync::Arc<Shared>> {
    Router::new().route(&format!("{SESSION}/migrate"), post(migrate))
}

async fn migrate(State(shared): AppState, Path((_k, sid)): Path<(String, String)>) -> ApiResult {
    let mut world = shared.world();
    let Some(session) = world.sessions.get(&sid) else {
        return Err(ApiError::bad_request("Invalid session id."));
    };
    if session.connections.is_empty() {
        return Err(ApiError::not_found("Not found. No clients are actively connected to the OpenTok session."));
    }
    match world.migrate(&sid) {
        Ok(()) => Ok(json_response(StatusCode::ACCEPTED, &json!({"message": "Session migration initiated"}))),
        Err(MigrationRefusal::InProgress) => {
            Err(ApiError::conflict("Migration is already in progress for the session.").with_code(15214))
        }
        Err(MigrationRefusal::TooSoon) => {
            Err(ApiError::conflict("Migration is not allowed shortly after session creation or a previous migration.")
                .with_code(15215))
        }
    }
}
