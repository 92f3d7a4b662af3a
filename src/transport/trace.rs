//! One `tracing` span per operation (feature `tracing`, on by default), the way the AWS SDK and octocrab
//! emit them: span `opentok.call` with `operation` (the spec's operation id), `method`, `path` (the path
//! template, never the ids), and once the call ends `status`, `attempts` and `latency_ms`; one `DEBUG`
//! event per attempt with `attempt`, `status` (or `outcome`) and `latency_ms`. No header, token, JWT,
//! secret or body is ever recorded. Without the feature these are no-ops.

use std::{future::Future, time::Duration};

use reqwest::Method;

use super::retry::Outcome;

/// The span of one operation, across its attempts.
pub(crate) struct CallSpan {
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

/// Milliseconds, saturating, for a span field.
#[cfg(feature = "tracing")]
fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(feature = "tracing")]
impl CallSpan {
    pub(crate) fn new(operation: &'static str, method: &Method, path: &'static str) -> Self {
        let empty = tracing::field::Empty;
        let span = tracing::info_span!(
            "opentok.call",
            operation,
            method = method.as_str(),
            path,
            status = empty,
            attempts = empty,
            latency_ms = empty,
        );
        Self { span }
    }

    pub(crate) fn in_scope<F: Future>(&self, future: F) -> impl Future<Output = F::Output> {
        tracing::Instrument::instrument(future, self.span.clone())
    }

    pub(crate) fn attempt(&self, attempt: u32, outcome: Outcome, latency: Duration) {
        let latency_ms = millis(latency);
        match outcome {
            Outcome::Answered(status, _) => {
                tracing::debug!(parent: &self.span, attempt, status = status.as_u16(), latency_ms, "attempt answered")
            }
            Outcome::NotSent => {
                tracing::debug!(parent: &self.span, attempt, outcome = "not sent", latency_ms, "attempt failed")
            }
            Outcome::Lost => {
                tracing::debug!(parent: &self.span, attempt, outcome = "no answer", latency_ms, "attempt failed")
            }
        }
    }

    pub(crate) fn finish(&self, attempts: u32, outcome: Outcome, latency: Duration) {
        if let Outcome::Answered(status, _) = outcome {
            self.span.record("status", status.as_u16());
        }
        self.span.record("attempts", attempts);
        self.span.record("latency_ms", millis(latency));
    }
}

#[cfg(not(feature = "tracing"))]
impl CallSpan {
    pub(crate) fn new(_operation: &'static str, _method: &Method, _path: &'static str) -> Self {
        Self {}
    }

    pub(crate) fn in_scope<F: Future>(&self, future: F) -> F {
        future
    }

    pub(crate) fn attempt(&self, _attempt: u32, _outcome: Outcome, _latency: Duration) {}

    pub(crate) fn finish(&self, _attempts: u32, _outcome: Outcome, _latency: Duration) {}
}
