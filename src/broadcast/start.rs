//! Starting a broadcast: its outputs checked by the type system, its values checked before sending.

use std::{fmt, marker::PhantomData, time::Duration};

use super::{Broadcast, HlsMode, RtmpTarget};
use crate::{
    composition::{self, Layout, Resolution, StreamMode},
    error::{Error, Result},
    ids::{check_id, SessionId},
    raw, OpenTok,
};

/// The most RTMP targets one broadcast streams to.
pub const MAX_RTMP_TARGETS: usize = 5;
/// The shortest maximum duration the platform accepts (one minute).
pub const MIN_MAX_DURATION: Duration = Duration::from_secs(60);
/// The longest maximum duration the platform accepts (ten hours).
pub const MAX_MAX_DURATION: Duration = Duration::from_secs(36_000);
pub use crate::composition::{MAX_MAX_BITRATE, MIN_MAX_BITRATE};

mod sealed {
    pub trait Sealed {}
}

/// A state of [`StartBroadcast`]: which outputs are chosen so far. Sealed: [`WantsOutput`], [`RtmpOnly`],
/// [`Hls`], [`HlsDvr`], [`HlsLowLatency`] and [`HlsChosenAtRunTime`] are the only ones.
pub trait BroadcastState: sealed::Sealed {
    /// The state after adding RTMP targets: [`RtmpOnly`] from [`WantsOutput`], the same state otherwise.
    type WithRtmp: BroadcastState;
}

/// The state [`OpenTok::start_broadcast`] returns: no output chosen, so no `.send()` yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct WantsOutput;

/// RTMP targets chosen, no HLS: can be sent, and HLS can still be added.
#[derive(Debug, Clone, Copy, Default)]
pub struct RtmpOnly;

/// Plain HLS chosen (and maybe RTMP targets).
#[derive(Debug, Clone, Copy, Default)]
pub struct Hls;

/// HLS with rewind (DVR) chosen (and maybe RTMP targets): low latency is no longer available.
#[derive(Debug, Clone, Copy, Default)]
pub struct HlsDvr;

/// Low-latency HLS chosen (and maybe RTMP targets): DVR is no longer available.
#[derive(Debug, Clone, Copy, Default)]
pub struct HlsLowLatency;

/// The kind of HLS was given as a value ([`StartBroadcast::hls_mode`], [`StartBroadcast::maybe_hls_mode`]),
/// so it is known only at run time.
#[derive(Debug, Clone, Copy, Default)]
pub struct HlsChosenAtRunTime;

impl sealed::Sealed for WantsOutput {}
impl sealed::Sealed for RtmpOnly {}
impl sealed::Sealed for Hls {}
impl sealed::Sealed for HlsDvr {}
impl sealed::Sealed for HlsLowLatency {}
impl sealed::Sealed for HlsChosenAtRunTime {}
impl BroadcastState for WantsOutput {
    type WithRtmp = RtmpOnly;
}
impl BroadcastState for RtmpOnly {
    type WithRtmp = RtmpOnly;
}
impl BroadcastState for Hls {
    type WithRtmp = Hls;
}
impl BroadcastState for HlsDvr {
    type WithRtmp = HlsDvr;
}
impl BroadcastState for HlsLowLatency {
    type WithRtmp = HlsLowLatency;
}
impl BroadcastState for HlsChosenAtRunTime {
    type WithRtmp = HlsChosenAtRunTime;
}

/// The states with an output, which can be sent: every state but [`WantsOutput`].
#[diagnostic::on_unimplemented(
    message = "a broadcast needs an output before `.send()`, and this builder is `StartBroadcast<{Self}>`",
    label = "no HLS output and no RTMP target chosen yet",
    note = "for HLS, call one of `.hls()`, `.hls_dvr()`, `.hls_low_latency()` or `.hls_mode(mode)` before `.send()`",
    note = "for an RTMP server, call `.rtmp(target)` (up to 5 times) or `.rtmp_targets(targets)` before `.send()`"
)]
pub trait HasOutput: BroadcastState {}
impl HasOutput for RtmpOnly {}
impl HasOutput for Hls {}
impl HasOutput for HlsDvr {}
impl HasOutput for HlsLowLatency {}
impl HasOutput for HlsChosenAtRunTime {}

/// The states in which the kind of HLS can still be chosen: [`WantsOutput`] and [`RtmpOnly`].
#[diagnostic::on_unimplemented(
    message = "HLS is already chosen for this broadcast, and this builder is `StartBroadcast<{Self}>`",
    label = "a broadcast has one HLS output: choose it once",
    note = "DVR and low latency exclude each other: keep one of `.hls_dvr()` and `.hls_low_latency()`",
    note = "plain HLS, DVR and low latency are one choice: call one of `.hls()`, `.hls_dvr()`, `.hls_low_latency()`, \
            or `.hls_mode(mode)` for a choice made at run time"
)]
pub trait HlsNotChosen: BroadcastState {}
impl HlsNotChosen for WantsOutput {}
impl HlsNotChosen for RtmpOnly {}

/// Builder for [`OpenTok::start_broadcast`].
///
/// How the states fit together:
///
/// 1. [`OpenTok::start_broadcast`] returns `StartBroadcast<WantsOutput>`, which has every option but no
///    [`send`](Self::send): a broadcast needs an output.
/// 2. HLS is one choice, made once: [`hls`](Self::hls) (plain), [`hls_dvr`](Self::hls_dvr) (with rewind),
///    [`hls_low_latency`](Self::hls_low_latency), or [`hls_mode`](Self::hls_mode) with an [`HlsMode`]
///    read from configuration ([`maybe_hls_mode`](Self::maybe_hls_mode) when HLS itself is optional there). After one of them the others do not exist, so DVR and low latency can
///    never be asked for together.
/// 3. [`rtmp`](Self::rtmp) adds an RTMP target (at most [`MAX_RTMP_TARGETS`]), in any state, before or
///    after HLS; [`rtmp_targets`](Self::rtmp_targets) adds a list of them.
/// 4. [`send`](Self::send) exists once an output is chosen. It checks the values the types cannot (the
///    ranges, the RTMP URLs, at most five targets) and fails with [`Error::InvalidArgument`] naming the
///    field and the rule, before anything is sent.
///
/// ```text
/// start_broadcast(..)   StartBroadcast<WantsOutput>    options, no .send()
///   .rtmp(t)            StartBroadcast<RtmpOnly>       options, .rtmp(t), HLS choices, .send()
///   .hls()              StartBroadcast<Hls>            options, .rtmp(t), .send()
///   .hls_dvr()          StartBroadcast<HlsDvr>         options, .rtmp(t), .send()
///   .hls_low_latency()  StartBroadcast<HlsLowLatency>  options, .rtmp(t), .send()
///   .hls_mode(m)        StartBroadcast<HlsChosenAtRunTime>  options, .rtmp(t), .send()
/// ```
///
/// To share options between builders of any state, write a function generic over the state:
///
/// ```no_run
/// # async fn f(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
/// use std::time::Duration;
/// use opentok_sdk::broadcast::{BroadcastState, StartBroadcast};
///
/// fn short_hd<S: BroadcastState>(broadcast: StartBroadcast<'_, S>) -> StartBroadcast<'_, S> {
///     broadcast.resolution(opentok_sdk::archive::Resolution::Hd720Landscape).max_duration(Duration::from_secs(600))
/// }
/// let broadcast = short_hd(ot.start_broadcast(&session_id).hls_low_latency()).send().await?;
/// # let _ = broadcast; Ok(()) }
/// ```
#[must_use = "choose an output, then call .send().await"]
pub struct StartBroadcast<'c, S: BroadcastState = WantsOutput> {
    client: &'c OpenTok,
    session_id: SessionId,
    hls: Option<HlsMode>,
    rtmp: Vec<RtmpTarget>,
    layout: Option<Layout>,
    max_duration: Option<Duration>,
    max_bitrate: Option<u32>,
    resolution: Option<Resolution>,
    stream_mode: Option<StreamMode>,
    multi_broadcast_tag: Option<String>,
    has_audio: Option<bool>,
    has_video: Option<bool>,
    state: PhantomData<S>,
}

impl OpenTok {
    /// Starts building a broadcast: a live stream of a routed session with at least one connected client,
    /// to HLS viewers and/or RTMP servers (YouTube, Twitch, a CDN). Choose at least one output, then
    /// [`StartBroadcast::send`]; see [`StartBroadcast`] for the states.
    ///
    /// Finish with [`StartBroadcast::send`], which sends `POST /v2/project/{apiKey}/broadcast`.
    ///
    /// ```no_run
    /// # async fn f(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// use std::time::Duration;
    /// use opentok_sdk::{archive::{Layout, Resolution}, broadcast::{HlsMode, RtmpTarget}};
    ///
    /// let youtube = RtmpTarget::builder()
    ///     .server_url("rtmps://a.rtmps.youtube.com/live2")
    ///     .stream_name("xxxx-xxxx-xxxx-xxxx")
    ///     .id("youtube")
    ///     .build();
    /// let broadcast = ot
    ///     .start_broadcast(&session_id)
    ///     .hls_dvr()
    ///     .rtmp(youtube)
    ///     .layout(Layout::BestFit)
    ///     .resolution(Resolution::Hd720Landscape)
    ///     .max_duration(Duration::from_secs(2 * 3600))
    ///     .send()
    ///     .await?;
    /// println!("watch at {:?}", broadcast.hls_url());
    ///
    /// // The kind of HLS from configuration.
    /// let mode: HlsMode = "lowLatency".parse().expect("a known HLS mode");
    /// let configured = ot.start_broadcast(&session_id).hls_mode(mode).multi_broadcast_tag("backup").send().await?;
    /// # let _ = configured; Ok(()) }
    /// ```
    pub fn start_broadcast(&self, session_id: &SessionId) -> StartBroadcast<'_, WantsOutput> {
        StartBroadcast {
            client: self,
            session_id: session_id.clone(),
            hls: None,
            rtmp: Vec::new(),
            layout: None,
            max_duration: None,
            max_bitrate: None,
            resolution: None,
            stream_mode: None,
            multi_broadcast_tag: None,
            has_audio: None,
            has_video: None,
            state: PhantomData,
        }
    }
}

impl<'c, S: BroadcastState> StartBroadcast<'c, S> {
    fn into_state<T: BroadcastState>(self) -> StartBroadcast<'c, T> {
        StartBroadcast {
            client: self.client,
            session_id: self.session_id,
            hls: self.hls,
            rtmp: self.rtmp,
            layout: self.layout,
            max_duration: self.max_duration,
            max_bitrate: self.max_bitrate,
            resolution: self.resolution,
            stream_mode: self.stream_mode,
            multi_broadcast_tag: self.multi_broadcast_tag,
            has_audio: self.has_audio,
            has_video: self.has_video,
            state: PhantomData,
        }
    }

    /// Streams plain HLS (`"hls": {}`).
    pub fn hls(mut self) -> StartBroadcast<'c, Hls>
    where
        S: HlsNotChosen,
    {
        self.hls = Some(HlsMode::Plain);
        self.into_state()
    }

    /// Streams HLS with rewind (DVR): viewers can go up to two hours back. Not with low latency.
    pub fn hls_dvr(mut self) -> StartBroadcast<'c, HlsDvr>
    where
        S: HlsNotChosen,
    {
        self.hls = Some(HlsMode::Dvr);
        self.into_state()
    }

    /// Streams low-latency HLS. Not with DVR.
    pub fn hls_low_latency(mut self) -> StartBroadcast<'c, HlsLowLatency>
    where
        S: HlsNotChosen,
    {
        self.hls = Some(HlsMode::LowLatency);
        self.into_state()
    }

    /// Streams HLS of the kind given as a value, for a choice read from configuration or a web form.
    pub fn hls_mode(mut self, mode: HlsMode) -> StartBroadcast<'c, HlsChosenAtRunTime>
    where
        S: HlsNotChosen,
    {
        self.hls = Some(mode);
        self.into_state()
    }

    /// Streams HLS of the kind given, or no HLS for `None`: for configuration where HLS is optional. With
    /// `None` and no RTMP target, [`send`](Self::send) refuses the broadcast (`outputs`) before sending.
    pub fn maybe_hls_mode(mut self, mode: Option<HlsMode>) -> StartBroadcast<'c, HlsChosenAtRunTime>
    where
        S: HlsNotChosen,
    {
        self.hls = mode;
        self.into_state()
    }

    /// Adds an RTMP target. At most [`MAX_RTMP_TARGETS`] (5): [`send`](Self::send) refuses a sixth.
    pub fn rtmp(mut self, target: RtmpTarget) -> StartBroadcast<'c, S::WithRtmp> {
        self.rtmp.push(target);
        self.into_state()
    }

    /// Adds RTMP targets from a list (read from configuration, say). [`send`](Self::send) refuses more
    /// than [`MAX_RTMP_TARGETS`] in all, and an empty list when there is no HLS either.
    pub fn rtmp_targets(mut self, targets: impl IntoIterator<Item = RtmpTarget>) -> StartBroadcast<'c, S::WithRtmp> {
        self.rtmp.extend(targets);
        self.into_state()
    }

    /// The layout (default best fit); the same layouts and rules as archives.
    pub fn layout(mut self, layout: Layout) -> Self {
        self.layout = Some(layout);
        self
    }

    /// Sets the layout if there is one (for a value read from configuration).
    pub fn maybe_layout(mut self, layout: Option<Layout>) -> Self {
        self.layout = layout;
        self
    }

    /// The video resolution (default 640x480).
    pub fn resolution(mut self, resolution: Resolution) -> Self {
        self.resolution = Some(resolution);
        self
    }

    /// Sets the resolution if there is one (for a value read from configuration).
    pub fn maybe_resolution(mut self, resolution: Option<Resolution>) -> Self {
        self.resolution = resolution;
        self
    }

    /// Stops the broadcast after this long: whole seconds, 60 to 36 000 (the platform's default is four
    /// hours). Left out of the request unless set.
    pub fn max_duration(mut self, max_duration: Duration) -> Self {
        self.max_duration = Some(max_duration);
        self
    }

    /// Caps the video bitrate, 100 000 to 6 000 000 bits per second.
    pub fn max_bitrate(mut self, bits_per_second: u32) -> Self {
        self.max_bitrate = Some(bits_per_second);
        self
    }

    /// A tag that lets this broadcast run while the session is already broadcast; it must differ from the
    /// tags of the session's other running broadcasts.
    pub fn multi_broadcast_tag(mut self, tag: impl Into<String>) -> Self {
        self.multi_broadcast_tag = Some(tag.into());
        self
    }

    composition::media_setters!("broadcast", "OpenTok::add_broadcast_stream");

    /// Checks the options and starts the broadcast.
    ///
    /// Sends `POST /v2/project/{apiKey}/broadcast` with `{"sessionId", "outputs": {"hls"?: {"dvr"?,
    /// "lowLatency"?}, "rtmp"?: [{"id"?, "serverUrl", "streamName"}]}, "layout"?, "maxDuration"?,
    /// "maxBitrate"?, "resolution"?, "streamMode"?, "multiBroadcastTag"?, "hasAudio"?, "hasVideo"?}`;
    /// options not set are left out.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] before sending, naming the field: `outputs` (an empty RTMP list and no
    /// HLS), `rtmp` (more than five targets), `rtmp.server_url` (not `rtmp://` or `rtmps://` with a host),
    /// `rtmp.stream_name` and `rtmp.id` (empty), `max_duration` (not whole seconds from 60 to 36 000),
    /// `max_bitrate` (not 100 000 to 6 000 000), `has_video` (audio and video both off), `layout` (an empty
    /// custom stylesheet), `multi_broadcast_tag` (empty), `stream_mode` (unknown), `session_id` (empty).
    /// [`Error::Api`]: 404 unknown session or no client connected, 409 relayed session or a broadcast
    /// already running without a distinct tag, 400 for what the platform refuses.
    // Not an `async fn`, and a future whose type does not name `S`: otherwise the bound is reported
    // three times for one missing output (the call, the call expression and its `.await`). The box costs
    // one allocation per broadcast started.
    pub fn send(self) -> futures_util::future::BoxFuture<'c, Result<Broadcast>>
    where
        S: HasOutput,
    {
        let (client, body) = (self.client, self.body());
        Box::pin(async move {
            let raw = client.raw().start_broadcast().api_key(client.account_id()).body(body?);
            client.call(raw.send()).await.and_then(Broadcast::from_object)
        })
    }

    /// The request body, after every check that does not need the platform.
    pub(crate) fn body(&self) -> Result<raw::types::StartBroadcast> {
        check_id("session_id", self.session_id.as_str())?;
        if self.hls.is_none() && self.rtmp.is_empty() {
            return Err(Error::invalid("outputs", "a broadcast needs HLS or at least one RTMP target"));
        }
        if self.rtmp.len() > MAX_RTMP_TARGETS {
            return Err(Error::invalid(
                "rtmp",
                format!("at most {MAX_RTMP_TARGETS} RTMP targets per broadcast, got {}", self.rtmp.len()),
            ));
        }
        let rtmp = self.rtmp.iter().enumerate().map(|(i, t)| rtmp_target(i, t)).collect::<Result<Vec<_>>>()?;
        let max_duration = self.max_duration.map(check_max_duration).transpose()?;
        let max_bitrate = self.max_bitrate.map(composition::check_max_bitrate).transpose()?;
        composition::check_audio_or_video(self.has_audio, self.has_video)?;
        composition::check_tag("multi_broadcast_tag", self.multi_broadcast_tag.as_deref())?;
        let stream_mode = composition::stream_mode_wire(self.stream_mode.as_ref())?;
        let hls = self.hls.map(|mode| raw::types::HlsOptions {
            dvr: (mode == HlsMode::Dvr).then_some(true),
            low_latency: (mode == HlsMode::LowLatency).then_some(true),
        });
        Ok(raw::types::StartBroadcast {
            session_id: self.session_id.to_string(),
            outputs: raw::types::BroadcastOutputs { hls, rtmp },
            layout: self.layout.as_ref().map(|l| l.to_raw("layout")).transpose()?,
            max_duration,
            max_bitrate,
            resolution: self.resolution.map(|r| r.as_str().to_owned()),
            stream_mode,
            multi_broadcast_tag: self.multi_broadcast_tag.clone(),
            has_audio: self.has_audio,
            has_video: self.has_video,
        })
    }
}

/// Checks one RTMP target (the `index`-th) and writes its request form. Errors never include the stream
/// name (a credential) nor the URL (which may embed one).
fn rtmp_target(index: usize, target: &RtmpTarget) -> Result<raw::types::RtmpTarget> {
    let url = target.server_url.as_str();
    let scheme_end = url.find("://");
    let scheme = scheme_end.map(|at| &url[..at]);
    if !scheme.is_some_and(|s| s.eq_ignore_ascii_case("rtmp") || s.eq_ignore_ascii_case("rtmps")) {
        return Err(Error::invalid(
            "rtmp.server_url",
            format!("target {index}: the server URL must start with rtmp:// or rtmps://"),
        ));
    }
    let rest = scheme_end.map_or("", |at| &url[at + 3..]);
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || url.chars().any(char::is_whitespace) {
        return Err(Error::invalid(
            "rtmp.server_url",
            format!("target {index}: the server URL needs a host after the scheme, and no spaces"),
        ));
    }
    if target.stream_name.expose().trim().is_empty() {
        return Err(Error::invalid("rtmp.stream_name", format!("target {index}: must not be empty")));
    }
    if target.id.as_deref().is_some_and(|id| id.trim().is_empty()) {
        return Err(Error::invalid("rtmp.id", format!("target {index}: must not be empty when given")));
    }
    Ok(raw::types::RtmpTarget {
        id: target.id.clone(),
        server_url: target.server_url.clone(),
        stream_name: target.stream_name.expose().to_owned(),
    })
}

/// The maximum duration as whole seconds in the platform's range.
fn check_max_duration(duration: Duration) -> Result<i64> {
    let range = format!("must be whole seconds from {} to {}", MIN_MAX_DURATION.as_secs(), MAX_MAX_DURATION.as_secs());
    if duration.subsec_nanos() != 0 || !(MIN_MAX_DURATION..=MAX_MAX_DURATION).contains(&duration) {
        return Err(Error::invalid("max_duration", format!("{range}, got {duration:?}")));
    }
    i64::try_from(duration.as_secs()).map_err(|_| Error::invalid("max_duration", range))
}

impl<S: BroadcastState> fmt::Debug for StartBroadcast<'_, S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StartBroadcast")
            .field("session_id", &self.session_id)
            .field("hls", &self.hls)
            .field("rtmp", &self.rtmp)
            .field("layout", &self.layout)
            .field("max_duration", &self.max_duration)
            .field("max_bitrate", &self.max_bitrate)
            .field("resolution", &self.resolution)
            .field("stream_mode", &self.stream_mode)
            .field("multi_broadcast_tag", &self.multi_broadcast_tag)
            .field("has_audio", &self.has_audio)
            .field("has_video", &self.has_video)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::composition::ScreenshareLayout;

    fn body<S: BroadcastState>(b: StartBroadcast<'_, S>) -> Result<serde_json::Value> {
        b.body().map(|b| serde_json::to_value(b).unwrap())
    }

    fn field(r: Result<serde_json::Value>) -> &'static str {
        match r {
            Err(Error::InvalidArgument { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    fn target(url: &str) -> RtmpTarget {
        RtmpTarget::builder().server_url(url).stream_name("key").build()
    }

    #[test]
    fn bodies_match_the_platform_fields() {
        let ot = OpenTok::new("1", "secret").unwrap();
        let sid = SessionId::from("2_MX4x");
        assert_eq!(
            body(ot.start_broadcast(&sid).hls()).unwrap(),
            json!({"sessionId": "2_MX4x", "outputs": {"hls": {}}})
        );
        assert_eq!(
            body(ot.start_broadcast(&sid).hls_dvr()).unwrap(),
            json!({"sessionId": "2_MX4x", "outputs": {"hls": {"dvr": true}}})
        );
        assert_eq!(
            body(ot.start_broadcast(&sid).hls_low_latency()).unwrap(),
            json!({"sessionId": "2_MX4x", "outputs": {"hls": {"lowLatency": true}}})
        );
        let full = ot
            .start_broadcast(&sid)
            .rtmp(RtmpTarget::builder().server_url("rtmp://x.example/live").stream_name("k1").id("a").build())
            .layout(Layout::BestFitWithScreenshare(ScreenshareLayout::Pip))
            .hls()
            .rtmp(target("rtmps://y.example/app"))
            .max_duration(Duration::from_secs(5400))
            .max_bitrate(2_000_000)
            .resolution(Resolution::Fhd1080Portrait)
            .stream_mode(StreamMode::Manual)
            .multi_broadcast_tag("t")
            .has_audio(true)
            .has_video(false);
        assert_eq!(
            body(full).unwrap(),
            json!({"sessionId": "2_MX4x", "outputs": {"hls": {}, "rtmp": [
                    {"id": "a", "serverUrl": "rtmp://x.example/live", "streamName": "k1"},
                    {"serverUrl": "rtmps://y.example/app", "streamName": "key"}]},
                "layout": {"type": "bestFit", "screenshareType": "pip"}, "maxDuration": 5400, "maxBitrate": 2000000,
                "resolution": "1080x1920", "streamMode": "manual", "multiBroadcastTag": "t", "hasAudio": true,
                "hasVideo": false})
        );
        assert_eq!(
            body(ot.start_broadcast(&sid).rtmp_targets([target("rtmp://h/a")])).unwrap(),
            json!({"sessionId": "2_MX4x", "outputs": {"rtmp": [{"serverUrl": "rtmp://h/a", "streamName": "key"}]}})
        );
    }

    #[test]
    fn hls_mode_from_a_value_is_the_same_as_the_method() {
        let ot = OpenTok::new("1", "secret").unwrap();
        let sid = SessionId::from("2_MX4x");
        assert_eq!(
            body(ot.start_broadcast(&sid).hls_mode(HlsMode::Plain)).unwrap(),
            body(ot.start_broadcast(&sid).hls()).unwrap()
        );
        assert_eq!(
            body(ot.start_broadcast(&sid).hls_mode(HlsMode::Dvr)).unwrap(),
            body(ot.start_broadcast(&sid).hls_dvr()).unwrap()
        );
        assert_eq!(
            body(ot.start_broadcast(&sid).hls_mode("LOWLATENCY".parse().unwrap())).unwrap(),
            body(ot.start_broadcast(&sid).hls_low_latency()).unwrap()
        );
        assert_eq!(
            body(ot.start_broadcast(&sid).maybe_hls_mode(Some(HlsMode::Dvr))).unwrap(),
            body(ot.start_broadcast(&sid).hls_dvr()).unwrap()
        );
        let target = RtmpTarget::builder().server_url("rtmp://h/a").stream_name("k").build();
        assert_eq!(
            body(ot.start_broadcast(&sid).maybe_hls_mode(None).rtmp(target.clone())).unwrap(),
            body(ot.start_broadcast(&sid).rtmp(target)).unwrap()
        );
        assert_eq!(field(body(ot.start_broadcast(&sid).maybe_hls_mode(None))), "outputs");
    }

    #[test]
    fn invalid_values_name_the_field_and_the_rule() {
        let ot = OpenTok::new("1", "secret").unwrap();
        let sid = SessionId::from("2_MX4x");
        let hls = || ot.start_broadcast(&sid).hls();
        assert_eq!(field(body(ot.start_broadcast(&sid).rtmp_targets([]))), "outputs");
        let six = ot.start_broadcast(&sid).rtmp_targets((0..6).map(|i| target(&format!("rtmp://h{i}/a"))));
        match body(six) {
            Err(Error::InvalidArgument { field: "rtmp", reason }) => assert!(reason.contains("at most 5"), "{reason}"),
            other => panic!("{other:?}"),
        }
        assert!(body(ot.start_broadcast(&sid).rtmp_targets((0..5).map(|i| target(&format!("rtmp://h{i}/a"))))).is_ok());
        for bad in ["http://h/a", "rtmp:/h", "rtmp://", "rtmp:///app", "h/a", "", "rtmp://h/a b", " rtmp://h/a"] {
            assert_eq!(field(body(hls().rtmp(target(bad)))), "rtmp.server_url", "{bad:?}");
        }
        for good in ["rtmp://h", "RTMPS://h.example:443/live2", "rtmp://10.0.0.1/app?x=1"] {
            assert!(body(hls().rtmp(target(good))).is_ok(), "{good:?}");
        }
        let nameless = RtmpTarget::builder().server_url("rtmp://h/a").stream_name(" ").build();
        assert_eq!(field(body(hls().rtmp(nameless))), "rtmp.stream_name");
        let idless = RtmpTarget::builder().server_url("rtmp://h/a").stream_name("k").id("").build();
        assert_eq!(field(body(hls().rtmp(idless))), "rtmp.id");
        match body(hls().max_duration(Duration::from_secs(59))) {
            Err(Error::InvalidArgument { field: "max_duration", reason }) => {
                assert!(reason.contains("60 to 36000"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(field(body(hls().max_duration(Duration::from_secs(36_001)))), "max_duration");
        assert_eq!(field(body(hls().max_duration(Duration::from_millis(60_500)))), "max_duration");
        assert!(body(hls().max_duration(Duration::from_secs(60))).is_ok());
        assert!(body(hls().max_duration(Duration::from_secs(36_000))).is_ok());
        match body(hls().max_bitrate(99_999)) {
            Err(Error::InvalidArgument { field: "max_bitrate", reason }) => {
                assert!(reason.contains("100000 to 6000000"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(field(body(hls().max_bitrate(6_000_001))), "max_bitrate");
        assert!(body(hls().max_bitrate(100_000)).is_ok() && body(hls().max_bitrate(6_000_000)).is_ok());
        assert_eq!(field(body(hls().has_audio(false).has_video(false))), "has_video");
        assert_eq!(field(body(hls().layout(Layout::Custom(" ".into())))), "layout");
        assert_eq!(field(body(hls().multi_broadcast_tag(""))), "multi_broadcast_tag");
        assert_eq!(field(body(hls().stream_mode(StreamMode::Unknown("x".into())))), "stream_mode");
        assert_eq!(field(body(ot.start_broadcast(&SessionId::from("")).hls())), "session_id");
    }

    #[test]
    fn errors_and_debug_keep_the_stream_name_out() {
        let ot = OpenTok::new("1", "secret").unwrap();
        let sid = SessionId::from("2_MX4x");
        let secret = RtmpTarget::builder().server_url("ftp://h/a").stream_name("very-secret-key").build();
        let builder = ot.start_broadcast(&sid).rtmp(secret);
        assert!(!format!("{builder:?}").contains("very-secret-key"));
        let err = builder.body().unwrap_err().to_string();
        assert!(!err.contains("very-secret-key") && !err.contains("ftp://h/a"), "{err}");
    }
}
