//! Audio Connector: streams a routed session's audio to a WebSocket server (a transcriber, a voice bot),
//! and with [`bidirectional`](ConnectAudio::bidirectional) publishes what the server sends back.
//!
//! [`OpenTok::connect_audio`] answers with an [`AudioConnector`]: the connector's id and the connection it
//! joined the session as. Stopping it is a force-disconnect of that connection,
//! [`AudioConnector::stop`]. (The older `POST /v2/project/{apiKey}/connect/{id}/stop` no longer works on the
//! platform, and is not offered.)

use std::{collections::BTreeMap, fmt};

use typed_builder::TypedBuilder;

use crate::{
    checks::check_token,
    client::OpenTok,
    error::{Error, Result},
    ids::{check_id, ConnectionId, SessionId, StreamId},
    macros::{closed_enum, id_type, wire_model},
    raw,
    wire::{Opt, Plain, Req},
};

/// The most bytes that the custom headers may take in all (names and values, UTF-8).
pub const MAX_HEADER_BYTES: usize = 512;

id_type!(
    /// An Audio Connector's id.
    AudioConnectorId
);

/// The sample rate of the audio sent over the WebSocket (16-bit linear PCM).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum AudioRate {
    /// 8 kHz (the platform's default).
    #[default]
    Hz8000,
    /// 16 kHz.
    Hz16000,
    /// 24 kHz.
    Hz24000,
}

impl AudioRate {
    /// Every rate.
    pub const ALL: &'static [AudioRate] = &[Self::Hz8000, Self::Hz16000, Self::Hz24000];

    /// Samples per second.
    pub fn hertz(self) -> u32 {
        match self {
            Self::Hz8000 => 8000,
            Self::Hz16000 => 16_000,
            Self::Hz24000 => 24_000,
        }
    }

    /// The rate with this many samples per second, if the platform offers it.
    pub fn from_hertz(hertz: u32) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.hertz() == hertz)
    }
}

impl fmt::Display for AudioRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} Hz", self.hertz())
    }
}

impl TryFrom<u32> for AudioRate {
    type Error = Error;

    fn try_from(hertz: u32) -> Result<Self> {
        Self::from_hertz(hertz)
            .ok_or_else(|| Error::invalid("audio_rate", format!("must be 8000, 16000 or 24000, got {hertz}")))
    }
}

impl std::str::FromStr for AudioRate {
    type Err = Error;

    /// Reads a rate in hertz: `8000`, `16000` or `24000`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `audio_rate` for anything else.
    fn from_str(s: &str) -> Result<Self> {
        let hertz = s
            .trim()
            .parse::<u32>()
            .map_err(|_| Error::invalid("audio_rate", format!("must be 8000, 16000 or 24000, got {s:?}")))?;
        Self::try_from(hertz)
    }
}

impl serde::Serialize for AudioRate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.hertz())
    }
}

impl<'de> serde::Deserialize<'de> for AudioRate {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        let hertz = <u32 as serde::Deserialize>::deserialize(deserializer)?;
        Self::from_hertz(hertz).ok_or_else(|| serde::de::Error::custom(format!("{hertz} is not 8000, 16000 or 24000")))
    }
}

closed_enum!(
    /// How audio is encoded inside JSON messages.
    AudioEncoding {
        /// Base64 of the PCM bytes.
        Base64 = "base64",
    }
);

/// How audio is framed on the WebSocket.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub enum AudioTransport {
    /// Raw 16-bit PCM in binary messages (the platform's default).
    #[default]
    Binary,
    /// JSON text messages with the audio in a field.
    Json(JsonAudioTransport),
}

/// JSON framing: each message is a JSON object with the encoded audio under `audio_field`, plus
/// `static_fields`.
///
/// Built with checked, named fields; `encoding` is required, the rest optional:
/// ```
/// use opentok_sdk::audio_connector::{AudioEncoding, AudioTransport, JsonAudioTransport};
///
/// let json = JsonAudioTransport::builder()
///     .encoding(AudioEncoding::Base64)
///     .audio_field("payload")
///     .static_field("agent", "support-bot")
///     .build();
/// let transport = AudioTransport::Json(json);
/// # let _ = transport;
/// ```
#[derive(Debug, Clone, PartialEq, TypedBuilder)]
#[non_exhaustive]
pub struct JsonAudioTransport {
    /// How the audio is encoded in the JSON messages (required by the platform for JSON framing).
    pub encoding: AudioEncoding,
    /// The key of the audio in the messages sent to the server (the platform's default is `audio`).
    #[builder(default, setter(strip_option, into))]
    pub audio_field: Option<String>,
    /// The key of the audio in the messages the server sends back, when bidirectional (default: the same as
    /// `audio_field`).
    #[builder(default, setter(strip_option, into))]
    pub receive_audio_field: Option<String>,
    /// Extra members put in every message sent to the server.
    #[builder(default, via_mutators, mutators(
        /// Adds one member to every message sent to the server.
        pub fn static_field(&mut self, key: impl Into<String>, value: impl Into<serde_json::Value>) {
            self.static_fields.insert(key.into(), value.into());
        }
    ))]
    pub static_fields: serde_json::Map<String, serde_json::Value>,
}

impl AudioTransport {
    fn to_raw(&self) -> Result<raw::types::AudioTransport> {
        Ok(match self {
            Self::Binary => raw::types::AudioTransport {
                transport: "binary".to_owned(),
                encoding: None,
                audio_field: None,
                receive_audio_field: None,
                static_fields: serde_json::Map::new(),
            },
            Self::Json(json) => {
                for (field, value) in
                    [("audio_field", &json.audio_field), ("receive_audio_field", &json.receive_audio_field)]
                {
                    if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                        return Err(Error::invalid(field, "must not be empty"));
                    }
                }
                let audio_key = json.audio_field.as_deref().unwrap_or("audio");
                if json.static_fields.contains_key(audio_key) {
                    return Err(Error::invalid(
                        "static_fields",
                        format!("must not contain the audio field {audio_key:?}, which carries the audio"),
                    ));
                }
                raw::types::AudioTransport {
                    transport: "json".to_owned(),
                    encoding: Some(json.encoding.as_str().to_owned()),
                    audio_field: json.audio_field.clone(),
                    receive_audio_field: json.receive_audio_field.clone(),
                    static_fields: json.static_fields.clone(),
                }
            }
        })
    }
}

wire_model! {
    /// The platform's answer to [`OpenTok::connect_audio`].
    pub struct AudioConnectorStarted("an Audio Connector answer") {
        /// The connector's id.
        "id" => pub id: AudioConnectorId as Req<Plain>,
        /// The connection it joined the session as: force-disconnect it to stop the connector.
        "connectionId" => pub connection_id: ConnectionId as Req<Plain>,
        /// Listed as required by the platform's spec by mistake; kept if it is ever sent.
        "captionsId" => pub captions_id: Option<String> as Opt<Plain>,
    }
}

/// A running Audio Connector: the platform's answer, and the session it joined, so that it can be
/// stopped.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AudioConnector {
    /// The connector's id. (Every model's own id is its `id` field.)
    pub id: AudioConnectorId,
    /// The connection the connector joined the session as.
    pub connection_id: ConnectionId,
    /// The session the connector joined.
    pub session_id: SessionId,
    /// The platform's answer (id and connection id), kept whole.
    pub started: AudioConnectorStarted,
}

impl AudioConnector {
    // The `id` and `connection_id` fields, as methods: hidden (one way to read an id), kept so that
    // existing code compiles. To be deprecated once every caller uses the fields.
    #[doc(hidden)]
    pub fn id(&self) -> &AudioConnectorId {
        &self.id
    }

    #[doc(hidden)]
    pub fn connection_id(&self) -> &ConnectionId {
        &self.connection_id
    }

    /// Stops the connector: a force-disconnect of its connection
    /// ([`OpenTok::force_disconnect`], `DELETE /v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}`).
    ///
    /// # Errors
    /// As [`OpenTok::force_disconnect`]: 404 when the connection is already gone.
    pub async fn stop(&self, client: &OpenTok) -> Result<()> {
        client.force_disconnect(&self.session_id, &self.started.connection_id).await
    }
}

/// Builder for [`OpenTok::connect_audio`]. Its `Debug` output leaves out the token and header values.
#[must_use = "call .send().await"]
pub struct ConnectAudio<'c> {
    client: &'c OpenTok,
    session_id: SessionId,
    token: String,
    uri: String,
    streams: Vec<StreamId>,
    headers: BTreeMap<String, String>,
    audio_rate: Option<AudioRate>,
    bidirectional: Option<bool>,
    audio_transport: Option<AudioTransport>,
}

impl OpenTok {
    /// Connects the audio of the routed session `session_id` to the WebSocket server at `uri` (`ws://` or
    /// `wss://`). The connector joins the session as a connection with `token` (a client token for that
    /// session; its data tags the connection).
    ///
    /// Finish with [`ConnectAudio::send`], which sends `POST /v2/project/{apiKey}/connect` with
    /// `{"sessionId", "token", "websocket": {"uri", "streams"?, "headers"?, "audioRate"?, "bidirectional"?,
    /// "audioTransport"?}}`. Stop it with [`AudioConnector::stop`].
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session: opentok_sdk::Session) -> Result<(), Box<dyn std::error::Error>> {
    /// use opentok_sdk::audio_connector::{AudioEncoding, AudioRate, AudioTransport, JsonAudioTransport};
    ///
    /// let token = session.generate_token().data("bot").build()?;
    /// let connector = ot
    ///     .connect_audio(&session.id, &token, "wss://bot.example.com/audio")
    ///     .header("Authorization", "Bearer abc")
    ///     .audio_rate(AudioRate::Hz16000)
    ///     .bidirectional(true)
    ///     .audio_transport(AudioTransport::Json(
    ///         JsonAudioTransport::builder().encoding(AudioEncoding::Base64).build(),
    ///     ))
    ///     .send()
    ///     .await?;
    /// println!("connector {} is connection {}", connector.id, connector.connection_id);
    /// connector.stop(&ot).await?;
    /// # Ok(()) }
    /// ```
    pub fn connect_audio(
        &self,
        session_id: &SessionId,
        token: impl AsRef<str>,
        uri: impl Into<String>,
    ) -> ConnectAudio<'_> {
        ConnectAudio {
            client: self,
            session_id: session_id.clone(),
            token: token.as_ref().to_owned(),
            uri: uri.into(),
            streams: Vec::new(),
            headers: BTreeMap::new(),
            audio_rate: None,
            bidirectional: None,
            audio_transport: None,
        }
    }
}

impl ConnectAudio<'_> {
    /// Sends only these streams' audio (default: every stream of the session), added to the ones given
    /// before.
    pub fn streams<'s>(mut self, streams: impl IntoIterator<Item = &'s StreamId>) -> Self {
        self.streams.extend(streams.into_iter().cloned());
        self
    }

    /// A header sent to the WebSocket server when connecting. A later header with the same name replaces
    /// an earlier one. All headers together take at most 512 bytes.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.insert(name.into(), value.into());
        self
    }

    /// Headers sent to the WebSocket server, added to the ones given before.
    pub fn headers<I, K, V>(mut self, headers: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.headers.extend(headers.into_iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    /// The sample rate (the platform's default is 8 kHz).
    pub fn audio_rate(mut self, rate: AudioRate) -> Self {
        self.audio_rate = Some(rate);
        self
    }

    /// Whether audio the server sends back is published into the session (the platform's default is
    /// false).
    pub fn bidirectional(mut self, on: bool) -> Self {
        self.bidirectional = Some(on);
        self
    }

    /// How audio is framed on the socket (the platform's default is binary).
    pub fn audio_transport(mut self, transport: AudioTransport) -> Self {
        self.audio_transport = Some(transport);
        self
    }

    pub(crate) fn body(&self) -> Result<raw::types::ConnectAudio> {
        check_id("session_id", self.session_id.as_str())?;
        check_token(&self.token)?;
        check_ws_uri(&self.uri)?;
        for stream in &self.streams {
            check_id("streams", stream.as_str())?;
        }
        let mut header_bytes = 0usize;
        for (name, value) in &self.headers {
            if name.is_empty() {
                return Err(Error::invalid("headers", "a header name must not be empty"));
            }
            header_bytes = header_bytes.saturating_add(name.len()).saturating_add(value.len());
        }
        if header_bytes > MAX_HEADER_BYTES {
            return Err(Error::invalid(
                "headers",
                format!("must take at most {MAX_HEADER_BYTES} bytes in all (names and values), got {header_bytes}"),
            ));
        }
        Ok(raw::types::ConnectAudio {
            session_id: self.session_id.to_string(),
            token: self.token.clone(),
            websocket: raw::types::AudioWebsocket {
                uri: self.uri.clone(),
                streams: self.streams.iter().map(|s| s.to_string()).collect(),
                headers: self.headers.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                audio_rate: self.audio_rate.map(|r| i64::from(r.hertz())),
                bidirectional: self.bidirectional,
                audio_transport: self.audio_transport.as_ref().map(AudioTransport::to_raw).transpose()?,
            },
        })
    }

    /// Checks the options and connects.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] before sending: an empty session id, token or stream id, a URI that is not
    /// `ws://` or `wss://` with a host (or over 2048 characters), headers over 512 bytes, an empty or
    /// clashing JSON audio field. [`Error::Api`]: 400 invalid option, 403 token refused, 404 unknown
    /// session, 409 relayed session.
    pub async fn send(self) -> Result<AudioConnector> {
        let body = self.body()?;
        let session_id = self.session_id.clone();
        let raw = self.client.raw().connect_audio().api_key(self.client.account_id()).body(body);
        let started = self.client.call(raw.send()).await.and_then(AudioConnectorStarted::from_object)?;
        Ok(AudioConnector { id: started.id.clone(), connection_id: started.connection_id.clone(), session_id, started })
    }
}

impl fmt::Debug for ConnectAudio<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectAudio")
            .field("session_id", &self.session_id)
            .field("token", &"[redacted]")
            .field("uri", &self.uri)
            .field("streams", &self.streams)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("audio_rate", &self.audio_rate)
            .field("bidirectional", &self.bidirectional)
            .field("audio_transport", &self.audio_transport)
            .finish()
    }
}

/// A `ws://` or `wss://` URI with a host, at most 2048 characters.
fn check_ws_uri(uri: &str) -> Result<()> {
    let rest = uri
        .strip_prefix("wss://")
        .or_else(|| uri.strip_prefix("ws://"))
        .ok_or_else(|| Error::invalid("uri", "must start with ws:// or wss://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.starts_with(':') || host.chars().any(char::is_whitespace) {
        return Err(Error::invalid("uri", "must name a host after ws:// or wss://"));
    }
    let chars = uri.chars().count();
    if chars > 2048 {
        return Err(Error::invalid("uri", format!("must be at most 2048 characters, got {chars}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn field(r: Result<raw::types::ConnectAudio>) -> &'static str {
        match r {
            Err(Error::InvalidArgument { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bodies_carry_only_what_was_set() {
        let ot = OpenTok::new("123456", "secret").unwrap();
        let sid = SessionId::from("2_MX4x");
        let connect = || ot.connect_audio(&sid, "tok", "wss://example.com/a");
        assert_eq!(
            serde_json::to_value(connect().body().unwrap()).unwrap(),
            json!({"sessionId": "2_MX4x", "token": "tok", "websocket": {"uri": "wss://example.com/a"}})
        );
        let s1 = StreamId::from("s1");
        let json_transport = JsonAudioTransport::builder()
            .encoding(AudioEncoding::Base64)
            .audio_field("payload")
            .receive_audio_field("reply")
            .static_field("agent", "x")
            .static_field("n", 1)
            .build();
        let full = connect()
            .streams([&s1])
            .header("X-A", "1")
            .audio_rate(AudioRate::Hz24000)
            .bidirectional(true)
            .audio_transport(AudioTransport::Json(json_transport));
        assert_eq!(
            serde_json::to_value(full.body().unwrap()).unwrap(),
            json!({"sessionId": "2_MX4x", "token": "tok", "websocket": {"uri": "wss://example.com/a",
                "streams": ["s1"], "headers": {"X-A": "1"}, "audioRate": 24000, "bidirectional": true,
                "audioTransport": {"transport": "json", "encoding": "base64", "audio_field": "payload",
                    "receive_audio_field": "reply", "static_fields": {"agent": "x", "n": 1}}}})
        );
        let binary = connect().audio_transport(AudioTransport::Binary).body().unwrap();
        assert_eq!(serde_json::to_value(binary.websocket.audio_transport).unwrap(), json!({"transport": "binary"}));
    }

    #[test]
    fn every_rule_names_its_field() {
        let ot = OpenTok::new("123456", "secret").unwrap();
        let sid = SessionId::from("2_MX4x");
        let connect = || ot.connect_audio(&sid, "tok", "ws://example.com");
        assert_eq!(field(ot.connect_audio(&sid, "tok", "https://example.com").body()), "uri");
        assert_eq!(field(ot.connect_audio(&sid, "tok", "wss://").body()), "uri");
        assert_eq!(field(ot.connect_audio(&sid, "tok", "wss:///path").body()), "uri");
        assert_eq!(field(ot.connect_audio(&sid, "tok", format!("wss://a/{}", "x".repeat(2048))).body()), "uri");
        assert_eq!(field(ot.connect_audio(&sid, "", "ws://example.com").body()), "token");
        assert_eq!(field(ot.connect_audio(&SessionId::from(""), "tok", "ws://example.com").body()), "session_id");
        assert_eq!(field(connect().streams([&StreamId::from("")]).body()), "streams");
        // 512 bytes in all are fine; one more is not. Bytes, not characters.
        assert!(connect().header("k", "v".repeat(511)).body().is_ok());
        assert_eq!(field(connect().header("k", "v".repeat(512)).body()), "headers");
        assert_eq!(field(connect().header("k", "é".repeat(256)).body()), "headers");
        assert_eq!(field(connect().header("", "v").body()), "headers");
        let json = |b: JsonAudioTransport| connect().audio_transport(AudioTransport::Json(b)).body();
        let base = || JsonAudioTransport::builder().encoding(AudioEncoding::Base64);
        assert_eq!(field(json(base().audio_field("").build())), "audio_field");
        assert_eq!(field(json(base().receive_audio_field(" ").build())), "receive_audio_field");
        assert_eq!(field(json(base().static_field("audio", 1).build())), "static_fields");
        assert!(json(base().audio_field("a").static_field("audio", 1).build()).is_ok());
        assert!(format!("{:?}", connect().header("Authorization", "Bearer secret")).contains("Authorization"));
        assert!(!format!("{:?}", connect().header("Authorization", "Bearer secret")).contains("secret"));
    }

    #[test]
    fn audio_rates() {
        for rate in AudioRate::ALL {
            assert_eq!(AudioRate::try_from(rate.hertz()).unwrap(), *rate);
            assert_eq!(serde_json::from_value::<AudioRate>(json!(rate.hertz())).unwrap(), *rate);
        }
        assert!(matches!(AudioRate::try_from(44_100), Err(Error::InvalidArgument { field: "audio_rate", .. })));
        assert!(serde_json::from_value::<AudioRate>(json!(11025)).is_err());
        assert_eq!(AudioRate::default().to_string(), "8000 Hz");
    }

    proptest::proptest! {
        /// Any input: `body` never panics, accepts exactly the inputs within the rules, and sends them as given.
        #[test]
        fn builder_accepts_exactly_the_valid_inputs(
            uri in "(wss?|https?)://[a-z.]{0,12}(/[a-z]{0,5})?",
            headers in proptest::collection::btree_map("[A-Za-z-]{0,10}", "\\PC{0,120}", 0..6),
            rate in proptest::sample::select(AudioRate::ALL.to_vec()),
            bidirectional in proptest::bool::ANY,
            audio_field in proptest::option::of("[a-z]{0,6}"),
        ) {
            let ot = OpenTok::new("123456", "secret").unwrap();
            let sid = SessionId::from("2_MX4x");
            let mut transport = JsonAudioTransport::builder().encoding(AudioEncoding::Base64).build();
            transport.audio_field = audio_field.clone();
            let b = ot.connect_audio(&sid, "tok", uri.as_str()).headers(headers.clone()).audio_rate(rate)
                .bidirectional(bidirectional).audio_transport(AudioTransport::Json(transport));
            let bytes: usize = headers.iter().map(|(k, v)| k.len() + v.len()).sum();
            let host = uri.split("://").nth(1).unwrap_or("").split('/').next().unwrap_or("");
            let valid = uri.starts_with("ws") && !host.is_empty() && bytes <= 512
                && !headers.keys().any(String::is_empty) && audio_field.as_deref() != Some("");
            match b.body() {
                Ok(body) => {
                    proptest::prop_assert!(valid);
                    let json = serde_json::to_value(body).unwrap();
                    proptest::prop_assert_eq!(&json["websocket"]["uri"], &json!(uri));
                    proptest::prop_assert_eq!(&json["websocket"]["audioRate"], &json!(rate.hertz()));
                    proptest::prop_assert_eq!(&json["websocket"]["bidirectional"], &json!(bidirectional));
                    let sent = json["websocket"].get("headers").cloned().unwrap_or(json!({}));
                    proptest::prop_assert_eq!(sent, json!(headers));
                }
                Err(Error::InvalidArgument { .. }) => proptest::prop_assert!(!valid),
                Err(other) => proptest::prop_assert!(false, "{other}"),
            }
        }
    }

    #[test]
    fn audio_rates_parse_from_their_hertz() {
        for rate in AudioRate::ALL {
            assert_eq!(rate.hertz().to_string().parse::<AudioRate>().unwrap(), *rate);
        }
        for bad in ["", "44100", "16 kHz", "-8000"] {
            let err = bad.parse::<AudioRate>().unwrap_err();
            assert!(matches!(err, Error::InvalidArgument { field: "audio_rate", .. }), "{bad:?}: {err}");
        }
    }
}
