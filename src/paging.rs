//! Paged lists, written once for every list the platform pages by `offset` and `count` with an answer
//! `{"count": <total>, "items": [..]}`: archives, broadcasts and Experience Composers. [`ListPages`] is
//! their one builder ([`ListArchives`](crate::archive::ListArchives),
//! [`ListBroadcasts`](crate::broadcast::ListBroadcasts), [`ListRenders`](crate::render::ListRenders));
//! [`Paginated`] is the stream its `into_stream` returns.
//!
//! A [`Paginated`] stream owns what it needs (a clone of the client, which is one `Arc`), so it is
//! `Send + 'static`: it can be moved into `tokio::spawn` or stored in a struct. It ends, whatever the
//! server answers:
//! - after a page with fewer items than asked for, or with none (the last page);
//! - after a page whose items were all seen before (a server that repeats a page);
//! - once the items yielded reach the total that the first page reported (so a huge reported total does
//!   not keep it going past a short page);
//! - after yielding an error, or if the offset would overflow.
//!
//! Items already yielded are not yielded again when a later page repeats them (pages shift when items
//! are added while listing).

use std::{
    collections::HashSet,
    fmt,
    future::Future,
    pin::Pin,
    task::{Context, Poll},
};

use futures_util::{stream, Stream};

use crate::error::{Error, Result};

mod list;

pub(crate) use list::{paged, Keyed, ListOp, Page, PageQuery};
pub use list::{ListPages, Listed, ListedBySession};

type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Page<T>>> + Send + 'static>>;

/// Every item of a paged list, fetching pages as the stream is polled. Owned (`Send + 'static`); see the
/// [module docs](self) for when it ends.
#[must_use = "streams do nothing unless polled"]
pub struct Paginated<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T>> + Send + 'static>>,
}

impl<T> fmt::Debug for Paginated<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginated").finish_non_exhaustive()
    }
}

impl<T> Stream for Paginated<T> {
    type Item = Result<T>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

struct State<T, F> {
    fetch: F,
    offset: u64,
    page_size: u16,
    /// The total the first page reported.
    total: Option<u64>,
    /// Items buffered so far (yielded or about to be).
    yielded: u64,
    seen: HashSet<String>,
    buffered: std::vec::IntoIter<T>,
    done: bool,
}

impl<T> Paginated<T> {
    /// A stream that fetches pages of `page_size` items from `offset` on with `fetch(offset, page_size)`.
    /// `first_error`, if any, is yielded alone (a check of the builder's arguments that failed).
    pub(crate) fn new<F>(offset: u64, page_size: u16, first_error: Option<Error>, fetch: F) -> Self
    where
        F: FnMut(u64, u16) -> PageFuture<T> + Send + 'static,
        T: Keyed + Send + 'static,
    {
        let state = State {
            fetch,
            offset,
            page_size,
            total: None,
            yielded: 0,
            seen: HashSet::new(),
            buffered: Vec::new().into_iter(),
            done: false,
        };
        let inner = stream::unfold((state, first_error), |(mut state, error)| async move {
            if let Some(error) = error {
                return Some((Err(error), (State { done: true, ..state }, None)));
            }
            loop {
                if let Some(item) = state.buffered.next() {
                    return Some((Ok(item), (state, None)));
                }
                if state.done {
                    return None;
                }
                match (state.fetch)(state.offset, state.page_size).await {
                    Ok(page) => state.take(page),
                    Err(error) => {
                        state.done = true;
                        return Some((Err(error), (state, None)));
                    }
                }
            }
        });
        Self { inner: Box::pin(inner) }
    }
}

impl<T: Keyed, F> State<T, F> {
    /// Takes in a fetched page: buffers its new items and decides whether another page is fetched.
    fn take(&mut self, page: Page<T>) {
        let total = *self.total.get_or_insert(page.total);
        let fetched = page.items.len();
        let short = fetched < usize::from(self.page_size);
        let mut fresh = Vec::with_capacity(fetched);
        for item in page.items {
            if self.seen.insert(item.key().to_owned()) {
                fresh.push(item);
            }
        }
        let next_offset = u64::try_from(fetched).ok().and_then(|n| self.offset.checked_add(n));
        let room = usize::try_from(total.saturating_sub(self.yielded)).unwrap_or(usize::MAX);
        fresh.truncate(room);
        self.yielded = self.yielded.saturating_add(fresh.len() as u64);
        self.done = short || fresh.is_empty() || next_offset.is_none() || self.yielded >= total;
        self.offset = next_offset.unwrap_or(self.offset);
        self.buffered = fresh.into_iter();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    };

    use futures_util::TryStreamExt;

    use super::*;

    #[derive(Debug, Clone, PartialEq)]
    struct Item(String);

    impl Keyed for Item {
        fn key(&self) -> &str {
            &self.0
        }
    }

    /// A stream over `serve(offset, size)`, with the number of pages fetched.
    fn paginated(
        size: u16,
        serve: impl Fn(u64, u16) -> Page<Item> + Send + Sync + 'static,
    ) -> (Paginated<Item>, Arc<AtomicUsize>) {
        let fetches = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&fetches);
        let serve = Arc::new(serve);
        let stream = Paginated::new(0, size, None, move |offset, size| {
            counter.fetch_add(1, Ordering::SeqCst);
            let page = serve(offset, size);
            Box::pin(async move { Ok(page) })
        });
        (stream, fetches)
    }

    fn items(range: std::ops::Range<u64>) -> Vec<Item> {
        range.map(|i| Item(format!("a{i}"))).collect()
    }

    fn collect(stream: Paginated<Item>) -> Vec<Item> {
        futures_executor_lite(stream.try_collect::<Vec<_>>()).unwrap()
    }

    /// Runs a future that never waits on I/O (the pages above are ready at once).
    fn futures_executor_lite<F: Future>(future: F) -> F::Output {
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        let mut future = std::pin::pin!(future);
        loop {
            if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
                return out;
            }
        }
    }

    #[test]
    fn honest_server_every_item_once() {
        let (stream, fetches) =
            paginated(2, |offset, size| Page { items: items(offset..(offset + u64::from(size)).min(5)), total: 5 });
        assert_eq!(collect(stream), items(0..5));
        assert_eq!(fetches.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn total_reached_on_a_full_page_needs_no_further_fetch() {
        let (stream, fetches) =
            paginated(2, |offset, size| Page { items: items(offset..offset + u64::from(size)), total: 4 });
        assert_eq!(collect(stream), items(0..4));
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn huge_total_with_one_item_per_page_ends() {
        let (stream, fetches) =
            paginated(50, |offset, _| Page { items: items(offset..offset + 1), total: i64::MAX as u64 });
        assert_eq!(collect(stream), items(0..1));
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn repeated_full_pages_end() {
        let (stream, fetches) = paginated(2, |_, _| Page { items: items(0..2), total: u64::MAX });
        assert_eq!(collect(stream), items(0..2));
        assert_eq!(fetches.load(Ordering::SeqCst), 2);
        // Two pages served in turn.
        let (stream, fetches) = paginated(2, |offset, _| Page {
            items: if offset % 4 == 0 { items(0..2) } else { items(2..4) },
            total: 100,
        });
        assert_eq!(collect(stream), items(0..4));
        assert_eq!(fetches.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn empty_page_ends_and_the_first_total_counts() {
        let (stream, _) = paginated(2, |_, _| Page { items: Vec::new(), total: 10 });
        assert!(collect(stream).is_empty());
        // The total shrinks to 0 on the second page: the first one (3) still rules.
        let (stream, _) =
            paginated(1, |offset, _| Page { items: items(offset..offset + 1), total: if offset == 0 { 3 } else { 0 } });
        assert_eq!(collect(stream), items(0..3));
        // A total smaller than the page: stop at the total.
        let (stream, _) =
            paginated(5, |offset, size| Page { items: items(offset..offset + u64::from(size)), total: 2 });
        assert_eq!(collect(stream), items(0..2));
    }

    #[test]
    fn shifted_pages_do_not_repeat_items() {
        // An item is added at the front between the two fetches: the second page starts with an old one.
        let (stream, _) =
            paginated(2, |offset, _| Page { items: if offset == 0 { items(1..3) } else { items(2..4) }, total: 4 });
        assert_eq!(collect(stream), items(1..4));
    }
}
