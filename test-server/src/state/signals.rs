//! Signals sent through the REST API, kept for assertions.

/// A signal sent through the REST API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedSignal {
    /// The session signalled.
    pub session_id: String,
    /// The one connection signalled, or `None` for the whole session.
    pub connection_id: Option<String>,
    /// The signal's `type`, if given.
    pub r#type: Option<String>,
    /// The signal's `data`, if given.
    pub data: Option<String>,
}
