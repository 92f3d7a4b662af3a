//! The status changes of one archive, broadcast, Experience Composer or captioning, for the inspector:
//! its last [`MAX_PER_RECORD`] statuses with the time each began. Each change is noted where the record's
//! status is set (its setters in this folder), so that a record taken through two statuses by one
//! request (`starting` → `started` → `failed`, `stopped` → `available` → `deleted`) shows each; a status
//! set directly on the field is noted when the state's lock is released (see `callbacks.rs`).

use std::collections::VecDeque;

/// Most statuses kept per record (the oldest go first).
pub(crate) const MAX_PER_RECORD: usize = 16;

/// One status and when it began (Unix milliseconds, the record's `updatedAt`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StatusChange {
    pub status: String,
    pub at: i64,
}

/// One record's statuses, oldest first.
#[derive(Debug, Clone, Default)]
pub(crate) struct StatusHistory {
    changes: VecDeque<StatusChange>,
}

impl StatusHistory {
    /// A history that begins with `status` at `at`.
    pub fn starting(status: &str, at: i64) -> Self {
        let mut history = StatusHistory::default();
        history.note(status, at);
        history
    }

    /// Notes that the record has `status` since `at`, unless that is already its last status.
    pub fn note(&mut self, status: &str, at: i64) {
        if self.changes.back().is_some_and(|last| last.status == status) {
            return;
        }
        if self.changes.len() >= MAX_PER_RECORD {
            self.changes.pop_front();
        }
        self.changes.push_back(StatusChange { status: status.to_string(), at });
    }

    /// The statuses, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &StatusChange> {
        self.changes.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_changes_only_and_keeps_the_last_few() {
        let mut history = StatusHistory::starting("started", 1);
        history.note("started", 2);
        history.note("stopped", 3);
        let seen: Vec<(&str, i64)> = history.iter().map(|c| (c.status.as_str(), c.at)).collect();
        assert_eq!(seen, [("started", 1), ("stopped", 3)]);
        let mut history = StatusHistory::default();
        for i in 0..40 {
            history.note(if i % 2 == 0 { "paused" } else { "started" }, i);
        }
        assert_eq!(history.iter().count(), MAX_PER_RECORD);
        assert_eq!(history.iter().last().unwrap().at, 39);
        assert_eq!(StatusHistory::default().iter().count(), 0);
    }
}
