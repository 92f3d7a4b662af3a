//! `GET /_inspector/state`: what the inspector page shows, as one JSON object. Every list is bounded
//! (the newest [`MAX_ITEMS`] records of each kind, the newest [`MAX_ITEMS`] sessions with at most
//! [`MAX_PER_SESSION`] connections and streams each, the newest [`MAX_REQUESTS`] requests, signals and
//! callbacks) and says how many there are in all, so that a snapshot costs what it returns, not what
//! the server holds (a session filter costs one pass over the session ids), and holds the state's lock
//! only while it copies those. Bodies are not in it: the page fetches a request's when it is opened.

use serde_json::{json, Value};

use super::credential;
use crate::state::request_log::Logged;
use crate::state::sessions::Session;
use crate::state::status_history::StatusHistory;
use crate::state::{Shared, World};

/// Most sessions, archives, broadcasts, Experience Composers, captionings and Audio Connectors shown.
pub(crate) const MAX_ITEMS: usize = 50;
/// Most connections, and most streams, shown per session (the oldest).
pub(crate) const MAX_PER_SESSION: usize = 100;
/// Most requests and callbacks shown (the newest).
pub(crate) const MAX_REQUESTS: usize = 50;
/// The whole snapshot; `session_filter` keeps the sessions whose id contains it.
pub(crate) fn snapshot(shared: &Shared, session_filter: Option<&str>) -> Value {
    let project = &shared.project;
    let mode = if project.application.is_some() { "application" } else { "project" };
    let world = json_of_world(&shared.world(), session_filter);
    let (requests, requests_held) = shared.requests.newest(MAX_REQUESTS);
    let (callbacks, callbacks_held) = shared.callbacks.newest(MAX_REQUESTS);
    let mut requests = listing(requests_held, requests.iter().map(request_json).collect());
    requests["dropped"] = json!(shared.requests.dropped());
    let callbacks = callbacks
        .iter()
        .map(|(seq, c)| {
            let mut item = c.to_json();
            item["seq"] = json!(seq);
            item
        })
        .collect();
    let mut snapshot = json!({"project": {"id": project.api_key, "mode": mode, "url": project.url}});
    snapshot["world"] = world;
    snapshot["requests"] = requests;
    snapshot["callbacks"] = listing(callbacks_held, callbacks);
    snapshot
}

/// `{total, items}`, the items moved in: `json!` would copy every `Value` it embeds, and a snapshot is
/// built while the state's lock is held.
fn listing(total: usize, items: Vec<Value>) -> Value {
    let mut listing = json!({ "total": total });
    listing["items"] = Value::Array(items);
    listing
}

/// `object` with `member` set to `value`, moved in (see [`listing`]).
fn with(mut object: Value, member: &str, value: Value) -> Value {
    object[member] = value;
    object
}

/// Sessions and the records of each kind, newest first, bounded.
fn json_of_world(world: &World, session_filter: Option<&str>) -> Value {
    let (sessions, matching) = newest_sessions(world, session_filter);
    let sessions: Vec<Value> = sessions
        .iter()
        .map(|s| {
            let info = s.info();
            let session = json!({
                "id": s.id,
                "createdAt": s.created_at,
                "mediaMode": info.media_mode,
                "archiveMode": info.archive_mode,
                "forceMuted": info.force_muted,
                "connectionsTotal": s.connections.len(),
                "streamsTotal": s.streams.len(),
            });
            let connections = s.connections.iter().take(MAX_PER_SESSION).map(|c| {
                json!({
                    "id": c.id, "role": c.role, "data": c.data, "createdAt": c.created_at, "sip": c.sip,
                })
            });
            let streams = s.streams.iter().take(MAX_PER_SESSION).map(|st| {
                json!({
                    "id": st.id, "connectionId": st.connection_id, "videoType": st.video_type, "name": st.name,
                    "audioMuted": st.audio_muted, "layoutClassList": st.layout_class_list,
                })
            });
            with(with(session, "connections", connections.collect()), "streams", streams.collect())
        })
        .collect();
    let (archives_total, archive_keys) = world.archives.page(None, 0, MAX_ITEMS);
    let archives: Vec<Value> = archive_keys
        .into_iter()
        .map(|k| &world.archives[k])
        .map(|a| {
            let archive = json!({"id": a.id, "sessionId": a.options.session_id, "name": a.options.name,
                   "status": a.status, "reason": a.reason, "createdAt": a.created_at, "updatedAt": a.updated_at,
                   "outputMode": if a.options.composed { "composed" } else { "individual" }});
            with(archive, "history", history(&a.history))
        })
        .collect();
    let items = &world.broadcasts.items;
    let (broadcasts_total, broadcast_keys) = items.page(None, 0, MAX_ITEMS);
    let broadcasts: Vec<Value> = broadcast_keys
        .into_iter()
        .map(|k| &items[k])
        .map(|b| {
            let broadcast = json!({"id": b.id, "sessionId": b.options.session_id, "status": b.status,
                   "reason": b.reason, "createdAt": b.created_at, "updatedAt": b.updated_at,
                   "hls": b.options.hls.is_some(), "rtmp": b.options.rtmp.len()});
            with(broadcast, "history", history(&b.history))
        })
        .collect();
    let (renders_total, render_keys) = world.renders.page(None, 0, MAX_ITEMS);
    let renders: Vec<Value> = render_keys
        .into_iter()
        .map(|k| &world.renders[k])
        .map(|r| {
            let render = json!({"id": r.id, "sessionId": r.session_id, "url": r.url, "status": r.status,
                   "reason": r.reason, "createdAt": r.created_at, "updatedAt": r.updated_at});
            with(render, "history", history(&r.history))
        })
        .collect();
    let (captions_total, caption_keys) = world.captions.page(None, 0, MAX_ITEMS);
    let captions: Vec<Value> = caption_keys
        .into_iter()
        .map(|k| &world.captions[k])
        .map(|c| {
            let captioning = json!({"id": c.id, "sessionId": c.session_id, "languageCode": c.language_code,
                   "status": c.status, "reason": c.reason, "createdAt": c.created_at, "updatedAt": c.updated_at});
            with(captioning, "history", history(&c.history))
        })
        .collect();
    let connectors: Vec<Value> = world
        .audio_connectors
        .iter()
        .rev()
        .take(MAX_ITEMS)
        .map(|a| {
            let info = world.audio_connector_info(a);
            json!({"id": info.id, "sessionId": info.session_id, "connectionId": info.connection_id,
                   "uri": info.uri, "status": if info.connected { "connected" } else { "disconnected" }})
        })
        .collect();
    let signals: Vec<Value> = world
        .signals
        .iter()
        .rev()
        .take(MAX_REQUESTS)
        .map(|s| json!({"sessionId": s.session_id, "connectionId": s.connection_id, "type": s.r#type, "data": s.data}))
        .collect();
    let mut sessions = listing(world.sessions.len(), sessions);
    sessions["filter"] = json!(session_filter);
    sessions["matching"] = json!(matching);
    let mut json = json!({});
    json["sessions"] = sessions;
    json["signals"] = listing(world.signals.len(), signals);
    json["archives"] = listing(archives_total, archives);
    json["broadcasts"] = listing(broadcasts_total, broadcasts);
    json["renders"] = listing(renders_total, renders);
    json["captions"] = listing(captions_total, captions);
    json["audioConnectors"] = listing(world.audio_connectors.len(), connectors);
    json
}

/// The newest [`MAX_ITEMS`] sessions (by creation), newest first, of those whose id contains `filter`
/// if given; and how many match it.
fn newest_sessions<'w>(world: &'w World, filter: Option<&str>) -> (Vec<&'w Session>, usize) {
    let mut matching = world.session_order.iter().rev().filter(|id| filter.is_none_or(|f| id.contains(f)));
    let shown: Vec<&Session> = matching.by_ref().take(MAX_ITEMS).filter_map(|id| world.sessions.get(id)).collect();
    let more = if filter.is_some() { matching.count() } else { world.session_order.len().saturating_sub(MAX_ITEMS) };
    let total = shown.len() + more;
    (shown, total)
}

/// A record's statuses, oldest first: `[{status, at}]`.
fn history(history: &StatusHistory) -> Value {
    history.iter().map(|c| json!({"status": c.status, "at": c.at})).collect()
}

/// One logged request: what was asked, how it was answered, and its credential decoded.
fn request_json(logged: &Logged) -> Value {
    let request = &logged.request;
    let outcome = logged.outcome.as_ref();
    let verified = outcome.and_then(|o| o.auth.as_ref()).map(|a| match a {
        Ok(()) => json!({"ok": true}),
        Err(reason) => json!({"ok": false, "reason": reason}),
    });
    json!({
        "seq": logged.seq,
        "method": request.method,
        "path": request.path,
        "query": request.query,
        "status": outcome.map(|o| o.status),
        "latencyUs": outcome.map(|o| o.latency_us),
        "auth": credential::describe(request),
        "verified": verified,
        "requestBytes": request.body.len(),
        "responseBytes": outcome.map(|o| o.body.total),
    })
}
