//! Experience Composer: a headless browser that joins a routed session, renders a web page, and
//! publishes it as a stream.
//!
//! [`OpenTok::start_render`] starts one ([`Render`] in status `starting`); [`OpenTok::get_render`],
//! [`OpenTok::list_renders`] (one page, or every render as an owned stream) and [`OpenTok::stop_render`]
//! follow it through `started` to `stopped` (or `failed`).
//!
//! Errors keep the platform's codes, in [`ApiError::code`](crate::ApiError::code): 400 with 50001 (invalid
//! URL), 50002 (URL unreachable), 50005 (invalid max duration), 50006 (invalid resolution), 50007 (invalid
//! stream name), 50008 (invalid session id); 403 with 10001–10012 (token refused); and 429 with 50004, the
//! account's Experience Composer quota, which [`Error::is_retryable`](crate::Error::is_retryable) counts as
//! worth retrying later. Starting is a `POST`, so the client's retries repeat it after a 429 only when the
//! call opts in: `ot.with_retry(RetryConfig::default().with_non_idempotent(true)).start_render(..)` (see
//! [`RetryConfig::with_non_idempotent`](crate::RetryConfig::with_non_idempotent)).

use std::{fmt, time::Duration};

use chrono::{DateTime, Utc};

use crate::{
    checks::{check_callback_url, check_token, whole_seconds},
    client::OpenTok,
    composition::Resolution,
    error::{Error, Result},
    ids::{check_id, IdText, SessionId, StreamId},
    macros::{id_type, open_enum, wire_model},
    paging::{paged, Keyed, ListOp, ListPages, Listed, PageQuery},
    raw,
    wire::{Dflt, Lenient, LenientEpochMillis, NonEmpty, Opt, Plain, Req, Text},
};

/// The platform's codes for a refused Experience Composer start (in [`ApiError::code`](crate::ApiError::code)).
pub mod codes {
    /// 400: the URL is not a valid URL.
    pub const INVALID_URL: i64 = 50001;
    /// 400: the URL could not be reached.
    pub const URL_UNREACHABLE: i64 = 50002;
    /// 429: the account's Experience Composer quota is used up; retry later with back-off.
    pub const QUOTA_EXCEEDED: i64 = 50004;
    /// 400: `maxDuration` out of range.
    pub const INVALID_MAX_DURATION: i64 = 50005;
    /// 400: unknown resolution.
    pub const INVALID_RESOLUTION: i64 = 50006;
    /// 400: the stream name is empty or too long.
    pub const INVALID_STREAM_NAME: i64 = 50007;
    /// 400: the session id is not valid.
    pub const INVALID_SESSION_ID: i64 = 50008;
}

/// The shortest and longest Experience Composer the platform accepts.
pub const RENDER_MAX_DURATION_RANGE: std::ops::RangeInclusive<Duration> =
    Duration::from_secs(60)..=Duration::from_secs(36_000);

id_type!(
    /// An Experience Composer's id.
    RenderId
);

open_enum!(
    /// Where an Experience Composer is in its life.
    RenderStatus {
        /// Starting: the browser is loading the page; no stream yet.
        Starting = "starting",
        /// Publishing its stream.
        Started = "started",
        /// Stopped (see `reason`).
        Stopped = "stopped",
        /// Failed (see `reason`).
        Failed = "failed",
    }
);

/// A render whose answer had no `status`: `Unknown("")`.
impl Default for RenderStatus {
    fn default() -> Self {
        Self::Unknown(String::new())
    }
}

wire_model! {
    /// An Experience Composer, as the platform describes it in REST answers and in its callbacks.
    ///
    /// Every member the platform sends is kept (unknown ones in [`extra`](Self::extra)), and serializing
    /// gives back the JSON received. Ids are read from strings or numbers, times from epoch milliseconds
    /// as numbers or strings, as callbacks may send them.
    pub struct Render("an Experience Composer") {
        /// The id.
        "id" => pub id: RenderId as Req<IdText>,
        /// The session it joined.
        "sessionId" => pub session_id: Option<SessionId> as Opt<IdText>,
        /// The Vonage application (or, for an OpenTok project, its API key as text).
        "applicationId" => pub application_id: Option<String> as Opt<Text>,
        /// The OpenTok project (its API key), as text.
        "projectId" => pub project_id: Option<String> as Opt<Text>,
        /// When it was started.
        "createdAt" => pub created_at: Option<DateTime<Utc>> as Opt<LenientEpochMillis>,
        /// When it last changed.
        "updatedAt" => pub updated_at: Option<DateTime<Utc>> as Opt<LenientEpochMillis>,
        /// The page rendered.
        "url" => pub url: Option<String> as Opt<Plain>,
        /// The resolution, such as `1280x720` (see [`Resolution::parse`]).
        "resolution" => pub resolution: Option<String> as Opt<Plain>,
        /// Where it is in its life. Absent from the platform's answer → `Unknown("")`.
        "status" => pub status: RenderStatus as Dflt<Plain>,
        /// The stream it publishes: absent while starting, and possibly when failed.
        "streamId" => pub stream_id: Option<StreamId> as Opt<NonEmpty<IdText>>,
        /// Why it stopped ("Max Duration Exceeded", "Stop Requested") or failed, in the platform's words.
        "reason" => pub reason: Option<String> as Opt<Plain>,
        /// The name of its stream.
        "name" => pub name: Option<String> as Opt<Plain>,
        /// The status callback URL, when one was given.
        "callbackUrl" => pub callback_url: Option<String> as Opt<Plain>,
        /// An `event` member, should a callback carry one (the platform's Experience Composer callbacks
        /// have none so far).
        "event" => pub event: Option<String> as Opt<Plain>,
    }
}

impl ListOp for Render {
    type Page = RenderPage;

    async fn fetch(client: &OpenTok, query: PageQuery<'_>) -> Result<RenderPage> {
        let raw = paged!(client.raw().list_renders().api_key(client.account_id()), query, offset, count);
        RenderPage::from_object(client.call(raw.send()).await?)
    }
}

impl Listed for Render {
    fn into_parts(page: RenderPage) -> (Vec<Self>, u64) {
        (page.items, page.total)
    }
}

impl Keyed for Render {
    fn key(&self) -> &str {
        self.id.as_str()
    }
}

impl Render {
    /// Stops this Experience Composer; see [`OpenTok::stop_render`].
    ///
    /// # Errors
    /// As [`OpenTok::stop_render`].
    pub async fn stop(&self, client: &OpenTok) -> Result<()> {
        client.stop_render(&self.id).await
    }

    /// Fetches this Experience Composer's current state; see [`OpenTok::get_render`].
    ///
    /// # Errors
    /// As [`OpenTok::get_render`].
    pub async fn refresh(&self, client: &OpenTok) -> Result<Render> {
        client.get_render(&self.id).await
    }
}

wire_model! {
    /// One page of Experience Composers, as the platform answers `GET /v2/project/{apiKey}/render`.
    pub struct RenderPage("a page of Experience Composers") {
        /// How many there are in all (not the size of this page). A count that is not a whole number
        /// reads as 0.
        "count" => pub total: u64 as Dflt<Lenient<Plain>>,
        /// This page, newest first.
        "items" => pub items: Vec<Render> as Dflt<Plain>,
    }
}

/// Builder for [`OpenTok::start_render`]. Its `Debug` output leaves out the token.
#[must_use = "call .send().await"]
pub struct StartRender<'c> {
    client: &'c OpenTok,
    session_id: SessionId,
    token: String,
    url: String,
    max_duration: Option<Duration>,
    resolution: Option<Resolution>,
    stream_name: Option<String>,
    status_callback_url: Option<String>,
}

/// Builder for [`OpenTok::list_renders`]: [`offset`](ListPages::offset), [`count`](ListPages::count), then
/// [`send`](ListPages::send) for one [`RenderPage`] or [`into_stream`](ListPages::into_stream) for every
/// [`Render`]. The platform does not filter this list by session: it has no `session_id`.
pub type ListRenders<'c> = ListPages<'c, Render>;

impl OpenTok {
    /// Starts an Experience Composer: a browser that joins the routed session `session_id` with `token`
    /// (a client token for that session; its connection data is attached to the composer's stream),
    /// renders `url` (http or https, 15 to 2048 characters) and publishes it as a stream.
    ///
    /// Finish with [`StartRender::send`], which sends `POST /v2/project/{apiKey}/render` with
    /// `{"sessionId", "token", "url", "maxDuration"?, "resolution"?, "properties"?: {"name"},
    /// "statusCallbackUrl"?}`.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session: opentok_sdk::Session) -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use opentok_sdk::archive::Resolution;
    ///
    /// let token = session.generate_token().build()?;
    /// let render = ot
    ///     .start_render(&session.id, &token, "https://example.com/scoreboard")
    ///     .max_duration(Duration::from_secs(1800))
    ///     .resolution(Resolution::Hd720Landscape)
    ///     .stream_name("Scoreboard")
    ///     .send()
    ///     .await?;
    /// println!("{} is {}", render.id, render.status);
    /// # Ok(()) }
    /// ```
    pub fn start_render(
        &self,
        session_id: &SessionId,
        token: impl AsRef<str>,
        url: impl Into<String>,
    ) -> StartRender<'_> {
        StartRender {
            client: self,
            session_id: session_id.clone(),
            token: token.as_ref().to_owned(),
            url: url.into(),
            max_duration: None,
            resolution: None,
            stream_name: None,
            status_callback_url: None,
        }
    }

    /// Gets an Experience Composer. [`Render::refresh`] does the same from a render.
    ///
    /// Sends `GET /v2/project/{apiKey}/render/{renderId}`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `render_id` if it is empty (nothing is sent); [`Error::Api`]: 404
    /// unknown Experience Composer.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok) -> opentok_sdk::Result<()> {
    /// let render_id = opentok_sdk::render::RenderId::from("1248e7070b81464c9789f46ad10e7764");
    /// let render = ot.get_render(&render_id).await?;
    /// println!("{} is {}", render.id, render.status);
    /// # Ok(()) }
    /// ```
    pub async fn get_render(&self, render_id: &RenderId) -> Result<Render> {
        check_id("render_id", render_id.as_str())?;
        let raw = self.raw().get_render().api_key(self.account_id()).render_id(render_id.as_str());
        self.call(raw.send()).await.and_then(Render::from_object)
    }

    /// Stops an Experience Composer; its stream leaves the session. [`Render::stop`] does the same from a
    /// render.
    ///
    /// Sends `DELETE /v2/project/{apiKey}/render/{renderId}`; the platform answers 204 (any 2xx is taken as
    /// success).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `render_id` if it is empty (nothing is sent); [`Error::Api`]: 404
    /// unknown or already stopped.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok) -> opentok_sdk::Result<()> {
    /// let render_id = opentok_sdk::render::RenderId::from("1248e7070b81464c9789f46ad10e7764");
    /// ot.stop_render(&render_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn stop_render(&self, render_id: &RenderId) -> Result<()> {
        check_id("render_id", render_id.as_str())?;
        let raw = self.raw().stop_render().api_key(self.account_id()).render_id(render_id.as_str());
        self.call(raw.send()).await
    }

    /// Starts listing Experience Composers, newest first.
    ///
    /// [`ListRenders::send`](ListPages::send) fetches one page;
    /// [`ListRenders::into_stream`](ListPages::into_stream) gives every render as an owned stream, which can
    /// be moved into a spawned task.
    ///
    /// Sends `GET /v2/project/{apiKey}/render` for each page, with `offset` (when not 0) and `count` (when
    /// set) in the query.
    ///
    /// # Errors
    /// From `send`, or yielded first by the stream: [`Error::InvalidArgument`] before sending (`count`
    /// outside 1 to 1000, `offset` over 2^63 - 1); [`Error::Api`] if the platform refuses; [`Error::Decode`]
    /// if its answer is not a page of Experience Composers.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok) -> opentok_sdk::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let page = ot.list_renders().count(10).send().await?;
    /// println!("{} in all", page.total);
    /// let every = tokio::spawn(ot.list_renders().into_stream().try_collect::<Vec<_>>());
    /// # let _ = every; Ok(()) }
    /// ```
    pub fn list_renders(&self) -> ListRenders<'_> {
        ListPages::new(self)
    }
}

impl StartRender<'_> {
    /// When the composer stops by itself: 60 to 36 000 seconds, whole seconds (the platform's default is
    /// 7200).
    pub fn max_duration(mut self, duration: Duration) -> Self {
        self.max_duration = Some(duration);
        self
    }

    /// The size of the rendered page and of the stream (the platform's default is 1280x720).
    pub fn resolution(mut self, resolution: Resolution) -> Self {
        self.resolution = Some(resolution);
        self
    }

    /// The name of the published stream, 1 to 200 characters (sent as `properties.name`).
    pub fn stream_name(mut self, name: impl Into<String>) -> Self {
        self.stream_name = Some(name.into());
        self
    }

    /// Where the platform posts this composer's status changes: an http(s) URL of 15 to 2048 characters.
    /// Not in the platform's own spec, which takes the URL from the project's or application's settings:
    /// it may be ignored.
    pub fn status_callback_url(mut self, url: impl Into<String>) -> Self {
        self.status_callback_url = Some(url.into());
        self
    }

    pub(crate) fn body(&self) -> Result<raw::types::StartRender> {
        check_id("session_id", self.session_id.as_str())?;
        check_token(&self.token)?;
        check_callback_url("url", &self.url)?;
        let max_duration =
            self.max_duration.map(|d| whole_seconds("max_duration", d, &RENDER_MAX_DURATION_RANGE)).transpose()?;
        if let Some(name) = &self.stream_name {
            let chars = name.chars().count();
            if !(1..=200).contains(&chars) {
                return Err(Error::invalid("stream_name", format!("must be 1 to 200 characters, got {chars}")));
            }
        }
        if let Some(url) = &self.status_callback_url {
            check_callback_url("status_callback_url", url)?;
        }
        Ok(raw::types::StartRender {
            session_id: self.session_id.to_string(),
            token: self.token.clone(),
            url: self.url.clone(),
            max_duration,
            resolution: self.resolution.map(|r| r.as_str().to_owned()),
            properties: self.stream_name.clone().map(|name| raw::types::RenderProperties { name }),
            status_callback_url: self.status_callback_url.clone(),
        })
    }

    /// Checks the options and starts the Experience Composer. The answer is in status `starting`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] before sending: an empty session id or token, a URL not http(s) or not 15
    /// to 2048 characters, a duration out of range or not whole seconds, a stream name not 1 to 200
    /// characters, a bad callback URL. [`Error::Api`] with the platform's codes (see [`codes`]): 400
    /// 50001–50008, 403 token refused, 429 50004 (quota; retryable), and 404/409 for an unknown or relayed
    /// session.
    pub async fn send(self) -> Result<Render> {
        let body = self.body()?;
        let raw = self.client.raw().start_render().api_key(self.client.account_id()).body(body);
        self.client.call(raw.send()).await.and_then(Render::from_object)
    }
}

impl fmt::Debug for StartRender<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StartRender")
            .field("session_id", &self.session_id)
            .field("token", &"[redacted]")
            .field("url", &self.url)
            .field("max_duration", &self.max_duration)
            .field("resolution", &self.resolution)
            .field("stream_name", &self.stream_name)
            .field("status_callback_url", &self.status_callback_url)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn field(r: Result<raw::types::StartRender>) -> &'static str {
        match r {
            Err(Error::InvalidArgument { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bodies_and_rules() {
        let ot = OpenTok::new("123456", "secret").unwrap();
        let sid = SessionId::from("2_MX4x");
        let url = "https://example.com/page";
        let start = || ot.start_render(&sid, "tok", url);
        assert_eq!(
            serde_json::to_value(start().body().unwrap()).unwrap(),
            json!({"sessionId": "2_MX4x", "token": "tok", "url": url})
        );
        let full = start()
            .max_duration(Duration::from_secs(60))
            .resolution(Resolution::Fhd1080Portrait)
            .stream_name("n")
            .status_callback_url("https://example.com/cb");
        assert_eq!(
            serde_json::to_value(full.body().unwrap()).unwrap(),
            json!({"sessionId": "2_MX4x", "token": "tok", "url": url, "maxDuration": 60, "resolution": "1080x1920",
                "properties": {"name": "n"}, "statusCallbackUrl": "https://example.com/cb"})
        );
        assert!(!format!("{full:?}").contains("tok\""));
        assert_eq!(field(ot.start_render(&SessionId::from(" "), "tok", url).body()), "session_id");
        assert_eq!(field(ot.start_render(&sid, "", url).body()), "token");
        assert_eq!(field(ot.start_render(&sid, "tok", "https://a.b").body()), "url");
        assert_eq!(field(ot.start_render(&sid, "tok", "javascript:alert(1)//x").body()), "url");
        assert_eq!(field(start().max_duration(Duration::from_secs(59)).body()), "max_duration");
        assert_eq!(field(start().max_duration(Duration::from_secs(36_001)).body()), "max_duration");
        assert_eq!(field(start().stream_name("").body()), "stream_name");
        assert_eq!(field(start().stream_name("é".repeat(201)).body()), "stream_name");
        assert!(start().stream_name("é".repeat(200)).body().is_ok(), "characters, not bytes");
        assert_eq!(field(start().status_callback_url("x").body()), "status_callback_url");
    }

    #[test]
    fn render_round_trips_and_tolerates_odd_answers() {
        let text = r#"{"id":"1248e7070b81464c9789f46ad10e7764","sessionId":"2_MX4x","applicationId":"78d335fa",
            "createdAt":1437676551000,"updatedAt":1437676551000,"url":"https://example.com/","resolution":"1280x720",
            "status":"stopped","streamId":"e32445b743678c98230f238","reason":"Max Duration Exceeded","extra":[1]}"#;
        let render = Render::from_json(text.as_bytes()).unwrap();
        assert_eq!(render.status, RenderStatus::Stopped);
        assert_eq!(render.extra["extra"], json!([1]));
        assert_eq!(render.to_json(), serde_json::from_str::<serde_json::Value>(text).unwrap());
        let starting = Render::from_json(br#"{"id":"r","status":"starting","streamId":""}"#).unwrap();
        assert_eq!((starting.stream_id, starting.status), (None, RenderStatus::Starting));
        assert!(Render::from_json(br#"{"status":"started"}"#).is_err());
    }

    proptest::proptest! {
        /// Any input: `body` never panics, accepts exactly the inputs within the rules, and sends them as given.
        #[test]
        fn builder_accepts_exactly_the_valid_inputs(
            url in "(https?|wss)://[a-z./]{0,30}",
            secs in 0u64..40_000,
            name in "\\PC{0,210}",
            resolution in proptest::sample::select(Resolution::ALL.to_vec()),
        ) {
            let ot = OpenTok::new("123456", "secret").unwrap();
            let sid = SessionId::from("2_MX4x");
            let b = ot.start_render(&sid, "tok", url.as_str()).max_duration(Duration::from_secs(secs))
                .stream_name(name.as_str()).resolution(resolution);
            let valid = (15..=2048).contains(&url.len()) && url.starts_with("http")
                && (60..=36_000).contains(&secs) && (1..=200).contains(&name.chars().count());
            match b.body() {
                Ok(body) => {
                    proptest::prop_assert!(valid);
                    let json = serde_json::to_value(body).unwrap();
                    proptest::prop_assert_eq!(&json["url"], &json!(url));
                    proptest::prop_assert_eq!(&json["maxDuration"], &json!(secs));
                    proptest::prop_assert_eq!(&json["properties"]["name"], &json!(name));
                    proptest::prop_assert_eq!(&json["resolution"], &json!(resolution.as_str()));
                }
                Err(Error::InvalidArgument { .. }) => proptest::prop_assert!(!valid),
                Err(other) => proptest::prop_assert!(false, "{other}"),
            }
        }
    }
}
