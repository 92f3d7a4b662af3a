//! What archives and broadcasts (compositions of a session's streams) share, written once: the options
//! and checks of both start builders, and changing the layout and the streams while one runs. Each
//! implements [`Composition`] (its id and its two generated requests); [`AddStream`], [`set_layout`] and
//! [`remove_stream`] do the checks and build the bodies.

use std::future::Future;

pub(crate) use super::types::check_audio_or_video;
use super::{Layout, StreamMode};
use crate::{
    error::{Error, Result},
    ids::{check_id, StreamId},
    raw, OpenTok,
};

/// The lowest video bitrate cap, in bits per second.
pub const MIN_MAX_BITRATE: u32 = 100_000;
/// The highest video bitrate cap, in bits per second.
pub const MAX_MAX_BITRATE: u32 = 6_000_000;

/// The setters both start builders have, on fields of the same names: `has_audio`, `has_video`,
/// `stream_mode`. `$what` says what happens to the media ("recorded", "broadcast"); `$add` is the
/// operation that adds a stream in manual mode.
macro_rules! media_setters {
    ($what:literal, $add:literal) => {
        #[doc = concat!("Whether audio is ", $what, " (default true).")]
        pub fn has_audio(mut self, on: bool) -> Self {
            self.has_audio = Some(on);
            self
        }

        #[doc = concat!("Whether video is ", $what, " (default true).")]
        pub fn has_video(mut self, on: bool) -> Self {
            self.has_video = Some(on);
            self
        }

        #[doc = concat!("Whether every stream is ", $what, " ([`StreamMode::Auto`], the platform's default) or")]
        #[doc = concat!("only those added with [`", $add, "`] ([`StreamMode::Manual`]).")]
        pub fn stream_mode(mut self, mode: StreamMode) -> Self {
            self.stream_mode = Some(mode);
            self
        }
    };
}
pub(crate) use media_setters;

/// The stream mode as the request sends it; an [`StreamMode::Unknown`] is refused.
pub(crate) fn stream_mode_wire(mode: Option<&StreamMode>) -> Result<Option<String>> {
    match mode {
        Some(StreamMode::Unknown(other)) => {
            Err(Error::invalid("stream_mode", format!("must be auto or manual, not {other:?}")))
        }
        mode => Ok(mode.map(|m| m.as_str().to_owned())),
    }
}

/// A multi-archive or multi-broadcast tag, when given, must have a visible character.
pub(crate) fn check_tag(field: &'static str, tag: Option<&str>) -> Result<()> {
    if tag.is_some_and(|t| t.trim().is_empty()) {
        return Err(Error::invalid(field, "must not be empty"));
    }
    Ok(())
}

/// A video bitrate cap within the platform's range, as the request sends it.
pub(crate) fn check_max_bitrate(bits_per_second: u32) -> Result<i64> {
    if !(MIN_MAX_BITRATE..=MAX_MAX_BITRATE).contains(&bits_per_second) {
        return Err(Error::invalid(
            "max_bitrate",
            format!("must be {MIN_MAX_BITRATE} to {MAX_MAX_BITRATE} bits per second, got {bits_per_second}"),
        ));
    }
    Ok(i64::from(bits_per_second))
}

/// An archive or a broadcast, whose layout and streams can change while it runs.
///
/// `pub` in a private module: it bounds [`AddStream`]'s methods but cannot be named or implemented
/// outside the crate.
pub trait Composition: Sized {
    /// Its id type.
    type Id: Clone + std::fmt::Debug + Send + Sync;
    /// The name of its id in an [`Error::InvalidArgument`](crate::Error::InvalidArgument).
    const ID_FIELD: &'static str;

    /// The id as the path takes it.
    fn id_str(id: &Self::Id) -> &str;

    /// Sends the layout request (`PUT …/{id}/layout`) with a checked body.
    fn send_layout(client: &OpenTok, id: &str, body: raw::types::Layout) -> impl Future<Output = Result<()>> + Send;

    /// Sends the streams request (`PATCH …/{id}/streams`) with a checked body.
    fn send_streams(
        client: &OpenTok,
        id: &str,
        body: raw::types::StreamChange,
    ) -> impl Future<Output = Result<()>> + Send;
}

/// Checks the id and the layout, then sends the layout request.
pub(crate) async fn set_layout<T: Composition>(client: &OpenTok, id: &T::Id, layout: &Layout) -> Result<()> {
    check_id(T::ID_FIELD, T::id_str(id))?;
    let body = layout.to_raw("layout")?;
    T::send_layout(client, T::id_str(id), body).await
}

/// Checks both ids, then sends `{"removeStream"}`.
pub(crate) async fn remove_stream<T: Composition>(client: &OpenTok, id: &T::Id, stream_id: &StreamId) -> Result<()> {
    check_id(T::ID_FIELD, T::id_str(id))?;
    check_id("stream_id", stream_id.as_str())?;
    let body = raw::types::StreamChange {
        add_stream: None,
        remove_stream: Some(stream_id.to_string()),
        has_audio: None,
        has_video: None,
    };
    T::send_streams(client, T::id_str(id), body).await
}

/// Builder that adds a stream to a composition in manual stream mode, or changes whether its audio and
/// video are included: [`AddArchiveStream`](crate::archive::AddArchiveStream) from
/// [`OpenTok::add_archive_stream`], [`AddBroadcastStream`](crate::broadcast::AddBroadcastStream) from
/// [`OpenTok::add_broadcast_stream`], which say the request each sends.
#[must_use = "call .send().await"]
#[derive(Debug)]
pub struct AddStream<'c, T: Composition> {
    client: &'c OpenTok,
    id: T::Id,
    stream_id: StreamId,
    has_audio: Option<bool>,
    has_video: Option<bool>,
}

impl<'c, T: Composition> AddStream<'c, T> {
    /// A builder for `stream_id` in the composition `id`, with audio and video at the platform's default.
    pub(crate) fn new(client: &'c OpenTok, id: &T::Id, stream_id: &StreamId) -> Self {
        Self { client, id: id.clone(), stream_id: stream_id.clone(), has_audio: None, has_video: None }
    }

    /// Whether the stream's audio is included (recorded or broadcast; default true).
    pub fn has_audio(mut self, on: bool) -> Self {
        self.has_audio = Some(on);
        self
    }

    /// Whether the stream's video is included (recorded or broadcast; default true).
    pub fn has_video(mut self, on: bool) -> Self {
        self.has_video = Some(on);
        self
    }

    pub(crate) fn body(&self) -> Result<raw::types::StreamChange> {
        check_id(T::ID_FIELD, T::id_str(&self.id))?;
        check_id("stream_id", self.stream_id.as_str())?;
        check_audio_or_video(self.has_audio, self.has_video)?;
        Ok(raw::types::StreamChange {
            add_stream: Some(self.stream_id.to_string()),
            remove_stream: None,
            has_audio: Some(self.has_audio.unwrap_or(true)),
            has_video: Some(self.has_video.unwrap_or(true)),
        })
    }

    /// Adds the stream (or changes its audio and video if it is already there): sends
    /// `PATCH /v2/project/{apiKey}/{archive|broadcast}/{id}/streams` with `{"addStream", "hasAudio",
    /// "hasVideo"}`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) before sending: an empty id
    /// (`archive_id` or `broadcast_id`, `stream_id`), or audio and video both off (`has_video`).
    /// [`Error::Api`](crate::Error::Api): 404 unknown archive, broadcast or stream; 405 or 400 if it is
    /// not in manual stream mode.
    pub async fn send(self) -> Result<()> {
        let body = self.body()?;
        T::send_streams(self.client, T::id_str(&self.id), body).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{archive::Archive, broadcast::Broadcast, ArchiveId, SessionId};

    fn field<T: std::fmt::Debug>(result: Result<T>) -> &'static str {
        match result {
            Err(Error::InvalidArgument { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn shared_checks() {
        assert_eq!(stream_mode_wire(None).unwrap(), None);
        assert_eq!(stream_mode_wire(Some(&StreamMode::Manual)).unwrap().as_deref(), Some("manual"));
        assert_eq!(field(stream_mode_wire(Some(&StreamMode::Unknown("x".into())))), "stream_mode");
        assert!(check_tag("multi_archive_tag", None).is_ok() && check_tag("multi_archive_tag", Some("t")).is_ok());
        assert_eq!(field(check_tag("multi_broadcast_tag", Some(" "))), "multi_broadcast_tag");
        assert_eq!(check_max_bitrate(MIN_MAX_BITRATE).unwrap(), 100_000);
        assert_eq!(check_max_bitrate(MAX_MAX_BITRATE).unwrap(), 6_000_000);
        assert_eq!(field(check_max_bitrate(MIN_MAX_BITRATE - 1)), "max_bitrate");
        assert_eq!(field(check_max_bitrate(MAX_MAX_BITRATE + 1)), "max_bitrate");
    }

    #[test]
    fn both_start_builders_apply_the_shared_checks() {
        let ot = OpenTok::new("123456", "secret").unwrap();
        let sid = SessionId::from("2_MX4x");
        assert_eq!(field(ot.start_archive(&sid).multi_archive_tag(" ").body()), "multi_archive_tag");
        assert_eq!(field(ot.start_broadcast(&sid).hls().multi_broadcast_tag(" ").body()), "multi_broadcast_tag");
        assert_eq!(field(ot.start_archive(&sid).max_bitrate(99_999).body()), "max_bitrate");
        assert_eq!(field(ot.start_broadcast(&sid).hls().max_bitrate(6_000_001).body()), "max_bitrate");
        let manual = ot.start_archive(&sid).stream_mode(StreamMode::Manual).has_audio(false).body().unwrap();
        let json = serde_json::to_value(manual).unwrap();
        assert_eq!((&json["streamMode"], &json["hasAudio"]), (&serde_json::json!("manual"), &serde_json::json!(false)));
        assert_eq!(field(ot.start_broadcast(&sid).hls().has_audio(false).has_video(false).body()), "has_video");
    }

    #[test]
    fn stream_builders_name_their_own_id() {
        let ot = OpenTok::new("123456", "secret").unwrap();
        let stream = StreamId::from("s");
        assert_eq!(field(AddStream::<Archive>::new(&ot, &ArchiveId::from(""), &stream).body()), "archive_id");
        let broadcast = crate::broadcast::BroadcastId::from(" ");
        assert_eq!(field(AddStream::<Broadcast>::new(&ot, &broadcast, &stream).body()), "broadcast_id");
        let body = AddStream::<Archive>::new(&ot, &ArchiveId::from("a"), &stream).has_video(false).body().unwrap();
        assert_eq!(
            serde_json::to_value(body).unwrap(),
            serde_json::json!({"addStream": "s", "hasAudio": true, "hasVideo": false})
        );
    }
}
