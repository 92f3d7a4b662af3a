//! Sessions and their connections (simulated clients and SIP legs).

use serde_json::json;

use super::archives::ArchiveOptions;
use super::callbacks::connection_json;
use super::ids;
use super::streams::{NewStream, Stream};
use super::World;

/// A simulated client's connection, as [`crate::TestServer::connect_client`] returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConnection {
    /// The new connection's id.
    pub connection_id: String,
    /// The id of the stream the client publishes; empty for a subscriber (which does not publish).
    pub stream_id: String,
}

/// Why a simulated client could not connect, or a session could not be notified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// 404 for an unknown session, 403 for a bad token, 409 for a notice to a session without clients.
    pub status: u16,
    /// What was wrong.
    pub message: String,
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

pub(crate) struct Session {
    pub id: String,
    /// On the server's clock, Unix milliseconds.
    pub created_at: i64,
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
    /// A SIP leg's call id (set by the dial route).
    pub call_id: Option<String>,
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

impl World {
    /// Adds a session (made just now: sessions are added in the order of their creation).
    pub fn add_session(&mut self, session: Session) {
        let id = session.id.clone();
        if self.sessions.insert(id.clone(), session).is_none() {
            self.session_order.push(id);
        }
    }

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
        let first = session.connections.is_empty();
        let connection = connection_json(&connection_id, now, data.as_deref());
        session.connections.push(Connection {
            id: connection_id.clone(),
            created_at: now,
            data,
            role,
            sip,
            call_id: None,
        });
        let mut events = Vec::new();
        if first {
            events.push(("session_created", "sessionCreated", json!({})));
        }
        events.push(("connection_created", "connectionCreated", json!({"connection": connection})));
        if let Some(new) = stream {
            let id = ids::uuid();
            let mut stream = json!({"id": id, "connection": connection, "createdAt": now, "name": new.name});
            if let Some(video_type) = &new.video_type {
                stream["videoType"] = json!(video_type);
            }
            events.push(("stream_created", "streamCreated", json!({"stream": stream})));
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
        for (kind, event, extra) in events {
            self.emit(kind, event, session_id, extra);
        }
        let Some(session) = self.sessions.get(session_id) else { return (connection_id, stream_id) };
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
            let archives = &self.archives;
            let running =
                archives.of_session(session_id).into_iter().any(|k| archives[k].automatic && archives[k].is_active());
            if !running {
                self.create_archive(options, now, true);
            }
        }
        (connection_id, stream_id)
    }

    /// Removes a connection (a client or a SIP leg) with its stream, the client having left. `false` if
    /// either is unknown.
    pub fn remove_connection(&mut self, session_id: &str, connection_id: &str) -> bool {
        self.remove_connection_because(session_id, connection_id, "clientDisconnected")
    }

    /// Removes a connection with its stream, for `reason` (`clientDisconnected`, `forceDisconnected`).
    pub fn remove_connection_because(&mut self, session_id: &str, connection_id: &str, reason: &str) -> bool {
        let Some(session) = self.sessions.get_mut(session_id) else { return false };
        let Some(index) = session.connections.iter().position(|c| c.id == connection_id) else {
            return false;
        };
        let left = session.connections.remove(index);
        let connection = connection_json(&left.id, left.created_at, left.data.as_deref());
        let mut events = Vec::new();
        for stream in session.streams.iter().filter(|s| s.connection_id == connection_id) {
            let mut json = json!({"id": stream.id, "connection": connection, "createdAt": left.created_at,
                "name": stream.name});
            if let Some(video_type) = &stream.video_type {
                json["videoType"] = json!(video_type);
            }
            events.push(("stream_destroyed", "streamDestroyed", json!({"stream": json, "reason": reason})));
        }
        events.push((
            "connection_destroyed",
            "connectionDestroyed",
            json!({"connection": connection, "reason": reason}),
        ));
        if let Some(call_id) = &left.call_id {
            let call = json!({"id": call_id, "connectionId": left.id, "createdAt": left.created_at});
            events.push(("sip_call_updated", "callUpdated", json!({"call": call, "state": "HANGUP"})));
            events.push((
                "sip_call_destroyed",
                "callDestroyed",
                json!({"call": call, "reason_code": "700", "reason_message": "Normal Clearing"}),
            ));
        }
        if session.connections.is_empty() {
            events.push(("session_destroyed", "sessionDestroyed", json!({"reason": "clientDisconnected"})));
        }
        let gone: Vec<String> =
            session.streams.iter().filter(|s| s.connection_id == connection_id).map(|s| s.id.clone()).collect();
        session.streams.retain(|s| s.connection_id != connection_id);
        let emptied = session.connections.is_empty();
        for (kind, event, extra) in events {
            self.emit(kind, event, session_id, extra);
        }
        self.forget_streams(session_id, &gone);
        if emptied {
            self.broadcasts.session_emptied(session_id);
        }
        true
    }

    /// Queues a `sessionNotification` with `reason` for a session that has clients, as the platform sends
    /// one 4 h and 1 h before it moves a session to another server (`reason: "serverRotation"`).
    pub fn notify_session(&mut self, session_id: &str, reason: &str) -> Result<(), Rejection> {
        let Some(session) = self.sessions.get(session_id) else {
            return Err(Rejection { status: 404, message: "Session not found".into() });
        };
        if session.connections.is_empty() {
            return Err(Rejection {
                status: 409,
                message: "No client is connected to the session: only a live session is notified".into(),
            });
        }
        self.emit("session_notification", "sessionNotification", session_id, json!({"reason": reason}));
        Ok(())
    }
}
