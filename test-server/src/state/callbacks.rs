//! Callbacks (webhooks): the URL and optional signature secret set for each kind of event, the events
//! the state changes produce, and the record of what was delivered or failed. Sending is
//! [`crate::deliver`]'s job; this file only queues.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use serde_json::{json, Value};
use tokio::sync::mpsc::UnboundedSender;

use super::{push_bounded, Project, World};

/// The kinds of callback, named as a Vonage application's video webhooks are. The server produces every
/// one:
/// - session monitoring (`session_*`, `connection_*`, `stream_*`) as clients, SIP legs, Experience
///   Composers and Audio Connectors join and leave; `session_notification` (`reason: "serverRotation"`)
///   only when asked ([`crate::TestServer::notify_session`], `POST /_test/session/{id}/notification`);
/// - `sip_call_*` through a SIP call's life, and `sip_call_mute_forced` for legs dialled with
///   `observeForceMute`;
/// - `archive_status` and `broadcast_status` on each status change, with the object as the REST API shows
///   it (`"event": "archive"` / `"broadcast"`);
/// - `render_status` when an Experience Composer is `started`, `stopped` or `failed`;
/// - `captions_status` when a captioning is `started`, `stopped` or `failed` (to the start's
///   `statusCallbackUrl` instead, when it gave an `http://` one).
pub const CALLBACK_KINDS: &[&str] = &[
    "session_created",
    "session_destroyed",
    "session_notification",
    "connection_created",
    "connection_destroyed",
    "stream_created",
    "stream_destroyed",
    "sip_call_created",
    "sip_call_updated",
    "sip_call_destroyed",
    "sip_call_mute_forced",
    "archive_status",
    "broadcast_status",
    "render_status",
    "captions_status",
];

/// Where callbacks of one kind go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackTarget {
    /// The URL POSTed to (`http://` only).
    pub url: String,
    /// The signature secret: when set, each callback carries `Authorization: Bearer <HS256 JWT>`.
    pub secret: Option<String>,
}

/// One callback as delivered (or not), for [`crate::TestServer::callbacks`] and `GET /_test/callbacks`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DeliveredCallback {
    /// The kind, such as `connection_created`.
    pub kind: String,
    /// Where it was sent.
    pub url: String,
    /// The body sent.
    pub payload: Value,
    /// Whether it was signed.
    pub signed: bool,
    /// How many POSTs were made.
    pub attempts: u32,
    /// The last HTTP status received, if any answer came.
    pub status: Option<u16>,
    /// Whether a 2xx answer came.
    pub delivered: bool,
    /// Why the last attempt failed, if it did.
    pub error: Option<String>,
}

impl DeliveredCallback {
    /// The JSON form the control API lists.
    pub fn to_json(&self) -> Value {
        json!({
            "kind": self.kind, "url": self.url, "payload": self.payload, "signed": self.signed,
            "attempts": self.attempts, "status": self.status,
            "result": if self.delivered { "delivered" } else { "failed" }, "error": self.error,
        })
    }
}

/// A callback waiting to be sent.
pub(crate) struct Outgoing {
    pub kind: &'static str,
    pub target: CallbackTarget,
    pub payload: Value,
}

/// The callback settings, the queue to the sender and the delivery record.
pub(crate) struct Callbacks {
    targets: Mutex<HashMap<&'static str, CallbackTarget>>,
    queue: Mutex<Option<UnboundedSender<Outgoing>>>,
    log: Mutex<VecDeque<DeliveredCallback>>,
    /// How many were ever recorded (changed with `log` locked): numbers them for the inspector.
    recorded: AtomicU64,
}

impl Callbacks {
    pub fn new() -> Self {
        Callbacks {
            targets: Mutex::new(HashMap::new()),
            queue: Mutex::new(None),
            log: Mutex::new(VecDeque::new()),
            recorded: AtomicU64::new(0),
        }
    }

    /// Connects the queue to the sender task.
    pub fn set_queue(&self, queue: UnboundedSender<Outgoing>) {
        *self.queue.lock().unwrap_or_else(|e| e.into_inner()) = Some(queue);
    }

    /// Sets (or with `None` removes) the target of `kind`; `Err` names the kinds for an unknown one.
    pub fn set(&self, kind: &str, target: Option<CallbackTarget>) -> Result<(), String> {
        let Some(kind) = CALLBACK_KINDS.iter().copied().find(|k| *k == kind) else {
            return Err(format!("unknown callback kind {kind:?}: expected one of {}", CALLBACK_KINDS.join(", ")));
        };
        if let Some(target) = &target {
            if !target.url.starts_with("http://") {
                return Err(format!("callback URL {:?} must start with http://", target.url));
            }
        }
        let mut targets = self.targets.lock().unwrap_or_else(|e| e.into_inner());
        match target {
            Some(target) => targets.insert(kind, target),
            None => targets.remove(kind),
        };
        Ok(())
    }

    /// Every configured kind and its target.
    pub fn targets(&self) -> Vec<(String, CallbackTarget)> {
        let targets = self.targets.lock().unwrap_or_else(|e| e.into_inner());
        let mut all: Vec<_> = targets.iter().map(|(k, t)| (k.to_string(), t.clone())).collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// Queues the events of `world`'s outbox and the status changes of its archives, broadcasts and
    /// captionings, for the kinds that have a URL (a captioning's own `http://` status
    /// callback URL stands for its kind's).
    pub fn flush(&self, world: &mut World, project: &Project) {
        let mut events: Vec<Pending> = std::mem::take(&mut world.outbox)
            .into_iter()
            .map(|(kind, mut payload)| {
                add_account(&mut payload, project);
                Pending { kind, payload, url: None }
            })
            .collect();
        status_changes(world, project, &mut events);
        if events.is_empty() {
            return;
        }
        let targets = self.targets.lock().unwrap_or_else(|e| e.into_inner());
        let queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        let Some(queue) = queue.as_ref() else { return };
        for Pending { kind, payload, url } in events {
            let configured = targets.get(kind);
            let target = match url {
                Some(url) => CallbackTarget { url, secret: configured.and_then(|t| t.secret.clone()) },
                None => match configured {
                    Some(target) => target.clone(),
                    None => continue,
                },
            };
            let _ = queue.send(Outgoing { kind, target, payload });
        }
    }

    /// Records the outcome of one callback.
    pub fn record(&self, delivered: DeliveredCallback) {
        let mut log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        push_bounded(&mut log, delivered);
        self.recorded.fetch_add(1, Ordering::Relaxed);
    }

    /// Every callback sent, oldest first.
    pub fn delivered(&self) -> Vec<DeliveredCallback> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned().collect()
    }

    /// The last `n` callbacks sent, newest first, each with its number (0 for the first ever sent), and
    /// how many the record holds: costs `n`.
    pub fn newest(&self, n: usize) -> (Vec<(u64, DeliveredCallback)>, usize) {
        let log = self.log.lock().unwrap_or_else(|e| e.into_inner());
        let recorded = self.recorded.load(Ordering::Relaxed);
        let numbered = log.iter().rev().take(n).zip((0..recorded).rev()).map(|(c, seq)| (seq, c.clone()));
        (numbered.collect(), log.len())
    }

    /// Forgets the delivery record.
    pub fn clear_log(&self) {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// A callback to queue: its kind, its body, and the URL it goes to instead of its kind's, if any.
struct Pending {
    kind: &'static str,
    payload: Value,
    url: Option<String>,
}

/// The callbacks of the objects whose status changed since it was last reported (looking only at those
/// touched since the last flush: see `store.rs`): an archive or a broadcast (the REST object, which
/// carries its `event`), a captioning. (An Experience Composer queues its own, in the outbox, as it
/// becomes `started`, `stopped` or `failed`: one request can take it through two of those.)
fn status_changes(world: &mut World, project: &Project, events: &mut Vec<Pending>) {
    // Each record's setters note its history; a status set on the field directly is noted here.
    world.archives.settle(|archive| {
        archive.history.note(&archive.status, archive.updated_at);
        if archive.reported_status != archive.status {
            archive.reported_status = archive.status.clone();
            events.push(Pending { kind: "archive_status", payload: archive.to_json(project), url: None });
        }
    });
    world.broadcasts.items.settle(|broadcast| {
        broadcast.history.note(&broadcast.status, broadcast.updated_at);
        if broadcast.reported_status != broadcast.status {
            broadcast.reported_status = broadcast.status.clone();
            events.push(Pending { kind: "broadcast_status", payload: broadcast.to_json(project), url: None });
        }
    });
    // An Experience Composer queues its own callbacks: settling notes its status and which ones run.
    world.renders.settle(|render| render.history.note(&render.status, render.updated_at));
    world.captions.settle(|captioning| {
        captioning.history.note(&captioning.status, captioning.updated_at);
        if captioning.reported_status == captioning.status {
            return;
        }
        captioning.reported_status = captioning.status.clone();
        // Only plain HTTP is sent (as for configured URLs): an `https://` status URL leaves the callback
        // to the `captions_status` URL, if one is set.
        let url = captioning.status_callback_url.clone().filter(|url| url.starts_with("http://"));
        events.push(Pending { kind: "captions_status", payload: captioning.status_json(project), url });
    });
}

/// Session monitoring callbacks carry the project as a string (`projectId`), or the application.
fn add_account(payload: &mut Value, project: &Project) {
    let Some(map) = payload.as_object_mut() else { return };
    let key = if project.application.is_some() { "applicationId" } else { "projectId" };
    map.insert(key.into(), json!(project.api_key));
}

/// The `connection` object of session monitoring callbacks.
pub(crate) fn connection_json(id: &str, created_at: i64, data: Option<&str>) -> Value {
    json!({"id": id, "createdAt": created_at, "data": data.unwrap_or("")})
}

impl World {
    /// Queues a session monitoring or SIP event for `session_id` (sent when the state lock is released).
    pub fn emit(&mut self, kind: &'static str, event: &str, session_id: &str, extra: Value) {
        let mut payload = json!({"sessionId": session_id, "event": event, "timestamp": super::now_ms()});
        if let (Some(map), Value::Object(extra)) = (payload.as_object_mut(), extra) {
            map.extend(extra);
        }
        self.outbox.push((kind, payload));
    }

    /// Queues `muteForced` for the SIP legs among `connection_ids` (those dialled to observe force mute;
    /// the caller muted only such streams).
    pub fn emit_mute_forced(&mut self, session_id: &str, connection_ids: &[String]) {
        let Some(session) = self.sessions.get(session_id) else { return };
        let calls: Vec<Value> = session
            .connections
            .iter()
            .filter(|c| connection_ids.contains(&c.id))
            .filter_map(|c| {
                let id = c.call_id.as_ref()?;
                Some(json!({"id": id, "connectionId": c.id, "createdAt": c.created_at}))
            })
            .collect();
        for call in calls {
            self.emit("sip_call_mute_forced", "muteForced", session_id, json!({"call": call}));
        }
    }
}
