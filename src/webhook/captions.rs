//! The Live Captions status callback.
//!
//! The platform publishes no field list; this follows the official Node SDK's caption status type and
//! reads the id under either key the platform uses (`captionId` in status, `captionsId` in REST answers).

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::{
    ids::{IdText, SessionId},
    macros::{open_enum, wire_model},
    wire::{Lenient, LenientEpochMillis, Opt, Plain, Seconds, Text},
};

open_enum!(
    /// Where a captioning is in its life.
    CaptionsStatus {
        /// Captioning.
        Started = "started",
        /// Paused.
        Paused = "paused",
        /// Stopped (asked for, or its maximum duration reached).
        Stopped = "stopped",
        /// The captioning engine failed.
        Failed = "failed",
    }
);

wire_model! {
    /// A Live Captions status callback. The platform sends no `event` member with it.
    pub struct CaptionsEvent("a captions callback") {
        /// The captioning's id, under the key status callbacks use.
        "captionId" => pub caption_id: Option<String> as Opt<IdText>,
        /// The captioning's id, under the key REST answers use.
        "captionsId" => pub captions_id: Option<String> as Opt<IdText>,
        /// The session captioned.
        "sessionId" => pub session_id: Option<SessionId> as Opt<IdText>,
        /// The Vonage application, or for an OpenTok project its API key (as text).
        "applicationId" => pub application_id: Option<String> as Opt<Text>,
        /// The OpenTok project (its API key), as text.
        "projectId" => pub project_id: Option<String> as Opt<Text>,
        /// Where the captioning is.
        "status" => pub status: Option<CaptionsStatus> as Opt<Plain>,
        /// When it started.
        "createdAt" => pub created_at: Option<DateTime<Utc>> as Opt<LenientEpochMillis>,
        /// When it last changed.
        "updatedAt" => pub updated_at: Option<DateTime<Utc>> as Opt<LenientEpochMillis>,
        /// How long it has run.
        "duration" => pub duration: Option<Duration> as Opt<Lenient<Seconds>>,
        /// The language captioned (BCP-47, such as `en-US`).
        "languageCode" => pub language_code: Option<String> as Opt<Plain>,
        /// The speech-to-text provider, such as `aws-transcribe`.
        "provider" => pub provider: Option<String> as Opt<Plain>,
        /// Why it stopped or failed.
        "reason" => pub reason: Option<String> as Opt<Plain>,
        /// An `event` member, should the platform add one.
        "event" => pub event: Option<String> as Opt<Plain>,
    }
}

impl CaptionsEvent {
    /// The captioning's id, whichever key carried it.
    pub fn id(&self) -> Option<&str> {
        self.caption_id.as_deref().or(self.captions_id.as_deref())
    }
}
