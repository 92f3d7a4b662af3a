//! Published streams, and a connected client publishing one more or unpublishing one.

use serde_json::{json, Value};

use super::callbacks::connection_json;
use super::sessions::Rejection;
use super::{ids, World};

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

impl World {
    /// The connected client `connection_id` publishes a stream of `video_type` (`camera` or `screen`);
    /// returns its id. 404 for an unknown session or connection, 403 for a subscriber.
    pub fn publish(
        &mut self,
        session_id: &str,
        connection_id: &str,
        video_type: &str,
        now: i64,
    ) -> Result<String, Rejection> {
        let not_found = || Rejection { status: 404, message: "Session or connection not found".into() };
        let session = self.sessions.get_mut(session_id).ok_or_else(not_found)?;
        let connection = session.connections.iter().find(|c| c.id == connection_id).ok_or_else(not_found)?;
        if connection.role == "subscriber" {
            return Err(Rejection { status: 403, message: "A subscriber cannot publish: its token's role".into() });
        }
        let connection = connection_json(&connection.id, connection.created_at, connection.data.as_deref());
        let id = ids::uuid();
        let stream = json!({"id": id, "connection": connection, "createdAt": now, "name": "", "videoType": video_type});
        session.streams.push(Stream {
            id: id.clone(),
            connection_id: connection_id.to_string(),
            video_type: Some(video_type.to_string()),
            name: String::new(),
            layout_class_list: Vec::new(),
            audio_muted: session.force_mute,
            observes_force_mute: true,
        });
        self.emit("stream_created", "streamCreated", session_id, json!({"stream": stream}));
        Ok(id)
    }

    /// The stream `stream_id` ends for `reason` (`streamDestroyed`'s: its client unpublished it, a
    /// moderator forced it, its media stopped); `false` if unknown.
    pub fn unpublish(&mut self, session_id: &str, stream_id: &str, reason: &str) -> bool {
        let Some(session) = self.sessions.get_mut(session_id) else { return false };
        let Some(index) = session.streams.iter().position(|s| s.id == stream_id) else { return false };
        let stream = session.streams.remove(index);
        let Some(owner) = session.connections.iter().find(|c| c.id == stream.connection_id) else { return true };
        let connection = connection_json(&owner.id, owner.created_at, owner.data.as_deref());
        let mut json = json!({"id": stream.id, "connection": connection, "createdAt": owner.created_at,
            "name": stream.name});
        if let Some(video_type) = &stream.video_type {
            json["videoType"] = json!(video_type);
        }
        self.emit("stream_destroyed", "streamDestroyed", session_id, json!({"stream": json, "reason": reason}));
        self.forget_streams(session_id, &[stream.id]);
        true
    }

    /// Takes streams that ended out of the session's archives' stream selections.
    pub(crate) fn forget_streams(&mut self, session_id: &str, gone: &[String]) {
        for key in self.archives.of_session(session_id) {
            if self.archives[key].streams.iter().any(|s| gone.contains(&s.stream_id)) {
                self.archives[key].streams.retain(|s| !gone.contains(&s.stream_id));
            }
        }
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

/// Splits a space-separated layout class list.
pub(crate) fn split_classes(list: Option<&str>) -> Vec<String> {
    list.unwrap_or_default().split_whitespace().map(str::to_string).collect()
}
