//! The request log: API requests as received, for assertions, and how each was answered (status,
//! latency, whether its credential verified, the answer's body up to [`MAX_RESPONSE_BODY`] bytes) once
//! it was. Bounded both in entries and in bytes (the answers' bodies count too); when either bound is
//! passed, the oldest entries are dropped first.

use std::collections::VecDeque;
use std::sync::Mutex;

use serde_json::{json, Map, Value};

/// One API request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// HTTP method, e.g. `POST`.
    pub method: String,
    /// Path as sent (still percent-encoded), e.g. `/v2/project/12345678/archive`.
    pub path: String,
    /// Raw query string without the `?`, if any.
    pub query: Option<String>,
    /// Headers in received order, names lowercased.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn body_json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The body parsed as `application/x-www-form-urlencoded` pairs, in order.
    pub fn form(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(&self.body).into_owned().collect()
    }

    /// The query string parsed as pairs, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        form_urlencoded::parse(self.query.as_deref().unwrap_or_default().as_bytes()).into_owned().collect()
    }

    /// The control API's JSON form: headers as an object (repeated names joined by `, `), the body
    /// as UTF-8 text (invalid bytes replaced).
    pub(crate) fn to_json(&self) -> Value {
        json!({
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "headers": self.headers_json(&[], ""),
            "body": String::from_utf8_lossy(&self.body),
        })
    }

    /// The headers as a JSON object (repeated names joined by `, `), the value of each header named in
    /// `withheld` replaced by `placeholder`.
    pub(crate) fn headers_json(&self, withheld: &[&str], placeholder: &str) -> Map<String, Value> {
        let mut headers = Map::new();
        for (name, value) in &self.headers {
            let value = if withheld.contains(&name.as_str()) { placeholder } else { value.as_str() };
            match headers.get_mut(name) {
                Some(Value::String(existing)) => {
                    existing.push_str(", ");
                    existing.push_str(value);
                }
                _ => {
                    headers.insert(name.clone(), Value::String(value.to_string()));
                }
            }
        }
        headers
    }

    /// Bytes this entry holds, roughly: what the byte bound counts.
    fn weight(&self) -> usize {
        let headers: usize = self.headers.iter().map(|(n, v)| n.len() + v.len() + 16).sum();
        self.method.len()
            + self.path.len()
            + self.query.as_ref().map_or(0, String::len)
            + headers
            + self.body.len()
            + 64
    }
}

/// Which recorded requests to return: every field that is set must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RequestFilter {
    /// The method, case-insensitive.
    pub method: Option<String>,
    /// The exact path.
    pub path: Option<String>,
    /// A prefix of the path.
    pub path_prefix: Option<String>,
    /// Only the last `n` matches.
    pub last: Option<usize>,
}

impl RequestFilter {
    fn matches(&self, r: &RecordedRequest) -> bool {
        self.method.as_ref().is_none_or(|m| m.eq_ignore_ascii_case(&r.method))
            && self.path.as_ref().is_none_or(|p| *p == r.path)
            && self.path_prefix.as_ref().is_none_or(|p| r.path.starts_with(p.as_str()))
    }
}

/// Most bytes of an answer's body kept in the log (the rest is counted, not kept).
pub(crate) const MAX_RESPONSE_BODY: usize = 16 * 1024;

/// The start of an answer's body, as kept in the log.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct ResponseBody {
    /// The first [`MAX_RESPONSE_BODY`] bytes at most.
    pub bytes: Vec<u8>,
    /// The whole body's length.
    pub total: usize,
    /// Its `Content-Type`, if it has one.
    pub content_type: Option<String>,
}

impl ResponseBody {
    /// Keeps the start of `body` (of type `content_type`).
    pub fn capped(body: &[u8], content_type: Option<&str>) -> Self {
        ResponseBody {
            bytes: body[..body.len().min(MAX_RESPONSE_BODY)].to_vec(),
            total: body.len(),
            content_type: content_type.map(str::to_string),
        }
    }

    fn weight(&self) -> usize {
        self.bytes.len() + self.content_type.as_ref().map_or(0, String::len)
    }
}

/// How a recorded request was answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outcome {
    /// The answer's status.
    pub status: u16,
    /// From the request's body being read to the answer being ready, in microseconds.
    pub latency_us: u64,
    /// `Some(Ok)` when the credential verified, `Some(Err(reason))` when it was refused, `None` when
    /// the auth check was not reached (a fault, an unrouted path).
    pub auth: Option<Result<(), String>>,
    /// The answer's body (its start).
    pub body: ResponseBody,
}

/// A recorded request, its place in the log, and its outcome once known.
#[derive(Debug, Clone)]
pub(crate) struct Logged {
    pub seq: u64,
    pub request: RecordedRequest,
    pub outcome: Option<Outcome>,
}

impl Logged {
    /// Bytes this entry holds, roughly: what the byte bound counts.
    fn weight(&self) -> usize {
        self.request.weight() + self.outcome.as_ref().map_or(0, |o| o.body.weight())
    }
}

/// The bounded log.
#[derive(Debug)]
pub(crate) struct RequestLog {
    max_entries: usize,
    max_bytes: usize,
    inner: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    log: VecDeque<Logged>,
    bytes: usize,
    dropped: u64,
    next_seq: u64,
}

impl RequestLog {
    /// A log keeping at most `max_entries` requests and about `max_bytes` bytes of them.
    pub fn new(max_entries: usize, max_bytes: usize) -> Self {
        RequestLog { max_entries, max_bytes, inner: Mutex::new(Entries::default()) }
    }

    /// Records `request`; returns its sequence number, for [`RequestLog::complete`].
    pub fn record(&self, request: RecordedRequest) -> u64 {
        let weight = request.weight();
        let mut entries = self.lock();
        let seq = entries.next_seq;
        entries.next_seq = entries.next_seq.saturating_add(1);
        if self.max_entries == 0 || weight > self.max_bytes {
            entries.dropped = entries.dropped.saturating_add(1);
            return seq;
        }
        entries.bytes = entries.bytes.saturating_add(weight);
        entries.log.push_back(Logged { seq, request, outcome: None });
        self.trim(&mut entries);
        seq
    }

    /// Drops the oldest entries until the log is within its bounds.
    fn trim(&self, entries: &mut Entries) {
        while entries.log.len() > self.max_entries || entries.bytes > self.max_bytes {
            let Some(old) = entries.log.pop_front() else { break };
            entries.bytes = entries.bytes.saturating_sub(old.weight());
            entries.dropped = entries.dropped.saturating_add(1);
        }
    }

    /// Notes how request `seq` was answered (nothing if it is no longer in the log). Costs a binary
    /// search: sequence numbers grow along the log.
    pub fn complete(&self, seq: u64, outcome: Outcome) {
        let mut entries = self.lock();
        if let Ok(at) = entries.log.binary_search_by_key(&seq, |l| l.seq) {
            let added = outcome.body.weight();
            entries.log[at].outcome = Some(outcome);
            entries.bytes = entries.bytes.saturating_add(added);
            self.trim(&mut entries);
        }
    }

    /// Request `seq` and its outcome, if the log still holds it: a binary search.
    pub fn get(&self, seq: u64) -> Option<Logged> {
        let entries = self.lock();
        let at = entries.log.binary_search_by_key(&seq, |l| l.seq).ok()?;
        entries.log.get(at).cloned()
    }

    pub fn all(&self) -> Vec<RecordedRequest> {
        self.lock().log.iter().map(|l| l.request.clone()).collect()
    }

    /// The last `n` entries, newest first, with their outcomes, and how many the log holds: costs `n`.
    pub fn newest(&self, n: usize) -> (Vec<Logged>, usize) {
        let entries = self.lock();
        (entries.log.iter().rev().take(n).cloned().collect(), entries.log.len())
    }

    /// The requests matching `filter`, oldest first.
    pub fn matching(&self, filter: &RequestFilter) -> Vec<RecordedRequest> {
        let entries = self.lock();
        let mut found: Vec<&RecordedRequest> =
            entries.log.iter().map(|l| &l.request).filter(|r| filter.matches(r)).collect();
        if let Some(n) = filter.last {
            let skip = found.len().saturating_sub(n);
            found.drain(..skip);
        }
        found.into_iter().cloned().collect()
    }

    /// How many requests were dropped (oldest first) to keep the log within its bounds.
    pub fn dropped(&self) -> u64 {
        self.lock().dropped
    }

    pub fn clear(&self) {
        let mut entries = self.lock();
        entries.log.clear();
        entries.bytes = 0;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(path: &str, body: usize) -> RecordedRequest {
        RecordedRequest {
            method: "GET".into(),
            path: path.into(),
            query: None,
            headers: vec![],
            body: vec![b'x'; body],
        }
    }

    #[test]
    fn oldest_dropped_by_count_and_by_bytes() {
        let log = RequestLog::new(3, 10_000);
        for i in 0..5 {
            log.record(req(&format!("/{i}"), 0));
        }
        let paths: Vec<String> = log.all().into_iter().map(|r| r.path).collect();
        assert_eq!(paths, ["/2", "/3", "/4"]);
        assert_eq!(log.dropped(), 2);

        let log = RequestLog::new(100, 5_000);
        for i in 0..5 {
            log.record(req(&format!("/{i}"), 2_000));
        }
        let paths: Vec<String> = log.all().into_iter().map(|r| r.path).collect();
        assert_eq!(paths, ["/3", "/4"]);
        // An entry larger than the whole bound is not kept at all.
        log.record(req("/big", 6_000));
        assert_eq!(log.all().len(), 2);
    }

    #[test]
    fn outcomes_land_on_their_request_and_newest_comes_first() {
        let log = RequestLog::new(2, 10_000);
        let first = log.record(req("/a", 0));
        let second = log.record(req("/b", 0));
        let third = log.record(req("/c", 0));
        let outcome = |status| Outcome { status, latency_us: 7, auth: Some(Ok(())), body: ResponseBody::default() };
        // `/a` was dropped: completing it changes nothing.
        log.complete(first, outcome(500));
        log.complete(third, outcome(201));
        log.complete(second, outcome(404));
        let (newest, held) = log.newest(5);
        assert_eq!(held, 2);
        let seen: Vec<(&str, Option<u16>)> =
            newest.iter().map(|l| (l.request.path.as_str(), l.outcome.as_ref().map(|o| o.status))).collect();
        assert_eq!(seen, [("/c", Some(201)), ("/b", Some(404))]);
        assert_eq!(log.newest(1).0.len(), 1);
        assert_eq!(log.get(second).map(|l| l.request.path), Some("/b".into()));
        assert!(log.get(first).is_none());
    }

    #[test]
    fn answers_keep_the_start_of_their_body_and_count_against_the_bound() {
        let body = vec![b'y'; MAX_RESPONSE_BODY + 10];
        let kept = ResponseBody::capped(&body, Some("application/json"));
        assert_eq!((kept.bytes.len(), kept.total), (MAX_RESPONSE_BODY, MAX_RESPONSE_BODY + 10));
        // Two requests of 1 000 bytes fit in 5 000; their answers' bodies push the first one out.
        let log = RequestLog::new(100, 5_000);
        let first = log.record(req("/a", 1_000));
        let second = log.record(req("/b", 1_000));
        let answer =
            |n| Outcome { status: 200, latency_us: 1, auth: None, body: ResponseBody::capped(&vec![b'z'; n], None) };
        log.complete(first, answer(1_000));
        assert_eq!(log.all().len(), 2);
        log.complete(second, answer(2_500));
        let paths: Vec<String> = log.all().into_iter().map(|r| r.path).collect();
        assert_eq!(paths, ["/b"]);
        assert_eq!(log.get(second).unwrap().outcome.unwrap().body.bytes.len(), 2_500);
    }
}
