// The transcription's language is required: the builder does not build without it.
use opentok_sdk::archive::TranscriptionProperties;

fn main() {
    let _ = TranscriptionProperties::builder().has_summary(true).build();
}
