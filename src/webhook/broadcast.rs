//! The broadcast status callback.
//!
//! No broadcast model exists in this crate yet, so the callback is modelled here with every field
//! optional (the platform publishes no full example). When a REST `Broadcast` model lands, this one is
//! to become a re-use of it, as [`Event::Archive`](super::Event::Archive) re-uses
//! [`Archive`](crate::archive::Archive).

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::codec::IdText;
use crate::{
    archive::StreamMode,
    ids::SessionId,
    macros::{open_enum, wire_model},
    wire::{Dflt, Lenient, LenientEpochMillis, Opt, Plain, Seconds, Text},
};

open_enum!(
    /// Where a broadcast is in its life.
    BroadcastStatus {
        /// Broadcasting.
        Started = "started",
        /// Paused (no stream to broadcast).
        Paused = "paused",
        /// Stopped.
        Stopped = "stopped",
        /// Failed (the platform failed; `reason` is normally `forceDisconnected`).
        Failed = "failed",
    }
);

wire_model! {
    /// A live-streaming broadcast's status callback (`"event": "broadcast"`), sent when a broadcast is
    /// created, changes or ends.
    pub struct BroadcastEvent("a broadcast callback") {
        /// The broadcast's id (32 hex digits or a UUID; treat it as opaque).
        "id" => pub id: Option<String> as Opt<IdText>,
        /// The session broadcast.
        "sessionId" => pub session_id: Option<SessionId> as Opt<IdText>,
        /// The Vonage application, or for an OpenTok project its API key (as text).
        "applicationId" => pub application_id: Option<String> as Opt<Text>,
        /// The OpenTok project (its API key), as text; sent as a number or a string.
        "projectId" => pub project_id: Option<String> as Opt<Text>,
        /// The OpenTok project under its older name.
        "partnerId" => pub partner_id: Option<String> as Opt<Text>,
        /// `"broadcast"`.
        "event" => pub event: Option<String> as Opt<Plain>,
        /// Where the broadcast is.
        "status" => pub status: Option<BroadcastStatus> as Opt<Plain>,
        /// Why it stopped or failed, in the platform's words.
        "reason" => pub reason: Option<String> as Opt<Plain>,
        /// When it was started.
        "createdAt" => pub created_at: Option<DateTime<Utc>> as Opt<LenientEpochMillis>,
        /// When it last changed.
        "updatedAt" => pub updated_at: Option<DateTime<Utc>> as Opt<LenientEpochMillis>,
        /// The longest it may run.
        "maxDuration" => pub max_duration: Option<Duration> as Opt<Lenient<Seconds>>,
        /// The video bitrate cap, in bits per second.
        "maxBitrate" => pub max_bitrate: Option<i64> as Opt<Lenient<Plain>>,
        /// The resolution, such as `1280x720`.
        "resolution" => pub resolution: Option<String> as Opt<Plain>,
        /// Automatic or manual stream selection.
        "streamMode" => pub stream_mode: Option<StreamMode> as Opt<Plain>,
        /// Whether audio is broadcast.
        "hasAudio" => pub has_audio: Option<bool> as Opt<Lenient<Plain>>,
        /// Whether video is broadcast.
        "hasVideo" => pub has_video: Option<bool> as Opt<Lenient<Plain>>,
        /// The tag that allows several broadcasts of one session at once.
        "multiBroadcastTag" => pub multi_broadcast_tag: Option<String> as Opt<Plain>,
        /// The HLS and RTMP outputs and their statuses, as sent.
        "broadcastUrls" => pub broadcast_urls: Option<Value> as Opt<Plain>,
        /// The HLS settings (`lowLatency`, `dvr`), as sent.
        "settings" => pub settings: Option<Value> as Opt<Plain>,
        /// The streams broadcast, in manual stream mode, as sent (empty when absent).
        "streams" => pub streams: Vec<Value> as Dflt<Plain>,
    }
}
