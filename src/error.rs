//! The crate's one error type, and the one conversion from the generated client's errors.

use std::{borrow::Cow, fmt, time::Duration};

use reqwest::{header::CONTENT_TYPE, StatusCode};

use crate::raw;

/// A `Result` whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in this crate.
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
    /// reset, TLS).
    #[error("could not reach the OpenTok API")]
    Transport(#[source] TransportError),
    /// No complete response arrived within the configured timeout.
    #[error("the OpenTok API did not answer within {0:?}")]
    Timeout(Duration),
    /// A success response whose body could not be understood.
    #[error("unexpected response from the OpenTok API")]
    Decode(#[source] DecodeError),
}

impl Error {
    pub(crate) fn invalid(field: &'static str, reason: impl Into<Cow<'static, str>>) -> Self {
        Self::InvalidArgument { field, reason: reason.into() }
    }

    /// The HTTP status of an API error.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(api) => Some(api.status()),
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

    /// True for errors worth retrying: timeouts, transport failures, 429 and 5xx.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport(_) | Self::Timeout(_) => true,
            Self::Api(api) => api.status() == StatusCode::TOO_MANY_REQUESTS || api.status().is_server_error(),
            _ => false,
        }
    }

    /// Turns the generated client's error into ours. `timeout` is the configured request timeout.
    pub(crate) async fn from_raw(err: raw::Error<raw::types::ErrorBody>, timeout: Duration) -> Self {
        match err {
            raw::Error::ErrorResponse(response) => {
                let status = response.status();
                Self::Api(ApiError::new(status, response.into_inner()))
            }
            raw::Error::UnexpectedResponse(response) => {
                let status = response.status();
                match response.bytes().await {
                    Ok(body) => Self::Api(ApiError::new(status, parse_error_body(&body))),
                    Err(e) => Self::from_reqwest(e, timeout),
                }
            }
            raw::Error::CommunicationError(e) | raw::Error::ResponseBodyError(e) => Self::from_reqwest(e, timeout),
            raw::Error::InvalidResponsePayload(body, e) => {
                Self::Decode(DecodeError { snippet: snippet(&body), source: Some(e) })
            }
            raw::Error::InvalidRequest(message) | raw::Error::Custom(message) => {
                Self::Transport(TransportError(message.into()))
            }
            other => Self::Transport(TransportError(other.to_string().into())),
        }
    }

    fn from_reqwest(e: reqwest::Error, timeout: Duration) -> Self {
        if e.is_timeout() {
            Self::Timeout(timeout)
        } else {
            Self::Transport(TransportError(Box::new(e)))
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
    fn new(status: StatusCode, body: raw::types::ErrorBody) -> Self {
        Self { status, code: body.code, message: body.message, description: body.description }
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

/// Why a request could not be sent or its response not read. Its `source()` is the underlying error.
#[derive(Debug)]
pub struct TransportError(Box<dyn std::error::Error + Send + Sync>);

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("transport failure")
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

/// A response body that did not have the expected shape. Keeps the start of the body for diagnosis.
#[derive(Debug)]
pub struct DecodeError {
    snippet: String,
    source: Option<serde_json::Error>,
}

impl DecodeError {
    pub(crate) fn new(snippet: impl Into<String>) -> Self {
        Self { snippet: snippet.into(), source: None }
    }

    /// The first bytes of the body (or a description of what was wrong), lossily decoded.
    pub fn snippet(&self) -> &str {
        &self.snippet
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not decode the response body: {:?}", self.snippet)
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

const SNIPPET_LEN: usize = 512;

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_LEN)]);
    text.trim().to_owned()
}

/// Parses an error body that may be anything: JSON with the platform's fields, JSON of another shape,
/// HTML, plain text, or nothing.
fn parse_error_body(body: &[u8]) -> raw::types::ErrorBody {
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
        Ok(parsed) => raw::types::ErrorBody {
            code: parsed.code.and_then(|c| c.as_i64().or_else(|| c.as_str().and_then(|s| s.parse().ok()))),
            message: text_of(parsed.message),
            description: text_of(parsed.description),
        },
        Err(_) => {
            let text = snippet(body);
            raw::types::ErrorBody { code: None, message: (!text.is_empty()).then_some(text), description: None }
        }
    }
}

/// Rewrites the body of an error response into the shape of the spec's `ErrorBody`, so that the generated
/// client always yields the status with the platform's words, whatever the body was (HTML, text, empty,
/// JSON with odd types). Success responses pass through untouched.
pub(crate) async fn normalize_error_body(response: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return Ok(response);
    }
    let mut headers = response.headers().clone();
    let version = response.version();
    let body = response.bytes().await?;
    let parsed = parse_error_body(&body);
    let json = serde_json::to_vec(&parsed).unwrap_or_default();
    headers.insert(CONTENT_TYPE, reqwest::header::HeaderValue::from_static("application/json"));
    headers.remove(reqwest::header::CONTENT_LENGTH);
    let mut rebuilt = http::Response::new(json);
    *rebuilt.status_mut() = status;
    *rebuilt.version_mut() = version;
    *rebuilt.headers_mut() = headers;
    Ok(reqwest::Response::from(rebuilt))
}
