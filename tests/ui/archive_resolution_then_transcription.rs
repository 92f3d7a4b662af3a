// Post-call transcription is for individual archives only.
#![allow(unused_imports)]
use opentok_sdk::archive::{OutputMode, Resolution, TranscriptionProperties};
use opentok_sdk::captions::LanguageCode;

fn props() -> TranscriptionProperties {
    TranscriptionProperties::builder().primary_language_code(LanguageCode::EN_US).build()
}

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).resolution(Resolution::Hd720Landscape).transcription(props()).send().await;
}

fn main() {}
