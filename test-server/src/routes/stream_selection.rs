//! Stream selection in manual stream mode, shared by archives and broadcasts: the body of
//! `PATCH …/{id}/streams` (`{addStream, hasAudio?, hasVideo?}` or `{removeStream}`) and its effect on the
//! selected streams.

use serde_json::{Map, Value};

use super::body::{opt_bool, opt_str};
use super::error::ApiError;
use crate::state::archives::SelectedStream;

/// A streams change as the body gives it; [`StreamChange::apply`] says whether it is well formed.
pub(crate) struct StreamChange {
    add: Option<String>,
    remove: Option<String>,
    /// `hasAudio`, true when absent.
    pub has_audio: bool,
    /// `hasVideo`, true when absent.
    pub has_video: bool,
}

impl StreamChange {
    /// Reads the body's members (400 for a member of the wrong type).
    pub fn parse(body: &Map<String, Value>) -> Result<Self, ApiError> {
        Ok(Self {
            add: opt_str(body, "addStream")?.map(str::to_string),
            remove: opt_str(body, "removeStream")?.map(str::to_string),
            has_audio: opt_bool(body, "hasAudio")?.unwrap_or(true),
            has_video: opt_bool(body, "hasVideo")?.unwrap_or(true),
        })
    }

    /// Whether this adds a stream (with exactly `addStream` given).
    pub fn adds(&self) -> bool {
        self.add.is_some() && self.remove.is_none()
    }

    /// Adds the stream (or updates its audio and video if it is selected already), 404 unless
    /// `in_session` knows it; or removes it, 404 unless it is selected. 400 unless exactly one of
    /// `addStream` and `removeStream` is given. `what` names the archive or broadcast in the 404.
    pub fn apply(
        self,
        streams: &mut Vec<SelectedStream>,
        in_session: impl FnOnce(&str) -> bool,
        what: &str,
    ) -> Result<(), ApiError> {
        let (has_audio, has_video) = (self.has_audio, self.has_video);
        match (self.add, self.remove) {
            (Some(stream_id), None) => {
                if !in_session(&stream_id) {
                    return Err(ApiError::not_found("Stream not found"));
                }
                match streams.iter_mut().find(|s| s.stream_id == stream_id) {
                    Some(existing) => {
                        existing.has_audio = has_audio;
                        existing.has_video = has_video;
                    }
                    None => streams.push(SelectedStream { stream_id, has_audio, has_video }),
                }
            }
            (None, Some(stream_id)) => {
                let before = streams.len();
                streams.retain(|s| s.stream_id != stream_id);
                if streams.len() == before {
                    return Err(ApiError::not_found(format!("Stream not found in the {what}")));
                }
            }
            _ => return Err(ApiError::bad_request("Give exactly one of addStream or removeStream")),
        }
        Ok(())
    }
}
