// A composed-only option makes the archive composed: the mode can no longer be given as a value.
use opentok_sdk::archive::{OutputMode, Resolution};

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ =
        ot.start_archive(&sid).resolution(Resolution::Hd720Landscape).output_mode(OutputMode::Individual).send().await;
}

fn main() {}
