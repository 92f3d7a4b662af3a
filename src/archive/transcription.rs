//! Post-call transcription of an individual archive: what [`StartArchive::transcription`] asks for.
//!
//! [`StartArchive::transcription`]: super::StartArchive::transcription

use typed_builder::TypedBuilder;

use crate::{captions::LanguageCode, error::Result, raw};

/// What to transcribe after the call: the spoken language, and whether to add an AI summary.
///
/// Transcription exists only for individual archives with audio (the platform transcribes each stream's
/// file): [`StartArchive::transcription`](super::StartArchive::transcription) exists only on
/// `StartArchive<Individual>`. The transcript, a JSON file, is ready after the archive; its status and URL
/// are in [`Archive::transcription`](super::Archive::transcription).
///
/// The language is required here (the platform would assume `en-US`), the summary is optional:
/// ```
/// use opentok_sdk::{archive::TranscriptionProperties, captions::LanguageCode};
///
/// let properties = TranscriptionProperties::builder()
///     .primary_language_code(LanguageCode::ES_ES)
///     .has_summary(true)
///     .build();
/// # let _ = properties;
/// ```
#[derive(Debug, Clone, PartialEq, TypedBuilder)]
#[non_exhaustive]
pub struct TranscriptionProperties {
    /// The spoken language, as a BCP-47 code (`en-US`, `ja-JP`, ...).
    #[builder(setter(into))]
    pub primary_language_code: LanguageCode,
    /// Whether to add an AI summary of the call (default false).
    #[builder(default)]
    pub has_summary: bool,
}

impl TranscriptionProperties {
    pub(crate) fn to_raw(&self) -> Result<raw::types::TranscriptionProperties> {
        self.primary_language_code.check("primary_language_code")?;
        Ok(raw::types::TranscriptionProperties {
            primary_language_code: Some(self.primary_language_code.as_str().to_owned()),
            has_summary: Some(self.has_summary),
        })
    }
}
