//! The archive model and its enums.

use std::{fmt, time::Duration};

use chrono::{DateTime, Utc};

use crate::{
    composition::StreamMode,
    ids::{ArchiveId, IdText, SessionId, StreamId},
    macros::{open_enum, wire_model},
    wire::{Dflt, EpochMillis, Opt, Plain, Req, Seconds, Text},
};

open_enum!(
    /// Where an archive is in its life.
    ArchiveStatus {
        /// Recording.
        Started = "started",
        /// Recording paused because no client is publishing.
        Paused = "paused",
        /// Recording stopped; the file is being prepared.
        Stopped = "stopped",
        /// Uploaded to the project's own storage (S3 or Azure); `url` stays empty.
        Uploaded = "uploaded",
        /// Ready for download from the platform (for 72 hours).
        Available = "available",
        /// No longer available for download.
        Expired = "expired",
        /// Recording failed.
        Failed = "failed",
        /// Deleted.
        Deleted = "deleted",
    }
);

open_enum!(
    /// Whether an archive is one composed file or one file per stream.
    OutputMode {
        /// All streams composed into one file.
        Composed = "composed",
        /// One file per stream, in a ZIP.
        Individual = "individual",
    }
);

/// An archive whose answer had no `status`: `Unknown("")`.
impl Default for ArchiveStatus {
    fn default() -> Self {
        Self::Unknown(String::new())
    }
}

impl ArchiveStatus {
    /// True while the archive is recording (started or paused).
    pub fn is_recording(&self) -> bool {
        matches!(self, Self::Started | Self::Paused)
    }
}

open_enum!(
    /// Where an archive's post-call transcription is.
    TranscriptionStatus {
        /// Asked for; not started yet.
        Requested = "requested",
        /// Transcribing.
        Started = "started",
        /// Uploaded to the project's own storage.
        Uploaded = "uploaded",
        /// Ready for download.
        Available = "available",
        /// Transcription failed.
        Failed = "failed",
    }
);

wire_model! {
    /// A stream included in an archive in manual stream mode.
    pub struct ArchiveStream("an archive stream") {
        /// The stream.
        "streamId" => pub stream_id: StreamId as Req<Plain>,
        /// Whether its audio is recorded.
        "hasAudio" => pub has_audio: Option<bool> as Opt<Plain>,
        /// Whether its video is recorded.
        "hasVideo" => pub has_video: Option<bool> as Opt<Plain>,
    }
}

wire_model! {
    /// The post-call transcription of an archive, as the platform reports it.
    pub struct Transcription("a transcription") {
        /// Where the transcription is.
        "status" => pub status: Option<TranscriptionStatus> as Opt<Plain>,
        /// Download URL, once available.
        "url" => pub url: Option<String> as Opt<Plain>,
        /// Why it failed, in the platform's words.
        "reason" => pub reason: Option<String> as Opt<Plain>,
        /// The language transcribed (BCP-47, such as `en-US`).
        "primaryLanguageCode" => pub primary_language_code: Option<String> as Opt<Plain>,
        /// Whether a summary was asked for.
        "hasSummary" => pub has_summary: Option<bool> as Opt<Plain>,
    }
}

/// The archive's password (for encrypted archives). Its `Debug` output does not show it.
#[derive(Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct ArchivePassword(String);

impl ArchivePassword {
    /// The password itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ArchivePassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "ArchivePassword(\"\")" } else { "ArchivePassword([redacted])" })
    }
}

// Not progenitor's generated `Archive` (build.rs says why): the generated client hands the JSON object over
// untouched, and this model reads it.
wire_model! {
    /// An archive (a recording of a session), as REST answers and archive callbacks describe it.
    ///
    /// Every member the platform sends is kept: the ones below as typed fields, any other in
    /// [`extra`](Self::extra). Serializing (or [`to_json`](Self::to_json)) gives back the JSON received,
    /// with the changes made to the fields: `null`s stay `null`, absent members stay absent, and a duration
    /// of `328` stays `328`.
    pub struct Archive("an archive") {
        /// The archive id.
        "id" => pub id: ArchiveId as Req<IdText>,
        /// Where the archive is in its life. Absent from the platform's answer → `Unknown("")`.
        "status" => pub status: ArchiveStatus as Dflt<Plain>,
        /// The name given when it was started.
        "name" => pub name: Option<String> as Opt<Plain>,
        /// The session recorded.
        "sessionId" => pub session_id: Option<SessionId> as Opt<IdText>,
        /// The Vonage application, or for an OpenTok project its API key (as text).
        "applicationId" => pub application_id: Option<String> as Opt<Text>,
        /// The OpenTok project (its API key), sent as a number in callbacks and as text elsewhere.
        "projectId" => pub project_id: Option<String> as Opt<Text>,
        /// The OpenTok project again, under its older name.
        "partnerId" => pub partner_id: Option<String> as Opt<Text>,
        /// `"archive"` in archive callbacks (and some list answers).
        "event" => pub event: Option<String> as Opt<Plain>,
        /// When recording started.
        "createdAt" => pub created_at: Option<DateTime<Utc>> as Opt<EpochMillis>,
        /// When the archive last changed.
        "updatedAt" => pub updated_at: Option<DateTime<Utc>> as Opt<EpochMillis>,
        /// Length of the recording (zero while recording).
        "duration" => pub duration: Option<Duration> as Opt<Seconds>,
        /// Size of the file in bytes (zero until it is ready).
        "size" => pub size: Option<u64> as Opt<Plain>,
        /// Download URL, only while `available`; valid for 10 minutes.
        "url" => pub url: Option<String> as Opt<Plain>,
        /// Composed or individual.
        "outputMode" => pub output_mode: Option<OutputMode> as Opt<Plain>,
        /// Automatic or manual stream selection.
        "streamMode" => pub stream_mode: Option<StreamMode> as Opt<Plain>,
        /// The resolution of a composed archive, such as `1280x720` (see
        /// [`Resolution::parse`](crate::archive::Resolution::parse)).
        "resolution" => pub resolution: Option<String> as Opt<Plain>,
        /// Whether audio is recorded.
        "hasAudio" => pub has_audio: Option<bool> as Opt<Plain>,
        /// Whether video is recorded.
        "hasVideo" => pub has_video: Option<bool> as Opt<Plain>,
        /// Why it stopped or failed, in the platform's words.
        "reason" => pub reason: Option<String> as Opt<Plain>,
        /// The tag that allows several archives of one session at once.
        "multiArchiveTag" => pub multi_archive_tag: Option<String> as Opt<Plain>,
        /// The video bitrate cap of a composed archive, in bits per second.
        "maxBitrate" => pub max_bitrate: Option<i64> as Opt<Plain>,
        /// The quantization parameter of a composed archive.
        "quantizationParameter" => pub quantization_parameter: Option<i64> as Opt<Plain>,
        /// A hash of the file, once there is one (base64 in the platform's callbacks; treat it as opaque).
        "sha256sum" => pub sha256sum: Option<String> as Opt<Plain>,
        /// The archive's password, for encrypted archives (often `""`).
        "password" => pub password: Option<ArchivePassword> as Opt<Plain>,
        /// Whether a post-call transcription was asked for.
        "hasTranscription" => pub has_transcription: Option<bool> as Opt<Plain>,
        /// The post-call transcription, when one was asked for.
        "transcription" => pub transcription: Option<Transcription> as Opt<Plain>,
        /// The streams recorded, in manual stream mode (empty when absent).
        "streams" => pub streams: Vec<ArchiveStream> as Dflt<Plain>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    #[test]
    fn parses_platform_archive_with_unknown_fields_and_values() {
        let json = br#"{"createdAt":1384221730000,"duration":5049,"hasAudio":true,"hasVideo":true,
            "id":"b40ef09b-3811-4726-b508-e41a0f96c68f","name":"Foo","outputMode":"composed","projectId":123456,
            "reason":"","resolution":"640x480","sessionId":"2_MX4xMjM0NTZ-flR1ZSBOb3YgMTIgMDk6NDA6NTkgUFNUIDIwMTN-MC4yMTU4OTQ0Mn4",
            "size":247748791,"status":"pending-review","streamMode":"auto","url":null,"someNewField":{"x":1}}"#;
        let a = Archive::from_json(json).unwrap();
        assert_eq!(a.status, ArchiveStatus::Unknown("pending-review".into()));
        assert_eq!(a.duration, Some(Duration::from_secs(5049)));
        assert_eq!(a.output_mode, Some(OutputMode::Composed));
        assert_eq!(a.created_at.unwrap().timestamp_millis(), 1384221730000);
        assert_eq!(Archive::from_json(a.to_json().to_string().as_bytes()).unwrap(), a);
    }

    #[test]
    fn bad_json_is_a_decode_error() {
        for bad in
            [&b""[..], b"<html>", b"{\"id\":", b"[]", b"{\"name\":\"no id\"}", b"{\"id\":\"a\",\"size\":\"big\"}"]
        {
            assert!(matches!(Archive::from_json(bad), Err(Error::Decode(_))));
        }
    }
}
