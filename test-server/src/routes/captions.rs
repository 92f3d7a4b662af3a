//! Live Captions: start (routed session, moderator token of that session, one per session) and stop.
//! There is no `GET …/captions/{id}` on the platform, so there is none here (it answers 404, as any
//! path the platform does not have).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::json;

use axum::routing::post;
use axum::Router;

use super::body::{json_object, opt_bool, opt_int, opt_str, req_str};
use super::client_token::{check_url, verify_for_session};
use super::error::{empty_response, json_response, ApiError, ApiResult};
use super::{unknown_session_at_start, AppState, PROJECT};
use crate::state::Shared;

/// This area's routes.
pub(crate) fn routes() -> Router<std::sync::Arc<Shared>> {
    Router::new()
        .route(&format!("{PROJECT}/captions"), post(start))
        .route(&format!("{PROJECT}/captions/{{cid}}/stop"), post(stop))
}

/// `POST /v2/project/{k}/captions` `{sessionId, token, languageCode?, maxDuration?, partialCaptions?,
/// statusCallbackUrl?}` → 202 `{captionsId}`.
async fn start(State(shared): AppState, headers: HeaderMap, body: Bytes) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let session_id = req_str(&body, "sessionId")?.to_string();
    let token = req_str(&body, "token")?;
    let language_code = opt_str(&body, "languageCode")?.unwrap_or("en-US").to_string();
    let valid_code = language_code.split_once('-').is_some_and(|(l, r)| {
        (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_alphabetic()) && !r.is_empty()
    });
    if !valid_code {
        return Err(ApiError::bad_request(format!("Invalid languageCode {language_code:?}")));
    }
    let max_duration = opt_int(&body, "maxDuration")?.unwrap_or(14_400);
    if !(300..=14_400).contains(&max_duration) {
        return Err(ApiError::bad_request("Invalid maxDuration: must be 300 to 14400 seconds"));
    }
    let partial_captions = opt_bool(&body, "partialCaptions")?.unwrap_or(true);
    let callback = opt_str(&body, "statusCallbackUrl")?.map(str::to_string);
    if let Some(url) = &callback {
        check_url("statusCallbackUrl", url).map_err(ApiError::bad_request)?;
    }
    let mut world = shared.world();
    let now = world.now();
    let session = world.sessions.get(&session_id).ok_or_else(unknown_session_at_start)?;
    if !session.routed {
        return Err(ApiError::conflict("Live Captions need a routed session (this one is relayed)"));
    }
    let info = verify_for_session(&shared, token, &session_id, now)?;
    if info.role != "moderator" {
        return Err(
            ApiError::new(StatusCode::FORBIDDEN, "Live Captions need a token with the role moderator").with_code(10002)
        );
    }
    if world.captions_running(&session_id) {
        return Err(ApiError::conflict("Live captions have already started for this OpenTok Session"));
    }
    let id = world.start_captions(session_id, language_code, max_duration * 1000, partial_captions, callback);
    Ok(json_response(StatusCode::ACCEPTED, &json!({"captionsId": id})))
}

/// `POST …/captions/{cid}/stop` → 202, empty; 404 if unknown or already stopped.
async fn stop(State(shared): AppState, Path((_k, cid)): Path<(String, String)>) -> ApiResult {
    if shared.world().stop_captions(&cid) {
        Ok(empty_response(StatusCode::ACCEPTED))
    } else {
        Err(ApiError::not_found("No captions matching the specified ID, or they have already stopped"))
    }
}
