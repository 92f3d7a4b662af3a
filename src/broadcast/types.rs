//! The broadcast model, its enums, and the RTMP target a broadcast is started with.

use std::{fmt, time::Duration};

use chrono::{DateTime, Utc};
use serde_json::Value;
use typed_builder::TypedBuilder;

use crate::{
    composition::StreamMode,
    ids::{IdText, SessionId, StreamId},
    macros::{closed_enum, id_type, open_enum, wire_model},
    wire::{Dflt, LenientEpochMillis, Opt, Plain, Req, Seconds, Text, ValueCodec},
};

id_type!(
    /// A broadcast id (a UUID, or 32 hex characters; its shape is not relied on).
    BroadcastId
);

open_enum!(
    /// Where a broadcast is in its life.
    BroadcastStatus {
        /// Streaming.
        Started = "started",
        /// Stopped (by a call, at its maximum duration, or after the last client left).
        Stopped = "stopped",
        /// Failed on the platform's side (broadcast callbacks; `reason` says why).
        Failed = "failed",
    }
);

/// A broadcast whose answer had no `status`: `Unknown("")`.
impl Default for BroadcastStatus {
    fn default() -> Self {
        Self::Unknown(String::new())
    }
}

impl BroadcastStatus {
    /// True while the broadcast streams.
    pub fn is_live(&self) -> bool {
        matches!(self, Self::Started)
    }
}

open_enum!(
    /// Where a broadcast's HLS stream is.
    HlsStatus {
        /// Starting; the playlist is not served yet.
        Connecting = "connecting",
        /// The playlist is ready.
        Ready = "ready",
        /// Streaming.
        Live = "live",
        /// The stream has ended.
        Ended = "ended",
        /// The stream failed.
        Error = "error",
    }
);

open_enum!(
    /// Where one RTMP target of a broadcast is.
    RtmpStatus {
        /// Connecting to the RTMP server.
        Connecting = "connecting",
        /// Streaming to it.
        Live = "live",
        /// Not connected (stopped, or the server went away).
        Offline = "offline",
        /// The connection failed.
        Error = "error",
    }
);

closed_enum!(
    /// The kind of HLS output, for a choice read from configuration (see
    /// [`StartBroadcast::hls_mode`](super::StartBroadcast::hls_mode)). DVR and low latency exclude each
    /// other, so one value says it all. `FromStr`, `Display` and serde use `plain`, `dvr`, `lowLatency`.
    HlsMode {
        /// Plain HLS: `"hls": {}`.
        Plain = "plain",
        /// HLS with rewind (DVR), up to two hours back: `"hls": {"dvr": true}`. Its URL ends in `?DVR`.
        Dvr = "dvr",
        /// Low-latency HLS: `"hls": {"lowLatency": true}`.
        LowLatency = "lowLatency",
    }
);

/// The name of a stream on an RTMP server: for YouTube, Twitch and most CDNs, the *stream key*, which
/// lets whoever holds it stream to the channel. Its `Debug` output does not show it, and the SDK's
/// errors never include it.
#[derive(Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct StreamName(String);

impl StreamName {
    /// Wraps a stream name.
    pub fn new(name: impl Into<String>) -> Self {
        Self(name.into())
    }

    /// The stream name itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for StreamName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "StreamName(\"\")" } else { "StreamName([redacted])" })
    }
}

impl From<String> for StreamName {
    fn from(name: String) -> Self {
        Self(name)
    }
}

impl From<&str> for StreamName {
    fn from(name: &str) -> Self {
        Self(name.to_owned())
    }
}

/// An RTMP server to stream a broadcast to (YouTube, Twitch, a CDN). The server URL and the stream name
/// are required at compile time; the id is optional:
///
/// ```
/// use opentok_sdk::broadcast::RtmpTarget;
///
/// let youtube = RtmpTarget::builder()
///     .server_url("rtmps://a.rtmps.youtube.com/live2")
///     .stream_name("xxxx-xxxx-xxxx-xxxx")
///     .id("youtube")
///     .build();
/// assert_eq!(youtube.server_url, "rtmps://a.rtmps.youtube.com/live2");
/// ```
///
/// Leaving out a required field does not compile; the compiler names it ("Missing required field
/// stream_name"):
///
/// ```compile_fail,E0061
/// let target = opentok_sdk::broadcast::RtmpTarget::builder().server_url("rtmp://h.example/live").build();
/// ```
///
/// The URL's scheme (`rtmp://` or `rtmps://`) and the non-empty fields are checked by
/// [`StartBroadcast::send`](super::StartBroadcast::send), before anything is sent.
#[derive(Clone, PartialEq, Eq, TypedBuilder)]
#[builder(doc)]
#[non_exhaustive]
pub struct RtmpTarget {
    /// The RTMP server, `rtmp://` or `rtmps://`.
    #[builder(setter(into))]
    pub server_url: String,
    /// The stream name (the service's stream key).
    #[builder(setter(into))]
    pub stream_name: StreamName,
    /// Your own id for this target, reported back with its status.
    #[builder(default, setter(strip_option, into))]
    pub id: Option<String>,
}

impl fmt::Debug for RtmpTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RtmpTarget")
            .field("server_url", &self.server_url)
            .field("stream_name", &self.stream_name)
            .field("id", &self.id)
            .finish()
    }
}

wire_model! {
    /// One RTMP target of a broadcast, with its status.
    pub struct RtmpStream("an RTMP target") {
        /// The id given when the broadcast was started.
        "id" => pub id: Option<String> as Opt<Plain>,
        /// The RTMP server.
        "serverUrl" => pub server_url: Option<String> as Opt<Plain>,
        /// The stream name (stream key); not shown by `Debug`.
        "streamName" => pub stream_name: Option<StreamName> as Opt<Plain>,
        /// Where streaming to this target is.
        "status" => pub status: Option<RtmpStatus> as Opt<Plain>,
    }
}

wire_model! {
    /// Where a broadcast can be watched: its HLS playlist and its RTMP targets.
    pub struct BroadcastUrls("a broadcast's URLs") {
        /// The HLS playlist URL (fetch it 15 to 20 seconds after the start). Ends in `?DVR` for DVR.
        "hls" => pub hls: Option<String> as Opt<Plain>,
        /// Where the HLS stream is.
        "hlsStatus" => pub hls_status: Option<HlsStatus> as Opt<Plain>,
        /// The RTMP targets, each with its status (empty when absent). Read from an array, as the platform
        /// sends them, or from an object keyed by target id, as Vonage's spec shows them.
        "rtmp" => pub rtmp: Vec<RtmpStream> as Dflt<RtmpList>,
    }
}

wire_model! {
    /// The HLS settings a broadcast was started with.
    pub struct HlsSettings("a broadcast's HLS settings") {
        /// Low-latency HLS.
        "lowLatency" => pub low_latency: Option<bool> as Opt<Plain>,
        /// HLS with rewind (DVR).
        "dvr" => pub dvr: Option<bool> as Opt<Plain>,
    }
}

wire_model! {
    /// The settings a broadcast was started with.
    pub struct BroadcastSettings("a broadcast's settings") {
        /// Its HLS settings, when it streams HLS.
        "hls" => pub hls: Option<HlsSettings> as Opt<Plain>,
    }
}

wire_model! {
    /// A stream included in a broadcast in manual stream mode.
    pub struct BroadcastStream("a broadcast stream") {
        /// The stream.
        "streamId" => pub stream_id: StreamId as Req<Plain>,
        /// Whether its audio is broadcast (a boolean, or `"true"`/`"false"` as Vonage's spec types it).
        "hasAudio" => pub has_audio: Option<bool> as Opt<BoolOrText>,
        /// Whether its video is broadcast (a boolean or its text).
        "hasVideo" => pub has_video: Option<bool> as Opt<BoolOrText>,
    }
}

// Not progenitor's generated `Broadcast` (build.rs says why): the generated client hands the JSON object
// over untouched, and this model reads it.
wire_model! {
    /// A live-streaming broadcast of a session, as REST answers and broadcast callbacks describe it.
    ///
    /// Every member the platform sends is kept: the ones below as typed fields, any other in
    /// [`extra`](Self::extra). Serializing (or [`to_json`](Self::to_json)) gives back the JSON received, with
    /// the changes made to the fields. Ids are read from strings or numbers, and times from epoch
    /// milliseconds as numbers or strings (or RFC 3339), as callbacks may send them; an unreadable time
    /// is `None` and kept as received.
    pub struct Broadcast("a broadcast") {
        /// The broadcast id.
        "id" => pub id: BroadcastId as Req<IdText>,
        /// The session broadcast.
        "sessionId" => pub session_id: Option<SessionId> as Opt<IdText>,
        /// Where the broadcast is in its life. Absent from the platform's answer → `Unknown("")`.
        "status" => pub status: BroadcastStatus as Dflt<Plain>,
        /// The tag that lets several broadcasts of one session run at once (not always echoed).
        "multiBroadcastTag" => pub multi_broadcast_tag: Option<String> as Opt<Plain>,
        /// The Vonage application (application credentials).
        "applicationId" => pub application_id: Option<String> as Opt<Text>,
        /// The OpenTok project (its API key), as a number or as text.
        "projectId" => pub project_id: Option<String> as Opt<Text>,
        /// The OpenTok project again, under its older name (callbacks).
        "partnerId" => pub partner_id: Option<String> as Opt<Text>,
        /// `"broadcast"` in broadcast callbacks and some answers.
        "event" => pub event: Option<String> as Opt<Plain>,
        /// Why it stopped or failed, in the platform's words (callbacks).
        "reason" => pub reason: Option<String> as Opt<Plain>,
        /// When the broadcast started.
        "createdAt" => pub created_at: Option<DateTime<Utc>> as Opt<LenientEpochMillis>,
        /// When it last changed.
        "updatedAt" => pub updated_at: Option<DateTime<Utc>> as Opt<LenientEpochMillis>,
        /// When it stops by itself.
        "maxDuration" => pub max_duration: Option<Duration> as Opt<Seconds>,
        /// The video bitrate cap, in bits per second.
        "maxBitrate" => pub max_bitrate: Option<i64> as Opt<Plain>,
        /// The resolution, such as `1280x720` (see [`Resolution::parse`](crate::broadcast::Resolution::parse)).
        "resolution" => pub resolution: Option<String> as Opt<Plain>,
        /// Automatic or manual stream selection.
        "streamMode" => pub stream_mode: Option<StreamMode> as Opt<Plain>,
        /// Whether audio is broadcast.
        "hasAudio" => pub has_audio: Option<bool> as Opt<Plain>,
        /// Whether video is broadcast.
        "hasVideo" => pub has_video: Option<bool> as Opt<Plain>,
        /// The HLS URL and status, and the RTMP targets with their status.
        "broadcastUrls" => pub broadcast_urls: Option<BroadcastUrls> as Opt<Plain>,
        /// The settings it was started with (HLS DVR and low latency).
        "settings" => pub settings: Option<BroadcastSettings> as Opt<Plain>,
        /// The streams broadcast, in manual stream mode (empty when absent).
        "streams" => pub streams: Vec<BroadcastStream> as Dflt<Plain>,
    }
}

impl Broadcast {
    /// The HLS playlist URL, if the broadcast streams HLS.
    pub fn hls_url(&self) -> Option<&str> {
        self.broadcast_urls.as_ref()?.hls.as_deref()
    }

    /// Where the HLS stream is, if the platform says.
    pub fn hls_status(&self) -> Option<&HlsStatus> {
        self.broadcast_urls.as_ref()?.hls_status.as_ref()
    }

    /// The RTMP targets with their status (empty if there are none).
    pub fn rtmp(&self) -> &[RtmpStream] {
        self.broadcast_urls.as_ref().map_or(&[], |urls| urls.rtmp.as_slice())
    }
}

/// `rtmp` of `broadcastUrls`: an array of targets, or an object whose members are targets keyed by id
/// (a target without an `id` of its own takes its key). Written back as an array.
pub(crate) struct RtmpList;

impl ValueCodec<Vec<RtmpStream>> for RtmpList {
    fn read(value: &Value) -> Result<Option<Vec<RtmpStream>>, String> {
        let read_one = |entry: &Value| -> Result<RtmpStream, String> {
            match entry {
                Value::Object(object) => RtmpStream::from_wire_object(object.clone()),
                _ => Err("must hold RTMP targets (JSON objects)".to_owned()),
            }
        };
        match value {
            Value::Array(entries) => entries.iter().map(read_one).collect::<Result<_, _>>().map(Some),
            Value::Object(by_id) => by_id
                .iter()
                .map(|(key, entry)| {
                    let mut target = read_one(entry)?;
                    if target.id.is_none() {
                        target.id = Some(key.clone());
                    }
                    Ok(target)
                })
                .collect::<Result<_, _>>()
                .map(Some),
            _ => Err("must be an array of RTMP targets, or an object of them keyed by id".to_owned()),
        }
    }

    fn write(field: &Vec<RtmpStream>) -> Value {
        Value::Array(field.iter().map(RtmpStream::to_json).collect())
    }
}

/// A boolean sent as a JSON boolean or as its text (`"true"`, `"false"`, any ASCII case). Other text
/// reads as `None` and is kept as received; written as a boolean.
pub(crate) struct BoolOrText;

impl ValueCodec<bool> for BoolOrText {
    fn read(value: &Value) -> Result<Option<bool>, String> {
        match value {
            Value::Bool(b) => Ok(Some(*b)),
            Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Ok(Some(true)),
            Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Ok(Some(false)),
            Value::String(_) => Ok(None),
            _ => Err("must be a boolean (or \"true\"/\"false\")".to_owned()),
        }
    }

    fn write(field: &bool) -> Value {
        Value::Bool(*field)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn rtmp_as_an_object_keyed_by_id_reads_and_round_trips() {
        let json = json!({"id": "b", "broadcastUrls": {"rtmp": {
            "foo": {"serverUrl": "rtmp://a/b", "streamName": "k", "status": "live"},
            "bar": {"id": "own", "serverUrl": "rtmps://c/d", "streamName": "k2"}
        }}});
        let b = Broadcast::from_json(json.to_string().as_bytes()).unwrap();
        let mut ids: Vec<_> = b.rtmp().iter().map(|t| t.id.clone().unwrap()).collect();
        ids.sort();
        assert_eq!(ids, ["foo", "own"], "a target without an id takes its key");
        let foo = b.rtmp().iter().find(|t| t.id.as_deref() == Some("foo")).unwrap();
        assert_eq!(foo.status, Some(RtmpStatus::Live));
        assert_eq!(b.to_json(), json, "the object form comes back as received");
    }

    #[test]
    fn stream_flags_as_bool_or_text() {
        let json = json!({"streamId": "s", "hasAudio": "true", "hasVideo": false});
        let s: BroadcastStream = serde_json::from_value(json.clone()).unwrap();
        assert_eq!((s.has_audio, s.has_video), (Some(true), Some(false)));
        assert_eq!(serde_json::to_value(&s).unwrap(), json);
        let odd: BroadcastStream = serde_json::from_value(json!({"streamId": "s", "hasAudio": "maybe"})).unwrap();
        assert_eq!(odd.has_audio, None);
        assert_eq!(odd.to_json(), json!({"streamId": "s", "hasAudio": "maybe"}));
        assert!(serde_json::from_value::<BroadcastStream>(json!({"streamId": "s", "hasAudio": 1})).is_err());
    }

    #[test]
    fn stream_names_stay_out_of_debug() {
        let target = RtmpTarget::builder().server_url("rtmp://x/live").stream_name("secret-key").build();
        let debug = format!("{target:?}");
        assert!(!debug.contains("secret-key") && debug.contains("[redacted]"), "{debug}");
        let stream: RtmpStream = serde_json::from_value(json!({"streamName": "secret-key"})).unwrap();
        assert!(!format!("{stream:?}").contains("secret-key"));
        assert_eq!(stream.stream_name.unwrap().expose(), "secret-key");
    }
}
