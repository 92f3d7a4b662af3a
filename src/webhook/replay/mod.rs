//! Replay protection: the `jti`s of the signed callbacks already accepted, remembered while their `iat` is
//! within the freshness window. [`ReplayStore`] is the idea; [`ReplayGuard`] keeps them in the process's
//! memory (the default), `RedisReplayStore` (feature `redis`) in a Redis shared by every instance of an
//! application.

mod memory;
#[cfg(feature = "redis")]
mod redis_store;

use std::{future::Future, pin::Pin};

pub use memory::{ReplayGuard, DEFAULT_REPLAY_CAPACITY};
#[cfg(feature = "redis")]
pub use redis_store::{RedisReplayStore, DEFAULT_KEY_PREFIX, DEFAULT_REDIS_TIMEOUT, DEFAULT_SKEW_ALLOWANCE};

use super::error::ReplayStoreError;

/// What a [`ReplayStore`] answers, later.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, ReplayStoreError>> + Send + 'a>>;

/// Where a [`Verifier`](super::Verifier) records the `jti` of each callback it accepts, so that the same
/// callback is accepted once.
///
/// [`record`](Self::record) must be atomic: when two verifiers record the same `jti` at the same moment,
/// exactly one gets `Ok(true)`. A store that cannot tell (unreachable, too slow, an answer it does not
/// understand) answers `Err`, and the callback is refused with
/// [`VerifyError::ReplayStore`](super::VerifyError::ReplayStore) (503: the platform sends it again later);
/// it is never accepted on a guess.
///
/// Implementations: [`ReplayGuard`] (one process's memory; [`Verifier::replay_guard`](super::Verifier::replay_guard)
/// uses it without going through this trait), and `RedisReplayStore` with the `redis` feature.
pub trait ReplayStore: Send + Sync + std::fmt::Debug + 'static {
    /// Records `jti` until at least `forget_after` (Unix seconds, by the verifier's clock, which read `now`),
    /// unless it is already recorded. `Ok(true)`: recorded now, the callback is new; `Ok(false)`: already
    /// recorded, a replay.
    fn record<'a>(&'a self, jti: &'a str, forget_after: i64, now: i64) -> StoreFuture<'a, bool>;

    /// Forgets `jti`, so that the same callback is accepted again (for a receiver that could not process
    /// it and answers 5xx so that the platform sends it again). `Ok(true)` when it was recorded.
    fn forget<'a>(&'a self, jti: &'a str) -> StoreFuture<'a, bool>;
}

impl ReplayStore for ReplayGuard {
    fn record<'a>(&'a self, jti: &'a str, forget_after: i64, now: i64) -> StoreFuture<'a, bool> {
        let recorded = self.check_and_record(jti, forget_after, now);
        Box::pin(std::future::ready(Ok(recorded)))
    }

    fn forget<'a>(&'a self, jti: &'a str) -> StoreFuture<'a, bool> {
        let forgotten = ReplayGuard::forget(self, jti);
        Box::pin(std::future::ready(Ok(forgotten)))
    }
}
