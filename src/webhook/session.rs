//! Session monitoring callbacks: a session created, destroyed or about to move, a connection created or
//! destroyed, a stream created or destroyed.
//!
//! Reference: <https://tokbox.com/developer/guides/session-monitoring/>.

use chrono::{DateTime, Utc};

use super::monitoring::monitoring_event;
use crate::{
    ids::{ConnectionId, IdText, StreamId},
    macros::{open_enum, wire_model},
    stream::VideoType,
    wire::{LenientEpochMillis, Opt, Plain, Req},
};

open_enum!(
    /// Why a session was destroyed, or why the platform warns about it (`sessionNotification`).
    SessionReason {
        /// The platform is moving the session to another server (a rotation): reconnect, or migrate.
        ServerRotation = "serverRotation",
        /// The platform ended the session after a failure.
        ForceDisconnected = "forceDisconnected",
    }
);

open_enum!(
    /// Why a connection left its session.
    ConnectionReason {
        /// The client disconnected.
        ClientDisconnected = "clientDisconnected",
        /// A moderator or the REST API disconnected it.
        ForceDisconnected = "forceDisconnected",
        /// The network dropped it.
        NetworkDisconnected = "networkDisconnected",
    }
);

open_enum!(
    /// Why a stream stopped.
    StreamReason {
        /// The publishing client disconnected.
        ClientDisconnected = "clientDisconnected",
        /// A moderator or the REST API disconnected the publisher.
        ForceDisconnected = "forceDisconnected",
        /// A moderator or the REST API unpublished the stream.
        ForceUnpublished = "forceUnpublished",
        /// The publisher stopped its media.
        MediaStopped = "mediaStopped",
        /// The network dropped the publisher.
        NetworkDisconnected = "networkDisconnected",
    }
);

wire_model! {
    /// A client connection, as session monitoring callbacks describe it.
    pub struct ConnectionInfo("a callback's connection") {
        /// The connection's id (sent as a string; a number is read as text).
        "id" => pub id: ConnectionId as Req<IdText>,
        /// When the client connected.
        "createdAt" => pub created_at: Option<DateTime<Utc>> as Opt<LenientEpochMillis>,
        /// The connection data of the client's token (often `""`).
        "data" => pub data: Option<String> as Opt<Plain>,
    }
}

wire_model! {
    /// A stream, as session monitoring callbacks describe it.
    pub struct StreamInfo("a callback's stream") {
        /// The stream's id.
        "id" => pub id: StreamId as Req<IdText>,
        /// The connection that publishes it.
        "connection" => pub connection: Option<ConnectionInfo> as Opt<Plain>,
        /// When it was published.
        "createdAt" => pub created_at: Option<DateTime<Utc>> as Opt<LenientEpochMillis>,
        /// The name the publisher gave it (often `""`).
        "name" => pub name: Option<String> as Opt<Plain>,
        /// What its video shows; `None` for an audio-only stream.
        "videoType" => pub video_type: Option<VideoType> as Opt<Plain>,
    }
}

monitoring_event! {
    /// `sessionCreated` (the first client connected), `sessionDestroyed` (with a `reason`) or
    /// `sessionNotification` (a warning, `reason` = `serverRotation`, sent 4 h and 1 h before a rotation).
    pub struct SessionEvent("a session callback", such as "sessionCreated") {
        /// Why (`sessionDestroyed`, `sessionNotification`).
        "reason" => pub reason: Option<SessionReason> as Opt<Plain>,
    }
}

monitoring_event! {
    /// `connectionCreated` or `connectionDestroyed` (with a `reason`).
    pub struct ConnectionEvent("a connection callback", such as "connectionCreated") {
        /// The connection.
        "connection" => pub connection: ConnectionInfo as Req<Plain>,
        /// Why it left (`connectionDestroyed`).
        "reason" => pub reason: Option<ConnectionReason> as Opt<Plain>,
    }
}

monitoring_event! {
    /// `streamCreated` or `streamDestroyed` (with a `reason`).
    pub struct StreamEvent("a stream callback", such as "streamCreated") {
        /// The stream.
        "stream" => pub stream: StreamInfo as Req<Plain>,
        /// Why it stopped (`streamDestroyed`).
        "reason" => pub reason: Option<StreamReason> as Opt<Plain>,
    }
}
