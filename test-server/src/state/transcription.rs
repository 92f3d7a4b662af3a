//! Post-call transcription of an individual archive: `requested` until the archive is available, then
//! `available` with a URL (`failed` with a failed archive).

use serde_json::{json, Value};

use super::archives::Archive;

/// The transcription asked for at an archive's start.
pub(crate) struct TranscriptionOptions {
    pub primary_language_code: String,
    pub has_summary: bool,
}

impl Archive {
    /// The archive's `transcription` object, following the archive's status.
    pub fn transcription_json(&self, base_url: &str) -> Option<Value> {
        let options = self.transcription.as_ref()?;
        let mut value = json!({
            "status": "requested",
            "primaryLanguageCode": options.primary_language_code,
            "hasSummary": options.has_summary,
        });
        match self.status.as_str() {
            "available" => {
                value["status"] = json!("available");
                value["url"] = json!(format!("{base_url}/_test/archive/{}/transcription.json", self.id));
            }
            "failed" => {
                value["status"] = json!("failed");
                value["reason"] = json!("The archive failed");
            }
            _ => {}
        }
        Some(value)
    }
}
