//! Changing an archive's layout and streams while it records.

use super::Archive;
#[cfg(doc)]
use crate::error::Error;
use crate::{
    composition::{self, AddStream, Composition, Layout},
    error::Result,
    ids::{ArchiveId, StreamId},
    raw, OpenTok,
};

/// Builder for [`OpenTok::add_archive_stream`]: [`has_audio`](AddStream::has_audio),
/// [`has_video`](AddStream::has_video), then [`send`](AddStream::send).
pub type AddArchiveStream<'c> = AddStream<'c, Archive>;

impl Composition for Archive {
    type Id = ArchiveId;
    const ID_FIELD: &'static str = "archive_id";

    fn id_str(id: &ArchiveId) -> &str {
        id.as_str()
    }

    async fn send_layout(client: &OpenTok, id: &str, body: raw::types::Layout) -> Result<()> {
        let raw = client.raw().set_archive_layout().api_key(client.account_id()).archive_id(id);
        client.call(raw.body(body).send()).await
    }

    async fn send_streams(client: &OpenTok, id: &str, body: raw::types::StreamChange) -> Result<()> {
        let raw = client.raw().change_archive_streams().api_key(client.account_id()).archive_id(id);
        client.call(raw.body(body).send()).await
    }
}

impl OpenTok {
    /// Changes the layout of a composed archive while it records.
    ///
    /// Sends `PUT /v2/project/{apiKey}/archive/{archiveId}/layout` with `{"type", "stylesheet"?,
    /// "screenshareType"?}`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] (`archive_id` if empty, `layout` for an empty custom stylesheet) before
    /// sending; [`Error::Api`]: 404 unknown archive, 400 for an individual archive.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, archive: opentok_sdk::archive::Archive) -> opentok_sdk::Result<()> {
    /// use opentok_sdk::archive::{Layout, ScreenshareLayout};
    /// ot.set_archive_layout(&archive.id, &Layout::BestFitWithScreenshare(ScreenshareLayout::Pip)).await?;
    /// ot.set_archive_layout(&archive.id, &Layout::Custom("stream.focus { width: 100%; }".into())).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_archive_layout(&self, archive_id: &ArchiveId, layout: &Layout) -> Result<()> {
        composition::set_layout::<Archive>(self, archive_id, layout).await
    }

    /// Starts adding a stream to an archive in manual stream mode (or changing whether its audio and video
    /// are recorded).
    ///
    /// Finish with [`AddArchiveStream::send`], which sends
    /// `PATCH /v2/project/{apiKey}/archive/{archiveId}/streams` with `{"addStream", "hasAudio",
    /// "hasVideo"}`.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, archive: opentok_sdk::archive::Archive) -> opentok_sdk::Result<()> {
    /// let stream_id = opentok_sdk::StreamId::from("8b732909-0a06-46a2-8ea8-074e64d43422");
    /// ot.add_archive_stream(&archive.id, &stream_id).has_video(false).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn add_archive_stream(&self, archive_id: &ArchiveId, stream_id: &StreamId) -> AddArchiveStream<'_> {
        AddStream::new(self, archive_id, stream_id)
    }

    /// Removes a stream from an archive in manual stream mode.
    ///
    /// Sends `PATCH /v2/project/{apiKey}/archive/{archiveId}/streams` with `{"removeStream"}`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `archive_id` or `stream_id` if one is empty (nothing is sent);
    /// [`Error::Api`]: 404 unknown archive or stream, 405 (or 400) in automatic stream mode.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, archive: opentok_sdk::archive::Archive) -> opentok_sdk::Result<()> {
    /// let stream_id = opentok_sdk::StreamId::from("8b732909-0a06-46a2-8ea8-074e64d43422");
    /// ot.remove_archive_stream(&archive.id, &stream_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn remove_archive_stream(&self, archive_id: &ArchiveId, stream_id: &StreamId) -> Result<()> {
        composition::remove_stream::<Archive>(self, archive_id, stream_id).await
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::Error;

    #[test]
    fn stream_change_bodies() {
        let ot = OpenTok::new("1", "secret").unwrap();
        let (a, s) = (ArchiveId::from("a"), StreamId::from("s"));
        let body = ot.add_archive_stream(&a, &s).has_video(false).body().unwrap();
        assert_eq!(serde_json::to_value(body).unwrap(), json!({"addStream": "s", "hasAudio": true, "hasVideo": false}));
        assert!(matches!(
            ot.add_archive_stream(&a, &s).has_audio(false).has_video(false).body(),
            Err(Error::InvalidArgument { field: "has_video", .. })
        ));
        assert!(matches!(
            ot.add_archive_stream(&ArchiveId::from(""), &s).body(),
            Err(Error::InvalidArgument { field: "archive_id", .. })
        ));
    }
}
