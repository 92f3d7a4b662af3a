// The output mode is chosen once.
use opentok_sdk::archive::OutputMode;

async fn f(ot: opentok_sdk::OpenTok, sid: opentok_sdk::SessionId) {
    let _ = ot.start_archive(&sid).individual().output_mode(OutputMode::Composed).send().await;
}

fn main() {}
