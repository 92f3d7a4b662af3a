//! The Experience Composer status callback.
//!
//! Reference: <https://tokbox.com/developer/guides/experience-composer/>.

use chrono::{DateTime, Utc};

use super::codec::IdText;
use crate::{
    ids::{SessionId, StreamId},
    macros::{open_enum, wire_model},
    wire::{LenientEpochMillis, Opt, Plain, Req, Text},
};

open_enum!(
    /// Where an Experience Composer is in its life.
    ComposerStatus {
        /// Starting (REST answers; not sent in callbacks so far).
        Starting = "starting",
        /// Publishing the page into the session.
        Started = "started",
        /// Stopped; `reason` says why ("Max Duration Exceeded", "Stop Requested").
        Stopped = "stopped",
        /// Failed; `reason` says why.
        Failed = "failed",
    }
);

wire_model! {
    /// An Experience Composer's status callback. The platform sends no `event` member with it.
    pub struct ComposerEvent("an Experience Composer callback") {
        /// The Experience Composer's id.
        "id" => pub id: String as Req<IdText>,
        /// The session it publishes into.
        "sessionId" => pub session_id: Option<SessionId> as Opt<IdText>,
        /// The stream it publishes (may be absent when it failed).
        "streamId" => pub stream_id: Option<StreamId> as Opt<IdText>,
        /// Where it is.
        "status" => pub status: Option<ComposerStatus> as Opt<Plain>,
        /// Why it stopped or failed.
        "reason" => pub reason: Option<String> as Opt<Plain>,
        /// The Vonage application, or for an OpenTok project its API key (as text).
        "applicationId" => pub application_id: Option<String> as Opt<Text>,
        /// The OpenTok project (its API key), as text.
        "projectId" => pub project_id: Option<String> as Opt<Text>,
        /// When it was started.
        "createdAt" => pub created_at: Option<DateTime<Utc>> as Opt<LenientEpochMillis>,
        /// When it last changed.
        "updatedAt" => pub updated_at: Option<DateTime<Utc>> as Opt<LenientEpochMillis>,
        /// The page it renders.
        "url" => pub url: Option<String> as Opt<Plain>,
        /// Its resolution, such as `1280x720`.
        "resolution" => pub resolution: Option<String> as Opt<Plain>,
        /// The name of the stream it publishes.
        "name" => pub name: Option<String> as Opt<Plain>,
        /// An `event` member, should the platform add one.
        "event" => pub event: Option<String> as Opt<Plain>,
    }
}
