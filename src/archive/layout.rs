//! Archive layouts, and changing an archive's layout and streams while it records.

use crate::{
    error::{Error, Result},
    ids::{check_id, ArchiveId, StreamId},
    raw, OpenTok,
};

/// The layout of a composed archive. A screen-sharing layout can only be chosen with best fit, so the
/// type only offers it there.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Layout {
    /// A tiled grid (the default).
    BestFit,
    /// Best fit, switching to `screenshare` while a screen is shared.
    BestFitWithScreenshare(ScreenshareLayout),
    /// One large stream with a small one on top.
    Pip,
    /// One large stream on top, the others below it.
    VerticalPresentation,
    /// One large stream on the left, the others beside it.
    HorizontalPresentation,
    /// A layout of your own, as a CSS stylesheet.
    Custom(String),
}

/// The layout used while a screen is shared (see [`Layout::BestFitWithScreenshare`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScreenshareLayout {
    /// A tiled grid.
    BestFit,
    /// Picture in picture.
    Pip,
    /// The shared screen on top.
    VerticalPresentation,
    /// The shared screen on the left.
    HorizontalPresentation,
}

impl ScreenshareLayout {
    fn as_str(self) -> &'static str {
        match self {
            Self::BestFit => "bestFit",
            Self::Pip => "pip",
            Self::VerticalPresentation => "verticalPresentation",
            Self::HorizontalPresentation => "horizontalPresentation",
        }
    }
}

impl Layout {
    /// The request body, after checking that a custom stylesheet is not empty.
    pub(crate) fn to_raw(&self, field: &'static str) -> Result<raw::types::Layout> {
        let simple = |t: &str| raw::types::Layout { type_: t.to_owned(), stylesheet: None, screenshare_type: None };
        Ok(match self {
            Self::BestFit => simple("bestFit"),
            Self::BestFitWithScreenshare(s) => {
                raw::types::Layout { screenshare_type: Some(s.as_str().to_owned()), ..simple("bestFit") }
            }
            Self::Pip => simple("pip"),
            Self::VerticalPresentation => simple("verticalPresentation"),
            Self::HorizontalPresentation => simple("horizontalPresentation"),
            Self::Custom(css) if css.trim().is_empty() => {
                return Err(Error::invalid(field, "a custom layout needs a non-empty stylesheet"))
            }
            Self::Custom(css) => raw::types::Layout { stylesheet: Some(css.clone()), ..simple("custom") },
        })
    }
}

/// Builder for [`OpenTok::add_archive_stream`].
#[must_use = "call .send().await"]
#[derive(Debug)]
pub struct AddArchiveStream<'c> {
    client: &'c OpenTok,
    archive_id: ArchiveId,
    stream_id: StreamId,
    has_audio: Option<bool>,
    has_video: Option<bool>,
}

impl AddArchiveStream<'_> {
    /// Whether the stream's audio is recorded (default true).
    pub fn has_audio(mut self, on: bool) -> Self {
        self.has_audio = Some(on);
        self
    }

    /// Whether the stream's video is recorded (default true).
    pub fn has_video(mut self, on: bool) -> Self {
        self.has_video = Some(on);
        self
    }

    fn body(&self) -> Result<raw::types::ArchiveStreamChange> {
        check_id("archive_id", self.archive_id.as_str())?;
        check_id("stream_id", self.stream_id.as_str())?;
        super::types::check_audio_or_video(self.has_audio, self.has_video)?;
        Ok(raw::types::ArchiveStreamChange {
            add_stream: Some(self.stream_id.to_string()),
            remove_stream: None,
            has_audio: Some(self.has_audio.unwrap_or(true)),
            has_video: Some(self.has_video.unwrap_or(true)),
        })
    }

    /// Adds the stream (or changes its audio and video if it is already there).
    ///
    /// Sends `PATCH /v2/project/{apiKey}/archive/{archiveId}/streams` with `{"addStream", "hasAudio",
    /// "hasVideo"}`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if audio and video are both off; [`Error::Api`]: 404 unknown archive or
    /// stream, 405 (or 400) if the archive is not in manual stream mode.
    pub async fn send(self) -> Result<()> {
        let body = self.body()?;
        let raw = self.client.raw().change_archive_streams();
        self.client
            .call(raw.api_key(self.client.account_id()).archive_id(self.archive_id.as_str()).body(body).send())
            .await
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
        check_id("archive_id", archive_id.as_str())?;
        let body = layout.to_raw("layout")?;
        let raw = self.raw().set_archive_layout().api_key(self.account_id()).archive_id(archive_id.as_str());
        self.call(raw.body(body).send()).await
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
        AddArchiveStream {
            client: self,
            archive_id: archive_id.clone(),
            stream_id: stream_id.clone(),
            has_audio: None,
            has_video: None,
        }
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
        check_id("archive_id", archive_id.as_str())?;
        check_id("stream_id", stream_id.as_str())?;
        let body = raw::types::ArchiveStreamChange {
            add_stream: None,
            remove_stream: Some(stream_id.to_string()),
            has_audio: None,
            has_video: None,
        };
        let raw = self.raw().change_archive_streams().api_key(self.account_id()).archive_id(archive_id.as_str());
        self.call(raw.body(body).send()).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn layout_bodies() {
        let v = |l: Layout| serde_json::to_value(l.to_raw("layout").unwrap()).unwrap();
        assert_eq!(v(Layout::BestFit), json!({"type": "bestFit"}));
        assert_eq!(
            v(Layout::BestFitWithScreenshare(ScreenshareLayout::Pip)),
            json!({"type": "bestFit", "screenshareType": "pip"})
        );
        assert_eq!(v(Layout::Custom("stream { }".into())), json!({"type": "custom", "stylesheet": "stream { }"}));
        assert_eq!(v(Layout::HorizontalPresentation), json!({"type": "horizontalPresentation"}));
        assert!(matches!(
            Layout::Custom(" ".into()).to_raw("layout"),
            Err(Error::InvalidArgument { field: "layout", .. })
        ));
    }

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
    }
}
