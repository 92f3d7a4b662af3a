//! The list builder, written once for every list the platform pages by `offset` and `count`: archives,
//! broadcasts and Experience Composers. Each of them implements [`ListOp`] (its generated request and its
//! page model); [`ListPages`] does the rest: the setters, the checks, one page, or every item as a stream.

use std::{fmt, future::Future, marker::PhantomData, num::NonZeroU64};

use super::Paginated;
use crate::{
    client::OpenTok,
    error::{Error, Result},
    ids::{check_id, SessionId},
};

/// The platform's page size when none is given.
const DEFAULT_COUNT: u16 = 50;
/// The largest page the platform serves.
const MAX_COUNT: u16 = 1000;

/// What identifies an item of a list, to notice a server that serves the same items again.
///
/// `pub` in a private module: it bounds public methods but cannot be named or implemented outside the
/// crate.
pub trait Keyed {
    /// The item's id.
    fn key(&self) -> &str;
}

/// One page of a list, as the platform answers it: `count` is the total number of matching items, not
/// the size of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// How many items match in all.
    pub total: u64,
}

/// The query of one list request, checked, as the generated client takes it.
#[derive(Debug, Clone, Copy)]
pub struct PageQuery<'a> {
    /// Left out when zero (the first page).
    pub offset: Option<i64>,
    /// Left out when not set.
    pub count: Option<NonZeroU64>,
    /// Only items of this session; left out when not set (and never set for a list without the filter).
    pub session_id: Option<&'a str>,
}

/// How a [`Listed`] item's page is fetched: the generated request for one page, and its page model.
///
/// `pub` in a private module: [`Listed`] requires it, so no type outside the crate can be listed.
pub trait ListOp: Keyed + Sized + Send + 'static {
    /// One page, as [`ListPages::send`] returns it.
    type Page;

    /// Sends the list request with `query` and reads the answer as a page.
    fn fetch(client: &OpenTok, query: PageQuery<'_>) -> impl Future<Output = Result<Self::Page>> + Send;
}

/// An item of a list that the platform pages, which [`ListPages`] lists:
/// [`Archive`](crate::archive::Archive) (page model [`ArchivePage`](crate::archive::ArchivePage)),
/// [`Broadcast`](crate::broadcast::Broadcast) ([`BroadcastPage`](crate::broadcast::BroadcastPage)) and
/// [`Render`](crate::render::Render) ([`RenderPage`](crate::render::RenderPage)). Sealed: implemented by
/// this crate only.
pub trait Listed: ListOp {
    /// A page's items and the total number of matching items it reports.
    fn into_parts(page: Self::Page) -> (Vec<Self>, u64);
}

/// A [`Listed`] item whose list the platform filters by session, so that [`ListPages::session_id`]
/// exists: [`Archive`](crate::archive::Archive) and [`Broadcast`](crate::broadcast::Broadcast). Sealed.
pub trait ListedBySession: Listed {}

/// Sets the values of a [`PageQuery`] that are present on a generated request builder, by setter name:
/// `paged!(raw, query, offset, count, session_id)`.
macro_rules! paged {
    ($raw:expr, $query:expr, $($field:ident),+) => {{
        let mut raw = $raw;
        let query: $crate::paging::PageQuery<'_> = $query;
        $(if let Some(value) = query.$field {
            raw = raw.$field(value);
        })+
        raw
    }};
}
pub(crate) use paged;

/// Checks a list request's paging: `count` 1 to 1000, `offset` at most 2^63 - 1 (the platform's integers
/// are signed), and a `session_id`, when set, not empty.
///
/// # Errors
/// [`Error::InvalidArgument`] naming `count`, `offset` or `session_id`.
fn page_query(offset: u64, count: Option<u16>, session_id: Option<&SessionId>) -> Result<PageQuery<'_>> {
    if let Some(c) = count.filter(|c| !(1..=MAX_COUNT).contains(c)) {
        return Err(Error::invalid("count", format!("must be 1 to {MAX_COUNT}, got {c}")));
    }
    let offset = i64::try_from(offset).map_err(|_| Error::invalid("offset", "must be at most 2^63 - 1"))?;
    if let Some(session_id) = session_id {
        check_id("session_id", session_id.as_str())?;
    }
    Ok(PageQuery {
        offset: (offset > 0).then_some(offset),
        count: count.and_then(|c| NonZeroU64::new(u64::from(c))),
        session_id: session_id.map(SessionId::as_str),
    })
}

/// Builder for a paged list: [`ListArchives`](crate::archive::ListArchives) from
/// [`OpenTok::list_archives`], [`ListBroadcasts`](crate::broadcast::ListBroadcasts) from
/// [`OpenTok::list_broadcasts`], [`ListRenders`](crate::render::ListRenders) from
/// [`OpenTok::list_renders`]. Each of those says the request it sends.
///
/// [`send`](Self::send) fetches one page; [`into_stream`](Self::into_stream) gives every item as an owned
/// stream.
#[must_use = "call .send().await or .into_stream()"]
pub struct ListPages<'c, T> {
    client: &'c OpenTok,
    offset: u64,
    count: Option<u16>,
    session_id: Option<SessionId>,
    item: PhantomData<fn() -> T>,
}

impl<T> Clone for ListPages<'_, T> {
    fn clone(&self) -> Self {
        Self {
            client: self.client,
            offset: self.offset,
            count: self.count,
            session_id: self.session_id.clone(),
            item: PhantomData,
        }
    }
}

impl<T> fmt::Debug for ListPages<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ListPages")
            .field("client", self.client)
            .field("offset", &self.offset)
            .field("count", &self.count)
            .field("session_id", &self.session_id)
            .finish()
    }
}

impl<'c, T: Listed> ListPages<'c, T> {
    /// A list from the first item, in pages of the platform's default size.
    pub(crate) fn new(client: &'c OpenTok) -> Self {
        Self { client, offset: 0, count: None, session_id: None, item: PhantomData }
    }

    /// Skips this many items (default 0); at most 2^63 - 1.
    pub fn offset(mut self, offset: u64) -> Self {
        self.offset = offset;
        self
    }

    /// The page size, 1 to 1000 (the platform's default is 50).
    pub fn count(mut self, count: u16) -> Self {
        self.count = Some(count);
        self
    }

    /// Fetches one page: sends the list request once, with `offset` (when not 0), `count` and `sessionId`
    /// (each when set) in the query.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] before sending: `count` outside 1 to 1000, `offset` over 2^63 - 1, an
    /// empty `session_id`. [`Error::Api`] if the platform refuses; [`Error::Decode`] if its answer is not a
    /// page of these items.
    pub async fn send(self) -> Result<T::Page> {
        let query = page_query(self.offset, self.count, self.session_id.as_ref())?;
        T::fetch(self.client, query).await
    }

    /// Every matching item from the offset on, fetching pages of `count` (default 50) as the stream is
    /// polled. The stream owns a clone of the client: it is `Send + 'static`, so it can be moved into a
    /// spawned task. It ends after the last page, after an error (which it yields, the checks of
    /// [`send`](Self::send) included), and whatever the server answers (see [`paging`](crate::paging)).
    /// An item that pages shifting would show twice is yielded once.
    pub fn into_stream(self) -> Paginated<T> {
        let first_error = page_query(self.offset, self.count, self.session_id.as_ref()).err();
        let client = self.client.clone();
        let session_id = self.session_id;
        Paginated::new(self.offset, self.count.unwrap_or(DEFAULT_COUNT), first_error, move |offset, count| {
            let client = client.clone();
            let session_id = session_id.clone();
            Box::pin(async move {
                let query = page_query(offset, Some(count), session_id.as_ref())?;
                let (items, total) = T::into_parts(T::fetch(&client, query).await?);
                Ok(Page { items, total })
            })
        })
    }
}

impl<T: ListedBySession> ListPages<'_, T> {
    /// Only items of this session (sent as `sessionId`); an empty id is refused before sending.
    pub fn session_id(mut self, session_id: &SessionId) -> Self {
        self.session_id = Some(session_id.clone());
        self
    }
}

#[cfg(test)]
mod tests {
    use std::{
        future::Future,
        task::{Context, Poll},
    };

    use futures_util::StreamExt;

    use super::*;

    /// The outcome of a future that is ready at once (a check that fails before anything is sent).
    fn ready<F: Future>(future: F) -> F::Output {
        let mut cx = Context::from_waker(std::task::Waker::noop());
        match std::pin::pin!(future).poll(&mut cx) {
            Poll::Ready(out) => out,
            Poll::Pending => panic!("the future waited: something was sent"),
        }
    }

    fn field<T: std::fmt::Debug>(result: Result<T>) -> &'static str {
        match result {
            Err(Error::InvalidArgument { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_list_checks_its_arguments_before_sending() {
        // The base URL is unroutable: a request that slipped through would fail as a transport error.
        let ot = OpenTok::builder("123456", "secret").with_api_url("http://127.0.0.1:9").build().unwrap();
        let blank = SessionId::from(" ");
        assert_eq!(field(ready(ot.list_archives().session_id(&blank).send())), "session_id");
        assert_eq!(field(ready(ot.list_broadcasts().session_id(&blank).send())), "session_id");
        assert_eq!(field(ready(ot.list_archives().count(0).send())), "count");
        assert_eq!(field(ready(ot.list_broadcasts().count(1001).send())), "count");
        assert_eq!(field(ready(ot.list_renders().offset(u64::MAX).send())), "offset");
        let mut stream = ot.list_broadcasts().session_id(&blank).into_stream();
        assert_eq!(field(ready(stream.next()).unwrap()), "session_id");
        assert!(ready(stream.next()).is_none(), "the stream ends after the check's error");
    }

    #[test]
    fn the_query_leaves_out_what_is_not_set() {
        let sid = SessionId::from("2_MX4x");
        let query = page_query(0, None, None).unwrap();
        assert_eq!((query.offset, query.count, query.session_id), (None, None, None));
        let query = page_query(7, Some(1000), Some(&sid)).unwrap();
        assert_eq!(
            (query.offset, query.count.map(NonZeroU64::get), query.session_id),
            (Some(7), Some(1000), Some("2_MX4x"))
        );
        assert_eq!(field(page_query(1 << 63, None, None)), "offset");
    }
}
