//! Floor 2, the emulated platform's state: one project with its sessions, connections, streams,
//! archives, SIP calls, and the signals and DTMF tones sent to them; plus the request log and the
//! fault queue. One file per area; a new area (broadcasts, captions, renders, ...) adds one file
//! here with its records and its `impl World` block. Imports only [`crate::verify`].

use std::collections::{HashMap, VecDeque};
use std::ops::{Deref, DerefMut};
use std::sync::{Mutex, MutexGuard};

use serde_json::{json, Value};

use crate::verify::application::{verify_rs256_client_token, PublicKey};
use crate::verify::client_token::{verify_client_token, ClientTokenInfo};

pub(crate) mod archives;
pub(crate) mod audio_connectors;
pub(crate) mod broadcasts;
pub(crate) mod callbacks;
pub(crate) mod captions;
pub(crate) mod clock;
pub(crate) mod faults;
pub(crate) mod ids;
pub(crate) mod migrations;
pub(crate) mod renders;
pub(crate) mod request_log;
pub(crate) mod sessions;
pub(crate) mod signals;
pub(crate) mod sip;
pub(crate) mod status_history;
pub(crate) mod store;
pub(crate) mod streams;
pub(crate) mod transcription;

use archives::Archive;
use broadcasts::Broadcasts;
use callbacks::Callbacks;
use faults::Faults;
use request_log::RequestLog;
use sessions::{ClientConnection, Rejection, Session};
use signals::RecordedSignal;
use sip::RecordedDtmf;
use store::Store;
use streams::{split_classes, NewStream};

/// Everything the server shares between connections and the [`crate::TestServer`] handle.
pub(crate) struct Shared {
    pub project: Project,
    pub world: Mutex<World>,
    pub requests: RequestLog,
    pub faults: Faults,
    pub callbacks: Callbacks,
}

impl Shared {
    pub fn new(project: Project, requests: RequestLog) -> Self {
        Shared {
            world: Mutex::new(World {
                base_url: project.url.clone(),
                sessions: HashMap::new(),
                session_order: Vec::new(),
                archives: Store::default(),
                broadcasts: Broadcasts::default(),
                signals: VecDeque::new(),
                dtmf: VecDeque::new(),
                captions: Store::default(),
                renders: Store::default(),
                render_quota: None,
                audio_connectors: Vec::new(),
                migrations: migrations::Migrations::default(),
                clock_offset_ms: 0,
                outbox: Vec::new(),
            }),
            project,
            requests,
            faults: Faults::default(),
            callbacks: Callbacks::new(),
        }
    }

    /// The state, locked. Releasing it queues the callbacks its changes produced.
    pub fn world(&self) -> WorldGuard<'_> {
        WorldGuard { world: self.world.lock().unwrap_or_else(|e| e.into_inner()), shared: self }
    }

    /// Joins a simulated client to a session with `token`, checked as the platform checks it.
    pub fn connect_client(&self, session_id: &str, token: &str) -> Result<ClientConnection, Rejection> {
        let now = now_ms();
        let mut world = self.world();
        if !world.sessions.contains_key(session_id) {
            return Err(Rejection { status: 404, message: "Session not found".into() });
        }
        let info = self
            .project
            .verify_client_token(token, now / 1000)
            .map_err(|message| Rejection { status: 403, message })?;
        if info.session_id != session_id {
            return Err(Rejection {
                status: 403,
                message: "Token is for a different session: session_id does not match".into(),
            });
        }
        let stream = (info.role != "subscriber").then(|| NewStream {
            video_type: Some("camera".into()),
            name: String::new(),
            layout_class_list: split_classes(info.initial_layout_class_list.as_deref()),
            observes_force_mute: true,
            sip: false,
        });
        let (connection_id, stream_id) = world.add_connection(session_id, now, info.connection_data, info.role, stream);
        Ok(ClientConnection { connection_id, stream_id: stream_id.unwrap_or_default() })
    }

    /// An archive as the REST API shows it (without applying a pending status step).
    pub fn archive_json(&self, archive_id: &str) -> Option<Value> {
        let world = self.world();
        let index = world.archive_index(archive_id)?;
        Some(world.archives[index].to_json(&self.project))
    }

    /// Forces an archive's status; `false` if the archive is unknown.
    pub fn set_archive_status(&self, archive_id: &str, status: &str) -> bool {
        let mut world = self.world();
        let base_url = world.base_url.clone();
        let Some(index) = world.archive_index(archive_id) else { return false };
        world.archives[index].set_status(status, &base_url);
        true
    }
}

/// The locked state. On release, the events of its changes go to the callback queue.
pub(crate) struct WorldGuard<'a> {
    world: MutexGuard<'a, World>,
    shared: &'a Shared,
}

impl Deref for WorldGuard<'_> {
    type Target = World;
    fn deref(&self) -> &World {
        &self.world
    }
}

impl DerefMut for WorldGuard<'_> {
    fn deref_mut(&mut self) -> &mut World {
        &mut self.world
    }
}

impl Drop for WorldGuard<'_> {
    fn drop(&mut self) {
        self.shared.callbacks.flush(&mut self.world, &self.shared.project);
    }
}

/// The one account this server emulates: an OpenTok project (API key and secret), or in application
/// mode a Vonage application (id and RSA public key).
pub(crate) struct Project {
    /// The id in every `/v2/project/{id}` path: the API key, or the application id.
    pub api_key: String,
    /// The project's secret; empty in application mode.
    pub api_secret: String,
    /// Set in application mode.
    pub application: Option<Application>,
    pub url: String,
    pub created_at: i64,
}

/// A Vonage application's credentials as the platform knows them.
pub(crate) struct Application {
    pub public_key: PublicKey,
    /// The private key, when this server issued the application itself (for tests to sign with).
    pub private_key_pem: Option<String>,
}

impl Project {
    /// Verifies a client token as the platform does for this account: HS256 JWT or T1 signed with the
    /// project's secret, or an RS256 JWT signed with the application's key.
    pub fn verify_client_token(&self, token: &str, now_secs: i64) -> Result<ClientTokenInfo, String> {
        match &self.application {
            Some(app) => verify_rs256_client_token(token, &self.api_key, &app.public_key, now_secs),
            None => verify_client_token(token, &self.api_key, &self.api_secret, now_secs),
        }
    }

    /// Adds the owner members every REST object carries: `projectId` and `partnerId` for a project,
    /// `applicationId` for an application.
    pub fn add_owner(&self, object: &mut Value) {
        let Some(map) = object.as_object_mut() else { return };
        if self.application.is_some() {
            map.insert("applicationId".into(), json!(self.api_key));
        } else {
            map.insert("projectId".into(), json!(self.api_key));
            let partner = self.api_key.parse::<u64>().map_or_else(|_| json!(self.api_key), |n| json!(n));
            map.insert("partnerId".into(), partner);
        }
    }

    /// The "project details" body that the force-mute calls answer with, in the account's own shape:
    /// `{applicationId, status, name, environment, createdAt}` for an application (the Vonage API
    /// description), `{id, ...}` with the API key for a project (the OpenTok one).
    pub fn details(&self) -> Value {
        let owner = if self.application.is_some() { "applicationId" } else { "id" };
        json!({
            owner: self.api_key,
            "status": "ACTIVE",
            "name": "OpenTok test server project",
            "environment": "standard",
            "createdAt": self.created_at,
        })
    }
}

/// The project's resources. Each area's file adds its own `impl World` block.
pub(crate) struct World {
    pub base_url: String,
    pub sessions: HashMap<String, Session>,
    /// The sessions' ids in the order they were created (sessions are never removed).
    pub session_order: Vec<String>,
    /// By id and by session, oldest first; deleted archives are removed.
    pub archives: Store<Archive>,
    /// Every broadcast, running or stopped, and the clock their timers read.
    pub broadcasts: Broadcasts,
    /// Oldest first, at most [`MAX_RECORDED`].
    pub signals: VecDeque<RecordedSignal>,
    /// Oldest first, at most [`MAX_RECORDED`].
    pub dtmf: VecDeque<RecordedDtmf>,
    /// Live Captions, by id and by session, oldest first.
    pub captions: Store<captions::Captioning>,
    /// Experience Composers, by id and by session, oldest first.
    pub renders: Store<renders::Render>,
    /// At most this many Experience Composers at once (429, code 50004, beyond); no limit if `None`.
    pub render_quota: Option<usize>,
    /// Audio Connectors, oldest first.
    pub audio_connectors: Vec<audio_connectors::AudioConnector>,
    /// Session-migration windows and history.
    pub migrations: migrations::Migrations,
    /// Added to the wall clock by [`World::now`] (see `clock.rs`).
    pub clock_offset_ms: i64,
    /// Callback events produced since the lock was taken: (kind, payload without the account).
    pub outbox: Vec<(&'static str, Value)>,
}

/// Most signals, and most DTMF plays, kept for assertions; older ones are dropped first.
pub(crate) const MAX_RECORDED: usize = 10_000;

/// Appends `item`, dropping the oldest past [`MAX_RECORDED`].
pub(crate) fn push_bounded<T>(log: &mut VecDeque<T>, item: T) {
    if log.len() >= MAX_RECORDED {
        log.pop_front();
    }
    log.push_back(item);
}

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
