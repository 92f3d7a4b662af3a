//! Floor 4, the `/_test` control API: no auth, not recorded, never faulted. Lets tests in any
//! language connect simulated clients, queue faults and read what the server saw.

use axum::body::{Body, Bytes};
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::routes::body::{json_object, opt_int, opt_str, req_str};
use crate::routes::error::{empty_response, json_response, ApiError, ApiResult};
use crate::routes::AppState;
use crate::state::faults::Fault;
use crate::state::request_log::RequestFilter;
use crate::state::Shared;
use crate::verify::mint;

/// The reasons a stream can end for while its client stays connected, as `streamDestroyed` gives them.
const UNPUBLISH_REASONS: &[&str] = &["clientDisconnected", "forceUnpublished", "mediaStopped"];

pub(crate) fn router() -> Router<std::sync::Arc<Shared>> {
    Router::new()
        .route("/_test/project", get(project))
        .route("/_test/session/{sid}", get(session))
        .route("/_test/session/{sid}/connection", post(connect))
        .route("/_test/session/{sid}/connection/{cid}", delete(disconnect))
        .route("/_test/session/{sid}/connection/{cid}/stream", post(publish))
        .route("/_test/session/{sid}/token", post(mint_token))
        .route("/_test/session/{sid}/stream/{stream_id}", delete(unpublish))
        .route("/_test/requests", get(requests).delete(clear_requests))
        .route("/_test/faults", post(add_fault).delete(clear_faults))
        .route("/_test/signals", get(signals))
        .route("/_test/dtmf", get(dtmf))
        .route("/_test/archive/{aid}", get(archive))
        .route("/_test/archive/{aid}/status", post(set_archive_status))
        .route("/_test/archive/{aid}/{file}", get(download))
        .route("/_test/broadcast/{bid}", get(broadcast))
        .route("/_test/broadcast-clock", post(advance_broadcast_clock))
}

/// `GET /_test/project` → `{url, api_key, api_secret}`.
async fn project(State(shared): AppState) -> Response {
    let p = &shared.project;
    json_response(StatusCode::OK, &json!({"url": p.url, "api_key": p.api_key, "api_secret": p.api_secret}))
}

/// `GET /_test/session/{sid}` → the session's modes, connections and streams.
async fn session(State(shared): AppState, Path(sid): Path<String>) -> ApiResult {
    let world = shared.world();
    let session = world.sessions.get(&sid).ok_or_else(crate::routes::session_not_found)?;
    let info = session.info();
    let body = json!({
        "sessionId": info.session_id,
        "mediaMode": info.media_mode,
        "archiveMode": info.archive_mode,
        "location": info.location,
        "e2ee": info.e2ee,
        "archiveName": info.archive_name,
        "archiveResolution": info.archive_resolution,
        "forceMuted": info.force_muted,
        "connections": info.connections.iter().map(|c| json!({
            "connectionId": c.connection_id, "role": c.role, "data": c.data, "sip": c.sip,
        })).collect::<Vec<_>>(),
        "streams": session.streams.iter().map(|s| json!({
            "id": s.id, "connectionId": s.connection_id, "videoType": s.video_type, "name": s.name,
            "layoutClassList": s.layout_class_list, "audioMuted": s.audio_muted,
        })).collect::<Vec<_>>(),
    });
    Ok(json_response(StatusCode::OK, &body))
}

/// `POST /_test/session/{sid}/connection` `{"token"}` → `{connectionId, streamId}` (`streamId`
/// null for subscribers); 403 bad token, 404 unknown session.
async fn connect(State(shared): AppState, Path(sid): Path<String>, headers: HeaderMap, body: Bytes) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let token = req_str(&body, "token")?;
    match shared.connect_client(&sid, token) {
        Ok(c) => {
            let stream_id = (!c.stream_id.is_empty()).then_some(c.stream_id);
            Ok(json_response(StatusCode::OK, &json!({"connectionId": c.connection_id, "streamId": stream_id})))
        }
        Err(r) => Err(ApiError::new(StatusCode::from_u16(r.status).unwrap_or(StatusCode::FORBIDDEN), r.message)),
    }
}

/// `DELETE /_test/session/{sid}/connection/{cid}` → 204, or 404.
async fn disconnect(State(shared): AppState, Path((sid, cid)): Path<(String, String)>) -> ApiResult {
    if shared.world().remove_connection(&sid, &cid) {
        Ok(empty_response(StatusCode::NO_CONTENT))
    } else {
        Err(ApiError::not_found("Session or connection not found"))
    }
}

/// `POST /_test/session/{sid}/connection/{cid}/stream` `{"videoType"?}` (`camera`, the default, or
/// `screen`) → `{streamId}`: the client publishes one more stream; 403 for a subscriber, 404 unknown.
async fn publish(
    State(shared): AppState,
    Path((sid, cid)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let video_type = match opt_str(&body, "videoType")? {
        None => "camera",
        Some(kind @ ("camera" | "screen")) => kind,
        Some(_) => return Err(ApiError::bad_request("videoType must be camera or screen")),
    };
    match shared.world().publish(&sid, &cid, video_type, crate::state::now_ms()) {
        Ok(stream_id) => Ok(json_response(StatusCode::OK, &json!({"streamId": stream_id}))),
        Err(r) => Err(ApiError::new(StatusCode::from_u16(r.status).unwrap_or(StatusCode::NOT_FOUND), r.message)),
    }
}

/// `DELETE /_test/session/{sid}/stream/{streamId}` `{"reason"?}` → 204: the stream ends, and its
/// `streamDestroyed` callback gives the reason: `clientDisconnected` (the default: its client
/// unpublished it), `forceUnpublished` (a moderator forced it) or `mediaStopped` (its camera or screen
/// share stopped); 400 for another reason, 404 unknown.
async fn unpublish(
    State(shared): AppState,
    Path((sid, stream_id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let reason = match opt_str(&body, "reason")? {
        None => "clientDisconnected",
        Some(reason) => UNPUBLISH_REASONS.iter().copied().find(|r| *r == reason).ok_or_else(|| {
            ApiError::bad_request(format!("Invalid reason: must be one of {}", UNPUBLISH_REASONS.join(", ")))
        })?,
    };
    if shared.world().unpublish(&sid, &stream_id, reason) {
        Ok(empty_response(StatusCode::NO_CONTENT))
    } else {
        Err(ApiError::not_found("Session or stream not found"))
    }
}

/// `POST /_test/session/{sid}/token` `{"role"?, "data"?}` → `{token}`: a client token for a quick try,
/// valid one hour (role default `publisher`); 400 bad role, 404 unknown session, 409 for an application
/// whose private key this server does not hold.
async fn mint_token(State(shared): AppState, Path(sid): Path<String>, headers: HeaderMap, body: Bytes) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let role = opt_str(&body, "role")?.unwrap_or("publisher");
    if !crate::verify::client_token::ROLES.contains(&role) {
        return Err(ApiError::bad_request(format!(
            "Invalid role {role:?}: use one of {}",
            crate::verify::client_token::ROLES.join(", ")
        )));
    }
    let data = opt_str(&body, "data")?;
    if !shared.world().sessions.contains_key(&sid) {
        return Err(crate::routes::session_not_found());
    }
    let project = &shared.project;
    let now = crate::state::now_ms() / 1000;
    let token = match &project.application {
        None => mint::sign_hs256(
            &mint::client_claims(("iss", &project.api_key), &sid, role, data, now),
            &project.api_secret,
        ),
        Some(app) => {
            let key = app.private_key_pem.as_deref().ok_or_else(|| {
                ApiError::new(
                    StatusCode::CONFLICT,
                    "This server does not hold the application's private key: paste a token signed with it",
                )
            })?;
            let claims = mint::client_claims(("application_id", &project.api_key), &sid, role, data, now);
            mint::sign_rs256(&claims, key).map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e))?
        }
    };
    Ok(json_response(StatusCode::OK, &json!({"token": token})))
}

/// `GET /_test/requests?method=&path=&pathPrefix=&last=`: the recorded API requests that match
/// every given filter, oldest first. The header `X-Dropped-Requests` tells how many requests the
/// bounded log has dropped so far.
async fn requests(State(shared): AppState, RawQuery(query): RawQuery) -> ApiResult {
    let filter = request_filter(query.as_deref().unwrap_or_default())?;
    let found: Vec<Value> = shared.requests.matching(&filter).iter().map(|r| r.to_json()).collect();
    let mut response = json_response(StatusCode::OK, &Value::Array(found));
    response.headers_mut().insert("x-dropped-requests", shared.requests.dropped().into());
    Ok(response)
}

fn request_filter(query: &str) -> Result<RequestFilter, ApiError> {
    let mut filter = RequestFilter::default();
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "method" => filter.method = Some(value.into_owned()),
            "path" => filter.path = Some(value.into_owned()),
            "pathPrefix" => filter.path_prefix = Some(value.into_owned()),
            "last" => {
                filter.last =
                    Some(value.parse().map_err(|_| ApiError::bad_request("Invalid last: must be an integer >= 0"))?)
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "Unknown filter {other:?}: use method, path, pathPrefix or last"
                )))
            }
        }
    }
    Ok(filter)
}

async fn clear_requests(State(shared): AppState) -> Response {
    shared.requests.clear();
    empty_response(StatusCode::NO_CONTENT)
}

/// `POST /_test/faults` `{status?, body?, contentType?, delayMs?, drop?, count?}`: `drop` wins,
/// then `status`, then `delayMs`. `count` defaults to 1.
async fn add_fault(State(shared): AppState, headers: HeaderMap, body: Bytes) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let (fault, count) = Fault::from_json(&body).map_err(ApiError::bad_request)?;
    if !shared.faults.push(fault, count) {
        return Err(ApiError::bad_request("Too many queued faults: clear them first"));
    }
    Ok(empty_response(StatusCode::NO_CONTENT))
}

async fn clear_faults(State(shared): AppState) -> Response {
    shared.faults.clear();
    empty_response(StatusCode::NO_CONTENT)
}

async fn signals(State(shared): AppState) -> Response {
    let all: Vec<Value> = shared
        .world()
        .signals
        .iter()
        .map(|s| json!({"sessionId": s.session_id, "connectionId": s.connection_id, "type": s.r#type, "data": s.data}))
        .collect();
    json_response(StatusCode::OK, &Value::Array(all))
}

async fn dtmf(State(shared): AppState) -> Response {
    let all: Vec<Value> = shared
        .world()
        .dtmf
        .iter()
        .map(|d| json!({"sessionId": d.session_id, "connectionId": d.connection_id, "digits": d.digits}))
        .collect();
    json_response(StatusCode::OK, &Value::Array(all))
}

/// `GET /_test/archive/{aid}`: the archive as the API shows it, without advancing its status.
async fn archive(State(shared): AppState, Path(aid): Path<String>) -> ApiResult {
    shared
        .archive_json(&aid)
        .map(|v| json_response(StatusCode::OK, &v))
        .ok_or_else(|| ApiError::not_found("Archive not found"))
}

/// `GET /_test/broadcast/{bid}`: the broadcast as the API shows it, timers applied; 404 if unknown.
async fn broadcast(State(shared): AppState, Path(bid): Path<String>) -> ApiResult {
    shared
        .broadcast_json(&bid)
        .map(|v| json_response(StatusCode::OK, &v))
        .ok_or_else(|| ApiError::not_found("Broadcast not found"))
}

/// `POST /_test/broadcast-clock` `{"seconds"}`: moves the clock broadcast timers read forward; 204.
async fn advance_broadcast_clock(State(shared): AppState, headers: HeaderMap, body: Bytes) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let seconds = opt_int(&body, "seconds")?
        .filter(|s| *s >= 0)
        .ok_or_else(|| ApiError::bad_request("seconds is required: a whole number >= 0"))?;
    shared.advance_broadcast_clock(seconds.saturating_mul(1000));
    Ok(empty_response(StatusCode::NO_CONTENT))
}

/// `POST /_test/archive/{aid}/status` `{"status"}`: forces a status (paused, failed, expired, ...).
async fn set_archive_status(
    State(shared): AppState,
    Path(aid): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let status = req_str(&body, "status")?;
    if shared.set_archive_status(&aid, status) {
        Ok(empty_response(StatusCode::NO_CONTENT))
    } else {
        Err(ApiError::not_found("Archive not found"))
    }
}

/// `GET /_test/archive/{aid}/archive.mp4` (or `.zip`): the "file" an available archive's `url`
/// points to: `size` zero bytes, streamed in chunks (never held in memory whole).
async fn download(State(shared): AppState, Path((aid, file)): Path<(String, String)>) -> ApiResult {
    let world = shared.world();
    let archive = world
        .archives
        .find(&aid)
        .map(|k| &world.archives[k])
        .filter(|a| a.url.as_deref().is_some_and(|u| u.ends_with(&file)))
        .ok_or_else(|| ApiError::not_found("Archive file not found"))?;
    let kind = if archive.options.composed { "video/mp4" } else { "application/zip" };
    let size = u64::try_from(archive.size).unwrap_or(0);
    Ok(([(header::CONTENT_TYPE, kind)], Body::new(ZeroBody { remaining: size })).into_response())
}

/// `remaining` zero bytes, 64 KiB at a time, with an exact size hint.
struct ZeroBody {
    remaining: u64,
}

impl hyper::body::Body for ZeroBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
        const CHUNK: u64 = 64 * 1024;
        if self.remaining == 0 {
            return std::task::Poll::Ready(None);
        }
        let n = self.remaining.min(CHUNK);
        self.remaining -= n;
        let chunk = Bytes::from(vec![0u8; usize::try_from(n).unwrap_or(0)]);
        std::task::Poll::Ready(Some(Ok(hyper::body::Frame::data(chunk))))
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == 0
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        hyper::body::SizeHint::with_exact(self.remaining)
    }
}
