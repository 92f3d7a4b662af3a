//! What both start builders (archive and broadcast) take and check the same way: the resolution, the
//! stream mode, the bitrate bounds, the `has_audio`/`has_video`/`stream_mode` setters and the checks.

use crate::{
    error::{Error, Result},
    macros::{closed_enum, open_enum},
};

closed_enum!(
    /// A video resolution for composed archives and broadcasts (and automatic archives). `FromStr` and serde read the
    /// wire form (`"1280x720"`).
    Resolution {
        /// 640x480 (the default).
        Sd480Landscape = "640x480",
        /// 480x640.
        Sd480Portrait = "480x640",
        /// 1280x720.
        Hd720Landscape = "1280x720",
        /// 720x1280.
        Hd720Portrait = "720x1280",
        /// 1920x1080.
        Fhd1080Landscape = "1920x1080",
        /// 1080x1920.
        Fhd1080Portrait = "1080x1920",
    }
);

// `closed_enum!` derives a fixed set of traits; the default is written here.
#[allow(clippy::derivable_impls)]
impl Default for Resolution {
    fn default() -> Self {
        Self::Sd480Landscape
    }
}

open_enum!(
    /// Whether streams are added to an archive or a broadcast automatically or by hand.
    StreamMode {
        /// Every stream of the session is recorded.
        Auto = "auto",
        /// Only the streams added with [`OpenTok::add_archive_stream`](crate::OpenTok::add_archive_stream).
        Manual = "manual",
    }
);

/// The rule shared by starting an archive or a broadcast and adding a stream to one: audio, video or both,
/// never neither.
pub(crate) fn check_audio_or_video(has_audio: Option<bool>, has_video: Option<bool>) -> Result<()> {
    if has_audio == Some(false) && has_video == Some(false) {
        return Err(Error::invalid("has_video", "audio and video cannot both be off"));
    }
    Ok(())
}

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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(check_audio_or_video(Some(false), None).is_ok() && check_audio_or_video(None, Some(false)).is_ok());
        assert_eq!(field(check_audio_or_video(Some(false), Some(false))), "has_video");
    }
}
