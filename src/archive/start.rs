//! Starting an archive: the output mode and the composed-only options, checked by the type system.

use std::{fmt, marker::PhantomData};

use super::{Archive, OutputMode, TranscriptionProperties};
use crate::{
    composition::{self, Layout, Resolution, StreamMode},
    error::{Error, Result},
    ids::{check_id, SessionId},
    raw, OpenTok,
};

mod sealed {
    pub trait Sealed {}
}

/// A state of [`StartArchive`]: [`WantsOutputMode`], [`Composed`], [`Individual`] or [`ChosenAtRunTime`].
/// Sealed: these are the only ones.
pub trait OutputState: sealed::Sealed {}

/// The state [`OpenTok::start_archive`] returns: no output mode chosen yet. Sent as it is, the archive is
/// composed; [`individual`](StartArchive::individual), [`composed`](StartArchive::composed) and
/// [`output_mode`](StartArchive::output_mode) choose, and so does any composed-only option.
#[derive(Debug, Clone, Copy, Default)]
pub struct WantsOutputMode;

/// One file with every stream composed into it: the state with resolution, layout and video quality.
#[derive(Debug, Clone, Copy, Default)]
pub struct Composed;

/// One file per stream: no composed-only option exists in this state.
#[derive(Debug, Clone, Copy, Default)]
pub struct Individual;

/// The output mode was given as a value ([`StartArchive::output_mode`]), so it is known only at run time.
/// Composed-only options go through [`StartArchive::if_composed`], which applies them only when the mode
/// is composed.
#[derive(Debug, Clone, Copy, Default)]
pub struct ChosenAtRunTime;

impl sealed::Sealed for WantsOutputMode {}
impl sealed::Sealed for Composed {}
impl sealed::Sealed for Individual {}
impl sealed::Sealed for ChosenAtRunTime {}
impl OutputState for WantsOutputMode {}
impl OutputState for Composed {}
impl OutputState for Individual {}
impl OutputState for ChosenAtRunTime {}

/// The states in which the output mode can still be chosen: only [`WantsOutputMode`].
#[diagnostic::on_unimplemented(
    message = "the output mode of this archive is already chosen: the builder is `StartArchive<{Self}>`",
    label = "choose the output mode once, right after `start_archive(..)`",
    note = "`.resolution()`, `.layout()`, `.max_bitrate()`, `.quantization_parameter()` and their `maybe_` forms make \
            an archive composed: for one file per stream, call `.individual()` first and leave those options out",
    note = "to choose from a value known only at run time, call `.output_mode(mode)` first and put the composed-only \
            options in `.if_composed(|archive| ..)`"
)]
pub trait OutputModeNotChosen: OutputState {}
impl OutputModeNotChosen for WantsOutputMode {}

/// The states that accept composed-only options (resolution, layout, video quality): [`WantsOutputMode`]
/// (which they move to [`Composed`]) and [`Composed`].
#[diagnostic::on_unimplemented(
    message = "resolution, layout and video quality only apply to composed archives, and this builder is \
               `StartArchive<{Self}>`",
    label = "not available after `.individual()` or `.output_mode(..)`",
    note = "for one composed file, leave out `.individual()`: an archive is composed unless told otherwise",
    note = "after `.output_mode(mode)`, set composed-only options inside \
            `.if_composed(|archive| archive.resolution(..))`"
)]
pub trait AcceptsComposedOptions: OutputState {}
impl AcceptsComposedOptions for WantsOutputMode {}
impl AcceptsComposedOptions for Composed {}

/// The state in which [`StartArchive::if_composed`] applies: [`ChosenAtRunTime`] only.
#[diagnostic::on_unimplemented(
    message = "`.if_composed(..)` is for an output mode given as a value to `.output_mode(..)`, and this builder is \
               `StartArchive<{Self}>`",
    label = "call `.output_mode(mode)` right after `start_archive(..)` to use this",
    note = "with the mode fixed in the code, set composed-only options directly on a composed builder, and leave \
            them out of an individual one"
)]
pub trait ModeChosenAtRunTime: OutputState {}
impl ModeChosenAtRunTime for ChosenAtRunTime {}

/// The state in which [`StartArchive::transcription`] applies: [`Individual`] only.
#[diagnostic::on_unimplemented(
    message = "post-call transcription is only for individual archives, and this builder is `StartArchive<{Self}>`",
    label = "call `.individual()` right after `start_archive(..)` to use this",
    note = "the platform transcribes each stream's own file: a composed archive cannot be transcribed",
    note = "with the mode known only at run time, branch on it and build `ot.start_archive(..).individual()` for the \
            individual case"
)]
pub trait AcceptsTranscription: OutputState {}
impl AcceptsTranscription for Individual {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VideoQuality {
    MaxBitrate(u32),
    QuantizationParameter(u8),
}

/// Builder for [`OpenTok::start_archive`].
///
/// How the states fit together:
///
/// 1. [`OpenTok::start_archive`] returns `StartArchive<WantsOutputMode>`. The options every archive has
///    ([`name`](Self::name), [`has_audio`](Self::has_audio), [`has_video`](Self::has_video),
///    [`stream_mode`](Self::stream_mode), [`multi_archive_tag`](Self::multi_archive_tag)) exist in every
///    state. Sent as it is, the archive is composed.
/// 2. [`individual`](Self::individual) moves to [`Individual`]: one file per stream. It exists only while
///    no composed-only option is set, so `.resolution(..).individual()` does not compile, and neither does
///    `.individual().resolution(..)`.
/// 3. A composed-only option ([`resolution`](Self::resolution), [`layout`](Self::layout),
///    [`max_bitrate`](Self::max_bitrate), [`quantization_parameter`](Self::quantization_parameter),
///    [`maybe_resolution`](Self::maybe_resolution), [`maybe_layout`](Self::maybe_layout)), or
///    [`composed`](Self::composed), moves to [`Composed`].
/// 4. [`output_mode`](Self::output_mode) takes the mode as a value (from a config file or a web form) and
///    moves to [`ChosenAtRunTime`], where composed-only options go through
///    [`if_composed`](Self::if_composed): they are applied when the mode is composed and never reach an
///    individual archive.
/// 5. [`send`](Self::send) exists in every state.
///
/// ```text
/// start_archive(..)  StartArchive<WantsOutputMode>  .name() .has_audio() .has_video() .stream_mode()
///                                                   .multi_archive_tag() .send()
///   .individual()    StartArchive<Individual>       the same options
///   .composed(), .resolution(), .layout(), .max_bitrate(), .quantization_parameter()
///                    StartArchive<Composed>         the same options, and the composed-only ones
///   .output_mode(m)  StartArchive<ChosenAtRunTime>  the same options, and .if_composed(|archive| ..)
/// ```
///
/// To share the common options between builders of any state, write a function generic over the state:
///
/// ```no_run
/// # async fn f(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
/// use opentok_sdk::archive::{OutputState, StartArchive};
///
/// fn audio_only<S: OutputState>(archive: StartArchive<'_, S>) -> StartArchive<'_, S> {
///     archive.has_video(false).multi_archive_tag("audio")
/// }
/// let individual = audio_only(ot.start_archive(&session_id).individual()).send().await?;
/// # Ok(()) }
/// ```
#[must_use = "call .send().await"]
pub struct StartArchive<'c, S: OutputState = WantsOutputMode> {
    client: &'c OpenTok,
    session_id: SessionId,
    /// Composed unless a transition says otherwise; composed-only options are only ever set while this is
    /// composed.
    output_mode: OutputMode,
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
    /// Only ever set in the [`Individual`] state.
    transcription: Option<TranscriptionProperties>,
    state: PhantomData<S>,
}

impl OpenTok {
    /// Starts building an archive: a recording of a routed session with at least one connected client.
    /// The archive is composed (one file) unless [`StartArchive::individual`] or
    /// [`StartArchive::output_mode`] says otherwise; see [`StartArchive`] for the states.
    ///
    /// Finish with [`StartArchive::send`], which sends `POST /v2/project/{apiKey}/archive`.
    ///
    /// ```no_run
    /// # async fn f(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// use opentok_sdk::archive::{Layout, OutputMode, Resolution};
    ///
    /// let composed = ot.start_archive(&session_id).name("lecture").resolution(Resolution::Hd720Landscape)
    ///     .layout(Layout::Pip).send().await?;
    /// let individual = ot.start_archive(&session_id).individual().multi_archive_tag("raw").send().await?;
    ///
    /// // The mode from configuration: composed-only options apply only if it is composed.
    /// let mode: OutputMode = OutputMode::Individual;
    /// let configured = ot
    ///     .start_archive(&session_id)
    ///     .output_mode(mode)
    ///     .name("from config")
    ///     .if_composed(|archive| archive.resolution(Resolution::Fhd1080Landscape).layout(Layout::BestFit))
    ///     .send()
    ///     .await?;
    /// # let _ = (composed, individual, configured); Ok(()) }
    /// ```
    pub fn start_archive(&self, session_id: &SessionId) -> StartArchive<'_, WantsOutputMode> {
        StartArchive {
            client: self,
            session_id: session_id.clone(),
            output_mode: OutputMode::Composed,
            name: None,
            has_audio: None,
            has_video: None,
            stream_mode: None,
            multi_archive_tag: None,
            resolution: None,
            layout: None,
            quality: None,
            quality_conflict: false,
            transcription: None,
            state: PhantomData,
        }
    }
}

impl<'c, S: OutputState> StartArchive<'c, S> {
    fn into_state<T: OutputState>(self) -> StartArchive<'c, T> {
        StartArchive {
            client: self.client,
            session_id: self.session_id,
            output_mode: self.output_mode,
            name: self.name,
            has_audio: self.has_audio,
            has_video: self.has_video,
            stream_mode: self.stream_mode,
            multi_archive_tag: self.multi_archive_tag,
            resolution: self.resolution,
            layout: self.layout,
            quality: self.quality,
            quality_conflict: self.quality_conflict,
            transcription: self.transcription,
            state: PhantomData,
        }
    }

    /// Records one file per stream instead of one composed file. Only before any composed-only option.
    pub fn individual(mut self) -> StartArchive<'c, Individual>
    where
        S: OutputModeNotChosen,
    {
        self.output_mode = OutputMode::Individual;
        self.into_state()
    }

    /// Records one composed file, as when no mode is chosen; opens the composed-only options.
    pub fn composed(self) -> StartArchive<'c, Composed>
    where
        S: OutputModeNotChosen,
    {
        self.into_state()
    }

    /// Takes the output mode as a value, for a mode read from configuration or a web form; composed-only
    /// options then go through [`if_composed`](StartArchive::if_composed).
    ///
    /// [`send`](Self::send) refuses an [`OutputMode::Unknown`] with [`Error::InvalidArgument`]
    /// (`output_mode`).
    pub fn output_mode(mut self, mode: OutputMode) -> StartArchive<'c, ChosenAtRunTime>
    where
        S: OutputModeNotChosen,
    {
        self.output_mode = mode;
        self.into_state()
    }

    /// The archive's name.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    composition::media_setters!("recorded", "OpenTok::add_archive_stream");

    /// A tag that lets this archive run while the session is already being recorded; it must differ from
    /// the tags of the session's other running archives.
    pub fn multi_archive_tag(mut self, tag: impl Into<String>) -> Self {
        self.multi_archive_tag = Some(tag.into());
        self
    }

    /// The video resolution (default 640x480). Composed archives only.
    pub fn resolution(mut self, resolution: Resolution) -> StartArchive<'c, Composed>
    where
        S: AcceptsComposedOptions,
    {
        self.resolution = Some(resolution);
        self.into_state()
    }

    /// Sets the resolution if there is one: for a value read from configuration, typically inside
    /// [`if_composed`](Self::if_composed). Like every composed-only option, it makes the archive composed
    /// even when given `None`.
    pub fn maybe_resolution(mut self, resolution: Option<Resolution>) -> StartArchive<'c, Composed>
    where
        S: AcceptsComposedOptions,
    {
        self.resolution = resolution;
        self.into_state()
    }

    /// The layout (default best fit). Composed archives only.
    pub fn layout(mut self, layout: Layout) -> StartArchive<'c, Composed>
    where
        S: AcceptsComposedOptions,
    {
        self.layout = Some(layout);
        self.into_state()
    }

    /// Sets the layout if there is one: for a value read from configuration, typically inside
    /// [`if_composed`](Self::if_composed). Like every composed-only option, it makes the archive composed
    /// even when given `None`.
    pub fn maybe_layout(mut self, layout: Option<Layout>) -> StartArchive<'c, Composed>
    where
        S: AcceptsComposedOptions,
    {
        self.layout = layout;
        self.into_state()
    }

    /// Caps the video bitrate, 100 000 to 6 000 000 bits per second. Composed archives only, and not with
    /// [`quantization_parameter`](Self::quantization_parameter).
    pub fn max_bitrate(mut self, bits_per_second: u32) -> StartArchive<'c, Composed>
    where
        S: AcceptsComposedOptions,
    {
        self.set_quality(VideoQuality::MaxBitrate(bits_per_second));
        self.into_state()
    }

    /// Variable-bitrate quality, 15 (best) to 40. Composed archives only, and not with
    /// [`max_bitrate`](Self::max_bitrate).
    pub fn quantization_parameter(mut self, qp: u8) -> StartArchive<'c, Composed>
    where
        S: AcceptsComposedOptions,
    {
        self.set_quality(VideoQuality::QuantizationParameter(qp));
        self.into_state()
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
        let output_mode = match &self.output_mode {
            OutputMode::Composed => None,
            OutputMode::Individual => Some("individual".to_owned()),
            OutputMode::Unknown(other) => {
                return Err(Error::invalid("output_mode", format!("must be composed or individual, not {other:?}")))
            }
        };
        composition::check_audio_or_video(self.has_audio, self.has_video)?;
        if self.quality_conflict {
            return Err(Error::invalid(
                "max_bitrate",
                "max_bitrate and quantization_parameter exclude each other: set only one",
            ));
        }
        let (mut max_bitrate, mut qp) = (None, None);
        match self.quality {
            Some(VideoQuality::QuantizationParameter(q)) if !(15..=40).contains(&q) => {
                return Err(Error::invalid("quantization_parameter", format!("must be 15 to 40, got {q}")))
            }
            Some(VideoQuality::MaxBitrate(b)) => max_bitrate = Some(composition::check_max_bitrate(b)?),
            Some(VideoQuality::QuantizationParameter(q)) => qp = Some(i64::from(q)),
            None => {}
        }
        composition::check_tag("multi_archive_tag", self.multi_archive_tag.as_deref())?;
        if self.transcription.is_some() && self.has_audio == Some(false) {
            return Err(Error::invalid(
                "transcription",
                "needs the archive's audio: leave out `.has_audio(false)` or the transcription",
            ));
        }
        let transcription = self.transcription.as_ref().map(TranscriptionProperties::to_raw).transpose()?;
        Ok(raw::types::StartArchive {
            session_id: self.session_id.to_string(),
            name: self.name.clone(),
            has_audio: self.has_audio,
            has_video: self.has_video,
            output_mode,
            stream_mode: composition::stream_mode_wire(self.stream_mode.as_ref())?,
            resolution: self.resolution.map(|r| r.as_str().to_owned()),
            layout: self.layout.as_ref().map(|l| l.to_raw("layout")).transpose()?,
            multi_archive_tag: self.multi_archive_tag.clone(),
            max_bitrate,
            quantization_parameter: qp,
            has_transcription: transcription.is_some().then_some(true),
            transcription_properties: transcription,
        })
    }

    /// Checks the options and starts the archive.
    ///
    /// Sends `POST /v2/project/{apiKey}/archive` with `{"sessionId", "name"?, "hasAudio"?, "hasVideo"?,
    /// "outputMode"?, "streamMode"?, "resolution"?, "layout"?, "multiArchiveTag"?, "maxBitrate"?,
    /// "quantizationParameter"?, "hasTranscription"?, "transcriptionProperties"?}`; options not set are left out (`outputMode` is sent only for individual
    /// archives).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] before sending: audio and video both off, both quality options, bitrate
    /// or quantization out of range, empty custom stylesheet or tag, an unknown output or stream mode, a
    /// transcription without audio or with a malformed language code.
    /// [`Error::Api`]: 404 unknown session or no client connected, 409 relayed session or already recording
    /// without a distinct tag.
    pub async fn send(self) -> Result<Archive> {
        let body = self.body()?;
        let raw = self.client.raw().start_archive().api_key(self.client.account_id()).body(body);
        self.client.call(raw.send()).await.and_then(Archive::from_object)
    }
}

impl<'c, S: OutputState> StartArchive<'c, S> {
    /// Asks for a post-call transcription of each stream's audio (with an AI summary if
    /// [`has_summary`](TranscriptionProperties::has_summary)). Individual archives only, and only with
    /// audio: `.has_audio(false)` with a transcription is refused before sending. Sent as
    /// `"hasTranscription": true, "transcriptionProperties": {"primaryLanguageCode", "hasSummary"}`.
    ///
    /// ```no_run
    /// # async fn f(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// use opentok_sdk::{archive::TranscriptionProperties, captions::LanguageCode};
    ///
    /// let archive = ot
    ///     .start_archive(&session_id)
    ///     .individual()
    ///     .transcription(TranscriptionProperties::builder().primary_language_code(LanguageCode::EN_US).build())
    ///     .send()
    ///     .await?;
    /// # let _ = archive; Ok(()) }
    /// ```
    pub fn transcription(mut self, properties: TranscriptionProperties) -> Self
    where
        S: AcceptsTranscription,
    {
        self.transcription = Some(properties);
        self
    }

    /// Applies composed-only options when the mode given to [`output_mode`](Self::output_mode) is
    /// [`OutputMode::Composed`], and does nothing otherwise: they never reach an individual archive.
    ///
    /// ```no_run
    /// # async fn f(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// use opentok_sdk::archive::{OutputMode, Resolution};
    /// # let (mode, resolution): (OutputMode, Option<Resolution>) = (OutputMode::Composed, None);
    /// // `mode` and `resolution` come from a configuration file.
    /// let archive = ot
    ///     .start_archive(&session_id)
    ///     .output_mode(mode)
    ///     .if_composed(|archive| archive.maybe_resolution(resolution).max_bitrate(2_000_000))
    ///     .send()
    ///     .await?;
    /// # let _ = archive; Ok(()) }
    /// ```
    pub fn if_composed(self, options: impl FnOnce(StartArchive<'c, Composed>) -> StartArchive<'c, Composed>) -> Self
    where
        S: ModeChosenAtRunTime,
    {
        match self.output_mode {
            OutputMode::Composed => options(self.into_state()).into_state(),
            _ => self,
        }
    }
}

impl<S: OutputState> fmt::Debug for StartArchive<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StartArchive")
            .field("output_mode", &self.output_mode)
            .field("session_id", &self.session_id)
            .field("name", &self.name)
            .field("has_audio", &self.has_audio)
            .field("has_video", &self.has_video)
            .field("stream_mode", &self.stream_mode)
            .field("multi_archive_tag", &self.multi_archive_tag)
            .field("resolution", &self.resolution)
            .field("layout", &self.layout)
            .field("quality", &self.quality)
            .field("transcription", &self.transcription)
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
        assert_eq!(body(ot.start_archive(&sid).composed()).unwrap(), json!({"sessionId": "2_MX4x"}));
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
    fn a_mode_chosen_at_run_time_gets_composed_options_only_when_composed() {
        let ot = OpenTok::new("1", "secret").unwrap();
        let sid = SessionId::from("2_MX4x");
        let start = |mode: OutputMode| {
            ot.start_archive(&sid)
                .name("n")
                .output_mode(mode)
                .if_composed(|a| a.resolution(Resolution::Hd720Landscape).layout(Layout::Pip).max_bitrate(500_000))
                .has_video(true)
        };
        assert_eq!(
            body(start(OutputMode::Composed)).unwrap(),
            json!({"sessionId": "2_MX4x", "name": "n", "hasVideo": true, "resolution": "1280x720",
                "layout": {"type": "pip"}, "maxBitrate": 500000})
        );
        assert_eq!(
            body(start(OutputMode::Individual)).unwrap(),
            json!({"sessionId": "2_MX4x", "name": "n", "hasVideo": true, "outputMode": "individual"})
        );
        // The same body as the compile-time route for each mode.
        assert_eq!(
            body(start(OutputMode::Individual)).unwrap(),
            body(ot.start_archive(&sid).name("n").individual().has_video(true)).unwrap()
        );
        match body(start(OutputMode::Unknown("hybrid".into()))) {
            Err(Error::InvalidArgument { field: "output_mode", reason }) => assert!(reason.contains("hybrid")),
            other => panic!("{other:?}"),
        }
        let from_config = |mode: OutputMode, resolution: Option<Resolution>, layout: Option<Layout>| {
            body(
                ot.start_archive(&sid)
                    .output_mode(mode)
                    .if_composed(|a| a.maybe_resolution(resolution).maybe_layout(layout)),
            )
            .unwrap()
        };
        assert_eq!(from_config(OutputMode::Composed, None, None), json!({"sessionId": "2_MX4x"}));
        assert_eq!(
            from_config(OutputMode::Composed, Some(Resolution::Sd480Portrait), Some(Layout::BestFit)),
            json!({"sessionId": "2_MX4x", "resolution": "480x640", "layout": {"type": "bestFit"}})
        );
        assert_eq!(
            from_config(OutputMode::Individual, Some(Resolution::Sd480Portrait), Some(Layout::BestFit)),
            json!({"sessionId": "2_MX4x", "outputMode": "individual"})
        );
        // Checks inside `if_composed` still run.
        let bad = ot.start_archive(&sid).output_mode(OutputMode::Composed).if_composed(|a| a.max_bitrate(1));
        assert!(matches!(body(bad), Err(Error::InvalidArgument { field: "max_bitrate", .. })));
    }

    #[test]
    fn invalid_values_name_the_field() {
        let ot = OpenTok::new("1", "secret").unwrap();
        let sid = SessionId::from("2_MX4x");
        let field = |r: Result<serde_json::Value>| match r {
            Err(Error::InvalidArgument { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(body(ot.start_archive(&sid).has_audio(false).has_video(false))), "has_video");
        assert_eq!(field(body(ot.start_archive(&sid).individual().has_audio(false).has_video(false))), "has_video");
        assert_eq!(field(body(ot.start_archive(&sid).max_bitrate(200_000).quantization_parameter(20))), "max_bitrate");
        assert_eq!(field(body(ot.start_archive(&sid).max_bitrate(99_999))), "max_bitrate");
        assert_eq!(field(body(ot.start_archive(&sid).max_bitrate(6_000_001))), "max_bitrate");
        assert_eq!(field(body(ot.start_archive(&sid).quantization_parameter(14))), "quantization_parameter");
        assert_eq!(field(body(ot.start_archive(&sid).quantization_parameter(41))), "quantization_parameter");
        assert_eq!(field(body(ot.start_archive(&sid).layout(Layout::Custom(String::new())))), "layout");
        assert_eq!(field(body(ot.start_archive(&sid).multi_archive_tag(""))), "multi_archive_tag");
        assert_eq!(field(body(ot.start_archive(&sid).stream_mode(StreamMode::Unknown("x".into())))), "stream_mode");
        assert_eq!(field(body(ot.start_archive(&SessionId::from("")).individual())), "session_id");
        assert!(body(ot.start_archive(&sid).max_bitrate(100_000)).is_ok());
        assert!(body(ot.start_archive(&sid).max_bitrate(300_000).max_bitrate(6_000_000)).is_ok());
    }

    #[test]
    fn transcription_on_individual_archives_with_audio() {
        use crate::captions::LanguageCode;
        let ot = OpenTok::new("1", "secret").unwrap();
        let sid = SessionId::from("2_MX4x");
        let props = |code: &str, summary: bool| {
            TranscriptionProperties::builder().primary_language_code(code).has_summary(summary).build()
        };
        assert_eq!(
            body(ot.start_archive(&sid).individual().transcription(props("ja-JP", true))).unwrap(),
            json!({"sessionId": "2_MX4x", "outputMode": "individual", "hasTranscription": true,
                "transcriptionProperties": {"primaryLanguageCode": "ja-JP", "hasSummary": true}})
        );
        let default_summary = TranscriptionProperties::builder().primary_language_code(LanguageCode::EN_US).build();
        assert_eq!(
            body(ot.start_archive(&sid).individual().has_audio(true).transcription(default_summary)).unwrap()
                ["transcriptionProperties"],
            json!({"primaryLanguageCode": "en-US", "hasSummary": false})
        );
        let field = |r: Result<serde_json::Value>| match r {
            Err(Error::InvalidArgument { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        // Audio off, in either order.
        assert_eq!(
            field(body(ot.start_archive(&sid).individual().has_audio(false).transcription(props("en-US", false)))),
            "transcription"
        );
        assert_eq!(
            field(body(ot.start_archive(&sid).individual().transcription(props("en-US", false)).has_audio(false))),
            "transcription"
        );
        assert_eq!(
            field(body(ot.start_archive(&sid).individual().transcription(props("english", false)))),
            "primary_language_code"
        );
    }

    #[test]
    fn debug_names_the_output_mode() {
        let ot = OpenTok::new("1", "secret").unwrap();
        let sid = SessionId::from("2_MX4x");
        assert!(format!("{:?}", ot.start_archive(&sid).individual()).contains("output_mode: Individual"));
        assert!(format!("{:?}", ot.start_archive(&sid)).contains("output_mode: Composed"));
    }

    proptest::proptest! {
        /// Any language code, summary flag and audio setting: `body` never panics, sends the transcription
        /// exactly when the code has the `ll-RR` shape and audio is not off, and sends it as given.
        #[test]
        fn transcription_accepts_exactly_the_valid_inputs(
            code in "[a-zA-Z0-9-]{0,7}",
            summary in proptest::bool::ANY,
            audio in proptest::option::of(proptest::bool::ANY),
        ) {
            let ot = OpenTok::new("1", "secret").unwrap();
            let sid = SessionId::from("2_MX4x");
            let props = TranscriptionProperties::builder().primary_language_code(code.as_str()).has_summary(summary).build();
            let mut b = ot.start_archive(&sid).individual().transcription(props);
            if let Some(audio) = audio {
                b = b.has_audio(audio);
            }
            let valid = crate::captions::LanguageCode::new(code.as_str()).check("x").is_ok() && audio != Some(false);
            match body(b) {
                Ok(json) => {
                    proptest::prop_assert!(valid);
                    proptest::prop_assert_eq!(&json["hasTranscription"], &json!(true));
                    proptest::prop_assert_eq!(
                        &json["transcriptionProperties"],
                        &json!({"primaryLanguageCode": code, "hasSummary": summary})
                    );
                }
                Err(Error::InvalidArgument { .. }) => proptest::prop_assert!(!valid),
                Err(other) => proptest::prop_assert!(false, "{other}"),
            }
        }
    }
}
