//! Retrying idempotent requests after transient failures.

use std::time::Duration;

use reqwest::{Method, StatusCode};

/// When to retry a request. Off by default ([`RetryConfig::disabled`]).
///
/// Only `GET` and `DELETE` requests are retried, since repeating them is safe; a `POST` (starting an
/// archive, dialling) is never sent twice. A request is retried after a connection failure, a timeout, or
/// a 429, 502, 503 or 504 answer, waiting between attempts: the backoff doubles from
/// `initial_backoff` up to `max_backoff`, or follows a 429's `Retry-After` (capped the same way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::disabled()
    }
}

impl RetryConfig {
    /// One attempt, no retries (the default).
    pub const fn disabled() -> Self {
        Self { max_attempts: 1, initial_backoff: Duration::from_millis(100), max_backoff: Duration::from_secs(2) }
    }

    /// Up to 3 attempts, waiting 100 ms, then 200 ms (at most 2 s).
    pub const fn standard() -> Self {
        Self { max_attempts: 3, ..Self::disabled() }
    }

    /// The number of attempts in all, including the first (at least 1).
    pub const fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = if attempts == 0 { 1 } else { attempts };
        self
    }

    /// The wait before the first retry; it doubles for each one after.
    pub const fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait between attempts.
    pub const fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The number of attempts in all.
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether a request with this method may be sent again.
    pub(crate) fn applies_to(&self, method: &Method) -> bool {
        self.max_attempts > 1 && (method == Method::GET || method == Method::DELETE)
    }

    /// How long to wait before attempt `attempt + 1` (attempts count from 1) after `outcome`, or `None` to
    /// stop: the outcome was final, or this was the last attempt.
    pub(crate) fn backoff(&self, attempt: u32, outcome: &reqwest::Result<reqwest::Response>) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let exponential = self.initial_backoff.saturating_mul(1 << (attempt - 1).min(16)).min(self.max_backoff);
        match outcome {
            Err(e) if e.is_connect() || e.is_timeout() || e.is_request() => Some(exponential),
            Err(_) => None,
            Ok(response) => match response.status() {
                StatusCode::TOO_MANY_REQUESTS => {
                    let retry_after = response
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(Duration::from_secs);
                    Some(retry_after.unwrap_or(exponential).min(self.max_backoff))
                }
                StatusCode::BAD_GATEWAY | StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT => {
                    Some(exponential)
                }
                _ => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16) -> reqwest::Result<reqwest::Response> {
        let mut r = http::Response::new(Vec::<u8>::new());
        *r.status_mut() = StatusCode::from_u16(status).unwrap();
        Ok(reqwest::Response::from(r))
    }

    #[test]
    fn backoff_doubles_and_stops() {
        let c = RetryConfig::standard().with_max_attempts(5).with_initial_backoff(Duration::from_millis(100));
        assert_eq!(c.backoff(1, &response(503)), Some(Duration::from_millis(100)));
        assert_eq!(c.backoff(2, &response(502)), Some(Duration::from_millis(200)));
        assert_eq!(c.backoff(3, &response(504)), Some(Duration::from_millis(400)));
        assert_eq!(c.backoff(5, &response(503)), None, "last attempt");
        assert_eq!(c.backoff(1, &response(500)), None, "500 is not transient");
        assert_eq!(c.backoff(1, &response(404)), None);
        assert_eq!(c.backoff(1, &response(200)), None);
        let capped = c.with_max_backoff(Duration::from_millis(150));
        assert_eq!(capped.backoff(3, &response(503)), Some(Duration::from_millis(150)));
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let c = RetryConfig::standard().with_max_backoff(Duration::from_secs(3));
        let mut r = http::Response::new(Vec::<u8>::new());
        *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        r.headers_mut().insert(reqwest::header::RETRY_AFTER, "2".parse().unwrap());
        assert_eq!(c.backoff(1, &Ok(reqwest::Response::from(r))), Some(Duration::from_secs(2)));
        let mut r = http::Response::new(Vec::<u8>::new());
        *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        r.headers_mut().insert(reqwest::header::RETRY_AFTER, "60".parse().unwrap());
        assert_eq!(c.backoff(1, &Ok(reqwest::Response::from(r))), Some(Duration::from_secs(3)));
    }

    #[test]
    fn only_idempotent_methods_and_only_when_enabled() {
        assert!(!RetryConfig::default().applies_to(&Method::GET));
        assert!(RetryConfig::standard().applies_to(&Method::GET));
        assert!(RetryConfig::standard().applies_to(&Method::DELETE));
        assert!(!RetryConfig::standard().applies_to(&Method::POST));
        assert!(!RetryConfig::standard().applies_to(&Method::PATCH));
        assert_eq!(RetryConfig::standard().with_max_attempts(0).max_attempts(), 1);
    }
}
