//! Experience Composers: `starting` → `started` (on the next read: a connection joins the session and
//! publishes a stream under the requested name) → `stopped` with its reason ("Stop Requested", or
//! "Max Duration Exceeded" once `maxDuration` has passed on the server's clock; the stream leaves), or
//! `failed` (its session is gone, or [`crate::TestServer::fail_render`]).

use serde_json::{json, Value};

use super::status_history::StatusHistory;
use super::streams::NewStream;
use super::{ids, Project, World};

/// An Experience Composer as started.
pub(crate) struct Render {
    pub id: String,
    pub session_id: String,
    pub url: String,
    pub resolution: String,
    pub name: Option<String>,
    pub max_duration_ms: i64,
    pub callback_url: Option<String>,
    /// The start token's connection data and role, for the composer's connection.
    pub connection_data: Option<String>,
    pub role: String,
    pub status: String,
    pub reason: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub connection_id: Option<String>,
    pub stream_id: Option<String>,
    /// Every status it went through, for the inspector.
    pub history: StatusHistory,
}

impl super::store::Record for Render {
    fn id(&self) -> &str {
        &self.id
    }
    fn session_id(&self) -> &str {
        &self.session_id
    }
    fn is_live(&self) -> bool {
        self.is_running()
    }
}

impl Render {
    /// Starting or started.
    pub fn is_running(&self) -> bool {
        matches!(self.status.as_str(), "starting" | "started")
    }

    /// The Render object of the REST API.
    pub fn to_json(&self, project: &Project) -> Value {
        let mut value = self.body();
        if project.application.is_some() {
            value["applicationId"] = json!(project.api_key);
        } else {
            value["projectId"] = json!(project.api_key);
        }
        value
    }

    /// The Render object without its owner member (which `render_status` callbacks get as session
    /// monitoring callbacks do: `projectId` or `applicationId`, as text).
    fn body(&self) -> Value {
        let mut value = json!({
            "id": self.id,
            "sessionId": self.session_id,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "url": self.url,
            "resolution": self.resolution,
            "status": self.status,
        });
        if let Some(stream_id) = &self.stream_id {
            value["streamId"] = json!(stream_id);
        }
        if let Some(reason) = &self.reason {
            value["reason"] = json!(reason);
        }
        if let Some(name) = &self.name {
            value["name"] = json!(name);
        }
        if let Some(url) = &self.callback_url {
            value["callbackUrl"] = json!(url);
        }
        value
    }
}

impl World {
    /// Records a new Experience Composer in `starting` and returns its key.
    pub fn create_render(&mut self, mut render: Render) -> usize {
        render.id = ids::uuid().replace('-', "");
        render.status = "starting".into();
        render.created_at = self.now();
        render.updated_at = render.created_at;
        render.history = StatusHistory::starting("starting", render.created_at);
        self.renders.push(render)
    }

    pub fn render_index(&self, render_id: &str) -> Option<usize> {
        self.renders.find(render_id)
    }

    /// Applies the pending steps of one render: `starting` → `started` (its connection and stream join
    /// the session), and `started` → `stopped` at `maxDuration`.
    pub fn advance_render(&mut self, index: usize) {
        let now = self.now();
        let Some(render) = self.renders.get(index) else { return };
        if render.status == "starting" {
            let (session_id, data, role, name) =
                (render.session_id.clone(), render.connection_data.clone(), render.role.clone(), render.name.clone());
            if !self.sessions.contains_key(&session_id) {
                self.finish_render(index, "failed", "Session not found");
                return;
            }
            let stream = NewStream {
                video_type: Some("custom".into()),
                name: name.unwrap_or_default(),
                layout_class_list: Vec::new(),
                observes_force_mute: true,
                sip: false,
            };
            let (connection_id, stream_id) = self.add_connection(&session_id, now, data, role, Some(stream));
            if let Some(render) = self.renders.get_mut(index) {
                render.status = "started".into();
                render.updated_at = now;
                render.history.note("started", now);
                render.connection_id = Some(connection_id);
                render.stream_id = stream_id;
                let body = render.body();
                self.outbox.push(("render_status", body));
            }
        }
        let Some(render) = self.renders.get(index) else { return };
        if render.status == "started" && now.saturating_sub(render.created_at) >= render.max_duration_ms {
            self.finish_render(index, "stopped", "Max Duration Exceeded");
        }
    }

    /// Applies the pending steps of every running render.
    pub fn advance_renders(&mut self) {
        for key in self.renders.live() {
            self.advance_render(key);
        }
    }

    /// Fails a render that is starting or started; `false` if it is unknown or has ended.
    pub fn fail_render(&mut self, render_id: &str, reason: &str) -> bool {
        let Some(index) = self.render_index(render_id) else { return false };
        self.advance_render(index);
        if !self.renders[index].is_running() {
            return false;
        }
        self.finish_render(index, "failed", reason);
        true
    }

    /// Ends a render with `status` and `reason`; its connection (and stream) leave the session.
    pub fn finish_render(&mut self, index: usize, status: &str, reason: &str) {
        let now = self.now();
        let Some(render) = self.renders.get_mut(index) else { return };
        render.status = status.into();
        render.reason = Some(reason.into());
        render.updated_at = now;
        render.history.note(status, now);
        let body = render.body();
        self.outbox.push(("render_status", body));
        let session_id = render.session_id.clone();
        if let Some(connection_id) = render.connection_id.clone() {
            self.remove_connection(&session_id, &connection_id);
        }
    }
}
