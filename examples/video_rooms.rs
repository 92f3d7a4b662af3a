//! Video rooms: the server side of a video app on axum, with a Vonage application's credentials. Rooms,
//! tokens, recording, live broadcast (HLS), captions, and the platform's signed callbacks; every SDK
//! error answers the app's own client with `Error::handler_status` and `Error::public_message` (the
//! `axum` feature's `IntoResponse`), never with internal details.
//!
//! ```text
//! VONAGE_APPLICATION_ID=<uuid> VONAGE_PRIVATE_KEY_PATH=private.key WEBHOOK_SECRET=<signature secret> \
//!     cargo run --example video_rooms --features axum
//! ```
//!
//! `tests/operations/video_rooms_example.rs` runs it against the test server in application mode.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use axum::{
    extract::{FromRef, Path, State},
    http::StatusCode,
    routing::{delete, get, post},
    Json, Router,
};
use opentok_sdk::{
    archive::{Archive, ArchiveStatus},
    broadcast::Broadcast,
    webhook::{Event, SignedEvent, Verifier},
    ArchiveId, BroadcastId, CaptionsId, OpenTok, Result, Role, SessionId,
};
use serde_json::{json, Value};

#[derive(Clone)]
pub struct App {
    ot: OpenTok,
    verifier: Verifier,
    /// Recordings the platform has reported ready, from its callbacks.
    ready: Arc<Mutex<HashMap<ArchiveId, Archive>>>,
}

/// The webhook extractor takes the verifier from the app's state.
impl FromRef<App> for Verifier {
    fn from_ref(app: &App) -> Verifier {
        app.verifier.clone()
    }
}

pub fn router(ot: OpenTok, webhook_secret: &str) -> Result<Router> {
    let verifier = Verifier::new(webhook_secret)?.expect_application_id(ot.account_id());
    let app = App { ot, verifier, ready: Arc::default() };
    Ok(Router::new()
        .route("/rooms", post(create_room))
        .route("/rooms/{room}/token", post(join))
        .route("/rooms/{room}/recording", post(record))
        .route("/recordings/{id}", get(recording).delete(stop_recording))
        .route("/rooms/{room}/live", post(go_live))
        .route("/live/{id}", delete(stop_live))
        .route("/rooms/{room}/captions", post(caption))
        .route("/captions/{id}", delete(stop_captions))
        .route("/webhooks", post(webhook))
        .with_state(app))
}

async fn create_room(State(app): State<App>) -> Result<Json<Value>> {
    let session = app.ot.create_session().routed().send().await?;
    Ok(Json(json!({ "room": session.id })))
}

#[derive(serde::Deserialize)]
struct Joining {
    name: String,
    #[serde(default)]
    role: Role,
}

/// What the browser needs to join: the application id, the room and a token.
async fn join(State(app): State<App>, Path(room): Path<SessionId>, Json(who): Json<Joining>) -> Result<Json<Value>> {
    let token = app.ot.generate_token(&room).role(who.role).data(format!("name={}", who.name)).build()?;
    Ok(Json(json!({ "applicationId": app.ot.account_id(), "room": room, "token": token.as_str() })))
}

async fn record(State(app): State<App>, Path(room): Path<SessionId>) -> Result<Json<Archive>> {
    Ok(Json(app.ot.start_archive(&room).name("room recording").send().await?))
}

async fn stop_recording(State(app): State<App>, Path(id): Path<ArchiveId>) -> Result<Json<Archive>> {
    Ok(Json(app.ot.stop_archive(&id).await?))
}

/// A recording once the platform has said it is available (404 until then).
async fn recording(State(app): State<App>, Path(id): Path<ArchiveId>) -> Result<Json<Archive>, StatusCode> {
    app.ready.lock().unwrap().get(&id).cloned().map(Json).ok_or(StatusCode::NOT_FOUND)
}

async fn go_live(State(app): State<App>, Path(room): Path<SessionId>) -> Result<Json<Broadcast>> {
    Ok(Json(app.ot.start_broadcast(&room).hls().send().await?))
}

async fn stop_live(State(app): State<App>, Path(id): Path<BroadcastId>) -> Result<Json<Broadcast>> {
    Ok(Json(app.ot.stop_broadcast(&id).await?))
}

async fn caption(State(app): State<App>, Path(room): Path<SessionId>) -> Result<Json<Value>> {
    let moderator = app.ot.generate_token(&room).role(Role::Moderator).build()?;
    let captions = app.ot.start_captions(&room, &moderator).send().await?;
    Ok(Json(json!({ "captions": captions.id })))
}

async fn stop_captions(State(app): State<App>, Path(id): Path<CaptionsId>) -> Result<StatusCode> {
    app.ot.stop_captions(&id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The platform's callbacks, verified by the extractor (a forged or stale one never gets here).
async fn webhook(State(app): State<App>, signed: SignedEvent) {
    match signed.event {
        Event::Archive(archive) if archive.status == ArchiveStatus::Available => {
            app.ready.lock().unwrap().insert(archive.id.clone(), archive);
        }
        Event::ConnectionCreated(joined) => println!("{} joined {}", joined.connection.id, joined.session_id),
        other => println!("{:?}", other.kind()),
    }
}

#[allow(dead_code)] // the test uses `router` alone
#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let ot = OpenTok::from_env()?;
    let app = router(ot, &std::env::var("WEBHOOK_SECRET")?)?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
