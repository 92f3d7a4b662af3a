//! Changing the layout and the streams of a running archive or broadcast, written once: each implements
//! [`Composition`] (its id and its two generated requests); [`AddStream`], [`set_layout`] and
//! [`remove_stream`] do the checks and build the bodies.

use std::future::Future;

use super::{check_audio_or_video, Layout};
use crate::{
    error::Result,
    ids::{check_id, StreamId},
    raw, OpenTok,
};

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
    use crate::Error;

    /// A composition of this floor's own, so the tests need neither archives nor broadcasts.
    struct Probe;

    impl Composition for Probe {
        type Id = String;
        const ID_FIELD: &'static str = "probe_id";

        fn id_str(id: &String) -> &str {
            id
        }

        async fn send_layout(_: &OpenTok, _: &str, _: raw::types::Layout) -> Result<()> {
            unreachable!("the tests only build bodies")
        }

        async fn send_streams(_: &OpenTok, _: &str, _: raw::types::StreamChange) -> Result<()> {
            unreachable!("the tests only build bodies")
        }
    }

    fn field<T: std::fmt::Debug>(result: Result<T>) -> &'static str {
        match result {
            Err(Error::InvalidArgument { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn stream_builders_name_their_own_id() {
        let ot = OpenTok::new("123456", "secret").unwrap();
        let stream = StreamId::from("s");
        assert_eq!(field(AddStream::<Probe>::new(&ot, &" ".to_owned(), &stream).body()), "probe_id");
        assert_eq!(field(AddStream::<Probe>::new(&ot, &"p".to_owned(), &StreamId::from("")).body()), "stream_id");
        let both_off = AddStream::<Probe>::new(&ot, &"p".to_owned(), &stream).has_audio(false).has_video(false);
        assert_eq!(field(both_off.body()), "has_video");
        let body = AddStream::<Probe>::new(&ot, &"p".to_owned(), &stream).has_video(false).body().unwrap();
        assert_eq!(
            serde_json::to_value(body).unwrap(),
            serde_json::json!({"addStream": "s", "hasAudio": true, "hasVideo": false})
        );
    }
}
