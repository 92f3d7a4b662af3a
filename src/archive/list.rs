//! Listing archives: one page at a time, or every archive as an owned stream that fetches pages as it goes
//! (the builder is [`ListPages`], shared with the other paged lists).

use super::Archive;
use crate::{
    error::Result,
    macros::wire_model,
    paging::{paged, Keyed, ListOp, ListPages, Listed, ListedBySession, PageQuery},
    wire::{Dflt, Lenient, Plain},
    OpenTok,
};

/// Builder for [`OpenTok::list_archives`]: [`offset`](ListPages::offset), [`count`](ListPages::count),
/// [`session_id`](ListPages::session_id), then [`send`](ListPages::send) for one [`ArchivePage`] or
/// [`into_stream`](ListPages::into_stream) for every [`Archive`].
pub type ListArchives<'c> = ListPages<'c, Archive>;

wire_model! {
    /// One page of archives, as the platform answers `GET /v2/project/{apiKey}/archive`.
    pub struct ArchivePage("a page of archives") {
        /// How many archives match in all (not the size of this page). A count the platform sends that
        /// is not a whole number reads as 0.
        "count" => pub total: u64 as Dflt<Lenient<Plain>>,
        /// The archives on this page, newest first.
        "items" => pub items: Vec<Archive> as Dflt<Plain>,
    }
}

impl Keyed for Archive {
    fn key(&self) -> &str {
        self.id.as_str()
    }
}

impl ListOp for Archive {
    type Page = ArchivePage;

    async fn fetch(client: &OpenTok, query: PageQuery<'_>) -> Result<ArchivePage> {
        let raw = paged!(client.raw().list_archives().api_key(client.account_id()), query, offset, count, session_id);
        ArchivePage::from_object(client.call(raw.send()).await?)
    }
}

impl Listed for Archive {
    fn into_parts(page: ArchivePage) -> (Vec<Self>, u64) {
        (page.items, page.total)
    }
}

impl ListedBySession for Archive {}

impl OpenTok {
    /// Starts listing archives, newest first; deleted archives are left out.
    ///
    /// [`ListArchives::send`](ListPages::send) fetches one page;
    /// [`ListArchives::into_stream`](ListPages::into_stream) gives every archive as an owned stream, which
    /// can be moved into a spawned task.
    ///
    /// Sends `GET /v2/project/{apiKey}/archive` for each page, with `offset` (when not 0), and `count` and
    /// `sessionId` (each when set) in the query.
    ///
    /// # Errors
    /// From `send`, or yielded first by the stream: [`Error::InvalidArgument`](crate::Error::InvalidArgument)
    /// before sending (`count` outside 1 to 1000, `offset` over 2^63 - 1, an empty `session_id`);
    /// [`Error::Api`](crate::Error::Api) if the platform refuses; [`Error::Decode`](crate::Error::Decode) if
    /// its answer is not a page of archives.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let page = ot.list_archives().session_id(&session_id).count(10).send().await?;
    /// println!("{} of {} archives", page.items.len(), page.total);
    /// let archives = ot.list_archives().count(100).into_stream();
    /// let task = tokio::spawn(archives.try_collect::<Vec<_>>());
    /// # let _ = task;
    /// # Ok(()) }
    /// ```
    pub fn list_archives(&self) -> ListArchives<'_> {
        ListPages::new(self)
    }
}
