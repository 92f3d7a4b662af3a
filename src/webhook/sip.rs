//! SIP call monitoring callbacks: a call created, updated, destroyed, or muted by a moderator.
//!
//! Reference: <https://tokbox.com/developer/guides/sip/#sip-call-monitoring>.

use chrono::{DateTime, Utc};

use super::monitoring::monitoring_event;
use crate::{
    ids::{ConnectionId, IdText, SipCallId},
    macros::{open_enum, wire_model},
    wire::{LenientEpochMillis, Opt, Plain, Req, Text},
};

open_enum!(
    /// Where a SIP call is (`callUpdated`).
    SipCallState {
        /// Dialling out.
        Dialing = "DIALING",
        /// The far end is ringing.
        Ringing = "RINGING",
        /// On hold.
        OnHold = "ON_HOLD",
        /// Answered; media flows.
        Active = "ACTIVE",
        /// Hung up.
        Hangup = "HANGUP",
    }
);

wire_model! {
    /// A SIP call, as SIP monitoring callbacks describe it.
    pub struct SipCallInfo("a callback's SIP call") {
        /// The call's id (the conference id the dial answer gave).
        "id" => pub id: SipCallId as Req<IdText>,
        /// The call's connection in the session.
        "connectionId" => pub connection_id: Option<ConnectionId> as Opt<IdText>,
        /// When the call was created.
        "createdAt" => pub created_at: Option<DateTime<Utc>> as Opt<LenientEpochMillis>,
    }
}

monitoring_event! {
    /// `callCreated`, `callUpdated` (with a `state`), `callDestroyed` (with `reason_code` and
    /// `reason_message`) or `muteForced` (only for calls dialled with `observeForceMute`). Its
    /// `session_id` is the session the call joined.
    pub struct SipCallEvent("a SIP call callback", such as "callCreated") {
        /// The call.
        "call" => pub call: SipCallInfo as Req<Plain>,
        /// Where the call is now (`callUpdated`).
        "state" => pub state: Option<SipCallState> as Opt<Plain>,
        /// Why the call ended (`callDestroyed`): a SIP status such as `"486"`, or 700 (normal clearing),
        /// 703 (unexpected clearing), 704 (media timeout), 705 (maximum duration), 706 (maximum
        /// inactivity). Sent as a string; a number is read as text.
        "reason_code" => pub reason_code: Option<String> as Opt<Text>,
        /// The reason in words (`callDestroyed`), such as `Bad Request`.
        "reason_message" => pub reason_message: Option<String> as Opt<Plain>,
    }
}

impl SipCallEvent {
    /// `reason_code` as a number, when it is one.
    pub fn reason_code_number(&self) -> Option<u16> {
        self.reason_code.as_deref().and_then(|code| code.trim().parse().ok())
    }
}
