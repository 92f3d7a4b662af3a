//! `POST /session/create`.

use std::collections::HashMap;
use std::net::Ipv4Addr;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use axum::routing::post;
use axum::Router;

use super::error::{accepts_json, json_response, ApiError, ApiResult};
use super::AppState;
use crate::state::ids;
use crate::state::sessions::Session;
use crate::state::Shared;

/// This area's routes.
pub(crate) fn routes() -> Router<std::sync::Arc<Shared>> {
    Router::new().route("/session/create", post(create))
}

/// The six resolutions of archives, broadcasts and automatic archives.
pub(crate) const RESOLUTIONS: [&str; 6] = ["640x480", "480x640", "1280x720", "720x1280", "1920x1080", "1080x1920"];

/// Creates a session from form fields (`p2p.preference`, `archiveMode`, `location`, `e2ee`,
/// `archiveName`, `archiveResolution`). Answers a JSON array when `Accept` names JSON, else XML.
async fn create(State(shared): AppState, headers: HeaderMap, body: Bytes) -> Response {
    let json = accepts_json(&headers);
    match create_session(&shared, &headers, &body, json) {
        Ok(response) => response,
        Err(error) if json => error.into_response(),
        Err(error) => error.into_xml_response(),
    }
}

fn create_session(shared: &Shared, headers: &HeaderMap, body: &[u8], wants_json: bool) -> ApiResult {
    if let Some(ct) = headers.get(header::CONTENT_TYPE) {
        let ct = String::from_utf8_lossy(ct.as_bytes()).to_ascii_lowercase();
        if !ct.starts_with("application/x-www-form-urlencoded") {
            return Err(ApiError::bad_request(
                "Invalid Content-Type: session/create takes application/x-www-form-urlencoded",
            ));
        }
    }
    // Later duplicates win, as in most form parsers.
    let form: HashMap<String, String> = form_urlencoded::parse(body).into_owned().collect();
    let field = |k: &str| form.get(k).map(String::as_str);

    let routed = match field("p2p.preference") {
        None | Some("disabled") => true,
        Some("enabled") => false,
        Some(other) => return Err(ApiError::bad_request(format!("Invalid p2p.preference {other:?}"))),
    };
    let always = match field("archiveMode") {
        None | Some("manual") => false,
        Some("always") => true,
        Some(other) => return Err(ApiError::bad_request(format!("Invalid archiveMode {other:?}"))),
    };
    if always && !routed {
        return Err(ApiError::bad_request("A session with always archive mode must also have the routed media mode"));
    }
    let location = match field("location") {
        // `@vonage/video` 1.31.1 sends `location=null` when no location is given, and its sessions are
        // created on the platform: the text `null` means none.
        None | Some("") | Some("null") => None,
        Some(text) => match text.parse::<Ipv4Addr>() {
            Ok(_) => Some(text.to_string()),
            Err(_) => return Err(ApiError::bad_request("Invalid location: must be an IPv4 address")),
        },
    };
    let e2ee = match field("e2ee") {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => return Err(ApiError::bad_request(format!("Invalid e2ee {other:?}"))),
    };
    if e2ee && !routed {
        return Err(ApiError::bad_request("End-to-end encryption requires the routed media mode"));
    }
    if e2ee && always {
        return Err(ApiError::bad_request("End-to-end encryption cannot be used with always archive mode"));
    }
    let archive_name = field("archiveName").map(str::to_string);
    if let Some(name) = &archive_name {
        if !always {
            return Err(ApiError::bad_request("archiveName is only allowed with archiveMode always"));
        }
        let len = name.chars().count();
        if !(1..=80).contains(&len) {
            return Err(ApiError::bad_request("Invalid archiveName: must be 1 to 80 characters"));
        }
    }
    let archive_resolution = field("archiveResolution").map(str::to_string);
    if let Some(res) = &archive_resolution {
        if !always {
            return Err(ApiError::bad_request("archiveResolution is only allowed with archiveMode always"));
        }
        if !RESOLUTIONS.contains(&res.as_str()) {
            return Err(ApiError::bad_request(format!("Invalid archiveResolution {res:?}")));
        }
    }

    // On the server's clock (`state/clock.rs`), which the session-migration windows count from; read in
    // the lock that adds the session, so that sessions are added in the order of their creation time.
    let mut world = shared.world();
    let created = world.now();
    let project = &shared.project;
    let id = ids::session_id(&project.api_key, location.as_deref(), created);
    let create_dt = chrono::DateTime::from_timestamp_millis(created)
        .unwrap_or_default()
        .format("%a %b %d %H:%M:%S UTC %Y")
        .to_string();
    world.add_session(Session {
        id: id.clone(),
        created_at: created,
        routed,
        always,
        location,
        e2ee,
        archive_name,
        archive_resolution,
        connections: Vec::new(),
        streams: Vec::new(),
        force_mute: false,
    });
    drop(world);

    if wants_json {
        // An application's sessions name it; a project's name the project twice (S `New-Session`).
        let body = if project.application.is_some() {
            json!([{"session_id": id, "application_id": project.api_key, "create_dt": create_dt, "media_server_url": ""}])
        } else {
            json!([{
                "session_id": id,
                "project_id": project.api_key,
                "partner_id": project.api_key,
                "create_dt": create_dt,
                "media_server_url": "",
            }])
        };
        return Ok(json_response(StatusCode::OK, &body));
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><sessions><Session>\
         <session_id>{id}</session_id><partner_id>{}</partner_id><create_dt>{create_dt}</create_dt>\
         </Session></sessions>",
        project.api_key
    );
    Ok(Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "application/xml")
        .body(xml.into())
        .unwrap_or_default())
}
