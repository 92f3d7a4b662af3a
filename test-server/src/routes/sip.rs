//! SIP interconnect: dial-out (the leg joins the session with its own stream) and DTMF.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{json, Map, Value};

use axum::routing::post;
use axum::Router;

use super::body::{json_object, opt_bool, opt_str, opt_str_array, req_str};
use super::error::{json_response, ApiError, ApiResult};
use super::{ok_empty, unknown_session, AppState, PROJECT, SESSION};
use crate::state::ids;
use crate::state::sip::RecordedDtmf;
use crate::state::streams::{split_classes, NewStream};
use crate::state::{now_ms, push_bounded, Shared};

/// This area's routes.
pub(crate) fn routes() -> Router<std::sync::Arc<Shared>> {
    Router::new()
        .route(&format!("{PROJECT}/dial"), post(dial))
        // The PHP SDK posts dial requests here; the platform accepts both.
        .route(&format!("{PROJECT}/call"), post(dial))
        .route(&format!("{SESSION}/play-dtmf"), post(dtmf_to_session))
        .route(&format!("{SESSION}/connection/{{cid}}/play-dtmf"), post(dtmf_to_connection))
}

/// `POST /v2/project/{k}/dial` `{sessionId, token, sip: {uri, from?, headers?, auth?, secure?,
/// video?, observeForceMute?, streams?}}`.
async fn dial(State(shared): AppState, headers: HeaderMap, body: Bytes) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let session_id = req_str(&body, "sessionId")?.to_string();
    let token = req_str(&body, "token")?;
    let Some(Value::Object(sip)) = body.get("sip") else {
        return Err(ApiError::bad_request("sip is required and must be an object"));
    };
    let video = check_sip(sip)?;
    let observe_force_mute = opt_bool(sip, "observeForceMute")?.unwrap_or(false);

    let now = now_ms();
    let mut world = shared.world();
    let session = world.sessions.get(&session_id).ok_or_else(|| unknown_session(&session_id))?;
    if !session.routed {
        return Err(ApiError::conflict("SIP calls need a routed session (this one is relayed)"));
    }
    let project = &shared.project;
    let info = project
        .verify_client_token(token, now / 1000)
        .map_err(|reason| ApiError::new(StatusCode::FORBIDDEN, format!("Invalid token: {reason}")))?;
    if info.session_id != session_id {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "Invalid token: it is for a different session"));
    }
    let stream = NewStream {
        video_type: video.then(|| "camera".to_string()),
        name: "SIP".into(),
        layout_class_list: split_classes(info.initial_layout_class_list.as_deref()),
        observes_force_mute: observe_force_mute,
        sip: true,
    };
    let (connection_id, stream_id) =
        world.add_connection(&session_id, now, info.connection_data, info.role, Some(stream));
    let id = ids::uuid();
    if let Some(leg) =
        world.sessions.get_mut(&session_id).and_then(|s| s.connections.iter_mut().find(|c| c.id == connection_id))
    {
        leg.call_id = Some(id.clone());
    }
    let call = json!({"id": id, "connectionId": connection_id, "createdAt": now});
    world.emit("sip_call_created", "callCreated", &session_id, json!({"call": call}));
    world.emit("sip_call_updated", "callUpdated", &session_id, json!({"call": call, "state": "ACTIVE"}));
    let mut answer = json!({
        "id": id,
        "connectionId": connection_id,
        "streamId": stream_id,
        "sessionId": session_id,
        "createdAt": now,
        "updatedAt": now,
    });
    project.add_owner(&mut answer);
    Ok(json_response(StatusCode::OK, &answer))
}

/// Checks the `sip` object; returns its `video` flag.
fn check_sip(sip: &Map<String, Value>) -> Result<bool, ApiError> {
    let uri = req_str(sip, "uri")?;
    if !(uri.starts_with("sip:") || uri.starts_with("sips:")) {
        return Err(ApiError::bad_request("Invalid sip.uri: must be a sip: or sips: URI"));
    }
    opt_str(sip, "from")?;
    match sip.get("headers") {
        None | Some(Value::Null) => {}
        Some(Value::Object(h)) if h.values().all(Value::is_string) => {}
        Some(_) => return Err(ApiError::bad_request("Invalid sip.headers: must be an object of strings")),
    }
    match sip.get("auth") {
        None | Some(Value::Null) => {}
        Some(Value::Object(auth)) => {
            if opt_str(auth, "username")?.is_none() {
                return Err(ApiError::bad_request("Invalid sip.auth: username is required"));
            }
            opt_str(auth, "password")?;
        }
        Some(_) => return Err(ApiError::bad_request("Invalid sip.auth: must be an object")),
    }
    opt_bool(sip, "secure")?;
    opt_str_array(sip, "streams")?;
    Ok(opt_bool(sip, "video")?.unwrap_or(false))
}

/// `POST …/session/{sid}/play-dtmf`.
async fn dtmf_to_session(
    State(shared): AppState,
    Path((_k, sid)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    play(&shared, sid, None, &headers, &body)
}

/// `POST …/session/{sid}/connection/{cid}/play-dtmf`.
async fn dtmf_to_connection(
    State(shared): AppState,
    Path((_k, sid, cid)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    play(&shared, sid, Some(cid), &headers, &body)
}

fn play(shared: &Shared, sid: String, cid: Option<String>, headers: &HeaderMap, body: &[u8]) -> ApiResult {
    let body = json_object(headers, body)?;
    let digits = req_str(&body, "digits")?.to_string();
    if !digits.bytes().all(|b| b.is_ascii_digit() || b"*#p".contains(&b)) {
        return Err(ApiError::bad_request("Invalid digits: must match ^[0-9*#p]+$"));
    }
    let mut world = shared.world();
    let session = world.sessions.get(&sid).ok_or_else(|| unknown_session(&sid))?;
    if let Some(cid) = &cid {
        if !session.has_connection(cid) {
            return Err(ApiError::not_found("Connection not found: the client is not connected"));
        }
    }
    push_bounded(&mut world.dtmf, RecordedDtmf { session_id: sid, connection_id: cid, digits });
    Ok(ok_empty())
}
