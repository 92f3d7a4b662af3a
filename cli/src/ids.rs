//! Ids from the command line, checked before anything is sent, so that a typo is exit code 3 and a message
//! naming the id rather than the platform's 404.

use opentok_sdk::{ArchiveId, ConnectionId, OpenTok, SessionId, StreamId};

use crate::failure::Failure;

/// An archive id: the platform's are UUIDs (`b40ef09b-3811-4726-b508-e41a0f96c68f`).
///
/// # Errors
/// [`Failure::invalid`] naming the id.
pub fn archive_id(text: &str) -> Result<ArchiveId, Failure> {
    uuid_of("archive", text).map(ArchiveId::from)
}

/// A session id that decodes and, with project credentials, belongs to the project.
///
/// # Errors
/// [`Failure::invalid`] naming the id and what is wrong with it.
pub fn session_id(ot: &OpenTok, text: &str) -> Result<SessionId, Failure> {
    let id = SessionId::from(text);
    let checked = match ot.api_key() {
        Some(api_key) => id.check_belongs_to(api_key),
        // An application's session ids embed no API key: only their form can be checked.
        None => id.check_well_formed(),
    };
    checked.map_err(|e| Failure::from(e).context(&format!("session id {text:?}")))?;
    Ok(id)
}

/// True for a UUID in its usual text form.
fn is_uuid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// The id of a broadcast, an Experience Composer or a captioning (`what` names it): the platform's are
/// UUIDs, or 32 hex digits (a UUID without its dashes).
///
/// # Errors
/// [`Failure::invalid`] naming the id.
pub fn platform_id<T: From<String>>(what: &str, text: &str) -> Result<T, Failure> {
    let hex32 = text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit());
    if is_uuid(text) || hex32 {
        Ok(T::from(text.to_owned()))
    } else {
        Err(Failure::invalid(format!(
            "invalid {what} id {text:?}: must be a UUID such as b40ef09b-3811-4726-b508-e41a0f96c68f, or 32 hex digits"
        )))
    }
}

/// A connection or stream id: a UUID.
///
/// # Errors
/// [`Failure::invalid`] naming the id.
pub fn connection_id(text: &str) -> Result<ConnectionId, Failure> {
    uuid_of("connection", text).map(ConnectionId::from)
}

/// A stream id: a UUID.
///
/// # Errors
/// [`Failure::invalid`] naming the id.
pub fn stream_id(text: &str) -> Result<StreamId, Failure> {
    uuid_of("stream", text).map(StreamId::from)
}

fn uuid_of<'t>(what: &str, text: &'t str) -> Result<&'t str, Failure> {
    if is_uuid(text) {
        Ok(text)
    } else {
        Err(Failure::invalid(format!(
            "invalid {what} id {text:?}: must be a UUID such as b40ef09b-3811-4726-b508-e41a0f96c68f"
        )))
    }
}
