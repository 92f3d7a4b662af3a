//! Listing broadcasts: one page at a time, or every broadcast as an owned stream that fetches pages as it
//! goes (the builder is [`ListPages`], shared with the other paged lists).

use super::Broadcast;
use crate::{
    error::Result,
    macros::wire_model,
    paging::{paged, Keyed, ListOp, ListPages, Listed, ListedBySession, PageQuery},
    wire::{Dflt, Lenient, Plain},
    OpenTok,
};

/// Builder for [`OpenTok::list_broadcasts`]: [`offset`](ListPages::offset), [`count`](ListPages::count),
/// [`session_id`](ListPages::session_id), then [`send`](ListPages::send) for one [`BroadcastPage`] or
/// [`into_stream`](ListPages::into_stream) for every [`Broadcast`].
pub type ListBroadcasts<'c> = ListPages<'c, Broadcast>;

wire_model! {
    /// One page of broadcasts, as the platform answers `GET /v2/project/{apiKey}/broadcast`.
    pub struct BroadcastPage("a page of broadcasts") {
        /// How many broadcasts match in all (not the size of this page). A count the platform sends that
        /// is not a whole number reads as 0.
        "count" => pub total: u64 as Dflt<Lenient<Plain>>,
        /// The broadcasts on this page, newest first.
        "items" => pub items: Vec<Broadcast> as Dflt<Plain>,
    }
}

impl Keyed for Broadcast {
    fn key(&self) -> &str {
        self.id.as_str()
    }
}

impl ListOp for Broadcast {
    type Page = BroadcastPage;

    async fn fetch(client: &OpenTok, query: PageQuery<'_>) -> Result<BroadcastPage> {
        let raw = paged!(client.raw().list_broadcasts().api_key(client.account_id()), query, offset, count, session_id);
        BroadcastPage::from_object(client.call(raw.send()).await?)
    }
}

impl Listed for Broadcast {
    fn into_parts(page: BroadcastPage) -> (Vec<Self>, u64) {
        (page.items, page.total)
    }
}

impl ListedBySession for Broadcast {}

impl OpenTok {
    /// Starts listing broadcasts, newest first.
    ///
    /// [`ListBroadcasts::send`](ListPages::send) fetches one page;
    /// [`ListBroadcasts::into_stream`](ListPages::into_stream) gives every broadcast as an owned stream,
    /// which can be moved into a spawned task.
    ///
    /// Sends `GET /v2/project/{apiKey}/broadcast` for each page, with `offset` (when not 0), and `count` and
    /// `sessionId` (each when set) in the query.
    ///
    /// # Errors
    /// From `send`, or yielded first by the stream: [`Error::InvalidArgument`](crate::Error::InvalidArgument)
    /// before sending (`count` outside 1 to 1000, `offset` over 2^63 - 1, an empty `session_id`);
    /// [`Error::Api`](crate::Error::Api) if the platform refuses; [`Error::Decode`](crate::Error::Decode) if
    /// its answer is not a page of broadcasts.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let page = ot.list_broadcasts().session_id(&session_id).count(10).send().await?;
    /// println!("{} of {} broadcasts", page.items.len(), page.total);
    /// let all = ot.list_broadcasts().into_stream();
    /// let task = tokio::spawn(all.try_collect::<Vec<_>>());
    /// # let _ = task;
    /// # Ok(()) }
    /// ```
    pub fn list_broadcasts(&self) -> ListBroadcasts<'_> {
        ListPages::new(self)
    }
}
