//! The crate's one error type. It knows nothing of HTTP plumbing: the transport floor converts the
//! generated client's errors into it (`transport::error_from_raw`).

use std::{borrow::Cow, fmt, time::Duration};

use reqwest::StatusCode;

use crate::macros::ParseEnumError;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in this crate.
///
/// In a web handler, [`handler_status`](Self::handler_status) says what to answer your own client, and
/// [`is_retryable`](Self::is_retryable) whether trying again later may help.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The platform answered with an error status. Its status, code and text are kept verbatim.
    #[error("{0}")]
    Api(ApiError),
    /// An argument broke a rule; nothing was sent. `field` names the argument, `reason` the rule.
    #[error("invalid argument `{field}`: {reason}")]
    InvalidArgument {
        /// The argument, as the builder method or option calls it.
        field: &'static str,
        /// The rule it broke.
        reason: Cow<'static, str>,
    },
    /// The request could not be sent or its response could not be read (DNS, connection refused or
    /// reset, TLS). The message includes the cause; `source()` has it as an error value too.
    #[error("could not reach the Video API: {0}")]
    Transport(#[source] TransportError),
    /// No complete response arrived in time. `limit` says which limit ended the call: an attempt's own
    /// timeout ([`ClientBuilder::with_timeout`](crate::ClientBuilder::with_timeout)) or the whole call's
    /// deadline ([`RetryConfig::with_deadline`](crate::RetryConfig::with_deadline)); `duration` is that
    /// limit as configured.
    #[error("{}", limit.describe(*duration))]
    Timeout {
        /// Which limit ended the call.
        limit: TimeLimit,
        /// The limit's configured length.
        duration: Duration,
    },
    /// A success response whose body could not be understood, or a body over the size limit; or a
    /// callback's body ([`webhook::Event::from_json`](crate::webhook::Event::from_json)) that does not
    /// read. The message says which, and includes the cause and the start of the body.
    #[error("{context}: {0}", context = .0.context())]
    Decode(#[source] DecodeError),
    /// The platform's API never redirects; a 3xx came from something else (a proxy, a wrong `api_url`).
    /// It is not followed, so no credential leaves the configured origin.
    #[error(
        "the Video API answered {status} with a redirect to {location:?}, which is not followed: check the API URL"
    )]
    Redirect {
        /// The 3xx status.
        status: StatusCode,
        /// The `Location` header, if there was one.
        location: Option<String>,
    },
}

/// Which limit ended a call that got no complete answer in time ([`Error::Timeout`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeLimit {
    /// The last attempt's own timeout ran out.
    Attempt,
    /// The whole call's deadline ran out (it cuts each attempt's timeout to the time left).
    Deadline,
}

impl TimeLimit {
    fn describe(self, duration: Duration) -> String {
        match self {
            Self::Attempt => format!("the Video API did not answer within the attempt's timeout of {duration:?}"),
            Self::Deadline => {
                format!("the Video API did not answer before the call's deadline of {duration:?} ran out")
            }
        }
    }
}

/// True for the statuses worth another attempt: 429 (rate limited) and 500, 502, 503, 504 (a transient
/// failure at the platform or between it and us). Other statuses, 501 and 505 among them, mean the same
/// request will fail again. The one rule behind [`Error::is_retryable`] and
/// [`RetryConfig`](crate::RetryConfig).
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
}

/// The one rule for the crate's enums (`Layout`, `Resolution`, `Role`, `OutputMode`, ...): `FromStr` fails
/// with a [`ParseEnumError`] that lists the accepted values, and `?` turns it into
/// [`Error::InvalidArgument`] whose `field` is the enum's name and whose reason is that error's text.
impl From<ParseEnumError> for Error {
    fn from(e: ParseEnumError) -> Self {
        Self::invalid(e.type_name(), e.to_string())
    }
}

impl Error {
    pub(crate) fn invalid(field: &'static str, reason: impl Into<Cow<'static, str>>) -> Self {
        Self::InvalidArgument { field, reason: reason.into() }
    }

    /// The HTTP status the platform answered with, for API errors and redirects.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(api) => Some(api.status()),
            Self::Redirect { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API error, if this is one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api(api) => Some(api),
            _ => None,
        }
    }

    /// True for a 404: the session, archive, connection or stream does not exist (or no client is
    /// connected, for starting an archive).
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// True for a 409: for instance the session is relayed, already being recorded, or the archive is
    /// not in a state that allows the call.
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(StatusCode::CONFLICT)
    }

    /// True for 401 and 403: the credentials were refused.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self.status(), Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN))
    }

    /// True for errors worth retrying later: transport failures, timeouts, and the statuses of
    /// [`is_retryable_status`] (429, 500, 502, 503, 504). The same rule [`RetryConfig`](crate::RetryConfig)
    /// applies.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport(_) | Self::Timeout { .. } => true,
            Self::Api(api) => is_retryable_status(api.status()),
            _ => false,
        }
    }

    /// The status a web handler should answer its own client with when this error ends its work:
    ///
    /// | error | status |
    /// |---|---|
    /// | [`InvalidArgument`](Self::InvalidArgument) | 400 Bad Request: the input that reached the SDK was wrong |
    /// | [`Api`](Self::Api) 400 or 404 for "no clients connected" ([`is_no_clients_connected`](Self::is_no_clients_connected)) | 409 Conflict: the session exists but is empty; it can work once someone joins |
    /// | [`Api`](Self::Api) 400, 404, 409, 413, 422 | the same status: the platform refused what was asked, for a reason your client can act on |
    /// | [`Api`](Self::Api) 429 | 503 Service Unavailable: your server is being rate limited |
    /// | [`Api`](Self::Api) 401, 403 | 502 Bad Gateway: your server's credentials are wrong; your client's are not at fault |
    /// | [`Api`](Self::Api) other 4xx and 5xx, [`Transport`](Self::Transport), [`Decode`](Self::Decode), [`Redirect`](Self::Redirect) | 502 Bad Gateway |
    /// | [`Timeout`](Self::Timeout) | 504 Gateway Timeout |
    ///
    /// Answer with [`public_message`](Self::public_message), not `to_string()` (which carries the cause,
    /// the API URL in transport errors and the credential hint); with the `axum` feature, `Error` is an
    /// `IntoResponse` that does both.
    pub fn handler_status(&self) -> StatusCode {
        if self.is_no_clients_connected() {
            return StatusCode::CONFLICT;
        }
        match self {
            Self::InvalidArgument { .. } => StatusCode::BAD_REQUEST,
            Self::Api(api) => match api.status().as_u16() {
                400 | 404 | 409 | 413 | 422 => api.status(),
                429 => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::BAD_GATEWAY,
            },
            Self::Timeout { .. } => StatusCode::GATEWAY_TIMEOUT,
            Self::Transport(_) | Self::Decode(_) | Self::Redirect { .. } => StatusCode::BAD_GATEWAY,
        }
    }
}

impl Error {
    /// The same error, told which kind of credentials signed the request (for [`ApiError::hint`]).
    pub(crate) fn signed_with(self, kind: CredentialKind) -> Self {
        match self {
            Self::Api(api) => Self::Api(ApiError { credentials: Some(kind), ..api }),
            other => other,
        }
    }

    /// True when the platform refused because no client is connected to the session (it answers 404,
    /// or 400, with "No clients are actively connected"): starting an archive, a broadcast or a
    /// migration in an empty session. The session exists; the call can succeed once someone joins, so
    /// [`handler_status`](Self::handler_status) answers 409 Conflict, not 404.
    pub fn is_no_clients_connected(&self) -> bool {
        let Self::Api(api) = self else { return false };
        let says = |text: Option<&str>| text.is_some_and(|t| t.to_ascii_lowercase().contains("no clients"));
        matches!(api.status().as_u16(), 400 | 404) && (says(api.message()) || says(api.description()))
    }

    /// A message safe to show your own client, to go with [`handler_status`](Self::handler_status): what
    /// was wrong with the request (the argument and the rule, or the platform's own message for a
    /// refusal your client can act on), and otherwise only which kind of failure it was. It never holds
    /// the API URL, a credential hint, a response body or a transport cause; log the error itself
    /// (its `Display`) for those.
    ///
    /// ```
    /// # use opentok_sdk::Error;
    /// fn answer(err: &Error) -> (u16, String) {
    ///     (err.handler_status().as_u16(), err.public_message())
    /// }
    /// ```
    pub fn public_message(&self) -> String {
        match self {
            Self::InvalidArgument { field, reason } => format!("invalid `{field}`: {reason}"),
            _ if self.is_no_clients_connected() => {
                "no client is connected to the session yet: try again once someone has joined".into()
            }
            Self::Api(api) if self.handler_status() == api.status() => match (api.message(), api.description()) {
                (Some(message), _) | (None, Some(message)) => message.to_owned(),
                (None, None) => api.status().canonical_reason().unwrap_or("refused").to_ascii_lowercase(),
            },
            _ => match self.handler_status().as_u16() {
                503 => "the video service is busy: try again later",
                504 => "the video service did not answer in time",
                _ => "the video service failed to handle the request",
            }
            .into(),
        }
    }
}

/// Which kind of credentials a client signs with; an [`ApiError`]'s hint depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialKind {
    /// A Vonage application: application id and RSA private key.
    Application,
    /// An OpenTok project: API key and secret.
    Project,
}

/// An error status from the platform, with its own words.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError {
    status: StatusCode,
    code: Option<i64>,
    message: Option<String>,
    description: Option<String>,
    credentials: Option<CredentialKind>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, fields: ErrorFields) -> Self {
        Self { status, code: fields.code, message: fields.message, description: fields.description, credentials: None }
    }

    /// The kind of credentials the refused request was signed with, when the client said.
    pub fn credential_kind(&self) -> Option<CredentialKind> {
        self.credentials
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The platform's `code`: the HTTP status, a platform code such as 15001, or -1.
    pub fn code(&self) -> Option<i64> {
        self.code
    }

    /// The platform's `message`, verbatim.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The platform's `description`, verbatim.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }

    /// A hint for the usual causes of this status, if there is one: for 401 and 403, the credentials of
    /// the kind in use, and the clock.
    pub fn hint(&self) -> Option<&'static str> {
        if !matches!(self.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
            return None;
        }
        Some(match self.credentials {
            Some(CredentialKind::Application) => {
                "check that the private key is the one the dashboard issued for this application id (a key \
                 regenerated since, or another application's, is refused) and that the application has Video \
                 enabled, and that this machine's clock is correct (the auth token is valid for 5 minutes from \
                 the local time)"
            }
            Some(CredentialKind::Project) => {
                "check that the API key and secret belong to the same project, and that this machine's clock \
                 is correct (the auth token is valid for 5 minutes from the local time)"
            }
            None => {
                "check the credentials (the private key belongs to the application id, or the API secret to \
                 the API key), and that this machine's clock is correct (the auth token is valid for 5 minutes \
                 from the local time)"
            }
        })
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Video API error {}", self.status.as_u16())?;
        if let Some(code) = self.code {
            write!(f, " (code {code})")?;
        }
        match (&self.message, &self.description) {
            (Some(m), Some(d)) if m != d => write!(f, ": {m}: {d}")?,
            (Some(m), _) => write!(f, ": {m}")?,
            (None, Some(d)) => write!(f, ": {d}")?,
            (None, None) => {}
        }
        if let Some(hint) = self.hint() {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status.as_u16())
            .field("code", &self.code)
            .field("message", &self.message)
            .field("description", &self.description)
            .field("credentials", &self.credentials)
            .finish()
    }
}

/// With the `axum` feature, a handler can return `Result<_, opentok_sdk::Error>`: an error answers with
/// [`Error::handler_status`] and the JSON body `{"error": <Error::public_message>}`, never the
/// internal details. Log the error before returning it if you want those (`inspect_err`).
///
/// ```
/// # #[cfg(feature = "axum")] {
/// use axum::{extract::{Path, State}, Json};
/// use opentok_sdk::{OpenTok, SessionId};
///
/// async fn start_recording(State(ot): State<OpenTok>, Path(room): Path<SessionId>) -> opentok_sdk::Result<Json<String>> {
///     let archive = ot.start_archive(&room).send().await?; // an empty room answers 409 {"error": "no client ..."}
///     Ok(Json(archive.id.to_string()))
/// }
/// # }
/// ```
#[cfg(feature = "axum")]
impl axum_core::response::IntoResponse for Error {
    fn into_response(self) -> axum_core::response::Response {
        let body = serde_json::json!({ "error": self.public_message() }).to_string();
        let mut response = axum_core::response::Response::new(axum_core::body::Body::from(body));
        *response.status_mut() = self.handler_status();
        response.headers_mut().insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/json"));
        response
    }
}

/// Why a request could not be sent or its response not read. It displays the whole chain of causes
/// (for instance `error sending request: client error (Connect): tcp connect error: Connection refused`);
/// `source()` gives the underlying error.
#[derive(Debug)]
pub struct TransportError(Box<dyn std::error::Error + Send + Sync>);

impl TransportError {
    pub(crate) fn new(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self(cause.into())
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_chain(f, &*self.0)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

/// Writes an error and its causes, `a: b: c`, skipping a cause whose text its parent already shows.
fn write_chain(f: &mut fmt::Formatter<'_>, error: &(dyn std::error::Error + 'static)) -> fmt::Result {
    let mut shown = error.to_string();
    f.write_str(&shown)?;
    let mut next = error.source();
    while let Some(cause) = next {
        let text = cause.to_string();
        if !shown.contains(&text) {
            write!(f, ": {text}")?;
        }
        shown = text;
        next = cause.source();
    }
    Ok(())
}

/// A response body that did not have the expected shape, or was too large. Displays what was wrong and
/// the start of the body.
#[derive(Debug)]
pub struct DecodeError {
    snippet: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
    context: &'static str,
}

/// What a [`DecodeError`] is about by default.
const API_RESPONSE: &str = "unexpected response from the Video API";

impl DecodeError {
    pub(crate) fn new(snippet: impl Into<String>) -> Self {
        Self { snippet: snippet.into(), source: None, context: API_RESPONSE }
    }

    /// A decode error for `body`, caused by `cause`.
    pub(crate) fn of_body(body: &[u8], cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self { snippet: snippet(body), source: Some(cause.into()), context: API_RESPONSE }
    }

    /// A decode error with no body to show, caused by `cause`.
    pub(crate) fn caused_by(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self { snippet: String::new(), source: Some(cause.into()), context: API_RESPONSE }
    }

    /// The same error, about a callback's body rather than an API response.
    pub(crate) fn in_callback(mut self) -> Self {
        self.context = "the callback's body does not read";
        self
    }

    /// What could not be read: `unexpected response from the Video API`, or `the callback's body does
    /// not read`.
    pub fn context(&self) -> &'static str {
        self.context
    }

    /// The first bytes of the body (or a description of what was wrong), lossily decoded.
    pub fn snippet(&self) -> &str {
        &self.snippet
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(cause) => write_chain(f, &**cause)?,
            None => f.write_str("the body does not have the expected shape")?,
        }
        if !self.snippet.is_empty() {
            write!(f, "; body starts {:?}", self.snippet)?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

const SNIPPET_LEN: usize = 512;

/// The start of a body, lossily decoded and trimmed (cut on a character boundary).
fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_LEN)]);
    text.trim().to_owned()
}

/// A text member of an error body: a string as it is, `null` as nothing, anything else as its JSON.
fn member_text(value: serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// The fields of the platform's JSON error body, read leniently from whatever an error response carried:
/// JSON with the platform's fields, JSON of another shape, HTML, plain text, or nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub(crate) struct ErrorFields {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) code: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
}

impl ErrorFields {
    pub(crate) fn parse(body: &[u8]) -> Self {
        #[derive(serde::Deserialize)]
        struct Lenient {
            code: Option<serde_json::Value>,
            message: Option<serde_json::Value>,
            description: Option<serde_json::Value>,
        }
        let text_of = |v: Option<serde_json::Value>| v.and_then(member_text);
        match serde_json::from_slice::<Lenient>(body) {
            Ok(parsed) => Self {
                code: parsed.code.and_then(|c| c.as_i64().or_else(|| c.as_str().and_then(|s| s.trim().parse().ok()))),
                message: text_of(parsed.message),
                description: text_of(parsed.description),
            },
            Err(_) => {
                let text = snippet(body);
                Self { code: None, message: (!text.is_empty()).then_some(text), description: None }
            }
        }
    }

    /// The fields found in the start of an error body that was cut off (it was larger than the client
    /// reads): the members of the top-level object that are complete in `prefix`, read in order until
    /// the first one that is not. Nothing is guessed from a member that was cut.
    pub(crate) fn parse_prefix(prefix: &[u8]) -> Self {
        use serde::de::{Deserializer as _, IgnoredAny, MapAccess, Visitor};

        struct Members<'f>(&'f mut ErrorFields);
        impl<'de> Visitor<'de> for Members<'_> {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
                // Each member is taken once it is read whole; the first error (the cut) ends the walk.
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    match &*key {
                        "code" => {
                            let v: serde_json::Value = map.next_value()?;
                            self.0.code = v.as_i64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()));
                        }
                        "message" => self.0.message = member_text(map.next_value()?),
                        "description" => self.0.description = member_text(map.next_value()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(())
            }
        }

        // A number at the very end may have been cut (`150` of `15001`): it is dropped, not guessed.
        let end = prefix.iter().rposition(|b| !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'));
        let prefix = &prefix[..end.map_or(0, |i| i + 1)];
        let mut fields = Self::default();
        // The walk ends in an error at the cut; what was read before it is kept.
        let _cut = serde_json::Deserializer::from_slice(prefix).deserialize_map(Members(&mut fields));
        fields
    }

    /// The fields as the platform's JSON error body.
    pub(crate) fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_else(|_| b"{}".to_vec())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_includes_the_cause() {
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionRefused, "connection refused");
        let err = Error::Transport(TransportError::new(io));
        assert_eq!(err.to_string(), "could not reach the Video API: connection refused");
        let bad_json = serde_json::from_slice::<serde_json::Value>(b"{oops").unwrap_err();
        let err = Error::Decode(DecodeError::of_body(b"{oops", bad_json));
        let shown = err.to_string();
        assert!(shown.starts_with("unexpected response from the Video API: key must be a string"), "{shown}");
        assert!(shown.ends_with(r#"body starts "{oops""#), "{shown}");
        let err = Error::Redirect { status: StatusCode::FOUND, location: Some("https://elsewhere/".into()) };
        assert!(err.to_string().contains("https://elsewhere/"), "{err}");
    }

    #[test]
    fn a_cut_error_body_gives_the_members_read_whole() {
        let full = br#"{"code":-1,"message":"Busy","description":"later","more":[1,2,3]}"#;
        for cut in 0..full.len() {
            let fields = ErrorFields::parse_prefix(&full[..cut]);
            // A member is found only once its value is complete in the prefix (a number once what follows
            // it shows that it ended).
            let complete = |member: &str, extra: usize| {
                let end = std::str::from_utf8(full).unwrap().find(member).unwrap() + member.len();
                cut >= end + extra
            };
            assert_eq!(fields.code, complete(r#""code":-1"#, 1).then_some(-1), "cut at {cut}");
            assert_eq!(fields.message.as_deref(), complete(r#""message":"Busy""#, 0).then_some("Busy"), "cut at {cut}");
        }
        let odd = ErrorFields::parse_prefix(br#"{"code":"503","message":null,"x":{"y":"#);
        assert_eq!((odd.code, odd.message), (Some(503), None));
        assert_eq!(ErrorFields::parse_prefix(b"<html>"), ErrorFields::default());
        assert_eq!(ErrorFields::parse_prefix(br#"{"code":150"#).code, None, "a number at the cut may go on");
    }

    #[test]
    fn handler_status_maps_every_kind() {
        let api =
            |status: u16| Error::Api(ApiError::new(StatusCode::from_u16(status).unwrap(), ErrorFields::default()));
        let cases = [
            (Error::invalid("x", "y"), 400),
            (api(400), 400),
            (api(404), 404),
            (api(409), 409),
            (api(401), 502),
            (api(403), 502),
            (api(429), 503),
            (api(500), 502),
            (api(503), 502),
            (Error::Timeout { limit: TimeLimit::Attempt, duration: Duration::from_secs(1) }, 504),
            (Error::Transport(TransportError::new("x")), 502),
            (Error::Decode(DecodeError::new("x")), 502),
            (Error::Redirect { status: StatusCode::MOVED_PERMANENTLY, location: None }, 502),
        ];
        for (err, want) in cases {
            assert_eq!(err.handler_status().as_u16(), want, "{err:?}");
        }
        assert!(api(429).is_retryable() && api(503).is_retryable() && !api(501).is_retryable());
        assert!(
            !api(404).is_retryable()
                && Error::Timeout { limit: TimeLimit::Deadline, duration: Duration::ZERO }.is_retryable()
        );
    }

    #[test]
    fn error_bodies_of_any_shape() {
        let f = ErrorFields::parse(br#"{"code": "15001", "message": "no", "description": 7}"#);
        assert_eq!(f, ErrorFields { code: Some(15001), message: Some("no".into()), description: Some("7".into()) });
        let html = ErrorFields::parse(b"<html>bad gateway</html>");
        assert_eq!(html.message.as_deref(), Some("<html>bad gateway</html>"));
        assert_eq!(ErrorFields::parse(b""), ErrorFields::default());
        assert_eq!(ErrorFields::parse(&[0xff; 2000]).message.map(|m| m.chars().count()), Some(512));
    }
}
