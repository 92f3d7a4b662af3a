//! Listing archives: one page at a time, or every archive as a stream that fetches pages as it goes.

use futures_util::{stream, Stream};

use super::Archive;
use crate::{
    error::{Error, Result},
    ids::SessionId,
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

/// One page of archives.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ArchivePage {
    /// The archives on this page, newest first.
    pub items: Vec<Archive>,
    /// How many archives match in all (not the size of this page).
    pub total: u64,
}

impl OpenTok {
    /// Starts listing archives, newest first; deleted archives are left out.
    ///
    /// Finish with [`ListArchives::send`] for one page, or [`ListArchives::into_stream`] for every
    /// archive; each page is `GET /v2/project/{apiKey}/archive?offset=..&count=..&sessionId=..`.
    ///
    /// # Example
    /// ```no_run
    /// # async fn run(ot: opentok_sdk::OpenTok, session_id: opentok_sdk::SessionId) -> opentok_sdk::Result<()> {
    /// let page = ot.list_archives().session_id(&session_id).count(100).send().await?;
    /// println!("{} of {} archives", page.items.len(), page.total);
    /// # Ok(()) }
    /// ```
    pub fn list_archives(&self) -> ListArchives<'_> {
        ListArchives { client: self, offset: 0, count: None, session_id: None }
    }
}

impl<'c> ListArchives<'c> {
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
        match self.count {
            Some(c) if !(1..=MAX_COUNT).contains(&c) => {
                Err(Error::invalid("count", format!("must be 1 to {MAX_COUNT}, got {c}")))
            }
            _ => Ok(()),
        }
    }

    async fn page(
        client: &OpenTok,
        offset: u64,
        count: Option<u16>,
        session_id: Option<&SessionId>,
    ) -> Result<ArchivePage> {
        let mut raw = client.raw().list_archives().api_key(client.account_id());
        if offset > 0 {
            raw = raw.offset(i64::try_from(offset).map_err(|_| Error::invalid("offset", "is too large"))?);
        }
        if let Some(count) = count.and_then(|c| std::num::NonZeroU64::new(u64::from(c))) {
            raw = raw.count(count);
        }
        if let Some(session_id) = session_id {
            raw = raw.session_id(session_id.as_str());
        }
        let list = client.call(raw.send()).await?;
        Ok(ArchivePage {
            items: list.items.into_iter().map(Archive::from).collect(),
            total: u64::try_from(list.count).unwrap_or(0),
        })
    }

    /// Fetches one page.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] (`count`) before sending; [`Error::Api`] if the platform refuses.
    pub async fn send(self) -> Result<ArchivePage> {
        self.check()?;
        Self::page(self.client, self.offset, self.count, self.session_id.as_ref()).await
    }

    /// Every matching archive from the offset on, fetching pages of `count` (default 50) as the stream is
    /// polled, until the total is reached or a page comes back empty. An error ends the stream after it is
    /// yielded. Archives started while listing shift the pages, so one may be seen twice.
    pub fn into_stream(self) -> impl Stream<Item = Result<Archive>> + 'c {
        struct State<'c> {
            client: &'c OpenTok,
            offset: u64,
            count: u16,
            session_id: Option<SessionId>,
            buffered: std::vec::IntoIter<Archive>,
            done: bool,
        }
        let first_error = self.check().err();
        let state = State {
            client: self.client,
            offset: self.offset,
            count: self.count.unwrap_or(DEFAULT_COUNT),
            session_id: self.session_id,
            buffered: Vec::new().into_iter(),
            done: false,
        };
        stream::unfold((state, first_error), |(mut state, error)| async move {
            if let Some(error) = error {
                state.done = true;
                return Some((Err(error), (state, None)));
            }
            loop {
                if let Some(archive) = state.buffered.next() {
                    return Some((Ok(archive), (state, None)));
                }
                if state.done {
                    return None;
                }
                match Self::page(state.client, state.offset, Some(state.count), state.session_id.as_ref()).await {
                    Ok(page) => {
                        let fetched = page.items.len() as u64;
                        state.offset += fetched;
                        state.done = fetched == 0 || state.offset >= page.total;
                        state.buffered = page.items.into_iter();
                    }
                    Err(error) => {
                        state.done = true;
                        return Some((Err(error), (state, None)));
                    }
                }
            }
        })
    }
}
