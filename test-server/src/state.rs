//! The emulated platform's state: one project with its sessions, connections, streams, archives,
//! SIP calls, and the signals and DTMF tones sent to them.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use serde_json::{json, Value};

use crate::faults::Faults;
use crate::ids;
use crate::recorder::Recorder;
use crate::token::verify_client_token;

/// Everything the server shares between connections and the [`crate::TestServer`] handle.
pub(crate) struct Shared {
    pub project: Project,
    pub world: Mutex<World>,
    pub recorder: Recorder,
    pub faults: Faults,
}

impl Shared {
    pub fn new(project: Project) -> Self {
        Shared {
            world: Mutex::new(World {
                base_url: project.url.clone(),
                sessions: HashMap::new(),
                archives: Vec::new(),
                signals: Vec::new(),
                dtmf: Vec::new(),
            }),
            project,
            recorder: Recorder::default(),
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

/// The one project this server emulates.
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

/// A simulated client's connection, as [`crate::TestServer::connect_client`] returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConnection {
    /// The new connection's id.
    pub connection_id: String,
    /// The id of the stream the client publishes; empty for a subscriber (which does not publish).
    pub stream_id: String,
}

/// Why a simulated client could not connect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// 404 for an unknown session, 403 for a bad token.
    pub status: u16,
    /// What was wrong.
    pub message: String,
}

/// A signal sent through the REST API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedSignal {
    /// The session signalled.
    pub session_id: String,
    /// The one connection signalled, or `None` for the whole session.
    pub connection_id: Option<String>,
    /// The signal's `type`, if given.
    pub r#type: Option<String>,
    /// The signal's `data`, if given.
    pub data: Option<String>,
}

/// DTMF digits played through the REST API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedDtmf {
    /// The session.
    pub session_id: String,
    /// The one connection, or `None` for every SIP leg of the session.
    pub connection_id: Option<String>,
    /// The digits.
    pub digits: String,
}

/// A session as created.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SessionInfo {
    /// The session id.
    pub session_id: String,
    /// `"routed"` or `"relayed"`.
    pub media_mode: String,
    /// `"manual"` or `"always"`.
    pub archive_mode: String,
    /// The location hint, if given.
    pub location: Option<String>,
    /// End-to-end encryption.
    pub e2ee: bool,
    /// Name for automatic archives.
    pub archive_name: Option<String>,
    /// Resolution for automatic archives.
    pub archive_resolution: Option<String>,
    /// Whether "mute all" is in force for the session.
    pub force_muted: bool,
    /// The connected connections, oldest first.
    pub connections: Vec<ConnectionInfo>,
    /// Ids of the published streams, oldest first.
    pub stream_ids: Vec<String>,
}

/// A published stream.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StreamInfo {
    /// The stream id.
    pub id: String,
    /// The publishing connection.
    pub connection_id: String,
    /// `camera`, or `None` for an audio-only SIP leg.
    pub video_type: Option<String>,
    /// The stream name (empty for simulated clients, `SIP` for SIP legs).
    pub name: String,
    /// Layout classes.
    pub layout_class_list: Vec<String>,
    /// Whether the stream was force-muted.
    pub audio_muted: bool,
}

pub(crate) struct World {
    pub base_url: String,
    pub sessions: HashMap<String, Session>,
    /// Oldest first; deleted archives are removed.
    pub archives: Vec<Archive>,
    pub signals: Vec<RecordedSignal>,
    pub dtmf: Vec<RecordedDtmf>,
}

pub(crate) struct Session {
    pub id: String,
    pub routed: bool,
    pub always: bool,
    pub location: Option<String>,
    pub e2ee: bool,
    pub archive_name: Option<String>,
    pub archive_resolution: Option<String>,
    pub connections: Vec<Connection>,
    pub streams: Vec<Stream>,
    pub force_mute: bool,
}

impl Session {
    pub fn info(&self) -> SessionInfo {
        SessionInfo {
            session_id: self.id.clone(),
            media_mode: if self.routed { "routed" } else { "relayed" }.into(),
            archive_mode: if self.always { "always" } else { "manual" }.into(),
            location: self.location.clone(),
            e2ee: self.e2ee,
            archive_name: self.archive_name.clone(),
            archive_resolution: self.archive_resolution.clone(),
            force_muted: self.force_mute,
            connections: self.connections.iter().map(Connection::info).collect(),
            stream_ids: self.streams.iter().map(|s| s.id.clone()).collect(),
        }
    }

    pub fn stream(&self, stream_id: &str) -> Option<&Stream> {
        self.streams.iter().find(|s| s.id == stream_id)
    }

    pub fn has_connection(&self, connection_id: &str) -> bool {
        self.connections.iter().any(|c| c.id == connection_id)
    }
}

pub(crate) struct Connection {
    pub id: String,
    pub created_at: i64,
    pub data: Option<String>,
    pub role: String,
    pub sip: bool,
}

impl Connection {
    fn info(&self) -> ConnectionInfo {
        ConnectionInfo {
            connection_id: self.id.clone(),
            role: self.role.clone(),
            data: self.data.clone(),
            sip: self.sip,
        }
    }
}

/// A connection of a session.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConnectionInfo {
    /// The connection id.
    pub connection_id: String,
    /// The role of the token it joined with.
    pub role: String,
    /// The token's connection data.
    pub data: Option<String>,
    /// Whether this is a SIP leg.
    pub sip: bool,
}

pub(crate) struct Stream {
    pub id: String,
    pub connection_id: String,
    pub video_type: Option<String>,
    pub name: String,
    pub layout_class_list: Vec<String>,
    pub audio_muted: bool,
    /// False for SIP calls dialled without `observeForceMute`: force mute leaves them alone.
    pub observes_force_mute: bool,
}

impl Stream {
    pub fn info(&self) -> StreamInfo {
        StreamInfo {
            id: self.id.clone(),
            connection_id: self.connection_id.clone(),
            video_type: self.video_type.clone(),
            name: self.name.clone(),
            layout_class_list: self.layout_class_list.clone(),
            audio_muted: self.audio_muted,
        }
    }

    /// The REST form: `{id, videoType, name, layoutClassList}` (`videoType` absent for audio-only).
    pub fn to_json(&self) -> Value {
        let mut value = json!({
            "id": self.id,
            "name": self.name,
            "layoutClassList": self.layout_class_list,
        });
        if let Some(video_type) = &self.video_type {
            value["videoType"] = json!(video_type);
        }
        value
    }
}

/// What a joining connection publishes.
pub(crate) struct NewStream {
    pub video_type: Option<String>,
    pub name: String,
    pub layout_class_list: Vec<String>,
    pub observes_force_mute: bool,
    pub sip: bool,
}

/// Archive start options, already validated.
pub(crate) struct ArchiveOptions {
    pub session_id: String,
    pub name: Option<String>,
    pub has_audio: bool,
    pub has_video: bool,
    pub composed: bool,
    pub manual_streams: bool,
    pub resolution: Option<String>,
    pub layout: Option<Value>,
    pub multi_archive_tag: Option<String>,
    pub max_bitrate: Option<i64>,
    pub quantization_parameter: Option<i64>,
    pub has_transcription: Option<bool>,
}

pub(crate) struct Archive {
    pub id: String,
    pub status: String,
    pub reason: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub duration: i64,
    pub size: i64,
    pub url: Option<String>,
    pub options: ArchiveOptions,
    pub streams: Vec<ArchiveStream>,
    /// Set on stop: the next read moves the archive from `stopped` to `available`.
    pub advance_on_read: bool,
    /// Started by an `always` session rather than through the API.
    pub automatic: bool,
}

pub(crate) struct ArchiveStream {
    pub stream_id: String,
    pub has_audio: bool,
    pub has_video: bool,
}

impl Archive {
    pub fn is_active(&self) -> bool {
        self.status == "started" || self.status == "paused"
    }

    /// Applies the pending `stopped` → `available` step, if any.
    pub fn advance(&mut self, base_url: &str) {
        if self.advance_on_read && self.status == "stopped" {
            self.advance_on_read = false;
            self.set_status("available", base_url);
        }
    }

    pub fn set_status(&mut self, status: &str, base_url: &str) {
        self.advance_on_read = false;
        self.status = status.to_string();
        self.updated_at = now_ms().max(self.updated_at);
        match status {
            "available" => {
                self.size = 1_000_000 * self.duration.max(1);
                let ext = if self.options.composed { "mp4" } else { "zip" };
                self.url = Some(format!("{base_url}/_test/archive/{}/archive.{ext}", self.id));
            }
            "uploaded" => {
                self.size = 1_000_000 * self.duration.max(1);
                self.url = None;
            }
            "failed" => {
                self.reason = "failure".into();
                self.url = None;
            }
            _ => self.url = None,
        }
    }

    /// The Archive object of the REST API.
    pub fn to_json(&self, api_key: &str) -> Value {
        let o = &self.options;
        let mut value = json!({
            "id": self.id,
            "status": self.status,
            "name": o.name,
            "reason": self.reason,
            "sessionId": o.session_id,
            "projectId": api_key,
            "partnerId": api_key.parse::<u64>().map_or_else(|_| json!(api_key), |n| json!(n)),
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "duration": self.duration,
            "size": self.size,
            "outputMode": if o.composed { "composed" } else { "individual" },
            "streamMode": if o.manual_streams { "manual" } else { "auto" },
            "hasAudio": o.has_audio,
            "hasVideo": o.has_video,
            "url": self.url,
            "streams": self.streams.iter().map(|s| json!({
                "streamId": s.stream_id, "hasAudio": s.has_audio, "hasVideo": s.has_video,
            })).collect::<Vec<_>>(),
            "event": "archive",
        });
        if o.composed {
            value["resolution"] = json!(o.resolution.as_deref().unwrap_or("640x480"));
        }
        if let Some(tag) = &o.multi_archive_tag {
            value["multiArchiveTag"] = json!(tag);
        }
        if let Some(v) = o.max_bitrate {
            value["maxBitrate"] = json!(v);
        }
        if let Some(v) = o.quantization_parameter {
            value["quantizationParameter"] = json!(v);
        }
        if let Some(v) = o.has_transcription {
            value["hasTranscription"] = json!(v);
        }
        value
    }
}

impl World {
    /// Adds a connection (publishing `stream`, if any) and starts the automatic archive of an
    /// `always` session that has none running. The session must exist.
    pub fn add_connection(
        &mut self,
        session_id: &str,
        now: i64,
        data: Option<String>,
        role: String,
        stream: Option<NewStream>,
    ) -> (String, Option<String>) {
        let connection_id = ids::uuid();
        let mut stream_id = None;
        let Some(session) = self.sessions.get_mut(session_id) else {
            return (connection_id, None);
        };
        let sip = stream.as_ref().is_some_and(|s| s.sip);
        session.connections.push(Connection { id: connection_id.clone(), created_at: now, data, role, sip });
        if let Some(new) = stream {
            let id = ids::uuid();
            session.streams.push(Stream {
                id: id.clone(),
                connection_id: connection_id.clone(),
                video_type: new.video_type,
                name: new.name,
                layout_class_list: new.layout_class_list,
                audio_muted: session.force_mute && new.observes_force_mute,
                observes_force_mute: new.observes_force_mute,
            });
            stream_id = Some(id);
        }
        let auto = session.always.then(|| ArchiveOptions {
            session_id: session.id.clone(),
            name: session.archive_name.clone(),
            has_audio: true,
            has_video: true,
            composed: true,
            manual_streams: false,
            resolution: Some(session.archive_resolution.clone().unwrap_or_else(|| "640x480".into())),
            layout: None,
            multi_archive_tag: None,
            max_bitrate: None,
            quantization_parameter: None,
            has_transcription: None,
        });
        if let Some(options) = auto {
            let running =
                self.archives.iter().any(|a| a.automatic && a.is_active() && a.options.session_id == session_id);
            if !running {
                self.create_archive(options, now, true);
            }
        }
        (connection_id, stream_id)
    }

    /// Removes a connection (a client or a SIP leg) with its stream. `false` if either is unknown.
    pub fn remove_connection(&mut self, session_id: &str, connection_id: &str) -> bool {
        let Some(session) = self.sessions.get_mut(session_id) else { return false };
        let Some(index) = session.connections.iter().position(|c| c.id == connection_id) else {
            return false;
        };
        session.connections.remove(index);
        let gone: Vec<String> =
            session.streams.iter().filter(|s| s.connection_id == connection_id).map(|s| s.id.clone()).collect();
        session.streams.retain(|s| s.connection_id != connection_id);
        for archive in self.archives.iter_mut().filter(|a| a.options.session_id == session_id) {
            archive.streams.retain(|s| !gone.contains(&s.stream_id));
        }
        true
    }

    /// Records a new archive in `started` state and returns its index.
    pub fn create_archive(&mut self, options: ArchiveOptions, now: i64, automatic: bool) -> usize {
        self.archives.push(Archive {
            id: ids::uuid(),
            status: "started".into(),
            reason: String::new(),
            created_at: now,
            updated_at: now,
            duration: 0,
            size: 0,
            url: None,
            options,
            streams: Vec::new(),
            advance_on_read: false,
            automatic,
        });
        self.archives.len() - 1
    }

    pub fn archive_index(&self, archive_id: &str) -> Option<usize> {
        self.archives.iter().position(|a| a.id == archive_id)
    }
}

/// Milliseconds since the Unix epoch.
pub(crate) fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

pub(crate) fn split_classes(list: Option<&str>) -> Vec<String> {
    list.unwrap_or_default().split_whitespace().map(str::to_string).collect()
}
