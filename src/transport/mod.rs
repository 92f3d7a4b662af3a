//! The transport floor: everything between a generated call and the wire.
//!
//! The generated client ([`raw`]) carries a [`Transport`] as its inner value; its request hook hands each
//! request to [`Transport::execute`], which for every attempt signs the request afresh (auth JWT with a new
//! `jti` and `iat`), sets `Accept`, `User-Agent` and the timeout, sends it, reads the body (capped at
//! [`MAX_RESPONSE_BODY`]) and rewrites error bodies into the spec's shape, then asks the [`RetryConfig`]
//! whether to try again. [`error_from_raw`] is the one conversion from the generated client's errors into
//! [`Error`]. Areas above call the generated methods and never see any of this.

mod body;
mod path;
pub(crate) mod raw;
mod retry;
mod trace;

use std::{fmt, sync::Arc, time::Duration};

use reqwest::header::{HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, LOCATION, USER_AGENT};
use tokio::time::Instant;

pub use body::MAX_RESPONSE_BODY;
pub use retry::RetryConfig;

use crate::{
    clock::unix_now,
    credentials::{AuthHeader, Credentials},
    error::{ApiError, DecodeError, Error, ErrorFields, TimeLimit, TransportError},
};
use retry::Outcome;
use trace::CallSpan;

const X_OPENTOK_AUTH: HeaderName = HeaderName::from_static("x-opentok-auth");
const API_VERSION: HeaderName = HeaderName::from_static("api-version");

/// Signs and sends requests: the generated client's inner value.
#[derive(Clone)]
pub(crate) struct Transport {
    credentials: Arc<Credentials>,
    /// The path of the API URL (empty, or a prefix such as `/proxy`), which every request path starts with.
    base_path: Arc<str>,
    user_agent: HeaderValue,
    timeout: Duration,
    retry: RetryConfig,
}

impl Transport {
    /// A transport for the API at `api_url` (a URL with no query or fragment).
    pub(crate) fn new(
        credentials: Arc<Credentials>,
        api_url: &reqwest::Url,
        user_agent: HeaderValue,
        timeout: Duration,
        retry: RetryConfig,
    ) -> Self {
        let base_path = Arc::from(api_url.path().trim_end_matches('/'));
        Self { credentials, base_path, user_agent, timeout, retry }
    }

    /// The same transport with another retry configuration.
    pub(crate) fn with_retry(&self, retry: RetryConfig) -> Self {
        Self { retry, ..self.clone() }
    }

    /// Adds this attempt's auth header (a fresh JWT: new `iat` and `jti`), `Accept` and `User-Agent`, and
    /// removes the `api-version` header that the generator adds (the platform has no use for it). Only
    /// one of `X-OPENTOK-AUTH` and `Authorization` is ever sent, as the credentials say.
    pub(crate) fn sign(&self, request: &mut reqwest::Request) -> Result<(), Error> {
        let (name, value, other) = match self.credentials.auth_header(unix_now(), fastrand::u128(..))? {
            AuthHeader::OpenTok(jwt) => (X_OPENTOK_AUTH, jwt, AUTHORIZATION),
            AuthHeader::Bearer(jwt) => (AUTHORIZATION, format!("Bearer {jwt}"), X_OPENTOK_AUTH),
        };
        let mut value =
            HeaderValue::try_from(value).map_err(|_| Error::invalid("credentials", "cannot be sent in a header"))?;
        value.set_sensitive(true);
        let headers = request.headers_mut();
        headers.remove(API_VERSION);
        headers.remove(other);
        headers.insert(name, value);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, self.user_agent.clone());
        Ok(())
    }

    /// When a call starts, for [`timeout_error`](Self::timeout_error): read only when the call has a
    /// deadline, the one case where it is needed.
    pub(crate) fn call_started(&self) -> Option<Instant> {
        self.retry.deadline().map(|_| Instant::now())
    }

    /// The error for a call that started at `started` and got no answer in time. The deadline ended it if
    /// it has passed: each attempt's timeout is cut to the time left, so an attempt it cut ends at the
    /// deadline, while one that ran out of its own timeout ends before it.
    pub(crate) fn timeout_error(&self, started: Option<Instant>) -> Error {
        match (self.retry.deadline(), started) {
            (Some(deadline), Some(started)) if started.elapsed() >= deadline => {
                Error::Timeout { limit: TimeLimit::Deadline, duration: deadline }
            }
            _ => Error::Timeout { limit: TimeLimit::Attempt, duration: self.timeout },
        }
    }

    /// Refuses a request whose path is not its operation's template with one id-character segment in each
    /// `{param}` (see `path.rs`); the message carries the refusal to [`error_from_raw`].
    pub(crate) fn check_path(&self, request: &reqwest::Request, operation_id: &str) -> Result<(), String> {
        let template = raw::path_template(operation_id);
        path::check(request.url().path(), &self.base_path, template).map_err(path::Refused::to_message)
    }

    /// Sends `request` (signed for its first attempt by the `pre` hook) for the operation `operation_id`,
    /// with as many attempts as the retry configuration allows, each signed afresh; returns the last
    /// outcome with its body in memory.
    pub(crate) async fn execute(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        operation_id: &'static str,
    ) -> reqwest::Result<reqwest::Response> {
        let method = request.method().clone();
        let span = CallSpan::new(operation_id, &method, raw::path_template(operation_id));
        // Boxed: the attempts' state (reqwest's pending request, the body being read, the back-off timer)
        // is a few kilobytes, which every future of the call would otherwise hold and copy when moved
        // (about 2% of a call's instructions, measured by `benches/rest.rs`); one allocation is less.
        span.in_scope(Box::pin(self.attempts(http, request, &method, &span))).await
    }

    async fn attempts(
        &self,
        http: &reqwest::Client,
        mut request: reqwest::Request,
        method: &reqwest::Method,
        span: &CallSpan,
    ) -> reqwest::Result<reqwest::Response> {
        let started = Instant::now();
        // A deadline too far away to represent is no deadline.
        let deadline = self.retry.deadline().and_then(|d| started.checked_add(d));
        let mut attempt: u32 = 1;
        loop {
            let next = if self.retry.may_repeat(method) { request.try_clone() } else { None };
            let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
            *request.timeout_mut() = Some(left.map_or(self.timeout, |left| left.min(self.timeout)));
            let sent = Instant::now();
            let outcome = match http.execute(request).await {
                Ok(response) => body::buffer(response).await,
                Err(e) => Err(e),
            };
            let classified = Outcome::of(&outcome);
            span.attempt(attempt, classified, sent.elapsed());
            let wait = self.retry.backoff(attempt, method, classified, fastrand::f64());
            match (next, wait) {
                (Some(mut next), Some(wait))
                    if deadline.is_none_or(|d| Instant::now().checked_add(wait).is_some_and(|end| end < d)) =>
                {
                    tokio::time::sleep(wait).await;
                    // Signed after the wait, so that `iat` is the time of sending.
                    if self.sign(&mut next).is_ok() {
                        request = next;
                        attempt = attempt.saturating_add(1);
                        continue;
                    }
                }
                _ => {}
            }
            span.finish(attempt, classified, started.elapsed());
            return outcome;
        }
    }
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("credentials", &self.credentials)
            .field("user_agent", &self.user_agent)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish()
    }
}

/// Turns the generated client's error into ours, for a call through `transport` that started at `started`.
pub(crate) async fn error_from_raw(
    err: raw::Error<raw::types::ErrorBody>,
    transport: &Transport,
    started: Option<Instant>,
) -> Error {
    match err {
        raw::Error::ErrorResponse(response) => {
            let status = response.status();
            let body = response.into_inner();
            let fields = ErrorFields { code: body.code, message: body.message, description: body.description };
            Error::Api(ApiError::new(status, fields))
        }
        raw::Error::UnexpectedResponse(response) if response.status().is_redirection() => {
            let location = response.headers().get(LOCATION).map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            Error::Redirect { status: response.status(), location }
        }
        raw::Error::UnexpectedResponse(response) => {
            let status = response.status();
            match response.bytes().await {
                Ok(body) if status.is_client_error() || status.is_server_error() => {
                    Error::Api(ApiError::new(status, ErrorFields::parse(&body)))
                }
                Ok(body) => Error::Decode(DecodeError::of_body(
                    &body,
                    format!("status {} is not one this operation answers with", status.as_u16()),
                )),
                Err(e) => from_reqwest(e, transport, started),
            }
        }
        raw::Error::CommunicationError(e) | raw::Error::ResponseBodyError(e) | raw::Error::InvalidUpgrade(e) => {
            from_reqwest(e, transport, started)
        }
        raw::Error::InvalidResponsePayload(body, e) => Error::Decode(DecodeError::of_body(&body, e)),
        raw::Error::Custom(message) => match path::Refused::field_in_message(&message) {
            Some(field) => Error::invalid(
                field,
                "would change which endpoint the request reaches: an id may hold only ASCII letters, digits, \
                 `-`, `_` and `~`",
            ),
            None => Error::Transport(TransportError::new(message)),
        },
        raw::Error::InvalidRequest(message) => Error::Transport(TransportError::new(message)),
    }
}

fn from_reqwest(e: reqwest::Error, transport: &Transport, started: Option<Instant>) -> Error {
    if let Some(too_large) = body::too_large(&e) {
        Error::Decode(DecodeError::caused_by(too_large.to_string()))
    } else if e.is_timeout() {
        transport.timeout_error(started)
    } else {
        Error::Transport(TransportError::new(e))
    }
}
