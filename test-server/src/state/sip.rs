//! SIP: DTMF tones played through the REST API, kept for assertions. (A SIP leg itself is a
//! connection with a stream: see [`super::sessions`].)

/// DTMF digits played through the REST API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedDtmf {
    /// The session.
    pub session_id: String,
    /// The one connection, or `None` for every SIP leg of the session.
    pub connection_id: Option<String>,
    /// The digits.
    pub digits: String,
}
