//! Live Captions: one running captioning per session, stopped by request or at its `maxDuration`.

use super::{ids, World};

/// A captioning as started.
pub(crate) struct Captioning {
    pub id: String,
    pub session_id: String,
    pub language_code: String,
    pub max_duration_ms: i64,
    pub partial_captions: bool,
    pub status_callback_url: Option<String>,
    pub created_at: i64,
    /// `started` or `stopped`.
    pub status: String,
}

/// A captioning, as [`crate::TestServer::captions`] shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CaptionsInfo {
    /// The captions id.
    pub captions_id: String,
    /// The session captioned.
    pub session_id: String,
    /// `started` or `stopped`.
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

impl Captioning {
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
    /// Stops every captioning whose `maxDuration` has passed on the server's clock.
    pub fn expire_captions(&mut self) {
        let now = self.now();
        for captioning in self.captions.iter_mut().filter(|c| c.status == "started") {
            if now.saturating_sub(captioning.created_at) >= captioning.max_duration_ms {
                captioning.status = "stopped".into();
            }
        }
    }

    /// True if a captioning of `session_id` is running.
    pub fn captions_running(&mut self, session_id: &str) -> bool {
        self.expire_captions();
        self.captions.iter().any(|c| c.status == "started" && c.session_id == session_id)
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
            status: "started".into(),
        });
        id
    }

    /// Stops a running captioning; `false` if it is unknown or already stopped.
    pub fn stop_captions(&mut self, captions_id: &str) -> bool {
        self.expire_captions();
        match self.captions.iter_mut().find(|c| c.id == captions_id && c.status == "started") {
            Some(captioning) => {
                captioning.status = "stopped".into();
                true
            }
            None => false,
        }
    }
}
