//! Post-call transcription on archive start: `hasTranscription` and `transcriptionProperties`, only for
//! individual archives with audio.

use serde_json::{Map, Value};

use super::body::{opt_bool, opt_str};
use super::error::ApiError;
use crate::state::transcription::TranscriptionOptions;

/// Reads the transcription fields of an archive start body, given the archive's output mode and audio.
pub(crate) fn parse(
    body: &Map<String, Value>,
    composed: bool,
    has_audio: bool,
) -> Result<Option<TranscriptionOptions>, ApiError> {
    if opt_bool(body, "hasTranscription")? != Some(true) {
        return Ok(None);
    }
    if composed || !has_audio {
        return Err(ApiError::bad_request("Transcription is only supported for individual archives with audio"));
    }
    let mut options = TranscriptionOptions { primary_language_code: "en-US".into(), has_summary: false };
    match body.get("transcriptionProperties") {
        None | Some(Value::Null) => {}
        Some(Value::Object(properties)) => {
            if let Some(code) = opt_str(properties, "primaryLanguageCode")? {
                if !code.split_once('-').is_some_and(|(l, r)| (2..=3).contains(&l.len()) && !r.is_empty()) {
                    return Err(ApiError::bad_request(format!("Invalid primaryLanguageCode {code:?}")));
                }
                options.primary_language_code = code.to_string();
            }
            options.has_summary = opt_bool(properties, "hasSummary")?.unwrap_or(false);
        }
        Some(_) => return Err(ApiError::bad_request("Invalid transcriptionProperties: must be an object")),
    }
    Ok(Some(options))
}
