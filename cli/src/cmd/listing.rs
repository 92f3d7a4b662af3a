//! The list commands' shared part (`archive list`, `broadcast list`, `render list`): one page or, with
//! `--all`, every item from the offset on, printed as JSON or as a table.

use futures_util::{Stream, StreamExt as _};
use opentok_sdk::{
    paging::{ListPages, Listed, ListedBySession},
    OpenTok,
};
use serde_json::{json, Value};

use crate::{args::PageArgs, failure::Failure, ids, output};

/// How a listing prints: each item's JSON, the table's header and rows, and the plural noun of the last
/// line (`3 of 7 archives`).
pub(super) struct Table<T> {
    pub to_json: fn(&T) -> Value,
    pub header: String,
    pub row: fn(&T) -> String,
    pub noun: &'static str,
}

/// Only the items of this session, when one is given (checked as the CLI checks session ids).
pub(super) fn by_session<'c, T: ListedBySession>(
    ot: &OpenTok,
    request: ListPages<'c, T>,
    session_id: Option<&str>,
) -> Result<ListPages<'c, T>, Failure> {
    match session_id {
        Some(text) => Ok(request.session_id(&ids::session_id(ot, text)?)),
        None => Ok(request),
    }
}

/// Sends the listing with the paging flags and prints what comes back.
pub(super) async fn run<T: Listed>(
    request: ListPages<'_, T>,
    page: &PageArgs,
    table: Table<T>,
    json: bool,
) -> Result<(), Failure> {
    let mut request = request.offset(page.offset);
    if let Some(count) = page.count {
        request = request.count(count);
    }
    let (items, total) =
        if page.all { collect_all(request.into_stream()).await? } else { T::into_parts(request.send().await?) };
    if json {
        let items: Vec<_> = items.iter().map(table.to_json).collect();
        return output::json(&json!({ "count": total, "items": items }));
    }
    let mut text = vec![table.header];
    text.extend(items.iter().map(table.row));
    text.push(format!("{} of {total} {}", items.len(), table.noun));
    output::line(&text.join("\n"))
}

/// Every item of a paginated listing (`--all`), and how many there were.
async fn collect_all<T>(stream: impl Stream<Item = opentok_sdk::Result<T>>) -> Result<(Vec<T>, u64), Failure> {
    let mut stream = std::pin::pin!(stream);
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item?);
    }
    let total = u64::try_from(items.len()).unwrap_or(u64::MAX);
    Ok((items, total))
}
