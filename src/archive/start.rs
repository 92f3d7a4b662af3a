//! Starting an archive, with composed-only options checked by the type system.

use std::{fmt, marker::PhantomData};

use super::{Archive, Layout, Resolution, StreamMode};
use crate::{
    error::{Error, Result},
    ids::{check_id, SessionId},
    raw, OpenTok,
};

mod sealed {
    pub trait Sealed {}
}

/// The output of an archive being started: [`Composed`] or [`Individual`]. Sealed.
pub trait OutputState: sealed::Sealed {
    #[doc(hidden)]
    const INDIVIDUAL: bool;
}

/// One file with every stream composed into it (the default).
#[derive(Debug, Clone, Copy, Default)]
pub struct Composed;

/// One file per stream.
#[derive(Debug, Clone, Copy, Default)]
pub struct Individual;

impl sealed::Sealed for Composed {}
impl sealed::Sealed for Individual {}
impl OutputState for Composed {
    const INDIVIDUAL: bool = false;
}
impl OutputState for Individual {
    const INDIVIDUAL: bool = true;
}

/// Marker for the composed state, the only one with resolution, layout and video quality options.
#[diagnostic::on_unimplemented(
    message = "this option only applies to composed archives, and this builder is for an `{Self}` archive",
    label = "only available on `StartArchive<Composed>`",
    note = "remove the `.individual()` call to record one composed file, or drop this option"
)]
pub trait IsComposed: OutputState {}
impl IsComposed for Composed {}

/// Marker for the composed state before [`StartArchive::individual`] is called.
#[diagnostic::on_unimplemented(message = "the archive builder is already individual", label = "remove this call")]
pub trait NotYetIndividual: OutputState {}
impl NotYetIndividual for Composed {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VideoQuality {
    MaxBitrate(u32),
    QuantizationParameter(u8),
}

/// Builder for [`OpenTok::start_archive`].
#[must_use = "call .send().await"]
pub struct StartArchive<'c, S: OutputState = Composed> {
    client: &'c OpenTok,
    session_id: SessionId,
    name: Option<String>,
    has_audio: Option<bool>,
    has_video: Option<bool>,
    stream_mode: Option<StreamMode>,
    multi_archive_tag: Option<String>,
    resolution: Option<Resolution>,
    layout: Option<Layout>,
    quality: Option<VideoQuality>,
    /// Set when both quality options are given; reported by `send`.
    quality_conflict: bool,
    state: PhantomData<S>,
}

impl OpenTok {
    /// Starts building an archive of a routed session with at least one connected client: composed
    /// unless [`StartArchive::individual`] is called.
    ///
    /// ```no_run
    /// # async fn f(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// use opentok_sdk::archive::{Layout, Resolution};
    /// let archive = ot.start_archive(&session_id).name("lecture").resolution(Resolution::Hd720Landscape)
    ///     .layout(Layout::Pip).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn start_archive(&self, session_id: &SessionId) -> StartArchive<'_, Composed> {
        StartArchive {
            client: self,
            session_id: session_id.clone(),
            name: None,
            has_audio: None,
            has_video: None,
            stream_mode: None,
            multi_archive_tag: None,
            resolution: None,
            layout: None,
            quality: None,
            quality_conflict: false,
            state: PhantomData,
        }
    }
}

impl<'c, S: OutputState> StartArchive<'c, S> {
    /// Records one file per stream instead of one composed file.
    pub fn individual(self) -> StartArchive<'c, Individual>
    where
        S: NotYetIndividual,
    {
        StartArchive {
            client: self.client,
            session_id: self.session_id,
            name: self.name,
            has_audio: self.has_audio,
            has_video: self.has_video,
            stream_mode: self.stream_mode,
            multi_archive_tag: self.multi_archive_tag,
            resolution: self.resolution,
            layout: self.layout,
            quality: self.quality,
            quality_conflict: self.quality_conflict,
            state: PhantomData,
        }
    }

    /// The archive's name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Whether audio is recorded (default true).
    pub fn has_audio(mut self, on: bool) -> Self {
        self.has_audio = Some(on);
        self
    }

    /// Whether video is recorded (default true).
    pub fn has_video(mut self, on: bool) -> Self {
        self.has_video = Some(on);
        self
    }

    /// Whether every stream is recorded ([`StreamMode::Auto`], the platform's default) or only those added
    /// with [`OpenTok::add_archive_stream`] ([`StreamMode::Manual`]).
    pub fn stream_mode(mut self, mode: StreamMode) -> Self {
        self.stream_mode = Some(mode);
        self
    }

    /// A tag that lets this archive run while the session is already being recorded; it must differ from
    /// the tags of the session's other running archives.
    pub fn multi_archive_tag(mut self, tag: impl Into<String>) -> Self {
        self.multi_archive_tag = Some(tag.into());
        self
    }

    /// The video resolution (default 640x480).
    pub fn resolution(mut self, resolution: Resolution) -> Self
    where
        S: IsComposed,
    {
        self.resolution = Some(resolution);
        self
    }

    /// The layout (default best fit).
    pub fn layout(mut self, layout: Layout) -> Self
    where
        S: IsComposed,
    {
        self.layout = Some(layout);
        self
    }

    /// Caps the video bitrate, 100 000 to 6 000 000 bits per second. Not with
    /// [`quantization_parameter`](Self::quantization_parameter).
    pub fn max_bitrate(mut self, bits_per_second: u32) -> Self
    where
        S: IsComposed,
    {
        self.set_quality(VideoQuality::MaxBitrate(bits_per_second));
        self
    }

    /// Variable-bitrate quality, 15 (best) to 40. Not with [`max_bitrate`](Self::max_bitrate).
    pub fn quantization_parameter(mut self, qp: u8) -> Self
    where
        S: IsComposed,
    {
        self.set_quality(VideoQuality::QuantizationParameter(qp));
        self
    }

    fn set_quality(&mut self, quality: VideoQuality) {
        let differs = |a: &VideoQuality, b: &VideoQuality| std::mem::discriminant(a) != std::mem::discriminant(b);
        if self.quality.as_ref().is_some_and(|q| differs(q, &quality)) {
            self.quality_conflict = true;
        }
        self.quality = Some(quality);
    }

    pub(crate) fn body(&self) -> Result<raw::types::StartArchive> {
        check_id("session_id", self.session_id.as_str())?;
        if S::INDIVIDUAL {
            // Set before `.individual()` was called: the types cannot see that order.
            let composed_only = [
                ("resolution", self.resolution.is_some()),
                ("layout", self.layout.is_some()),
                ("max_bitrate", matches!(self.quality, Some(VideoQuality::MaxBitrate(_)))),
                ("quantization_parameter", matches!(self.quality, Some(VideoQuality::QuantizationParameter(_)))),
            ];
            if let Some((field, _)) = composed_only.into_iter().find(|(_, set)| *set) {
                return Err(Error::invalid(field, "only applies to composed archives, not individual ones"));
            }
        }
        super::types::check_audio_or_video(self.has_audio, self.has_video)?;
        if self.quality_conflict {
            return Err(Error::invalid(
                "max_bitrate",
                "max_bitrate and quantization_parameter exclude each other: set only one",
            ));
        }
        let (mut max_bitrate, mut qp) = (None, None);
        match self.quality {
            Some(VideoQuality::MaxBitrate(b)) if !(100_000..=6_000_000).contains(&b) => {
                return Err(Error::invalid("max_bitrate", format!("must be 100000 to 6000000, got {b}")))
            }
            Some(VideoQuality::QuantizationParameter(q)) if !(15..=40).contains(&q) => {
                return Err(Error::invalid("quantization_parameter", format!("must be 15 to 40, got {q}")))
            }
            Some(VideoQuality::MaxBitrate(b)) => max_bitrate = Some(i64::from(b)),
            Some(VideoQuality::QuantizationParameter(q)) => qp = Some(i64::from(q)),
            None => {}
        }
        if let Some(tag) = &self.multi_archive_tag {
            if tag.is_empty() {
                return Err(Error::invalid("multi_archive_tag", "must not be empty"));
            }
        }
        Ok(raw::types::StartArchive {
            session_id: self.session_id.to_string(),
            name: self.name.clone(),
            has_audio: self.has_audio,
            has_video: self.has_video,
            output_mode: S::INDIVIDUAL.then(|| "individual".to_owned()),
            stream_mode: match &self.stream_mode {
                Some(StreamMode::Unknown(other)) => {
                    return Err(Error::invalid("stream_mode", format!("must be auto or manual, not {other:?}")))
                }
                mode => mode.as_ref().map(|m| m.as_str().to_owned()),
            },
            resolution: self.resolution.map(|r| r.as_str().to_owned()),
            layout: self.layout.as_ref().map(|l| l.to_raw("layout")).transpose()?,
            multi_archive_tag: self.multi_archive_tag.clone(),
            max_bitrate,
            quantization_parameter: qp,
        })
    }

    /// Starts the archive.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] before sending: audio and video both off, both quality options, bitrate
    /// or quantization out of range, empty custom stylesheet or tag. [`Error::Api`]: 404 unknown session or
    /// no client connected, 409 relayed session or already recording without a distinct tag.
    pub async fn send(self) -> Result<Archive> {
        let body = self.body()?;
        let raw = self.client.raw().start_archive().api_key(self.client.api_key()).body(body);
        self.client.call(raw.send()).await.and_then(Archive::from_object)
    }
}

impl<S: OutputState> fmt::Debug for StartArchive<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StartArchive")
            .field("individual", &S::INDIVIDUAL)
            .field("session_id", &self.session_id)
            .field("name", &self.name)
            .field("has_audio", &self.has_audio)
            .field("has_video", &self.has_video)
            .field("stream_mode", &self.stream_mode)
            .field("multi_archive_tag", &self.multi_archive_tag)
            .field("resolution", &self.resolution)
            .field("layout", &self.layout)
            .field("quality", &self.quality)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body<S: OutputState>(b: StartArchive<'_, S>) -> Result<serde_json::Value> {
        b.body().map(|b| serde_json::to_value(b).unwrap())
    }

    #[test]
    fn bodies_match_the_platform_fields() {
        let ot = OpenTok::new("1", "secret").unwrap();
        let sid = SessionId::from("2_MX4x");
        assert_eq!(body(ot.start_archive(&sid)).unwrap(), json!({"sessionId": "2_MX4x"}));
        let composed = ot
            .start_archive(&sid)
            .name("n")
            .has_audio(true)
            .resolution(Resolution::Fhd1080Portrait)
            .layout(Layout::VerticalPresentation)
            .max_bitrate(2_000_000)
            .stream_mode(StreamMode::Manual)
            .multi_archive_tag("t");
        assert_eq!(
            body(composed).unwrap(),
            json!({"sessionId": "2_MX4x", "name": "n", "hasAudio": true, "resolution": "1080x1920",
                "layout": {"type": "verticalPresentation"}, "maxBitrate": 2000000, "streamMode": "manual",
                "multiArchiveTag": "t"})
        );
        let individual = ot.start_archive(&sid).individual().has_video(false);
        assert_eq!(
            body(individual).unwrap(),
            json!({"sessionId": "2_MX4x", "outputMode": "individual", "hasVideo": false})
        );
        assert_eq!(
            body(ot.start_archive(&sid).quantization_parameter(25)).unwrap(),
            json!({"sessionId": "2_MX4x", "quantizationParameter": 25})
        );
    }

    #[test]
    fn invalid_combinations_name_the_field() {
        let ot = OpenTok::new("1", "secret").unwrap();
        let sid = SessionId::from("2_MX4x");
        let field = |r: Result<serde_json::Value>| match r {
            Err(Error::InvalidArgument { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(body(ot.start_archive(&sid).has_audio(false).has_video(false))), "has_video");
        assert_eq!(field(body(ot.start_archive(&sid).max_bitrate(200_000).quantization_parameter(20))), "max_bitrate");
        assert_eq!(field(body(ot.start_archive(&sid).max_bitrate(99_999))), "max_bitrate");
        assert_eq!(field(body(ot.start_archive(&sid).max_bitrate(6_000_001))), "max_bitrate");
        assert_eq!(field(body(ot.start_archive(&sid).quantization_parameter(14))), "quantization_parameter");
        assert_eq!(field(body(ot.start_archive(&sid).quantization_parameter(41))), "quantization_parameter");
        assert_eq!(field(body(ot.start_archive(&sid).layout(Layout::Custom(String::new())))), "layout");
        assert_eq!(field(body(ot.start_archive(&sid).multi_archive_tag(""))), "multi_archive_tag");
        assert_eq!(field(body(ot.start_archive(&sid).stream_mode(StreamMode::Unknown("x".into())))), "stream_mode");
        assert_eq!(
            field(body(ot.start_archive(&sid).resolution(Resolution::Hd720Landscape).individual())),
            "resolution"
        );
        assert_eq!(field(body(ot.start_archive(&sid).layout(Layout::Pip).individual())), "layout");
        assert!(body(ot.start_archive(&sid).max_bitrate(100_000)).is_ok());
        assert!(body(ot.start_archive(&sid).max_bitrate(300_000).max_bitrate(6_000_000)).is_ok());
    }
}
