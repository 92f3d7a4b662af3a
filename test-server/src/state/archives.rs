//! Archives: options, the status life cycle, and the REST form.

use serde_json::{json, Value};

use super::status_history::StatusHistory;
use super::{ids, now_ms, World};

/// Archive start options, already validated.
pub(crate) struct ArchiveOptions {
    pub session_id: String,
    pub name: Option<String>,
    pub has_audio: bool,
    pub has_video: bool,
    pub composed: bool,
    pub manual_streams: bool,
    pub resolution: Option<String>,
    pub layout: Option<Value>,
    pub multi_archive_tag: Option<String>,
    pub max_bitrate: Option<i64>,
    pub quantization_parameter: Option<i64>,
    pub has_transcription: Option<bool>,
}

pub(crate) struct Archive {
    pub id: String,
    pub status: String,
    pub reason: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub duration: i64,
    pub size: i64,
    pub url: Option<String>,
    pub options: ArchiveOptions,
    pub streams: Vec<SelectedStream>,
    /// Set on stop: the next read, or the upload delay's passing, moves the archive from `stopped` to
    /// `available`.
    pub advance_on_read: bool,
    /// Started by an `always` session rather than through the API.
    pub automatic: bool,
    /// The post-call transcription asked for (see `transcription.rs`).
    pub transcription: Option<super::transcription::TranscriptionOptions>,
    /// The status last reported by an archive callback (empty before the first).
    pub reported_status: String,
    /// Every status it went through, for the inspector.
    pub history: StatusHistory,
}

/// A stream selected for an archive or a broadcast in manual stream mode.
pub(crate) struct SelectedStream {
    pub stream_id: String,
    pub has_audio: bool,
    pub has_video: bool,
}

impl super::store::Record for Archive {
    fn id(&self) -> &str {
        &self.id
    }
    fn session_id(&self) -> &str {
        &self.options.session_id
    }
    /// Stopped and waiting for its upload: the one change an archive makes by itself (on to `available`).
    /// A recording archive changes only when asked, so the upload sweep need not look at it: with
    /// thousands recording, the sweep still costs what waits for upload.
    fn is_live(&self) -> bool {
        self.advance_on_read
    }
}

impl Archive {
    pub fn is_active(&self) -> bool {
        self.status == "started" || self.status == "paused"
    }

    /// Applies the pending `stopped` → `available` step, if any.
    pub fn advance(&mut self, base_url: &str) {
        if self.advance_on_read && self.status == "stopped" {
            self.advance_on_read = false;
            self.set_status("available", base_url);
        }
    }

    /// Stopped by a stop call at `now`: `stopped`, then `available` on the next read or the upload delay.
    pub fn stop(&mut self, now: i64) {
        self.set_status("stopped", "");
        self.reason = "user initiated".into();
        self.updated_at = now;
        self.duration = ((now - self.created_at) as f64 / 1000.0).round() as i64;
        self.advance_on_read = true;
    }

    pub fn set_status(&mut self, status: &str, base_url: &str) {
        self.advance_on_read = false;
        self.status = status.to_string();
        self.updated_at = now_ms().max(self.updated_at);
        self.history.note(status, self.updated_at);
        match status {
            "available" => {
                self.size = 1_000_000 * self.duration.max(1);
                let ext = if self.options.composed { "mp4" } else { "zip" };
                self.url = Some(format!("{base_url}/_test/archive/{}/archive.{ext}", self.id));
            }
            "uploaded" => {
                self.size = 1_000_000 * self.duration.max(1);
                self.url = None;
            }
            "failed" => {
                self.reason = "failure".into();
                self.url = None;
            }
            _ => self.url = None,
        }
    }

    /// The Archive object of the REST API.
    pub fn to_json(&self, project: &super::Project) -> Value {
        let o = &self.options;
        let mut value = json!({
            "id": self.id,
            "status": self.status,
            "name": o.name,
            "reason": self.reason,
            "sessionId": o.session_id,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "duration": self.duration,
            "size": self.size,
            "outputMode": if o.composed { "composed" } else { "individual" },
            "streamMode": if o.manual_streams { "manual" } else { "auto" },
            "hasAudio": o.has_audio,
            "hasVideo": o.has_video,
            "url": self.url,
            "streams": self.streams.iter().map(|s| json!({
                "streamId": s.stream_id, "hasAudio": s.has_audio, "hasVideo": s.has_video,
            })).collect::<Vec<_>>(),
            "event": "archive",
        });
        if o.composed {
            value["resolution"] = json!(o.resolution.as_deref().unwrap_or("640x480"));
        }
        if let Some(tag) = &o.multi_archive_tag {
            value["multiArchiveTag"] = json!(tag);
        }
        if let Some(v) = o.max_bitrate {
            value["maxBitrate"] = json!(v);
        }
        if let Some(v) = o.quantization_parameter {
            value["quantizationParameter"] = json!(v);
        }
        if let Some(v) = o.has_transcription {
            value["hasTranscription"] = json!(v);
        }
        if let Some(transcription) = self.transcription_json(&project.url) {
            value["transcription"] = transcription;
        }
        project.add_owner(&mut value);
        value
    }
}

impl World {
    /// Records a new archive in `started` state and returns its key.
    pub fn create_archive(&mut self, options: ArchiveOptions, now: i64, automatic: bool) -> usize {
        self.archives.push(Archive {
            id: ids::uuid(),
            status: "started".into(),
            reason: String::new(),
            created_at: now,
            updated_at: now,
            duration: 0,
            size: 0,
            url: None,
            options,
            streams: Vec::new(),
            advance_on_read: false,
            automatic,
            transcription: None,
            reported_status: String::new(),
            history: StatusHistory::starting("started", now),
        })
    }

    /// Moves the archives stopped through the API at least `delay_ms` before `now` on to `available`, as
    /// the platform does once it has uploaded the recording (their callbacks follow when the lock is
    /// released). A status forced by a test stays put.
    pub fn upload_stopped_archives(&mut self, now: i64, delay_ms: i64) {
        let base_url = self.base_url.clone();
        // Only live archives are waiting for their upload: the sweep costs what waits.
        for key in self.archives.live() {
            let archive = &self.archives[key];
            if archive.advance_on_read && now.saturating_sub(archive.updated_at) >= delay_ms {
                self.archives[key].advance(&base_url);
            }
        }
    }

    pub fn archive_index(&self, archive_id: &str) -> Option<usize> {
        self.archives.find(archive_id)
    }
}
