//! [`RedisReplayStore`] (feature `redis`): the `jti`s of accepted callbacks in a Redis shared by every
//! instance of an application, so that a callback is accepted once by the whole deployment.

use std::{fmt, sync::Arc, time::Duration};

use redis::{
    aio::{ConnectionManager, ConnectionManagerConfig},
    Client, RedisError, Value,
};

use super::{ReplayStore, StoreFuture};
use crate::{
    error::{Error, Result},
    webhook::error::{cut, ReplayFault, ReplayStoreError},
};

/// How long a command may take by default, connecting included, before the callback is refused with 503.
pub const DEFAULT_REDIS_TIMEOUT: Duration = Duration::from_millis(500);

/// The keys' prefix by default: a key is the prefix followed by the `jti`.
pub const DEFAULT_KEY_PREFIX: &str = "opentok:webhook:jti:";

/// How much longer than the freshness window a `jti` is kept by default, for clocks that differ between
/// instances.
pub const DEFAULT_SKEW_ALLOWANCE: Duration = Duration::from_secs(60);

/// How long the undoing of a `jti` recorded too late to count may wait (see [`RedisReplayStore::timeout`]).
const LATE_ANSWER_WAIT: Duration = Duration::from_secs(30);

/// A [`ReplayStore`] in Redis, shared by every instance of an application that points at the same Redis
/// and prefix.
///
/// Recording a `jti` is one command, `SET <prefix><jti> <random> NX PX <ms>`: Redis runs commands one at a time,
/// so of two instances receiving the same callback at the same moment exactly one sets the key and
/// accepts it. The key expires by itself once the callback's `iat` has left the freshness window, plus
/// [`skew_allowance`](Self::skew_allowance) (60 s by default) for clocks that differ between instances:
/// nothing else is stored, and nothing grows without bound (about 110 bytes of Redis memory per key;
/// see the README, "Running many instances").
///
/// Faults are never answered with a guess: when Redis is unreachable, does not answer within
/// [`timeout`](Self::timeout) (500 ms by default, connecting included) or answers something else than
/// `SET NX` can answer, verification fails with
/// [`VerifyError::ReplayStore`](crate::webhook::VerifyError::ReplayStore), status 503, so that the platform
/// sends the callback again later. The connection is re-established in the background (the `redis`
/// crate's `ConnectionManager`): once Redis is back, callbacks are accepted again, without a restart.
///
/// Clones share the connection. `Debug` and errors show Redis's address, never a password from the URL.
#[derive(Clone)]
pub struct RedisReplayStore {
    manager: ConnectionManager,
    prefix: Arc<str>,
    timeout: Duration,
    skew_ms: i64,
    /// `host:port` (or the socket's path), for errors.
    server: Arc<str>,
}

impl RedisReplayStore {
    /// A store in the Redis at `url` (`redis://[[user]:password@]host[:port][/db]`, or
    /// `unix:///path/to/redis.sock`). It connects on first use, and again whenever the connection is
    /// lost: an application starts even while Redis is down (callbacks are then refused with 503).
    /// Verification with it is awaited on a tokio runtime with its time driver (as `#[tokio::main]`
    /// builds).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] naming `url` if it is not a Redis URL, or if this is not called inside
    /// a tokio runtime (the connection lives on it).
    pub fn new(url: &str) -> Result<Self> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(Error::invalid("url", "RedisReplayStore::new must be called inside a tokio runtime"));
        }
        let client = Client::open(url).map_err(|_| {
            // The parser's own words are not repeated: they could quote the URL, password included.
            Error::invalid("url", "is not a Redis URL (redis://[[user]:password@]host[:port][/db] or unix:///path)")
        })?;
        let server: Arc<str> = client.get_connection_info().addr().to_string().into();
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(DEFAULT_REDIS_TIMEOUT))
            // Answers are awaited here (bounded by `timeout` for the caller), so that a late one is known.
            .set_response_timeout(None)
            // Reconnection: a few quick attempts, then again on the next command; so a Redis that comes
            // back is used within about a second.
            .set_number_of_retries(2)
            .set_min_delay(Duration::from_millis(10))
            .set_max_delay(Duration::from_millis(200));
        let manager = ConnectionManager::new_lazy_with_config(client, config)
            .map_err(|_| Error::invalid("url", "the Redis client could not be set up"))?;
        Ok(Self {
            manager,
            prefix: DEFAULT_KEY_PREFIX.into(),
            timeout: DEFAULT_REDIS_TIMEOUT,
            skew_ms: DEFAULT_SKEW_ALLOWANCE.as_millis() as i64,
            server,
        })
    }

    /// The keys' prefix ([`DEFAULT_KEY_PREFIX`] by default): instances that must accept each callback
    /// once between them share it; applications that share a Redis use one each.
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into().into();
        self
    }

    /// How long a command may take before the callback is refused with 503 (500 ms by default; at least
    /// 1 ms). A `SET` that still lands after that is undone (a script deletes the key if it holds that
    /// call's value, sent after it on the same connection), so that the platform's next attempt is
    /// accepted.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// How much longer than the freshness window a `jti` is kept ([`DEFAULT_SKEW_ALLOWANCE`] by
    /// default): at least the largest difference between two instances' clocks.
    pub fn skew_allowance(mut self, allowance: Duration) -> Self {
        self.skew_ms = i64::try_from(allowance.as_millis()).unwrap_or(i64::MAX);
        self
    }

    /// The key a `jti` is recorded under.
    fn key(&self, jti: &str) -> String {
        let mut key = String::with_capacity(self.prefix.len() + jti.len());
        key.push_str(&self.prefix);
        key.push_str(jti);
        key
    }

    /// How long to keep a `jti` recorded at `now` until `forget_after` (both Unix seconds), in ms: to the
    /// end of the second `forget_after`, plus the skew allowance; at least one second.
    fn ttl_ms(&self, forget_after: i64, now: i64) -> i64 {
        forget_after.saturating_sub(now).saturating_add(1).max(1).saturating_mul(1000).saturating_add(self.skew_ms)
    }

    fn fault(&self, e: &RedisError) -> ReplayStoreError {
        let server = &self.server;
        if e.is_timeout() {
            return self.timed_out();
        }
        if e.is_io_error() || e.is_connection_refusal() || e.is_connection_dropped() {
            return ReplayStoreError::new(ReplayFault::Unreachable, format!("Redis at {server} is unreachable: {e}"));
        }
        ReplayStoreError::new(ReplayFault::UnexpectedAnswer, format!("Redis at {server} answered with an error: {e}"))
    }

    /// The connection and the timeouts live on a tokio runtime: awaited elsewhere, an error, not a panic.
    fn in_runtime(&self) -> Result<(), ReplayStoreError> {
        match tokio::runtime::Handle::try_current() {
            Ok(_) => Ok(()),
            Err(_) => Err(ReplayStoreError::new(
                ReplayFault::Unreachable,
                format!("Redis at {} is only reachable from a tokio runtime", self.server),
            )),
        }
    }

    /// After a timeout the `SET` may still be on its way, and succeed: the callback was refused (503), so
    /// its key is deleted if it holds this call's `token`. Sent on the same connection, after the `SET`,
    /// which Redis runs first; in the background, waiting at most 30 s.
    fn undo_late_record(&self, key: String, token: i64) {
        const DELETE_IF_OURS: &str =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
        let mut connection = self.manager.clone();
        tokio::spawn(async move {
            let mut command = redis::cmd("EVAL");
            command.arg(DELETE_IF_OURS).arg(1).arg(key).arg(token);
            let _ = tokio::time::timeout(LATE_ANSWER_WAIT, command.query_async::<Value>(&mut connection)).await;
        });
    }

    fn timed_out(&self) -> ReplayStoreError {
        ReplayStoreError::new(
            ReplayFault::Timeout,
            format!("Redis at {} did not answer within {} ms", self.server, self.timeout.as_millis()),
        )
    }

    fn unexpected(&self, command: &str, value: &Value) -> ReplayStoreError {
        ReplayStoreError::new(
            ReplayFault::UnexpectedAnswer,
            format!("Redis at {} answered {} to {command}", self.server, cut(&format!("{value:?}"))),
        )
    }
}

impl ReplayStore for RedisReplayStore {
    fn record<'a>(&'a self, jti: &'a str, forget_after: i64, now: i64) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            self.in_runtime()?;
            let key = self.key(jti);
            // A value of this call's own, so that a late `SET` can be told from another instance's.
            let token = fastrand::i64(1..i64::MAX);
            let mut command = redis::cmd("SET");
            command.arg(&key).arg(token).arg("NX").arg("PX").arg(self.ttl_ms(forget_after, now));
            let mut connection = self.manager.clone();
            let answer = match tokio::time::timeout(self.timeout, command.query_async::<Value>(&mut connection)).await {
                Ok(answer) => answer,
                Err(_) => {
                    self.undo_late_record(key, token);
                    return Err(self.timed_out());
                }
            };
            match answer {
                Ok(Value::Okay) => Ok(true),
                Ok(Value::SimpleString(text)) if text == "OK" => Ok(true),
                Ok(Value::Nil) => Ok(false),
                Ok(other) => Err(self.unexpected("SET NX", &other)),
                Err(e) => Err(self.fault(&e)),
            }
        })
    }

    fn forget<'a>(&'a self, jti: &'a str) -> StoreFuture<'a, bool> {
        Box::pin(async move {
            self.in_runtime()?;
            let mut connection = self.manager.clone();
            let mut command = redis::cmd("DEL");
            command.arg(self.key(jti));
            match tokio::time::timeout(self.timeout, command.query_async::<Value>(&mut connection)).await {
                Err(_) => Err(self.timed_out()),
                Ok(Ok(Value::Int(deleted))) => Ok(deleted > 0),
                Ok(Ok(other)) => Err(self.unexpected("DEL", &other)),
                Ok(Err(e)) => Err(self.fault(&e)),
            }
        })
    }
}

impl fmt::Debug for RedisReplayStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisReplayStore")
            .field("server", &self.server)
            .field("prefix", &self.prefix)
            .field("timeout", &self.timeout)
            .field("skew_allowance_ms", &self.skew_ms)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn keys_and_expiries() {
        let store = RedisReplayStore::new("redis://:hunter2@127.0.0.1:1/").unwrap().prefix("app:");
        assert_eq!(store.key("abc"), "app:abc");
        // 300 s left in the window: to the end of that second, plus a minute.
        assert_eq!(store.ttl_ms(1_300, 1_000), 301_000 + 60_000);
        // Already past (a clock behind): still a second.
        assert_eq!(store.ttl_ms(900, 1_000), 61_000);
        assert_eq!(store.clone().skew_allowance(Duration::ZERO).ttl_ms(i64::MAX, i64::MIN), i64::MAX);
        let shown = format!("{store:?}");
        assert!(shown.contains("127.0.0.1:1") && !shown.contains("hunter2"), "{shown}");
    }

    #[test]
    fn outside_a_runtime_or_with_a_bad_url_it_is_an_error_not_a_panic() {
        let e = RedisReplayStore::new("redis://127.0.0.1/").unwrap_err();
        assert!(e.to_string().contains("tokio runtime"), "{e}");
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let store = runtime.block_on(async {
            let e = RedisReplayStore::new("http://:hunter2@x/").unwrap_err();
            assert!(e.to_string().contains("url") && !e.to_string().contains("hunter2"), "{e}");
            RedisReplayStore::new("redis://127.0.0.1:1/").unwrap()
        });
        // Awaited outside the runtime (another executor): an error, not a panic.
        let e = futures_util::FutureExt::now_or_never(store.record("jti", 100, 0)).unwrap().unwrap_err();
        assert_eq!(e.fault(), ReplayFault::Unreachable, "{e}");
    }
}
