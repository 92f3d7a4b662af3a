//! SIP interconnect: dialling out from a session to a SIP endpoint (a phone line, a PBX), and playing
//! DTMF tones to SIP participants.
//!
//! REST reference: <https://tokbox.com/developer/rest/#sip_call> and
//! <https://tokbox.com/developer/rest/#play-dtmf-to-session>.

use std::{collections::BTreeMap, fmt};

use crate::{
    client::OpenTok,
    error::{DecodeError, Error, Result},
    ids::{check_id, ConnectionId, SessionId, SipCallId, StreamId},
    macros::wire_model,
    raw,
    wire::{LenientEpochMillis, NonEmpty, Opt, Plain, Req, Text},
};

impl OpenTok {
    /// Starts a SIP call from a routed session to `sip_uri` (`sip:` or `sips:`). The call joins the session
    /// as a new connection, with `token` (minted for that session) as its credentials, and publishes one
    /// stream. End it with [`force_disconnect`](Self::force_disconnect) on its connection id.
    ///
    /// `token` is any client token for the session: the crate's token type or a string.
    /// Finish with [`Dial::send`], which sends `POST /v2/project/{apiKey}/dial` with
    /// `{"sessionId", "token", "sip": {"uri", ..}}`.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId, token: String) -> opentok_sdk::Result<()> {
    /// let call = ot
    ///     .dial(&session_id, &token, "sip:+15551234567@sip.example.com;transport=tls")
    ///     .from("14155550101@example.com")
    ///     .header("X-Conference-Id", "42")
    ///     .auth("user", "pass")
    ///     .secure(true)
    ///     .observe_force_mute(true)
    ///     .send()
    ///     .await?;
    /// println!("call {} joined as {}", call.id, call.connection_id);
    /// ot.force_disconnect(&session_id, &call.connection_id).await?; // hang up
    /// # Ok(()) }
    /// ```
    pub fn dial(&self, session_id: &SessionId, token: impl AsRef<str>, sip_uri: impl Into<String>) -> Dial<'_> {
        Dial {
            client: self,
            session_id: session_id.clone(),
            token: token.as_ref().to_owned(),
            uri: sip_uri.into(),
            from: None,
            headers: BTreeMap::new(),
            auth: None,
            secure: None,
            video: None,
            observe_force_mute: None,
            streams: Vec::new(),
        }
    }

    /// Starts playing DTMF digits to every SIP participant of a session, or to one with
    /// [`PlayDtmf::to_connection`]. `digits` may contain `0`-`9`, `*`, `#`, and `p` (a 500 ms pause).
    ///
    /// Finish with [`PlayDtmf::send`], which sends `POST /v2/project/{apiKey}/session/{sessionId}/play-dtmf`,
    /// or `POST /v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}/play-dtmf` for one
    /// connection, with `{"digits"}`.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId, call: opentok_sdk::sip::SipCall) -> opentok_sdk::Result<()> {
    /// ot.play_dtmf(&session_id, "1234#").send().await?;
    /// ot.play_dtmf(&session_id, "9p9p*").to_connection(&call.connection_id).send().await?;
    /// # Ok(()) }
    /// ```
    pub fn play_dtmf(&self, session_id: &SessionId, digits: impl Into<String>) -> PlayDtmf<'_> {
        PlayDtmf { client: self, session_id: session_id.clone(), connection_id: None, digits: digits.into() }
    }
}

/// Builder for [`OpenTok::dial`].
///
/// Its `Debug` output leaves out the token and the SIP password.
#[must_use = "call .send().await"]
pub struct Dial<'c> {
    client: &'c OpenTok,
    session_id: SessionId,
    token: String,
    uri: String,
    from: Option<String>,
    headers: BTreeMap<String, String>,
    auth: Option<(String, String)>,
    secure: Option<bool>,
    video: Option<bool>,
    observe_force_mute: Option<bool>,
    streams: Vec<StreamId>,
}

impl Dial<'_> {
    /// The caller, as `user@domain`. A numeric user part shows as the caller id on phone networks.
    pub fn from(mut self, from: impl Into<String>) -> Self {
        self.from = Some(from.into());
        self
    }

    /// A custom header for the SIP INVITE. A later header with the same name replaces an earlier one.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.insert(name.into(), value.into());
        self
    }

    /// Custom headers for the SIP INVITE, added to the ones given before.
    pub fn headers<I, K, V>(mut self, headers: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.headers.extend(headers.into_iter().map(|(k, v)| (k.into(), v.into())));
        self
    }

    /// Credentials for SIP digest authentication. The password never appears in `Debug` output.
    pub fn auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.auth = Some((username.into(), password.into()));
        self
    }

    /// Whether the media is encrypted (SRTP). The platform's default is `false`. For encrypted
    /// signalling, use a `sips:` URI or `;transport=tls`.
    pub fn secure(mut self, secure: bool) -> Self {
        self.secure = Some(secure);
        self
    }

    /// Whether the call carries video (the SIP endpoint receives one composed grid). The platform's
    /// default is `false`.
    pub fn video(mut self, video: bool) -> Self {
        self.video = Some(video);
        self
    }

    /// Whether the call obeys force-mute requests for the session. The platform's default is `false`.
    pub fn observe_force_mute(mut self, observe: bool) -> Self {
        self.observe_force_mute = Some(observe);
        self
    }

    /// The streams the call subscribes to, added to the ones given before. By default it gets all of them.
    pub fn streams<I>(mut self, stream_ids: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<StreamId>,
    {
        self.streams.extend(stream_ids.into_iter().map(Into::into));
        self
    }

    fn body(&self) -> Result<raw::types::Dial> {
        check_id("session_id", self.session_id.as_str())?;
        if self.token.trim().is_empty() {
            return Err(Error::invalid("token", "must not be empty"));
        }
        check_sip_uri(&self.uri)?;
        if let Some(from) = &self.from {
            if from.trim().is_empty() {
                return Err(Error::invalid("from", "must not be empty when set"));
            }
        }
        for (name, value) in &self.headers {
            if name.is_empty() || !name.bytes().all(is_sip_token_byte) {
                return Err(Error::invalid(
                    "headers",
                    format!("header name {name:?} must be a non-empty SIP token (letters, digits, -.!%*_+`'~)"),
                ));
            }
            if value.chars().any(|c| matches!(c, '\r' | '\n' | '\0')) {
                return Err(Error::invalid("headers", format!("the value of header {name:?} must be on one line")));
            }
        }
        if let Some((username, _)) = &self.auth {
            if username.is_empty() {
                return Err(Error::invalid("auth", "the username must not be empty"));
            }
        }
        for id in &self.streams {
            check_id("streams", id.as_str())?;
        }
        Ok(raw::types::Dial {
            session_id: self.session_id.as_str().to_owned(),
            token: self.token.clone(),
            sip: raw::types::SipOptions {
                uri: self.uri.clone(),
                from: self.from.clone(),
                headers: self.headers.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                auth: self.auth.as_ref().map(|(username, password)| raw::types::SipAuth {
                    username: username.clone(),
                    password: password.clone(),
                }),
                secure: self.secure,
                video: self.video,
                observe_force_mute: self.observe_force_mute,
                streams: self.streams.iter().map(|s| s.as_str().to_owned()).collect(),
            },
        })
    }

    /// Checks the options and places the call.
    ///
    /// Sends `POST /v2/project/{apiKey}/dial` with
    /// `{"sessionId", "token", "sip": {"uri", "from"?, "headers"?, "auth"?, "secure"?, "video"?,
    /// "observeForceMute"?, "streams"?}}`; options not set are left out.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] (nothing is sent) naming `sip_uri` if the URI is not a `sip:` or `sips:`
    /// URI, `token`, `session_id` or `from` if empty, `headers` if a header name is not a SIP token or a
    /// value spans lines, `auth` if the username is empty, `streams` if a stream id is empty.
    /// [`Error::Api`] with status 409 ([`Error::is_conflict`]) if the session is relayed rather than routed,
    /// 404 if the session does not exist, 400 or 403 if the platform rejects the request or the token, a
    /// retryable 500 ([`Error::is_retryable`]) if no media server could be allocated; the usual transport,
    /// timeout and decode errors ([`Error::Decode`] also if the answer has no connection id).
    pub async fn send(self) -> Result<SipCall> {
        let body = self.body()?;
        let client = self.client;
        let call = client.call(client.raw().dial().api_key(client.account_id()).body(body).send()).await?;
        SipCall::from_answer(call)
    }
}

impl fmt::Debug for Dial<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dial")
            .field("session_id", &self.session_id)
            .field("token", &"[redacted]")
            .field("uri", &self.uri)
            .field("from", &self.from)
            .field("headers", &self.headers)
            .field("auth_username", &self.auth.as_ref().map(|(username, _)| username))
            .field("secure", &self.secure)
            .field("video", &self.video)
            .field("observe_force_mute", &self.observe_force_mute)
            .field("streams", &self.streams)
            .finish_non_exhaustive()
    }
}

/// Checks that `uri` is a `sip:` or `sips:` URI with something after the scheme and no whitespace.
fn check_sip_uri(uri: &str) -> Result<()> {
    let rest = uri.strip_prefix("sip:").or_else(|| uri.strip_prefix("sips:"));
    match rest {
        Some(rest) if !rest.is_empty() && !uri.chars().any(char::is_whitespace) => Ok(()),
        _ => Err(Error::invalid(
            "sip_uri",
            format!("must be a sip: or sips: URI such as sip:user@example.com, not {uri:?}"),
        )),
    }
}

/// A byte allowed in a SIP header name (RFC 3261 `token`).
fn is_sip_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-.!%*_+`'~".contains(&b)
}

wire_model! {
    /// A SIP call placed by [`OpenTok::dial`]. Keeps every member the platform sends (see
    /// [`Archive`](crate::archive::Archive) for the rules) and serializes back to the same JSON.
    pub struct SipCall("a SIP call") {
        /// The call's id.
        "id" => pub id: SipCallId as Req<Plain>,
        /// The connection through which the call joined the session; force-disconnect it to hang up.
        "connectionId" => pub connection_id: ConnectionId as Req<NonEmpty<Plain>>,
        /// The stream the call publishes, if the platform said.
        "streamId" => pub stream_id: Option<StreamId> as Opt<NonEmpty<Plain>>,
        /// The session called from, if the platform said.
        "sessionId" => pub session_id: Option<SessionId> as Opt<NonEmpty<Plain>>,
        /// The OpenTok project (its API key, as text), if the platform said.
        "projectId" => pub project_id: Option<String> as Opt<Text>,
        /// When the call was created, if the platform said.
        "createdAt" => pub created_at: Option<chrono::DateTime<chrono::Utc>> as Opt<LenientEpochMillis>,
        /// When the call last changed, if the platform said.
        "updatedAt" => pub updated_at: Option<chrono::DateTime<chrono::Utc>> as Opt<LenientEpochMillis>,
    }
}

impl SipCall {
    /// Reads the dial answer, which must name the call's connection.
    fn from_answer<K: AsRef<str> + Into<String>>(
        object: impl IntoIterator<Item = (K, serde_json::Value)>,
    ) -> Result<Self> {
        Self::from_object(object).map_err(|e| match e {
            Error::Decode(d) => Error::Decode(DecodeError::new(format!("the dial response: {}", d.snippet()))),
            other => other,
        })
    }
}

/// Builder for [`OpenTok::play_dtmf`].
#[derive(Debug)]
#[must_use = "call .send().await"]
pub struct PlayDtmf<'c> {
    client: &'c OpenTok,
    session_id: SessionId,
    connection_id: Option<ConnectionId>,
    digits: String,
}

impl PlayDtmf<'_> {
    /// Plays the digits to this connection (a SIP call's) only, instead of to every SIP participant.
    pub fn to_connection(mut self, connection_id: &ConnectionId) -> Self {
        self.connection_id = Some(connection_id.clone());
        self
    }

    fn body(&self) -> Result<raw::types::Dtmf> {
        if self.digits.is_empty() || !self.digits.bytes().all(|b| b.is_ascii_digit() || b"*#p".contains(&b)) {
            return Err(Error::invalid(
                "digits",
                format!("must match ^[0-9*#p]+$ (p is a 500 ms pause), not {:?}", self.digits),
            ));
        }
        Ok(raw::types::Dtmf { digits: self.digits.clone() })
    }

    /// Checks the digits and plays them.
    ///
    /// Sends `POST /v2/project/{apiKey}/session/{sessionId}/play-dtmf`, or
    /// `POST /v2/project/{apiKey}/session/{sessionId}/connection/{connectionId}/play-dtmf`, with
    /// `{"digits": ..}`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] (nothing is sent) naming `digits` if they do not match `^[0-9*#p]+$`, or
    /// `session_id` / `connection_id` if one is empty; [`Error::Api`] with status 404
    /// ([`Error::is_not_found`]) if the session does not exist or the connection is not connected, 400 if
    /// the platform rejects the digits; the usual transport and timeout errors.
    pub async fn send(self) -> Result<()> {
        check_id("session_id", self.session_id.as_str())?;
        let body = self.body()?;
        let Self { client, session_id, connection_id, .. } = self;
        let api_key = client.account_id();
        match connection_id {
            None => {
                let raw = client.raw().play_dtmf_to_session().api_key(api_key).session_id(session_id.as_str());
                client.call(raw.body(body).send()).await
            }
            Some(connection_id) => {
                check_id("connection_id", connection_id.as_str())?;
                let raw = client.raw().play_dtmf_to_connection().api_key(api_key).session_id(session_id.as_str());
                client.call(raw.connection_id(connection_id.as_str()).body(body).send()).await
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn client() -> OpenTok {
        OpenTok::builder("123456", "secret").with_api_url("http://127.0.0.1:9").build().unwrap()
    }

    #[test]
    fn dial_body_with_every_option() {
        let ot = client();
        let sid = SessionId::from("1_MX4");
        let body = ot
            .dial(&sid, "T1==token", "sip:user@sip.example.com;transport=tls")
            .from("15551230000@example.com")
            .header("X-One", "1")
            .headers([("X-Two", "2")])
            .auth("alice", "s3cret")
            .secure(true)
            .video(false)
            .observe_force_mute(true)
            .streams([StreamId::from("s1")])
            .streams(["s2"])
            .body()
            .unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({
                "sessionId": "1_MX4",
                "token": "T1==token",
                "sip": {
                    "uri": "sip:user@sip.example.com;transport=tls",
                    "from": "15551230000@example.com",
                    "headers": {"X-One": "1", "X-Two": "2"},
                    "auth": {"username": "alice", "password": "s3cret"},
                    "secure": true,
                    "video": false,
                    "observeForceMute": true,
                    "streams": ["s1", "s2"]
                }
            })
        );
    }

    #[test]
    fn dial_body_minimal() {
        let ot = client();
        let body = ot.dial(&SessionId::from("1_MX4"), String::from("tok"), "sips:bob@example.com").body().unwrap();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"sessionId": "1_MX4", "token": "tok", "sip": {"uri": "sips:bob@example.com"}})
        );
    }

    #[test]
    fn dial_checks() {
        let ot = client();
        let sid = SessionId::from("1_MX4");
        for bad in ["", "sip:", "tel:+15551234567", "http://example.com", "SIP :x@y", "sip:a b@c", "user@example.com"] {
            let err = ot.dial(&sid, "tok", bad).body().unwrap_err();
            assert!(matches!(err, Error::InvalidArgument { field: "sip_uri", .. }), "{bad:?}: {err}");
        }
        let err = ot.dial(&sid, "", "sip:a@b").body().unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "token", .. }), "{err}");
        for name in ["", "X Bad", "X:Bad", "Ünïcode"] {
            let err = ot.dial(&sid, "tok", "sip:a@b").header(name, "v").body().unwrap_err();
            assert!(matches!(err, Error::InvalidArgument { field: "headers", .. }), "{name:?}: {err}");
        }
        let err = ot.dial(&sid, "tok", "sip:a@b").header("X-Ok", "a\r\nInjected: 1").body().unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "headers", .. }), "{err}");
        let err = ot.dial(&sid, "tok", "sip:a@b").auth("", "pw").body().unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { field: "auth", .. }), "{err}");
    }

    #[test]
    fn dial_debug_hides_password_and_token() {
        let ot = client();
        let dial = ot.dial(&SessionId::from("1_MX4"), "the-token-value", "sip:a@b").auth("alice", "hunter2-secret");
        let debug = format!("{dial:?}");
        assert!(!debug.contains("hunter2-secret"), "{debug}");
        assert!(!debug.contains("the-token-value"), "{debug}");
        assert!(debug.contains("alice"), "{debug}");
    }

    #[test]
    fn sip_call_needs_a_connection_id() {
        let object = |v: serde_json::Value| v.as_object().cloned().unwrap();
        let call =
            SipCall::from_answer(object(json!({"id": "c1", "connectionId": "k1", "streamId": "s1", "projectId": "1"})))
                .unwrap();
        assert_eq!(call.id, "c1");
        assert_eq!(call.connection_id, "k1");
        assert_eq!(call.stream_id, Some(StreamId::from("s1")));
        for bad in
            [json!({"id": "c1"}), json!({"id": "c1", "connectionId": ""}), json!({"id": "c1", "connectionId": null})]
        {
            let err = SipCall::from_answer(object(bad.clone())).unwrap_err();
            assert!(matches!(&err, Error::Decode(d) if d.snippet().contains("connectionId")), "{bad}: {err}");
        }
    }

    #[test]
    fn dtmf_body_and_checks() {
        let ot = client();
        let sid = SessionId::from("1_MX4");
        let body = ot.play_dtmf(&sid, "0123456789*#p").body().unwrap();
        assert_eq!(serde_json::to_value(&body).unwrap(), json!({"digits": "0123456789*#p"}));
        for bad in ["", "12a", "P", "1 2", "١"] {
            let err = ot.play_dtmf(&sid, bad).body().unwrap_err();
            assert!(matches!(err, Error::InvalidArgument { field: "digits", .. }), "{bad:?}: {err}");
        }
    }
}
