//! Archives: recording sessions.
//!
//! [`OpenTok::start_archive`] returns a [`StartArchive`] builder in the [`Composed`] state;
//! [`StartArchive::individual`] moves it to [`Individual`], where the composed-only options (resolution,
//! layout, video quality) no longer exist. The rest of the life cycle is plain calls:
//! [`OpenTok::stop_archive`], [`OpenTok::get_archive`], [`OpenTok::delete_archive`],
//! [`OpenTok::list_archives`], and layout and stream changes while recording.

mod layout;
mod list;
mod start;
mod types;

pub use layout::{AddArchiveStream, Layout, LayoutType, ScreenshareLayout};
pub use list::{ArchivePage, ListArchives};
pub use start::{Composed, Individual, IsComposed, NotYetIndividual, OutputState, StartArchive};
pub use types::{
    Archive, ArchivePassword, ArchiveStatus, ArchiveStream, OutputMode, Resolution, StreamMode, Transcription,
    TranscriptionStatus,
};

use crate::{
    error::Result,
    ids::{check_id, ArchiveId},
    OpenTok,
};

impl OpenTok {
    /// Stops a recording archive.
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api): 404 unknown archive, 409 not recording (already stopped).
    pub async fn stop_archive(&self, archive_id: &ArchiveId) -> Result<Archive> {
        check_id("archive_id", archive_id.as_str())?;
        let raw = self.raw().stop_archive().api_key(self.api_key()).archive_id(archive_id.as_str());
        self.call(raw.send()).await.and_then(Archive::from_object)
    }

    /// Gets an archive.
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api): 404 unknown or deleted archive.
    pub async fn get_archive(&self, archive_id: &ArchiveId) -> Result<Archive> {
        check_id("archive_id", archive_id.as_str())?;
        let raw = self.raw().get_archive().api_key(self.api_key()).archive_id(archive_id.as_str());
        self.call(raw.send()).await.and_then(Archive::from_object)
    }

    /// Deletes an archive that is no longer recording, and its file.
    ///
    /// # Errors
    /// [`Error::Api`](crate::Error::Api): 404 unknown archive, 409 still recording.
    pub async fn delete_archive(&self, archive_id: &ArchiveId) -> Result<()> {
        check_id("archive_id", archive_id.as_str())?;
        let raw = self.raw().delete_archive().api_key(self.api_key()).archive_id(archive_id.as_str());
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
