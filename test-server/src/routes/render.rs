//! Experience Composer: start, list, get, stop, with the platform's 50xxx codes and an optional
//! quota (429, code 50004) set with [`crate::TestServer::set_render_quota`].

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;

use axum::routing::{get, post};
use axum::Router;

use super::body::{json_object, opt_int, opt_str, req_str};
use super::client_token::{check_url, verify_for_session};
use super::error::{empty_response, json_response, ApiError, ApiResult};
use super::list_query::ListQuery;
use super::session::RESOLUTIONS;
use super::{AppState, PROJECT};
use crate::state::renders::Render;
use crate::state::Shared;

/// This area's routes.
pub(crate) fn routes() -> Router<std::sync::Arc<Shared>> {
    let r = format!("{PROJECT}/render");
    Router::new().route(&r, post(start).get(list)).route(&format!("{r}/{{rid}}"), get(get_one).delete(stop))
}

fn bad(code: i64, message: impl Into<String>) -> ApiError {
    ApiError::bad_request(message).with_code(code)
}

fn render_not_found() -> ApiError {
    ApiError::not_found("No Experience Composer matching the specified ID")
}

/// `POST /v2/project/{k}/render` `{sessionId, token, url, maxDuration?, resolution?, properties?: {name},
/// statusCallbackUrl?}` → 202 with the render in `starting`.
async fn start(State(shared): AppState, headers: HeaderMap, body: Bytes) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let session_id = opt_str(&body, "sessionId")?.unwrap_or_default().to_string();
    let token = req_str(&body, "token")?;
    let url = opt_str(&body, "url")?.unwrap_or_default().to_string();
    check_url("url", &url).map_err(|m| bad(50001, m))?;
    let max_duration = opt_int(&body, "maxDuration")?.unwrap_or(7200);
    if !(60..=36_000).contains(&max_duration) {
        return Err(bad(50005, "Invalid maxDuration: must be 60 to 36000 seconds"));
    }
    let resolution = opt_str(&body, "resolution")?.unwrap_or("1280x720").to_string();
    if !RESOLUTIONS.contains(&resolution.as_str()) {
        return Err(bad(50006, format!("Invalid resolution {resolution:?}")));
    }
    let name = match body.get("properties") {
        None | Some(Value::Null) => None,
        Some(Value::Object(properties)) => {
            let name = opt_str(properties, "name").map_err(|_| bad(50007, "Invalid stream name"))?.unwrap_or_default();
            if !(1..=200).contains(&name.chars().count()) {
                return Err(bad(50007, "Invalid stream name: properties.name must be 1 to 200 characters"));
            }
            Some(name.to_string())
        }
        Some(_) => return Err(bad(50007, "Invalid properties: must be an object")),
    };
    let callback_url = opt_str(&body, "statusCallbackUrl")?.map(str::to_string);
    let mut world = shared.world();
    let now = world.now();
    let Some(session) = world.sessions.get(&session_id) else {
        return Err(bad(50008, "Invalid sessionId"));
    };
    if !session.routed {
        return Err(ApiError::conflict("Experience Composer needs a routed session (this one is relayed)"));
    }
    let info = verify_for_session(&shared, token, &session_id, now)?;
    world.advance_renders();
    if let Some(quota) = world.render_quota {
        let renders = &world.renders;
        if renders.live().into_iter().filter(|&k| renders[k].is_running()).count() >= quota {
            return Err(ApiError::new(StatusCode::TOO_MANY_REQUESTS, "Experienced Composer API Usage Exceeded")
                .with_code(50004));
        }
    }
    let index = world.create_render(Render {
        id: String::new(),
        session_id,
        url,
        resolution,
        name,
        max_duration_ms: max_duration * 1000,
        callback_url,
        connection_data: info.connection_data,
        role: info.role,
        status: String::new(),
        reason: None,
        created_at: 0,
        updated_at: 0,
        connection_id: None,
        stream_id: None,
        history: Default::default(),
    });
    Ok(json_response(StatusCode::ACCEPTED, &world.renders[index].to_json(&shared.project)))
}

/// `GET …/render?offset=&count=` → `{count, items}`, newest first.
async fn list(State(shared): AppState, RawQuery(query): RawQuery) -> ApiResult {
    let query = ListQuery::parse(query.as_deref())?;
    let mut world = shared.world();
    world.advance_renders();
    let (total, keys) = world.renders.page(None, query.offset, query.count);
    let items = keys.into_iter().map(|k| world.renders[k].to_json(&shared.project)).collect();
    Ok(json_response(StatusCode::OK, &ListQuery::answer(total, items)))
}

/// `GET …/render/{rid}`.
async fn get_one(State(shared): AppState, Path((_k, rid)): Path<(String, String)>) -> ApiResult {
    let mut world = shared.world();
    let index = world.render_index(&rid).ok_or_else(render_not_found)?;
    world.advance_render(index);
    Ok(json_response(StatusCode::OK, &world.renders[index].to_json(&shared.project)))
}

/// `DELETE …/render/{rid}` → 204; 404 if unknown or already stopped.
async fn stop(State(shared): AppState, Path((_k, rid)): Path<(String, String)>) -> ApiResult {
    let mut world = shared.world();
    let index = world.render_index(&rid).ok_or_else(render_not_found)?;
    world.advance_render(index);
    if !world.renders[index].is_running() {
        return Err(ApiError::not_found("The Experience Composer has already stopped"));
    }
    world.finish_render(index, "stopped", "Stop Requested");
    Ok(empty_response(StatusCode::NO_CONTENT))
}
