//! The archive model and its enums.

use std::{fmt, time::Duration};

use chrono::{DateTime, Utc};

use crate::{
    error::{DecodeError, Error, Result},
    ids::{ArchiveId, SessionId, StreamId},
    raw,
};

/// A video resolution for composed archives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Resolution {
    /// 640x480 (the default).
    #[default]
    Sd480Landscape,
    /// 480x640.
    Sd480Portrait,
    /// 1280x720.
    Hd720Landscape,
    /// 720x1280.
    Hd720Portrait,
    /// 1920x1080.
    Fhd1080Landscape,
    /// 1080x1920.
    Fhd1080Portrait,
}

impl Resolution {
    /// All six values.
    pub const ALL: [Resolution; 6] = [
        Self::Sd480Landscape,
        Self::Sd480Portrait,
        Self::Hd720Landscape,
        Self::Hd720Portrait,
        Self::Fhd1080Landscape,
        Self::Fhd1080Portrait,
    ];

    /// The wire form, such as `1280x720`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sd480Landscape => "640x480",
            Self::Sd480Portrait => "480x640",
            Self::Hd720Landscape => "1280x720",
            Self::Hd720Portrait => "720x1280",
            Self::Fhd1080Landscape => "1920x1080",
            Self::Fhd1080Portrait => "1080x1920",
        }
    }

    /// Parses the wire form.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl fmt::Display for Resolution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! open_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $wire:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// A value this version of the SDK does not know, kept verbatim.
            Unknown(String),
        }

        impl $name {
            /// The wire form.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(s) => s,
                }
            }

            pub(crate) fn from_wire(s: String) -> Self {
                match s.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown(s),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

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

open_enum!(
    /// Whether streams are added to an archive automatically or by hand.
    StreamMode {
        /// Every stream of the session is recorded.
        Auto = "auto",
        /// Only the streams added with [`OpenTok::add_archive_stream`](crate::OpenTok::add_archive_stream).
        Manual = "manual",
    }
);

impl ArchiveStatus {
    /// True while the archive is recording (started or paused).
    pub fn is_recording(&self) -> bool {
        matches!(self, Self::Started | Self::Paused)
    }
}

/// A stream included in an archive in manual stream mode.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ArchiveStream {
    /// The stream.
    pub stream_id: StreamId,
    /// Whether its audio is recorded.
    pub has_audio: Option<bool>,
    /// Whether its video is recorded.
    pub has_video: Option<bool>,
}

/// An archive (a recording of a session).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Archive {
    /// The archive id.
    pub id: ArchiveId,
    /// Where the archive is in its life. Absent from the platform's answer → `Unknown("")`.
    pub status: ArchiveStatus,
    /// The name given when it was started.
    pub name: Option<String>,
    /// The session recorded.
    pub session_id: Option<SessionId>,
    /// When recording started.
    pub created_at: Option<DateTime<Utc>>,
    /// When the archive last changed.
    pub updated_at: Option<DateTime<Utc>>,
    /// Length of the recording (zero while recording).
    pub duration: Option<Duration>,
    /// Size of the file in bytes (zero until it is ready).
    pub size: Option<u64>,
    /// Download URL, only while `available`; valid for 10 minutes.
    pub url: Option<String>,
    /// Composed or individual.
    pub output_mode: Option<OutputMode>,
    /// Automatic or manual stream selection.
    pub stream_mode: Option<StreamMode>,
    /// The resolution of a composed archive, such as `1280x720` (see [`Resolution::parse`]).
    pub resolution: Option<String>,
    /// Whether audio is recorded.
    pub has_audio: Option<bool>,
    /// Whether video is recorded.
    pub has_video: Option<bool>,
    /// Why it stopped or failed, in the platform's words.
    pub reason: Option<String>,
    /// The tag that allows several archives of one session at once.
    pub multi_archive_tag: Option<String>,
    /// The video bitrate cap of a composed archive, in bits per second.
    pub max_bitrate: Option<i64>,
    /// The quantization parameter of a composed archive.
    pub quantization_parameter: Option<i64>,
    /// SHA-256 of the file, once there is one.
    pub sha256sum: Option<String>,
    /// The streams recorded, in manual stream mode.
    pub streams: Vec<ArchiveStream>,
}

impl Archive {
    /// Parses an archive as the platform sends it, in REST responses and archive callbacks. Unknown fields
    /// are ignored, unknown enum values kept.
    ///
    /// # Errors
    /// [`Error::Decode`] if the JSON is invalid or has no `id`.
    pub fn from_json(json: &[u8]) -> Result<Self> {
        let raw: raw::types::Archive = serde_json::from_slice(json)
            .map_err(|e| Error::Decode(DecodeError::new(format!("not an archive: {e}"))))?;
        Ok(Self::from(raw))
    }

    /// The archive in the platform's JSON form (camelCase fields, times in epoch milliseconds).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(raw::types::Archive::from(self)).unwrap_or(serde_json::Value::Null)
    }
}

/// The rule shared by starting an archive and adding a stream to one: audio, video or both, never neither.
pub(crate) fn check_audio_or_video(has_audio: Option<bool>, has_video: Option<bool>) -> Result<()> {
    if has_audio == Some(false) && has_video == Some(false) {
        return Err(Error::invalid("has_video", "audio and video cannot both be off"));
    }
    Ok(())
}

fn time_from_millis(ms: Option<i64>) -> Option<DateTime<Utc>> {
    ms.and_then(DateTime::from_timestamp_millis)
}

impl From<raw::types::Archive> for Archive {
    fn from(a: raw::types::Archive) -> Self {
        Self {
            id: ArchiveId::new(a.id),
            status: ArchiveStatus::from_wire(a.status.unwrap_or_default()),
            name: a.name,
            session_id: a.session_id.map(SessionId::new),
            created_at: time_from_millis(a.created_at),
            updated_at: time_from_millis(a.updated_at),
            duration: a.duration.and_then(|d| Duration::try_from_secs_f64(d).ok()),
            size: a.size.and_then(|s| u64::try_from(s).ok()),
            url: a.url,
            output_mode: a.output_mode.map(OutputMode::from_wire),
            stream_mode: a.stream_mode.map(StreamMode::from_wire),
            resolution: a.resolution,
            has_audio: a.has_audio,
            has_video: a.has_video,
            reason: a.reason,
            multi_archive_tag: a.multi_archive_tag,
            max_bitrate: a.max_bitrate,
            quantization_parameter: a.quantization_parameter,
            sha256sum: a.sha256sum,
            streams: a
                .streams
                .unwrap_or_default()
                .into_iter()
                .map(|s| ArchiveStream {
                    stream_id: StreamId::new(s.stream_id),
                    has_audio: s.has_audio,
                    has_video: s.has_video,
                })
                .collect(),
        }
    }
}

impl From<&Archive> for raw::types::Archive {
    fn from(a: &Archive) -> Self {
        Self {
            id: a.id.to_string(),
            status: Some(a.status.as_str().to_owned()),
            name: a.name.clone(),
            session_id: a.session_id.as_ref().map(ToString::to_string),
            created_at: a.created_at.map(|t| t.timestamp_millis()),
            updated_at: a.updated_at.map(|t| t.timestamp_millis()),
            duration: a.duration.map(|d| d.as_secs_f64()),
            size: a.size.and_then(|s| i64::try_from(s).ok()),
            url: a.url.clone(),
            output_mode: a.output_mode.as_ref().map(|m| m.as_str().to_owned()),
            stream_mode: a.stream_mode.as_ref().map(|m| m.as_str().to_owned()),
            resolution: a.resolution.clone(),
            has_audio: a.has_audio,
            has_video: a.has_video,
            reason: a.reason.clone(),
            multi_archive_tag: a.multi_archive_tag.clone(),
            max_bitrate: a.max_bitrate,
            quantization_parameter: a.quantization_parameter,
            sha256sum: a.sha256sum.clone(),
            streams: Some(
                a.streams
                    .iter()
                    .map(|s| raw::types::ArchiveStream {
                        stream_id: s.stream_id.to_string(),
                        has_audio: s.has_audio,
                        has_video: s.has_video,
                    })
                    .collect(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
