//! [`Event`]: every callback the platform sends, read from its JSON by the `event` member.

use serde_json::{Map, Value};

use super::{
    captions::CaptionsEvent,
    session::{ConnectionEvent, SessionEvent, StreamEvent},
    sip::SipCallEvent,
};
use crate::{
    archive::Archive,
    broadcast::Broadcast,
    error::{DecodeError, Error, Result},
    macros::closed_enum,
    render::Render,
};

closed_enum!(
    /// The kinds of callback, named as a Vonage application's video webhooks name them (an OpenTok
    /// project sets fewer URLs: one for session monitoring, one for archives, one for SIP, ...).
    EventKind {
        /// `sessionCreated`.
        SessionCreated = "session_created",
        /// `sessionDestroyed`.
        SessionDestroyed = "session_destroyed",
        /// `sessionNotification`.
        SessionNotification = "session_notification",
        /// `connectionCreated`.
        ConnectionCreated = "connection_created",
        /// `connectionDestroyed`.
        ConnectionDestroyed = "connection_destroyed",
        /// `streamCreated`.
        StreamCreated = "stream_created",
        /// `streamDestroyed`.
        StreamDestroyed = "stream_destroyed",
        /// `callCreated`.
        SipCallCreated = "sip_call_created",
        /// `callUpdated`.
        SipCallUpdated = "sip_call_updated",
        /// `callDestroyed`.
        SipCallDestroyed = "sip_call_destroyed",
        /// `muteForced`.
        SipCallMuteForced = "sip_call_mute_forced",
        /// An archive's status.
        ArchiveStatus = "archive_status",
        /// A broadcast's status.
        BroadcastStatus = "broadcast_status",
        /// An Experience Composer's status.
        RenderStatus = "render_status",
        /// A Live Captions status.
        CaptionsStatus = "captions_status",
    }
);

/// A callback from the platform.
///
/// Read with [`Event::from_json`] (or serde), which dispatches on the `event` member. Experience Composer
/// and Live Captions callbacks carry no `event`: a body without one is a [`Captions`](Self::Captions)
/// callback when it has `captionId` or `captionsId`, else a [`Render`](Self::Render) callback when it
/// has `id` and `status`. Any other body is [`Unknown`](Self::Unknown), kept as received.
///
/// Where the platform sends the object its REST API describes, the event is that model: an archive
/// callback is an [`Archive`], a broadcast callback a [`Broadcast`], an Experience Composer callback a
/// [`Render`].
///
/// Every model keeps the members it does not know, and serializing an event (serde, or
/// [`to_json`](Self::to_json)) gives back the JSON received, so that an event can be stored or forwarded
/// unchanged.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
// One event is handled at a time: boxing the archive would cost a pattern's ergonomics for no gain.
#[allow(clippy::large_enum_variant)]
pub enum Event {
    /// `sessionCreated`: the first client connected.
    SessionCreated(SessionEvent),
    /// `sessionDestroyed`: the session ended.
    SessionDestroyed(SessionEvent),
    /// `sessionNotification`: the session will move to another server (see its `reason`).
    SessionNotification(SessionEvent),
    /// `connectionCreated`: a client connected.
    ConnectionCreated(ConnectionEvent),
    /// `connectionDestroyed`: a client left.
    ConnectionDestroyed(ConnectionEvent),
    /// `streamCreated`: a client started publishing.
    StreamCreated(StreamEvent),
    /// `streamDestroyed`: a stream stopped.
    StreamDestroyed(StreamEvent),
    /// `callCreated`: a SIP call started.
    SipCallCreated(SipCallEvent),
    /// `callUpdated`: a SIP call changed state.
    SipCallUpdated(SipCallEvent),
    /// `callDestroyed`: a SIP call ended.
    SipCallDestroyed(SipCallEvent),
    /// `muteForced`: a moderator muted a SIP call.
    SipCallMuteForced(SipCallEvent),
    /// `archive`: an archive changed status. The body is the archive itself.
    Archive(Archive),
    /// `broadcast`: a broadcast started, stopped or failed. The body is the broadcast itself.
    Broadcast(Broadcast),
    /// An Experience Composer started, stopped or failed. The body is the Experience Composer itself
    /// (at least `id`, `sessionId`, `status`, and `streamId` and `reason` when the platform has them).
    Render(Render),
    /// A Live Captions captioning changed status.
    Captions(CaptionsEvent),
    /// A callback this version of the SDK does not know, as received.
    Unknown(Value),
}

impl Event {
    /// Reads a callback's body.
    ///
    /// # Errors
    /// [`Error::Decode`] if the body is not JSON, or if a callback this crate knows has a member of the
    /// wrong type or lacks one it needs (the error names the member). An unknown callback is not an
    /// error: it is [`Event::Unknown`].
    pub fn from_json(body: &[u8]) -> Result<Self> {
        let value: Value = crate::wire::json_from_slice(body)
            .map_err(|e| Error::Decode(DecodeError::of_body(body, e).in_callback()))?;
        Self::from_value(value)
    }

    /// Reads a callback from its JSON value.
    ///
    /// # Errors
    /// As [`from_json`](Self::from_json), for a known callback that does not read.
    pub fn from_value(value: Value) -> Result<Self> {
        let Value::Object(object) = value else { return Ok(Self::Unknown(value)) };
        Self::from_object(object).map_err(in_callback)
    }

    fn from_object(object: Map<String, Value>) -> Result<Self> {
        let name = match object.get("event") {
            Some(Value::String(name)) => Some(name.as_str()),
            Some(_) => return Ok(Self::Unknown(Value::Object(object))),
            None => None,
        };
        Ok(match name {
            Some("sessionCreated") => Self::SessionCreated(SessionEvent::from_object(object)?),
            Some("sessionDestroyed") => Self::SessionDestroyed(SessionEvent::from_object(object)?),
            Some("sessionNotification") => Self::SessionNotification(SessionEvent::from_object(object)?),
            Some("connectionCreated") => Self::ConnectionCreated(ConnectionEvent::from_object(object)?),
            Some("connectionDestroyed") => Self::ConnectionDestroyed(ConnectionEvent::from_object(object)?),
            Some("streamCreated") => Self::StreamCreated(StreamEvent::from_object(object)?),
            Some("streamDestroyed") => Self::StreamDestroyed(StreamEvent::from_object(object)?),
            Some("callCreated") => Self::SipCallCreated(SipCallEvent::from_object(object)?),
            Some("callUpdated") => Self::SipCallUpdated(SipCallEvent::from_object(object)?),
            Some("callDestroyed") => Self::SipCallDestroyed(SipCallEvent::from_object(object)?),
            Some("muteForced") => Self::SipCallMuteForced(SipCallEvent::from_object(object)?),
            Some("archive") => Self::Archive(Archive::from_object(object)?),
            Some("broadcast") => Self::Broadcast(Broadcast::from_object(object)?),
            Some("render") => Self::Render(Render::from_object(object)?),
            Some(_) => Self::Unknown(Value::Object(object)),
            None if object.contains_key("captionId") || object.contains_key("captionsId") => {
                Self::Captions(CaptionsEvent::from_object(object)?)
            }
            None if object.contains_key("id") && object.contains_key("status") => {
                Self::Render(Render::from_object(object)?)
            }
            None => Self::Unknown(Value::Object(object)),
        })
    }

    /// The kind of callback; `None` for [`Event::Unknown`].
    pub fn kind(&self) -> Option<EventKind> {
        Some(match self {
            Self::SessionCreated(_) => EventKind::SessionCreated,
            Self::SessionDestroyed(_) => EventKind::SessionDestroyed,
            Self::SessionNotification(_) => EventKind::SessionNotification,
            Self::ConnectionCreated(_) => EventKind::ConnectionCreated,
            Self::ConnectionDestroyed(_) => EventKind::ConnectionDestroyed,
            Self::StreamCreated(_) => EventKind::StreamCreated,
            Self::StreamDestroyed(_) => EventKind::StreamDestroyed,
            Self::SipCallCreated(_) => EventKind::SipCallCreated,
            Self::SipCallUpdated(_) => EventKind::SipCallUpdated,
            Self::SipCallDestroyed(_) => EventKind::SipCallDestroyed,
            Self::SipCallMuteForced(_) => EventKind::SipCallMuteForced,
            Self::Archive(_) => EventKind::ArchiveStatus,
            Self::Broadcast(_) => EventKind::BroadcastStatus,
            Self::Render(_) => EventKind::RenderStatus,
            Self::Captions(_) => EventKind::CaptionsStatus,
            Self::Unknown(_) => return None,
        })
    }

    /// The callback's JSON: what was received, with the changes made to the typed fields.
    pub fn to_json(&self) -> Value {
        match self {
            Self::SessionCreated(e) | Self::SessionDestroyed(e) | Self::SessionNotification(e) => e.to_json(),
            Self::ConnectionCreated(e) | Self::ConnectionDestroyed(e) => e.to_json(),
            Self::StreamCreated(e) | Self::StreamDestroyed(e) => e.to_json(),
            Self::SipCallCreated(e)
            | Self::SipCallUpdated(e)
            | Self::SipCallDestroyed(e)
            | Self::SipCallMuteForced(e) => e.to_json(),
            Self::Archive(e) => e.to_json(),
            Self::Broadcast(e) => e.to_json(),
            Self::Render(e) => e.to_json(),
            Self::Captions(e) => e.to_json(),
            Self::Unknown(value) => value.clone(),
        }
    }
}

/// A decode error, said to be about a callback's body.
fn in_callback(error: Error) -> Error {
    match error {
        Error::Decode(decode) => Error::Decode(decode.in_callback()),
        other => other,
    }
}

impl serde::Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            Self::SessionCreated(e) | Self::SessionDestroyed(e) | Self::SessionNotification(e) => {
                e.serialize(serializer)
            }
            Self::ConnectionCreated(e) | Self::ConnectionDestroyed(e) => e.serialize(serializer),
            Self::StreamCreated(e) | Self::StreamDestroyed(e) => e.serialize(serializer),
            Self::SipCallCreated(e)
            | Self::SipCallUpdated(e)
            | Self::SipCallDestroyed(e)
            | Self::SipCallMuteForced(e) => e.serialize(serializer),
            Self::Archive(e) => e.serialize(serializer),
            Self::Broadcast(e) => e.serialize(serializer),
            Self::Render(e) => e.serialize(serializer),
            Self::Captions(e) => e.serialize(serializer),
            Self::Unknown(value) => value.serialize(serializer),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Self::from_value(value).map_err(serde::de::Error::custom)
    }
}
