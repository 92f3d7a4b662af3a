//! Broadcasts: options, the status life cycle and the REST form.
//!
//! Life cycle, applied when a broadcast is read (the server has no timers):
//! - HLS and each RTMP target are `connecting` in the answer to the start, and `live` on every later read;
//!   a stopped broadcast's HLS is `ended` and its targets `offline`.
//! - A broadcast stops by itself once its maximum duration has passed on the broadcast clock, and 60 s
//!   after its session has no client left (counted from the first read that finds the session empty).
//!   [`crate::TestServer::advance_broadcast_clock`] moves that clock forward.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::archives::SelectedStream;
use super::status_history::StatusHistory;
use super::store::{Record, Store};
use super::{ids, now_ms, Project, Shared, World};

/// How long a broadcast outlives the last client of its session.
pub(crate) const EMPTY_SESSION_GRACE_MS: i64 = 60_000;

/// Broadcast start options, already validated.
pub(crate) struct BroadcastOptions {
    pub session_id: String,
    /// `None`: no HLS output.
    pub hls: Option<HlsOutput>,
    pub rtmp: Vec<RtmpOutput>,
    pub layout: Option<Value>,
    pub max_duration: i64,
    pub max_bitrate: Option<i64>,
    pub resolution: String,
    pub manual_streams: bool,
    pub multi_broadcast_tag: Option<String>,
    pub has_audio: bool,
    pub has_video: bool,
}

pub(crate) struct HlsOutput {
    pub dvr: bool,
    pub low_latency: bool,
}

pub(crate) struct RtmpOutput {
    pub id: Option<String>,
    pub server_url: String,
    pub stream_name: String,
}

pub(crate) struct Broadcast {
    pub id: String,
    pub status: String,
    pub reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub options: BroadcastOptions,
    pub streams: Vec<SelectedStream>,
    /// False until the first read after the start: outputs are `connecting` until then.
    pub outputs_live: bool,
    /// On the broadcast clock: when a read first found the session without clients.
    pub empty_since: Option<i64>,
    /// The status last reported by a broadcast callback (empty before the first).
    pub reported_status: String,
    /// Every status it went through, for the inspector.
    pub history: StatusHistory,
}

/// The project's broadcasts and the clock their timers read.
#[derive(Default)]
pub(crate) struct Broadcasts {
    /// By id and by session, oldest first.
    pub items: Store<Broadcast>,
    /// Added to the wall clock for broadcast timers.
    pub clock_offset_ms: i64,
    /// When each broadcast reaches its maximum duration (`(ends at, key)`, soonest first), so that a
    /// sweep looks only at those due, not at every running broadcast. Entries of broadcasts that ended
    /// otherwise stay until their time and are skipped.
    ends: BTreeSet<(i64, usize)>,
    /// Running broadcasts whose session lost its last client: the only ones the empty-session grace
    /// can stop (a broadcast starts with a client connected). Left when the session has a client again.
    in_empty_sessions: BTreeSet<usize>,
}

impl Broadcasts {
    /// Milliseconds since the epoch on the broadcast clock.
    pub fn now(&self) -> i64 {
        now_ms().saturating_add(self.clock_offset_ms)
    }

    /// `session_id` has lost its last client: its running broadcasts start their grace on the next sweep.
    pub fn session_emptied(&mut self, session_id: &str) {
        for key in self.items.of_session(session_id) {
            if self.items.get(key).is_some_and(Broadcast::is_started) {
                self.in_empty_sessions.insert(key);
            }
        }
    }
}

impl Record for Broadcast {
    fn id(&self) -> &str {
        &self.id
    }
    fn session_id(&self) -> &str {
        &self.options.session_id
    }
    fn is_live(&self) -> bool {
        self.is_started()
    }
}

impl Broadcast {
    pub fn is_started(&self) -> bool {
        self.status == "started"
    }

    pub fn stop(&mut self, reason: &str, now: i64) {
        self.end("stopped", reason, now);
    }

    /// Ends the broadcast with `status` (`stopped` or `failed`) and `reason`.
    pub fn end(&mut self, status: &str, reason: &str, now: i64) {
        self.status = status.into();
        self.reason = Some(reason.into());
        self.updated_at = now.max(self.updated_at);
        self.history.note(status, self.updated_at);
        self.streams.clear();
    }

    fn hls_status(&self) -> &'static str {
        match (self.is_started(), self.outputs_live) {
            (false, _) => "ended",
            (true, false) => "connecting",
            (true, true) => "live",
        }
    }

    fn rtmp_status(&self) -> &'static str {
        match (self.is_started(), self.outputs_live) {
            (false, _) => "offline",
            (true, false) => "connecting",
            (true, true) => "live",
        }
    }

    /// The Broadcast object of the REST API, with the account's owner members.
    pub fn to_json(&self, project: &Project) -> Value {
        let o = &self.options;
        let mut urls = serde_json::Map::new();
        if let Some(hls) = &o.hls {
            let dvr = if hls.dvr { "?DVR" } else { "" };
            urls.insert(
                "hls".into(),
                json!(format!("https://broadcast.opentok-test-server.invalid/{}/playlist.m3u8{dvr}", self.id)),
            );
            urls.insert("hlsStatus".into(), json!(self.hls_status()));
        }
        if !o.rtmp.is_empty() {
            let targets = o
                .rtmp
                .iter()
                .map(|t| {
                    let mut target =
                        json!({"serverUrl": t.server_url, "streamName": t.stream_name, "status": self.rtmp_status()});
                    if let Some(id) = &t.id {
                        target["id"] = json!(id);
                    }
                    target
                })
                .collect::<Vec<_>>();
            urls.insert("rtmp".into(), Value::Array(targets));
        }
        let mut value = json!({
            "id": self.id,
            "sessionId": o.session_id,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "status": self.status,
            "maxDuration": o.max_duration,
            "resolution": o.resolution,
            "streamMode": if o.manual_streams { "manual" } else { "auto" },
            "hasAudio": o.has_audio,
            "hasVideo": o.has_video,
            "broadcastUrls": urls,
            "event": "broadcast",
        });
        if let Some(hls) = &o.hls {
            value["settings"] = json!({"hls": {"lowLatency": hls.low_latency, "dvr": hls.dvr}});
        }
        if let Some(tag) = &o.multi_broadcast_tag {
            value["multiBroadcastTag"] = json!(tag);
        }
        if let Some(bitrate) = o.max_bitrate {
            value["maxBitrate"] = json!(bitrate);
        }
        if o.manual_streams {
            value["streams"] = self
                .streams
                .iter()
                .map(|s| json!({"streamId": s.stream_id, "hasAudio": s.has_audio, "hasVideo": s.has_video}))
                .collect();
        }
        if let Some(reason) = &self.reason {
            value["reason"] = json!(reason);
        }
        project.add_owner(&mut value);
        value
    }
}

impl World {
    /// Records a new broadcast in `started` state and returns its key.
    pub fn create_broadcast(&mut self, options: BroadcastOptions) -> usize {
        let now = self.broadcasts.now();
        let ends_at = now.saturating_add(options.max_duration.saturating_mul(1000));
        let key = self.broadcasts.items.push(Broadcast {
            id: ids::uuid(),
            status: "started".into(),
            reason: None,
            created_at: now,
            updated_at: now,
            options,
            streams: Vec::new(),
            outputs_live: false,
            empty_since: None,
            reported_status: String::new(),
            history: StatusHistory::starting("started", now),
        });
        self.broadcasts.ends.insert((ends_at, key));
        key
    }

    pub fn broadcast_index(&self, broadcast_id: &str) -> Option<usize> {
        self.broadcasts.items.find(broadcast_id)
    }

    /// Applies the timers to the started broadcasts they can stop: those past their maximum duration,
    /// and those in a session whose last client left (the grace). It looks only at those, so it costs
    /// what it stops or watches, not the number of running broadcasts.
    pub fn sweep_broadcasts(&mut self) {
        let now = self.broadcasts.now();
        let Broadcasts { items, ends, in_empty_sessions, .. } = &mut self.broadcasts;
        while let Some(&(ends_at, key)) = ends.first() {
            if now < ends_at {
                break;
            }
            ends.pop_first();
            in_empty_sessions.remove(&key);
            if items.get(key).is_some_and(Broadcast::is_started) {
                items[key].stop("maxDuration", ends_at);
            }
        }
        let sessions = &self.sessions;
        in_empty_sessions.retain(|&key| {
            let Some(broadcast) = items.get(key).filter(|b| b.is_started()) else { return false };
            let connected = sessions.get(&broadcast.options.session_id).is_some_and(|s| !s.connections.is_empty());
            let broadcast = &mut items[key];
            if connected {
                broadcast.empty_since = None;
                return false;
            }
            let since = *broadcast.empty_since.get_or_insert(now);
            if now.saturating_sub(since) < EMPTY_SESSION_GRACE_MS {
                return true;
            }
            broadcast.stop("noClients", since.saturating_add(EMPTY_SESSION_GRACE_MS));
            false
        });
    }

    /// A broadcast as a read after its start shows it: its outputs are live from then on. (Call
    /// [`World::sweep_broadcasts`] first.)
    pub fn read_broadcast(&mut self, index: usize, project: &Project) -> Value {
        let broadcast = &mut self.broadcasts.items[index];
        broadcast.outputs_live = true;
        broadcast.to_json(project)
    }
}

impl Shared {
    /// A broadcast as the API shows it, timers applied (its outputs are not moved on to `live`).
    pub fn broadcast_json(&self, broadcast_id: &str) -> Option<Value> {
        let mut world = self.world();
        world.sweep_broadcasts();
        let index = world.broadcast_index(broadcast_id)?;
        Some(world.broadcasts.items[index].to_json(&self.project))
    }

    /// Fails a running broadcast, as the platform does when its media server fails; `false` if it is
    /// unknown or not running.
    pub fn fail_broadcast(&self, broadcast_id: &str, reason: &str) -> bool {
        let mut world = self.world();
        world.sweep_broadcasts();
        let now = world.broadcasts.now();
        let Some(index) = world.broadcast_index(broadcast_id) else { return false };
        let broadcast = &mut world.broadcasts.items[index];
        if !broadcast.is_started() {
            return false;
        }
        broadcast.end("failed", reason, now);
        true
    }

    /// Moves the broadcast clock forward by `millis` (negative values are ignored).
    pub fn advance_broadcast_clock(&self, millis: i64) {
        let mut world = self.world();
        world.broadcasts.clock_offset_ms = world.broadcasts.clock_offset_ms.saturating_add(millis.max(0));
    }
}
