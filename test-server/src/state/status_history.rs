//! The status changes of archives, broadcasts, Experience Composers and captionings, for the inspector:
//! per record, its last [`MAX_PER_RECORD`] statuses with the time each began. Noted when the state's lock
//! is released (with the callbacks: see `callbacks.rs`), so a record taken through two statuses by one
//! request shows the last.

use std::collections::{HashMap, VecDeque};

/// Most statuses kept per record (the oldest go first).
pub(crate) const MAX_PER_RECORD: usize = 16;

/// One status and when it began (Unix milliseconds, the record's `updatedAt`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StatusChange {
    pub status: String,
    pub at: i64,
}

#[derive(Default)]
pub(crate) struct StatusHistory {
    by_id: HashMap<String, VecDeque<StatusChange>>,
}

impl StatusHistory {
    /// Notes that record `id` has `status` since `at`, unless that is already its last status.
    pub fn note(&mut self, id: &str, status: &str, at: i64) {
        if self.by_id.get(id).and_then(VecDeque::back).is_some_and(|last| last.status == status) {
            return;
        }
        let changes = self.by_id.entry(id.to_string()).or_default();
        if changes.len() >= MAX_PER_RECORD {
            changes.pop_front();
        }
        changes.push_back(StatusChange { status: status.to_string(), at });
    }

    /// Record `id`'s statuses, oldest first.
    pub fn of(&self, id: &str) -> impl Iterator<Item = &StatusChange> {
        self.by_id.get(id).into_iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_changes_only_and_keeps_the_last_few() {
        let mut history = StatusHistory::default();
        history.note("a", "started", 1);
        history.note("a", "started", 2);
        history.note("a", "stopped", 3);
        let seen: Vec<(&str, i64)> = history.of("a").map(|c| (c.status.as_str(), c.at)).collect();
        assert_eq!(seen, [("started", 1), ("stopped", 3)]);
        for i in 0..40 {
            history.note("b", if i % 2 == 0 { "paused" } else { "started" }, i);
        }
        assert_eq!(history.of("b").count(), MAX_PER_RECORD);
        assert_eq!(history.of("b").last().unwrap().at, 39);
        assert_eq!(history.of("unknown").count(), 0);
    }
}
