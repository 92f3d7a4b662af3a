//! A collection of records (archives, broadcasts, captionings) indexed by id and by session, so that
//! every lookup, every per-session list and every callback flush costs what it touches, not the number
//! of records ever made. Keys are stable (a removal does not shift them) and grow with insertion order,
//! so iterating by key is oldest first.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::{Index, IndexMut};

/// What the store needs to know of a record.
pub(crate) trait Record {
    fn id(&self) -> &str;
    fn session_id(&self) -> &str;
    /// Whether the record may still change by itself (a running timer): such records are swept.
    fn is_live(&self) -> bool;
}

pub(crate) struct Store<T> {
    items: BTreeMap<usize, T>,
    by_id: HashMap<String, usize>,
    by_session: HashMap<String, BTreeSet<usize>>,
    /// Keys handed out mutably since the last [`Store::settle`]: the only records whose status can
    /// have changed.
    touched: Vec<usize>,
    /// Keys of the records that were live when last settled (or pushed since).
    live: BTreeSet<usize>,
    next: usize,
}

impl<T> Default for Store<T> {
    fn default() -> Self {
        Store {
            items: BTreeMap::new(),
            by_id: HashMap::new(),
            by_session: HashMap::new(),
            touched: Vec::new(),
            live: BTreeSet::new(),
            next: 0,
        }
    }
}

impl<T: Record> Store<T> {
    /// Adds a record; returns its key.
    pub fn push(&mut self, item: T) -> usize {
        let key = self.next;
        self.next += 1;
        self.by_id.insert(item.id().to_string(), key);
        self.by_session.entry(item.session_id().to_string()).or_default().insert(key);
        self.items.insert(key, item);
        self.touched.push(key);
        self.live.insert(key);
        key
    }

    /// The key of the record with `id`.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The record of `key`, if there is one.
    pub fn get(&self, key: usize) -> Option<&T> {
        self.items.get(&key)
    }

    /// The record of `key` mutably, if there is one (it counts as touched).
    pub fn get_mut(&mut self, key: usize) -> Option<&mut T> {
        self.touched.push(key);
        self.items.get_mut(&key)
    }

    /// Removes the record with key `key`.
    pub fn remove(&mut self, key: usize) -> Option<T> {
        let item = self.items.remove(&key)?;
        self.by_id.remove(item.id());
        if let Some(keys) = self.by_session.get_mut(item.session_id()) {
            keys.remove(&key);
            if keys.is_empty() {
                self.by_session.remove(item.session_id());
            }
        }
        self.live.remove(&key);
        Some(item)
    }

    /// Every record, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.items.values()
    }

    /// Keys of the records of `session_id`, oldest first.
    pub fn of_session(&self, session_id: &str) -> Vec<usize> {
        self.by_session.get(session_id).map(|keys| keys.iter().copied().collect()).unwrap_or_default()
    }

    /// Keys of the records that may be live (a superset: check each), oldest first.
    pub fn live(&self) -> Vec<usize> {
        self.live.iter().copied().collect()
    }

    /// Keys of the page `offset..offset + count` of the records newest first, `session_id`'s alone if
    /// given, and how many there are in all: a page costs its size (and its offset), not the store's.
    pub fn page(&self, session_id: Option<&str>, offset: usize, count: usize) -> (usize, Vec<usize>) {
        match session_id {
            Some(sid) => match self.by_session.get(sid) {
                Some(keys) => (keys.len(), keys.iter().rev().skip(offset).take(count).copied().collect()),
                None => (0, Vec::new()),
            },
            None => (self.items.len(), self.items.keys().rev().skip(offset).take(count).copied().collect()),
        }
    }

    /// Calls `settle` once on each record touched since the last call (it reports status changes), and
    /// updates which records are live.
    pub fn settle(&mut self, mut settle: impl FnMut(&mut T)) {
        let mut touched = std::mem::take(&mut self.touched);
        touched.sort_unstable();
        touched.dedup();
        for key in touched {
            let Some(item) = self.items.get_mut(&key) else { continue };
            settle(item);
            if item.is_live() {
                self.live.insert(key);
            } else {
                self.live.remove(&key);
            }
        }
    }
}

impl<T> Index<usize> for Store<T> {
    type Output = T;
    /// The record of a key from [`Store::push`], [`Store::find`], [`Store::of_session`] or
    /// [`Store::page`] in the same lock of the state (it exists).
    fn index(&self, key: usize) -> &T {
        &self.items[&key]
    }
}

impl<T> IndexMut<usize> for Store<T> {
    /// As [`Index`]; the record counts as touched.
    fn index_mut(&mut self, key: usize) -> &mut T {
        self.touched.push(key);
        self.items.get_mut(&key).expect("a key of this lock of the state")
    }
}
