//! [`ReplayGuard`]: the `jti`s of the signed callbacks seen within the freshness window, in one process's
//! bounded memory.

use std::{
    collections::{BTreeMap, HashMap},
    fmt,
    sync::{Mutex, PoisonError},
};

/// Remembers the `jti` (JWT id) of each signed callback until its `iat` falls out of the freshness window,
/// so that a callback replayed within the window is refused ([`VerifyError::Replayed`](crate::webhook::VerifyError::Replayed))
/// while an older one is refused as stale.
///
/// Memory is bounded: at most `capacity` ids are kept. When the guard is full of ids that are all still
/// in the window, the one that leaves the window first is forgotten to make room (only a flood of
/// genuinely signed callbacks can fill it, since ids are recorded after every other check passed).
///
/// One guard is shared by every clone of a [`Verifier`](crate::webhook::Verifier); it is safe to use from many
/// threads.
pub struct ReplayGuard {
    capacity: usize,
    seen: Mutex<Seen>,
}

#[derive(Default)]
struct Seen {
    /// jti → its place in `by_expiry`.
    by_jti: HashMap<Box<str>, (i64, u64)>,
    /// (Unix second the id may be forgotten, insertion number) → jti.
    by_expiry: BTreeMap<(i64, u64), Box<str>>,
    next: u64,
}

/// How many ids a guard keeps by default: at a few dozen bytes each, a few MiB at most.
pub const DEFAULT_REPLAY_CAPACITY: usize = 100_000;

impl ReplayGuard {
    /// A guard that keeps at most `capacity` ids (at least one).
    pub fn new(capacity: usize) -> Self {
        Self { capacity: capacity.max(1), seen: Mutex::new(Seen::default()) }
    }

    /// Records `jti` until `forget_after` (Unix seconds), unless it is already recorded. `now` (Unix
    /// seconds) drops the ids whose time is up first. Returns `false` for an id already recorded: a
    /// replay.
    pub fn check_and_record(&self, jti: &str, forget_after: i64, now: i64) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        while let Some(entry) = seen.by_expiry.first_entry() {
            if entry.key().0 >= now {
                break;
            }
            let jti = entry.remove();
            seen.by_jti.remove(&jti);
        }
        if seen.by_jti.contains_key(jti) {
            return false;
        }
        while seen.by_jti.len() >= self.capacity {
            let Some((_, oldest)) = seen.by_expiry.pop_first() else { break };
            seen.by_jti.remove(&oldest);
        }
        let key = (forget_after, seen.next);
        seen.next = seen.next.wrapping_add(1);
        let jti: Box<str> = jti.into();
        seen.by_jti.insert(jti.clone(), key);
        seen.by_expiry.insert(key, jti);
        true
    }

    /// Forgets `jti`, so that the same callback is accepted again: for a receiver that could not process
    /// a callback and answers 5xx so that the platform sends it again. Returns whether it was recorded.
    pub fn forget(&self, jti: &str) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        match seen.by_jti.remove(jti) {
            Some(key) => {
                seen.by_expiry.remove(&key);
                true
            }
            None => false,
        }
    }

    /// How many ids are recorded now.
    pub fn len(&self) -> usize {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner).by_jti.len()
    }

    /// True when no id is recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most ids kept at once.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

impl Default for ReplayGuard {
    fn default() -> Self {
        Self::new(DEFAULT_REPLAY_CAPACITY)
    }
}

impl fmt::Debug for ReplayGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReplayGuard").field("capacity", &self.capacity).field("len", &self.len()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_until_the_window_ends_and_stays_bounded() {
        let guard = ReplayGuard::new(3);
        assert!(guard.check_and_record("a", 100, 0));
        assert!(!guard.check_and_record("a", 100, 50), "a replay within the window");
        assert!(guard.check_and_record("a", 300, 101), "forgotten once its time is up");
        for jti in ["b", "c", "d", "e"] {
            assert!(guard.check_and_record(jti, 200 + jti.len() as i64, 150));
        }
        assert_eq!(guard.len(), 3, "never more than the capacity");
        assert!(guard.forget("e") && !guard.forget("e"));
        assert_eq!(guard.len(), 2);
        assert!(guard.check_and_record("e", 400, 150));
        assert_eq!(ReplayGuard::new(0).capacity(), 1);
    }
}
