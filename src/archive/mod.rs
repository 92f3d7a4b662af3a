//! Archives: recording sessions.
//!
//! [`OpenTok::start_archive`] returns a [`StartArchive`] builder in the [`WantsOutputMode`] state, which
//! sends a composed archive; [`StartArchive::individual`] moves it to [`Individual`], where the
//! composed-only options (resolution, layout, video quality) do not exist, and any composed-only option
//! moves it to [`Composed`], where `.individual()` does not. [`StartArchive::output_mode`] takes the mode
//! as a run-time value. The rest of the life cycle is plain calls:
//! [`OpenTok::stop_archive`], [`OpenTok::get_archive`], [`OpenTok::delete_archive`],
//! [`OpenTok::list_archives`], and layout and stream changes while recording.

mod layout;
mod list;
mod start;
mod transcription;
mod types;

pub use layout::AddArchiveStream;
pub use list::{ArchivePage, ListArchives};
pub use start::{
    AcceptsComposedOptions, AcceptsTranscription, ChosenAtRunTime, Composed, Individual, ModeChosenAtRunTime,
    OutputModeNotChosen, OutputState, StartArchive, WantsOutputMode,
};
pub use transcription::TranscriptionProperties;
pub use types::{
    Archive, ArchivePassword, ArchiveStatus, ArchiveStream, OutputMode, Transcription, TranscriptionStatus,
};

/// The types archives share with broadcasts (`crate::composition`), where users name them.
pub use crate::composition::{AddStream, Layout, LayoutType, Resolution, ScreenshareLayout, StreamMode};

use crate::{
    error::Result,
    ids::{check_id, ArchiveId},
    OpenTok,
};

impl OpenTok {
    /// Stops a recording archive. [`Archive::stop`] does the same from an archive.
    ///
    /// Sends `POST /v2/project/{apiKey}/archive/{archiveId}/stop` (no body).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming `archive_id` if it is empty (nothing
    /// is sent); [`Error::Api`](crate::Error::Api): 404 unknown archive, 409 not recording (already
    /// stopped).
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok) -> opentok_sdk::Result<()> {
    /// let archive_id = opentok_sdk::ArchiveId::from("b40ef09b-3811-4726-b508-e41a0f96c68f");
    /// let stopped = ot.stop_archive(&archive_id).await?;
    /// println!("{} is {}", stopped.id, stopped.status);
    /// # Ok(()) }
    /// ```
    pub async fn stop_archive(&self, archive_id: &ArchiveId) -> Result<Archive> {
        check_id("archive_id", archive_id.as_str())?;
        let raw = self.raw().stop_archive().api_key(self.account_id()).archive_id(archive_id.as_str());
        self.call(raw.send()).await.and_then(Archive::from_object)
    }

    /// Gets an archive. [`Archive::refresh`] does the same from an archive.
    ///
    /// Sends `GET /v2/project/{apiKey}/archive/{archiveId}`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming `archive_id` if it is empty (nothing
    /// is sent); [`Error::Api`](crate::Error::Api): 404 unknown or deleted archive.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok) -> opentok_sdk::Result<()> {
    /// let archive_id = opentok_sdk::ArchiveId::from("b40ef09b-3811-4726-b508-e41a0f96c68f");
    /// let archive = ot.get_archive(&archive_id).await?;
    /// println!("{} is {}", archive.id, archive.status);
    /// # Ok(()) }
    /// ```
    pub async fn get_archive(&self, archive_id: &ArchiveId) -> Result<Archive> {
        check_id("archive_id", archive_id.as_str())?;
        let raw = self.raw().get_archive().api_key(self.account_id()).archive_id(archive_id.as_str());
        self.call(raw.send()).await.and_then(Archive::from_object)
    }

    /// Deletes an archive that is no longer recording, and its file. [`Archive::delete`] does the same
    /// from an archive.
    ///
    /// Sends `DELETE /v2/project/{apiKey}/archive/{archiveId}`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) naming `archive_id` if it is empty (nothing
    /// is sent); [`Error::Api`](crate::Error::Api): 404 unknown archive, 409 still recording.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok) -> opentok_sdk::Result<()> {
    /// let archive_id = opentok_sdk::ArchiveId::from("b40ef09b-3811-4726-b508-e41a0f96c68f");
    /// ot.delete_archive(&archive_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_archive(&self, archive_id: &ArchiveId) -> Result<()> {
        check_id("archive_id", archive_id.as_str())?;
        let raw = self.raw().delete_archive().api_key(self.account_id()).archive_id(archive_id.as_str());
        self.call(raw.send()).await
    }
}

impl Archive {
    /// Stops this archive; see [`OpenTok::stop_archive`].
    ///
    /// # Errors
    /// As [`OpenTok::stop_archive`].
    pub async fn stop(&self, client: &OpenTok) -> Result<Archive> {
        client.stop_archive(&self.id).await
    }

    /// Deletes this archive; see [`OpenTok::delete_archive`].
    ///
    /// # Errors
    /// As [`OpenTok::delete_archive`].
    pub async fn delete(&self, client: &OpenTok) -> Result<()> {
        client.delete_archive(&self.id).await
    }

    /// Fetches this archive's current state; see [`OpenTok::get_archive`].
    ///
    /// # Errors
    /// As [`OpenTok::get_archive`].
    pub async fn refresh(&self, client: &OpenTok) -> Result<Archive> {
        client.get_archive(&self.id).await
    }
}
