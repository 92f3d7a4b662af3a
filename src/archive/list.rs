//! Listing archives: one page at a time, or every archive as an owned stream that fetches pages as it goes.

use super::Archive;
use crate::{
    error::Result,
    ids::SessionId,
    macros::wire_model,
    paging::{page_query, Keyed, Page, Paginated},
    wire::{Dflt, Lenient, Plain},
    OpenTok,
};

/// The platform's page size when none is given.
const DEFAULT_COUNT: u16 = 50;
/// The largest page the platform serves.
const MAX_COUNT: u16 = 1000;

/// Builder for [`OpenTok::list_archives`].
#[must_use = "call .send().await or .into_stream()"]
#[derive(Debug, Clone)]
pub struct ListArchives<'c> {
    client: &'c OpenTok,
    offset: u64,
    count: Option<u16>,
    session_id: Option<SessionId>,
}

wire_model! {
    /// One page of archives, as the platform answers `GET /v2/project/{api_key}/archive`.
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

impl OpenTok {
    /// Starts listing archives, newest first; deleted archives are left out.
    ///
    /// [`ListArchives::send`] fetches one page; [`ListArchives::into_stream`] gives every archive as an
    /// owned stream, which can be moved into a spawned task.
    ///
    /// Sends `GET /v2/project/{apiKey}/archive` for each page, with `offset`, `count` and `sessionId` in
    /// the query.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok) -> opentok_sdk::Result<()> {
    /// use futures_util::TryStreamExt;
    /// let archives = ot.list_archives().count(100).into_stream();
    /// let task = tokio::spawn(archives.try_collect::<Vec<_>>());
    /// # let _ = task;
    /// # Ok(()) }
    /// ```
    pub fn list_archives(&self) -> ListArchives<'_> {
        ListArchives { client: self, offset: 0, count: None, session_id: None }
    }
}

impl ListArchives<'_> {
    /// Skips this many archives (default 0).
    pub fn offset(mut self, offset: u64) -> Self {
        self.offset = offset;
        self
    }

    /// The page size, 1 to 1000 (the platform's default is 50).
    pub fn count(mut self, count: u16) -> Self {
        self.count = Some(count);
        self
    }

    /// Only archives of this session.
    pub fn session_id(mut self, session_id: &SessionId) -> Self {
        self.session_id = Some(session_id.clone());
        self
    }

    fn check(&self) -> Result<()> {
        page_query(self.offset, self.count, MAX_COUNT).map(drop)
    }

    /// Fetches one page.
    ///
    /// Sends `GET /v2/project/{api_key}/archive?offset=..&count=..&sessionId=..` (each only when set).
    ///
    /// # Errors
    /// [`Error::InvalidArgument`](crate::Error::InvalidArgument) (`count`, `offset`) before sending; [`Error::Api`](crate::Error::Api) if the platform
    /// refuses; [`Error::Decode`](crate::Error::Decode) if its answer is not a page of archives.
    pub async fn send(self) -> Result<ArchivePage> {
        self.check()?;
        fetch_page(self.client, self.offset, self.count, self.session_id.as_ref()).await
    }

    /// Every matching archive from the offset on, fetching pages of `count` (default 50) as the stream is
    /// polled. The stream owns a clone of the client: it is `Send + 'static`. It ends after the last page,
    /// after an error (which it yields), and whatever the server answers (see
    /// [`paging`](crate::paging)). An archive that pages shifting would show twice is yielded once.
    pub fn into_stream(self) -> Paginated<Archive> {
        let first_error = self.check().err();
        let client = self.client.clone();
        let session_id = self.session_id;
        Paginated::new(self.offset, self.count.unwrap_or(DEFAULT_COUNT), first_error, move |offset, count| {
            let client = client.clone();
            let session_id = session_id.clone();
            Box::pin(async move {
                let page = fetch_page(&client, offset, Some(count), session_id.as_ref()).await?;
                Ok(Page { items: page.items, total: page.total })
            })
        })
    }
}

async fn fetch_page(
    client: &OpenTok,
    offset: u64,
    count: Option<u16>,
    session_id: Option<&SessionId>,
) -> Result<ArchivePage> {
    let mut raw = client.raw().list_archives().api_key(client.account_id());
    let query = page_query(offset, count, MAX_COUNT)?;
    if let Some(offset) = query.offset {
        raw = raw.offset(offset);
    }
    if let Some(count) = query.count {
        raw = raw.count(count);
    }
    if let Some(session_id) = session_id {
        raw = raw.session_id(session_id.as_str());
    }
    ArchivePage::from_object(client.call(raw.send()).await?)
}
