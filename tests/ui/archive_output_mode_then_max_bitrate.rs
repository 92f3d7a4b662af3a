// With the mode chosen at run time, composed-only options go through `.if_composed(..)`.
use opentok_sdk::archive::OutputMode;

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).output_mode(OutputMode::Composed).max_bitrate(2_000_000).send().await;
}

fn main() {}
