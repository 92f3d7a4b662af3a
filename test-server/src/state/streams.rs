//! Published streams.

use serde_json::{json, Value};

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
