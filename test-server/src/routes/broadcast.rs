//! Broadcasts: start, get, stop, list, layout, and stream selection (manual mode).
//!
//! The rules enforced, with the platform's status codes: a routed session with a connected client
//! (404 without one, 409 for a relayed session); 409 while a broadcast of the session runs and the new
//! one has no tag, or the same tag; 400 for no output, more than 5 RTMP targets, DVR with low latency,
//! an RTMP URL that is not `rtmp://` or `rtmps://`, a maximum duration outside 60–36 000 s, a bitrate
//! outside 100 000–6 000 000, an unknown resolution or stream mode, a bad layout, and stream changes in
//! automatic stream mode; 404 for an unknown broadcast, and for stopping one that is not running.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, patch, post, put};
use axum::Router;
use serde_json::{Map, Value};

use super::archive::validate_layout;
use super::body::{json_object, opt_bool, opt_int, opt_str, req_str};
use super::error::{json_response, ApiError, ApiResult};
use super::layout_and_streams::{change_streams, set_layout, Composition};
use super::list_query::ListQuery;
use super::session::RESOLUTIONS;
use super::{unknown_session, AppState, PROJECT};
use crate::state::archives::SelectedStream;
use crate::state::broadcasts::{Broadcast, BroadcastOptions, HlsOutput, RtmpOutput};
use crate::state::sessions::Session;
use crate::state::store::Store;
use crate::state::{Shared, World};

/// The most RTMP targets of one broadcast.
const MAX_RTMP: usize = 5;

/// This area's routes.
pub(crate) fn routes() -> Router<std::sync::Arc<Shared>> {
    let b = format!("{PROJECT}/broadcast");
    Router::new()
        .route(&b, post(start).get(list))
        // @vonage/video lists with a trailing slash; the platform accepts it.
        .route(&format!("{b}/"), post(start).get(list))
        .route(&format!("{b}/{{bid}}"), get(get_one))
        .route(&format!("{b}/{{bid}}/stop"), post(stop))
        .route(&format!("{b}/{{bid}}/layout"), put(set_layout::<Broadcast>))
        .route(&format!("{b}/{{bid}}/streams"), patch(change_streams::<Broadcast>))
}

fn broadcast_not_found() -> ApiError {
    ApiError::not_found("Broadcast not found")
}

/// `POST /v2/project/{k}/broadcast`.
async fn start(State(shared): AppState, headers: HeaderMap, body: Bytes) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let options = parse_start(&body)?;
    let mut world = shared.world();
    world.sweep_broadcasts();
    let session = world.sessions.get(&options.session_id).ok_or_else(|| unknown_session(&options.session_id))?;
    if !session.routed {
        return Err(ApiError::conflict(
            "Session is not using the OpenTok Media Router (relayed sessions cannot be broadcast)",
        ));
    }
    if session.connections.is_empty() {
        return Err(ApiError::not_found("No clients are actively connected to the OpenTok session"));
    }
    let items = &world.broadcasts.items;
    let running: Vec<_> =
        items.of_session(&options.session_id).into_iter().map(|k| &items[k]).filter(|b| b.is_started()).collect();
    if !running.is_empty() {
        match &options.multi_broadcast_tag {
            None => {
                return Err(ApiError::conflict(
                    "The session is already being broadcast: use a distinct multiBroadcastTag for simultaneous \
                     broadcasts",
                ))
            }
            Some(tag) if running.iter().any(|b| b.options.multi_broadcast_tag.as_ref() == Some(tag)) => {
                return Err(ApiError::conflict(format!(
                    "A broadcast with multiBroadcastTag {tag:?} is already running for this session"
                )))
            }
            Some(_) => {}
        }
    }
    let index = world.create_broadcast(options);
    let value = world.broadcasts.items[index].to_json(&shared.project);
    Ok(json_response(StatusCode::OK, &value))
}

fn parse_start(body: &Map<String, Value>) -> Result<BroadcastOptions, ApiError> {
    let session_id = req_str(body, "sessionId")?.to_string();
    let outputs = match body.get("outputs") {
        Some(Value::Object(outputs)) => outputs,
        Some(_) => return Err(ApiError::bad_request("Invalid outputs: must be an object")),
        None => return Err(ApiError::bad_request("outputs is required")),
    };
    let hls = match outputs.get("hls") {
        None | Some(Value::Null) => None,
        Some(Value::Object(hls)) => {
            let dvr = opt_bool(hls, "dvr")?.unwrap_or(false);
            let low_latency = opt_bool(hls, "lowLatency")?.unwrap_or(false);
            if dvr && low_latency {
                return Err(ApiError::bad_request("Invalid hls: dvr and lowLatency cannot both be true"));
            }
            Some(HlsOutput { dvr, low_latency })
        }
        Some(_) => return Err(ApiError::bad_request("Invalid outputs.hls: must be an object")),
    };
    let rtmp = match outputs.get("rtmp") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(targets)) => {
            if targets.len() > MAX_RTMP {
                return Err(ApiError::bad_request(format!(
                    "Invalid outputs.rtmp: at most {MAX_RTMP} RTMP targets, got {}",
                    targets.len()
                )));
            }
            targets.iter().map(parse_rtmp).collect::<Result<_, _>>()?
        }
        Some(_) => return Err(ApiError::bad_request("Invalid outputs.rtmp: must be an array")),
    };
    if hls.is_none() && rtmp.is_empty() {
        return Err(ApiError::bad_request("outputs must have hls or at least one rtmp target"));
    }
    let max_duration = opt_int(body, "maxDuration")?.unwrap_or(14_400);
    if !(60..=36_000).contains(&max_duration) {
        return Err(ApiError::bad_request("Invalid maxDuration: must be 60 to 36000 seconds"));
    }
    let max_bitrate = opt_int(body, "maxBitrate")?;
    if matches!(max_bitrate, Some(v) if !(100_000..=6_000_000).contains(&v)) {
        return Err(ApiError::bad_request("Invalid maxBitrate: must be 100000 to 6000000"));
    }
    let resolution = opt_str(body, "resolution")?.unwrap_or("640x480").to_string();
    if !RESOLUTIONS.contains(&resolution.as_str()) {
        return Err(ApiError::bad_request(format!("Invalid resolution {resolution:?}")));
    }
    let manual_streams = match opt_str(body, "streamMode")? {
        None | Some("auto") => false,
        Some("manual") => true,
        Some(other) => return Err(ApiError::bad_request(format!("Invalid streamMode {other:?}"))),
    };
    let layout = match body.get("layout") {
        None | Some(Value::Null) => None,
        Some(value) => Some(validate_layout(value)?),
    };
    let has_audio = opt_bool(body, "hasAudio")?.unwrap_or(true);
    let has_video = opt_bool(body, "hasVideo")?.unwrap_or(true);
    if !has_audio && !has_video {
        return Err(ApiError::bad_request("hasAudio and hasVideo cannot both be false"));
    }
    let multi_broadcast_tag = opt_str(body, "multiBroadcastTag")?.map(str::to_string);
    Ok(BroadcastOptions {
        session_id,
        hls,
        rtmp,
        layout,
        max_duration,
        max_bitrate,
        resolution,
        manual_streams,
        multi_broadcast_tag,
        has_audio,
        has_video,
    })
}

fn parse_rtmp(target: &Value) -> Result<RtmpOutput, ApiError> {
    let Value::Object(target) = target else {
        return Err(ApiError::bad_request("Invalid outputs.rtmp: each target must be an object"));
    };
    let server_url = req_str(target, "serverUrl")?;
    let scheme = server_url.split_once("://").map(|(scheme, _)| scheme.to_ascii_lowercase());
    if !matches!(scheme.as_deref(), Some("rtmp" | "rtmps")) {
        return Err(ApiError::bad_request("Invalid serverUrl: must start with rtmp:// or rtmps://"));
    }
    let stream_name = req_str(target, "streamName")?;
    if stream_name.is_empty() {
        return Err(ApiError::bad_request("Invalid streamName: must not be empty"));
    }
    Ok(RtmpOutput {
        id: opt_str(target, "id")?.map(str::to_string),
        server_url: server_url.to_string(),
        stream_name: stream_name.to_string(),
    })
}

/// `GET …/broadcast/{bid}`: running or stopped.
async fn get_one(State(shared): AppState, Path((_k, bid)): Path<(String, String)>) -> ApiResult {
    let mut world = shared.world();
    world.sweep_broadcasts();
    let index = world.broadcast_index(&bid).ok_or_else(broadcast_not_found)?;
    Ok(json_response(StatusCode::OK, &world.read_broadcast(index, &shared.project)))
}

/// `POST …/broadcast/{bid}/stop`: 404 unless it is running (a second stop is a 404).
async fn stop(State(shared): AppState, Path((_k, bid)): Path<(String, String)>) -> ApiResult {
    let mut world = shared.world();
    world.sweep_broadcasts();
    let index = world.broadcast_index(&bid).ok_or_else(broadcast_not_found)?;
    let now = world.broadcasts.now();
    let broadcast = &mut world.broadcasts.items[index];
    if !broadcast.is_started() {
        return Err(ApiError::not_found("Broadcast not found: it is not running (already stopped)"));
    }
    broadcast.stop("user initiated", now);
    Ok(json_response(StatusCode::OK, &broadcast.to_json(&shared.project)))
}

/// `GET …/broadcast?offset&count&sessionId`: newest first, `count` is the total matching.
async fn list(State(shared): AppState, RawQuery(query): RawQuery) -> ApiResult {
    let query = ListQuery::parse(query.as_deref())?;
    let mut world = shared.world();
    world.sweep_broadcasts();
    let (total, keys) = world.broadcasts.items.page(query.session_id.as_deref(), query.offset, query.count);
    let items = keys.into_iter().map(|k| world.read_broadcast(k, &shared.project)).collect();
    Ok(json_response(StatusCode::OK, &ListQuery::answer(total, items)))
}

impl Composition for Broadcast {
    const NAME: &'static str = "broadcast";

    /// After the timers, as every read applies them.
    fn records(world: &mut World) -> (&mut Store<Self>, &HashMap<String, Session>) {
        world.sweep_broadcasts();
        (&mut world.broadcasts.items, &world.sessions)
    }

    fn is_running(&self) -> bool {
        self.is_started()
    }

    fn manual_streams(&self) -> bool {
        self.options.manual_streams
    }

    fn layout_mut(&mut self) -> &mut Option<Value> {
        &mut self.options.layout
    }

    fn streams_mut(&mut self) -> &mut Vec<SelectedStream> {
        &mut self.streams
    }
}
