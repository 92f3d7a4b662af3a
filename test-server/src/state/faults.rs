//! Fault injection: canned failures for the next N API requests.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use serde_json::{Map, Value};

/// What to do to an API request instead of (or before) serving it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this status, body and `Content-Type` (none if `None`) without serving.
    Status {
        /// HTTP status code (an invalid or interim (1xx) one becomes 500).
        status: u16,
        /// Body text.
        body: String,
        /// `Content-Type` header, if any.
        content_type: Option<String>,
    },
    /// Wait this long, then serve the request normally.
    Delay(Duration),
    /// Close the TCP connection without answering.
    Drop,
}

impl Fault {
    /// Reads a fault as `POST /_test/faults` (and the binary's `--fault`) take it: a JSON object
    /// `{"status","body","contentType"}`, `{"delayMs"}` or `{"drop": true}`, with an optional
    /// `"count"` (default 1). Returns the fault and its count.
    ///
    /// # Errors
    /// Which field is wrong and why, or that the text is not a JSON object.
    pub fn parse_spec(json: &str) -> Result<(Fault, usize), String> {
        match serde_json::from_str::<Value>(json) {
            Ok(Value::Object(spec)) => Fault::from_json(&spec),
            Ok(_) => Err("a fault must be a JSON object".into()),
            Err(e) => Err(format!("a fault must be a JSON object: {e}")),
        }
    }

    /// Reads the control API's fault object `{status?, body?, contentType?, delayMs?, drop?, count?}`
    /// (`drop` wins, then `status`, then `delayMs`; `count` defaults to 1) as a fault and its count.
    ///
    /// # Errors
    /// Which field is wrong and why.
    pub(crate) fn from_json(spec: &Map<String, Value>) -> Result<(Fault, usize), String> {
        let int = |key: &str| match spec.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v.as_i64().map(Some).ok_or_else(|| format!("Invalid {key}: must be an integer")),
        };
        let text = |key: &str| match spec.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("Invalid {key}: must be a string")),
        };
        let count = int("count")?.unwrap_or(1);
        let count = usize::try_from(count).map_err(|_| "Invalid count: must be >= 0".to_string())?;
        let drop = match spec.get("drop") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err("Invalid drop: must be a boolean".into()),
        };
        let fault = if drop {
            Fault::Drop
        } else if let Some(status) = int("status")? {
            let status = u16::try_from(status)
                .ok()
                .filter(|s| (200..=999).contains(s))
                .ok_or("Invalid status: must be a final HTTP status code (200 to 999)")?;
            Fault::Status { status, body: text("body")?.unwrap_or_default(), content_type: text("contentType")? }
        } else if let Some(ms) = int("delayMs")? {
            let ms = u64::try_from(ms).map_err(|_| "Invalid delayMs: must be >= 0".to_string())?;
            Fault::Delay(Duration::from_millis(ms))
        } else {
            return Err("Give drop: true, a status, or delayMs".into());
        };
        Ok((fault, count))
    }
}

/// Most faults kept queued at once (each with its own count).
pub(crate) const MAX_QUEUED: usize = 10_000;

/// Queued faults, each with the number of requests it still applies to.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    queue: Mutex<VecDeque<(Fault, usize)>>,
}

impl Faults {
    /// Queues `fault` for `count` requests; `false` (and nothing queued) when [`MAX_QUEUED`] faults
    /// are already waiting.
    pub fn push(&self, fault: Fault, count: usize) -> bool {
        let mut queue = self.lock();
        if queue.len() >= MAX_QUEUED {
            return false;
        }
        if count > 0 {
            queue.push_back((fault, count));
        }
        true
    }

    /// The fault for the request being handled, if any is queued.
    pub fn take(&self) -> Option<Fault> {
        let mut queue = self.lock();
        let (fault, remaining) = queue.front_mut()?;
        let fault = fault.clone();
        *remaining = remaining.saturating_sub(1);
        if *remaining == 0 {
            queue.pop_front();
        }
        Some(fault)
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<(Fault, usize)>> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}
