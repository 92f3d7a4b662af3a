//! Live Captions: one running captioning per session, stopped by request or at its `maxDuration`, or
//! failed ([`crate::TestServer::fail_captions`]), and its status as `captions_status` callbacks carry it.

use serde_json::{json, Value};

use super::status_history::StatusHistory;
use super::{ids, Project, World};

/// The speech-to-text engine the platform names in caption status.
const PROVIDER: &str = "aws-transcribe";

/// A captioning as started.
pub(crate) struct Captioning {
    pub id: String,
    pub session_id: String,
    pub language_code: String,
    pub max_duration_ms: i64,
    pub partial_captions: bool,
    pub status_callback_url: Option<String>,
    pub created_at: i64,
    /// When the status last changed.
    pub updated_at: i64,
    /// `started`, `stopped` or `failed`.
    pub status: String,
    /// Why it stopped or failed.
    pub reason: Option<String>,
    /// The status last reported by a `captions_status` callback (empty before the first).
    pub reported_status: String,
    /// Every status it went through, for the inspector.
    pub history: StatusHistory,
}

/// A captioning, as [`crate::TestServer::captions`] shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CaptionsInfo {
    /// The captions id.
    pub captions_id: String,
    /// The session captioned.
    pub session_id: String,
    /// `started`, `stopped` or `failed`.
    pub status: String,
    /// The language code (`en-US` by default).
    pub language_code: String,
    /// The maximum duration in seconds (14 400 by default).
    pub max_duration_secs: i64,
    /// Whether partial captions were asked for (default true).
    pub partial_captions: bool,
    /// The status callback URL, if one was given.
    pub status_callback_url: Option<String>,
}

impl super::store::Record for Captioning {
    fn id(&self) -> &str {
        &self.id
    }
    fn session_id(&self) -> &str {
        &self.session_id
    }
    fn is_live(&self) -> bool {
        self.status == "started"
    }
}

impl Captioning {
    /// The status a `captions_status` callback carries, after the Vonage Video SDK's caption status type
    /// (the platform publishes no field list): `captionId` (singular, unlike the REST `captionsId`),
    /// `applicationId` (for an OpenTok project its API key, as archive callbacks give it), `sessionId`,
    /// `status`, `createdAt` and `updatedAt` (ms), `duration` (whole seconds run), `languageCode`,
    /// `provider`, and `reason` once stopped or failed.
    pub fn status_json(&self, project: &Project) -> Value {
        let duration = self.updated_at.saturating_sub(self.created_at).max(0) / 1000;
        let mut value = json!({
            "captionId": self.id,
            "applicationId": project.api_key,
            "sessionId": self.session_id,
            "status": self.status,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "duration": duration,
            "languageCode": self.language_code,
            "provider": PROVIDER,
        });
        if let Some(reason) = &self.reason {
            value["reason"] = json!(reason);
        }
        value
    }

    /// Ends the captioning with `status` and `reason` at `now` (its `maxDuration` end at the latest).
    fn end(&mut self, status: &str, reason: &str, now: i64) {
        self.status = status.into();
        self.reason = Some(reason.into());
        self.updated_at = now.max(self.created_at);
        self.history.note(status, self.updated_at);
    }

    pub fn info(&self) -> CaptionsInfo {
        CaptionsInfo {
            captions_id: self.id.clone(),
            session_id: self.session_id.clone(),
            status: self.status.clone(),
            language_code: self.language_code.clone(),
            max_duration_secs: self.max_duration_ms / 1000,
            partial_captions: self.partial_captions,
            status_callback_url: self.status_callback_url.clone(),
        }
    }
}

impl World {
    /// Stops every captioning whose `maxDuration` has passed on the server's clock (of the running ones).
    pub fn expire_captions(&mut self) {
        let now = self.now();
        for key in self.captions.live() {
            let captioning = &self.captions[key];
            let ends_at = captioning.created_at.saturating_add(captioning.max_duration_ms);
            if captioning.status == "started" && now >= ends_at {
                self.captions[key].end("stopped", "Max Duration Exceeded", ends_at);
            }
        }
    }

    /// True if a captioning of `session_id` is running.
    pub fn captions_running(&mut self, session_id: &str) -> bool {
        self.expire_captions();
        self.captions.of_session(session_id).into_iter().any(|k| self.captions[k].status == "started")
    }

    /// Records a started captioning and returns its id.
    pub fn start_captions(
        &mut self,
        session_id: String,
        language_code: String,
        max_duration_ms: i64,
        partial_captions: bool,
        status_callback_url: Option<String>,
    ) -> String {
        let id = ids::uuid();
        let created_at = self.now();
        self.captions.push(Captioning {
            id: id.clone(),
            session_id,
            language_code,
            max_duration_ms,
            partial_captions,
            status_callback_url,
            created_at,
            updated_at: created_at,
            status: "started".into(),
            reason: None,
            reported_status: String::new(),
            history: StatusHistory::starting("started", created_at),
        });
        id
    }

    /// Stops a running captioning; `false` if it is unknown or already stopped.
    pub fn stop_captions(&mut self, captions_id: &str) -> bool {
        self.end_captions(captions_id, "stopped", "Stop Requested")
    }

    /// Ends a running captioning with `status` (`stopped` or `failed`) and `reason`; `false` if it is
    /// unknown or has ended.
    pub fn end_captions(&mut self, captions_id: &str, status: &str, reason: &str) -> bool {
        self.expire_captions();
        let now = self.now();
        match self.captions.find(captions_id).filter(|&k| self.captions[k].status == "started") {
            Some(key) => {
                self.captions[key].end(status, reason, now);
                true
            }
            None => false,
        }
    }
}
