//! Live Captions: real-time speech-to-text of a routed session's audio, shown to clients that subscribe
//! with captions on.
//!
//! [`OpenTok::start_captions`] starts one captioning per session and answers with its id;
//! [`OpenTok::stop_captions`] stops it. The platform has **no operation that reads a captioning's
//! status**: a `GET /v2/project/{apiKey}/captions/{captionsId}` was documented once and never implemented.
//! Status changes (`started`, `stopped`, `failed`) arrive only as callbacks, posted to the
//! [`status_callback_url`](StartCaptions::status_callback_url) given at start or to the project's or
//! application's captions callback.
//!
//! [`LanguageCode`] is shared with archive transcription.

use std::{borrow::Cow, fmt, time::Duration};

use crate::{
    checks::{check_callback_url, check_token, whole_seconds},
    client::OpenTok,
    error::{Error, Result},
    ids::{check_id, SessionId},
    macros::{id_type, wire_model},
    raw,
    wire::{Plain, Req},
};

id_type!(
    /// A captioning's id (a UUID), as [`OpenTok::start_captions`] answers it.
    CaptionsId
);

/// The shortest and longest captioning the platform accepts.
pub const CAPTIONS_MAX_DURATION_RANGE: std::ops::RangeInclusive<Duration> =
    Duration::from_secs(300)..=Duration::from_secs(14_400);

/// A language as a BCP-47 code such as `en-US`, for captions and archive transcription.
///
/// Open: the platform lists about 50 codes for captions and about 140 for transcription, and adds more;
/// any code of the form `ll-RR` (2 or 3 letters, a hyphen, 2 letters or 3 digits) is accepted here and the
/// platform decides. The constants name common ones.
#[derive(Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct LanguageCode(Cow<'static, str>);

impl LanguageCode {
    /// English (United States), the platform's default.
    pub const EN_US: LanguageCode = LanguageCode(Cow::Borrowed("en-US"));
    /// English (United Kingdom).
    pub const EN_GB: LanguageCode = LanguageCode(Cow::Borrowed("en-GB"));
    /// English (Australia).
    pub const EN_AU: LanguageCode = LanguageCode(Cow::Borrowed("en-AU"));
    /// Spanish (United States).
    pub const ES_US: LanguageCode = LanguageCode(Cow::Borrowed("es-US"));
    /// Spanish (Spain).
    pub const ES_ES: LanguageCode = LanguageCode(Cow::Borrowed("es-ES"));
    /// French (France).
    pub const FR_FR: LanguageCode = LanguageCode(Cow::Borrowed("fr-FR"));
    /// French (Canada).
    pub const FR_CA: LanguageCode = LanguageCode(Cow::Borrowed("fr-CA"));
    /// German (Germany).
    pub const DE_DE: LanguageCode = LanguageCode(Cow::Borrowed("de-DE"));
    /// Italian (Italy).
    pub const IT_IT: LanguageCode = LanguageCode(Cow::Borrowed("it-IT"));
    /// Portuguese (Brazil).
    pub const PT_BR: LanguageCode = LanguageCode(Cow::Borrowed("pt-BR"));
    /// Japanese (Japan).
    pub const JA_JP: LanguageCode = LanguageCode(Cow::Borrowed("ja-JP"));
    /// Korean (Korea).
    pub const KO_KR: LanguageCode = LanguageCode(Cow::Borrowed("ko-KR"));
    /// Chinese (Mainland China).
    pub const ZH_CN: LanguageCode = LanguageCode(Cow::Borrowed("zh-CN"));
    /// Hindi (India).
    pub const HI_IN: LanguageCode = LanguageCode(Cow::Borrowed("hi-IN"));

    /// A code, checked only when it is sent (see the type's docs for the rule).
    pub fn new(code: impl Into<String>) -> Self {
        Self(Cow::Owned(code.into()))
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Checks the shape `ll-RR`; `field` names the option in the error.
    pub(crate) fn check(&self, field: &'static str) -> Result<()> {
        let bad = || Error::invalid(field, format!("must be a language code such as en-US (ll-RR), got {:?}", self.0));
        let (language, region) = self.0.split_once('-').ok_or_else(bad)?;
        let language_ok = (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_alphabetic());
        let region_ok = (region.len() == 2 && region.bytes().all(|b| b.is_ascii_alphabetic()))
            || (region.len() == 3 && region.bytes().all(|b| b.is_ascii_digit()));
        if language_ok && region_ok {
            Ok(())
        } else {
            Err(bad())
        }
    }
}

impl Default for LanguageCode {
    fn default() -> Self {
        Self::EN_US
    }
}

impl fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LanguageCode({:?})", self.0)
    }
}

impl std::str::FromStr for LanguageCode {
    type Err = Error;

    /// Parses and checks a code (see the type's docs for the rule).
    fn from_str(s: &str) -> Result<Self> {
        let code = Self::new(s.trim());
        code.check("language_code")?;
        Ok(code)
    }
}

impl From<&str> for LanguageCode {
    fn from(code: &str) -> Self {
        Self::new(code)
    }
}

impl From<String> for LanguageCode {
    fn from(code: String) -> Self {
        Self::new(code)
    }
}

wire_model! {
    /// The platform's answer to [`OpenTok::start_captions`]: the new captioning's id.
    pub struct CaptionsStarted("a captions answer") {
        /// The captioning's id, for [`OpenTok::stop_captions`]. (Every model's own id is its `id` field;
        /// the platform calls this one `captionsId`.)
        "captionsId" => pub id: CaptionsId as Req<Plain>,
    }
}

impl CaptionsStarted {
    /// The captioning's id: the [`id`](Self::id) field, under its former name.
    #[deprecated(note = "use the `id` field: every model's own id is its `id` field")]
    pub fn captions_id(&self) -> &CaptionsId {
        &self.id
    }

    /// Stops this captioning; see [`OpenTok::stop_captions`].
    ///
    /// # Errors
    /// As [`OpenTok::stop_captions`].
    pub async fn stop(&self, client: &OpenTok) -> Result<()> {
        client.stop_captions(&self.id).await
    }
}

/// Builder for [`OpenTok::start_captions`]. Its `Debug` output leaves out the token.
#[must_use = "call .send().await"]
pub struct StartCaptions<'c> {
    client: &'c OpenTok,
    session_id: SessionId,
    token: String,
    language_code: Option<LanguageCode>,
    max_duration: Option<Duration>,
    partial_captions: Option<bool>,
    status_callback_url: Option<String>,
}

impl OpenTok {
    /// Starts Live Captions for a routed session: one captioning per session, of up to 50 audio streams.
    /// `token` is a client token for that session with the role
    /// [`Moderator`](crate::Role::Moderator). Publishers also opt in on the client side.
    ///
    /// There is no call that reads a captioning's status: it arrives by callback (see the
    /// [module docs](crate::captions)).
    ///
    /// Finish with [`StartCaptions::send`], which sends `POST /v2/project/{apiKey}/captions` with
    /// `{"sessionId", "token", "languageCode"?, "maxDuration"?, "partialCaptions"?, "statusCallbackUrl"?}`.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session: opentok_sdk::Session) -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use opentok_sdk::{captions::LanguageCode, Role};
    ///
    /// let token = session.generate_token().role(Role::Moderator).build()?;
    /// let captions = ot
    ///     .start_captions(&session.id, &token)
    ///     .language_code(LanguageCode::EN_GB)
    ///     .max_duration(Duration::from_secs(3600))
    ///     .partial_captions(false)
    ///     .status_callback_url("https://example.com/captions")
    ///     .send()
    ///     .await?;
    /// captions.stop(&ot).await?;
    /// # Ok(()) }
    /// ```
    pub fn start_captions(&self, session_id: &SessionId, token: impl AsRef<str>) -> StartCaptions<'_> {
        StartCaptions {
            client: self,
            session_id: session_id.clone(),
            token: token.as_ref().to_owned(),
            language_code: None,
            max_duration: None,
            partial_captions: None,
            status_callback_url: None,
        }
    }

    /// Stops a captioning. [`CaptionsStarted::stop`] does the same from the start's answer.
    ///
    /// Sends `POST /v2/project/{apiKey}/captions/{captionsId}/stop` (no body); the platform answers 202.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `captions_id` if it is empty (nothing is sent);
    /// [`Error::Api`]: 404 unknown or already stopped captioning.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok) -> opentok_sdk::Result<()> {
    /// let captions_id = opentok_sdk::captions::CaptionsId::from("7c0680fc-6274-4de5-a66f-d0648e8d3ac2");
    /// ot.stop_captions(&captions_id).await?;
    /// # Ok(()) }
    /// ```
    pub async fn stop_captions(&self, captions_id: &CaptionsId) -> Result<()> {
        check_id("captions_id", captions_id.as_str())?;
        let raw = self.raw().stop_captions().api_key(self.account_id()).captions_id(captions_id.as_str());
        self.call(raw.send()).await
    }
}

impl StartCaptions<'_> {
    /// The spoken language (default [`LanguageCode::EN_US`]).
    pub fn language_code(mut self, code: impl Into<LanguageCode>) -> Self {
        self.language_code = Some(code.into());
        self
    }

    /// When the captioning ends by itself: 300 to 14 400 seconds (the platform's default is 14 400),
    /// whole seconds.
    pub fn max_duration(mut self, duration: Duration) -> Self {
        self.max_duration = Some(duration);
        self
    }

    /// Whether captions are sent as they are recognised, faster but less accurate (the platform's default
    /// is true), or only once final.
    pub fn partial_captions(mut self, partial: bool) -> Self {
        self.partial_captions = Some(partial);
        self
    }

    /// Where the platform posts this captioning's status changes: an http(s) URL of 15 to 2048
    /// characters. Without it, the project's or application's captions callback is used.
    pub fn status_callback_url(mut self, url: impl Into<String>) -> Self {
        self.status_callback_url = Some(url.into());
        self
    }

    pub(crate) fn body(&self) -> Result<raw::types::StartCaptions> {
        check_id("session_id", self.session_id.as_str())?;
        check_token(&self.token)?;
        if let Some(code) = &self.language_code {
            code.check("language_code")?;
        }
        let max_duration =
            self.max_duration.map(|d| whole_seconds("max_duration", d, &CAPTIONS_MAX_DURATION_RANGE)).transpose()?;
        if let Some(url) = &self.status_callback_url {
            check_callback_url("status_callback_url", url)?;
        }
        Ok(raw::types::StartCaptions {
            session_id: self.session_id.to_string(),
            token: self.token.clone(),
            language_code: self.language_code.as_ref().map(|c| c.as_str().to_owned()),
            max_duration,
            partial_captions: self.partial_captions,
            status_callback_url: self.status_callback_url.clone(),
        })
    }

    /// Checks the options and starts the captioning.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] before sending: a malformed session id, an empty token, a language code
    /// not of the form `ll-RR`, a duration out of range or not whole seconds, a callback URL not http(s) or
    /// not 15 to 2048 characters. [`Error::Api`]: 400 invalid option, 403 a token that is not a moderator's
    /// for this session, 404 unknown session, 409 captions already running for the session (or a relayed
    /// session).
    pub async fn send(self) -> Result<CaptionsStarted> {
        let body = self.body()?;
        let raw = self.client.raw().start_captions().api_key(self.client.account_id()).body(body);
        self.client.call(raw.send()).await.and_then(CaptionsStarted::from_object)
    }
}

impl fmt::Debug for StartCaptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StartCaptions")
            .field("session_id", &self.session_id)
            .field("token", &"[redacted]")
            .field("language_code", &self.language_code)
            .field("max_duration", &self.max_duration)
            .field("partial_captions", &self.partial_captions)
            .field("status_callback_url", &self.status_callback_url)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn sid() -> SessionId {
        SessionId::from("1_MX4xMjM0NTZ-fjE2MjIwMjgwNzk4MDh-fg")
    }

    fn body(b: &StartCaptions<'_>) -> Result<serde_json::Value> {
        b.body().map(|b| serde_json::to_value(b).unwrap())
    }

    fn field(r: Result<serde_json::Value>) -> &'static str {
        match r {
            Err(Error::InvalidArgument { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bodies_carry_only_what_was_set() {
        let ot = OpenTok::new("123456", "secret").unwrap();
        assert_eq!(
            body(&ot.start_captions(&sid(), "T1==abc")).unwrap(),
            json!({"sessionId": sid().as_str(), "token": "T1==abc"})
        );
        let full = ot
            .start_captions(&sid(), "T1==abc")
            .language_code("zh-HK")
            .max_duration(Duration::from_secs(300))
            .partial_captions(false)
            .status_callback_url("https://example.com/cb");
        assert_eq!(
            body(&full).unwrap(),
            json!({"sessionId": sid().as_str(), "token": "T1==abc", "languageCode": "zh-HK", "maxDuration": 300,
                "partialCaptions": false, "statusCallbackUrl": "https://example.com/cb"})
        );
        assert!(!format!("{full:?}").contains("T1==abc"), "the token stays out of Debug");
    }

    #[test]
    fn every_rule_names_its_field() {
        let ot = OpenTok::new("123456", "secret").unwrap();
        let start = || ot.start_captions(&sid(), "tok");
        assert_eq!(field(body(&ot.start_captions(&SessionId::from(""), "tok"))), "session_id");
        assert_eq!(field(body(&ot.start_captions(&sid(), ""))), "token");
        assert_eq!(field(body(&start().language_code("english"))), "language_code");
        assert_eq!(field(body(&start().max_duration(Duration::from_secs(299)))), "max_duration");
        assert_eq!(field(body(&start().max_duration(Duration::from_secs(14_401)))), "max_duration");
        assert_eq!(field(body(&start().max_duration(Duration::from_millis(300_500)))), "max_duration");
        assert_eq!(field(body(&start().status_callback_url("https://a.b"))), "status_callback_url");
        assert_eq!(field(body(&start().status_callback_url("ftp://example.com/x"))), "status_callback_url");
        let long = format!("https://example.com/{}", "x".repeat(2048));
        assert_eq!(field(body(&start().status_callback_url(long))), "status_callback_url");
        assert!(body(&start().max_duration(Duration::from_secs(14_400))).is_ok());
    }

    #[test]
    fn language_codes() {
        for good in ["en-US", "zh-HK", "fil-PH", "es-419", "EN-us"] {
            assert!(LanguageCode::new(good).check("f").is_ok(), "{good}");
        }
        for bad in ["", "en", "en_US", "en-USA", "e-US", "english-US", "en-U$", "en-US-x", "ja-JP "] {
            assert!(LanguageCode::new(bad).check("f").is_err(), "{bad}");
        }
        assert_eq!("ja-JP".parse::<LanguageCode>().unwrap(), LanguageCode::JA_JP);
        assert_eq!(serde_json::to_value(LanguageCode::PT_BR).unwrap(), json!("pt-BR"));
        assert_eq!(LanguageCode::default().as_str(), "en-US");
    }

    proptest::proptest! {
        /// Any input: `body` never panics, accepts exactly the inputs within the rules, and sends them as given.
        #[test]
        fn builder_accepts_exactly_the_valid_inputs(
            token in "\\PC{0,12}",
            code in "[a-zA-Z0-9-]{0,7}",
            secs in 0u64..20_000,
            nanos in proptest::prop_oneof![proptest::strategy::Just(0u32), 1u32..1_000_000_000],
            url in "(https?|ftp)://[a-z]{0,30}",
            partial in proptest::option::of(proptest::bool::ANY),
        ) {
            let ot = OpenTok::new("123456", "secret").unwrap();
            let duration = Duration::new(secs, nanos);
            let mut b = ot.start_captions(&sid(), &token).language_code(code.as_str()).max_duration(duration)
                .status_callback_url(url.as_str());
            if let Some(p) = partial {
                b = b.partial_captions(p);
            }
            let valid = !token.is_empty() && !token.chars().any(char::is_whitespace)
                && LanguageCode::new(code.as_str()).check("x").is_ok()
                && nanos == 0 && (300..=14_400).contains(&secs)
                && (15..=2048).contains(&url.len()) && !url.starts_with("ftp");
            match body(&b) {
                Ok(json) => {
                    proptest::prop_assert!(valid);
                    proptest::prop_assert_eq!(&json["token"], &json!(token));
                    proptest::prop_assert_eq!(&json["languageCode"], &json!(code));
                    proptest::prop_assert_eq!(&json["maxDuration"], &json!(secs));
                    proptest::prop_assert_eq!(&json["statusCallbackUrl"], &json!(url));
                    proptest::prop_assert_eq!(json.get("partialCaptions").cloned(), partial.map(|p| json!(p)));
                }
                Err(Error::InvalidArgument { .. }) => proptest::prop_assert!(!valid),
                Err(other) => proptest::prop_assert!(false, "{other}"),
            }
        }
    }
}
