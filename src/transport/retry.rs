//! The one retry rule: which outcomes are transient, which requests may be repeated, and how long to wait.
//!
//! [`is_retryable_status`](crate::is_retryable_status) is the whole status rule;
//! [`Error::is_retryable`](crate::Error::is_retryable) and [`RetryConfig`] both use it, so "retryable"
//! means one thing in the crate.

use std::time::Duration;

use reqwest::{header::RETRY_AFTER, Method, StatusCode};

use crate::error::is_retryable_status;

/// When to send a request again. Off by default ([`RetryConfig::disabled`]); turn it on with
/// [`ClientBuilder::with_retry`](crate::ClientBuilder::with_retry), or for one call with
/// [`OpenTok::with_retry`](crate::OpenTok::with_retry).
///
/// **What is retried.** A connection failure, a timeout, or a status for which [`is_retryable_status`](crate::is_retryable_status) is
/// true. Only requests that are safe to repeat: `GET`, `PUT` and `DELETE` (idempotent by HTTP's rules, and
/// so on the platform). A `POST` (starting an archive, dialling, sending a signal) is never sent twice
/// unless the call opts in with [`with_non_idempotent`](Self::with_non_idempotent), and even then only
/// when the first attempt provably did nothing: the connection could not be opened (nothing was sent), or
/// the platform answered 429 (it refused the request before acting on it).
///
/// **How long it waits.** Full jitter: before retry *n* it sleeps a random time between zero and
/// `min(max_backoff, initial_backoff × 2^(n-1))`. A `Retry-After` header (seconds or an HTTP date) on a 429
/// or 503 is obeyed exactly when it is at most `max_backoff`; a longer one ends the retries, since an
/// earlier attempt would be refused again.
///
/// **How long in all.** [`with_deadline`](Self::with_deadline) bounds the whole call, waits included: no
/// attempt starts after it, and each attempt's timeout is cut to the time left.
///
/// Every attempt carries a freshly signed auth JWT (new `jti` and `iat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    deadline: Option<Duration>,
    non_idempotent: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::disabled()
    }
}

/// What the retry rule needs to know about one attempt's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The connection could not be opened: nothing was sent.
    NotSent,
    /// Sent, but no complete answer came back (timeout, reset, broken body).
    Lost,
    /// An answer with this status and, if it had one, a `Retry-After` delay.
    Answered(StatusCode, Option<Duration>),
}

impl Outcome {
    /// Classifies a reqwest outcome.
    pub(crate) fn of(result: &reqwest::Result<reqwest::Response>) -> Self {
        match result {
            Err(e) if e.is_connect() => Self::NotSent,
            Err(_) => Self::Lost,
            Ok(response) => Self::Answered(response.status(), retry_after(response.headers())),
        }
    }
}

impl RetryConfig {
    /// One attempt, no retries (the default).
    pub const fn disabled() -> Self {
        Self {
            max_attempts: 1,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
            deadline: None,
            non_idempotent: false,
        }
    }

    /// Up to 3 attempts; waits of at most 100 ms, then 200 ms (never more than 2 s); no deadline.
    pub const fn standard() -> Self {
        Self { max_attempts: 3, ..Self::disabled() }
    }

    /// The number of attempts in all, including the first (0 counts as 1).
    pub const fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = if attempts == 0 { 1 } else { attempts };
        self
    }

    /// The upper bound of the first wait; it doubles for each retry after, up to `max_backoff`.
    pub const fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait between attempts, and the longest `Retry-After` that is obeyed.
    pub const fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// A bound on the whole call: every attempt and every wait. `None` (the default) leaves each attempt
    /// its own timeout and no bound on the total.
    pub const fn with_deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    /// Lets `POST` requests be retried too, but only after outcomes that show the platform did nothing: a
    /// connection that could not be opened, or a 429. Meant for one call at a time, through
    /// [`OpenTok::with_retry`](crate::OpenTok::with_retry).
    pub const fn with_non_idempotent(mut self, allow: bool) -> Self {
        self.non_idempotent = allow;
        self
    }

    /// The number of attempts in all.
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The bound on the whole call, if any.
    pub const fn deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// Whether a request with this method may ever be sent twice under this configuration.
    pub(crate) fn may_repeat(&self, method: &Method) -> bool {
        self.max_attempts > 1 && (is_idempotent(method) || self.non_idempotent)
    }

    /// How long to wait before attempt `attempt + 1` (attempts count from 1) after `outcome` of a request
    /// with `method`, or `None` to stop: the outcome is final, or this was the last attempt.
    /// `random` is a uniform sample in `[0, 1)` (the jitter).
    pub(crate) fn backoff(&self, attempt: u32, method: &Method, outcome: Outcome, random: f64) -> Option<Duration> {
        if attempt >= self.max_attempts || !self.may_repeat(method) {
            return None;
        }
        let idempotent = is_idempotent(method);
        let retry_after = match outcome {
            Outcome::NotSent => None,
            Outcome::Lost if idempotent => None,
            Outcome::Answered(status, retry_after) if status == StatusCode::TOO_MANY_REQUESTS => retry_after,
            Outcome::Answered(status, retry_after) if idempotent && is_retryable_status(status) => {
                retry_after.filter(|_| status == StatusCode::SERVICE_UNAVAILABLE)
            }
            _ => return None,
        };
        match retry_after {
            Some(wait) if wait <= self.max_backoff => Some(wait),
            Some(_) => None,
            None => Some(self.ceiling(attempt).mul_f64(random.clamp(0.0, 1.0))),
        }
    }

    /// The upper bound of the wait after attempt `attempt`: `initial_backoff × 2^(attempt-1)`, capped.
    fn ceiling(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        self.initial_backoff.saturating_mul(1u32 << doublings).min(self.max_backoff)
    }
}

fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS)
}

/// A `Retry-After` value: delay-seconds or an HTTP date (RFC 9110 §10.2.3). A date in the past is zero.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = date.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GET: Method = Method::GET;
    const POST: Method = Method::POST;

    fn answered(status: u16) -> Outcome {
        Outcome::Answered(StatusCode::from_u16(status).unwrap(), None)
    }

    #[test]
    fn the_status_rule() {
        let retryable: Vec<u16> =
            (100..600).filter(|&s| is_retryable_status(StatusCode::from_u16(s).unwrap())).collect();
        assert_eq!(retryable, [429, 500, 502, 503, 504]);
    }

    #[test]
    fn full_jitter_stays_within_the_doubling_ceiling() {
        let c = RetryConfig::standard()
            .with_max_attempts(6)
            .with_initial_backoff(Duration::from_millis(100))
            .with_max_backoff(Duration::from_millis(500));
        let ceilings = [100, 200, 400, 500, 500];
        for (attempt, ceiling) in (1..).zip(ceilings) {
            let ceiling = Duration::from_millis(ceiling);
            assert_eq!(c.backoff(attempt, &GET, answered(503), 0.0), Some(Duration::ZERO));
            assert_eq!(c.backoff(attempt, &GET, answered(503), 1.0), Some(ceiling));
            for i in 0..100 {
                let wait = c.backoff(attempt, &GET, answered(502), f64::from(i) / 100.0).unwrap();
                assert!(wait <= ceiling, "attempt {attempt}: {wait:?} > {ceiling:?}");
            }
        }
        assert_eq!(c.backoff(6, &GET, answered(503), 0.5), None, "last attempt");
        // Real jitter: two samples of the same wait differ.
        let samples: Vec<_> = (0..20).map(|_| c.backoff(3, &GET, answered(503), fastrand::f64())).collect();
        assert!(samples.windows(2).any(|w| w[0] != w[1]), "{samples:?}");
    }

    #[test]
    fn only_retryable_outcomes() {
        let c = RetryConfig::standard();
        for status in [429, 500, 502, 503, 504] {
            assert!(c.backoff(1, &GET, answered(status), 0.5).is_some(), "{status}");
            assert!(c.backoff(1, &Method::DELETE, answered(status), 0.5).is_some(), "{status}");
            assert!(c.backoff(1, &Method::PUT, answered(status), 0.5).is_some(), "{status}");
        }
        for status in [200, 204, 301, 400, 403, 404, 409, 501, 505] {
            assert_eq!(c.backoff(1, &GET, answered(status), 0.5), None, "{status}");
        }
        assert!(c.backoff(1, &GET, Outcome::Lost, 0.5).is_some());
        assert!(c.backoff(1, &GET, Outcome::NotSent, 0.5).is_some());
        assert_eq!(RetryConfig::disabled().backoff(1, &GET, answered(503), 0.5), None);
    }

    #[test]
    fn post_only_by_opt_in_and_only_when_nothing_happened() {
        let c = RetryConfig::standard();
        for outcome in [Outcome::NotSent, Outcome::Lost, answered(429), answered(503)] {
            assert_eq!(c.backoff(1, &POST, outcome, 0.5), None, "{outcome:?} without opt-in");
        }
        let opted = c.with_non_idempotent(true);
        assert!(opted.backoff(1, &POST, Outcome::NotSent, 0.5).is_some());
        assert!(opted.backoff(1, &POST, answered(429), 0.5).is_some());
        for outcome in [Outcome::Lost, answered(500), answered(502), answered(503), answered(504)] {
            assert_eq!(opted.backoff(1, &POST, outcome, 0.5), None, "{outcome:?} may have been processed");
        }
    }

    #[test]
    fn retry_after_is_obeyed_up_to_the_cap() {
        let c = RetryConfig::standard().with_max_backoff(Duration::from_secs(3));
        let with = |status: u16, secs: u64| {
            Outcome::Answered(StatusCode::from_u16(status).unwrap(), Some(Duration::from_secs(secs)))
        };
        assert_eq!(c.backoff(1, &GET, with(429, 2), 0.0), Some(Duration::from_secs(2)));
        assert_eq!(c.backoff(1, &GET, with(503, 3), 0.0), Some(Duration::from_secs(3)));
        assert_eq!(c.backoff(1, &GET, with(429, 60), 0.0), None, "longer than the cap: stop");
        // On a 500 the header means nothing: jittered backoff.
        assert!(c.backoff(1, &GET, with(500, 60), 0.5).unwrap() <= Duration::from_millis(100));
    }

    #[test]
    fn retry_after_header_forms() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(RETRY_AFTER, " 7 ".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        let later = chrono::Utc::now() + chrono::Duration::seconds(30);
        headers.insert(RETRY_AFTER, later.to_rfc2822().parse().unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(wait > Duration::from_secs(25) && wait <= Duration::from_secs(30), "{wait:?}");
        headers.insert(RETRY_AFTER, "Sun, 06 Nov 1994 08:49:37 GMT".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        headers.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn attempts_at_least_one_and_huge_attempt_numbers_do_not_overflow() {
        assert_eq!(RetryConfig::standard().with_max_attempts(0).max_attempts(), 1);
        let c = RetryConfig::standard().with_max_attempts(u32::MAX);
        assert!(c.backoff(u32::MAX - 1, &GET, answered(503), 1.0).unwrap() <= Duration::from_secs(2));
    }
}
