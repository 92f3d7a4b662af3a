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
    #[error("could not reach the OpenTok API: {0}")]
    Transport(#[source] TransportError),
    /// No complete response arrived within the configured timeout (or the call's deadline).
    #[error("the OpenTok API did not answer within {0:?}")]
    Timeout(Duration),
    /// A success response whose body could not be understood, or a body over the size limit; or a
    /// callback's body ([`webhook::Event::from_json`](crate::webhook::Event::from_json)) that does not
    /// read. The message says which, and includes the cause and the start of the body.
    #[error("{context}: {0}", context = .0.context())]
    Decode(#[source] DecodeError),
    /// The platform's API never redirects; a 3xx came from something else (a proxy, a wrong `api_url`).
    /// It is not followed, so no credential leaves the configured origin.
    #[error(
        "the OpenTok API answered {status} with a redirect to {location:?}, which is not followed: check the API URL"
    )]
    Redirect {
        /// The 3xx status.
        status: StatusCode,
        /// The `Location` header, if there was one.
        location: Option<String>,
    },
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
            Self::Transport(_) | Self::Timeout(_) => true,
            Self::Api(api) => is_retryable_status(api.status()),
            _ => false,
        }
    }

    /// The status a web handler should answer its own client with when this error ends its work:
    ///
    /// | error | status |
    /// |---|---|
    /// | [`InvalidArgument`](Self::InvalidArgument) | 400 Bad Request: the input that reached the SDK was wrong |
    /// | [`Api`](Self::Api) 400, 404, 409, 413, 422 | the same status: the platform refused what was asked, for a reason your client can act on |
    /// | [`Api`](Self::Api) 429 | 503 Service Unavailable: your server is being rate limited |
    /// | [`Api`](Self::Api) 401, 403 | 502 Bad Gateway: your server's credentials are wrong; your client's are not at fault |
    /// | [`Api`](Self::Api) other 4xx and 5xx, [`Transport`](Self::Transport), [`Decode`](Self::Decode), [`Redirect`](Self::Redirect) | 502 Bad Gateway |
    /// | [`Timeout`](Self::Timeout) | 504 Gateway Timeout |
    ///
    /// ```
    /// # use opentok_sdk::Error;
    /// fn answer(err: &Error) -> (u16, String) {
    ///     (err.handler_status().as_u16(), err.to_string())
    /// }
    /// ```
    pub fn handler_status(&self) -> StatusCode {
        match self {
            Self::InvalidArgument { .. } => StatusCode::BAD_REQUEST,
            Self::Api(api) => match api.status().as_u16() {
                400 | 404 | 409 | 413 | 422 => api.status(),
                429 => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::BAD_GATEWAY,
            },
            Self::Timeout(_) => StatusCode::GATEWAY_TIMEOUT,
            Self::Transport(_) | Self::Decode(_) | Self::Redirect { .. } => StatusCode::BAD_GATEWAY,
        }
    }
}

/// An error status from the platform, with its own words.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError {
    status: StatusCode,
    code: Option<i64>,
    message: Option<String>,
    description: Option<String>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, fields: ErrorFields) -> Self {
        Self { status, code: fields.code, message: fields.message, description: fields.description }
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

    /// A hint for the usual causes of this status, if there is one.
    pub fn hint(&self) -> Option<&'static str> {
        matches!(self.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN).then_some(
            "check that the API key and secret belong to the same project, and that this machine's clock \
             is correct (the auth token is valid for 5 minutes from the local time)",
        )
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OpenTok API error {}", self.status.as_u16())?;
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
            .finish()
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
const API_RESPONSE: &str = "unexpected response from the OpenTok API";

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

    /// What could not be read: `unexpected response from the OpenTok API`, or `the callback's body does
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
        let text_of = |v: Option<serde_json::Value>| match v {
            Some(serde_json::Value::String(s)) => Some(s),
            Some(serde_json::Value::Null) | None => None,
            Some(other) => Some(other.to_string()),
        };
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
        assert_eq!(err.to_string(), "could not reach the OpenTok API: connection refused");
        let bad_json = serde_json::from_slice::<serde_json::Value>(b"{oops").unwrap_err();
        let err = Error::Decode(DecodeError::of_body(b"{oops", bad_json));
        let shown = err.to_string();
        assert!(shown.starts_with("unexpected response from the OpenTok API: key must be a string"), "{shown}");
        assert!(shown.ends_with(r#"body starts "{oops""#), "{shown}");
        let err = Error::Redirect { status: StatusCode::FOUND, location: Some("https://elsewhere/".into()) };
        assert!(err.to_string().contains("https://elsewhere/"), "{err}");
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
            (Error::Timeout(Duration::from_secs(1)), 504),
            (Error::Transport(TransportError::new("x")), 502),
            (Error::Decode(DecodeError::new("x")), 502),
            (Error::Redirect { status: StatusCode::MOVED_PERMANENTLY, location: None }, 502),
        ];
        for (err, want) in cases {
            assert_eq!(err.handler_status().as_u16(), want, "{err:?}");
        }
        assert!(api(429).is_retryable() && api(503).is_retryable() && !api(501).is_retryable());
        assert!(!api(404).is_retryable() && Error::Timeout(Duration::ZERO).is_retryable());
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
