//! Floor 2, the emulated platform's state: one project with its sessions, connections, streams,
//! archives, SIP calls, and the signals and DTMF tones sent to them; plus the request log and the
//! fault queue. One file per area; a new area (broadcasts, captions, renders, ...) adds one file
//! here with its records and its `impl World` block. Imports only [`crate::verify`].

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};

use serde_json::{json, Value};

use crate::verify::client_token::verify_client_token;

pub(crate) mod archives;
pub(crate) mod faults;
pub(crate) mod ids;
pub(crate) mod request_log;
pub(crate) mod sessions;
pub(crate) mod signals;
pub(crate) mod sip;
pub(crate) mod streams;

use archives::Archive;
use faults::Faults;
use request_log::RequestLog;
use sessions::{ClientConnection, Rejection, Session};
use signals::RecordedSignal;
use sip::RecordedDtmf;
use streams::{split_classes, NewStream};

/// Everything the server shares between connections and the [`crate::TestServer`] handle.
pub(crate) struct Shared {
    pub project: Project,
    pub world: Mutex<World>,
    pub requests: RequestLog,
    pub faults: Faults,
}

impl Shared {
    pub fn new(project: Project, requests: RequestLog) -> Self {
        Shared {
            world: Mutex::new(World {
                base_url: project.url.clone(),
                sessions: HashMap::new(),
                archives: Vec::new(),
                signals: VecDeque::new(),
                dtmf: VecDeque::new(),
            }),
            project,
            requests,
            faults: Faults::default(),
        }
    }

    pub fn world(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Joins a simulated client to a session with `token`, checked as the platform checks it.
    pub fn connect_client(&self, session_id: &str, token: &str) -> Result<ClientConnection, Rejection> {
        let now = now_ms();
        let mut world = self.world();
        if !world.sessions.contains_key(session_id) {
            return Err(Rejection { status: 404, message: "Session not found".into() });
        }
        let info = verify_client_token(token, &self.project.api_key, &self.project.api_secret, now / 1000)
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
        Some(world.archives[index].to_json(&self.project.api_key))
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

/// The one project this server emulates. An application mode adds its credentials here (an
/// application id and an RSA public key) beside the API key and secret.
pub(crate) struct Project {
    pub api_key: String,
    pub api_secret: String,
    pub url: String,
    pub created_at: i64,
}

impl Project {
    /// The "project details" body that the force-mute calls answer with.
    pub fn details(&self) -> Value {
        json!({
            "id": self.api_key,
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
    /// Oldest first; deleted archives are removed.
    pub archives: Vec<Archive>,
    /// Oldest first, at most [`MAX_RECORDED`].
    pub signals: VecDeque<RecordedSignal>,
    /// Oldest first, at most [`MAX_RECORDED`].
    pub dtmf: VecDeque<RecordedDtmf>,
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
