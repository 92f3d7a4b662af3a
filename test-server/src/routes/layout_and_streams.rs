//! Changing what a running composition shows, the same for archives and broadcasts:
//! `PUT …/{id}/layout` (200, no body) and `PATCH …/{id}/streams` (204). Both answer 404 for an unknown
//! id and for a composition that no longer records or broadcasts (the platform documents that 404 for
//! broadcasts, and 404 "archive or stream not found" for archive stream changes), and 400 for a bad
//! layout or streams body; a stream change in automatic stream mode is 400, as the platform documents for
//! both. Each area says what differs ([`Composition`]), and routes these two handlers.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;

use super::archive::validate_layout;
use super::body::json_object;
use super::error::{empty_response, ApiError, ApiResult};
use super::stream_selection::StreamChange;
use super::{ok_empty, AppState};
use crate::state::archives::SelectedStream;
use crate::state::sessions::Session;
use crate::state::store::{Record, Store};
use crate::state::World;

/// An archive or a broadcast, as its layout and stream changes see it.
pub(crate) trait Composition: Record + Sized {
    /// How error messages name it: `archive`, `broadcast`.
    const NAME: &'static str;

    /// The records of this kind (after whatever every read applies first, such as broadcast timers),
    /// and the sessions their streams come from.
    fn records(world: &mut World) -> (&mut Store<Self>, &HashMap<String, Session>);

    /// Recording or broadcasting (a paused archive records).
    fn is_running(&self) -> bool;

    /// Started with `streamMode: manual`.
    fn manual_streams(&self) -> bool;

    /// 400 where it takes no layout (individual archives).
    fn check_takes_layout(&self) -> Result<(), ApiError> {
        Ok(())
    }

    fn layout_mut(&mut self) -> &mut Option<Value>;

    fn streams_mut(&mut self) -> &mut Vec<SelectedStream>;
}

/// The key of `id` among `C`'s records, 404 if unknown.
fn find<C: Composition>(store: &Store<C>, id: &str) -> Result<usize, ApiError> {
    let title = C::NAME[..1].to_ascii_uppercase() + &C::NAME[1..];
    store.find(id).ok_or_else(|| ApiError::not_found(format!("{title} not found")))
}

/// 404 unless it still runs.
fn check_running<C: Composition>(record: &C) -> Result<(), ApiError> {
    if record.is_running() {
        return Ok(());
    }
    Err(ApiError::not_found(format!("The {} was not found or it has already stopped", C::NAME)))
}

/// `PUT …/{archive,broadcast}/{id}/layout`: 200 with no body.
pub(crate) async fn set_layout<C: Composition>(
    State(shared): AppState,
    Path((_k, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let mut world = shared.world();
    let (store, _) = C::records(&mut world);
    let key = find(store, &id)?;
    let layout = validate_layout(&Value::Object(body))?;
    let record = &mut store[key];
    record.check_takes_layout()?;
    check_running(record)?;
    *record.layout_mut() = Some(layout);
    Ok(ok_empty())
}

/// `PATCH …/{archive,broadcast}/{id}/streams`: `{addStream, hasAudio?, hasVideo?}` or `{removeStream}`;
/// 204.
pub(crate) async fn change_streams<C: Composition>(
    State(shared): AppState,
    Path((_k, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let body = json_object(&headers, &body)?;
    let mut world = shared.world();
    let (store, sessions) = C::records(&mut world);
    let key = find(store, &id)?;
    let change = StreamChange::parse(&body)?;
    let record = &mut store[key];
    check_running(record)?;
    if !record.manual_streams() {
        return Err(ApiError::bad_request(format!(
            "Stream mode does not support manual stream selection (the {} uses streamMode auto)",
            C::NAME
        )));
    }
    if change.adds() && !change.has_audio && !change.has_video {
        return Err(ApiError::bad_request("hasAudio and hasVideo cannot both be false"));
    }
    let session = sessions.get(record.session_id());
    change.apply(record.streams_mut(), |stream_id| session.is_some_and(|s| s.stream(stream_id).is_some()), C::NAME)?;
    Ok(empty_response(StatusCode::NO_CONTENT))
}
