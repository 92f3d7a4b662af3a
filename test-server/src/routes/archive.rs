//! Archives: start, stop, get, delete, list, layout, and stream selection (manual mode).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::{Map, Value};

use axum::routing::{get, patch, post, put};
use axum::Router;

use super::body::{json_object, opt_bool, opt_int, opt_str, req_str};
use super::error::{empty_response, json_response, ApiError, ApiResult};
use super::layout_and_streams::{change_streams, set_layout, Composition};
use super::list_query::ListQuery;
use super::session::RESOLUTIONS;
use super::{unknown_session, AppState, PROJECT};
use crate::state::archives::{Archive, ArchiveOptions, SelectedStream};
use crate::state::sessions::Session;
use crate::state::store::Store;
use crate::state::{now_ms, Shared, World};

const LAYOUT_TYPES: [&str; 5] = ["bestFit", "custom", "horizontalPresentation", "pip", "verticalPresentation"];

/// This area's routes.
pub(crate) fn routes() -> Router<std::sync::Arc<Shared>> {
    let a = format!("{PROJECT}/archive");
    Router::new()
        .route(&a, post(start).get(list))
        .route(&format!("{a}/{{aid}}"), get(get_one).delete(delete))
        .route(&format!("{a}/{{aid}}/stop"), post(stop))
        .route(&format!("{a}/{{aid}}/layout"), put(set_layout::<Archive>))
        .route(&format!("{a}/{{aid}}/streams"), patch(change_streams::<Archive>))
}

fn archive_not_found() -> ApiError {
    ApiError::not_found("Archive not found")
}

/// The index of the archive `aid` (404 if unknown), after its pending step to `available`, as every read
/// takes it.
fn read_archive(world: &mut World, aid: &str) -> Result<usize, ApiError> {
    let base_url = world.base_url.clone();
    let index = world.archive_index(aid).ok_or_else(archive_not_found)?;
    world.archives[index].advance(&base_url);
    Ok(index)
}

/// `POST /v2/project/{k}/archive`.
async fn start(State(shared): AppState, headers: HeaderMap, body: Bytes) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let options = parse_start(&body)?;
    let transcription = super::transcription::parse(&body, options.composed, options.has_audio)?;
    let mut world = shared.world();
    let session = world.sessions.get(&options.session_id).ok_or_else(|| unknown_session(&options.session_id))?;
    if !session.routed {
        return Err(ApiError::conflict(
            "Session is not using the OpenTok Media Router (relayed sessions cannot be archived)",
        ));
    }
    if session.connections.is_empty() {
        return Err(ApiError::not_found("No clients are actively connected to the OpenTok session"));
    }
    let archives = &world.archives;
    let active: Vec<_> =
        archives.of_session(&options.session_id).into_iter().map(|k| &archives[k]).filter(|a| a.is_active()).collect();
    if !active.is_empty() {
        match &options.multi_archive_tag {
            None => {
                return Err(ApiError::conflict(
                    "Recording already in progress: use a distinct multiArchiveTag for simultaneous archives",
                )
                .with_code(15001))
            }
            Some(tag) if active.iter().any(|a| a.options.multi_archive_tag.as_ref() == Some(tag)) => {
                return Err(ApiError::conflict(format!(
                    "An archive with multiArchiveTag {tag:?} is already recording this session"
                )))
            }
            Some(_) => {}
        }
    }
    let index = world.create_archive(options, now_ms(), false);
    world.archives[index].transcription = transcription;
    let value = world.archives[index].to_json(&shared.project);
    Ok(json_response(StatusCode::OK, &value))
}

fn parse_start(body: &Map<String, Value>) -> Result<ArchiveOptions, ApiError> {
    let session_id = req_str(body, "sessionId")?.to_string();
    let has_audio = opt_bool(body, "hasAudio")?.unwrap_or(true);
    let has_video = opt_bool(body, "hasVideo")?.unwrap_or(true);
    if !has_audio && !has_video {
        return Err(ApiError::bad_request("hasAudio and hasVideo cannot both be false"));
    }
    let composed = match opt_str(body, "outputMode")? {
        None | Some("composed") => true,
        Some("individual") => false,
        Some(other) => return Err(ApiError::bad_request(format!("Invalid outputMode {other:?}"))),
    };
    let manual_streams = match opt_str(body, "streamMode")? {
        None | Some("auto") => false,
        Some("manual") => true,
        Some(other) => return Err(ApiError::bad_request(format!("Invalid streamMode {other:?}"))),
    };
    let resolution = opt_str(body, "resolution")?.map(str::to_string);
    if let Some(res) = &resolution {
        if !RESOLUTIONS.contains(&res.as_str()) {
            return Err(ApiError::bad_request(format!("Invalid resolution {res:?}")));
        }
    }
    let layout = match body.get("layout") {
        None | Some(Value::Null) => None,
        Some(value) => Some(validate_layout(value)?),
    };
    let max_bitrate = opt_int(body, "maxBitrate")?;
    if matches!(max_bitrate, Some(v) if !(100_000..=6_000_000).contains(&v)) {
        return Err(ApiError::bad_request("Invalid maxBitrate: must be 100000 to 6000000"));
    }
    let quantization_parameter = opt_int(body, "quantizationParameter")?;
    if matches!(quantization_parameter, Some(v) if !(15..=40).contains(&v)) {
        return Err(ApiError::bad_request("Invalid quantizationParameter: must be 15 to 40"));
    }
    if max_bitrate.is_some() && quantization_parameter.is_some() {
        return Err(ApiError::bad_request("maxBitrate and quantizationParameter cannot be used together"));
    }
    if !composed {
        for (name, set) in [
            ("resolution", resolution.is_some()),
            ("layout", layout.is_some()),
            ("maxBitrate", max_bitrate.is_some()),
            ("quantizationParameter", quantization_parameter.is_some()),
        ] {
            if set {
                return Err(ApiError::bad_request(format!("{name} is not allowed for individual archives")));
            }
        }
    }
    Ok(ArchiveOptions {
        session_id,
        name: opt_str(body, "name")?.map(str::to_string),
        has_audio,
        has_video,
        composed,
        manual_streams,
        resolution: if composed { Some(resolution.unwrap_or_else(|| "640x480".into())) } else { None },
        layout,
        multi_archive_tag: opt_str(body, "multiArchiveTag")?.map(str::to_string),
        max_bitrate,
        quantization_parameter,
        has_transcription: opt_bool(body, "hasTranscription")?,
    })
}

/// Checks a layout object `{type, stylesheet?, screenshareType?}`.
pub(crate) fn validate_layout(value: &Value) -> Result<Value, ApiError> {
    let Value::Object(layout) = value else {
        return Err(ApiError::bad_request("Invalid layout: must be an object"));
    };
    let kind = opt_str(layout, "type")?.ok_or_else(|| ApiError::bad_request("Invalid layout: type is required"))?;
    if !LAYOUT_TYPES.contains(&kind) {
        return Err(ApiError::bad_request(format!("Invalid layout type {kind:?}")));
    }
    let stylesheet = opt_str(layout, "stylesheet")?;
    match (kind, stylesheet) {
        ("custom", None) => return Err(ApiError::bad_request("Invalid layout: custom requires a stylesheet")),
        (k, Some(_)) if k != "custom" => {
            return Err(ApiError::bad_request("Invalid layout: stylesheet is only allowed with type custom"))
        }
        _ => {}
    }
    if let Some(share) = opt_str(layout, "screenshareType")? {
        if kind != "bestFit" {
            return Err(ApiError::bad_request("Invalid layout: screenshareType is only allowed with type bestFit"));
        }
        if share == "custom" || !LAYOUT_TYPES.contains(&share) {
            return Err(ApiError::bad_request(format!("Invalid screenshareType {share:?}")));
        }
    }
    Ok(value.clone())
}

/// `POST …/archive/{aid}/stop`: 409 unless started or paused. For an automatic archive (of an `always`
/// session) the call has no effect, as the platform documents: 200 with the archive as it is.
async fn stop(State(shared): AppState, Path((_k, aid)): Path<(String, String)>) -> ApiResult {
    let mut world = shared.world();
    let index = read_archive(&mut world, &aid)?;
    let archive = &mut world.archives[index];
    if !archive.is_active() {
        return Err(ApiError::conflict(format!("Archive is not currently recording (status {})", archive.status)));
    }
    if archive.automatic {
        return Ok(json_response(StatusCode::OK, &archive.to_json(&shared.project)));
    }
    archive.stop(now_ms());
    Ok(json_response(StatusCode::OK, &archive.to_json(&shared.project)))
}

/// `GET …/archive/{aid}`.
async fn get_one(State(shared): AppState, Path((_k, aid)): Path<(String, String)>) -> ApiResult {
    let mut world = shared.world();
    let index = read_archive(&mut world, &aid)?;
    let archive = &mut world.archives[index];
    Ok(json_response(StatusCode::OK, &archive.to_json(&shared.project)))
}

/// `DELETE …/archive/{aid}`: 204 for an `available`, `uploaded` or `deleted` archive; 409 for any
/// other status (started, paused, stopped, failed, expired), as the platform documents. A stopped
/// archive's pending step to `available` happens first, as on a read.
async fn delete(State(shared): AppState, Path((_k, aid)): Path<(String, String)>) -> ApiResult {
    let mut world = shared.world();
    let index = read_archive(&mut world, &aid)?;
    let archive = &mut world.archives[index];
    if !DELETABLE.contains(&archive.status.as_str()) {
        return Err(ApiError::conflict(format!(
            "Archive cannot be deleted: its status is {}, not uploaded, available or deleted",
            archive.status
        )));
    }
    world.archives.remove(index);
    Ok(empty_response(StatusCode::NO_CONTENT))
}

/// The statuses in which an archive can be deleted.
const DELETABLE: [&str; 3] = ["available", "uploaded", "deleted"];

/// `GET …/archive?offset&count&sessionId`: newest first, `count` is the total matching.
async fn list(State(shared): AppState, RawQuery(query): RawQuery) -> ApiResult {
    let query = ListQuery::parse(query.as_deref())?;
    let mut world = shared.world();
    let base_url = world.base_url.clone();
    let (total, keys) = world.archives.page(query.session_id.as_deref(), query.offset, query.count);
    let items = keys.into_iter().map(|k| {
        let archive = &mut world.archives[k];
        archive.advance(&base_url);
        archive.to_json(&shared.project)
    });
    Ok(json_response(StatusCode::OK, &ListQuery::answer(total, items.collect())))
}

impl Composition for Archive {
    const NAME: &'static str = "archive";

    fn records(world: &mut World) -> (&mut Store<Self>, &HashMap<String, Session>) {
        (&mut world.archives, &world.sessions)
    }

    fn is_running(&self) -> bool {
        self.is_active()
    }

    fn manual_streams(&self) -> bool {
        self.options.manual_streams
    }

    fn check_takes_layout(&self) -> Result<(), ApiError> {
        if self.options.composed {
            return Ok(());
        }
        Err(ApiError::bad_request("Cannot set the layout of an individual archive"))
    }

    fn layout_mut(&mut self) -> &mut Option<Value> {
        &mut self.options.layout
    }

    fn streams_mut(&mut self) -> &mut Vec<SelectedStream> {
        &mut self.streams
    }
}
